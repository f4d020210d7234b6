// The analysed text with its highlights, drawn so that a 1 MB article stays light: the text of
// each view is cut into blocks of whole lines (about BLOCK_CHARS each); only blocks near the
// visible area hold their elements, the others are empty boxes of their measured (or estimated)
// height. A short text (up to EAGER_CHARS) is drawn whole at once. Each line is its own element
// with dir="auto", so Latin and mixed lines read left to right. Switching views or edit kinds
// redraws only the blocks on screen; the per-view span lists are computed once per analysis,
// in slices that yield to the browser (a 10 MB article has half a million spans), and each
// block's list is sorted when the block is first drawn.
import { nest, walk } from "./layout.js";
import {
  el, pct, shorten, speakerLabel, certainty, wordAround, linkScores, sliced, SUPERSEDED,
  TYPE_NAMES, QUOTE_KINDS, EDIT_NAMES, SOURCE_NAMES, LINK_CERTAIN,
} from "./util.js";

const BLOCK_CHARS = 4000;
const EAGER_CHARS = 24000;
const MARGIN = "1200px";

/** Cuts `text` into blocks of whole lines of about BLOCK_CHARS; a longer line is cut at a
 * space (or anywhere, never inside a surrogate pair) so no block grows without bound. */
export function blocksOf(text) {
  const out = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + BLOCK_CHARS);
    if (end < text.length) {
      const nl = text.indexOf("\n", end);
      if (nl >= 0 && nl - start < BLOCK_CHARS * 3) end = nl + 1;
      else {
        const cut = Math.min(text.length, start + BLOCK_CHARS * 3);
        const sp = text.lastIndexOf(" ", cut);
        end = sp > start ? sp + 1 : cut;
        const c = text.charCodeAt(end);
        if (end < text.length && c >= 0xdc00 && c < 0xe000) end++;
      }
    }
    out.push({ start, end });
    start = end;
  }
  return out;
}

/** The spans to draw in one view, in no particular order. An edit that is empty in this view
 * (a ZWNJ inserted, seen in the original; a character removed, seen in the normalized text) is
 * drawn on the word around it, marked `zw`. Long lists are walked in slices (`alive` as for
 * `sliced`). */
async function spansOf(a, view, alive) {
  const norm = view === "normalized";
  const text = norm ? a.normalized : a.text;
  const out = [];
  const add = (s, rank, kind, id, extra = {}) => {
    const start = norm ? s.norm_start : s.start;
    const end = norm ? s.norm_end : s.end;
    if (end > start) out.push({ start, end, rank, kind, id, ...extra });
  };
  a.boilerplate.forEach((b, i) => add(b, 0, "boilerplate", i, { label: b.label }));
  await sliced(a.quotes.length, (k) => {
    const q = a.quotes[k];
    add(q.content, 1, "quote", q.id, { q });
    if (q.speaker) add(q.speaker, 2, "speaker", q.id, { q });
    if (q.cue) add(q.cue, 2, "cue", q.id, { q });
  }, alive);
  const links = linkScores(a);
  await sliced(a.entities.length, (k) => {
    const e = a.entities[k];
    add(e, 3, "entity", e.id, { e, link: links.get(e.id) });
  }, alive);
  await sliced(a.edits.length, (i) => {
    const e = a.edits[i];
    const s = norm ? e.norm_start : e.start;
    const t = norm ? e.norm_end : e.end;
    if (t > s) out.push({ start: s, end: t, rank: 4, kind: "edit", id: i, edit: e });
    else {
      const [ws, we] = wordAround(text, s, t);
      if (we > ws) out.push({ start: ws, end: we, rank: 4, kind: "edit", id: i, edit: e, zw: s });
    }
  }, alive);
  return out;
}

/** Before → after of an edit, on its word: what the tooltip and the edits panel show. */
export function editWords(a, e) {
  const [os, oe] = wordAround(a.text, e.start, e.end);
  const [ns, ne] = wordAround(a.normalized, e.norm_start, e.norm_end);
  return { before: a.text.slice(os, oe), after: a.normalized.slice(ns, ne) };
}

