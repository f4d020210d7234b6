// The package's Node entry (the "node" condition in package.json; node.cjs is this file built
// for `require`): the wasm is read from disk synchronously on first use, so no init is needed.
// `init()`/`initSync()` still exist (and resolve at once) for code shared with browsers.
import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import * as glue from "./negah_bindgen.js";
import { bindModule, MAX_INPUT_BYTES, maxInputBytes } from "./api.js";
import { createClient } from "./client.js";

const api = bindModule(glue, ["analyze", "normalize", "version"], () =>
  readFileSync(new URL("./negah_bg.wasm", import.meta.url)),
);

export { MAX_INPUT_BYTES, maxInputBytes };
export default api.init;
export const { initSync, analyze, normalize, version } = api;

/** The same functions in a worker_threads Worker, returning promises (see client.js). */
export function createAnalyzer(options = {}) {
  return createClient(
    () => new Worker(options.workerUrl ?? new URL("./node-worker.js", import.meta.url)),
    ["analyze", "normalize", "version"],
  );
}
