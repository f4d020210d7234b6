// The page: paste Persian text, see what Negah finds, in place and listed beside, and take it
// away. Plain ES modules, no framework; everything it loads comes from its own origin. The wasm
// runs in the npm package's worker (engine.js); this thread only renders.
import { start } from "./boot.js";
import { engine } from "./engine.js";
import { DocView } from "./render.js";
import { renderQuotes, renderEntities, renderEdits, renderWarnings, quoteGroups } from "./panels.js";
import { copyText, download, entitiesCsv, json, quotesCsv } from "./export.js";
import { $, el, num, speakerLabel, shorten, breathe, SUPERSEDED } from "./util.js";
import { onUpdate, register } from "./offline.js";

const DEBOUNCE_MS = 250;
/** From this many UTF-16 units on, the box keeps the text but is folded away: laying out a
 * megabyte of Persian in a textarea blocks the main thread for half a second or more, and the
 * analysed view below shows the text anyway. */
const LARGE = 100_000;
/** Up to this many UTF-16 units a result is drawn without pauses between its parts. */
const SHORT = 24_000;
/** Below this many UTF-16 units a run is too short for a progress bar to help. */
const PROGRESS_FROM = 60_000;
/** UTF-8 bytes per word of Persian news text (the sample: 5,617 bytes, 590 words), used only
 * to say the size limit in words. */
const BYTES_PER_WORD = 9.5;

const input = $("input");
const docEl = $("doc");
const statusLine = $("status");
const view = new DocView(docEl);
const hiddenKinds = new Set();
let current = null;
let limitBytes = null;
let timer = 0;
let job = null; // { controller, started, bytes }
/** Learned analysis speed (UTF-16 units per ms) for the progress estimate. */
let rate = 350;
/** Whether an analysis with entities has run (the worker has loaded the entity model). */
let entitiesLoaded = false;
/** Whether the analyzer failed to load (its message stays on the status line). */
let engineDown = false;

document.documentElement.dataset.build = document.getElementById("negah-wasm") ? "single" : "served";

/** The house style (the core's named styles), remembered between visits. */
const STYLE_KEY = "negah.style";
function savedStyle() {
  try {
    return localStorage.getItem(STYLE_KEY);
  } catch {
    return null; // storage refused (private mode, some file:// settings): the default
  }
}
function analyzeOptions() {
  return { normalize: { style: $("style").value } };
}

const viewName = () => (document.querySelector('input[name="view"]:checked')?.value ?? "original");

function say(text) {
  statusLine.textContent = text;
}

function toast(text) {
  const t = $("toast");
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (t.hidden = true), 3500);
}

/** Puts `text` in the box; a large one with the box folded first, so it is never laid out. */
function setText(text) {
  fold(text.length >= LARGE, text);
  input.value = text;
}

function fold(on, text = input.value) {
  const editor = input.closest(".editor");
  if (on) {
    $("large-text").textContent = `متنی بزرگ (${num.format(text.length)} نویسه) در جعبه است؛ برای سبک ماندن صفحه جعبه بسته شد و متن در نمای تحلیل‌شده پایین‌تر می‌آید.`;
  }
  editor.classList.toggle("large", on);
  // dir="auto" makes every value change scan the text's direction: 150-350 ms for 1 MB.
  input.dir = on ? "rtl" : "auto";
  $("large").hidden = !on;
}

/** A large paste goes into the folded box instead of the visible one. */
function onPaste(ev) {
  const pasted = ev.clipboardData?.getData("text/plain") ?? "";
  if (pasted.length + input.value.length < LARGE) return;
  ev.preventDefault();
  const { selectionStart: s, selectionEnd: e, value } = input;
  setText(value.slice(0, s) + pasted + value.slice(e));
  run();
}

/** UTF-8 length of `s`, counted only when it could matter against `limit`. */
function overLimit(s) {
  if (limitBytes === null || s.length * 3 <= limitBytes) return false;
  if (s.length > limitBytes) return true;
  return new TextEncoder().encode(s).length > limitBytes;
}

