// The npm package as its users get it: `npm pack pkg/`, install the tarball into a fresh
// temporary project (no network), and use it from there — the README's Node example verbatim,
// `initSync` and the async `init` with bytes, a strict TypeScript consumer against the shipped
// types — plus a check that `negah.d.ts` declares exactly the fields and values the wasm returns.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const pkgDir = join(root, "pkg");
const SEED = readFileSync(join(root, "tests/fixtures/seed_article.txt"), "utf8");
let project; // the temporary consumer project

const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

before(() => {
  assert.ok(existsSync(join(pkgDir, "negah_bg.wasm")), "pkg/ is not built: run `make pkg`");
  project = mkdtempSync(join(tmpdir(), "negah-npm-"));
  const out = run("npm", ["pack", pkgDir, "--pack-destination", project, "--json", "--silent"], root);
  const [{ filename }] = JSON.parse(out);
  writeFileSync(join(project, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2));
  run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", join(project, filename)], project);
});

function node(script) {
  writeFileSync(join(project, "main.mjs"), script);
  return run(process.execPath, ["main.mjs"], project);
}

test("the tarball holds the package and nothing else", () => {
  const files = readdirSync(join(project, "node_modules/negah")).sort();
  for (const f of ["negah.js", "negah_bg.wasm", "negah.d.ts", "package.json", "README.md"]) {
    assert.ok(files.includes(f), `${f} missing from the tarball (has ${files})`);
  }
  for (const f of files) {
    assert.ok(!/\.(stamp|opt\.wasm|tgz)$/.test(f), `stray file ${f} in the tarball`);
  }
  const meta = JSON.parse(readFileSync(join(project, "node_modules/negah/package.json"), "utf8"));
  assert.equal(meta.name, "negah");
  assert.equal(meta.type, "module");
  const cargo = readFileSync(join(root, "Cargo.toml"), "utf8").match(/^version = "(.+)"/m)[1];
  assert.equal(meta.version, cargo, "package.json version follows Cargo.toml");
});

test("an npm user analyzes text with initSync in Node", () => {
  const out = node(`
    import { readFileSync } from "node:fs";
    import { initSync, analyze, version } from "negah";
    initSync({ module: readFileSync(new URL(import.meta.resolve("negah/negah_bg.wasm"))) });
    const a = analyze("وزير دفاع گفت: اجازه نخواهیم داد.");
    console.log(JSON.stringify({ v: version(), a }));
  `);
  const { v, a } = JSON.parse(out);
  assert.match(v, /^\d+\.\d+\.\d+/);
  assert.equal(a.offsets, "utf16");
  assert.equal(a.normalized, "وزیر دفاع گفت: اجازه نخواهیم داد.");
  assert.equal(a.quotes.length, 1);
  const q = a.quotes[0];
  assert.equal(q.speaker.text, "وزير دفاع");
  assert.equal(q.content.text, "اجازه نخواهیم داد"); // the full stop is the writer's, not the speaker's
  assert.equal(q.cue.text, "گفت");
  assert.ok(a.edits.some((e) => e.original === "ي" && e.replacement === "ی"));
});

test("the async init accepts the wasm bytes (the browser entry point, used from Node)", () => {
  const out = node(`
    import { readFileSync } from "node:fs";
    import init, { normalize } from "negah";
    const bytes = readFileSync(new URL(import.meta.resolve("negah/negah_bg.wasm")));
    await init({ module_or_path: bytes });
    console.log(JSON.stringify(normalize("كتاب 12")));
  `);
  const n = JSON.parse(out);
  assert.equal(n.text, "کتاب ۱۲");
  assert.ok(n.edits.length >= 3);
});

test("errors for bad options are JS Errors an npm user can catch", () => {
  const out = node(`
    import { readFileSync } from "node:fs";
    import { initSync, analyze } from "negah";
    initSync({ module: readFileSync(new URL(import.meta.resolve("negah/negah_bg.wasm"))) });
    try { analyze("سلام", { offsets: "lines" }); console.log("no error"); }
    catch (e) { console.log(e instanceof Error, e.message); }
  `);
  assert.match(out, /^true invalid options: /);
});

