// The page's static server: wasm as application/wasm (or instantiateStreaming refuses it),
// index.html for directories, nothing outside the served root, compression as the browser
// asks, revalidation by ETag, and the page's CSP header.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { serve } from "../../scripts/serve.mjs";

let server, url;
before(async () => {
  ({ server, url } = await serve({ root: fileURLToPath(new URL("../../www", import.meta.url)), port: 0 }));
});
after(() => server?.close());

/** GET with the path sent exactly as written (fetch would resolve the `..`). */
function get(path) {
  const { hostname, port } = new URL(url);
  return new Promise((ok, fail) => {
    request({ hostname, port, path }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => ok({ status: res.statusCode, type: res.headers["content-type"], body }));
    }).on("error", fail).end();
  });
}

test("listens on 127.0.0.1 and serves the page", async () => {
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const r = await get("/");
  assert.equal(r.status, 200);
  assert.match(r.type, /^text\/html/);
  assert.match(r.body, /<html lang="fa" dir="rtl">/);
});

test("content types the browser insists on", async () => {
  assert.equal((await get("/pkg/negah_bg.wasm")).type, "application/wasm");
  assert.match((await get("/app.js")).type, /^text\/javascript/);
  assert.equal((await get("/fonts/Vazirmatn-wght.woff2")).type, "font/woff2");
});

test("nothing outside the root, missing files are 404", async () => {
  for (const p of ["/../Cargo.toml", "/%2e%2e/Cargo.toml", "/pkg/../../Cargo.toml"]) {
    const r = await get(p);
    assert.ok(r.status === 403 || r.status === 404, `${p} gave ${r.status}`);
    assert.ok(!r.body.includes("[package]"), `${p} leaked a file outside www/`);
  }
  assert.equal((await get("/no-such-file.js")).status, 404);
});

/** GET with headers; the body as raw bytes. */
function getRaw(path, headers = {}) {
  const { hostname, port } = new URL(url);
  return new Promise((ok, fail) => {
    request({ hostname, port, path, headers }, (res) => {
      const parts = [];
      res.on("data", (c) => parts.push(c));
      res.on("end", () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
    }).on("error", fail).end();
  });
}

test("compressed as the browser asks: Brotli, else gzip, else plain; the same bytes after decoding", async () => {
  const { brotliDecompressSync, gunzipSync } = await import("node:zlib");
  const plain = await getRaw("/pkg/negah_bg.wasm");
  assert.equal(plain.headers["content-encoding"], undefined);
  const br = await getRaw("/pkg/negah_bg.wasm", { "accept-encoding": "gzip, deflate, br" });
  assert.equal(br.headers["content-encoding"], "br");
  assert.equal(br.headers.vary, "Accept-Encoding");
  assert.ok(br.body.length < plain.body.length * 0.7, `Brotli ${br.body.length} of ${plain.body.length}`);
  assert.ok(brotliDecompressSync(br.body).equals(plain.body));
  const gz = await getRaw("/app.js", { "accept-encoding": "gzip" });
  assert.equal(gz.headers["content-encoding"], "gzip");
  assert.ok(gunzipSync(gz.body).equals((await getRaw("/app.js")).body));
  const none = await getRaw("/app.js", { "accept-encoding": "br;q=0, gzip;q=0" });
  assert.equal(none.headers["content-encoding"], undefined);
  // Already compressed formats go as they are.
  assert.equal((await getRaw("/fonts/Vazirmatn-wght.woff2", { "accept-encoding": "br" })).headers["content-encoding"], undefined);
});

test("caching: no-cache with a strong ETag, a 304 when it matches; the CSP on the page", async () => {
  const first = await getRaw("/app.js", { "accept-encoding": "br" });
  assert.equal(first.headers["cache-control"], "no-cache");
  assert.match(first.headers.etag, /^"[\w-]{22}"$/);
  const again = await getRaw("/app.js", { "if-none-match": first.headers.etag });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  const page = await getRaw("/");
  assert.match(page.headers["content-security-policy"], /script-src 'self' 'wasm-unsafe-eval'/);
  assert.equal((await getRaw("/app.js")).headers["content-security-policy"], undefined);
});
