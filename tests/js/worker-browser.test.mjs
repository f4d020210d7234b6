// The browser entry as the page uses it (no bundler: the browser files of pkg/ served as
// www/pkg/ serves them), in headless Chromium: the "call `await init()` first" error, the worker
// client's results against the synchronous functions on the main thread, cancellation, and an
// error class crossing from the worker.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const SEED = readFileSync(join(root, "tests/fixtures/seed_article.txt"), "utf8");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let server, url, browser, page;
const problems = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), `no browser at ${CHROMIUM}: run scripts/tools.sh --browser`);
  assert.ok(existsSync(join(root, "www/pkg/worker.js")), "www/pkg is not built: run `make build`");
  const site = mkdtempSync(join(tmpdir(), "negah-worker-"));
  cpSync(join(root, "www/pkg"), join(site, "pkg"), { recursive: true });
  writeFileSync(join(site, "index.html"), `<!doctype html><meta charset="utf-8"><title>worker</title><link rel="icon" href="data:,">
<script type="module">
  import * as negah from "./pkg/negah.js";
  window.negah = negah;
  window.loaded = true;
</script>`);
  // The test page's inline module script is its own: no policy header for it.
  ({ server, url } = await serve({ root: site, port: 0, csp: null }));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  page = await browser.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  await page.goto(url);
  await page.waitForFunction(() => window.loaded);
});

after(async () => {
  await browser?.close();
  server?.close();
});

test("a call before init says to call `await init()`", async () => {
  const message = await page.evaluate(() => {
    try { window.negah.analyze("x"); return "no error"; } catch (e) { return e.message; }
  });
  assert.match(message, /call `await init\(\)` once first/);
});

test("the worker's results equal the main thread's, and cancelling works", async () => {
  const out = await page.evaluate(async (seed) => {
    const { createAnalyzer, default: init, analyze } = window.negah;
    const an = createAnalyzer();
    const stages = [];
    const viaWorker = await an.analyze(seed, null, { onProgress: (p) => stages.push(p.stage) });
    await init();
    const same = JSON.stringify(viaWorker) === JSON.stringify(analyze(seed));
    // Cancel a long call once it runs; the next call gets a fresh worker.
    const ctl = new AbortController();
    let running;
    const ran = new Promise((ok) => (running = ok));
    const long = an.analyze(seed.repeat(30), null, {
      signal: ctl.signal, onProgress: (p) => p.stage === "running" && running(),
    });
    await ran;
    ctl.abort();
    const aborted = await long.then(() => "resolved", (e) => e.name);
    const after = await an.normalize("كتاب ۱2", { digits: "ascii" });
    const typeError = await an.analyze(42).then(() => "resolved", (e) => `${e.constructor.name}: ${e.message}`);
    an.terminate();
    return { same, stages, aborted, after: after.text, typeError, quotes: viaWorker.quotes.length };
  }, SEED);
  assert.ok(out.same, "worker result differs from the synchronous one");
  assert.ok(out.quotes > 0);
  assert.deepEqual(out.stages, ["loading", "running"]);
  assert.equal(out.aborted, "AbortError");
  assert.equal(out.after, "کتاب 12");
  assert.equal(out.typeError, "TypeError: negah.analyze: expected the text as a string, got number");
  assert.deepEqual(problems, []);
});
