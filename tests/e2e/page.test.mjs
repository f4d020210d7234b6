// End-to-end: the page in headless Chromium. It pastes texts, waits for the highlights and
// checks each highlighted element against an independent analysis of the same text in Node:
// the element's text must be the span's text AND it must sit at the span's offset in the
// rendered text (a zero-width edit: on the word around it). Any page error, console error, CSP
// violation or request that leaves 127.0.0.1 fails a test.
// UPDATE_SCREENSHOT=1 also saves the light screenshot to docs/screenshot.png (for the README).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import axe from "./axe.mjs";
import { CSP } from "../../scripts/serve.mjs";
import { SEED, negah, root, shots, start, openPage, problemsOf, collect, checkHighlights } from "./harness.mjs";

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

async function paste(page, text) {
  await page.fill("#input", text);
  await page.waitForFunction((t) => document.getElementById("doc").dataset.state === "ready"
    && document.getElementById("input").value === t, text);
}

test("the seed article: every finding highlighted in place in both views, zero-width edits on their word", async () => {
  const { page, problems } = await openPage(env.browser, env.url);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.engine), "worker", "the wasm runs in a worker");
  await paste(page, SEED);
  assert.equal(await page.inputValue("#input"), SEED);
  const a = negah.analyze(SEED);
  assert.ok(a.entities.length > 0 && a.quotes.length > 0 && a.edits.length > 0);

  const got = await collect(page);
  const marks = checkHighlights(got, a);
  const count = (k) => marks.filter((m) => m.kind === k).length;
  assert.equal(count("entity"), a.entities.length, "every entity is highlighted");
  assert.equal(count("quote"), a.quotes.length, "every quote is marked");
  assert.equal(count("speaker"), a.quotes.filter((q) => q.speaker).length);
  assert.equal(count("boilerplate"), a.boilerplate.length);
  assert.equal(count("edit"), a.edits.length, "every edit is drawn, zero-width ones included");
  const zeroWidth = a.edits.filter((e) => e.start === e.end);
  assert.ok(zeroWidth.length > 0, "the seed article has edits of zero width in the original");
  assert.equal(marks.filter((m) => m.kind === "edit" && m.zw !== undefined).length, zeroWidth.length);

  // Hover or keyboard focus shows before → after on the word.
  const zw = zeroWidth.find((e) => e.kind === "zwnj");
  const idx = a.edits.indexOf(zw);
  const el = page.locator(`#doc [data-kind="edit"][data-id="${idx}"]`);
  await el.focus();
  const tip = await el.evaluate((n) => getComputedStyle(n, "::after").content);
  assert.ok(tip.includes("←"), `the tooltip shows before → after, got ${tip}`);
  const word = a.normalized.slice(zw.norm_start - 3, zw.norm_end + 3);
  assert.ok(tip.includes("\u200c"), `the tooltip's after-word has the ZWNJ (${word})`);

  // Who said what: grouped by resolved person, one card per quote.
  assert.equal(await page.locator("#quotes .quote-item").count(), a.quotes.length);
  const persons = new Set(a.quotes.filter((q) => q.cluster !== null).map((q) => q.cluster));
  for (const c of persons) {
    const group = page.locator(`#quotes .person[data-group="c${c}"]`);
    assert.equal(await group.locator(".quote-item").count(), a.quotes.filter((q) => q.cluster === c).length);
    assert.ok((await group.locator("h3").textContent()).includes(a.clusters[c].canonical));
  }
  // Clusters: each with its names and offices under it.
  for (const c of a.clusters) {
    const item = page.locator(`#entities .cluster[data-cluster="${c.id}"]`);
    assert.ok(await item.getByText(c.canonical).count());
    const offices = c.mentions.filter((m) => a.entities[m].type === "ROLE").map((m) => a.entities[m].text.replace(/\s+/g, " "));
    const li = item.locator("xpath=..");
    for (const o of offices) assert.ok((await li.textContent()).includes(o), `office ${o} listed under ${c.canonical}`);
  }

  // Keyboard: a quote card is a button that marks the quote in the text.
  await page.locator("#quotes .quote-item").first().focus();
  await page.keyboard.press("Enter");
  assert.ok(await page.locator('#doc .active[data-kind="quote"]').count() >= 1);

  // The normalized view: deletions are now the zero-width ones; everything still in place.
  await page.click('label[for="view-normalized"]');
  const norm = await collect(page);
  assert.equal(norm.view, "normalized");
  const nmarks = checkHighlights(norm, a);
  assert.equal(nmarks.filter((m) => m.kind === "edit").length, a.edits.length);

  await page.click('label[for="view-original"]');
  await page.waitForTimeout(300);
  await page.evaluate(() => {
    for (const e of document.querySelectorAll(".active")) e.classList.remove("active");
    document.activeElement?.blur();
    for (const e of [document.getElementById("input"), ...document.querySelectorAll(".list-box")]) e.scrollTop = 0;
    window.scrollTo({ top: 0, behavior: "instant" });
  });
  await page.screenshot({ path: join(shots, "light.png") });
  if (process.env.UPDATE_SCREENSHOT) copyFileSync(join(shots, "light.png"), join(root, "docs/screenshot.png"));
  assert.deepEqual(await problemsOf(page, problems), []);
  await page.context().close();
});

