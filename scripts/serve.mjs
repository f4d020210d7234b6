// A small static file server for the page: `node scripts/serve.mjs [--port 8080] [--root www]`.
// Listens on 127.0.0.1 only and refuses paths that leave the root. What the browser receives is
// what the README measures: text and wasm go out Brotli- or gzip-compressed (precompressed at
// build time, or compressed once per file version and kept in memory; every file is read into
// memory at start), every response carries a strong ETag and `no-cache`, so a
// reload or the service worker's install revalidates with a 304 instead of downloading again,
// and the page's Content-Security-Policy is sent as a header too. The e2e test imports `serve`
// to start it on a free port.
import { createServer } from "node:http";
import { readdir, readFile, stat } from "node:fs/promises";
import { createHash } from "node:crypto";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".woff2": "font/woff2",
  ".ts": "text/plain; charset=utf-8",
};
/** Already compressed formats: compressing them again only costs time. */
const STORED = new Set([".png", ".woff2", ".ico"]);

/** The policy the page also declares in a <meta> tag (kept identical by the e2e test); the
 * header adds what a <meta> cannot say (frame-ancestors). */
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; " +
  "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Picks the encoding to send from an Accept-Encoding header: Brotli, then gzip, else none. */
export function pickEncoding(accept = "") {
  const offered = new Map();
  for (const part of accept.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    offered.set(name, q ? Number(q.slice(2)) : 1);
  }
  const ok = (n) => (offered.get(n) ?? offered.get("*") ?? 0) > 0;
  if (ok("br")) return "br";
  if (ok("gzip")) return "gzip";
  return "identity";
}

/** Starts the server; resolves to `{ server, url }` once it listens (port 0 = any free port).
 * `csp`: the policy header sent with HTML (null for none, as for a test page of its own). */
export function serve({ root = "www", port = 8080, host = "127.0.0.1", csp = CSP } = {}) {
  const base = resolve(root);
  const cache = new Map(); // file → { mtime, size, etag, identity, br?, gzip? }

  async function load(file, info) {
    let entry = cache.get(file);
    if (!entry || entry.mtime !== info.mtimeMs || entry.size !== info.size) {
      const identity = await readFile(file);
      const etag = `"${createHash("sha256").update(identity).digest("base64url").slice(0, 22)}"`;
      entry = { mtime: info.mtimeMs, size: info.size, etag, identity };
      cache.set(file, entry);
    }
    return entry;
  }

  /** The compressed body: a precompressed sibling (`file.br`, `file.gz`, written by
   * scripts/precompress.mjs at build time, used only when not older than the file), else
   * compressed here once at a fast setting. */
  async function body(entry, file, encoding) {
    if (encoding === "identity" || STORED.has(extname(file))) return ["identity", entry.identity];
    if (!entry[encoding]) {
      const side = `${file}.${encoding === "br" ? "br" : "gz"}`;
      const sideInfo = await stat(side).catch(() => null);
      if (sideInfo?.isFile() && sideInfo.mtimeMs >= entry.mtime) {
        entry[encoding] = await readFile(side);
      } else {
        entry[encoding] = encoding === "br"
          ? brotliCompressSync(entry.identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
          : gzipSync(entry.identity, { level: 6 });
      }
    }
    return [encoding, entry[encoding]];
  }

  /** Reads every file under the root into the cache, with its ETag and its precompressed
   * siblings, before the server says it listens: a first visit then waits for no disk read and
   * no hashing (a 4.6 MB wasm and its 2 MB Brotli sibling, read while a dozen small requests
   * queue behind them on the same thread). A file changed later is read again, as before. */
  async function warm(dir) {
    for (const d of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const file = join(dir, d.name);
      if (d.isDirectory()) await warm(file);
      else if (d.isFile() && !/\.(br|gz)$/.test(d.name) && !d.name.startsWith(".")) {
        const info = await stat(file).catch(() => null);
        if (!info) continue;
        const entry = await load(file, info);
        for (const encoding of ["br", "gzip"]) await body(entry, file, encoding).catch(() => {});
      }
    }
  }

  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) {
        res.writeHead(403).end("forbidden");
        return;
      }
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        file = join(file, "index.html");
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile()) {
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
        return;
      }
      const entry = await load(file, info);
      const headers = {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        // File names carry no hash, so every use revalidates; the ETag makes that a 304.
        "cache-control": "no-cache",
        etag: entry.etag,
        vary: "Accept-Encoding",
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
      };
      if (extname(file) === ".html" && csp) headers["content-security-policy"] = csp;
      if (req.headers["if-none-match"] === entry.etag) {
        res.writeHead(304, headers).end();
        return;
      }
      const [encoding, data] = await body(entry, file, pickEncoding(req.headers["accept-encoding"]));
      if (encoding !== "identity") headers["content-encoding"] = encoding;
      headers["content-length"] = data.length;
      res.writeHead(200, headers);
      res.end(req.method === "HEAD" ? undefined : data);
    } catch {
      if (!res.headersSent) res.writeHead(400).end("bad request");
    }
  });
  return warm(base).then(() => new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      ok({ server, url: `http://${host}:${p}/` });
    });
  }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const root = opt("root", fileURLToPath(new URL("../www", import.meta.url)));
  const port = Number(opt("port", process.env.PORT ?? 8080));
  try {
    const { url } = await serve({ root, port });
    console.log(`Negah is served at ${url}  (Ctrl-C to stop)`);
  } catch (e) {
    console.error(`cannot serve on 127.0.0.1:${port}: ${e.message} (try: make serve PORT=8081)`);
    process.exit(1);
  }
}