test("the README's Node example runs as written", () => {
  const readme = readFileSync(join(project, "node_modules/negah/README.md"), "utf8");
  const block = readme.match(/## Node[\s\S]*?```js\n([\s\S]*?)```/);
  assert.ok(block, "README has a Node example");
  const out = node(block[1]);
  assert.match(out, /وزیر دفاع گفت: اجازه نخواهیم داد\./);
  assert.match(out, /کتاب ۱۲/);
  // The comments in the example promise these values: keep them true.
  for (const [, expected] of block[1].matchAll(/\/\/ (\S[^\n]*)/g)) {
    if (/^[\u0600-\u06ff]/.test(expected)) assert.ok(out.includes(expected), `README promises "${expected}"`);
  }
});

test("a strict TypeScript consumer compiles against negah.d.ts", () => {
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: "es2022", module: "node16", moduleResolution: "node16",
      lib: ["es2022", "dom"], types: [], skipLibCheck: false,
    },
    files: ["consumer.ts"],
  }));
  writeFileSync(join(project, "consumer.ts"), `
    import init, { analyze, initSync, normalize, version, type Analysis, type Quote, type EntityType } from "negah";
    export async function main(bytes: Uint8Array): Promise<string> {
      await init({ module_or_path: bytes });
      initSync({ module: bytes });
      const a: Analysis = analyze("متن", { offsets: "codepoint", normalize: { disabled: ["zwnj"], digits: "ascii" } });
      const q: Quote | undefined = a.quotes[0];
      const who: string = q?.speaker_name ?? q?.speaker?.text ?? "";
      const t: EntityType | undefined = a.entities[0]?.type;
      const canon: string[] = a.clusters.map((c) => c.canonical + c.mentions.length);
      const e = a.edits.map((e) => e.original + e.replacement + e.kind + e.norm_end);
      return who + t + canon.join() + e.join() + normalize("x").text + version() + a.schema_version;
    }
    // @ts-expect-error: offsets must be one of the units
    analyze("x", { offsets: "lines" });
  `);
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  try {
    run(process.execPath, [tsc, "-p", "."], project);
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});

// ---------------------------------------------------------------------------------------------
// negah.d.ts against real results

/** Parses the interfaces (with `extends`) and string-literal unions of a .d.ts. */
function parseDts(src) {
  const clean = src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/[^\n]*/g, "");
  const interfaces = {};
  for (const m of clean.matchAll(/export interface (\w+)(?: extends (\w+))? \{([\s\S]*?)\n\}/g)) {
    const fields = {};
    for (const f of m[3].matchAll(/^\s*(?:readonly\s+)?(\w+)(\?)?:\s*([^;]+);/gm)) {
      fields[f[1]] = { optional: !!f[2], type: f[3].trim() };
    }
    interfaces[m[1]] = { base: m[2], fields };
  }
  const unions = {};
  for (const m of clean.matchAll(/export type (\w+) =([^;]+);/g)) {
    const values = [...m[2].matchAll(/"([^"]+)"/g)].map((v) => v[1]);
    if (values.length) unions[m[1]] = values;
  }
  const fieldsOf = (name) => {
    const i = interfaces[name];
    assert.ok(i, `no interface ${name} in negah.d.ts`);
    return { ...(i.base ? fieldsOf(i.base) : {}), ...i.fields };
  };
  const functions = [...clean.matchAll(/export (?:default )?function (\w+)/g)].map((m) => m[1]);
  return { fieldsOf, unions, functions, hasDefault: /export default function/.test(clean) };
}

