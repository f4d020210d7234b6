// The Web Worker of `createAnalyzer()` in browsers (a module worker). Bundlers (Vite, webpack)
// find it through `new Worker(new URL("./worker.js", import.meta.url), { type: "module" })` in
// negah.js and bundle it with the wasm it loads.
import * as glue from "./negah_bindgen.js";
import { serve } from "./worker-core.js";

const onMessage = serve(
  glue,
  async (module) => {
    if (module) glue.initSync({ module });
    else await glue.default();
    return glue.default.__wbindgen_wasm_module;
  },
  (msg, transfer) => self.postMessage(msg, transfer ?? []),
);
self.onmessage = (e) => onMessage(e.data);
