// Loads the optimized package in Node and runs it once, so that a wasm-opt that corrupts the
// module (Debian's binaryen does) fails the build instead of the page.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const dir = resolve(process.argv[2] ?? "pkg");
const mod = await import(pathToFileURL(`${dir}/negah.js`).href);
mod.initSync({ module: readFileSync(`${dir}/negah_bg.wasm`) });
const a = mod.analyze("وزير دفاع گفت: اجازه نخواهیم داد.");
const q = a.quotes[0];
if (a.normalized !== "وزیر دفاع گفت: اجازه نخواهیم داد." || !q || !q.content.text.startsWith("اجازه نخواهیم داد")) {
  console.error(JSON.stringify(a, null, 2));
  throw new Error("the optimized module loads but analyzes wrongly");
}
console.error(`load test ok: negah ${mod.version()}, ${readFileSync(`${dir}/negah_bg.wasm`).length} bytes`);
