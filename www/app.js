// The page: paste Persian text, see what Negah finds, in place and listed beside.
// Plain ES modules, no framework; everything it loads comes from its own origin.
import init, { analyze, version } from "./pkg/negah.js";
import { nest, walk } from "./layout.js";

const $ = (id) => document.getElementById(id);
const num = new Intl.NumberFormat("fa-IR");
const pct = new Intl.NumberFormat("fa-IR", { style: "percent" });

/** Quotes at or above this confidence are shown as certain, below it as possible. */
const CERTAIN = 0.7;
const DEBOUNCE_MS = 200;
const MAX_EDIT_ROWS = 300;

const TYPE_NAMES = {
  PER: "شخص", ORG: "سازمان", LOC: "مکان", FAC: "تأسیسات", EVE: "رویداد", PRO: "محصول",
  ROLE: "سمت", DAT: "تاریخ", TIM: "زمان", MON: "پول", PCT: "درصد", NUM: "عدد",
};
const QUOTE_KINDS = { direct: "مستقیم", indirect: "غیرمستقیم", mixed: "آمیخته" };
const EDIT_NAMES = {
  char: "نویسه", digit: "رقم", diacritic: "اعراب و کشیده", invisible: "نویسهٔ نامرئی",
  punctuation: "نشانه‌گذاری", spacing: "فاصله", zwnj: "نیم‌فاصله", split: "جداسازی",
  dash: "خط تیره", ezafe: "کسرهٔ اضافه",
  boilerplate: "حاشیهٔ سایت",
};
/** Persian wording of the warnings the page knows; others are shown as the library words them. */
const WARNINGS = {
  "replacement-char": "متن نویسهٔ جایگزین (U+FFFD) دارد؛ شاید با رمزگذاری نادرست خوانده شده و بخشی از آن از دست رفته است.",
};
const SOURCE_NAMES = { model: "مدل", gazetteer: "فهرست نام‌ها", rule: "قاعده" };

const input = $("input");
const doc = $("doc");
const statusLine = $("status");
let current = null;
let timer = 0;

const viewName = () => (document.querySelector('input[name="view"]:checked')?.value ?? "original");

