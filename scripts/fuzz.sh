#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets/) for a bounded time each, one after the other:
#   scripts/fuzz.sh                 60 s per target (what `make fuzz` runs)
#   scripts/fuzz.sh 3600 analyze    one target for an hour (the long runs, under nice)
# Needs the nightly toolchain and cargo-fuzz (`scripts/tools.sh --fuzz` installs both); the
# crate itself builds on stable. Starting corpora are the seeds in fuzz/seeds/ (written for the
# project) and the test fixture; libFuzzer grows fuzz/corpus/ (not committed). A crash leaves
# its input in fuzz/artifacts/<target>/ and fails the script: add it to
# tests/fuzz_regressions/<target>/ once fixed, where `make test` replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

secs=${1:-60}
shift || true
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=($(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^negah-fuzz$'))
fi

for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  cp -n fuzz/seeds/"$t"/* "fuzz/corpus/$t/" 2>/dev/null || true
  if [[ "$t" == analyze || "$t" == normalize ]]; then
    cp -n tests/fixtures/seed_article.txt "fuzz/corpus/$t/seed_article.txt"
  fi
  # A target's own dictionary (fuzz/<target>.dict) if it has one, else the Persian one.
  dict=fuzz/persian.dict
  [[ -f "fuzz/$t.dict" ]] && dict="fuzz/$t.dict"
  echo "==> fuzz $t for ${secs}s" >&2
  # No sanitizer by default: the crate's only unsafe code is SIMD behind CPU-feature checks
  # (the tagger's weight rows, the net's matrix product, a prefetch hint), and libFuzzer alone
  # runs about twice as many inputs; FUZZ_SANITIZER=address checks those with AddressSanitizer.
  # Debug assertions on (they check edit order inside the normalizer). Inputs up to 64 KB: the
  # normalizer's block size, so both of its paths are reached.
  cargo +nightly fuzz run --sanitizer "${FUZZ_SANITIZER:-none}" --debug-assertions "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$secs" -max_len=70000 -dict="$dict" -timeout=20 \
    -rss_limit_mb=4096 -print_final_stats=1
done
