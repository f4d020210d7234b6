// End-to-end: the page in headless Chromium (Debian's, driven by playwright-core), served from
// 127.0.0.1 by scripts/serve.mjs on a free port. It pastes the seed article, waits for the
// highlights and checks each highlighted element against an independent analysis of the same
// text in Node: the element's text must be the span's text AND it must sit at the span's offset
// in the rendered text. Any page error, console error or request that leaves 127.0.0.1 fails it.
// UPDATE_SCREENSHOT=1 saves the screenshot to docs/screenshot.png (for the README).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const SEED = readFileSync(join(root, "tests/fixtures/seed_article.txt"), "utf8");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
// Exactly the flags of ../shared/TOOLCHAIN.md: no sandbox as root, no GPU, nothing phoning home.
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let server, url, browser;
const negah = await import(join(root, "www/pkg/negah.js"));
negah.initSync({ module: readFileSync(join(root, "www/pkg/negah_bg.wasm")) });

before(async () => {
  assert.ok(existsSync(CHROMIUM), `no browser at ${CHROMIUM}: run scripts/tools.sh --browser`);
  ({ server, url } = await serve({ root: join(root, "www"), port: 0 }));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** A fresh page that records every problem: errors, failed loads, requests off 127.0.0.1. */
async function openPage(viewport = { width: 1360, height: 1000 }) {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("requestfailed", (r) => {
    if (!r.url().startsWith("data:")) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  await page.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === "data:" || (u.hostname === "127.0.0.1" && u.origin === new URL(url).origin)) {
      return route.continue();
    }
    problems.push(`request left the origin: ${u.href}`);
    return route.abort("blockedbyclient");
  });
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById("version").textContent !== "");
  return { page, problems };
}

/** Every highlighted element in #doc with its text and its offset in the rendered text. */
function collect(page) {
  return page.evaluate(() => {
    const doc = document.getElementById("doc");
    const out = [];
    const offsets = new Map();
    let at = 0;
    const walker = document.createTreeWalker(doc, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === Node.TEXT_NODE) at += n.data.length;
      else offsets.set(n, at);
    }
    for (const e of doc.querySelectorAll("[data-kind]")) {
      out.push({ ...e.dataset, text: e.textContent, at: offsets.get(e) });
    }
    return { text: doc.textContent, view: doc.dataset.view, marks: out };
  });
}

/** Joins the pieces of spans the renderer had to cut (crossing spans) back together. */
function joined(marks) {
  const by = new Map();
  for (const m of marks) {
    const key = `${m.kind}:${m.id}`;
    const prev = by.get(key);
    if (prev) prev.text += m.text;
    else by.set(key, { ...m });
  }
  return [...by.values()];
}

function spanOf(a, m, view) {
  const norm = view === "normalized";
  const pick = (s) => (norm ? { start: s.norm_start, end: s.norm_end } : { start: s.start, end: s.end });
  const id = Number(m.id);
  switch (m.kind) {
    case "entity": return pick(a.entities[id]);
    case "quote": return pick(a.quotes[id].content);
    case "speaker": return pick(a.quotes[id].speaker);
    case "cue": return pick(a.quotes[id].cue);
    case "boilerplate": return pick(a.boilerplate[id]);
    case "edit": return pick(a.edits[id]);
    default: throw new Error(`unknown highlight kind ${m.kind}`);
  }
}

function checkHighlights(got, a) {
  const text = got.view === "normalized" ? a.normalized : a.text;
  assert.equal(got.text, text, "the rendered text must be exactly the analysed text");
  const marks = joined(got.marks);
  for (const m of marks) {
    const s = spanOf(a, m, got.view);
    assert.equal(m.text, text.slice(s.start, s.end), `${m.kind} ${m.id}: highlighted text differs from the span`);
    assert.equal(m.at, s.start, `${m.kind} ${m.id} "${m.text}" is highlighted at ${m.at}, not at ${s.start}`);
    if (got.view === "original" && m.kind !== "edit") {
      const orig = m.kind === "entity" ? a.entities[m.id].text : null;
      if (orig !== null) assert.equal(m.text, orig);
    }
  }
  return marks;
}

