// The worker client behind `createAnalyzer()`: the same API as the synchronous functions, but
// every call returns a promise and runs in a worker (a Web Worker in browsers, a worker_threads
// Worker in Node), so the page's main thread never blocks on a long article.
//
// - Calls run one at a time, in order; the others wait in a queue here (not in the worker's
//   message queue, so that a waiting call can be dropped without touching the worker).
// - Results travel once: the worker serializes the result to UTF-8 JSON inside the wasm and
//   transfers the bytes' ArrayBuffer (no copy); this side parses it once. Structured clone of
//   the object would cost a conversion into JS objects in the worker, then a copy.
// - Cancelling (an AbortSignal per call): a waiting call is dropped; a running one terminates
//   the worker, since wasm cannot be interrupted, and the next call starts a new worker from
//   the module the first one compiled (sent back to us with its "ready" message).
// - Progress: each call reports "queued", "loading" (the worker is still instantiating the
//   wasm) and "running" to its `onProgress`.
// - Parts (`parts: true`, what the page uses): the worker sends an analysis as a head and its
//   long arrays in chunks, each a message of its own, so the receiving side unpacks a large
//   result in many short tasks instead of one long JSON.parse (1 MB of text makes 7 MB of
//   JSON: 100-400 ms in one task). It costs a structured clone per chunk instead of the
//   transfer.
// Protocol (worker-core.js is the other side):
//   → { type: "init", module? }           → { type: "ready", module }
//   → { type: "run", id, op, text, options, parts? }
//   ← { type: "progress", id, stage } ← { type: "done", id, bytes } ← { type: "error", id?, name, message, fatal }
//   with parts: ← { type: "head", id, value } ← { type: "part", id, key, items } … ← { type: "done", id }

/** Error classes that cross the worker boundary by name. */
const ERRORS = { TypeError, RangeError, SyntaxError, Error };

/**
 * @param {() => any} spawn makes a new worker (a Web Worker or a worker_threads Worker)
 * @param {string[]} ops the operations the worker offers ("analyze", "normalize", "version")
 * @param {{ module?: WebAssembly.Module | BufferSource, parts?: boolean }} [how] `module`: the
 *   wasm for the first worker when it has no URL to load it from (a single-file page);
 *   `parts`: results in parts (see above)
 */
export function createClient(spawn, ops, { module: first, parts = false } = {}) {
  const queue = [];
  const decoder = new TextDecoder();
  let worker = null; // { w, node, loaded }
  let running = null; // the call the worker is running
  let module = first; // the compiled WebAssembly.Module, once a worker has loaded it
  let closed = false;
  let seq = 0;

  function start() {
    const w = spawn();
    const node = typeof w.on === "function";
    const state = { w, node, loaded: false };
    const onMessage = (msg) => {
      if (worker === state) receive(msg);
    };
    const onFail = (err) => {
      if (worker === state) crash(err);
    };
    if (node) {
      w.on("message", onMessage);
      w.on("error", (e) => onFail(e));
      w.on("exit", (code) => onFail(new Error(`negah: the worker stopped (exit code ${code})`)));
    } else {
      w.onmessage = (e) => onMessage(e.data);
      w.onerror = (e) => {
        e.preventDefault?.();
        onFail(new Error(`negah: the worker failed: ${e.message || "its script could not be loaded (worker.js must be served next to negah.js)"}`));
      };
      w.onmessageerror = () => onFail(new Error("negah: a message from the worker could not be read"));
    }
    worker = state;
    w.postMessage({ type: "init", module });
  }

  function kill() {
    if (!worker) return;
    const { w } = worker;
    worker = null;
    w.terminate();
  }

  function finish(job) {
    job.signal?.removeEventListener("abort", job.abort);
    return job;
  }

  function report(job, stage) {
    try {
      job.onProgress?.({ stage });
    } catch (e) {
      // A throwing progress callback is the caller's bug; it must not break the queue.
      setTimeout(() => { throw e; });
    }
  }

  function receive(msg) {
    if (msg.type === "ready") {
      module ??= msg.module;
      worker.loaded = true;
      return;
    }
    const job = running;
    if (!job || (msg.id !== undefined && msg.id !== job.id)) return;
    if (msg.type === "progress") return report(job, msg.stage);
    if (msg.type === "head") {
      job.value = msg.value;
      return;
    }
    if (msg.type === "part") {
      const list = job.value[msg.key];
      for (const item of msg.items) list.push(item);
      return;
    }
    running = null;
    if (msg.type === "done" && job.value !== undefined) {
      finish(job).resolve(job.value);
    } else if (msg.type === "done") {
      let value;
      try {
        value = JSON.parse(decoder.decode(msg.bytes));
      } catch (e) {
        finish(job).reject(e);
        return pump();
      }
      finish(job).resolve(value);
    } else {
      const Class = ERRORS[msg.name] ?? Error;
      finish(job).reject(new Class(msg.message));
      // A trap (a bug) or a module that would not load: this worker is not to be trusted.
      if (msg.fatal) {
        const unloaded = !worker.loaded;
        kill();
        if (unloaded) rejectAll(new Error(msg.message));
      }
    }
    pump();
  }

  function crash(err) {
    const unloaded = !worker.loaded;
    kill();
    const job = running;
    running = null;
    if (job) finish(job).reject(err);
    // A worker that never loaded will not load the next time either: fail what waits.
    if (unloaded) rejectAll(err);
    pump();
  }

  function rejectAll(err) {
    for (const job of queue.splice(0)) finish(job).reject(err);
  }

  function pump() {
    if (running || closed) return;
    const job = queue.shift();
    if (!job) {
      if (worker?.node) worker.w.unref(); // an idle worker must not keep Node running
      return;
    }
    if (!worker) start();
    if (worker.node) worker.w.ref();
    running = job;
    if (!worker.loaded) report(job, "loading");
    try {
      worker.w.postMessage({ type: "run", id: job.id, op: job.op, text: job.text, options: job.options, parts });
    } catch (e) {
      // Options that cannot be cloned (a function in them): the caller's error, not the worker's.
      running = null;
      finish(job).reject(new TypeError(`negah.${job.op}: the arguments cannot be sent to the worker: ${e.message}`));
      pump();
    }
  }

  function cancel(job) {
    if (running === job) {
      running = null;
      kill();
    } else {
      const i = queue.indexOf(job);
      if (i < 0) return;
      queue.splice(i, 1);
    }
    finish(job).reject(job.signal.reason);
    pump();
  }

  function call(op, text, options, { signal, onProgress } = {}) {
    return new Promise((resolve, reject) => {
      if (closed) throw new Error("negah: this analyzer was terminated");
      signal?.throwIfAborted();
      const job = { id: ++seq, op, text, options: options ?? undefined, resolve, reject, signal, onProgress };
      if (signal) {
        job.abort = () => cancel(job);
        signal.addEventListener("abort", job.abort, { once: true });
      }
      queue.push(job);
      if (running) report(job, "queued");
      pump();
    });
  }

  const client = {
    /** Stops the worker for good; calls still waiting or running are rejected. */
    terminate() {
      if (closed) return;
      closed = true;
      kill();
      const err = new Error("negah: the analyzer was terminated");
      if (running) finish(running).reject(err);
      running = null;
      rejectAll(err);
    },
  };
  for (const op of ops) {
    client[op] = op === "version"
      ? (how) => call(op, "", undefined, how)
      : (text, options, how) => call(op, text, options, how);
  }
  return client;
}
