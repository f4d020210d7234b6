// Build step for the served page (run by scripts/build.sh after the assets are in www/):
// 1. writes www/sw-assets.js: this build's version (a hash of every asset's bytes) and the list
//    of assets the service worker caches, so a new build installs a new worker and cache;
// 2. writes Brotli (quality 11) and gzip (-9) siblings, `file.br` and `file.gz`, of each
//    compressible asset whose sibling is missing or older, for scripts/serve.mjs to send.
// `node scripts/page-assets.mjs [www]`
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const root = process.argv[2] ?? fileURLToPath(new URL("../www", import.meta.url));
const COMPRESS = /\.(html|js|mjs|css|json|webmanifest|txt|svg|wasm)$/;
/** Not cached by the service worker: the worker itself and its list (the browser checks those
 * on every update), and the compressed siblings (the server picks them). */
const SKIP = /(^|\/)(sw\.js|sw-assets\.js)$|\.(br|gz)$|(^|\/)\./;

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    return d.isDirectory() ? files(p) : [p];
  });
}

export function assets(dir = root) {
  return files(dir).map((p) => relative(dir, p).split("\\").join("/")).filter((p) => !SKIP.test(p)).sort();
}

function fresh(side, src) {
  try {
    return statSync(side).mtimeMs >= statSync(src).mtimeMs;
  } catch {
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const list = assets();
  const hash = createHash("sha256");
  for (const a of list) hash.update(a).update("\0").update(readFileSync(join(root, a)));
  const version = hash.digest("hex").slice(0, 16);
  const urls = ["./", ...list];
  const swAssets = `// Written by scripts/page-assets.mjs: this build's assets for the service worker.\n` +
    `self.NEGAH_VERSION = ${JSON.stringify(version)};\nself.NEGAH_ASSETS = ${JSON.stringify(urls, null, 1)};\n`;
  const target = join(root, "sw-assets.js");
  let old = "";
  try { old = readFileSync(target, "utf8"); } catch { /* first build */ }
  if (old !== swAssets) writeFileSync(target, swAssets);

  for (const a of [...list, "sw.js", "sw-assets.js"]) {
    const src = join(root, a);
    if (!COMPRESS.test(a)) continue;
    const br = `${src}.br`;
    const gz = `${src}.gz`;
    if (fresh(br, src) && fresh(gz, src)) continue;
    const data = readFileSync(src);
    writeFileSync(br, brotliCompressSync(data, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    }));
    writeFileSync(gz, gzipSync(data, { level: 9 }));
  }
}
