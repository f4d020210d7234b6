// The worker_threads worker of `createAnalyzer()` in Node (see worker.js for browsers).
import { readFileSync } from "node:fs";
import { parentPort } from "node:worker_threads";
import * as glue from "./negah_bindgen.js";
import { serve } from "./worker-core.js";

const onMessage = serve(
  glue,
  (module) => {
    const compiled = module ?? new WebAssembly.Module(readFileSync(new URL("./negah_bg.wasm", import.meta.url)));
    glue.initSync({ module: compiled });
    return compiled;
  },
  (msg, transfer) => parentPort.postMessage(msg, transfer),
);
parentPort.on("message", onMessage);
