//! Writes the neural tagger's per-token input ids (`negah::entities::net::token_ids`) for
//! CoNLL files, so the training tool (`tools/ner/train.py`) sees exactly what the product's
//! featurizer computes.
//!
//! ```sh
//! cargo run --release --example ner_features -- IN.conll OUT.ids
//! # stacked ids (net::stack_ids) too, the inputs read as one run of documents, first-pass
//! # labels from the built-in linear tagger's head H, or from a jackknife file written by
//! # `JKCACHE=… train_ner train` starting at its sentence START:
//! cargo run --release --example ner_features -- --stack model:H OUT.ids IN.conll…
//! cargo run --release --example ner_features -- --stack jk:FILE:START OUT.ids IN.conll…
//! ```
//! Output: one line per token, `id id … id<TAB>TAG` ([`net::NF`] ids, [`net::NF`] +
//! [`net::NS`] with `--stack`, decimal, `NONE` as 4294967295), a blank line after each
//! sentence.
use negah::conll;
use negah::entities::{features, net, tagger};
use std::fmt::Write;

/// The tags of a CoNLL text's tokens (the last column; `O` when there is none), and each
/// sentence's range in them (the sentences as `negah::conll` reads them).
fn tags_of(text: &str, c: &conll::Conll) -> (Vec<String>, Vec<(usize, usize)>) {
    let tags: Vec<String> = text
        .lines()
        .filter(|l| !l.split('\t').next().unwrap_or("").trim().is_empty())
        .map(|l| {
            l.rsplit_once('\t')
                .map_or("O", |(_, t)| t)
                .trim_end()
                .to_string()
        })
        .collect();
    let mut at = 0;
    let bounds = c
        .sentences
        .iter()
        .map(|s| {
            at += s.len();
            (at - s.len(), at)
        })
        .collect();
    (tags, bounds)
}

/// First-pass labels of `n` sentences from a jackknife file (per sentence: length u32, labels).
fn jackknife(path: &str, start: usize, n: usize) -> Vec<Vec<u8>> {
    let bytes = std::fs::read(path).expect("jackknife file");
    let mut at = 0;
    let mut out = Vec::new();
    let mut i = 0;
    while at < bytes.len() && out.len() < n {
        let len = u32::from_le_bytes(bytes[at..at + 4].try_into().expect("length")) as usize;
        if i >= start {
            out.push(bytes[at + 4..at + 4 + len].to_vec());
        }
        at += 4 + len;
        i += 1;
    }
    assert_eq!(out.len(), n, "jackknife file too short");
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (stack, output, inputs) = match args.as_slice() {
        [flag, how, output, inputs @ ..] if flag == "--stack" && !inputs.is_empty() => {
            (Some(how.as_str()), output, inputs.to_vec())
        }
        [input, output] => (None, output, vec![input.clone()]),
        _ => {
            eprintln!("usage: ner_features IN.conll OUT.ids | --stack model:H|jk:FILE:START OUT.ids IN.conll…");
            std::process::exit(2);
        }
    };
    let mut text = String::new();
    for p in &inputs {
        text.push_str(&std::fs::read_to_string(p).expect("read CoNLL input"));
        text.push_str("\n\n");
    }
    let c = conll::read(&text);
    let (tags, bounds) = tags_of(&text, &c);
    let lex = features::Lexicons::builtin();
    let prepared: Vec<features::Prepared> = c
        .sentences
        .iter()
        .map(|toks| features::Prepared::new(toks, lex))
        .collect();
    let stacked: Option<Vec<Vec<[u32; net::NS]>>> = stack.map(|how| {
        let m = tagger::builtin().expect("the built-in linear model");
        let first: Vec<Vec<u8>> = match how.split(':').collect::<Vec<_>>().as_slice() {
            ["model", h] => {
                let h: usize = h.parse().expect("head");
                prepared.iter().map(|p| m.tag(h, p)).collect()
            }
            ["jk", file, start] => jackknife(file, start.parse().expect("start"), prepared.len()),
            _ => panic!("--stack model:H or jk:FILE:START"),
        };
        // Both heads of the joint model share one label space.
        net::stack_doc(&prepared, &first, m.heads[0].labels())
    });
    let mut out = String::new();
    for (k, (p, &(from, to))) in prepared.iter().zip(&bounds).enumerate() {
        for (i, tag) in tags[from..to].iter().enumerate() {
            let ids = net::token_ids(p, i);
            let extra = stacked.as_ref().map(|s| s[k][i]);
            for (j, id) in ids.iter().chain(extra.iter().flatten()).enumerate() {
                let sep = if j == 0 { "" } else { " " };
                let _ = write!(out, "{sep}{id}");
            }
            let _ = writeln!(out, "\t{tag}");
        }
        out.push('\n');
    }
    std::fs::write(output, out).expect("write ids");
}
