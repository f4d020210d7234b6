//! Timing harness of the entity stage (native, one thread).
//!
//! ```sh
//! cargo run --release --example bench_ner -- /tmp/negah-ner/peyma_dev.txt [ARTICLES_DIR]
//! ```
//! Prints the lazy-initialization time of the model and lists, the tagger's throughput on a
//! CoNLL file (one head, tokens as given), and the whole entity stage's throughput
//! (`recognize`, tokens of the segmented text) on a folder of articles.

use negah::entities::{self, features, Head};
use negah::{Doc, NormOptions};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let t = Instant::now();
    let lex = features::Lexicons::builtin();
    let t_lex = t.elapsed();
    let t = Instant::now();
    let model = entities::tagger::builtin();
    let t_model = t.elapsed();
    let t = Instant::now();
    let _ = entities::tag_tokens(&["تهران"], Head::Peyma);
    let _ = entities::recognize(&Doc::new("وزیر دفاع گفت.", &NormOptions::default()));
    let t_first = t.elapsed();
    println!(
        "init: lists {:.1} ms, model {:.1} ms ({} rows), first call after init {:.1} ms",
        t_lex.as_secs_f64() * 1e3,
        t_model.as_secs_f64() * 1e3,
        model.map_or(0, |m| m.rows()),
        t_first.as_secs_f64() * 1e3
    );
    let _ = lex;
    if let Some(path) = args.get(1) {
        let text = std::fs::read_to_string(path).expect("conll file");
        let mut sents: Vec<Vec<&str>> = vec![vec![]];
        for line in text.lines() {
            match line.split('\t').next() {
                Some(t) if !t.is_empty() => sents.last_mut().unwrap().push(t),
                _ => sents.push(vec![]),
            }
        }
        let n: usize = sents.iter().map(Vec::len).sum();
        let mut best = f64::MAX;
        for _ in 0..3 {
            let t = Instant::now();
            for s in &sents {
                if !s.is_empty() {
                    std::hint::black_box(entities::tag_tokens(s, Head::Peyma));
                }
            }
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "tagger (one head, one pass): {n} tokens in {:.3} s = {:.0} tokens/s",
            best,
            n as f64 / best
        );
        // What `negah tag` runs: both passes over the file as one run of sentences.
        sents.retain(|s| !s.is_empty());
        let mut best = f64::MAX;
        for _ in 0..3 {
            let t = Instant::now();
            std::hint::black_box(entities::tag_sentences(&sents, Head::Peyma));
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "tagger (one head, two passes, window {}): {n} tokens in {:.3} s = {:.0} tokens/s",
            entities::DOC_WINDOW,
            best,
            n as f64 / best
        );
    }
    if let Some(dir) = args.get(2) {
        let mut texts = Vec::new();
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .expect("articles dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        paths.sort();
        for p in paths.iter().take(500) {
            if let Ok(t) = std::fs::read_to_string(p) {
                texts.push(t);
            }
        }
        let docs: Vec<Doc> = texts
            .iter()
            .map(|t| Doc::new(t, &NormOptions::default()))
            .collect();
        let n: usize = docs.iter().map(|d| d.tokens.len()).sum();
        let mut s = f64::MAX;
        for _ in 0..3 {
            let t = Instant::now();
            for d in &docs {
                std::hint::black_box(entities::recognize(d));
            }
            s = s.min(t.elapsed().as_secs_f64());
        }
        println!(
            "recognize (both heads + rules + clusters): {} docs, {n} tokens in {s:.3} s = {:.0} tokens/s",
            docs.len(),
            n as f64 / s
        );
    }
}
