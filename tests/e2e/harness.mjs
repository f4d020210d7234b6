// Shared by the end-to-end tests: Debian's Chromium driven by playwright-core (flags from
// ../shared/TOOLCHAIN.md), the page served from 127.0.0.1 by scripts/serve.mjs on a free port,
// and a page opener that records every problem: page errors, console errors and warnings,
// failed loads, HTTP errors, Content-Security-Policy violations and any request that leaves
// 127.0.0.1 (blocked and reported). Also an independent analysis in Node to check the page
// against, and the check that each highlight sits exactly on its span.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";

export const root = fileURLToPath(new URL("../../", import.meta.url));
export const SEED = readFileSync(join(root, "tests/fixtures/seed_article.txt"), "utf8");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
// Exactly the flags of ../shared/TOOLCHAIN.md: no sandbox as root, no GPU, nothing phoning home.
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export const negah = await import(join(root, "www/pkg/negah.js"));
negah.initSync({ module: readFileSync(join(root, "www/pkg/negah_bg.wasm")) });

/** Screenshots go to a git-ignored folder (tests/e2e/screenshots/). */
export const shots = join(root, "tests/e2e/screenshots");

export async function start() {
  assert.ok(existsSync(CHROMIUM), `no browser at ${CHROMIUM}: run scripts/tools.sh --browser`);
  const { server, url } = await serve({ root: join(root, "www"), port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  mkdirSync(shots, { recursive: true });
  return { server, url, browser, stop: async () => { await browser.close(); server.close(); } };
}

/** Records long tasks and CSP violations from the first script on. */
const WATCH = () => {
  window.__longTasks = [];
  window.__csp = [];
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch { /* no Long Tasks API */ }
  document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
};

/** A fresh context and page on `url` that records every problem in `problems`. `origin` is the
 * one origin requests may go to (null: none but data:, blob: and file:); a request elsewhere
 * is blocked, or with `observe` (for measurements: intercepting every request slows it and
 * turns the browser's HTTP cache off) only recorded. `onContext(context)` runs before the
 * navigation, to listen from the first request on. */
export async function openPage(browser, url, { viewport = { width: 1360, height: 1000 }, colorScheme = "light", origin, wait = true, observe = false, onContext, context: ctxOpts = {} } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, colorScheme, acceptDownloads: true, ...ctxOpts });
  const allowed = origin === undefined ? new URL(url).origin : origin;
  const problems = [];
  const watch = (page) => {
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
    });
  };
  context.on("requestfailed", (r) => {
    if (!/^(data|blob):/.test(r.url()) && !r.failure()?.errorText.includes("ERR_ABORTED")) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  context.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  const inside = (u) => /^(data|blob|file):$/.test(u.protocol) || (u.hostname === "127.0.0.1" && u.origin === allowed);
  if (observe) {
    context.on("request", (r) => {
      const u = new URL(r.url());
      if (!inside(u)) problems.push(`request left the origin: ${u.href}`);
    });
  } else {
    await context.route("**/*", (route) => {
      const u = new URL(route.request().url());
      if (inside(u)) return route.continue();
      problems.push(`request left the origin: ${u.href}`);
      return route.abort("blockedbyclient");
    });
  }
  await onContext?.(context);
  await context.addInitScript(WATCH);
  const page = await context.newPage();
  watch(page);
  await page.goto(url);
  if (wait) await page.waitForFunction(() => document.getElementById("version").textContent !== "");
  return { context, page, problems };
}

/** The problems of a page, CSP violations included; call before closing it. */
export async function problemsOf(page, problems) {
  const csp = await page.evaluate(() => window.__csp ?? []);
  return [...problems, ...csp.map((c) => `CSP violation: ${c}`)];
}

/** Every highlighted element in #doc with its data and its offset in the rendered text. */
export function collect(page) {
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

/** Joins the pieces of spans the renderer had to cut (crossing spans, line ends) back together. */
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

const WORD = /[\p{L}\p{M}\p{N}\u200c\u200d\u0640]/u;

/** Checks that the rendered text is the analysed text and that each highlight covers exactly
 * its span, at its offset; a zero-width edit must cover the word it sits in. */
export function checkHighlights(got, a) {
  const text = got.view === "normalized" ? a.normalized : a.text;
  assert.equal(got.text, text, "the rendered text must be exactly the analysed text");
  const marks = joined(got.marks);
  for (const m of marks) {
    const s = spanOf(a, m, got.view);
    if (m.kind === "edit" && s.start === s.end) {
      // Drawn on its word: the element starts at or before the edit and ends at or after it,
      // it is a whole word (no letter just outside), and it is marked zero-width.
      assert.equal(m.zw, String(s.start), `edit ${m.id} is zero-width here and marked so`);
      assert.ok(m.at <= s.start && m.at + m.text.length >= s.start, `edit ${m.id} drawn away from ${s.start}`);
      assert.equal(m.text, text.slice(m.at, m.at + m.text.length));
      if (/\p{L}/u.test(m.text)) {
        assert.ok(!WORD.test(text[m.at - 1] ?? " ") && !WORD.test(text[m.at + m.text.length] ?? " "), `edit ${m.id}: "${m.text}" is not a whole word`);
      }
      continue;
    }
    assert.equal(m.text, text.slice(s.start, s.end), `${m.kind} ${m.id}: highlighted text differs from the span`);
    assert.equal(m.at, s.start, `${m.kind} ${m.id} "${m.text}" is highlighted at ${m.at}, not at ${s.start}`);
  }
  return marks;
}

/** About 1 MB of news text: the seed article's body (without its site furniture, which would
 * make everything after the first copy's end mark boilerplate) numbered and repeated. */
export function megabyte() {
  const body = SEED.slice(0, SEED.indexOf("انتهای پیام")).trimEnd();
  const parts = [];
  let bytes = 0;
  for (let i = 1; bytes < 1 << 20; i++) {
    const p = `خبر شمارهٔ ${i}\n${body}\n\n`;
    parts.push(p);
    bytes += Buffer.byteLength(p);
  }
  return parts.join("");
}

/** Pastes `text` over the box's content as a user would: a paste event carrying the text (the
 * page may take it, as it does a large one); when the page leaves it to the browser, the text
 * is inserted and an input event follows, as the browser does. */
/** Pastes `text` into the box as a user would; resolves to the page's clock when the paste
 * began. */
export async function pasteText(page, text) {
  // The text reaches the page first (a long protocol message of the test, not of the page),
  // then the paste happens in a task of its own.
  await page.evaluate((t) => { window.__clipboard = t; }, text);
  return page.evaluate(() => {
    const at = performance.now();
    const t = window.__clipboard;
    delete window.__clipboard;
    const box = document.getElementById("input");
    box.focus();
    box.select();
    const data = new DataTransfer();
    data.setData("text/plain", t);
    const ev = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
    if (box.dispatchEvent(ev)) {
      box.value = t;
      box.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
    }
    return at;
  });
}
