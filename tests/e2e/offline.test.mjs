// End-to-end: offline and installable. The service worker caches every asset on the first
// load: with the network off, a reload still analyzes the sample. A new build served in place
// installs beside the old one and the page offers a reload that brings it in. The single-file
// build (scripts/single.mjs) analyzes the sample from a file:// URL, with no other request.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { serve } from "../../scripts/serve.mjs";
import { negah, root, start, openPage, problemsOf, collect, checkHighlights } from "./harness.mjs";

let env;
const tmp = mkdtempSync(join(tmpdir(), "negah-offline-"));
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const SAMPLE = readFileSync(join(root, "www/sample.txt"), "utf8");

async function sampleAnalyzed(page) {
  await page.click("#sample");
  await page.waitForFunction(() => document.getElementById("input").value.length > 1000
    && document.getElementById("doc").dataset.state === "ready");
  return page.inputValue("#input");
}

test("manifest with icons; the first load fetches each asset once; offline reload works from the service worker's cache", async () => {
  // Downloads per path: network responses with a body (the page's and the service worker's;
  // not those the service worker answered from its cache, nor a revalidation's 304). Requests
  // are observed, not intercepted (interception turns the browser's HTTP cache off, which a
  // real browser has): the page registers the service worker once its first analysis is on
  // screen, and the install's requests revalidate what the page has already downloaded.
  const fetched = new Map();
  const onContext = (c) => c.on("requestfinished", async (r) => {
    const res = await r.response().catch(() => null);
    const sizes = await r.sizes().catch(() => null);
    if (res && !res.fromServiceWorker() && sizes?.responseBodySize > 0) {
      const path = new URL(r.url()).pathname;
      fetched.set(path, (fetched.get(path) ?? 0) + 1);
    }
  });
  const { context, page, problems } = await openPage(env.browser, `${env.url}?sample`, { onContext, observe: true });
  const manifest = await (await page.request.get(new URL("manifest.webmanifest", env.url).href)).json();
  assert.equal(manifest.start_url, "./");
  for (const icon of manifest.icons) {
    const r = await page.request.get(new URL(icon.src, env.url).href);
    assert.equal(r.status(), 200, icon.src);
    if (icon.type === "image/png") assert.deepEqual([...(await r.body()).subarray(1, 4)], [0x50, 0x4e, 0x47]);
  }
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  const cached = await page.evaluate(async () => {
    const keys = await caches.keys();
    const c = await caches.open(keys.find((k) => k.startsWith("negah-")));
    return (await c.keys()).map((r) => new URL(r.url).pathname);
  });
  for (const asset of ["/", "/app.bundle.js", "/boot.js", "/pkg/worker.js", "/pkg/negah_bindgen.js", "/pkg/negah_bg.wasm", "/fonts/Vazirmatn-wght.woff2", "/sample.txt", "/style.css"]) {
    assert.ok(cached.includes(asset), `${asset} cached (have ${cached.join(" ")})`);
  }
  // The install filled its cache from what the page had loaded: one download each. (The
  // browser does not report a dedicated worker's own script, pkg/worker.js, to Playwright;
  // the build bundles it with its imports, so the worker fetches nothing else.)
  await page.waitForTimeout(300); // the last requestfinished events
  assert.ok(!cached.includes("/pkg/worker-core.js"), "the worker's imports are bundled into its script");
  for (const asset of ["/pkg/negah_bg.wasm", "/boot.js", "/app.bundle.js", "/sample.txt", "/fonts/Vazirmatn-wght.woff2"]) {
    assert.equal(fetched.get(asset), 1, `${asset} downloaded once (downloads: ${JSON.stringify([...fetched])})`);
  }

  await context.setOffline(true);
  await page.reload();
  await page.waitForFunction(() => document.getElementById("version").textContent !== "");
  assert.equal(await sampleAnalyzed(page), SAMPLE);
  checkHighlights(await collect(page), negah.analyze(SAMPLE));
  assert.deepEqual(await problemsOf(page, problems), []);
  await context.close();
});

test("a new build installs beside the old one and the page offers to reload into it", async () => {
  const site = join(tmp, "site");
  cpSync(join(root, "www"), site, { recursive: true, preserveTimestamps: true });
  const { server, url } = await serve({ root: site, port: 0 });
  try {
    const { context, page, problems } = await openPage(env.browser, url);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
    // Deploy: a changed asset, the build step that versions the service worker.
    writeFileSync(join(site, "sample.txt"), `${SAMPLE}\nنسخهٔ تازه.\n`);
    execFileSync(process.execPath, [join(root, "scripts/page-assets.mjs"), site]);
    await page.reload();
    await page.waitForSelector("#update:not([hidden])", { timeout: 20_000 });
    await Promise.all([page.waitForNavigation(), page.click("#update-now")]);
    await page.waitForFunction(() => document.getElementById("version").textContent !== "");
    assert.ok((await sampleAnalyzed(page)).endsWith("نسخهٔ تازه.\n"), "the new build's asset is served");
    const keys = await page.evaluate(() => caches.keys());
    assert.equal(keys.filter((k) => k.startsWith("negah-")).length, 1, "the old cache is gone");
    assert.deepEqual(await problemsOf(page, problems), []);
    await context.close();
  } finally {
    server.close();
  }
});

test("the single file analyzes the sample from file://, loading nothing else", async () => {
  const file = join(tmp, "negah.html");
  execFileSync(process.execPath, [join(root, "scripts/single.mjs"), file]);
  const url = pathToFileURL(file).href;
  const { context, page, problems } = await openPage(env.browser, url, { origin: null, wait: false });
  const requests = [];
  context.on("request", (r) => requests.push(r.url()));
  await page.waitForFunction(() => document.getElementById("version").textContent !== "");
  const engine = await page.evaluate(() => document.documentElement.dataset.engine);
  assert.ok(engine === "worker", `the single file runs the wasm in a blob worker (got ${engine})`);
  assert.equal(await sampleAnalyzed(page), SAMPLE);
  checkHighlights(await collect(page), negah.analyze(SAMPLE));
  assert.deepEqual(requests.filter((u) => !/^(blob|data):/.test(u)), [], "no fetch of file: or other URLs");
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
  assert.doesNotMatch(csp, /unsafe-inline|https?:|'self'/);
  assert.deepEqual(await problemsOf(page, problems), []);
  await context.close();
});
