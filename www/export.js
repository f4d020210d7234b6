// Taking the results away: JSON of the whole analysis, quotes and entities as CSV (UTF-8 with a
// BOM so spreadsheets read Persian; RFC 4180 quoting, CRLF), a quote as a citation, and the
// clipboard. Pure functions of the analysis except `download` and `copyText`; the e2e test
// checks their output against an independent analysis.

const BOM = "\ufeff";

/** One CSV field: quoted when it holds a comma, quote or line break; a leading = + - @ (which a
 * spreadsheet would run as a formula) gets an apostrophe in front. */
function field(v) {
  let s = v === null || v === undefined ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csv(header, rows) {
  return BOM + [header, ...rows].map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}

/** Quotes: one row per quote, in text order. Offsets are those of the analysis (UTF-16 units
 * of the original text in the page). */
export function quotesCsv(a) {
  return csv(
    ["id", "speaker", "speaker_text", "cue", "kind", "text", "confidence", "certain", "start", "end"],
    a.quotes.map((q) => [q.id, q.speaker_name ?? q.speaker?.text ?? "", q.speaker?.text ?? "", q.cue?.text ?? "",
      q.kind, q.content.text, q.confidence, q.certain ? "yes" : "no", q.content.start, q.content.end]),
  );
}

/** Entities: one row per distinct (type, text), with its cluster's canonical name and how many
 * times it occurs. */
export function entitiesCsv(a) {
  const rows = new Map();
  for (const e of a.entities) {
    const text = e.text.replace(/\s+/g, " ");
    const key = `${e.type}\u0000${text}`;
    const row = rows.get(key) ?? [e.type, text, e.cluster === null ? "" : a.clusters[e.cluster].canonical, 0];
    row[3] += 1;
    rows.set(key, row);
  }
  return csv(["type", "text", "cluster", "count"], [...rows.values()]);
}

export function json(a) {
  return `${JSON.stringify(a, null, 2)}\n`;
}

/** The office the text gives the speaker: the speaker's words when they are an office (ROLE),
 * else the first office mention in the speaker's cluster. */
function roleOf(a, q) {
  const spoken = a.entities.find((e) => e.type === "ROLE" && q.speaker && e.start === q.speaker.start && e.end === q.speaker.end);
  if (spoken) return spoken.text;
  if (q.cluster === null) return null;
  const id = a.clusters[q.cluster].mentions.find((m) => a.entities[m]?.type === "ROLE");
  return id === undefined ? null : a.entities[id].text;
}

/** `«…» — name (role)`; without a resolved name, the speaker's words; without a speaker, the
 * quote alone. */
export function citation(a, q) {
  const text = `«${q.content.text.trim().replace(/^«|»$/g, "")}»`;
  const name = q.speaker_name ?? q.speaker?.text;
  if (!name) return text;
  const role = roleOf(a, q);
  return role && role !== name ? `${text} — ${name} (${role})` : `${text} — ${name}`;
}

/** Saves `content` as a file through a temporary blob link. */
export function download(name, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Copies text; the Clipboard API where the page may use it, else a selected hidden textarea. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // file:// pages and browsers without the permission fall through.
  }
  const t = document.createElement("textarea");
  t.value = text;
  t.setAttribute("readonly", "");
  t.className = "offscreen";
  document.body.append(t);
  t.select();
  const ok = document.execCommand("copy");
  t.remove();
  if (!ok) throw new Error("مرورگر اجازهٔ رونوشت نداد");
}
