// The page's static server: wasm as application/wasm (or instantiateStreaming refuses it),
// index.html for directories, and nothing outside the served root.
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
