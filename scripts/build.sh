#!/usr/bin/env bash
# Builds the npm package in pkg/ and the page's assets in www/, redoing only what is stale:
#   cargo (wasm profile; the full crate and the normalizer alone) → wasm-bindgen --target web →
#   wasm-opt -Oz (npm binaryen@132) → pkg-template/* (the entries that wrap the generated glue)
#   and data licenses into pkg/ → node.cjs, normalize-node.cjs (esbuild) → load test of the
#   package in Node → the browser files of pkg/ and the Vazirmatn font into www/.
# Run scripts/tools.sh first (the Makefile does).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '==> %s\n' "$*" >&2; }

OUT=target/wasm32-unknown-unknown/wasm/negah.wasm
STAMP=target/pkg.stamp

# Two builds of the crate: everything (negah_bg.wasm) and the normalizer alone, without the
# `wasm-analyze` feature (normalize_bg.wasm; the linker drops the model, the gazetteers and the
# quote rules). Both write the same file, so each is copied aside, and only when it changed:
# its time stamp is what makes the package stale.
keep() {
  if ! cmp -s "$OUT" "$1"; then cp "$OUT" "$1"; fi
}
cargo build --quiet --lib --target wasm32-unknown-unknown --profile wasm
keep target/negah-full.wasm
cargo build --quiet --lib --target wasm32-unknown-unknown --profile wasm --no-default-features
keep target/negah-normalize.wasm

stale=0
[[ -f pkg/negah_bg.wasm && -f pkg/normalize_bg.wasm && -f "$STAMP" ]] || stale=1
for f in target/negah-full.wasm target/negah-normalize.wasm pkg-template/* scripts/build.sh scripts/cjs-shim.js scripts/load-test.mjs data/PROVENANCE.md; do
  if [[ -e "$f" && "$f" -nt "$STAMP" ]]; then stale=1; fi
done

# wasm-bindgen, then wasm-opt: target/NAME.wasm → pkg/NAME_bindgen.js (the generated glue, an
# internal module the hand-written entries wrap) and pkg/NAME_bg.wasm. The glue's default wasm
# URL, `new URL('NAME_bg.wasm', import.meta.url)`, still holds after the rename.
bindgen() {
  local name=$1 wasm=$2
  say "wasm-bindgen --target web ($name)"
  rm -rf target/bindgen && mkdir -p target/bindgen
  cp "$wasm" "target/bindgen/$name.wasm"
  wasm-bindgen --target web --out-dir target/bindgen/out "target/bindgen/$name.wasm"
  mv "target/bindgen/out/$name.js" "pkg/${name}_bindgen.js"
  say "wasm-opt -Oz ($name)"
  node_modules/.bin/wasm-opt -Oz "target/bindgen/out/${name}_bg.wasm" -o "pkg/${name}_bg.wasm"
}

# `require("negah")` in Node: an ESM entry bundled as CommonJS, `import.meta.url` taken from
# __filename (the file sits next to its source, so every relative URL stays right).
cjs() {
  node_modules/.bin/esbuild "pkg/$1.js" --bundle --platform=node --format=cjs --log-level=warning \
    --define:import.meta.url=import_meta_url --inject:scripts/cjs-shim.js --outfile="pkg/$1.cjs"
}

if [[ $stale == 1 ]]; then
  find pkg -mindepth 1 ! -name .gitkeep -exec rm -rf {} + 2>/dev/null || true
  mkdir -p pkg
  bindgen negah target/negah-full.wasm
  bindgen normalize target/negah-normalize.wasm

  # The hand-written entries, package.json, README and the typed negah.d.ts.
  cp pkg-template/* pkg/
  version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
  node -e '
    const fs = require("fs");
    const p = JSON.parse(fs.readFileSync("pkg/package.json", "utf8"));
    p.version = process.argv[1];
    fs.writeFileSync("pkg/package.json", JSON.stringify(p, null, 2) + "\n");
  ' "$version"
  cjs node
  cjs normalize-node
  # TypeScript wants the types of a CommonJS entry in a .d.cts file; normalize.d.ts takes its
  # types from negah.d.ts, which for CommonJS is negah.d.cts.
  cp pkg/negah.d.ts pkg/negah.d.cts
  sed 's|"\./negah\.js"|"./negah.cjs"|g' pkg/normalize.d.ts >pkg/normalize.d.cts
  # The word lists compiled into the wasm travel with their provenance and licenses.
  if [[ -f data/PROVENANCE.md ]]; then cp data/PROVENANCE.md pkg/; fi
  if [[ -d data/licenses ]]; then cp -r data/licenses pkg/; fi

  say "load test of the optimized module"
  node scripts/load-test.mjs pkg
  touch "$STAMP"
fi

# The page serves its own copy of the package and the font: nothing from outside its origin.
# Only the browser entry and what it loads; not the Node files. The worker's script is the
# package's worker.js bundled with its two imports into one file at the same path (the glue's
# `new URL("negah_bg.wasm", import.meta.url)` still holds): the worker starts while the page's
# own requests hold the browser's six HTTP/1.1 connections, and a second round of imports
# (one of them a revalidation of the glue the page already has) would cost it another wait.
mkdir -p www/pkg www/fonts
for f in negah.js negah_bindgen.js api.js client.js negah_bg.wasm; do
  cmp -s "pkg/$f" "www/pkg/$f" || cp "pkg/$f" "www/pkg/$f"
done
node_modules/.bin/esbuild pkg/worker.js --bundle --format=esm --target=es2022 --log-level=warning \
  --outfile=target/page-worker.js
cmp -s target/page-worker.js www/pkg/worker.js || cp target/page-worker.js www/pkg/worker.js
rm -f www/pkg/worker-core.js www/pkg/worker-core.js.br www/pkg/worker-core.js.gz
# The page's own modules (app.js and everything it imports, the package's client included) as
# one file, www/app.bundle.js, which index.html loads: over HTTP/1.1 the browser opens six
# connections to a host, and a dozen modules came in three rounds behind the wasm, the last of
# them often after the wasm had compiled. boot.js stays a module of its own (it must run before
# the rest has arrived); the bundle imports it, so both share one instance.
node_modules/.bin/esbuild www/app.js --bundle --format=esm --target=es2022 --log-level=warning \
  --external:./boot.js --outfile=target/app.bundle.js
cmp -s target/app.bundle.js www/app.bundle.js || cp target/app.bundle.js www/app.bundle.js
font="node_modules/vazirmatn/fonts/webfonts/Vazirmatn[wght].woff2"
cmp -s "$font" www/fonts/Vazirmatn-wght.woff2 || cp "$font" www/fonts/Vazirmatn-wght.woff2
cmp -s node_modules/vazirmatn/OFL.txt www/fonts/OFL.txt || cp node_modules/vazirmatn/OFL.txt www/fonts/OFL.txt

# The service worker's asset list (a new version whenever an asset changes) and the Brotli and
# gzip siblings that scripts/serve.mjs sends.
node scripts/page-assets.mjs www
