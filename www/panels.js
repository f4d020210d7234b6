// The lists beside the text: who said what (grouped by resolved person), entities (each person
// with every mention and office under the name), edits (grouped by kind, with a switch per
// kind) and warnings. Long lists show a page at a time ("more"), so a 1 MB article keeps the
// DOM small. Clicking an item marks it in the text through `onSpot`.
import {
  $, el, num, pct, shorten, speakerLabel, certainty, visible, linkScores, sliced,
  TYPE_NAMES, QUOTE_KINDS, EDIT_NAMES, LINK_CERTAIN,
} from "./util.js";
import { editWords } from "./render.js";
import { citation } from "./export.js";

const PAGE = 30;
/** Quotes shown at first under one person (a long article quotes some people hundreds of times). */
const GROUP_PAGE = 10;

/** Persian wording of the warnings the page knows; others are shown as the library words them. */
const WARNINGS = {
  "replacement-char": "متن نویسهٔ جایگزین (U+FFFD) دارد؛ شاید با رمزگذاری نادرست خوانده شده و بخشی از آن از دست رفته است.",
  "lone-surrogate": "متن نیمهٔ تنهای یک نویسهٔ دوبخشی (مانند شکلک بریده) دارد؛ به جای آن U+FFFD خوانده شد.",
  "not-persian": "متن فارسی به نظر نمی‌رسد؛ موجودیت‌ها و نقل قول‌ها فقط در متن فارسی جست‌وجو می‌شوند.",
};

/** Appends `items` to `list` a page at a time, with a "more" button while some are left. */
function paged(list, items, make, label, size = PAGE) {
  let shown = 0;
  const more = el("button", { type: "button", class: "more" });
  const step = () => {
    const next = items.slice(shown, shown + size);
    shown += next.length;
    list.append(...next.map(make));
    more.textContent = `${num.format(Math.min(size, items.length - shown))} ${label} دیگر (از ${num.format(items.length - shown)})`;
    more.hidden = shown >= items.length;
  };
  more.addEventListener("click", () => {
    step();
    list.lastElementChild?.querySelector("button")?.focus();
  });
  step();
  return more;
}

/** The groups of the who-said-what list: one per resolved person (cluster), else per name or
 * words of the text; quotes without a speaker last. */
export function quoteGroups(a) {
  const groups = new Map();
  for (const q of a.quotes) {
    const key = q.cluster !== null ? `c${q.cluster}` : q.speaker_name ? `n${q.speaker_name}`
      : q.speaker ? `s${q.speaker.text}` : "none";
    const g = groups.get(key) ?? { key, label: speakerLabel(q), resolved: q.cluster !== null || !!q.speaker_name, quotes: [] };
    g.quotes.push(q);
    groups.set(key, g);
  }
  return [...groups.values()].sort((x, y) => (x.key === "none") - (y.key === "none"));
}

export function renderQuotes(a, { onSpot, onCopy }) {
  $("quotes-count").textContent = a.quotes.length ? `(${num.format(a.quotes.length)})` : "";
  const box = $("quotes");
  if (!a.quotes.length) {
    box.replaceChildren(el("p", { class: "none" }, "نقل قولی پیدا نشد."));
    return;
  }
  const card = (q) => {
    const sure = certainty(q);
    const spot = el("button", { type: "button", class: `item quote-item ${sure}`, dataset: { quote: String(q.id) } },
      el("span", { class: "q-head" },
        el("span", { class: "badge" }, QUOTE_KINDS[q.kind] ?? q.kind),
        el("span", { class: `badge ${sure}` }, `${sure === "certain" ? "قطعی" : "احتمالی"} · ${pct.format(q.confidence)}`)),
      el("span", { class: "q-text", dir: "auto" }, `«${shorten(q.content.text, 180)}»`),
      el("span", { class: "q-meta" },
        q.cue ? el("span", {}, "فعل گفتار: ", el("b", {}, q.cue.text)) : null,
        q.speaker && q.speaker_name ? el("span", {}, "در متن: ", shorten(q.speaker.text, 50)) : null));
    spot.addEventListener("click", () => onSpot(
      `[data-kind="quote"][data-id="${q.id}"], [data-kind="speaker"][data-id="${q.id}"], [data-kind="cue"][data-id="${q.id}"]`, q.content));
    const cite = el("button", { type: "button", class: "link cite", "aria-label": `رونوشت نقل قول ${num.format(q.id + 1)} با نام گوینده` }, "رونوشت با نام");
    cite.addEventListener("click", () => onCopy(citation(a, q), "نقل قول با نام گوینده رونوشت شد."));
    return el("li", {}, spot, cite);
  };
  const groups = quoteGroups(a);
  const list = el("ol", { class: "people" });
  const more = paged(list, groups, (g) => {
    const uncertain = !g.resolved || g.quotes.every((q) => !q.certain);
    const quotes = el("ol", { class: "list" });
    return el("li", { class: "person", dataset: { group: g.key } },
      el("h3", { class: uncertain ? "who uncertain" : "who" }, g.label,
        uncertain && g.key !== "none" ? el("span", { class: "badge possible" }, "نامطمئن") : null,
        el("span", { class: "times" }, `${num.format(g.quotes.length)} نقل قول`)),
      quotes, paged(quotes, g.quotes, card, "نقل قول", GROUP_PAGE));
  }, "گوینده");
  box.replaceChildren(list, more);
}

