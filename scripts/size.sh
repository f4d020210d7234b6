#!/usr/bin/env bash
# Prints raw and gzip -9 sizes of the optimized wasm and of the whole page payload (everything
# under www/ that the page loads), and fails when the payload exceeds the 2.5 MB gzip budget.
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET=${BUDGET:-2500000}

gz() { gzip -9 -c "$1" | wc -c; }
row() { printf '%-34s %10d %10d\n' "$1" "$2" "$3"; }

[[ -f www/pkg/negah_bg.wasm ]] || { echo "run make build first" >&2; exit 1; }
printf '%-34s %10s %10s\n' file raw gzip-9
raw_total=0 gz_total=0
while IFS= read -r f; do
  r=$(wc -c <"$f"); g=$(gz "$f")
  row "${f#www/}" "$r" "$g"
  raw_total=$((raw_total + r)); gz_total=$((gz_total + g))
done < <(find www -type f ! -name OFL.txt ! -name '.*' | LC_ALL=C sort)
row "page payload (total)" "$raw_total" "$gz_total"
w=www/pkg/negah_bg.wasm
printf 'wasm: %d bytes raw, %d bytes gzip -9\n' "$(wc -c <"$w")" "$(gz "$w")"
printf 'page payload: %d bytes raw, %d bytes gzip -9 (budget %d)\n' "$raw_total" "$gz_total" "$BUDGET"
if ((gz_total > BUDGET)); then
  echo "page payload over budget" >&2
  exit 1
fi
