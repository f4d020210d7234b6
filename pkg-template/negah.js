// The package's browser entry (and every bundler's): `await init()` once, then the synchronous
// functions; or `createAnalyzer()` for the same calls in a Web Worker. Node gets node.js instead
// (the "node" condition in package.json), which needs no init.
import * as glue from "./negah_bindgen.js";
import { bindModule, MAX_INPUT_BYTES, maxInputBytes } from "./api.js";
import { createClient } from "./client.js";

const api = bindModule(glue, ["analyze", "normalize", "version"]);

export { MAX_INPUT_BYTES, maxInputBytes };
export default api.init;
export const initSync = api.initSync;
export const analyze = api.analyze;
export const normalize = api.normalize;
export const version = api.version;

/** The same functions in a Web Worker, returning promises (see client.js). */
export function createAnalyzer(options = {}) {
  return createClient(
    options.worker ??
      (() =>
        options.workerUrl
          ? new Worker(options.workerUrl, { type: "module" })
          : new Worker(new URL("./worker.js", import.meta.url), { type: "module" })),
    ["analyze", "normalize", "version"],
    { module: options.module, parts: options.parts },
  );
}
