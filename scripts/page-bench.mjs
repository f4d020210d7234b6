// The page's figures in headless Chromium (Debian's), served by scripts/serve.mjs as `make
// serve` does: `node scripts/page-bench.mjs [--big | --first] [--root DIR]` after `make build`.
// - first load of /?sample: bytes on the wire before the first rendered analysis and in the
//   whole first load (service worker install included), and the time from navigation to the
//   rendered sample (performance.mark "negah:rendered": the DOM built; "negah:painted": the
//   task after the next animation frame, once style and layout are done), first without
//   entities (the model loads after), then with them;
// - a 1 MB paste: time to the rendered result, the longest main-thread task (Long Tasks API),
//   DOM nodes, and the longest task of a view switch;
// - with --big, a 10 MB paste the same way; with --first, the first load only.
// Prints one line per figure; the README quotes them with the load of the machine.
import { loadavg } from "node:os";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { start, openPage, megabyte, pasteText } from "../tests/e2e/harness.mjs";

// The page is served as `make serve` serves it: scripts/serve.mjs in a process of its own (in
// this process it would share one event loop with the browser's driver, and every response
// would wait for Playwright's own work). `--root DIR` serves another build of the page (an A/B
// comparison) the same way.
async function server(root) {
  const child = spawn(process.execPath, [fileURLToPath(new URL("serve.mjs", import.meta.url)), "--port", "0", "--root", root],
    { stdio: ["ignore", "pipe", "inherit"] });
  let seen = "";
  for await (const chunk of child.stdout) {
    seen += chunk;
    const m = seen.match(/served at (http:\/\/\S+)/);
    if (m) return { url: m[1], stop: async () => { child.kill(); await once(child, "exit").catch(() => {}); } };
  }
  throw new Error(`scripts/serve.mjs did not start: ${seen}`);
}

const env = await start();
const rootArg = process.argv.indexOf("--root");
const served = await server(rootArg > 0 ? process.argv[rootArg + 1] : fileURLToPath(new URL("../www", import.meta.url)));
env.url = served.url;
const stopAll = env.stop;
env.stop = async () => { await stopAll(); await served.stop(); };
const out = (k, v) => console.log(`${k.padEnd(48)} ${v}`);
out("load average (1 min) at start", loadavg()[0].toFixed(1));

async function firstLoad() {
  let before = 0;
  let total = 0;
  let rendered = false;
  const count = (context) => {
    // What crosses the wire: the page's and the service worker's own network requests, not
    // the page's requests the service worker answers from its cache.
    context.on("requestfinished", async (r) => {
      const res = await r.response().catch(() => null);
      if (!res || res.fromServiceWorker()) return;
      const s = await r.sizes().catch(() => null);
      if (!s) return;
      const n = s.responseBodySize + s.responseHeadersSize;
      total += n;
      if (!rendered) before += n;
    });
  };
  // Observed, not intercepted: interception slows every request and turns the HTTP cache off.
  const { context, page } = await openPage(env.browser, `${env.url}?sample`, { wait: false, observe: true, onContext: count });
  const mark = (entities, name = "negah:rendered") => page.evaluate(([e, n]) => performance.getEntriesByName(n)
    .find((m) => m.detail.length > 1000 && (e === undefined || m.detail.entities === e))?.startTime, [entities, name]);
  await page.waitForFunction(() => performance.getEntriesByName("negah:rendered").some((m) => m.detail.length > 1000), null, { timeout: 60_000 });
  rendered = true;
  const first = await mark();
  await page.waitForFunction(() => performance.getEntriesByName("negah:rendered").some((m) => m.detail.length > 1000 && m.detail.entities), null, { timeout: 60_000 });
  const full = await mark(true);
  await page.waitForFunction(() => performance.getEntriesByName("negah:painted").some((m) => m.detail.length > 1000), null, { timeout: 60_000 });
  const painted = await mark(undefined, "negah:painted");
  const ready = await page.evaluate(() => performance.getEntriesByName("negah:engine-ready")[0]?.startTime);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  const cached = await page.evaluate(async () => {
    const c = await caches.open((await caches.keys()).find((k) => k.startsWith("negah-")));
    return (await c.keys()).length;
  });
  await page.waitForTimeout(500);
  out("first load: bytes before the rendered sample", before);
  out("first load: bytes in all (service worker included)", total);
  out("first load: assets in the offline cache", cached);
  out("first load: navigation → engine ready (ms)", Math.round(ready));
  out("first load: navigation → rendered sample (ms)", Math.round(first));
  out("first load: navigation → its first frame (ms)", Math.round(painted));
  out("first load: navigation → sample with entities (ms)", Math.round(full));
  await context.close();
}

async function paste(label, text) {
  const { context, page } = await openPage(env.browser, env.url);
  const wall = Date.now();
  const t0 = await pasteText(page, text);
  const progress = await page.waitForSelector("#progress:not([hidden])", { timeout: 5_000 }).then(() => true, () => false);
  await page.waitForFunction((n) => performance.getEntriesByName("negah:rendered").some((m) => m.detail.length === n), text.length, { timeout: 600_000, polling: 200 });
  const at = await page.evaluate((n) => performance.getEntriesByName("negah:rendered").find((m) => m.detail.length === n).startTime, text.length);
  const wallMs = Date.now() - wall;
  await page.waitForTimeout(300);
  const longest = (from) => page.evaluate((f) => Math.round(Math.max(0, ...window.__longTasks.filter((t) => t.start >= f).map((t) => t.duration))), from);
  // The three longest tasks from the paste on, each as duration@start (ms after the paste).
  const top = await page.evaluate((f) => window.__longTasks.filter((t) => t.start >= f).sort((a, b) => b.duration - a.duration)
    .slice(0, 3).map((t) => `${Math.round(t.duration)}@${Math.round(t.start - f)}`).join(" "), t0);
  const nodes = await page.evaluate(() => { let n = 0; const w = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ALL); while (w.nextNode()) n++; return n; });
  out(`${label}: paste → rendered result (ms)`, Math.round(at - t0));
  out(`${label}: wall clock, test's paste call → result seen (ms)`, wallMs);
  out(`${label}: longest main-thread task (ms)`, await longest(t0));
  out(`${label}: longest tasks, duration@start (ms)`, top);
  out(`${label}: progress bar shown`, progress);
  out(`${label}: DOM nodes`, nodes);
  const t1 = await page.evaluate(() => performance.now());
  await page.click('label[for="view-normalized"]');
  await page.waitForFunction(() => document.getElementById("doc").dataset.view === "normalized");
  await page.waitForTimeout(500);
  out(`${label}: view switch, longest task (ms)`, await longest(t1));
  await context.close();
}

try {
  await firstLoad();
  const mb = megabyte();
  if (!process.argv.includes("--first")) await paste(`1 MB paste (${Buffer.byteLength(mb)} B)`, mb);
  if (process.argv.includes("--big")) {
    const ten = Array.from({ length: 10 }, () => mb).join("");
    await paste(`10 MB paste (${Buffer.byteLength(ten)} B)`, ten);
  }
} finally {
  out("load average (1 min) at end", loadavg()[0].toFixed(1));
  await env.stop();
}
