// The page's first module to run (an async module script in index.html's <head>, with no
// imports, so it runs as soon as it has arrived, before the other modules and before the
// document has been parsed): it starts what the first analysis waits for, side by side with
// the loading of the rest of the page. engine.js takes them from here.
// - The wasm: fetched (index.html preloads it) and compiled as it streams in
//   (`WebAssembly.compileStreaming`, on the browser's compiler threads).
// - The worker: spawned at once, so its own scripts load meanwhile.
// - The sample, when the address asks for it (`?sample`).
//
// The single-file build (`make single`) has no URLs: it carries the wasm as base64 and the
// package's worker bundled as a classic script, in inert data blocks (its bundle runs at the
// end of <body>, after them). Its worker is made from a blob: URL (Chromium refuses a module
// worker from a blob: URL in a file:// page, and runs a classic one) and is handed the wasm
// bytes.

/** The single file's wasm bytes and worker factory, or null when served. */
function inline() {
  const wasm = document.getElementById("negah-wasm");
  if (!wasm) return null;
  const bytes = Uint8Array.from(atob(wasm.textContent.trim()), (c) => c.charCodeAt(0));
  const code = document.getElementById("negah-worker").textContent;
  const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
  return { bytes, worker: () => new Worker(url) };
}

/** The served page's start: the wasm compiling (resolves to the module, or undefined when it
 * could not be compiled here: the worker then loads it by URL itself, as any embedder's does),
 * a worker already loading its scripts, and the sample's response (a promise) or null. */
function served() {
  const wasmUrl = new URL("./pkg/negah_bg.wasm", import.meta.url);
  const module = (async () => {
    const res = await fetch(wasmUrl);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const compiled = await (WebAssembly.compileStreaming ? WebAssembly.compileStreaming(res) : WebAssembly.compile(await res.arrayBuffer()));
    performance.mark("negah:compiled");
    return compiled;
  })().catch((e) => {
    console.info(`negah: the page could not compile the wasm (${e.message}); the worker loads it`);
    return undefined;
  });
  const workerUrl = new URL("./pkg/worker.js", import.meta.url);
  const spawn = () => new Worker(workerUrl, { type: "module" });
  let early = null;
  let failed = false;
  try {
    early = spawn();
    // An error before the client listens (its script would not load) would go unheard.
    early.addEventListener("error", () => { failed = true; }, { once: true });
  } catch {
    // No module workers here: the client's own attempt fails too, and the page falls back.
  }
  // The first worker the client asks for is the one already loading (unless it has failed:
  // then a new one, whose failure the client hears); later ones (after a cancel) are new.
  const worker = () => {
    const w = early && !failed ? early : spawn();
    early = null;
    return w;
  };
  const sample = new URLSearchParams(location.search).has("sample") ? fetch("sample.txt") : null;
  sample?.catch(() => {}); // app.js reports a failure, if it uses the response
  return { module, worker, sample };
}

export const start = (() => {
  performance.mark("negah:boot");
  const single = inline();
  return single ? { single, module: Promise.resolve(single.bytes), worker: single.worker, sample: null } : served();
})();

