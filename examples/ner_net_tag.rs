//! Tags a CoNLL file with a neural model file (before it is built in), as `negah tag --conll`
//! does with the built-in one: `ner_net_tag MODEL peyma|arman < IN.conll > OUT.conll`.
use negah::entities::{features, net};
use std::io::{Read, Write};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bytes = std::fs::read(&args[0]).expect("model file");
    let net = net::Net::from_bytes(&bytes).expect("a neural tagger model");
    let h = usize::from(args[1] == "arman");
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).expect("stdin");
    let lex = features::Lexicons::builtin();
    let mut out = String::new();
    let t0 = std::time::Instant::now();
    let mut ntok = 0;
    for block in text.split("\n\n") {
        let toks: Vec<&str> = block
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.split('\t').next().unwrap_or(l))
            .collect();
        if toks.is_empty() {
            continue;
        }
        ntok += toks.len();
        let p = features::Prepared::new(&toks, lex);
        let labels = net.tag(h, &p);
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
