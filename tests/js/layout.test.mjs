// The page's span nesting (www/layout.js): every span is drawn around exactly its characters,
// crossing spans are cut into pieces that join back, and the text is never changed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { nest, walk } from "../../www/layout.js";

/** Renders a tree as markup-like text and collects, per span, the characters it covers. */
function render(text, spans) {
  const covered = new Map();
  const open = [];
  let out = "";
  walk(nest(text.length, spans), {
    text: (s, e) => {
      out += text.slice(s, e);
      for (const sp of open) covered.set(sp, (covered.get(sp) ?? "") + text.slice(s, e));
    },
    open: (n) => { out += `<${n.span.name}${n.part ? `#${n.part}` : ""}>`; open.push(n.span); },
    close: (n) => { out += `</${n.span.name}>`; open.pop(); },
  });
  return { out, covered, plain: out.replace(/<[^>]*>/g, "") };
}

const S = (start, end, rank, name) => ({ start, end, rank, name });

test("nested spans become nested elements, outer rank first on equal ranges", () => {
  const text = "وزیر دفاع گفت: اجازه نمی‌دهیم.";
  const spans = [S(15, 30, 1, "q"), S(0, 9, 3, "e"), S(0, 9, 2, "sp"), S(10, 13, 2, "cue"), S(21, 29, 3, "e2")];
  const { out, plain, covered } = render(text, spans);
  assert.equal(plain, text);
  assert.equal(out, "<sp><e>وزیر دفاع</e></sp> <cue>گفت</cue>: <q>اجازه <e2>نمی‌دهیم</e2>.</q>");
  for (const s of spans) assert.equal(covered.get(s), text.slice(s.start, s.end));
});

test("crossing spans are cut at the enclosing boundary and their pieces join back", () => {
  const text = "abcdefghijklmnopqrst";
  const spans = [S(0, 10, 1, "q"), S(8, 14, 3, "e"), S(12, 18, 0, "bp"), S(2, 4, 3, "f")];
  const { out, plain, covered } = render(text, spans);
  assert.equal(plain, text);
  assert.equal(out, "<q>ab<f>cd</f>efgh<e#1>ij</e></q><e#2>kl<bp#1>mn</bp></e><bp#2>opqr</bp>st");
  for (const s of spans) assert.equal(covered.get(s), text.slice(s.start, s.end), s.name);
});

test("empty and out-of-range spans are dropped, surrogate pairs stay whole", () => {
  const text = "😀 ایران";
  const spans = [S(3, 8, 3, "loc"), S(2, 2, 3, "empty"), S(5, 99, 3, "bad")];
  const { out, plain } = render(text, spans);
  assert.equal(plain, text);
  assert.equal(out, "😀 <loc>ایران</loc>");
});

test("random spans always reproduce the text and cover exactly their characters", () => {
  let seed = 7;
  const rand = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  for (let round = 0; round < 300; round++) {
    const len = 1 + rand(40);
    const text = Array.from({ length: len }, (_, i) => String.fromCharCode(0x627 + ((i * 7) % 30))).join("");
    const spans = Array.from({ length: rand(8) }, (_, i) => {
      const a = rand(len + 1), b = rand(len + 1);
      return S(Math.min(a, b), Math.max(a, b), rand(5), `s${i}`);
    });
    const { plain, covered } = render(text, spans);
    assert.equal(plain, text);
    for (const s of spans) {
      if (s.end > s.start) assert.equal(covered.get(s), text.slice(s.start, s.end), JSON.stringify({ spans, s }));
    }
  }
});
