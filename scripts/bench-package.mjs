// Load and call times of the npm package (pkg/) on the page's sample (www/sample.txt), in Node
// and in headless Chromium: `node scripts/bench-package.mjs [runs]`. Prints a Markdown table.
//
// Each run starts cold: a new Node process, a new browser context (no HTTP or code cache).
// - init: loading the wasm (Node: read + compile + instantiate through the Node entry's first
//   call path; Chromium: `await init()`, fetch + streaming compile + instantiate);
// - first analyze: the first call, which also builds the lazily loaded lists and the model;
// - analyze: the median of 20 further calls;
// - the same for the normalizer-only build (`negah/normalize`);
// - worker: `createAnalyzer()` first call (spawn + load + analyze) and the median of 10 more.
// The figure per cell is the median over the runs.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const RUNS = Number(process.argv[2] ?? 5);
const SAMPLE = readFileSync(join(root, "www/sample.txt"), "utf8");

/** The measuring code, the same in Node and the browser; `load` differs. */
const PROBE = `
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const time = async (f) => { const t = performance.now(); await f(); return performance.now() - t; };
  export async function probe(full, small, loadFull, loadSmall, text) {
    const r = {};
    r.init = await time(loadFull);
    r.first = await time(() => full.analyze(text));
    const xs = [];
    for (let i = 0; i < 20; i++) xs.push(await time(() => full.analyze(text)));
    r.analyze = median(xs);
    r.smallInit = await time(loadSmall);
    r.smallFirst = await time(() => small.normalize(text));
    const ys = [];
    for (let i = 0; i < 20; i++) ys.push(await time(() => small.normalize(text)));
    r.normalize = median(ys);
    const an = full.createAnalyzer();
    r.workerFirst = await time(() => an.analyze(text));
    const zs = [];
    for (let i = 0; i < 10; i++) zs.push(await time(() => an.analyze(text)));
    r.worker = median(zs);
    an.terminate();
    return r;
  }
`;

const site = mkdtempSync(join(tmpdir(), "negah-bench-"));
cpSync(join(root, "pkg"), join(site, "pkg"), { recursive: true });
writeFileSync(join(site, "probe.js"), PROBE);
writeFileSync(join(site, "index.html"), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module">
  import * as full from "./pkg/negah.js";
  import * as small from "./pkg/normalize.js";
  import { probe } from "./probe.js";
  window.result = probe(full, small, () => full.default(), () => small.default(),
    await (await fetch("./sample.txt")).text());
</script>`);
writeFileSync(join(site, "sample.txt"), SAMPLE);
writeFileSync(join(site, "node-run.mjs"), `
  import * as full from "./pkg/node.js";
  import * as small from "./pkg/normalize-node.js";
  import { probe } from "./probe.js";
  import { readFileSync } from "node:fs";
  const text = readFileSync(new URL("./sample.txt", import.meta.url), "utf8");
  console.log(JSON.stringify(await probe(full, small, () => full.initSync(), () => small.initSync(), text)));
`);

const node = [];
for (let i = 0; i < RUNS; i++) {
  node.push(JSON.parse(execFileSync(process.execPath, [join(site, "node-run.mjs")], { encoding: "utf8" })));
}

const { chromium } = await import("playwright-core");
const { serve } = await import("./serve.mjs");
const { server, url } = await serve({ root: site, port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const chrome = [];
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.result);
  chrome.push(await page.evaluate(() => window.result));
  await context.close();
}
await browser.close();
server.close();

const med = (rs, k) => rs.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(rs.length / 2)];
const ms = (x) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
const rows = [
  ["init (load the full wasm)", "init"],
  ["first `analyze`", "first"],
  ["`analyze` (median of 20)", "analyze"],
  ["init, `negah/normalize`", "smallInit"],
  ["first `normalize`, `negah/normalize`", "smallFirst"],
  ["`normalize` (median of 20), `negah/normalize`", "normalize"],
  ["worker: first `analyze` (spawn + load + run)", "workerFirst"],
  ["worker: `analyze` (median of 10)", "worker"],
];
console.log(`sample: www/sample.txt, ${SAMPLE.length} characters; ${RUNS} cold runs each; median, ms`);
console.log("| | Node " + process.version + " | Chromium " + browser.version() + " |");
console.log("|---|---|---|");
for (const [label, k] of rows) console.log(`| ${label} | ${ms(med(node, k))} | ${ms(med(chrome, k))} |`);
