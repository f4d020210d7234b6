// The worker side of the worker client (client.js holds the protocol): loads the wasm once,
// then runs one call per message and posts the result as UTF-8 JSON bytes made inside the wasm,
// transferring their buffer (no copy). Shared by worker.js (browsers) and node-worker.js.

/**
 * @param {object} glue the wasm-bindgen module (`analyze_json`, `normalize_json`, `version`;
 *   `analyze` for results in parts)
 * @param {(module?: WebAssembly.Module) => WebAssembly.Module | Promise<WebAssembly.Module>} load
 *   instantiates the wasm (from the given compiled module when there is one) and returns the
 *   compiled module, which the client keeps for the next worker
 * @param {(msg: object, transfer?: Transferable[]) => void} post
 * @returns {(msg: object) => void} the message handler
 */
/** Items per message of a result sent in parts. */
const CHUNK = 1500;

export function serve(glue, load, post) {
  let loaded;
  const encoder = new TextEncoder();
  const ops = {
    analyze: (text, options) => glue.analyze_json(text, options),
    normalize: (text, options) => glue.normalize_json(text, options),
    version: () => encoder.encode(JSON.stringify(glue.version())),
  };

  /** An analysis in parts: the head (every field, long arrays empty), then each long array in
   * chunks, then `done`. */
  function sendParts(id, value) {
    const long = Object.keys(value).filter((k) => Array.isArray(value[k]) && value[k].length > CHUNK);
    post({ type: "head", id, value: { ...value, ...Object.fromEntries(long.map((k) => [k, []])) } });
    for (const key of long) {
      for (let i = 0; i < value[key].length; i += CHUNK) post({ type: "part", id, key, items: value[key].slice(i, i + CHUNK) });
    }
    post({ type: "done", id });
  }

  function run({ id, op, text, options, parts }) {
    post({ type: "progress", id, stage: "running" });
    try {
      const fn = ops[op];
      if (!fn) throw new TypeError(`negah: this worker has no operation ${op}`);
      if (parts && op === "analyze") {
        sendParts(id, glue.analyze(text, options));
        return;
      }
      const bytes = fn(text, options);
      post({ type: "done", id, bytes }, [bytes.buffer]);
    } catch (e) {
      // A trap (WebAssembly.RuntimeError) is a bug in Negah and may leave the instance broken:
      // `fatal` makes the client replace this worker.
      const fatal = typeof WebAssembly !== "undefined" && e instanceof WebAssembly.RuntimeError;
      post({ type: "error", id, name: e?.name ?? "Error", message: String(e?.message ?? e), fatal });
    }
  }

  return (msg) => {
    if (msg.type === "init") {
      loaded = (async () => load(msg.module ?? undefined))();
      loaded.then(
        (module) => post({ type: "ready", module }),
        (e) => post({ type: "error", name: "Error", fatal: true,
          message: `negah: the worker could not load the WebAssembly module: ${e?.message ?? e}` }),
      );
    } else if (msg.type === "run") {
      loaded.then(() => run(msg), () => {});
    }
  };
}
