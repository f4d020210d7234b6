// Small helpers shared by the page's modules: element building (text only ever as text nodes),
// Persian number formats, names of types and kinds, and the word around a position.

export const $ = (id) => document.getElementById(id);
export const num = new Intl.NumberFormat("fa-IR");
export const pct = new Intl.NumberFormat("fa-IR", { style: "percent" });

export const TYPE_NAMES = {
  PER: "شخص", ORG: "سازمان", LOC: "مکان", FAC: "تأسیسات", EVE: "رویداد", PRO: "محصول",
  ROLE: "سمت", DAT: "تاریخ", TIM: "زمان", MON: "پول", PCT: "درصد", NUM: "عدد",
};
export const QUOTE_KINDS = { direct: "مستقیم", indirect: "غیرمستقیم", mixed: "آمیخته" };
export const EDIT_NAMES = {
  char: "نویسه", digit: "رقم", diacritic: "اعراب و کشیده", invisible: "نویسهٔ نامرئی",
  punctuation: "نشانه‌گذاری", spacing: "فاصله", zwnj: "نیم‌فاصله", split: "جداسازی",
  dash: "خط تیره", ezafe: "کسرهٔ اضافه",
  boilerplate: "حاشیهٔ سایت",
};
export const SOURCE_NAMES = { model: "مدل", gazetteer: "فهرست نام‌ها", rule: "قاعده" };

/** Builds an element. Strings among `children` become text nodes (never markup). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (k in node && typeof v !== "string") node[k] = v;
    else node.setAttribute(k, v);
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/** A short form of a long string for the lists (the full text stays in the page). */
export function shorten(s, max) {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max).trimEnd()}…` : t;
}

const NAMED = {
  " ": "فاصله", "\u00a0": "فاصلهٔ نشکن", "\u200c": "نیم‌فاصله (ZWNJ)", "\u200d": "اتصال‌دهنده (ZWJ)",
  "\u200e": "LRM", "\u200f": "RLM", "\ufeff": "BOM", "\n": "خط تازه", "\t": "جدول‌بندی",
};
const INVISIBLE = /[\s\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/u;

/** Visible form of edited characters: spaces and invisible characters as their code points. */
export function visible(s) {
  if (s === "") return el("span", { class: "none" }, "—");
  const out = el("span", { class: "chars" });
  for (const ch of s) {
    if (INVISIBLE.test(ch)) {
      const cp = ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
      out.append(el("code", { dir: "ltr", title: NAMED[ch] ?? "" }, `U+${cp}`));
    } else {
      out.append(ch);
    }
  }
  return out;
}

const WORD = /[\p{L}\p{M}\p{N}\u200c\u200d\u0640]/u;
const MAX_WORD = 40;

/** The word around `[start, end)` in `text`: letters, marks, digits and joiners on both sides
 * (at most 40 UTF-16 units each way, so a 1 MB run of letters costs nothing). When there is no
 * letter on either side, the range itself, or the one character after (or before) an empty one. */
export function wordAround(text, start, end) {
  let s = start;
  let e = end;
  while (s > 0 && start - s < MAX_WORD && WORD.test(text[s - 1])) s--;
  while (e < text.length && e - end < MAX_WORD && WORD.test(text[e])) e++;
  if (e === s) {
    if (e < text.length) e = Math.min(text.length, e + (isHigh(text, e) ? 2 : 1));
    else if (s > 0) s = Math.max(0, s - (isLow(text, s - 1) ? 2 : 1));
  }
  // Never cut a surrogate pair.
  if (s > 0 && isLow(text, s)) s--;
  if (e < text.length && isLow(text, e)) e++;
  return [s, e];
}
const isHigh = (t, i) => { const c = t.charCodeAt(i); return c >= 0xd800 && c < 0xdc00; };
const isLow = (t, i) => { const c = t.charCodeAt(i); return c >= 0xdc00 && c < 0xe000; };

/** The speaker as the lists show it: the resolved name, else the words of the text. */
export function speakerLabel(q) {
  return q.speaker_name ?? (q.speaker ? shorten(q.speaker.text, 60) : "گوینده نامعلوم");
}

/** "certain" or "possible", from the flag the core sets (one threshold for every face). */
export const certainty = (q) => (q.certain ? "certain" : "possible");

/** A cluster link scored below this is shown as uncertain (the schema's documented bar for
 * `clusters[].link_scores`, the same as quotes' `certain`). */
export const LINK_CERTAIN = 0.75;

const scoresOf = new WeakMap();
/** Entity id → how sure its link to its cluster is (absent: no score given, or no cluster);
 * made once per analysis (the text and the entities panel both ask). */
export function linkScores(a) {
  let out = scoresOf.get(a);
  if (out) return out;
  out = new Map();
  for (const c of a.clusters) {
    if (!Array.isArray(c.link_scores)) continue;
    c.mentions.forEach((id, k) => out.set(id, c.link_scores[k]));
  }
  scoresOf.set(a, out);
  return out;
}

/** How long one slice of a long loop may hold the main thread before it yields. */
const SLICE_MS = 40;

/** Thrown by `sliced` when the work it was doing is no longer wanted. */
export const SUPERSEDED = Symbol("superseded");

/** Lets the browser run what waits (input, painting, messages) before going on: a task of its
 * own, without setTimeout's 4 ms clamp. */
const yieldTask = () => (globalThis.scheduler?.yield ? globalThis.scheduler.yield()
  : new Promise((done) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => done();
    ch.port2.postMessage(null);
  }));

/** When this thread last yielded (or a stale time: the first check of a new task then yields
 * once too early, which costs nothing). One budget for every sliced loop, so that loops run
 * one after another in a task still share 40 ms. */
let since = 0;

/** Yields when the current slice has used its time; `alive()` as for `sliced`. */
export async function breathe(alive = () => true) {
  if (performance.now() - since <= SLICE_MS) return;
  await yieldTask();
  since = performance.now();
  if (!alive()) throw SUPERSEDED;
}

/** Runs `step(i)` for every i in [0, n), yielding whenever the slice has taken about 40 ms, so
 * that a list of a million items never holds the main thread for long (a short list runs in
 * one go, in the caller's task). Throws `SUPERSEDED` when `alive()` turns false after a yield. */
export async function sliced(n, step, alive = () => true) {
  for (let i = 0; i < n; i++) {
    step(i);
    if ((i & 255) === 255) await breathe(alive);
  }
}