function limitWords() {
  return `${num.format(Math.round(limitBytes / 2 ** 20))} مگابایت، حدود ${num.format(Math.round(limitBytes / BYTES_PER_WORD / 1e6))} میلیون واژه`;
}

function refuse(what) {
  say(`${what} از بیشینهٔ اندازه (${limitWords()}) بزرگ‌تر است و تحلیل نشد. متن را به چند بخش کوچک‌تر تقسیم کنید.`);
  docEl.dataset.state = "refused";
  setBusy(false);
}

function setBusy(on, big = false) {
  $("cancel").hidden = !on || !big;
  $("progress").hidden = !on || !big;
  if (!on) clearTimeout(setBusy.raf);
}

function tick() {
  if (!job) return;
  const elapsed = performance.now() - job.started;
  const expected = job.length / rate;
  const frac = Math.min(0.97, elapsed / Math.max(1, expected));
  $("progress").value = frac;
  say(`در حال تحلیل ${num.format(job.length)} نویسه… حدود ${num.format(Math.round(frac * 100))}٪ (تخمین از روی زمان)`);
  // Twice a second is enough for a bar, and keeps the main thread idle.
  setBusy.raf = setTimeout(tick, 500);
}

/** Drops the running analysis: its result will be ignored. A long one is stopped (the worker
 * ends and a fresh one starts); a short one is left to finish, cheaper than a new worker. */
function supersede() {
  if (!job) return;
  if (job.length >= PROGRESS_FROM) job.controller.abort();
  job = null;
}

async function run() {
  clearTimeout(timer);
  const text = input.value;
  supersede();
  if (overLimit(text)) {
    refuse("این متن");
    return;
  }
  const controller = new AbortController();
  const big = text.length >= PROGRESS_FROM;
  job = { controller, started: performance.now(), length: text.length };
  const mine = job;
  docEl.dataset.state = "pending";
  setBusy(true, big);
  if (big) tick();
  try {
    const how = {
      signal: controller.signal,
      onProgress: ({ stage }) => stage === "loading" && !big && say("در حال بارگذاری تحلیلگر…"),
    };
    if (!entitiesLoaded && !big && text.trim()) {
      // The first analysis of a visit loads the entity model, the slowest part of a cold
      // start: a short text is shown first without entities, then again with them.
      performance.mark("negah:quick-asked"); // with negah:quick-got: the worker's share
      const quick = await engine.analyze(text, { ...analyzeOptions(), no_entities: true }, how);
      performance.mark("negah:quick-got");
      if (job !== mine) return;
      current = quick.result;
      await render(performance.now() - mine.started, true);
      if (job !== mine) return;
    }
    const { result, ms } = await engine.analyze(text, analyzeOptions(), how);
    if (job !== mine) return;
    if (text.length > 10_000 && ms > 0) rate = text.length / ms;
    if (text.trim()) entitiesLoaded = true;
    current = result;
    job = null;
    setBusy(false);
    await render(performance.now() - mine.started);
  } catch (e) {
    if (job !== mine) return;
    job = null;
    setBusy(false);
    if (engineDown) return;
    if (e.name === "AbortError") {
      say("تحلیل لغو شد. متن در جعبه مانده است؛ برای تحلیل دوباره چیزی در آن تغییر دهید.");
      docEl.dataset.state = "cancelled";
    } else {
      say(`خطا در تحلیل: ${e.message}`);
      docEl.dataset.state = "error";
    }
  }
}

function schedule() {
  supersede();
  setBusy(false);
  docEl.dataset.state = "pending";
  clearTimeout(timer);
  timer = setTimeout(run, DEBOUNCE_MS);
}

function spot(selector, span, editKind) {
  if (editKind && (!$("show-edits").checked || hiddenKinds.has(editKind))) {
    $("show-edits").checked = true;
    hiddenKinds.delete(editKind);
    document.querySelector(`#edits input[data-edit-kind="${editKind}"]`)?.click();
    applyEdits();
  }
  view.spotlight(selector, span ? view.offsetOf(span) : undefined);
}

function applyEdits() {
  view.setEdits($("show-edits").checked, hiddenKinds);
}

