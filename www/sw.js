// The service worker that makes the page work offline. sw-assets.js (written by
// scripts/page-assets.mjs at build time) names this build's version, a hash of every asset, and
// the assets; any change to an asset changes sw-assets.js, so the browser installs the new
// worker beside the old one. Install caches every asset under the new version (revalidated:
// the server answers 304 for what the browser already has); the page offers a reload, which
// activates the new worker; activation deletes the old versions' caches.
importScripts("sw-assets.js");

const CACHE = `negah-${self.NEGAH_VERSION}`;

self.addEventListener("install", (ev) => {
  ev.waitUntil(caches.open(CACHE).then((c) => c.addAll(self.NEGAH_ASSETS.map((a) => new Request(a, { cache: "no-cache" })))));
});

self.addEventListener("activate", (ev) => {
  ev.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith("negah-") && key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener("message", (ev) => {
  if (ev.data === "skip-waiting") self.skipWaiting();
});

/** Cache first for this build's assets (the page, its query forms included, is "./"); anything
 * else goes to the network. */
self.addEventListener("fetch", (ev) => {
  const req = ev.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== location.origin) return;
  ev.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const key = req.mode === "navigate" ? new URL("./", location.href).href : url.origin + url.pathname;
    const hit = await cache.match(key);
    if (hit) return hit;
    return fetch(req);
  })());
});
