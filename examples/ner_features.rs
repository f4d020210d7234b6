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
use negah::entities::{features, net, tagger, DOC_WINDOW};
use std::fmt::Write;

type Sent = (Vec<String>, Vec<String>);

fn read_conll(path: &str) -> Vec<Sent> {
    let text = std::fs::read_to_string(path).expect("read CoNLL input");
    let mut out = Vec::new();
    let (mut toks, mut tags) = (Vec::new(), Vec::new());
    for line in text.lines() {
        if line.trim().is_empty() {
            if !toks.is_empty() {
                out.push((std::mem::take(&mut toks), std::mem::take(&mut tags)));
            }
            continue;
        }
        let (t, g) = line.rsplit_once('\t').unwrap_or((line, "O"));
        toks.push(t.to_string());
        tags.push(g.to_string());
    }
    if !toks.is_empty() {
        out.push((toks, tags));
    }
    out
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
    let sents: Vec<Sent> = inputs.iter().flat_map(|p| read_conll(p)).collect();
    let lex = features::Lexicons::builtin();
    let prepared: Vec<features::Prepared> = sents
        .iter()
        .map(|(toks, _)| {
            let refs: Vec<&str> = toks.iter().map(String::as_str).collect();
            features::Prepared::new(&refs, lex)
        })
        .collect();
    let stacked: Option<Vec<Vec<[u32; net::NS]>>> = stack.map(|how| {
        let first: Vec<Vec<u8>> = match how.split(':').collect::<Vec<_>>().as_slice() {
            ["model", h] => {
                let m = tagger::builtin().expect("the built-in linear model");
                let h: usize = h.parse().expect("head");
                prepared.iter().map(|p| m.tag(h, p)).collect()
            }
            ["jk", file, start] => jackknife(file, start.parse().expect("start"), sents.len()),
            _ => panic!("--stack model:H or jk:FILE:START"),
        };
        let keys: Vec<Vec<Option<u64>>> = prepared
            .iter()
            .map(|p| p.folded.iter().map(features::doc_key).collect())
            .collect();
        // The label space of the joint model's heads (all heads share it).
        let nl = first.iter().flatten().copied().max().unwrap_or(0) as usize + 1;
        let nl = nl.max(21);
        let summ = features::doc_summaries(&keys, &first, DOC_WINDOW, nl);
        first
            .iter()
            .zip(&summ)
            .map(|(l, s)| {
                l.iter()
                    .zip(s)
                    .map(|(&l, &s)| net::stack_ids(l, s))
                    .collect()
            })
            .collect()
    });
    let mut out = String::new();
    for (k, ((_, tags), p)) in sents.iter().zip(&prepared).enumerate() {
        for (i, tag) in tags.iter().enumerate() {
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
