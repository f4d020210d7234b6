// `negah/normalize` in Node (normalize-node.cjs is this file built for `require`): the small
// wasm is read from disk on first use, so no init is needed.
import { readFileSync } from "node:fs";
import * as glue from "./normalize_bindgen.js";
import { bindModule, MAX_INPUT_BYTES, maxInputBytes } from "./api.js";

const api = bindModule(glue, ["normalize", "version"], () =>
  readFileSync(new URL("./normalize_bg.wasm", import.meta.url)),
);

export { MAX_INPUT_BYTES, maxInputBytes };
export default api.init;
export const { initSync, normalize, version } = api;
