//! Builds `data/norm/joined_words.txt`: the words of a news corpus that the two-common-words
//! split would cut (`negah::normalize::zwnj::two_words`) but that the corpus writes as one word
//! at least `MIN` times — names and fixed spellings (میرزاجواد), not glued words, which a lost
//! line break makes once. Only those words (and their counts, as a comment) are written: no
//! article text.
//!
//! ```sh
//! cargo run --release --example norm_glue_table -- ../shared/data/news/articles/* > data/norm/joined_words.txt
//! ```
//! With `--show-once`, the words seen once that would be split go to standard error, for
//! reading the rule's precision.

use std::collections::HashMap;

const MIN: usize = 3;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show_once = args.iter().any(|a| a == "--show-once");
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut n_files = 0;
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("skipping {path}: not UTF-8 text");
            continue;
        };
        n_files += 1;
        // Words as the ZWNJ pass sees them: runs of letters after the character pass.
        let norm = negah::normalize(
            &text,
            &negah::NormOptions {
                disabled: negah::EditKind::ALL
                    .into_iter()
                    .filter(|k| !matches!(k, negah::EditKind::Char | negah::EditKind::Diacritic))
                    .collect(),
                ..negah::NormOptions::default()
            },
        );
        for w in norm
            .text
            .split(|c: char| !negah::normalize::zwnj::is_letter(c))
            .filter(|w| w.len() >= 8)
        {
            *counts.entry(w.to_string()).or_default() += 1;
        }
    }
    let mut keep: Vec<(&String, usize)> = Vec::new();
    for (w, &n) in &counts {
        // (Split by the normalizer, with this table empty, and by this rule.)
        let split = negah::normalize(w, &negah::NormOptions::default())
            .edits
            .iter()
            .any(|e| e.kind == negah::EditKind::Split);
        if !split || negah::normalize::zwnj::two_words(w).is_none() {
            continue;
        }
        if n >= MIN {
            keep.push((w, n));
        } else if show_once {
            let p = negah::normalize::zwnj::two_words(w).unwrap_or(0);
            eprintln!("{n}\t{} {}", &w[..p], &w[p..]);
        }
    }
    keep.sort();
    println!(
        "# Words that two common words make but that a news corpus writes as one word at least"
    );
    println!(
        "# {MIN} times ({n_files} articles of ../shared/data/news): names and fixed spellings the"
    );
    println!("# two-words split leaves joined. Built by examples/norm_glue_table.rs; words only.");
    for (w, _) in keep {
        println!("{w}");
    }
}
