// End-to-end: a 1 MB paste. The wasm runs in a worker, the main thread never blocks for more
// than 200 ms (Long Tasks API), the DOM stays under 10,000 nodes however far the text is
// scrolled, the far end of the text is drawn correctly when scrolled to, and a running
// analysis can be cancelled without losing the text. (Times are measured by
// scripts/page-bench.mjs, not asserted here.)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { loadavg, availableParallelism } from "node:os";
import { megabyte, negah, start, openPage, pasteText, problemsOf } from "./harness.mjs";

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const nodes = (page) => page.evaluate(() => {
  let n = 0;
  const w = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ALL);
  while (w.nextNode()) n++;
  return n;
});

test("1 MB paste: in the worker, no long task, a small DOM, the far end drawn right", async () => {
  const { page, problems } = await openPage(env.browser, env.url);
  const big = megabyte();
  const a = negah.analyze(big);
  const t0 = await page.evaluate(() => performance.now());
  await pasteText(page, big);
  await page.waitForFunction(() => document.getElementById("doc").dataset.state === "ready", null, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => document.getElementById("input").value.length), big.length, "the whole text is in the box");
  assert.equal(await page.locator("#input").isVisible(), false, "folded while large");
  assert.equal(await page.evaluate(() => document.documentElement.dataset.engine), "worker");
  assert.ok(page.workers().length >= 1, "a dedicated worker exists");
  assert.ok((await page.textContent("#status")).includes(new Intl.NumberFormat("fa-IR").format(a.quotes.length)));
  assert.ok(await nodes(page) < 10_000, `DOM after the 1 MB result: ${await nodes(page)} nodes`);

  // Scroll to the end: the last block is drawn and is exactly the end of the text.
  await page.evaluate(() => { const d = document.getElementById("doc"); d.scrollTop = d.scrollHeight; });
  await page.waitForFunction(() => document.querySelector("#doc .blk:last-child").dataset.filled === "1");
  const tail = await page.evaluate(() => document.querySelector("#doc .blk:last-child").textContent);
  assert.ok(tail.length > 100 && big.endsWith(tail), "the last block is the end of the text");
  // The entities drawn near the end are the analysis' entities.
  const marks = await page.evaluate(() => [...document.querySelectorAll('#doc .blk[data-filled="1"] mark.ent')].map((m) => ({ id: Number(m.dataset.id), text: m.textContent })));
  assert.ok(marks.length > 0);
  for (const m of marks) assert.equal(m.text, a.entities[m.id].text);

  // Switching views redraws only what is on screen.
  await page.click('label[for="view-normalized"]');
  await page.waitForFunction(() => document.getElementById("doc").dataset.view === "normalized");
  assert.ok(await nodes(page) < 10_000, "DOM after switching views");

  // The bar is 200 ms (scripts/page-bench.mjs measures it on a quiet machine); on a
  // machine busier than its cores every task stretches, so the bar there is 1 s, which still
  // fails a page that analyzes or renders the whole text in one task (6.4 s before the worker).
  const busy = loadavg()[0] > availableParallelism();
  const bar = busy ? 1000 : 200;
  if (busy) console.log(`# load ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores: long-task bar ${bar} ms`);
  const long = await page.evaluate((from) => window.__longTasks.filter((t) => t.start >= from), t0);
  assert.deepEqual(long.filter((t) => t.duration > bar), [], `no main-thread task over ${bar} ms`);

  // The result came in parts (arrays longer than one chunk): put together, it is the analysis.
  assert.ok(a.entities.length > 1500 && a.edits.length > 1500);
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#download-json")]);
  const got = JSON.parse(readFileSync(await dl.path(), "utf8"));
  for (const k of Object.keys(a)) {
    if (Array.isArray(a[k])) assert.deepEqual(got[k], a[k], `${k} assembled from its parts`);
    else assert.equal(got[k], a[k], k);
  }
  assert.deepEqual(await problemsOf(page, problems), []);
  await page.context().close();
});

test("cancel stops a running analysis and keeps the text; the next edit analyzes again", async () => {
  const { page, problems } = await openPage(env.browser, env.url);
  const big = megabyte();
  await pasteText(page, big);
  await page.waitForSelector("#cancel:not([hidden])");
  await page.click("#cancel");
  await page.waitForFunction(() => document.getElementById("doc").dataset.state === "cancelled");
  assert.equal(await page.evaluate(() => document.getElementById("input").value.length), big.length, "the text stays in the box");
  assert.equal(await page.locator("#cancel").isVisible(), false);
  await page.click("#large-show");
  assert.ok(await page.locator("#input").isVisible());
  await pasteText(page, "وزیر دفاع گفت: اجازه نخواهیم داد.");
  await page.waitForFunction(() => document.getElementById("doc").dataset.state === "ready"
    && document.querySelectorAll("#doc [data-kind=quote]").length === 1);
  assert.deepEqual(await problemsOf(page, problems), []);
  await page.context().close();
});
