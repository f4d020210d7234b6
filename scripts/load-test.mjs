// Loads the optimized package in Node and runs it once through each entry (ESM browser entry
// with initSync, the Node entry without init, the CommonJS build of it), so that a wasm-opt that
// corrupts the module (Debian's binaryen does) or a broken entry fails the build instead of the
// page. Also checks that the JS limit constant is the core's.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const dir = resolve(process.argv[2] ?? "pkg");
const check = (mod, how) => {
  const a = mod.analyze("وزير دفاع گفت: اجازه نخواهیم داد.");
  const q = a.quotes[0];
  if (a.normalized !== "وزیر دفاع گفت: اجازه نخواهیم داد." || !q || !q.content.text.startsWith("اجازه نخواهیم داد")) {
    console.error(JSON.stringify(a, null, 2));
    throw new Error(`the optimized module loads but analyzes wrongly (${how})`);
  }
};

const web = await import(pathToFileURL(`${dir}/negah.js`).href);
web.initSync({ module: readFileSync(`${dir}/negah_bg.wasm`) });
check(web, "negah.js");
const glue = await import(pathToFileURL(`${dir}/negah_bindgen.js`).href);
if (glue.maxInputBytes() !== web.MAX_INPUT_BYTES || web.maxInputBytes() !== web.MAX_INPUT_BYTES) {
  throw new Error(`MAX_INPUT_BYTES in pkg-template/api.js is ${web.MAX_INPUT_BYTES}, the core's limit is ${glue.maxInputBytes()}: update api.js`);
}
check(await import(pathToFileURL(`${dir}/node.js`).href), "node.js");
const require = createRequire(import.meta.url);
check(require(`${dir}/node.cjs`), "node.cjs");

// The normalizer-only build: the same normalization as the full one, and no analyze.
const sample = "كتابهاي 12 ما";
const expected = JSON.stringify(web.normalize(sample));
const small = await import(pathToFileURL(`${dir}/normalize.js`).href);
small.initSync({ module: readFileSync(`${dir}/normalize_bg.wasm`) });
for (const [mod, how] of [[small, "normalize.js"], [await import(pathToFileURL(`${dir}/normalize-node.js`).href), "normalize-node.js"],
  [require(`${dir}/normalize-node.cjs`), "normalize-node.cjs"]]) {
  if (JSON.stringify(mod.normalize(sample)) !== expected) throw new Error(`${how} normalizes differently from negah.js`);
}
const smallGlue = await import(pathToFileURL(`${dir}/normalize_bindgen.js`).href);
if ("analyze" in smallGlue || "analyze_json" in smallGlue) throw new Error("the normalizer-only wasm exports analyze");
const size = (f) => readFileSync(`${dir}/${f}`).length;
console.error(`load test ok: negah ${web.version()}, ${size("negah_bg.wasm")} bytes; normalizer only ${size("normalize_bg.wasm")} bytes`);
