// `negah/normalize` in browsers and bundlers: only the normalizer, in its own much smaller wasm
// (normalize_bg.wasm: no entity model, no gazetteers, no quote rules). `await init()` once,
// then `normalize`. Node gets normalize-node.js (no init).
import * as glue from "./normalize_bindgen.js";
import { bindModule, MAX_INPUT_BYTES, maxInputBytes } from "./api.js";

const api = bindModule(glue, ["normalize", "version"]);

export { MAX_INPUT_BYTES, maxInputBytes };
export default api.init;
export const { initSync, normalize, version } = api;