function spanElement(node, a, tips) {
  const s = node.span;
  const data = { kind: s.kind, id: String(s.id), start: String(s.start), end: String(s.end) };
  if (node.part) data.part = String(node.part);
  switch (s.kind) {
    case "entity": {
      const e = s.e;
      const cluster = e.cluster === null ? null : a.clusters[e.cluster];
      if (cluster) data.cluster = String(cluster.id);
      const score = s.link;
      const weak = score !== undefined && score < LINK_CERTAIN;
      const title = [TYPE_NAMES[e.type] ?? e.type,
        cluster ? `خوشه: ${cluster.canonical}${weak ? ` (پیوند نامطمئن، ${pct.format(score)})` : ""}` : null,
        `منبع: ${SOURCE_NAMES[e.source] ?? e.source}`].filter(Boolean).join(" · ");
      return el("mark", { class: weak ? "ent weak-link" : "ent", dataset: { ...data, type: e.type }, title });
    }
    case "quote":
      return el("span", {
        class: `quote ${certainty(s.q)}`, dataset: data,
        title: `نقل قول ${QUOTE_KINDS[s.q.kind] ?? s.q.kind} از ${speakerLabel(s.q)} (اطمینان ${pct.format(s.q.confidence)})`,
      });
    case "speaker":
      return el("span", { class: "q-speaker", dataset: data, title: `گوینده: ${speakerLabel(s.q)}` });
    case "cue":
      return el("span", { class: "q-cue", dataset: data, title: "فعل گفتار" });
    case "boilerplate":
      return el("span", { class: "bp", dataset: data, title: `حاشیهٔ سایت: ${s.label}` });
    case "edit": {
      const e = s.edit;
      if (s.zw !== undefined) data.zw = String(s.zw);
      let tip = tips.get(s.id);
      if (!tip) {
        const w = editWords(a, e);
        tip = `${EDIT_NAMES[e.kind] ?? e.kind}: ${shorten(w.before, 40)} ← ${shorten(w.after, 40)}`;
        tips.set(s.id, tip);
      }
      // Focusable, so the tooltip (CSS, from data-tip) shows on keyboard focus as on hover.
      return el("span", {
        class: s.zw === undefined ? "edit" : "edit zw", tabindex: "0", dataset: { ...data, tip, editKind: e.kind },
      });
    }
    default:
      return el("span", { dataset: data });
  }
}

