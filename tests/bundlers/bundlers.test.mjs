// The npm package in bundlers, as a front-end developer meets it: `npm pack pkg/`, install the
// tarball into a copy of the fixture project (tests/bundlers/fixture: the package by name, the
// browser entry with init, the worker client, the normalizer-only entry), build it with Vite,
// webpack and esbuild (esbuild by the one-line recipe in the package README, run verbatim), and
// run each build in headless Chromium: the results must be right, the worker must give the
// same analysis as the main thread, both wasm files must load, and nothing may fail or leave
// the origin. `vite-dev` loads the same app from Vite's dev server (dependency pre-bundling
// included) instead of a build.
//
// `make test-bundlers` runs all three; `make test` runs NEGAH_BUNDLERS=esbuild (the fastest) as
// a smoke test.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, execSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const ALL = ["vite", "vite-dev", "webpack", "esbuild"];
const chosen = (process.env.NEGAH_BUNDLERS ?? ALL.join(",")).split(",").filter(Boolean);

let project, browser;

const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

before(() => {
  assert.ok(existsSync(join(root, "pkg/normalize_bg.wasm")), "pkg/ is not built: run `make pkg`");
  assert.ok(existsSync(CHROMIUM), `no browser at ${CHROMIUM}: run scripts/tools.sh --browser`);
  project = mkdtempSync(join(tmpdir(), "negah-bundlers-"));
  cpSync(join(root, "tests/bundlers/fixture"), project, { recursive: true });
  const out = run("npm", ["pack", join(root, "pkg"), "--pack-destination", project, "--json", "--silent"], root);
  const [{ filename }] = JSON.parse(out);
  run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", join(project, filename)], project);
});

after(async () => {
  await browser?.close();
});

const BUILDERS = {
  async vite() {
    const { build } = await import("vite");
    await build({ root: project, logLevel: "warn", build: { outDir: "dist/vite", emptyOutDir: true } });
    return join(project, "dist/vite");
  },
  /** Not a build: Vite's dev server, started here and stopped by the returned `close`. */
  async "vite-dev"() {
    const { createServer } = await import("vite");
    const server = await createServer({ root: project, logLevel: "warn", server: { host: "127.0.0.1", port: 0 } });
    await server.listen();
    return { url: server.resolvedUrls.local[0], close: () => server.close() };
  },
  async webpack() {
    const { default: webpack } = await import("webpack");
    const { default: config } = await import(join(project, "webpack.config.js"));
    const stats = await new Promise((ok, fail) => webpack(config, (e, s) => (e ? fail(e) : ok(s))));
    assert.ok(!stats.hasErrors(), stats.toString({ all: false, errors: true }));
    const dir = join(project, "dist/webpack");
    writeFileSync(join(dir, "index.html"), page('<script src="main.js"></script>'));
    return dir;
  },
  async esbuild() {
    // The recipe exactly as the package README gives it.
    const readme = readFileSync(join(project, "node_modules/negah/README.md"), "utf8");
    const recipe = readme.match(/### esbuild[\s\S]*?```sh\n(npx esbuild [^\n]+)\n```/);
    assert.ok(recipe, "the package README has a one-line esbuild recipe");
    // `npx esbuild` is the user's locally installed esbuild: here the repo's, on PATH.
    const line = recipe[1].replace(/^npx /, "").replaceAll("src/app.js", "src/main.js");
    execSync(line, {
      cwd: project, stdio: ["ignore", "pipe", "pipe"], shell: "/bin/bash",
      env: { ...process.env, PATH: `${join(root, "node_modules/.bin")}:${process.env.PATH}` },
    });
    writeFileSync(join(project, "dist/index.html"), page('<script type="module" src="main.js"></script>'));
    return join(project, "dist");
  },
};

function page(script) {
  return `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>negah</title>${script}`;
}

for (const name of ALL) {
  test(`${name}: the bundled app runs in Chromium`, { skip: !chosen.includes(name) && "not chosen (NEGAH_BUNDLERS)" }, async () => {
    const built = await BUILDERS[name]();
    let url, close;
    if (typeof built === "string") {
      const files = readdirSync(built, { recursive: true }).map(String);
      assert.ok(files.some((f) => f.endsWith(".wasm")), `${name} emitted no wasm: ${files}`);
      const { server, url: at } = await serve({ root: built, port: 0 });
      [url, close] = [at, () => server.close()];
    } else {
      ({ url, close } = built);
    }
    browser ??= await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const tab = await browser.newPage();
    const problems = [];
    const wasm = new Set();
    try {
      tab.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      tab.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
      });
      tab.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
      tab.on("response", (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
        if (r.url().endsWith(".wasm")) wasm.add(r.url());
      });
      await tab.route("**/*", (route) => {
        const u = new URL(route.request().url());
        if (u.protocol === "data:" || u.origin === new URL(url).origin) return route.continue();
        problems.push(`request left the origin: ${u.href}`);
        return route.abort("blockedbyclient");
      });
      await tab.goto(url);
      await tab.waitForFunction(() => window.__negah, null, { timeout: 60_000 });
      const r = await tab.evaluate(() => window.__negah);
      assert.equal(r.error, undefined, r.error);
      assert.match(r.beforeInit, /call `await init\(\)` once first/);
      assert.equal(r.normalized, "وزیر دفاع گفت: اجازه نخواهیم داد.");
      assert.equal(r.quote, "اجازه نخواهیم داد");
      assert.equal(r.workerSame, true, "the worker's analysis differs from the main thread's");
      assert.equal(r.small, "کتاب ۱۲");
      assert.match(r.version, /^\d+\.\d+\.\d+/);
      assert.equal(wasm.size, 2, `the full and the normalizer-only wasm load: ${[...wasm]}`);
      assert.deepEqual(problems, []);
    } finally {
      await tab.close();
      await close();
    }
  });
}