/** Draws `current`; `partial`: an analysis without entities, shown while they load. The
 * text and the entities panel walk their lists in slices: a later result (or text) that
 * arrives meanwhile takes over, and this one stops. */
async function render(ms, partial = false) {
  const a = current;
  const alive = () => current === a;
  // A short text is drawn in one go (some 10-30 ms): a pause between the panels would only let
  // other tasks in before it is on screen (20 ms and more under load).
  const pause = a.text.length > SHORT ? breathe : async () => {};
  try {
    if (!(await view.set(a)) || !alive()) return;
    await pause(alive);
    renderQuotes(a, { onSpot: spot, onCopy: copied });
    await pause(alive);
    await renderEntities(a, { onSpot: spot, alive });
    await pause(alive);
  } catch (e) {
    if (e === SUPERSEDED) return;
    throw e;
  }
  renderEdits(a, {
    hidden: hiddenKinds,
    onSpot: spot,
    onToggle: (kind, on) => {
      if (on) hiddenKinds.delete(kind);
      else hiddenKinds.add(kind);
      applyEdits();
    },
  });
  renderWarnings(a);
  if (partial) say(`${num.format(a.quotes.length)} نقل قول، ${num.format(a.edits.length)} ویرایش · موجودیت‌ها در راه‌اند…`);
  else {
    say(a.text
      ? `${num.format(a.entities.length)} موجودیت، ${num.format(a.quotes.length)} نقل قول، ${num.format(a.edits.length)} ویرایش · ${num.format(Math.max(1, Math.round(ms)))} میلی‌ثانیه`
      : "آماده. متنی بچسبانید.");
  }
  docEl.dataset.state = partial ? "partial" : "ready";
  document.documentElement.dataset.engine = engine.mode;
  // For scripts/page-bench.mjs: when each analysis was on screen, and whether with entities.
  const detail = { length: a.text.length, entities: !partial };
  performance.mark("negah:rendered", { detail });
  // …and the frame that shows it: the task after the next animation frame.
  requestAnimationFrame(() => setTimeout(() => performance.mark("negah:painted", { detail })));
}

async function copied(text, message) {
  try {
    await copyText(text);
    toast(message);
  } catch (e) {
    toast(`رونوشت نشد: ${e.message}`);
  }
}

/** Replaces the box's text with a file's, refusing (and keeping the box) what is not UTF-8 text
 * or over the limit. */
async function openFile(file) {
  if (limitBytes !== null && file.size > limitBytes) {
    refuse(`پروندهٔ «${file.name}»`);
    return;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    say(`پروندهٔ «${file.name}» متن UTF-8 نیست و باز نشد (متن جعبه دست نخورد). آن را با رمزگذاری UTF-8 ذخیره کنید.`);
    return;
  }
  setText(text);
  run();
}

function printReport() {
  const a = current;
  const table = $("print-quotes") ?? el("section", { id: "print-quotes", class: "print-only" });
  table.replaceChildren();
  if (a?.quotes.length) {
    table.append(el("h2", {}, "چه کسی چه گفت"), el("table", { class: "report" },
      el("thead", {}, el("tr", {}, el("th", {}, "گوینده"), el("th", {}, "نقل قول"), el("th", {}, "فعل گفتار"))),
      el("tbody", {}, quoteGroups(a).flatMap((g) => g.quotes.map((q) =>
        el("tr", {}, el("td", {}, speakerLabel(q)), el("td", { dir: "auto" }, `«${shorten(q.content.text, 400)}»`), el("td", {}, q.cue?.text ?? "")))))));
  }
  docEl.closest(".card").after(table);
  view.fillAll();
}

