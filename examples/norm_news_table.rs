//! Builds `data/norm/news_spellings.tsv`: the spelling news writers who type ZWNJs give a word,
//! where it differs from the affix splitter's reading (see `src/normalize/zwnj/news.rs`).
//!
//! ```sh
//! cargo run --release --example norm_news_table -- ../shared/data/news/articles/* > data/norm/news_spellings.tsv
//! ```
//!
//! 1. Each article is put through the character pass (letters unified, diacritics and stray
//!    ZWNJs dropped) and cut into words (runs of letters and ZWNJs).
//! 2. Only articles that write their affixes with ZWNJs count: at least `MIN_AFFIXES` plurals
//!    (`‌ها`, `‌های`…) or verb prefixes (`می‌`, `نمی‌`) written with a ZWNJ, and at most one
//!    in twenty written without one where the splitter puts one there. (Other articles strip
//!    their ZWNJs, and their joined spellings say nothing.)
//! 3. For every word (its letters without ZWNJs) the spellings are counted; a word is kept
//!    when its commonest spelling is used at least `MIN` times and at least `RATIO` times as
//!    often as all others together, differs from `splitter_mask` (the reading without this
//!    table), and does not end in an ezafe written as ه‌ی (a house-style choice).
//!
//! Only words and counts are written (spelling, its count, the other spellings' count): no
//! article text. `--from LIST` reads the article paths from a file, one a line.

use negah::normalize::zwnj::{is_letter, splitter_mask};
use negah::{EditKind, NormOptions};
use std::collections::HashMap;

const MIN: usize = 2;
const RATIO: usize = 3;
const MIN_AFFIXES: usize = 5;
const ZWNJ: char = '\u{200c}';

fn mask_of(spelling: &str) -> Option<u64> {
    let mut mask = 0u64;
    let mut i = 0u32;
    for c in spelling.chars() {
        if c == ZWNJ {
            mask |= 1u64.checked_shl(i)?;
        } else {
            i += 1;
        }
    }
    (i < 64).then_some(mask)
}

/// Whether a ZWNJ before char `i` of `key` separates a plural suffix or a verb prefix.
fn affix_at(key: &str, i: usize) -> bool {
    let (a, b): (String, String) = (key.chars().take(i).collect(), key.chars().skip(i).collect());
    b.starts_with("ها") || a == "می" || a == "نمی"
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(p) = args.iter().position(|a| a == "--from") {
        let list = std::fs::read_to_string(&args[p + 1]).expect("--from LIST is readable");
        args = list.lines().map(str::to_string).collect();
    }
    let opts = NormOptions {
        disabled: EditKind::ALL
            .into_iter()
            .filter(|k| {
                !matches!(
                    k,
                    EditKind::Char | EditKind::Diacritic | EditKind::Invisible
                )
            })
            .collect(),
        ..NormOptions::default()
    };
    let mut splitter: HashMap<String, u64> = HashMap::new();
    let mut counts: HashMap<String, HashMap<String, usize>> = HashMap::new();
    let (mut n_files, mut n_kept) = (0, 0);
    for path in &args {
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("skipping {path}: not UTF-8 text");
            continue;
        };
        n_files += 1;
        let text = negah::normalize(&text, &opts).text;
        let words: Vec<&str> = text
            .split(|c: char| !(is_letter(c) || c == ZWNJ))
            .map(|w| w.trim_matches(ZWNJ))
            .filter(|w| !w.is_empty())
            .collect();
        let (mut with, mut without) = (0, 0);
        for w in &words {
            let key: String = w.chars().filter(|&c| c != ZWNJ).collect();
            if w.contains(ZWNJ) {
                let m = mask_of(w).unwrap_or(0);
                if (0..64).any(|i| m >> i & 1 == 1 && affix_at(&key, i)) {
                    with += 1;
                }
            } else {
                let m = *splitter
                    .entry(key.clone())
                    .or_insert_with(|| splitter_mask(&key));
                if (0..64).any(|i| m >> i & 1 == 1 && affix_at(&key, i)) {
                    without += 1;
                }
            }
        }
        if with < MIN_AFFIXES || 20 * without > with {
            continue;
        }
        n_kept += 1;
        for w in words {
            let key: String = w.chars().filter(|&c| c != ZWNJ).collect();
            *counts
                .entry(key)
                .or_default()
                .entry(w.to_string())
                .or_default() += 1;
        }
    }
    let mut out: Vec<(String, String, usize, usize)> = Vec::new();
    for (key, spellings) in &counts {
        let total: usize = spellings.values().sum();
        let Some((best, &n)) = spellings
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        else {
            continue;
        };
        let rest = total - n;
        if n < MIN || n < RATIO * rest || best.ends_with("ه\u{200c}ی") {
            continue;
        }
        let Some(m) = mask_of(best) else { continue };
        let s = *splitter
            .entry(key.clone())
            .or_insert_with(|| splitter_mask(key));
        if m != s {
            out.push((key.clone(), best.clone(), n, rest));
        }
    }
    out.sort();
    println!("# Spellings news writers who type ZWNJs use where the affix splitter reads the word");
    println!("# otherwise: spelling<TAB>times<TAB>times written otherwise. Generated by");
    println!(
        "# examples/norm_news_table.rs from {n_kept} of {n_files} articles of ../shared/data/news"
    );
    println!("# (those that write their affixes with ZWNJs); see data/norm/PROVENANCE.md.");
    for (_, best, n, rest) in out {
        println!("{best}\t{n}\t{rest}");
    }
}
