#!/usr/bin/env bash
# Installs whatever the build and the tests need and is missing; a quick no-op when everything
# is there. `--browser` also installs Debian's chromium (for the e2e test and the browser runs of
# the wasm tests); `--fuzz` the nightly toolchain and cargo-fuzz (for `make fuzz` only). Never installs Debian's binaryen: its wasm-opt corrupts wasm-bindgen output
# (see ../shared/TOOLCHAIN.md); the npm binaryen@132 from package-lock.json is used instead.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '==> %s\n' "$*" >&2; }

# The wasm target (rust-toolchain.toml also names it; rustup fetches it on first use, but an
# explicit add gives a clear error when offline).
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must be exactly the wasm-bindgen version in Cargo.lock: the generated JS and
# the test runner speak a version-specific protocol with the library.
want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [[ -z "$want" ]]; then
  echo "cannot find the wasm-bindgen version in Cargo.lock" >&2
  exit 1
fi
if [[ "$have" != "$want" ]] || ! command -v wasm-bindgen-test-runner >/dev/null; then
  # No --locked: one pinned dependency of the CLI is missing from the registry mirror.
  say "cargo install wasm-bindgen-cli --version $want (had: ${have:-none}; takes about 5 min)"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

# npm tooling (binaryen@132 for wasm-opt, the Vazirmatn font, playwright-core, typescript),
# exactly as locked. npm writes node_modules/.package-lock.json on install.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [[ "${1:-}" == "--browser" && ! -x /usr/bin/chromium ]]; then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
  say "apt-get install chromium chromium-driver"
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q \
    chromium chromium-driver
fi
if [[ "${1:-}" == "--fuzz" ]]; then
  if ! rustup toolchain list | grep -q '^nightly'; then
    say "rustup toolchain install nightly (for cargo-fuzz; the crate itself builds on stable)"
    rustup toolchain install nightly --profile minimal
  fi
  if ! command -v cargo-fuzz >/dev/null; then
    say "cargo install cargo-fuzz (about 7 min)"
    cargo install cargo-fuzz
  fi
fi
exit 0
