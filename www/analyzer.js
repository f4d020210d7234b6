// The page's analysis client: requests go to a Web Worker (worker.js) and come back as
// promises; cancelling ends the worker (a running wasm call cannot be interrupted any other
// way) and the next request starts a fresh one. Where no worker can be made (a browser that
// refuses a worker for the page's origin), the wasm runs on the main thread and `mode` says so.

/**
 * @param {{ makeWorker?: () => Worker, wasm?: BufferSource | WebAssembly.Module,
 *           mainThread?: () => Promise<object> }} how
 *   `makeWorker` builds the worker; `wasm` is handed to it when there is no URL to fetch the
 *   module from; `mainThread` loads the package on the main thread (the fallback).
 */
export function createAnalyzer({ makeWorker, wasm, mainThread } = {}) {
  let worker = null;
  let ready = null;
  let seq = 0;
  const pending = new Map();
  let local = null;
  const client = { mode: "worker" };

  function spawn() {
    worker = makeWorker();
    worker.onmessage = ({ data }) => {
      const p = pending.get(data.id);
      if (!p) return;
      if (data.head) {
        // A large result in parts: keep the head, append each chunk, resolve on `done`.
        p.result = data.head;
        p.ms = data.ms;
        return;
      }
      if (data.key) {
        for (const item of data.items) p.result[data.key].push(item);
        return;
      }
      pending.delete(data.id);
      if (data.done) p.ok({ result: p.result, ms: p.ms });
      else if (data.ok) p.ok({ result: data.result, ms: data.ms });
      else p.fail(new Error(data.error));
    };
    worker.onerror = (ev) => {
      ev.preventDefault?.();
      const err = new Error(ev.message || "the analysis worker failed to start");
      for (const p of pending.values()) p.fail(err);
      pending.clear();
      worker?.terminate();
      worker = null;
      ready = null;
    };
    ready = call("init", { wasm });
    return ready;
  }

  function call(op, payload = {}) {
    const id = ++seq;
    return new Promise((ok, fail) => {
      pending.set(id, { ok, fail });
      worker.postMessage({ id, op, ...payload });
    });
  }

  async function request(op, payload, signal) {
    if (signal?.aborted) throw abortError();
    if (client.mode === "main") return runLocal(op, payload);
    try {
      if (!worker) await spawn();
      else await ready;
    } catch (e) {
      if (!mainThread) throw e;
      client.mode = "main";
      return runLocal(op, payload);
    }
    const done = call(op, payload);
    if (!signal) return done;
    return new Promise((ok, fail) => {
      const onAbort = () => {
        client.cancel();
        fail(abortError());
      };
      signal.addEventListener("abort", onAbort, { once: true });
      done.then(ok, fail).finally(() => signal.removeEventListener("abort", onAbort));
    });
  }

  async function runLocal(op, payload) {
    local ??= mainThread();
    const negah = await local;
    const t0 = performance.now();
    const result = op === "analyze" ? negah.analyze(payload.text, payload.options ?? undefined)
      : { version: negah.version(), maxInputBytes: negah.maxInputBytes?.() ?? null };
    return { result, ms: performance.now() - t0 };
  }

  /** Analyzes `text`; resolves to `{ result, ms }`. `signal` aborts it. */
  client.analyze = (text, options, { signal } = {}) => request("analyze", { text, options }, signal);
  /** `{ version, maxInputBytes }` of the loaded package. */
  client.info = () => request("info", {});
  /** Stops whatever runs now; pending requests fail with an AbortError. */
  client.cancel = () => {
    if (!worker) return;
    worker.terminate();
    worker = null;
    ready = null;
    for (const p of pending.values()) p.fail(abortError());
    pending.clear();
  };
  return client;
}

function abortError() {
  return new DOMException("the analysis was cancelled", "AbortError");
}
