// The page's analysis engine: the npm package's own worker client (`createAnalyzer`, the same
// one any embedder uses), asked for results in parts so that unpacking a long article's
// analysis never blocks this thread in one long task. Where no worker can run, the package's
// synchronous functions run here on the main thread, and `mode` says so.
//
// The single-file build (`make single`) has no URLs: it carries the wasm as base64 and the
// package's worker bundled as a classic script, in inert data blocks. Its worker is made from
// a blob: URL (Chromium refuses a module worker from a blob: URL in a file:// page, and runs a
// classic one) and is handed the wasm bytes.
import init, * as negah from "./pkg/negah.js";

/** The single file's wasm bytes and worker factory, or null when served. */
function inline() {
  const wasm = document.getElementById("negah-wasm");
  if (!wasm) return null;
  const bytes = Uint8Array.from(atob(wasm.textContent.trim()), (c) => c.charCodeAt(0));
  const code = document.getElementById("negah-worker").textContent;
  const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
  return { bytes, worker: () => new Worker(url) };
}

/** The client's words for a worker that could not start or run (not an error of the text). */
const workerFailed = (e) => /the worker (failed|stopped|could not load)/.test(e?.message ?? "");

export function createEngine() {
  const single = inline();
  const client = negah.createAnalyzer(single ? { parts: true, worker: single.worker, module: single.bytes } : { parts: true });
  let mode = "worker";
  let local = null;

  /** From now on, the main thread. */
  function fallback() {
    mode = "main";
    local ??= single ? Promise.resolve(negah.initSync({ module: single.bytes })) : init();
    return local;
  }

  async function call(viaWorker, here) {
    if (mode === "worker") {
      try {
        return await viaWorker();
      } catch (e) {
        if (!workerFailed(e)) throw e;
        await fallback();
      }
    }
    await local;
    return here();
  }

  return {
    get mode() {
      return mode;
    },
    /** Resolves to `{ result, ms }`; `signal` cancels, `onProgress` hears the client's stages. */
    async analyze(text, options, { signal, onProgress } = {}) {
      const t0 = performance.now();
      const result = await call(() => client.analyze(text, options, { signal, onProgress }), () => {
        signal?.throwIfAborted();
        return negah.analyze(text, options);
      });
      return { result, ms: performance.now() - t0 };
    },
    version: () => call(() => client.version(), () => negah.version()),
    maxInputBytes: () => negah.maxInputBytes(),
  };
}
