// Shared by every entry point of the package (negah.js, node.js, normalize.js …): the load
// state of one wasm-bindgen module and the functions around it, so that a call made before the
// module is loaded says what to do instead of failing deep inside the generated glue
// (`Cannot read properties of undefined (reading '__wbindgen_malloc')`).

/** The largest input, in UTF-8 bytes, that `analyze` and `normalize` accept: the core's limit
 * (`MAX_INPUT_BYTES` in the Rust crate). The build checks that it equals the wasm's own. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** The same figure as a function (the wasm's `maxInputBytes`), usable before init. */
export function maxInputBytes() {
  return MAX_INPUT_BYTES;
}

/**
 * Wraps a wasm-bindgen `--target web` module.
 *
 * @param {object} glue the generated module: `default` (async init), `initSync`, the functions
 * @param {string[]} names the functions to expose
 * @param {(() => BufferSource | WebAssembly.Module) | undefined} local where the bytes are when
 *   the caller gives none and they can be had synchronously (Node: read from disk). Without it
 *   (browsers) a call before `init()` throws an error that says to call it.
 */
export function bindModule(glue, names, local) {
  let ready = false;
  let loading;

  function initSync(options) {
    if (ready) return;
    if (options === undefined && !local) {
      throw new TypeError("negah: initSync({ module }) needs the wasm bytes or a compiled WebAssembly.Module");
    }
    glue.initSync(options === undefined ? { module: local() } : argument(options, "module"));
    ready = true;
  }

  /** Loads the module (once; later calls return at once). */
  async function init(options) {
    if (ready) return;
    if (local && options === undefined) return initSync();
    loading ??= glue.default(options === undefined ? undefined : argument(options, "module_or_path")).then(
      () => { ready = true; },
      (e) => { loading = undefined; throw e; },
    );
    return loading;
  }

  function need(name) {
    if (ready) return;
    if (local) return initSync();
    throw new Error(
      `negah: ${name}() was called before the WebAssembly module was loaded: call \`await init()\` once first` +
        (loading ? " and wait for it to resolve" : ""),
    );
  }

  const api = { init, initSync };
  for (const name of names) {
    api[name] = (...args) => {
      need(name);
      return glue[name](...args);
    };
  }
  return api;
}

/** `{ [key]: value }` as wasm-bindgen's current call form wants it; a bare URL, bytes or module
 * (the older form, which the glue accepts with a deprecation warning) is wrapped, not refused. */
function argument(options, key) {
  if (options !== null && typeof options === "object" && key in options) return options;
  return { [key]: options };
}
