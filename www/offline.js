// Offline use: the service worker (sw.js) caches every asset so that a reload works without
// the network. app.js calls `register()` once the first analysis is on screen, not before: the
// first visit neither waits for the worker's install nor shares the network and the cores with
// it while the page loads. By then the page has fetched what it needs (the wasm, the scripts,
// the font, the sample), and the install's requests (`cache: "no-cache"`) revalidate them
// against the browser's HTTP cache: the server answers 304 (its ETags), so each asset crosses
// the network once. Later visits are controlled by the worker from the start.

const supported = typeof navigator !== "undefined" && "serviceWorker" in navigator && /^https?:$/.test(location.protocol);

let registered;
/** The registration (null where there is no service worker: file://, refused), once
 * `register()` has been called. */
const registration = new Promise((done) => {
  registered = done;
});

/** Registers the service worker (the first call only). */
export function register() {
  if (!registered) return registration;
  const done = registered;
  registered = null;
  done(supported
    ? navigator.serviceWorker.register("sw.js").catch((e) => {
      console.info(`offline use unavailable: ${e.message}`);
      return null;
    })
    : null);
  return registration;
}

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
  // A new build the browser found on this navigation may be installed already, or installing.
  const watch = (w) => w?.addEventListener("statechange", () => w.state === "installed" && ready(w));
  ready(reg.waiting);
  watch(reg.installing);
  reg.addEventListener("updatefound", () => watch(reg.installing));
  let reloading = false;
  sw.addEventListener("controllerchange", () => {
    if (accepted && !reloading) {
      reloading = true;
      location.reload();
    }
  });
}
