// The worker client (`createAnalyzer()`) in Node, through the package's Node entry: the same
// results as the synchronous functions, in order, off the main thread; cancellation of waiting
// and running calls; errors that name what was wrong and leave the worker usable; terminate.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
assert.ok(existsSync(join(root, "pkg/node.js")), "pkg/ is not built: run `make pkg`");
const negah = await import(join(root, "pkg/node.js"));
const SEED = readFileSync(join(root, "tests/fixtures/seed_article.txt"), "utf8");
/** Long enough that a call is still running when the test acts on it. */
const LONG = SEED.repeat(40);

const analyzers = [];
function analyzer() {
  const a = negah.createAnalyzer();
  analyzers.push(a);
  return a;
}
after(() => analyzers.forEach((a) => a.terminate()));

/** Resolves after the worker reports that `call` started running. */
function started() {
  let go;
  const promise = new Promise((ok) => (go = ok));
  return { promise, onProgress: (p) => p.stage === "running" && go() };
}

test("results equal the synchronous functions'", async () => {
  const an = analyzer();
  const opts = { offsets: "codepoint", normalize: { digits: "ascii" } };
  assert.deepEqual(await an.analyze(SEED), negah.analyze(SEED));
  assert.deepEqual(await an.analyze(SEED, opts), negah.analyze(SEED, opts));
  assert.deepEqual(await an.normalize("كتاب 12", { digits: "keep" }), negah.normalize("كتاب 12", { digits: "keep" }));
  assert.equal(await an.version(), negah.version());
});

test("calls resolve in order and report their stages", async () => {
  const an = analyzer();
  const stages = [[], [], []];
  const calls = ["يك", "دو", "سه"].map((t, i) =>
    an.normalize(t, null, { onProgress: (p) => stages[i].push(p.stage) }));
  const done = [];
  calls.forEach((c, i) => c.then(() => done.push(i)));
  const results = await Promise.all(calls);
  assert.deepEqual(results.map((r) => r.text), ["یک", "دو", "سه"]);
  assert.deepEqual(done, [0, 1, 2]);
  assert.deepEqual(stages[0], ["loading", "running"]);
  assert.deepEqual(stages[1], ["queued", "running"]);
});

test("the main thread keeps running while the worker analyzes", async () => {
  const an = analyzer();
  await an.version(); // loaded
  let ticks = 0;
  let spinning = true;
  const spin = () => { ticks++; if (spinning) setImmediate(spin); };
  setImmediate(spin);
  const text = SEED.repeat(5);
  const a = await an.analyze(text);
  spinning = false;
  assert.equal(a.text, text);
  assert.ok(ticks > 1, `the event loop turned ${ticks} times during the call`);
});

test("aborting a running call rejects it with the signal's reason; the next call works", async () => {
  const an = analyzer();
  const ctl = new AbortController();
  const s = started();
  const running = an.analyze(LONG, null, { signal: ctl.signal, onProgress: s.onProgress });
  const waiting = an.normalize("كتاب");
  await s.promise;
  ctl.abort();
  await assert.rejects(running, { name: "AbortError" });
  assert.equal((await waiting).text, "کتاب", "the call behind it runs in a new worker");
  assert.deepEqual(await an.analyze(SEED), negah.analyze(SEED));
});

test("aborting a waiting call drops it and leaves the running one alone", async () => {
  const an = analyzer();
  const ctl = new AbortController();
  const first = an.analyze(SEED);
  const second = an.analyze(SEED, null, { signal: ctl.signal });
  ctl.abort(new Error("changed my mind"));
  await assert.rejects(second, /changed my mind/);
  assert.deepEqual(await first, negah.analyze(SEED));
  const pre = new AbortController();
  pre.abort();
  await assert.rejects(an.normalize("x", null, { signal: pre.signal }), { name: "AbortError" });
});

test("errors reject with the class and message of the synchronous call; the worker stays usable", async () => {
  const an = analyzer();
  const expected = negah.analyze(SEED);
  const cases = [
    [() => an.analyze(42), TypeError, /^negah\.analyze: expected the text as a string, got number$/],
    [() => an.analyze({}), TypeError, /got object$/],
    [() => an.analyze("x", "utf16"), TypeError, /expected the options as an object, got string/],
    [() => an.analyze("x", { no_quote: true }), Error, /invalid options: unknown field `no_quote`/],
    [() => an.normalize("x", { digits: "roman" }), Error, /invalid options/],
    [() => an.analyze("a\0b"), Error, /binary file/],
    [() => an.analyze("a".repeat(negah.MAX_INPUT_BYTES + 1)), Error, new RegExp(`the limit is 64\\.0 MB \\(${negah.MAX_INPUT_BYTES} bytes\\)`)],
    [() => an.analyze("x", { f() {} }), TypeError, /cannot be sent to the worker/],
  ];
  for (const [call, Class, message] of cases) {
    await assert.rejects(call(), (e) => {
      assert.equal(e.constructor, Class, `${e.constructor.name}: ${e.message}`);
      assert.match(e.message, message);
      return true;
    });
    assert.deepEqual(await an.analyze(SEED), expected);
  }
});

test("terminate rejects what waits and every later call", async () => {
  const an = analyzer();
  const pending = [an.analyze(LONG), an.normalize("x")];
  an.terminate();
  for (const p of pending) await assert.rejects(p, /terminated/);
  await assert.rejects(an.analyze("x"), /terminated/);
});

test("a worker that cannot start rejects the calls with the reason", async () => {
  const an = negah.createAnalyzer({ workerUrl: new URL("file:///nonexistent/negah-worker.js") });
  analyzers.push(an);
  await assert.rejects(an.analyze("x"), /nonexistent|Cannot find/);
  await assert.rejects(an.analyze("y"), /nonexistent|Cannot find/);
});