test("edits panel: grouped by kind with counts, word before → after, a switch per kind", async () => {
  const { page, problems } = await openPage(env.browser, env.url);
  // Arabic ي/ك, ASCII digits, a kashida and a zero-width space (deleted: zero width in the
  // normalized view), an emoji: the offsets of the two views differ.
  const text = "😀 گزارش ۱:\nوزير دفاع روز 12 مهر در تهـــران گفت: ما جنگ نمي‌خواهيم.\nسخنگوی وزارت\u200b امور خارجه ايران گفت: این تصمیم درست است.\nکتابهای خوب";
  await paste(page, text);
  const a = negah.analyze(text);
  const kinds = new Map();
  for (const e of a.edits) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
  assert.ok(kinds.size >= 3);
  for (const [kind, n] of kinds) {
    const group = page.locator(`#edits .edit-kind[data-kind="${kind}"]`);
    assert.equal(await group.locator(".kind-head .times").textContent(), new Intl.NumberFormat("fa-IR").format(n));
    assert.equal(await group.locator(".edit-row").count(), Math.min(n, 30));
  }
  // The word before and after: كتابهای → کتاب‌های.
  const zw = a.edits.findIndex((e) => e.kind === "zwnj");
  const row = page.locator(`#edits .edit-row[data-edit="${zw}"] .word`);
  assert.deepEqual(await row.allTextContents(), ["کتابهای", "کتاب\u200cهای"]);

  // The normalized view draws the deleted characters on their words too.
  await page.click('label[for="view-normalized"]');
  const marks = checkHighlights(await collect(page), a);
  assert.ok(marks.some((m) => m.kind === "edit" && m.zw !== undefined), "a deletion is drawn in the normalized view");

  // Switching a kind off removes exactly its edits from the text, at once; on brings them back.
  const first = [...kinds.keys()][0];
  await page.locator(`#edits input[data-edit-kind="${first}"]`).uncheck();
  const drawn = await page.locator('#doc [data-kind="edit"]').evaluateAll((ns) => [...new Set(ns.map((n) => n.dataset.editKind))]);
  assert.ok(!drawn.includes(first) && drawn.length === kinds.size - 1, `${first} hidden, others kept: ${drawn}`);
  await page.locator(`#edits input[data-edit-kind="${first}"]`).check();
  assert.equal(await page.locator(`#doc [data-kind="edit"][data-edit-kind="${first}"]`).count(), kinds.get(first));
  assert.deepEqual(await problemsOf(page, problems), []);
  await page.context().close();
});

test("each line reads in its own direction; the sample; warnings; clearing", async () => {
  const { page, problems } = await openPage(env.browser, env.url, { viewport: { width: 420, height: 900 } });
  await paste(page, "Reuters reported: the minister said 12 things.\nوزیر دفاع گفت: اجازه نخواهیم داد.");
  const dirs = await page.locator("#doc .line").evaluateAll((ns) => ns.map((n) => getComputedStyle(n).direction));
  assert.deepEqual(dirs, ["ltr", "rtl"]);

  await page.click("#sample");
  await page.waitForFunction(() => document.getElementById("input").value.length > 1000 && document.getElementById("doc").dataset.state === "ready");
  const sample = await page.inputValue("#input");
  assert.equal(sample, readFileSync(join(root, "www/sample.txt"), "utf8"));
  checkHighlights(await collect(page), negah.analyze(sample));

  await paste(page, "متنی با نویسهٔ خراب \uFFFD در میان.");
  await page.waitForSelector("#warnings:not([hidden]) li");
  assert.equal(await page.locator("#warnings li").count(), negah.analyze("\uFFFD").warnings.length);

  await page.click("#clear");
  await page.waitForSelector("#doc .empty");
  assert.equal(await page.locator("#doc [data-kind]").count(), 0);
  assert.deepEqual(await problemsOf(page, problems), []);
  await page.context().close();
});

test("a first visit to ?sample draws the sample without entities at once, then with them", async () => {
  // What #doc held each time its state changed, from the first script on.
  const record = () => {
    window.__states = [];
    new MutationObserver(() => {
      const doc = document.getElementById("doc");
      if (!doc || doc.dataset.state === window.__states.at(-1)?.state) return;
      window.__states.push({ state: doc.dataset.state, entities: doc.querySelectorAll("mark.ent").length,
        quotes: doc.querySelectorAll('[data-kind="quote"]').length, length: document.getElementById("input").value.length });
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
  };
  const { page, problems } = await openPage(env.browser, `${env.url}?sample`, { wait: false, context: {}, onContext: (c) => c.addInitScript(record) });
  await page.waitForFunction(() => window.__states?.some((s) => s.state === "ready" && s.length > 1000), null, { timeout: 60_000 });
  const sample = readFileSync(join(root, "www/sample.txt"), "utf8");
  const a = negah.analyze(sample);
  const states = (await page.evaluate(() => window.__states)).filter((s) => s.length > 1000);
  const partial = states.find((s) => s.state === "partial");
  assert.ok(partial, `drawn once without entities first: ${JSON.stringify(states)}`);
  assert.equal(partial.entities, 0);
  assert.equal(partial.quotes, a.quotes.length, "the quotes are there from the first draw");
  assert.ok(states.indexOf(partial) < states.findIndex((s) => s.state === "ready"));
  checkHighlights(await collect(page), a);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.engine), "worker");
  assert.deepEqual(await problemsOf(page, problems), []);
  await page.context().close();
});