/** The distinct forms of a cluster's names and of its offices (ROLE mentions), each with its
 * count; a form whose every link to the cluster is weak is marked uncertain, with its best
 * score. One pass over the mentions (a cluster of a long article has thousands), grouped by the
 * text as written, then by the distinct texts with their spaces made one. */
function clusterForms(a, c, scores) {
  const raw = { names: new Map(), offices: new Map() };
  for (const id of c.mentions) {
    const e = a.entities[id];
    if (!e) continue;
    const m = e.type === "ROLE" ? raw.offices : raw.names;
    const f = m.get(e.text);
    const score = scores.get(id) ?? 1;
    if (f) {
      f.n += 1;
      if (score > f.best) f.best = score;
    } else m.set(e.text, { n: 1, best: score });
  }
  const chips = (byText) => {
    const m = new Map();
    for (const [text, { n, best }] of byText) {
      const t = text.replace(/\s+/g, " ");
      const f = m.get(t);
      if (f) {
        f.n += n;
        f.best = Math.max(f.best, best);
      } else m.set(t, { n, best });
    }
    return [...m].map(([t, { n, best }]) => {
      const weak = best < LINK_CERTAIN;
      return el("span", { class: weak ? "form uncertain" : "form", dir: "auto", title: weak ? `پیوند نامطمئن (${pct.format(best)})` : null },
        t, n > 1 ? el("span", { class: "times" }, `×${num.format(n)}`) : null, weak ? el("span", { class: "sr-only" }, " (نامطمئن)") : null);
    });
  };
  return { names: chips(raw.names), offices: chips(raw.offices) };
}