function wire() {
  input.addEventListener("input", schedule);
  input.addEventListener("paste", onPaste);
  $("large-show").addEventListener("click", () => {
    fold(false);
    input.focus();
  });
  $("sample").addEventListener("click", loadSample);
  $("clear").addEventListener("click", () => {
    setText("");
    run();
    input.focus();
  });
  $("cancel").addEventListener("click", () => job?.controller.abort());
  for (const r of document.querySelectorAll('input[name="view"]')) {
    r.addEventListener("change", () => view.setView(viewName()));
  }
  $("show-edits").addEventListener("change", applyEdits);
  const style = $("style");
  const saved = savedStyle();
  if (saved && [...style.options].some((o) => o.value === saved)) style.value = saved;
  style.addEventListener("change", () => {
    try {
      localStorage.setItem(STYLE_KEY, style.value);
    } catch {
      // Not remembered, still used.
    }
    run();
  });
  docEl.addEventListener("click", (ev) => {
    const mark = ev.target.closest("mark.ent");
    if (!mark) return;
    view.spotlight(mark.dataset.cluster ? `mark.ent[data-cluster="${mark.dataset.cluster}"]` : `mark.ent[data-id="${mark.dataset.id}"]`, undefined, false);
  });
  $("copy-normalized").addEventListener("click", () => current && copied(current.normalized, "متن یکسان‌شده رونوشت شد."));
  $("download-json").addEventListener("click", () => current && download("negah-analysis.json", json(current), "application/json"));
  $("download-quotes").addEventListener("click", () => current && download("negah-quotes.csv", quotesCsv(current), "text/csv;charset=utf-8"));
  $("download-entities").addEventListener("click", () => current && download("negah-entities.csv", entitiesCsv(current), "text/csv;charset=utf-8"));
  $("print").addEventListener("click", () => window.print());
  window.addEventListener("beforeprint", printReport);
  $("open-file").addEventListener("change", (ev) => {
    const f = ev.target.files?.[0];
    if (f) openFile(f);
    ev.target.value = "";
  });
  const drop = $("drop");
  let depth = 0;
  const hasFile = (ev) => [...(ev.dataTransfer?.types ?? [])].includes("Files");
  document.addEventListener("dragenter", (ev) => {
    if (!hasFile(ev)) return;
    depth++;
    drop.hidden = false;
  });
  document.addEventListener("dragleave", () => {
    if (--depth <= 0) {
      depth = 0;
      drop.hidden = true;
    }
  });
  document.addEventListener("dragover", (ev) => hasFile(ev) && ev.preventDefault());
  document.addEventListener("drop", (ev) => {
    if (!hasFile(ev)) return;
    ev.preventDefault();
    depth = 0;
    drop.hidden = true;
    const f = ev.dataTransfer.files[0];
    if (f) openFile(f);
  });
}

/** Puts the sample in the box and analyzes it; resolves when the analysis is done. */
async function loadSample() {
  const button = $("sample");
  button.disabled = true;
  let analysis;
  try {
    const inline = document.getElementById("negah-sample");
    if (inline) setText(inline.textContent);
    else {
      // The response boot.js asked for when the address says ?sample, the first time.
      const res = await (start.sample ?? fetch("sample.txt"));
      start.sample = null;
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      setText(await res.text());
    }
    analysis = run();
    input.focus();
    input.setSelectionRange(0, 0);
    input.scrollTop = 0;
  } catch (e) {
    say(`خبر نمونه بارگذاری نشد: ${e.message}`);
  } finally {
    button.disabled = false;
  }
  await analysis;
}

/** Offers a reload when a new build has been installed beside the running one. */
function offerUpdates() {
  onUpdate((accept) => {
    $("update").hidden = false;
    $("update-now").onclick = accept;
  });
}

async function main() {
  wire();
  offerUpdates();
  limitBytes = engine.maxInputBytes();
  $("limit").textContent = `بیشینهٔ متن: ${limitWords()}.`;
  // The version line and the first analysis both wait for the engine; neither waits for the
  // other.
  engine.version().then((v) => {
    $("version").textContent = `negah ${v}`;
    performance.mark("negah:engine-ready");
    document.documentElement.dataset.engine = engine.mode;
  }, (e) => {
    engineDown = true;
    say(`تحلیلگر بارگذاری نشد: ${e.message}`);
    docEl.dataset.state = "error";
  });
  const first = new URLSearchParams(location.search).has("sample") && !input.value ? loadSample() : run();
  // The service worker installs once the first analysis is on screen (offline.js says why);
  // at the latest after 10 s, whatever became of it.
  await Promise.race([first, new Promise((done) => setTimeout(done, 10_000))]);
  register();
}

main();
