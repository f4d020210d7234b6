//! Time and peak memory of `analyze` on pathological inputs, against the time per MB of real
//! articles: no case may take more than 3× as long per MB (issue 11).
//!
//! ```sh
//! cargo run --release --example pathological                      # baseline: the test fixture
//! cargo run --release --example pathological -- ../shared/data/news/articles/*   # real articles
//! cargo run --release --example pathological -- --only zwnj       # one case
//! cargo run --release --example pathological -- --scale 0.1      # every size a tenth (a quick look)
//! ```
//!
//! Each case runs in a child process of its own (this program, `--case NAME`), so that its
//! peak resident memory (`VmHWM` of `/proc/self/status`, Linux) is its own. The table is
//! Markdown, for the README.

use negah::{try_analyze, Doc, NormOptions, Options};
use std::process::Command;
use std::time::Instant;

const SEED: &str = include_str!("../tests/fixtures/seed_article.txt");
const MB: usize = 1 << 20;

/// `unit` repeated to `bytes` (cut on a character boundary).
fn fill(unit: &str, bytes: usize) -> String {
    let mut s = unit.repeat(bytes / unit.len() + 1);
    let mut end = bytes.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s
}

/// The cases: name, what it is, and the text.
fn cases() -> Vec<(&'static str, &'static str)> {
    vec![
        ("line5mb", "one 5 MB line with no spaces"),
        ("zwnj", "100k ZWNJs in a row"),
        ("colons", "100k colons"),
        ("guillemets", "20k nested « »"),
        ("word1mb", "a 1 MB word"),
        ("goft", "1 MB of `گفت:`"),
        ("punct", "1 MB of punctuation only"),
        ("addresses", "1 MB of `0@` (address marks, no address)"),
        ("article50mb", "a 50 MB article"),
    ]
}

fn make(name: &str, article: &str, scale: f64) -> String {
    let n = |k: usize| (k as f64 * scale) as usize;
    match name {
        "line5mb" => fill(&article.replace(char::is_whitespace, ""), n(5 * MB)),
        "zwnj" => format!("سلام{}دنیا", "\u{200c}".repeat(n(100_000))),
        "colons" => format!("وزیر گفت{} پایان", ":".repeat(n(100_000))),
        "guillemets" => format!(
            "او گفت: {}سلام{}",
            "«".repeat(n(20_000)),
            "»".repeat(n(20_000))
        ),
        "word1mb" => fill("سلامدنیاکتابخانه", n(MB)),
        "goft" => fill("گفت:", n(MB)),
        "punct" => fill(".،؛:!؟«»()…-\"' ,;?\n", n(MB)),
        "addresses" => fill("0@", n(MB)),
        "article50mb" => fill(&format!("{article}\n"), n(50 * MB)),
        _ => panic!("unknown case {name}"),
    }
}

fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// The child: builds one case, times the normalizer and segmenter, then the whole analysis,
/// and prints `bytes doc_secs analyze_secs peak_mb`.
fn run_case(name: &str, article: &str, scale: f64) {
    let text = make(name, article, scale);
    // The model and word lists load on first use: not part of any case's time.
    let _ = try_analyze("وزیر دفاع گفت: سلام.", &Options::default());
    let t = Instant::now();
    let doc = Doc::new(&text, &NormOptions::default());
    let doc_secs = t.elapsed().as_secs_f64();
    drop(doc);
    let t = Instant::now();
    let a = try_analyze(&text, &Options::default()).expect("within the limit");
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(a.text.len(), text.len());
    println!("{} {doc_secs} {secs} {}", text.len(), peak_mb());
}

/// Seconds per MB of `analyze` over real articles, each analyzed on its own.
fn baseline(articles: &[String]) -> f64 {
    let _ = try_analyze("وزیر دفاع گفت: سلام.", &Options::default());
    let (mut bytes, mut secs) = (0usize, 0f64);
    // Enough rounds to time at least 2 MB.
    while bytes < 2 * MB {
        for a in articles {
            let t = Instant::now();
            let _ = try_analyze(a, &Options::default());
            secs += t.elapsed().as_secs_f64();
            bytes += a.len();
        }
    }
    secs / (bytes as f64 / MB as f64)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut only = None;
    let mut scale = 1.0;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--case" => {
                let article = std::env::var("NEGAH_PATHO_ARTICLE").unwrap_or(SEED.to_string());
                let scale = std::env::var("NEGAH_PATHO_SCALE").map_or(1.0, |s| s.parse().unwrap());
                return run_case(&args[i + 1], &article, scale);
            }
            "--scale" => {
                scale = args[i + 1].parse().expect("--scale takes a number");
                i += 1;
            }
            "--only" => {
                only = Some(args[i + 1].clone());
                i += 1;
            }
            f => files.push(f.to_string()),
        }
        i += 1;
    }
    let articles: Vec<String> = if files.is_empty() {
        vec![SEED.to_string()]
    } else {
        files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .filter(|t| !t.trim().is_empty())
            .collect()
    };
    let per_mb = baseline(&articles);
    let source = if files.is_empty() {
        "the test fixture".to_string()
    } else {
        format!("{} articles", articles.len())
    };
    println!("real articles ({source}): {per_mb:.3} s/MB of analyze\n");
    println!("| case | size | normalize + segment | analyze | s/MB | × articles | peak memory |");
    println!("|---|---|---|---|---|---|---|");
    // The long article is built from the longest article given.
    let article = articles.iter().max_by_key(|a| a.len()).unwrap();
    let exe = std::env::current_exe().expect("own path");
    for (name, what) in cases() {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let out = Command::new(&exe)
            .args(["--case", name])
            .env("NEGAH_PATHO_ARTICLE", article)
            .env("NEGAH_PATHO_SCALE", scale.to_string())
            .output()
            .expect("run a case");
        let line = String::from_utf8_lossy(&out.stdout);
        let f: Vec<f64> = line
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        if !out.status.success() || f.len() != 4 {
            println!(
                "| {what} | | | failed: {} | | | |",
                String::from_utf8_lossy(&out.stderr).trim()
            );
            continue;
        }
        let mb = f[0] / MB as f64;
        let spm = f[2] / mb;
        println!(
            "| {what} | {:.2} MB | {:.2} s | {:.2} s | {:.3} | {:.2} | {:.0} MB |",
            mb,
            f[1],
            f[2],
            spm,
            spm / per_mb,
            f[3]
        );
    }
}
