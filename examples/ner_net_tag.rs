//! Tags a CoNLL file with a neural model file (before it is built in), as `negah tag --conll`
//! does with the built-in one: `ner_net_tag MODEL peyma|arman < IN.conll > OUT.conll`.
//! A stacked network (`net::Net::stacked`) first gets the built-in linear tagger's first pass
//! over the whole input (one run of documents, as `negah tag` reads it) and its document
//! summaries.
use negah::entities::{features, net, tagger};
use std::io::{Read, Write};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bytes = std::fs::read(&args[0]).expect("model file");
    let net = net::Net::from_bytes(&bytes).expect("a neural tagger model");
    let h = usize::from(args[1] == "arman");
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).expect("stdin");
    let lex = features::Lexicons::builtin();
    let sents: Vec<Vec<&str>> = text
        .split("\n\n")
        .map(|block| {
            block
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| l.split('\t').next().unwrap_or(l))
                .collect::<Vec<&str>>()
        })
        .filter(|t| !t.is_empty())
        .collect();
    let t0 = std::time::Instant::now();
    let prepared: Vec<features::Prepared> = sents
        .iter()
        .map(|t| features::Prepared::new(t, lex))
        .collect();
    let stack: Option<Vec<Vec<[u32; net::NS]>>> = net.stacked().then(|| {
        let m = tagger::builtin().expect("the built-in linear model");
        let first: Vec<Vec<u8>> = prepared.iter().map(|p| m.tag(h, p)).collect();
        net::stack_doc(&prepared, &first, m.heads[h].labels())
    });
    let mut out = String::new();
    let mut ntok = 0;
    for (k, (toks, p)) in sents.iter().zip(&prepared).enumerate() {
        ntok += toks.len();
        let labels = match &stack {
            Some(st) => net.tag_stacked(h, p, &st[k]),
            None => net.tag(h, p),
        };
        for (t, &l) in toks.iter().zip(&labels) {
            let tag = match net.heads[h].label_type(l) {
                None => "O".to_string(),
                Some((ty, b)) => format!("{}-{}", if b { "B" } else { "I" }, ty.name()),
            };
            out.push_str(&format!("{t}\t{tag}\n"));
        }
        out.push('\n');
    }
    eprintln!(
        "{ntok} tokens, {:.0} tokens/s",
        ntok as f64 / t0.elapsed().as_secs_f64()
    );
    std::io::stdout().write_all(out.as_bytes()).expect("stdout");
}