/** The entities panel. Its grouping walks every entity, in slices (`alive` as for `sliced`). */
export async function renderEntities(a, { onSpot, alive }) {
  $("entities-count").textContent = a.entities.length ? `(${num.format(a.entities.length)})` : "";
  const box = $("entities");
  if (!a.entities.length) {
    box.replaceChildren(el("p", { class: "none" }, "موجودیتی پیدا نشد."));
    return;
  }
  const parts = [];
  const scores = linkScores(a);
  if (a.clusters.length) {
    // People first, then the other kinds, each by how often it is mentioned.
    const order = [...a.clusters].sort((x, y) => (x.type !== "PER") - (y.type !== "PER") || y.mentions.length - x.mentions.length);
    const list = el("ul", { class: "clusters" });
    const more = paged(list, order, (c) => {
      const { names, offices } = clusterForms(a, c, scores);
      const first = a.entities[c.mentions[0]];
      const head = el("button", { type: "button", class: "item cluster", dataset: { type: c.type, cluster: String(c.id) } },
        el("span", { class: "dot", dataset: { type: c.type }, "aria-hidden": "true" }),
        el("strong", { dir: "auto" }, c.canonical),
        el("span", { class: "badge" }, TYPE_NAMES[c.type] ?? c.type),
        el("span", { class: "times" }, `${num.format(c.mentions.length)} بار`));
      head.addEventListener("click", () => onSpot(`mark.ent[data-cluster="${c.id}"]`, first));
      return el("li", {}, head,
        names.length ? el("span", { class: "forms" }, el("span", { class: "form-label" }, "نام‌ها:"), names) : null,
        offices.length ? el("span", { class: "forms" }, el("span", { class: "form-label" }, "سمت‌ها:"), offices) : null);
    }, "خوشه");
    parts.push(el("h3", {}, "خوشه‌ها"), list, more);
  }
  const byType = new Map();
  await sliced(a.entities.length, (k) => {
    const e = a.entities[k];
    if (e.cluster !== null) return;
    const f = byType.get(e.type) ?? new Map();
    const t = e.text.replace(/\s+/g, " ");
    const same = f.get(t);
    if (same) same.push(e);
    else f.set(t, [e]);
    byType.set(e.type, f);
  }, alive);
  if (byType.size) {
    parts.push(el("h3", {}, "دیگر موجودیت‌ها"));
    for (const [type, f] of [...byType].sort()) {
      const chips = el("span", { class: "chips" });
      const more = paged(chips, [...f], ([t, es]) => {
        const b = el("button", { type: "button", class: "chip", dataset: { type }, dir: "auto" },
          t, es.length > 1 ? el("span", { class: "times" }, `×${num.format(es.length)}`) : null);
        b.addEventListener("click", () => onSpot(es.map((e) => `mark.ent[data-id="${e.id}"]`).join(", "), es[0]));
        return b;
      }, "مورد");
      parts.push(el("div", { class: "type-group" },
        el("span", { class: "type-name" }, el("span", { class: "dot", dataset: { type }, "aria-hidden": "true" }), TYPE_NAMES[type] ?? type),
        el("span", {}, chips, more)));
    }
  }
  box.replaceChildren(...parts);
}

/** The edits panel: one group per kind with its count, a switch that shows or hides that kind
 * in the text at once, and each edit as its word before → after. */
export function renderEdits(a, { hidden, onToggle, onSpot }) {
  $("edits-count").textContent = a.edits.length ? `(${num.format(a.edits.length)})` : "";
  const box = $("edits");
  if (!a.edits.length) {
    box.replaceChildren(el("p", { class: "none" }, a.text ? "متن نیازی به یکسان‌سازی نداشت." : "—"));
    return;
  }
  const byKind = new Map();
  a.edits.forEach((e, i) => {
    const ids = byKind.get(e.kind);
    if (ids) ids.push(i);
    else byKind.set(e.kind, [i]);
  });
  const groups = [...byKind].map(([kind, ids]) => {
    const name = EDIT_NAMES[kind] ?? kind;
    const toggle = el("input", { type: "checkbox", checked: !hidden.has(kind), dataset: { editKind: kind } });
    toggle.addEventListener("change", () => onToggle(kind, toggle.checked));
    const list = el("ol", { class: "edit-list" });
    const more = paged(list, ids, (i) => {
      const e = a.edits[i];
      const w = editWords(a, e);
      const show = el("button", { type: "button", class: "link", "aria-label": `نمایش ویرایش ${num.format(i + 1)} در متن` }, "نمایش");
      show.addEventListener("click", () => onSpot(`[data-kind="edit"][data-id="${i}"]`, e, kind));
      return el("li", { class: "edit-row", dataset: { edit: String(i) } },
        el("span", { class: "word", dir: "auto" }, shorten(w.before, 30)),
        el("span", { "aria-hidden": "true" }, " ← "), el("span", { class: "sr-only" }, " به "),
        el("span", { class: "word", dir: "auto" }, shorten(w.after, 30)),
        el("span", { class: "change" }, visible(e.original), " ← ", visible(e.replacement)),
        show);
    }, "ویرایش");
    return el("section", { class: "edit-kind", dataset: { kind } },
      el("label", { class: "check kind-head" }, toggle, el("strong", {}, name), el("span", { class: "times" }, num.format(ids.length))),
      list, more);
  });
  box.replaceChildren(...groups);
}

export function renderWarnings(a) {
  const list = $("warnings");
  list.hidden = a.warnings.length === 0;
  list.replaceChildren(...a.warnings.map((w) => WARNINGS[w.code]
    ? el("li", { dataset: { code: w.code }, title: w.message }, WARNINGS[w.code])
    : el("li", { dataset: { code: w.code }, dir: "auto" }, w.message)));
}
