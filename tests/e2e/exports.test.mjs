// End-to-end: taking the results away. Each export's content is checked against an independent
// analysis of the same text in Node: the JSON is the analysis, the CSVs start with a UTF-8 BOM
// and have one row per quote / per distinct entity, a known quote of the seed article is in its
// row with its speaker, the citation has the form «…» — name (role). Opening and dropping a
// .txt file fills the box; a file that is not UTF-8 or is over the limit is refused and the
// box keeps its text.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SEED, negah, start, openPage, problemsOf } from "./harness.mjs";

let env;
const tmp = mkdtempSync(join(tmpdir(), "negah-exports-"));
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

/** RFC 4180 fields and rows. */
function parseCsv(s) {
  const rows = [];
  let row = [];
  let f = "";
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { f += '"'; i++; } else if (c === '"') quoted = false; else f += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(f); f = ""; } else if (c === "\r" && s[i + 1] === "\n") { row.push(f); rows.push(row); row = []; f = ""; i++; } else f += c;
  }
  if (f || row.length) { row.push(f); rows.push(row); }
  return rows;
}

async function saved(page, button) {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
  const path = join(tmp, dl.suggestedFilename());
  await dl.saveAs(path);
  return readFileSync(path, "utf8");
}

async function ready(page, text) {
  await page.waitForFunction((t) => document.getElementById("doc").dataset.state === "ready"
    && document.getElementById("input").value === t, text);
}

test("JSON, quotes CSV, entities CSV, copies and the printed report hold the analysis", async () => {
  const { context, page, problems } = await openPage(env.browser, env.url);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(env.url).origin });
  await page.fill("#input", SEED);
  await ready(page, SEED);
  const a = negah.analyze(SEED);

  assert.deepEqual(JSON.parse(await saved(page, "#download-json")), a);

  const q = await saved(page, "#download-quotes");
  assert.ok(q.startsWith("\ufeff"), "quotes CSV starts with a UTF-8 BOM");
  const qrows = parseCsv(q.slice(1));
  assert.deepEqual(qrows[0], ["id", "speaker", "speaker_text", "cue", "kind", "text", "confidence", "certain", "start", "end"]);
  assert.equal(qrows.length - 1, a.quotes.length);
  // A known quote of the seed article: the minister's first sentence.
  const known = a.quotes.find((x) => x.content.text.includes("اجازه نخواهیم داد"));
  assert.ok(known, "the analysis finds the minister's quote");
  const row = qrows.find((r) => r[5] === known.content.text);
  assert.ok(row, "the known quote has its row");
  assert.deepEqual(row, [String(known.id), known.speaker_name ?? known.speaker.text, known.speaker.text, known.cue.text,
    known.kind, known.content.text, String(known.confidence), known.certain ? "yes" : "no", String(known.content.start), String(known.content.end)]);

  const e = await saved(page, "#download-entities");
  assert.ok(e.startsWith("\ufeff"), "entities CSV starts with a UTF-8 BOM");
  const erows = parseCsv(e.slice(1));
  assert.deepEqual(erows[0], ["type", "text", "cluster", "count"]);
  const distinct = new Set(a.entities.map((x) => `${x.type}|${x.text.replace(/\s+/g, " ")}`));
  assert.equal(erows.length - 1, distinct.size);
  assert.equal(erows.slice(1).reduce((n, r) => n + Number(r[3]), 0), a.entities.length, "counts add up to every mention");
  for (const c of a.clusters) assert.ok(erows.some((r) => r[2] === c.canonical), `cluster ${c.canonical} named`);

  await page.click("#copy-normalized");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), a.normalized);

  // The known quote as a citation: «…» — name (role).
  await page.click(`#quotes .quote-item[data-quote="${known.id}"] + .cite`);
  const cite = await page.evaluate(() => navigator.clipboard.readText());
  const role = a.entities.find((x) => x.type === "ROLE" && x.start === known.speaker.start)?.text;
  assert.equal(cite, `«${known.content.text.replace(/^«|»$/g, "")}» — ${known.speaker_name}${role && role !== known.speaker_name ? ` (${role})` : ""}`);
  assert.match(cite, /^«[^«»]+» — \S.*/u);

  // The report: the article and its who-said-what table, no controls.
  await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator("#print-quotes tbody tr").count(), a.quotes.length);
  assert.equal(await page.locator(".editor").isVisible(), false);
  assert.equal(await page.locator(".exports").isVisible(), false);
  assert.ok(await page.locator("#doc").isVisible());
  await page.pdf({ path: join(tmp, "report.pdf") });
  assert.deepEqual(await problemsOf(page, problems), []);
  await context.close();
});

test("opening or dropping a .txt file; refusing what is not UTF-8 or over the limit", async () => {
  const { page, problems } = await openPage(env.browser, env.url);
  const file = join(tmp, "article.txt");
  writeFileSync(file, SEED);
  await page.setInputFiles("#open-file", file);
  await ready(page, SEED);
  assert.ok(await page.locator("#doc mark.ent").count() > 0);

  // Windows-1256 bytes are not UTF-8: refused with a message, the box keeps its text.
  const legacy = join(tmp, "legacy.txt");
  writeFileSync(legacy, Buffer.from([0xe3, 0xed, 0xd1, 0x20, 0xdf, 0xe1]));
  await page.setInputFiles("#open-file", legacy);
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("UTF-8"));
  assert.equal(await page.inputValue("#input"), SEED);

  // A file over the limit (sparse: no bytes written) is refused at once, the limit named.
  const huge = join(tmp, "huge.txt");
  writeFileSync(huge, "");
  truncateSync(huge, negah.maxInputBytes ? negah.maxInputBytes() + 1 : 64 * 2 ** 20 + 1);
  await page.setInputFiles("#open-file", huge);
  await page.waitForFunction(() => document.getElementById("doc").dataset.state === "refused");
  assert.match(await page.textContent("#status"), /مگابایت/);
  assert.equal(await page.inputValue("#input"), SEED);

  // Dropped on the page.
  const dropped = "وزیر خارجه گفت: گفت‌وگو ادامه دارد.";
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], "dropped.txt", { type: "text/plain" }));
    for (const type of ["dragenter", "dragover", "drop"]) {
      document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, dropped);
  await ready(page, dropped);
  assert.equal(await page.locator("#drop").isVisible(), false);
  assert.deepEqual(await problemsOf(page, problems), []);
  await page.context().close();
});
