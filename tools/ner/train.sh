#!/usr/bin/env bash
# Trains the neural entity tagger from scratch and writes its model file, in one command:
#   tools/ner/train.sh [OUT.bin]            (default data/ner/net.bin)
# Environment: SHARED (default ../shared: the corpora), WORK (default /tmp/negah-ner-net),
# TRAIN_ARGS (extra train.py options, e.g. "--epochs 4 --width 96"), STACK=1 (a stacked net:
# the linear tagger's first-pass label and document summary as two more input columns,
# net::stack_ids; training data labels from the linear tagger's 5-fold jackknife, written
# once to $WORK/jk.bin by examples/train_ner.rs, dev labels from the built-in linear model).
# Steps: per-token ids from the product's own featurizer (examples/ner_features.rs) for
# PEYMA train + extra_600k + dev and ARMAN train_fold1 split as examples/train_ner.rs splits
# it (every 10th block of 50 sentences is dev), training (tools/ner/train.py, JAX on CPU, one
# thread, fixed seeds), int8 export (tools/ner/export.py). Reproducible up to XLA's
# floating-point summation order (same machine and versions: the same file).
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-../shared}
WORK=${WORK:-/tmp/negah-ner-net}
OUT=${1:-data/ner/net.bin}
mkdir -p "$WORK"
if [[ ! -x "$WORK/venv/bin/python" ]]; then
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install -q jax==0.10.2 jaxlib==0.10.2 optax==0.2.8 numpy==2.4.6
fi
cargo build --release --example ner_features
python3 - "$SHARED/data/ner/arman/train_fold1.txt" "$WORK" <<'PY'
import sys
sents = [s.strip("\n") for s in open(sys.argv[1], encoding="utf8").read().split("\n\n") if s.strip()]
for name, keep in (("arman_train", lambda i: (i // 50) % 10 != 9), ("arman_dev", lambda i: (i // 50) % 10 == 9)):
    with open(f"{sys.argv[2]}/{name}.txt", "w", encoding="utf8") as f:
        f.write("\n\n".join(s for i, s in enumerate(sents) if keep(i)) + "\n\n")
PY
F=target/release/examples/ner_features
P=$SHARED/data/ner/peyma
if [[ "${STACK:-0}" == 1 ]]; then
  if [[ ! -s "$WORK/jk.bin" ]]; then
    cargo build --release --example train_ner
    EPOCHS=1 JKCACHE="$WORK/jk.bin" nice -n 10 target/release/examples/train_ner train "$SHARED/data/ner" "$WORK/linear_e1.bin"
  fi
  NP=$(awk 'BEGIN{RS=""} END{print NR}' "$P/train.txt" "$P/extra_600k.txt")  # PEYMA's sentences
  $F --stack "jk:$WORK/jk.bin:0" "$WORK/peyma_train.ids" "$P/train.txt" "$P/extra_600k.txt"
  : > "$WORK/peyma_extra.ids"
  $F --stack "jk:$WORK/jk.bin:$NP" "$WORK/arman_train.ids" "$WORK/arman_train.txt"
  $F --stack model:0 "$WORK/peyma_dev.ids" "$P/dev.txt"
  $F --stack model:1 "$WORK/arman_dev.ids" "$WORK/arman_dev.txt"
  TRAIN_ARGS="--stack ${TRAIN_ARGS:-}"
else
  $F "$P/train.txt" "$WORK/peyma_train.ids"
  $F "$P/extra_600k.txt" "$WORK/peyma_extra.ids"
  $F "$P/dev.txt" "$WORK/peyma_dev.ids"
  $F "$WORK/arman_train.txt" "$WORK/arman_train.ids"
  $F "$WORK/arman_dev.txt" "$WORK/arman_dev.ids"
fi
# shellcheck disable=SC2086
XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1" \
  nice -n 10 "$WORK/venv/bin/python" tools/ner/train.py --data "$WORK" --out "$WORK/run" \
  --word-dim 48 --width 64 --depth 4 --epochs 2 ${TRAIN_ARGS:-}
"$WORK/venv/bin/python" tools/ner/export.py "$WORK/run" "$OUT"
