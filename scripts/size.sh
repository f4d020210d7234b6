#!/usr/bin/env bash
# Prints raw, gzip -9 and Brotli (quality 11) sizes of the page payload (everything under www/
# that the page loads) and of the npm package (both wasm builds, the packed tarball), and fails
# when the page payload exceeds its 2.5 MB budget on the wire or the normalizer-only wasm its
# 700 KB gzip. `make serve` sends the precompressed Brotli files, so the page budget is checked
# on the Brotli total (what the browser receives); the gzip total is printed beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET=${BUDGET:-2500000}
NORM_BUDGET=${NORM_BUDGET:-700000}

[[ -f www/pkg/negah_bg.wasm && -f pkg/normalize_bg.wasm ]] || { echo "run make build first" >&2; exit 1; }

# One Node process measures every file: "path raw gzip brotli" per line.
sizes() {
  node -e '
    const fs = require("fs"), zlib = require("zlib");
    for (const f of process.argv.slice(1)) {
      const b = fs.readFileSync(f);
      const br = zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length } }).length;
      console.log(f, b.length, zlib.gzipSync(b, { level: 9 }).length, br);
    }' "$@"
}
row() { printf '%-34s %10s %10s %10s\n' "$@"; }

row file raw gzip-9 brotli
raw_total=0 gz_total=0 br_total=0
mapfile -t files < <(find www -type f ! -name OFL.txt ! -name '.*' ! -name '*.br' ! -name '*.gz' | LC_ALL=C sort)
while read -r f r g b; do
  row "${f#www/}" "$r" "$g" "$b"
  raw_total=$((raw_total + r)); gz_total=$((gz_total + g)); br_total=$((br_total + b))
done < <(sizes "${files[@]}")
row "page payload (total)" "$raw_total" "$gz_total" "$br_total"

echo
row "npm package" raw gzip-9 brotli
while read -r f r g b; do
  row "${f#pkg/}" "$r" "$g" "$b"
  if [[ $f == pkg/normalize_bg.wasm ]]; then norm_gz=$g; fi
done < <(sizes pkg/negah_bg.wasm pkg/normalize_bg.wasm)
tarball=$(cd target && npm pack ../pkg --json --silent 2>/dev/null | node -e '
  const [p] = JSON.parse(require("fs").readFileSync(0, "utf8"));
  console.log(p.filename, p.size, p.unpackedSize, p.entryCount)')
read -r tgz packed unpacked count <<<"$tarball"
rm -f "target/$tgz"
printf 'npm pack: %s, %d bytes packed, %d bytes unpacked, %d files\n' "$tgz" "$packed" "$unpacked" "$count"

printf 'page payload: %d bytes raw, %d bytes gzip -9, %d bytes Brotli as served (budget %d)\n' \
  "$raw_total" "$gz_total" "$br_total" "$BUDGET"
printf 'normalizer-only wasm: %d bytes gzip -9 (budget %d)\n' "$norm_gz" "$NORM_BUDGET"
if ((br_total > BUDGET)); then
  echo "page payload over budget" >&2
  exit 1
fi
if ((norm_gz > NORM_BUDGET)); then
  echo "normalizer-only wasm over budget" >&2
  exit 1
fi