test("pasting the seed article highlights entities and quotes in the right places", async () => {
  const { page, problems } = await openPage();
  await page.fill("#input", SEED);
  await page.waitForSelector('#doc[data-state="ready"] mark.ent');
  assert.equal(await page.inputValue("#input"), SEED);
  const a = negah.analyze(SEED);
  assert.ok(a.entities.length > 0 && a.quotes.length > 0, "the seed article has entities and quotes");

  const got = await collect(page);
  const marks = checkHighlights(got, a);
  const count = (k) => marks.filter((m) => m.kind === k).length;
  assert.equal(count("entity"), a.entities.length, "every entity is highlighted");
  assert.equal(count("quote"), a.quotes.length, "every quote is marked");
  assert.ok(count("entity") >= 1 && count("quote") >= 1);
  assert.equal(count("speaker"), a.quotes.filter((q) => q.speaker).length);
  assert.equal(count("boilerplate"), a.boilerplate.length);

  // The lists beside: one card per quote, with its speaker; clusters with canonical names.
  const quoteCards = await page.locator("#quotes .quote-item").count();
  assert.equal(quoteCards, a.quotes.length);
  const who = await page.locator("#quotes .quote-item .who").first().textContent();
  assert.equal(who, a.quotes[0].speaker_name ?? a.quotes[0].speaker.text);
  for (const c of a.clusters) {
    assert.ok(await page.locator(`#entities .cluster[data-cluster="${c.id}"]`).getByText(c.canonical).count());
  }

  // Keyboard: the first quote card is a button that marks the quote in the text.
  await page.locator("#quotes .quote-item").first().focus();
  await page.keyboard.press("Enter");
  const active = await page.locator('#doc .active[data-kind="quote"]').count();
  assert.ok(active >= 1, "activating a quote card marks it in the text");

  const dir = process.env.UPDATE_SCREENSHOT ? join(root, "docs") : mkdtempSync(join(tmpdir(), "negah-e2e-"));
  mkdirSync(dir, { recursive: true });
  // A calm picture for the README: nothing focused or spotlighted, everything scrolled to the top.
  await page.waitForTimeout(600);
  await page.evaluate(() => {
    for (const e of document.querySelectorAll(".active")) e.classList.remove("active");
    document.activeElement?.blur();
    for (const e of [document.getElementById("input"), document.querySelector(".side")]) e.scrollTop = 0;
    window.scrollTo({ top: 0, behavior: "instant" });
  });
  await page.screenshot({ path: join(dir, "screenshot.png") });
  console.log(`# screenshot: ${join(dir, "screenshot.png")}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the normalized view highlights the same findings at normalized offsets", async () => {
  const { page, problems } = await openPage();
  // Arabic ي/ك, ASCII digits and an emoji: the normalized offsets differ from the original ones.
  const text = "😀 گزارش ۱:\nوزير دفاع روز 12 مهر در تهران گفت: ما جنگ نمي‌خواهيم.\nسخنگوی وزارت امور خارجه ايران گفت: این تصمیم درست است.";
  await page.fill("#input", text);
  await page.waitForSelector('#doc[data-state="ready"] [data-kind="quote"]');
  const a = negah.analyze(text);
  assert.ok(a.edits.length > 0 && a.quotes.length > 0);
  checkHighlights(await collect(page), a);
  await page.click('label[for="view-normalized"]');
  assert.ok(await page.isChecked("#view-normalized"));
  const got = await collect(page);
  assert.equal(got.view, "normalized");
  const marks = checkHighlights(got, a);
  assert.ok(marks.some((m) => m.kind === "edit"), "edits are shown in the normalized view");
  assert.ok(marks.some((m) => m.kind === "quote"));
  // Edit rows list every edit.
  assert.equal(await page.locator("#edits tbody tr").count(), Math.min(a.edits.length, 300));
  assert.deepEqual(problems, []);
  await page.close();
});

test("the sample button loads the bundled article, warnings show, clearing empties the page", async () => {
  const { page, problems } = await openPage({ width: 420, height: 900 });
  await page.click("#sample");
  await page.waitForSelector('#doc[data-state="ready"] [data-kind="quote"]');
  assert.ok((await page.inputValue("#input")).length > 1000);
  const sample = await page.inputValue("#input");
  checkHighlights(await collect(page), negah.analyze(sample));

  await page.fill("#input", "متنی با نویسهٔ خراب \uFFFD در میان.");
  await page.waitForSelector("#warnings:not([hidden]) li");
  assert.equal(await page.locator("#warnings li").count(), negah.analyze("\uFFFD").warnings.length);

  await page.click("#clear");
  await page.waitForSelector("#doc .empty");
  assert.equal(await page.locator("#doc [data-kind]").count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a request off 127.0.0.1 is caught", async () => {
  // The guard itself must work, or the tests above prove nothing about the origin.
  const { page, problems } = await openPage();
  await page.evaluate(() => fetch("http://example.com/x").catch(() => null));
  assert.ok(problems.some((p) => p.includes("request left the origin: http://example.com/x")), problems.join("\n"));
  await page.close();
});
