// The page's analysis worker: loads the wasm once and answers `analyze` requests, so the main
// thread only renders. Messages: { id, op: "init", wasm? } (wasm bytes or a compiled module,
// for the single-file build that has no URL to fetch), { id, op: "analyze", text, options },
// { id, op: "info" }; answers { id, ok, result | error, ms }, or for a large result
// { id, ok, head, ms }, then { id, key, items } per chunk, then { id, ok, done }.
import * as negah from "./pkg/negah.js";

let ready = null;
const start = (wasm) => (ready ??= wasm ? negah.default({ module_or_path: wasm }) : negah.default());

/** Items per message when a result is sent in parts. */
const CHUNK = 1500;

/** Sends a result; a large analysis goes in parts (its long arrays in chunks, then `done`), so
 * that the main thread unpacks it in many short tasks instead of one long one. */
function send(id, result, ms) {
  const long = result && typeof result === "object"
    ? Object.keys(result).filter((k) => Array.isArray(result[k]) && result[k].length > CHUNK) : [];
  if (!long.length) {
    self.postMessage({ id, ok: true, result, ms });
    return;
  }
  self.postMessage({ id, ok: true, head: { ...result, ...Object.fromEntries(long.map((k) => [k, []])) }, ms });
  for (const k of long) {
    for (let i = 0; i < result[k].length; i += CHUNK) self.postMessage({ id, key: k, items: result[k].slice(i, i + CHUNK) });
  }
  self.postMessage({ id, ok: true, done: true });
}

self.onmessage = async ({ data }) => {
  const { id, op } = data;
  try {
    if (op === "init") {
      await start(data.wasm);
      self.postMessage({ id, ok: true, result: null });
      return;
    }
    await start();
    const t0 = performance.now();
    let result;
    if (op === "analyze") result = negah.analyze(data.text, data.options ?? undefined);
    else if (op === "info") result = { version: negah.version(), maxInputBytes: negah.maxInputBytes?.() ?? null };
    else throw new Error(`unknown request ${op}`);
    send(id, result, performance.now() - t0);
  } catch (e) {
    self.postMessage({ id, ok: false, error: e?.message ?? String(e) });
  }
};