/** A short form of a long string for the lists (the full text stays in the page). */
function shorten(s, max) {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max).trimEnd()}…` : t;
}

function el(tag, props = {}, ...children) {
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

/** Visible form of edited characters: spaces and invisible characters as their code points. */
function visible(s) {
  if (s === "") return el("span", { class: "none" }, "—");
  const out = el("span", { class: "chars" });
  for (const ch of s) {
    if (/[\s\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/u.test(ch)) {
      const cp = ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
      out.append(el("code", { dir: "ltr", title: NAMED[ch] ?? "" }, `U+${cp}`));
    } else {
      out.append(ch);
    }
  }
  return out;
}
const NAMED = {
  " ": "فاصله", "\u00a0": "فاصلهٔ نشکن", "\u200c": "نیم‌فاصله (ZWNJ)", "\u200d": "اتصال‌دهنده (ZWJ)",
  "\u200e": "LRM", "\u200f": "RLM", "\ufeff": "BOM", "\n": "خط تازه", "\t": "جدول‌بندی",
};

// ---------------------------------------------------------------------------------------------
// The text with its highlights

/** The spans to draw in the chosen view, outer layers first on equal ranges. */
function spansOf(a, view, withEdits) {
  const norm = view === "normalized";
  const out = [];
  const add = (s, rank, kind, id, extra = {}) => {
    out.push({ start: norm ? s.norm_start : s.start, end: norm ? s.norm_end : s.end, rank, kind, id, ...extra });
  };
  a.boilerplate.forEach((b, i) => add(b, 0, "boilerplate", i, { label: b.label }));
  for (const q of a.quotes) {
    add(q.content, 1, "quote", q.id, { q });
    if (q.speaker) add(q.speaker, 2, "speaker", q.id, { q });
    if (q.cue) add(q.cue, 2, "cue", q.id, { q });
  }
  for (const e of a.entities) add(e, 3, "entity", e.id, { e });
  if (withEdits) a.edits.forEach((e, i) => add(e, 4, "edit", i, { edit: e }));
  return out;
}

function speakerLabel(q) {
  return q.speaker_name ?? (q.speaker ? shorten(q.speaker.text, 60) : "گوینده نامعلوم");
}

function certainty(q) {
  return q.confidence >= CERTAIN ? "certain" : "possible";
}

function spanElement(node, a) {
  const s = node.span;
  const data = { kind: s.kind, id: String(s.id), start: String(s.start), end: String(s.end) };
  if (node.part) data.part = String(node.part);
  switch (s.kind) {
    case "entity": {
      const e = s.e;
      const cluster = e.cluster === null ? null : a.clusters[e.cluster];
      if (cluster) data.cluster = String(cluster.id);
      const title = [TYPE_NAMES[e.type] ?? e.type, cluster ? `خوشه: ${cluster.canonical}` : null,
        `منبع: ${SOURCE_NAMES[e.source] ?? e.source}`].filter(Boolean).join(" · ");
      return el("mark", { class: "ent", dataset: { ...data, type: e.type }, title });
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
      return el("span", { class: "edit", dataset: data,
        title: `${EDIT_NAMES[e.kind] ?? e.kind}: «${e.original}» ← «${e.replacement}»` });
    }
    default:
      return el("span", { dataset: data });
  }
}

function renderDoc(a) {
  const view = viewName();
  const text = view === "normalized" ? a.normalized : a.text;
  doc.dataset.view = view;
  if (text === "") {
    doc.replaceChildren(el("p", { class: "empty" }, "متنی برای نمایش نیست. یک خبر بچسبانید یا «امتحان با خبر نمونه» را بزنید."));
    return;
  }
  const tree = nest(text.length, spansOf(a, view, $("show-edits").checked));
  const body = el("div", { class: "text" });
  const stack = [body];
  walk(tree, {
    text: (s, e) => stack[stack.length - 1].append(text.slice(s, e)),
    open: (node) => {
      const child = spanElement(node, a);
      stack[stack.length - 1].append(child);
      stack.push(child);
    },
    close: () => stack.pop(),
  });
  doc.replaceChildren(body);
}

/** Marks the elements of one finding in the text and brings the first into view. */
function spotlight(selector, scroll = true) {
  for (const old of doc.querySelectorAll(".active")) old.classList.remove("active");
  const hits = [...doc.querySelectorAll(selector)];
  for (const h of hits) h.classList.add("active");
  if (scroll && hits[0]) hits[0].scrollIntoView({ block: "center", behavior: "smooth" });
}

// ---------------------------------------------------------------------------------------------
// The lists beside the text

function renderQuotes(a) {
  $("quotes-count").textContent = a.quotes.length ? `(${num.format(a.quotes.length)})` : "";
  const list = $("quotes");
  if (!a.quotes.length) {
    list.replaceChildren(el("li", { class: "none" }, "نقل قولی پیدا نشد."));
    return;
  }
  list.replaceChildren(...a.quotes.map((q) => {
    const sure = certainty(q);
    const button = el("button", { type: "button", class: `item quote-item ${sure}`, dataset: { quote: String(q.id) } },
      el("span", { class: "q-head" },
        el("strong", { class: "who" }, speakerLabel(q)),
        el("span", { class: "badge" }, QUOTE_KINDS[q.kind] ?? q.kind),
        el("span", { class: `badge ${sure}` }, `${sure === "certain" ? "قطعی" : "احتمالی"} · ${pct.format(q.confidence)}`)),
      el("span", { class: "q-text" }, `«${shorten(q.content.text, 180)}»`),
      el("span", { class: "q-meta" },
        q.cue ? el("span", {}, "فعل گفتار: ", el("b", {}, q.cue.text)) : null,
        q.speaker && q.speaker_name ? el("span", {}, "در متن: ", shorten(q.speaker.text, 50)) : null));
    button.addEventListener("click", () => spotlight(`[data-kind="quote"][data-id="${q.id}"], [data-kind="speaker"][data-id="${q.id}"], [data-kind="cue"][data-id="${q.id}"]`));
    return el("li", {}, button);
  }));
}

function chip(label, count, selector, type) {
  const b = el("button", { type: "button", class: "chip", dataset: { type } },
    label, count > 1 ? el("span", { class: "times" }, `×${num.format(count)}`) : null);
  b.addEventListener("click", () => spotlight(selector));
  return b;
}

function renderEntities(a) {
  $("entities-count").textContent = a.entities.length ? `(${num.format(a.entities.length)})` : "";
  const box = $("entities");
  if (!a.entities.length) {
    box.replaceChildren(el("p", { class: "none" }, "موجودیتی پیدا نشد."));
    return;
  }
  const parts = [];
  if (a.clusters.length) {
    parts.push(el("h3", {}, "خوشه‌ها"), el("ul", { class: "clusters" }, a.clusters.map((c) => {
      const forms = new Map();
      for (const id of c.mentions) {
        const t = a.entities[id]?.text.replace(/\s+/g, " ");
        if (t) forms.set(t, (forms.get(t) ?? 0) + 1);
      }
      const head = el("button", { type: "button", class: "item cluster", dataset: { type: c.type, cluster: String(c.id) } },
        el("span", { class: "dot", dataset: { type: c.type }, "aria-hidden": "true" }),
        el("strong", {}, c.canonical),
        el("span", { class: "badge" }, TYPE_NAMES[c.type] ?? c.type),
        el("span", { class: "times" }, `${num.format(c.mentions.length)} بار`));
      head.addEventListener("click", () => spotlight(`mark.ent[data-cluster="${c.id}"]`));
      return el("li", {}, head, el("span", { class: "forms" },
        [...forms].map(([t, n]) => el("span", { class: "form" }, t, n > 1 ? el("span", { class: "times" }, `×${num.format(n)}`) : null))));
    })));
  }
  const loose = a.entities.filter((e) => e.cluster === null);
  if (loose.length) {
    const byType = new Map();
    for (const e of loose) {
      const forms = byType.get(e.type) ?? new Map();
      const t = e.text.replace(/\s+/g, " ");
      forms.set(t, [...(forms.get(t) ?? []), e.id]);
      byType.set(e.type, forms);
    }
    parts.push(el("h3", {}, "دیگر موجودیت‌ها"));
    for (const [type, forms] of [...byType].sort()) {
      parts.push(el("div", { class: "type-group" },
        el("span", { class: "type-name" }, el("span", { class: "dot", dataset: { type }, "aria-hidden": "true" }), TYPE_NAMES[type] ?? type),
        el("span", { class: "chips" }, [...forms].map(([t, ids]) =>
          chip(t, ids.length, ids.map((id) => `mark.ent[data-id="${id}"]`).join(", "), type)))));
    }
  }
  box.replaceChildren(...parts);
}

function renderEdits(a) {
  $("edits-count").textContent = a.edits.length ? `(${num.format(a.edits.length)})` : "";
  const box = $("edits");
  if (!a.edits.length) {
    box.replaceChildren(el("p", { class: "none" }, a.text ? "متن نیازی به یکسان‌سازی نداشت." : "—"));
    return;
  }
  const counts = new Map();
  for (const e of a.edits) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
  const rows = a.edits.slice(0, MAX_EDIT_ROWS).map((e, i) => {
    const row = el("tr", {},
      el("td", {}, EDIT_NAMES[e.kind] ?? e.kind),
      el("td", {}, visible(e.original)),
      el("td", { "aria-hidden": "true" }, "←"),
      el("td", {}, visible(e.replacement)),
      el("td", {}, el("button", { type: "button", class: "link", "aria-label": `نمایش ویرایش ${num.format(i + 1)} در متن` }, "نمایش")));
    row.querySelector("button").addEventListener("click", () => {
      if (!$("show-edits").checked) {
        $("show-edits").checked = true;
        renderDoc(current);
      }
      spotlight(`[data-kind="edit"][data-id="${i}"]`);
    });
    return row;
  });
  box.replaceChildren(
    el("p", { class: "summary" }, [...counts].map(([k, n]) => `${EDIT_NAMES[k] ?? k}: ${num.format(n)}`).join("، ")),
    el("table", { class: "edits" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "نوع"), el("th", { scope: "col" }, "اصلی"),
        el("th", { scope: "col" }, el("span", { class: "sr-only" }, "به")), el("th", { scope: "col" }, "یکسان‌شده"),
        el("th", { scope: "col" }, el("span", { class: "sr-only" }, "مکان")))),
      el("tbody", {}, rows)),
  );
  if (a.edits.length > MAX_EDIT_ROWS) {
    box.append(el("p", { class: "none" }, `و ${num.format(a.edits.length - MAX_EDIT_ROWS)} ویرایش دیگر`));
  }
}

function renderWarnings(a) {
  const list = $("warnings");
  list.hidden = a.warnings.length === 0;
  list.replaceChildren(...a.warnings.map((w) => WARNINGS[w.code]
    ? el("li", { dataset: { code: w.code }, title: w.message }, WARNINGS[w.code])
    : el("li", { dataset: { code: w.code }, dir: "auto" }, w.message)));
}

function renderAll(a, ms) {
  renderDoc(a);
  renderQuotes(a);
  renderEntities(a);
  renderEdits(a);
  renderWarnings(a);
  statusLine.textContent = a.text
    ? `${num.format(a.entities.length)} موجودیت، ${num.format(a.quotes.length)} نقل قول، ${num.format(a.edits.length)} ویرایش · ${num.format(Math.max(1, Math.round(ms)))} میلی‌ثانیه`
    : "آماده. متنی بچسبانید.";
  doc.dataset.state = "ready";
}

function run() {
  clearTimeout(timer);
  const t0 = performance.now();
  try {
    current = analyze(input.value);
  } catch (e) {
    statusLine.textContent = `خطا در تحلیل: ${e.message}`;
    doc.dataset.state = "error";
    return;
  }
  renderAll(current, performance.now() - t0);
}

function schedule() {
  doc.dataset.state = "pending";
  clearTimeout(timer);
  timer = setTimeout(run, DEBOUNCE_MS);
}

async function loadSample() {
  const button = $("sample");
  button.disabled = true;
  try {
    const res = await fetch("sample.txt");
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    input.value = await res.text();
    run();
    input.focus();
    input.setSelectionRange(0, 0);
    input.scrollTop = 0;
  } catch (e) {
    statusLine.textContent = `خبر نمونه بارگذاری نشد: ${e.message}`;
  } finally {
    button.disabled = false;
  }
}

async function main() {
  try {
    await init();
  } catch (e) {
    statusLine.textContent = `تحلیلگر بارگذاری نشد: ${e.message}`;
    doc.dataset.state = "error";
    return;
  }
  $("version").textContent = `negah ${version()}`;
  input.addEventListener("input", schedule);
  $("sample").addEventListener("click", loadSample);
  $("clear").addEventListener("click", () => {
    input.value = "";
    run();
    input.focus();
  });
  for (const r of document.querySelectorAll('input[name="view"]')) {
    r.addEventListener("change", () => current && renderDoc(current));
  }
  $("show-edits").addEventListener("change", () => current && renderDoc(current));
  doc.addEventListener("click", (ev) => {
    const mark = ev.target.closest("mark.ent");
    if (!mark) return;
    spotlight(mark.dataset.cluster ? `mark.ent[data-cluster="${mark.dataset.cluster}"]` : `mark.ent[data-id="${mark.dataset.id}"]`, false);
  });
  run();
}

main();
