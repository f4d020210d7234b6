//! Writes the neural tagger's per-token input ids (`negah::entities::net::token_ids`) for
//! CoNLL files, so the training tool (`tools/ner/train.py`) sees exactly what the product's
//! featurizer computes.
//!
//! ```sh
//! cargo run --release --example ner_features -- IN.conll OUT.ids
//! ```
//! Output: one line per token, `id id … id<TAB>TAG` ([`net::NF`] ids, decimal, `NONE` as
//! 4294967295), a blank line after each sentence.
use negah::entities::{features, net};
use std::fmt::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: ner_features IN.conll OUT.ids");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(input).expect("read CoNLL input");
    let lex = features::Lexicons::builtin();
    let mut out = String::new();
    let (mut toks, mut tags): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let flush = |toks: &mut Vec<&str>, tags: &mut Vec<&str>, out: &mut String| {
        if toks.is_empty() {
            return;
        }
        let p = features::Prepared::new(toks, lex);
        for (i, tag) in tags.iter().enumerate() {
            let ids = net::token_ids(&p, i);
            for (k, id) in ids.iter().enumerate() {
                let sep = if k == 0 { "" } else { " " };
                let _ = write!(out, "{sep}{id}");
            }
            let _ = writeln!(out, "\t{tag}");
        }
        out.push('\n');
        toks.clear();
        tags.clear();
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut toks, &mut tags, &mut out);
            continue;
        }
        let (t, g) = line.rsplit_once('\t').unwrap_or((line, "O"));
        toks.push(t);
        tags.push(g);
    }
    flush(&mut toks, &mut tags, &mut out);
    std::fs::write(output, out).expect("write ids");
}
