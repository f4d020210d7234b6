// The page's pure parts in Node: blocks of the virtualized text, the word around an edit, CSV
// quoting, citations and the who-said-what groups, on analyses of texts written for the test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { blocksOf, editWords } from "../../www/render.js";
import { wordAround } from "../../www/util.js";
import { csv, quotesCsv, entitiesCsv, citation } from "../../www/export.js";
import { quoteGroups } from "../../www/panels.js";

const negah = await import("../../www/pkg/negah.js");
negah.initSync({ module: readFileSync(new URL("../../www/pkg/negah_bg.wasm", import.meta.url)) });

test("blocks cover the text exactly, end at line ends, and never cut a surrogate pair", () => {
  const line = "وزیر دفاع گفت: اجازه نخواهیم داد. 😀\n";
  const texts = [line.repeat(400), "😀".repeat(20000), `${"کلمه ".repeat(5000)}\n${"x".repeat(30000)}`];
  for (const text of texts) {
    const blocks = blocksOf(text);
    assert.equal(blocks[0].start, 0);
    assert.equal(blocks.at(-1).end, text.length);
    for (let i = 1; i < blocks.length; i++) assert.equal(blocks[i].start, blocks[i - 1].end);
    for (const b of blocks) {
      assert.ok(b.end > b.start && b.end - b.start <= 12001, `block of ${b.end - b.start}`);
      const c = text.charCodeAt(b.end);
      assert.ok(!(c >= 0xdc00 && c < 0xe000), "no block ends inside a surrogate pair");
    }
  }
  // Whole lines where lines are short.
  for (const b of blocksOf(line.repeat(400)).slice(0, -1)) assert.equal(line.repeat(400)[b.end - 1], "\n");
});

test("the word around an edit: joiners and marks included, spaces and punctuation not", () => {
  const t = "کتاب\u200cهای خوب، می‌روم";
  assert.deepEqual(wordAround(t, 4, 4), [0, 8]);
  assert.deepEqual(wordAround(t, 9, 12), [9, 12]);
  assert.equal(t.slice(...wordAround(t, 15, 15)), "می‌روم");
  // Between two spaces: the next character; at the very end: the one before.
  assert.deepEqual(wordAround("a  b", 2, 2), [2, 3]);
  assert.deepEqual(wordAround("ab ", 3, 3), [2, 3]);
  assert.deepEqual(wordAround("😀 ", 2, 2), [2, 3]);
  assert.deepEqual(wordAround(" 😀", 1, 1), [1, 3]);
});

test("an edit's word before and after, from a real analysis", () => {
  const a = negah.analyze("كتابهای خوب");
  const zwnj = a.edits.find((e) => e.kind === "zwnj");
  assert.deepEqual(editWords(a, zwnj), { before: "كتابهای", after: "کتاب\u200cهای" });
});

test("CSV: BOM, CRLF, quoting of commas, quotes and line breaks, formulas defused", () => {
  const out = csv(["a", "b"], [["x,y", 'say "hi"'], ["line\nbreak", "=1+1"], ["-2", "ok"]]);
  assert.equal(out, '\ufeffa,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\'=1+1\r\n\'-2,ok\r\n');
});

test("quotes and entities CSV rows, citations and groups from an analysis", () => {
  const text = "وزیر دفاع گفت: «اجازه نخواهیم داد.»\nامیر حاتمی، وزیر دفاع، افزود: «ما آماده‌ایم.»";
  const a = negah.analyze(text);
  assert.ok(a.quotes.length >= 1);
  const rows = quotesCsv(a).slice(1).trim().split("\r\n");
  assert.equal(rows.length, a.quotes.length + 1);
  const erows = entitiesCsv(a).slice(1).trim().split("\r\n");
  assert.ok(erows.length >= 2 && erows.length <= a.entities.length + 1);
  for (const q of a.quotes) {
    const c = citation(a, q);
    assert.ok(c.startsWith("«") && c.includes(q.content.text.replace(/^«|»$/g, "")), c);
    const name = q.speaker_name ?? q.speaker?.text;
    if (name) assert.ok(c.includes(` — ${name}`), c);
  }
  const groups = quoteGroups(a);
  assert.equal(groups.reduce((n, g) => n + g.quotes.length, 0), a.quotes.length);
  for (const g of groups) assert.ok(g.quotes.every((q) => (q.cluster !== null ? `c${q.cluster}` : null) === (g.key.startsWith("c") ? g.key : null)));
});

test("index.html loads boot.js and the page's bundle, which shares boot.js; the wasm and the font preloaded", () => {
  const www = new URL("../../www/", import.meta.url);
  const html = readFileSync(new URL("index.html", www), "utf8");
  const attr = (tag, name) => tag.match(new RegExp(`${name}="([^"]*)"`))?.[1];
  const links = [...html.matchAll(/<link [^>]*>/g)].map((m) => m[0]);
  const scripts = [...html.matchAll(/<script [^>]*src="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(scripts, ["boot.js", "app.bundle.js"]);
  // boot.js runs as soon as it arrives: it imports nothing.
  const boot = readFileSync(new URL("boot.js", www), "utf8");
  assert.doesNotMatch(boot, /^\s*import\b/m);
  // The bundle (scripts/build.sh) holds app.js and every module it imports, but imports
  // boot.js at run time: one instance of it (one wasm download, one worker) for the page.
  const bundle = readFileSync(new URL("app.bundle.js", www), "utf8");
  const imports = [...bundle.matchAll(/^\s*import\b[^;]*?\bfrom\s+"([^"]+)"/gms)].map((m) => m[1]);
  assert.ok(imports.length > 0 && imports.every((i) => i === "./boot.js"), imports.join(" "));
  for (const name of ["function createEngine", "DocView", "function renderQuotes", "function createClient"]) assert.ok(bundle.includes(name), name);
  assert.equal(links.filter((l) => attr(l, "rel") === "modulepreload").length, 0, "nothing left to preload one by one");
  // The wasm and the font are preloaded as what their users fetch them as (CORS, no
  // credentials), or the browser would fetch them twice and warn.
  for (const [href, as] of [["pkg/negah_bg.wasm", "fetch"], ["fonts/Vazirmatn-wght.woff2", "font"]]) {
    const l = links.find((x) => attr(x, "href") === href);
    assert.ok(l && attr(l, "rel") === "preload" && attr(l, "as") === as && / crossorigin[ >]/.test(l), `${href} preloaded: ${l}`);
  }
});