test("negah.d.ts declares exactly the fields and values the wasm returns", async () => {
  const dts = parseDts(readFileSync(join(pkgDir, "negah.d.ts"), "utf8"));
  const mod = await import(join(pkgDir, "negah.js"));
  mod.initSync({ module: readFileSync(join(pkgDir, "negah_bg.wasm")) });

  // Every export of the generated JS is declared, and every declared function exists.
  for (const name of Object.keys(mod)) {
    if (name === "default") assert.ok(dts.hasDefault);
    else assert.ok(dts.functions.includes(name), `negah.js exports ${name}, negah.d.ts does not declare it`);
  }
  for (const name of dts.functions) {
    if (name !== "__wbg_init") assert.equal(typeof mod[name], "function", `${name} is declared but not exported`);
  }

  // A text that fills every list: the seed article (quotes, clusters, boilerplate), Arabic
  // letters (edits) and a replacement character (a warning).
  const a = mod.analyze(`${SEED}\nوزير دفاع گفت: كتاب \uFFFD`);
  for (const key of ["edits", "sentences", "entities", "clusters", "quotes", "boilerplate", "warnings"]) {
    assert.ok(a[key].length > 0, `the sample must fill ${key}`);
  }
  const seen = new Set();
  const check = (obj, iface, where) => {
    const fields = dts.fieldsOf(iface);
    const declared = Object.keys(fields).sort();
    const actual = Object.keys(obj).sort();
    const required = declared.filter((k) => !fields[k].optional);
    for (const k of actual) assert.ok(declared.includes(k), `${where}.${k} is returned but not declared in ${iface}`);
    for (const k of required) assert.ok(actual.includes(k), `${iface}.${k} is declared but not returned (${where})`);
    for (const k of actual) {
      const union = dts.unions[fields[k].type];
      if (union) {
        assert.ok(union.includes(obj[k]), `${where}.${k} = ${JSON.stringify(obj[k])} is not in ${fields[k].type}`);
        seen.add(fields[k].type);
      }
    }
  };
  check(a, "Analysis", "analysis");
  const lists = { edits: "Edit", sentences: "Sentence", entities: "Entity", clusters: "Cluster",
    quotes: "Quote", boilerplate: "Boilerplate", warnings: "Warning" };
  for (const [key, iface] of Object.entries(lists)) {
    a[key].forEach((item, i) => check(item, iface, `${key}[${i}]`));
  }
  for (const q of a.quotes) {
    for (const k of ["content", "cue", "speaker"]) if (q[k]) check(q[k], "Span", `quote.${k}`);
  }
  for (const u of ["OffsetUnit", "EntityType", "EntitySource", "QuoteKind", "EditKind"]) {
    assert.ok(seen.has(u), `no value of ${u} was checked`);
  }
  check(mod.normalize("كتاب"), "Normalized", "normalize()");

  // Every edit kind and digit style the types offer is accepted by the wasm.
  for (const kind of dts.unions.EditKind) mod.analyze("x", { normalize: { disabled: [kind] } });
  for (const digits of dts.unions.DigitStyle) mod.normalize("x", { digits });
  // Every named house style is accepted and changes what its choices say it changes.
  const styled = {};
  for (const style of dts.unions.StyleName) styled[style] = mod.normalize("نامه ی او و کتاب ها، 12", { style }).text;
  assert.equal(styled.academy, "نامهٔ او و کتاب‌ها، ۱۲");
  assert.equal(styled.press, "نامه‌ی او و کتاب‌ها، ۱۲");
  assert.equal(styled.joined, "نامهٔ او و کتابها، ۱۲");
  assert.equal(styled.minimal, "نامه‌ی او و کتاب‌ها، 12");
  assert.equal(mod.normalize("12", { style: "academy,digits=latin" }).text, "12");
  assert.throws(() => mod.normalize("x", { style: "fancy" }), /unknown style `fancy`/);
  for (const offsets of dts.unions.OffsetUnit) assert.equal(mod.analyze("x", { offsets }).offsets, offsets);
});
