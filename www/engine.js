// The page's analysis engine: the npm package's own worker client (`createAnalyzer`, the same
// one any embedder uses), asked for results in parts so that unpacking a long article's
// analysis never blocks this thread in one long task. Where no worker can run, the package's
// synchronous functions run here on the main thread, and `mode` says so.
//
// The wasm and the worker are started by boot.js, before the page's other modules have
// loaded; the compiled module is handed to that worker, which only instantiates it. The engine
// is made when this module first runs (in the page's bundle, with the others), and the worker
// warms the tables every analysis needs (the normalizer's, the quote lexicons) on a short text
// as soon as the wasm has compiled. The entity model loads with the first analysis that asks
// for entities (app.js draws one without them first).
import init, * as negah from "./pkg/negah.js";
import { start } from "./boot.js";

/** A short text that goes through every stage but the entity model: the first analysis after
 * it no longer pays for building the normalizer's and the quote stage's tables. */
const WARM_TEXT = "وزير دفاع روز دوشنبه گفت: «ما اجازه نخواهيم داد.» او افزود که مذاکرات ادامه دارد.";

/** Up to this many UTF-16 units, an analysis without entities asked before the worker has
 * started runs on this thread instead (see `early` below). */
const EARLY_MAX = 10_000;

/** The client's words for a worker that could not start or run (not an error of the text). */
const workerFailed = (e) => /the worker (failed|stopped|could not load)/.test(e?.message ?? "");

export function createEngine() {
  const client = start.module.then((module) => negah.createAnalyzer({ parts: true, worker: start.worker, module }));
  // Queued first, so the page's version line does not wait for the warming; then the warming,
  // which with ?sample waits until the sample's first analysis has been asked for (and, when
  // it runs on this thread, done): on two cores the two would slow each other down. The marks
  // (negah:warm-asked, negah:warmed) let a trace or the bench see where the first analysis
  // waits.
  const version = client.then((c) => c.version());
  let firstAsked;
  const warmAfter = new Promise((done) => { firstAsked = done; });
  if (!start.sample) firstAsked();
  setTimeout(firstAsked, 3000); // whatever became of it
  Promise.all([client, warmAfter]).then(([c]) => {
    performance.mark("negah:warm-asked");
    return c.analyze(WARM_TEXT, { no_entities: true });
  }).then(() => performance.mark("negah:warmed")).catch(() => {});
  let mode = "worker";
  let local = null;
  // The first analysis of a visit (short, without entities: app.js draws that one first)
  // may run on this thread, with the module boot.js compiled instantiated a second time here:
  // a new worker takes 100-250 ms here from `new Worker()` to running its script (the browser
  // fetches the script, then starts a thread and a JavaScript engine for it), often longer
  // than the wasm takes to compile, and then warms itself before it takes the page's call.
  // So that analysis runs here while the worker has not answered yet, or when this thread's
  // instance is already warm (see below); later ones all go to the worker. The code the
  // browser compiles for a function on its first call is shared with the worker (the same
  // compiled module).
  let up = false; // the worker has answered its first call
  let warm = false; // this thread's instance has built its tables
  let first = true;
  version.then(() => { up = true; }, () => {});
  const early = (text, options) => first && mode === "worker" && (!up || warm) && options?.no_entities && text.length <= EARLY_MAX;
  // With ?sample that first analysis is sure to come, and the page's other modules (which ask
  // for it) often arrive after the wasm has compiled: the instance here is made and warmed as
  // soon as the module is there (after the worker has been sent it), so that the sample's own
  // analysis then finds the tables built and the code compiled.
  if (start.sample) {
    client.then(async () => {
      const module = await start.module;
      if (!first || up || mode !== "worker" || !(module instanceof WebAssembly.Module)) return;
      negah.initSync({ module });
      negah.analyze(WARM_TEXT, { no_entities: true });
      warm = true;
      performance.mark("negah:warmed-here");
    }).catch(() => {});
  }

  /** From now on, the main thread. */
  function fallback() {
    mode = "main";
    // Without a compiled module, the wasm by its URL (next to this file or to the bundle made
    // of it; the glue's own default would be relative to the bundle).
    local ??= start.module.then((module) => (module ? negah.initSync({ module })
      : init({ module_or_path: new URL("./pkg/negah_bg.wasm", import.meta.url) })));
    return local;
  }

  async function call(viaWorker, here) {
    if (mode === "worker") {
      try {
        return await viaWorker(await client);
      } catch (e) {
        if (!workerFailed(e)) throw e;
        await fallback();
      }
    }
    await local;
    return here();
  }

  let asked = false;
  return {
    get mode() {
      return mode;
    },
    /** Resolves to `{ result, ms }`; `signal` cancels, `onProgress` hears the client's stages. */
    async analyze(text, options, { signal, onProgress } = {}) {
      const t0 = performance.now();
      if (early(text, options)) {
        const module = await start.module;
        await client.catch(() => null); // the worker has been sent the module first
        if (early(text, options) && module instanceof WebAssembly.Module) {
          first = false;
          try {
            signal?.throwIfAborted();
            negah.initSync({ module });
            const result = negah.analyze(text, options);
            performance.mark("negah:analyzed-here", { detail: { length: text.length } });
            return { result, ms: performance.now() - t0 };
          } finally {
            firstAsked();
          }
        }
      }
      firstAsked();
      const result = await call((c) => c.analyze(text, options, { signal, onProgress }), () => {
        signal?.throwIfAborted();
        return negah.analyze(text, options);
      });
      return { result, ms: performance.now() - t0 };
    },
    /** The core's version; the first call takes the answer already asked for at the start. */
    version() {
      if (!asked) {
        asked = true;
        return call(() => version, () => negah.version());
      }
      return call((c) => c.version(), () => negah.version());
    },
    maxInputBytes: () => negah.maxInputBytes(),
  };
}

/** The page's engine, made when this module first runs. */
export const engine = createEngine();
