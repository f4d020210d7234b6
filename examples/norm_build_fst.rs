//! Compiles the TSV written by `tools/norm/build_lexicon.py` (`key<TAB>u64`, sorted by key
//! bytes) into the fst map the normalizer embeds: `data/norm/lexicon.fst`.
//!
//! `cargo run --release --example norm_build_fst -- /tmp/norm/lexicon.tsv data/norm/lexicon.fst`

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: norm_build_fst IN.tsv OUT.fst");
        std::process::exit(2);
    }
    let tsv = std::fs::read_to_string(&args[1]).expect("read the TSV");
    let mut b = fst::MapBuilder::memory();
    let mut n = 0;
    for line in tsv.lines() {
        let (k, v) = line.split_once('\t').expect("key<TAB>value");
        b.insert(k, v.parse::<u64>().expect("a u64 value"))
            .expect("keys sorted and unique");
        n += 1;
    }
    let bytes = b.into_inner().expect("build the fst");
    std::fs::File::create(&args[2])
        .and_then(|mut f| f.write_all(&bytes))
        .expect("write the fst");
    eprintln!("{n} keys, {} bytes -> {}", bytes.len(), args[2]);
}
