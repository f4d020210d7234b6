#!/bin/sh
# Rebuilds data/norm/lexicon.fst from the MIT-licensed hazm 0.10.0 and shekar 1.7.0 wheels.
# Run from the repository root. Needs python3 (3.11; hazm 0.10 does not install on newer
# versions) and network access to PyPI the first time.
set -eu
VENV=${VENV:-/tmp/norm/venv}
DL=${DL:-/tmp/norm/dl}
[ -x "$VENV/bin/python3" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q hazm==0.10.0
mkdir -p "$DL"
"$VENV/bin/pip" download -q --no-deps -d "$DL" hazm==0.10.0 shekar==1.7.0
"$VENV/bin/python3" tools/norm/build_lexicon.py --dl "$DL" --out "$DL/lexicon.tsv"
cargo run -q --release --example norm_build_fst -- "$DL/lexicon.tsv" data/norm/lexicon.fst
sha256sum data/norm/lexicon.fst
