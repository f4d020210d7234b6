// The page's figures in headless Chromium (Debian's), served by scripts/serve.mjs as `make
// serve` does: `node scripts/page-bench.mjs [--big]` after `make build`.
// - first load of /?sample: bytes on the wire before the first rendered analysis and in the
//   whole first load (service worker install included), and the time from navigation to the
//   rendered sample (performance.mark "negah:rendered");
// - a 1 MB paste: time to the rendered result, the longest main-thread task (Long Tasks API),
//   DOM nodes, and the longest task of a view switch;
// - with --big, a 10 MB paste the same way.
// Prints one line per figure; the README quotes them with the load of the machine.
import { loadavg } from "node:os";
import { start, openPage, megabyte, pasteText } from "../tests/e2e/harness.mjs";

const env = await start();
const out = (k, v) => console.log(`${k.padEnd(48)} ${v}`);
out("load average (1 min) at start", loadavg()[0].toFixed(1));

async function firstLoad() {
  const { context, page } = await openPage(env.browser, `${env.url}?sample`, { wait: false });
  let before = 0;
  let total = 0;
  let rendered = false;
  context.on("requestfinished", async (r) => {
    const s = await r.sizes().catch(() => null);
    if (!s) return;
    const n = s.responseBodySize + s.responseHeadersSize;
    total += n;
    if (!rendered) before += n;
  });
  await page.waitForFunction(() => performance.getEntriesByName("negah:rendered").some((m) => m.detail.length > 1000), null, { timeout: 60_000 });
  rendered = true;
  const at = await page.evaluate(() => performance.getEntriesByName("negah:rendered").find((m) => m.detail.length > 1000).startTime);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  await page.waitForTimeout(500);
  out("first load: bytes before the rendered sample", before);
  out("first load: bytes in all (service worker included)", total);
  out("first load: navigation → rendered sample (ms)", Math.round(at));
  await context.close();
}

async function paste(label, text) {
  const { context, page } = await openPage(env.browser, env.url);
  const t0 = await page.evaluate(() => performance.now());
  await pasteText(page, text);
  const progress = await page.waitForSelector("#progress:not([hidden])", { timeout: 5_000 }).then(() => true, () => false);
  await page.waitForFunction((n) => performance.getEntriesByName("negah:rendered").some((m) => m.detail.length === n), text.length, { timeout: 600_000, polling: 200 });
  const at = await page.evaluate((n) => performance.getEntriesByName("negah:rendered").find((m) => m.detail.length === n).startTime, text.length);
  await page.waitForTimeout(300);
  const longest = (from) => page.evaluate((f) => Math.round(Math.max(0, ...window.__longTasks.filter((t) => t.start >= f).map((t) => t.duration))), from);
  const nodes = await page.evaluate(() => { let n = 0; const w = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ALL); while (w.nextNode()) n++; return n; });
  out(`${label}: paste → rendered result (ms)`, Math.round(at - t0));
  out(`${label}: longest main-thread task (ms)`, await longest(t0));
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
  await paste(`1 MB paste (${Buffer.byteLength(mb)} B)`, mb);
  if (process.argv.includes("--big")) {
    const ten = Array.from({ length: 10 }, () => mb).join("");
    await paste(`10 MB paste (${Buffer.byteLength(ten)} B)`, ten);
  }
} finally {
  out("load average (1 min) at end", loadavg()[0].toFixed(1));
  await env.stop();
}