/** The index of the block holding offset `at` (blocks are sorted and cover the text). */
function blockAt(blocks, at) {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blocks[mid].start <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export class DocView {
  constructor(root) {
    this.root = root;
    this.a = null;
    this.view = "original";
    this.showEdits = true;
    this.hiddenKinds = new Set();
    this.active = null;
    this.cache = new Map(); // view → a promise of { a, text, blocks, per, sorted, heights, tips }
    this.shown = null; // the prepared view whose blocks are in the DOM (`boxes`)
    this.turn = null; // the latest layout asked for; an older one still preparing gives up
    // The long view scrolls inside #doc, so #doc is the root whose margin draws ahead.
    this.observer = new IntersectionObserver((entries) => this.onIntersect(entries), { root, rootMargin: `${MARGIN} 0px` });
  }

  /** Draws a new analysis in the current view; resolves to false when a later call took over
   * before it was drawn. */
  set(a) {
    this.a = a;
    this.cache.clear();
    this.active = null;
    return this.layout();
  }

  /** Switches between the original and the normalized text (same resolution as `set`). */
  setView(view) {
    if (view === this.view) return Promise.resolve(true);
    const frac = this.scrollFraction();
    this.view = view;
    return this.layout(frac);
  }

  /** Which edits are drawn: all off, or every kind but the hidden ones. Redraws in place. */
  setEdits(show, hiddenKinds) {
    this.showEdits = show;
    this.hiddenKinds = new Set(hiddenKinds);
    this.redrawLive();
  }

  /** The text, blocks and per-block spans of `view` of the current analysis (once each; given
   * up when a new analysis is set meanwhile). */
  prepare(view) {
    let p = this.cache.get(view);
    if (!p) {
      const a = this.a;
      const alive = () => this.a === a;
      p = (async () => {
        const text = view === "normalized" ? a.normalized : a.text;
        const blocks = blocksOf(text);
        const spans = await spansOf(a, view, alive);
        const per = blocks.map(() => []);
        await sliced(spans.length, (k) => {
          const sp = spans[k];
          for (let b = blockAt(blocks, sp.start); b < blocks.length && blocks[b].start < sp.end; b++) per[b].push(sp);
        }, alive);
        return { a, text, blocks, per, sorted: new Uint8Array(blocks.length), heights: new Array(blocks.length).fill(0), tips: new Map() };
      })();
      this.cache.set(view, p);
      // A preparation given up is forgotten, so the next layout of this view starts again.
      p.catch(() => this.cache.get(view) === p && this.cache.delete(view));
    }
    return p;
  }

  async layout(frac = 0) {
    const turn = {};
    this.turn = turn;
    const a = this.a;
    const text = !a ? "" : this.view === "normalized" ? a.normalized : a.text;
    let p = null;
    if (text !== "") {
      try {
        p = await this.prepare(this.view);
      } catch (e) {
        if (e === SUPERSEDED) return false;
        throw e;
      }
      if (this.turn !== turn) return false;
    }
    this.observer.disconnect();
    this.root.dataset.view = this.view;
    this.shown = p;
    if (!p) {
      this.boxes = null;
      this.root.replaceChildren(el("p", { class: "empty" }, "متنی برای نمایش نیست. یک خبر بچسبانید یا «امتحان با خبر نمونه» را بزنید."));
      return true;
    }
    const eager = p.text.length <= EAGER_CHARS;
    const body = el("div", { class: "text" });
    this.boxes = p.blocks.map((b, i) => {
      const box = el("div", { class: "blk", dataset: { block: String(i) } });
      if (eager) this.fill(box, i);
      else this.empty(box, i);
      return box;
    });
    body.append(...this.boxes);
    this.root.replaceChildren(body);
    this.root.classList.toggle("long", !eager);
    if (!eager) {
      for (const box of this.boxes) this.observer.observe(box);
      if (frac > 0) this.root.scrollTop = frac * this.root.scrollHeight;
    }
    return true;
  }

  scrollFraction() {
    const h = this.root.scrollHeight;
    return h > 0 ? this.root.scrollTop / h : 0;
  }

  /** An empty box of the block's last measured height, or an estimate from its length. */
  empty(box, i) {
    const p = this.shown;
    const b = p.blocks[i];
    const width = Math.max(200, this.root.clientWidth || 600);
    const guess = Math.ceil(((b.end - b.start) * 8.2) / width) * 36 + 36;
    box.style.height = `${p.heights[i] || guess}px`;
    box.replaceChildren();
    box.dataset.filled = "";
  }

  /** Draws block `i`: one element per line, the block's spans clipped to each line. */
  fill(box, i) {
    const p = this.shown;
    const { start, end } = p.blocks[i];
    if (!p.sorted[i]) {
      p.per[i].sort((x, y) => x.start - y.start);
      p.sorted[i] = 1;
    }
    const spans = p.per[i].filter((s) => s.kind !== "edit" || (this.showEdits && !this.hiddenKinds.has(s.edit.kind)));
    const lines = [];
    let at = start;
    let from = 0; // spans before this index end before the current line
    while (at < end) {
      const nl = p.text.indexOf("\n", at);
      const stop = nl < 0 || nl >= end ? end : nl + 1;
      const line = el("div", { class: "line", dir: "auto" });
      const local = [];
      for (let k = from; k < spans.length && spans[k].start < stop; k++) {
        const s = spans[k];
        if (s.end <= at) continue;
        const cs = Math.max(s.start, at);
        const ce = Math.min(s.end, stop);
        if (ce > cs) local.push({ ...s, start: cs - at, end: ce - at, orig: s });
      }
      while (from < spans.length && spans[from].end <= stop && spans[from].start < stop) from++;
      const stack = [line];
      const base = at;
      walk(nest(stop - at, local), {
        text: (s, e) => stack[stack.length - 1].append(p.text.slice(base + s, base + e)),
        open: (node) => {
          const o = node.span.orig;
          const clipped = node.start + base !== o.start || node.end + base !== o.end;
          const child = spanElement({ span: o, part: node.part || (clipped ? 1 : 0) }, p.a, p.tips);
          stack[stack.length - 1].append(child);
          stack.push(child);
        },
        close: () => stack.pop(),
      });
      lines.push(line);
      at = stop;
    }
    box.style.height = "";
    box.replaceChildren(...lines);
    box.dataset.filled = "1";
    if (this.active) for (const h of box.querySelectorAll(this.active)) h.classList.add("active");
  }

  onIntersect(entries) {
    const p = this.shown;
    if (!p) return;
    for (const en of entries) {
      const box = en.target;
      const i = Number(box.dataset.block);
      if (en.isIntersecting && box.dataset.filled !== "1") this.fill(box, i);
      else if (!en.isIntersecting && box.dataset.filled === "1") {
        p.heights[i] = box.getBoundingClientRect().height;
        this.empty(box, i);
      }
    }
  }

  /** Redraws the blocks that are drawn (after a change of edit kinds). */
  redrawLive() {
    if (!this.boxes) return;
    this.boxes.forEach((box, i) => {
      if (box.dataset.filled === "1") this.fill(box, i);
    });
  }

  /** Draws every block (for printing). */
  fillAll() {
    this.boxes?.forEach((box, i) => {
      if (box.dataset.filled !== "1") this.fill(box, i);
    });
  }

  /** Marks the elements matching `selector` and brings the one at `offset` (a position in the
   * shown view's text) into view, drawing its block first. */
  spotlight(selector, offset, scroll = true) {
    for (const old of this.root.querySelectorAll(".active")) old.classList.remove("active");
    this.active = selector;
    if (!this.boxes) return;
    if (offset !== undefined && offset < this.shown.text.length) {
      const i = blockAt(this.shown.blocks, offset);
      if (this.boxes[i].dataset.filled !== "1") this.fill(this.boxes[i], i);
    }
    const hits = [...this.root.querySelectorAll(selector)];
    for (const h of hits) h.classList.add("active");
    if (scroll && hits[0]) hits[0].scrollIntoView({ block: "center", behavior: "smooth" });
  }

  /** The offset of a span in the shown view. */
  offsetOf(span) {
    return this.root.dataset.view === "normalized" ? span.norm_start : span.start;
  }
}
