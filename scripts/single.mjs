// `make single`: the page as one HTML file that works when opened from disk (file://), with no
// server and no fetch of a file: URL. Everything is inside it:
// - the page's modules bundled by esbuild into one inline <script type="module">, allowed by its
//   sha256 hash in the Content-Security-Policy (no 'unsafe-inline');
// - the stylesheet inline, allowed by its hash, with the font as a data: URL;
// - the wasm as base64 and the worker's bundled code as text in inert data blocks: the page
//   instantiates the wasm from those bytes, in a classic worker made from a blob: URL (Chromium
//   allows that from file://, but not a module worker); where a browser refuses, the page runs
//   the wasm on its main thread and sets data-engine="main" on <html>;
// - the sample article, so "try the sample" works offline too.
// `node scripts/single.mjs [out.html]` (default dist/negah.html); run scripts/build.sh first.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const www = join(root, "www");
const out = process.argv[2] ?? join(root, "dist/negah.html");

async function bundle(entry, format) {
  const r = await build({
    entryPoints: [join(www, entry)], bundle: true, format, minify: true, write: false,
    target: "es2022", logLevel: "error", legalComments: "none",
  });
  return r.outputFiles[0].text;
}

const sha = (s) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;
/** A data block's text may hold anything but its own end tag. */
function inert(s, what) {
  if (/<\/script/i.test(s)) throw new Error(`${what} contains </script and cannot be inlined`);
  return s;
}

const app = inert(await bundle("app.js", "esm"), "the page bundle");
// Chromium refuses a module worker from a blob: URL in a file:// page, a classic one it runs.
const worker = await bundle("pkg/worker.js", "iife");
const wasm = readFileSync(join(www, "pkg/negah_bg.wasm")).toString("base64");
const font = readFileSync(join(www, "fonts/Vazirmatn-wght.woff2")).toString("base64");
const icon = readFileSync(join(www, "icons/icon.svg")).toString("base64");
const sample = readFileSync(join(www, "sample.txt"), "utf8");
const css = readFileSync(join(www, "style.css"), "utf8")
  .replace('url("fonts/Vazirmatn-wght.woff2")', `url("data:font/woff2;base64,${font}")`);

const csp = [
  "default-src 'none'", `script-src ${sha(app)} 'wasm-unsafe-eval'`, `style-src ${sha(css)}`,
  "font-src data:", "img-src data: blob:", "worker-src blob:", "connect-src 'none'",
  "object-src 'none'", "base-uri 'none'", "form-action 'none'",
].join("; ");

let html = readFileSync(join(www, "index.html"), "utf8");
const swap = (re, to) => {
  if (!re.test(html)) throw new Error(`index.html no longer has ${re}`);
  html = html.replace(re, () => to);
};
swap(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
swap(/ *<link rel="icon"[^>]*>\n/, `  <link rel="icon" href="data:image/svg+xml;base64,${icon}">\n`);
swap(/ *<link rel="apple-touch-icon"[^>]*>\n/, "");
swap(/ *<link rel="manifest"[^>]*>\n/, "");
swap(/ *<link rel="stylesheet" href="style.css">\n/, `  <style>${css}</style>\n`);
swap(/ *<!-- What the first analysis waits for[^]*?-->\n/, "");
swap(/ *<script type="module" async src="boot.js"[^>]*><\/script>\n/, "");
swap(/ *<link rel="preload"[^>]*>\n/g, "");
swap(/ *<script type="module" src="app.bundle.js"[^>]*><\/script>\n/, "");
swap(/<a href="fonts\/OFL.txt">مجوز OFL<\/a>/, "مجوز SIL Open Font License 1.1");
const blocks = [
  `<script type="application/octet-stream" id="negah-wasm">${wasm}</script>`,
  `<script type="text/plain" id="negah-worker">${inert(worker, "the worker bundle")}</script>`,
  `<script type="text/plain" id="negah-sample">${inert(sample, "the sample")}</script>`,
  `<script type="module">${app}</script>`,
].join("\n");
swap(/<\/body>/, `${blocks}\n</body>`);

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
console.log(`${out}: ${html.length} bytes`);
