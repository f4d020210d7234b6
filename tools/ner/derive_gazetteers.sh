#!/bin/sh
# Derives the shipped gazetteer lists in data/gazetteers/ from ../shared/data/gazetteers
# (licensed lists; see data/gazetteers/PROVENANCE.md). Run from the repository root.
set -eu
G=${1:-/work/shared/data/gazetteers}
D=data/gazetteers
tail -n +2 "$G/first_names_gender.tsv" | cut -f1 | LC_ALL=C sort -u > "$D/first_names.txt"
LC_ALL=C sort -u "$G/farsi_faker_last_names.txt" > "$D/last_names.txt"
LC_ALL=C sort -u "$G/iran_banks_persian_tools.txt" > "$D/orgs.txt"
# Flat forms (normalized, no ZWNJ or space), sorted: the tagger bisects these lists.
cargo run --quiet --release --example train_ner -- flatten "$D/first_names.txt" "$D/last_names.txt"
