//! Throughput of the whole normalizer on one core, at sizes from 1 KB to 50 MB.
//!
//! `cargo run --release --example norm_throughput -- FILE [FILE…]` reads the files (e.g.
//! news articles), repeats their text to each size, normalizes it in one call and prints
//! MB/s. With no file it uses the project's seed fixture.

use std::time::Instant;

/// CPU time of this thread in seconds, from Linux's schedstat (the machine is shared, so
/// wall-clock time overstates the cost); `None` elsewhere.
fn cpu_secs() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn main() {
    let files: Vec<String> = std::env::args().skip(1).collect();
    let mut text = String::new();
    if files.is_empty() {
        text.push_str(include_str!("../tests/fixtures/seed_article.txt"));
    }
    for f in &files {
        text.push_str(&std::fs::read_to_string(f).expect("read a UTF-8 file"));
        text.push('\n');
    }
    let opts = negah::NormOptions::default();
    // Warm the lexicon.
    let _ = negah::normalize("سالهای", &opts);
    for size in [1usize << 10, 100 << 10, 1 << 20, 10 << 20, 50 << 20] {
        let mut s = String::with_capacity(size + text.len());
        while s.len() < size {
            s.push_str(&text);
        }
        let mut cut = size.min(s.len());
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        let reps = (20 << 20) / size.max(1) + 1;
        let reps = reps.min(200);
        let t = Instant::now();
        let c0 = cpu_secs();
        let mut edits = 0;
        for _ in 0..reps {
            edits += negah::normalize(&s, &opts).edits.len();
        }
        let secs = t.elapsed().as_secs_f64();
        // (schedstat advances at scheduler ticks: a run shorter than one has no CPU figure.)
        let cpu = cpu_secs().zip(c0).map(|(b, a)| b - a).filter(|c| *c > 0.05);
        let mb = (s.len() * reps) as f64 / 1e6;
        println!(
            "{:>9} bytes x{reps:>4}: {:>7.1} MB/s wall, {:>7.1} MB/s CPU  ({} edits/run)",
            s.len(),
            mb / secs,
            cpu.map_or(f64::NAN, |c| mb / c),
            edits / reps
        );
    }
}
