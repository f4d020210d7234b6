#!/usr/bin/env bash
# Prints raw, gzip -9 and Brotli sizes of every asset the page serves (the Brotli column is what
# `make serve` sends to a browser: the precompressed .br siblings written by
# scripts/page-assets.mjs), and fails when the page's whole payload over the wire exceeds the
# budget (2.5 MB: the first rendered analysis needs all of it but the icons and the manifest).
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET=${BUDGET:-2500000}

gz() { gzip -9 -c "$1" | wc -c; }
br() { if [[ -f "$1.br" && ! "$1" -nt "$1.br" ]]; then wc -c <"$1.br"; else wc -c <"$1"; fi; }
row() { printf '%-34s %10d %10d %10d\n' "$1" "$2" "$3" "$4"; }

[[ -f www/pkg/negah_bg.wasm ]] || { echo "run make build first" >&2; exit 1; }
printf '%-34s %10s %10s %10s\n' file raw gzip-9 brotli
raw_total=0 gz_total=0 br_total=0
while IFS= read -r f; do
  r=$(wc -c <"$f"); g=$(gz "$f"); b=$(br "$f")
  row "${f#www/}" "$r" "$g" "$b"
  raw_total=$((raw_total + r)); gz_total=$((gz_total + g)); br_total=$((br_total + b))
done < <(find www -type f ! -name OFL.txt ! -name '.*' ! -name '*.br' ! -name '*.gz' | LC_ALL=C sort)
row "page payload (total)" "$raw_total" "$gz_total" "$br_total"
w=www/pkg/negah_bg.wasm
printf 'wasm: %d bytes raw, %d bytes gzip -9, %d bytes Brotli\n' "$(wc -c <"$w")" "$(gz "$w")" "$(br "$w")"
printf 'page payload: %d bytes raw, %d bytes gzip -9, %d bytes Brotli as served (budget %d)\n' \
  "$raw_total" "$gz_total" "$br_total" "$BUDGET"
if ((br_total > BUDGET)); then
  echo "page payload over budget" >&2
  exit 1
fi
