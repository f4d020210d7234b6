// Offline use: registers the service worker (sw.js) as early as the page can, from its own
// module script in <head> that runs while app.js's module graph is still loading (app.js
// imports this same module instance).
//
// On a first visit the worker's install downloads every asset into its cache and its
// activation claims this page; the page waits for that (`controlled`) before its analyzer
// loads the wasm, which then comes out of the cache: each asset crosses the network once,
// not once for the page and again for the cache. On later visits the page is controlled
// from the start and nothing waits.

/** How long a first visit waits for the service worker to take control before loading the
 * wasm on its own (a worker that fails to install ends the wait at once). */
const WAIT_MS = 20_000;

const supported = typeof navigator !== "undefined" && "serviceWorker" in navigator && /^https?:$/.test(location.protocol);

/** The registration, or null where there is no service worker (file://, refused). */
export const registration = supported
  ? navigator.serviceWorker.register("sw.js").catch((e) => {
    console.info(`offline use unavailable: ${e.message}`);
    return null;
  })
  : Promise.resolve(null);

/** Resolves once the page is controlled, or there will be no controller to wait for. */
export const controlled = !supported || navigator.serviceWorker.controller
  ? Promise.resolve()
  : new Promise((done) => {
    navigator.serviceWorker.addEventListener("controllerchange", () => done(), { once: true });
    setTimeout(done, WAIT_MS);
    // Only a worker being installed or activated will claim the page (a hard reload leaves
    // the page uncontrolled beside an active worker: nothing to wait for).
    registration.then((reg) => {
      const w = reg?.installing ?? (reg?.active?.state === "activating" ? reg.active : null);
      if (!w) return done();
      w.addEventListener("statechange", () => /^(activated|redundant)$/.test(w.state) && done());
    });
  });

/** Calls `offer(accept)` when a new build has been installed beside the running one;
 * `accept()` activates it, and the page reloads into it. */
export async function onUpdate(offer) {
  const reg = await registration;
  if (!reg) return;
  const sw = navigator.serviceWorker;
  let accepted = false;
  const ready = (w) => {
    if (!w || !sw.controller) return;
    offer(() => {
      accepted = true;
      w.postMessage("skip-waiting");
    });
  };
  ready(reg.waiting);
  reg.addEventListener("updatefound", () => {
    const w = reg.installing;
    w?.addEventListener("statechange", () => w.state === "installed" && ready(w));
  });
  let reloading = false;
  sw.addEventListener("controllerchange", () => {
    if (accepted && !reloading) {
      reloading = true;
      location.reload();
    }
  });
}