test("where the worker cannot start, the page analyzes on its main thread", async () => {
  // The worker's script is missing: the worker started early fails before the client listens,
  // the client's own fails too, and the page falls back.
  const noWorker = (c) => c.route("**/pkg/worker.js", (r) => r.fulfill({ status: 404, body: "" }));
  const { page, problems } = await openPage(env.browser, env.url, { onContext: noWorker });
  await paste(page, SEED);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.engine), "main");
  checkHighlights(await collect(page), negah.analyze(SEED));
  const left = (await problemsOf(page, problems)).filter((p) => !/worker\.js|the worker failed/.test(p));
  assert.deepEqual(left, []);
  await page.context().close();
});

test("strict CSP in the page and the header; pasted markup stays text", async () => {
  const { page, problems } = await openPage(env.browser, env.url);
  const meta = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
  assert.equal(`${meta}; frame-ancestors 'none'`, CSP, "the page declares the policy the server sends");
  assert.doesNotMatch(meta, /'unsafe-inline'|'unsafe-eval'|https?:|\*/);
  assert.match(meta, /script-src 'self' 'wasm-unsafe-eval'/);
  const header = (await page.goto(env.url)).headers()["content-security-policy"];
  assert.equal(header, CSP);
  await page.waitForFunction(() => document.getElementById("version").textContent !== "");

  const evil = 'وزیر گفت: «<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>» <b>بله</b>';
  await paste(page, evil);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.locator("img, #doc script, #quotes script, #doc b").count(), 0);
  assert.equal(await page.locator("#doc").textContent(), evil);
  assert.ok((await page.locator("#quotes").textContent()).includes("<img src=x"));

  // The policy is enforced: an inline script the page did not ship is refused and reported.
  await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__inline = 1";
    document.body.append(s);
  });
  assert.equal(await page.evaluate(() => window.__inline), undefined);
  const all = await problemsOf(page, problems);
  assert.ok(all.some((p) => p.startsWith("CSP violation: script-src")), all.join("\n"));
  assert.deepEqual(all.filter((p) => !p.includes("script-src") && !p.includes("Content Security Policy")), []);
  await page.context().close();
});

test("no accessibility violations (axe-core) in light, dark and 360 px layouts", async () => {
  for (const [name, opts] of [
    ["light", {}],
    ["dark", { colorScheme: "dark" }],
    ["narrow", { viewport: { width: 360, height: 780 } }],
  ]) {
    const { page, problems } = await openPage(env.browser, env.url, opts);
    await paste(page, SEED);
    const results = await axe(page);
    assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0]?.target}`), [], `${name} layout`);
    if (name !== "light") await page.screenshot({ path: join(shots, `${name}.png`) });
    assert.deepEqual(await problemsOf(page, problems), []);
    await page.context().close();
  }
});

test("a request off 127.0.0.1 is caught", async () => {
  // The guard itself must work, or the tests above prove nothing about the origin.
  const { context, page, problems } = await openPage(env.browser, env.url);
  // (A fetch from the page would be stopped by its CSP first; a navigation is not.)
  const other = await context.newPage();
  await other.goto("http://example.com/x").catch(() => null);
  const all = await problemsOf(page, problems);
  assert.ok(all.some((p) => p.includes("http://example.com/x")), all.join("\n"));
  await page.context().close();
});

test("the house-style menu re-normalizes at once and is remembered between visits", async () => {
  const { context, page, problems } = await openPage(env.browser, env.url);
  const text = "نامه ی او و كتابهای بزرگتر را دیدم.";
  await paste(page, text);
  assert.equal(await page.inputValue("#style"), "academy");
  await page.click('label[for="view-normalized"]');
  assert.equal(await page.textContent("#doc"), negah.analyze(text).normalized);
  const press = negah.analyze(text, { normalize: { style: "press" } }).normalized;
  assert.notEqual(press, negah.analyze(text).normalized, "the styles differ on this text");
  await page.selectOption("#style", "press");
  await page.waitForFunction((t) => document.getElementById("doc").textContent === t, press);
  // A new visit (same browser profile) starts with the chosen style.
  const again = await context.newPage();
  await again.goto(env.url);
  await again.waitForFunction(() => document.getElementById("version").textContent !== "");
  assert.equal(await again.inputValue("#style"), "press");
  assert.deepEqual(await problemsOf(page, problems), []);
  await context.close();
});
