//! Scale benchmark: CPU time and peak memory of one `negah::analyze` call at 100 KB, 1 MB,
//! 10 MB and 50 MB of real text, and the ratio between consecutive sizes (linear work gives
//! a time ratio near the size ratio).
//!
//! `cargo run --release --example scale -- [DIR] [--sizes 100K,1M,10M,50M] [--timeout SECS]`
//! concatenates the files of DIR (default `../shared/data/news/articles`, sorted by name,
//! repeated when the sizes need more) and analyzes each size in a fresh child process, so
//! each peak (`VmHWM` of `/proc/self/status`) belongs to one size alone. Then repetitive
//! input: the project's seed article (`tests/fixtures/seed_article.txt`) repeated to 1 MB and
//! 4 MB (`--seed-sizes`; the same names, roles and quotes a thousand times over, which finds
//! any look-up that grows with what the text has said before), with the ratio 4 MB / 1 MB
//! (linear: 4). The last row is a pathological input: 100,000 repetitions of `گفت: ` (cue and
//! colon, no speaker). Without DIR only the seed and `گفت: ` rows run (the news articles are
//! not part of the project).

use std::process::Command;
use std::time::{Duration, Instant};

/// CPU time of this thread in seconds (Linux schedstat; the machine is shared, so wall time
/// overstates the cost).
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

/// A field of `/proc/self/status` in bytes (e.g. `VmHWM`, the peak resident set).
fn status_bytes(field: &str) -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

fn parse_size(s: &str) -> usize {
    let s = s.trim();
    let (num, mul) = match s.chars().last() {
        Some('K' | 'k') => (&s[..s.len() - 1], 1 << 10),
        Some('M' | 'm') => (&s[..s.len() - 1], 1 << 20),
        _ => (s, 1),
    };
    num.parse::<usize>().expect("a size like 100K or 10M") * mul
}

/// The text of DIR's files, concatenated (sorted by name) and repeated up to `size` bytes,
/// cut at a line end.
fn corpus(dir: &str, size: usize) -> String {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("read the article directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut text = String::with_capacity(size + (1 << 16));
    'fill: loop {
        for f in &files {
            if let Ok(t) = std::fs::read_to_string(f) {
                text.push_str(&t);
                text.push('\n');
            }
            if text.len() >= size {
                break 'fill;
            }
        }
        assert!(!text.is_empty(), "no UTF-8 text in {dir}");
    }
    let cut = text.as_bytes()[..size]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(text.len(), |i| i + 1);
    text.truncate(cut);
    text
}

/// The seed article repeated (whole copies, each ending in a newline) to at most `size` bytes.
fn seed(size: usize) -> String {
    let mut one = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seed_article.txt"
    ))
    .expect("read tests/fixtures/seed_article.txt");
    if !one.ends_with('\n') {
        one.push('\n');
    }
    one.repeat((size / one.len()).max(1))
}

/// Child: analyze one input and print `bytes cpu_secs peak_bytes base_bytes quotes`.
fn child(spec: &str, dir: &str) {
    let text = if spec == "cue" {
        "گفت: ".repeat(100_000)
    } else if let Some(size) = spec.strip_prefix("seed:") {
        seed(parse_size(size))
    } else {
        corpus(dir, parse_size(spec))
    };
    // Load the lists and the model first, so the figures are of the analysis itself.
    let _ = negah::analyze("وزیر گفت: «سلام».", &negah::Options::default());
    let base = status_bytes("VmRSS");
    let c0 = cpu_secs();
    let a = negah::analyze(&text, &negah::Options::default());
    let cpu = cpu_secs() - c0;
    let peak = status_bytes("VmHWM");
    println!(
        "{} {cpu:.3} {peak} {base} {} {}",
        text.len(),
        a.entities.len(),
        a.quotes.len()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        child(&args[1], &args[2]);
        return;
    }
    let mut dir = "../shared/data/news/articles".to_string();
    let mut sizes = "100K,1M,10M,50M".to_string();
    let mut seed_sizes = "1M,4M".to_string();
    let mut timeout = 600.0;
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--sizes" => sizes = it.next().expect("--sizes LIST"),
            "--seed-sizes" => seed_sizes = it.next().expect("--seed-sizes LIST"),
            "--timeout" => {
                timeout = it
                    .next()
                    .and_then(|t| t.parse().ok())
                    .expect("--timeout SECS")
            }
            _ => dir = a,
        }
    }
    if !std::path::Path::new(&dir).is_dir() {
        println!("scale: {dir} is absent (the news articles of ../shared); seed and cue rows only");
        sizes.clear();
    }
    let exe = std::env::current_exe().expect("own path");
    println!(
        "{:>10} {:>9} {:>8} {:>10} {:>8} {:>9} {:>8} {:>7} {:>7}",
        "input", "cpu s", "MB/s", "peak MB", "peak/in", "entities", "quotes", "t×", "size×"
    );
    let mut prev: Option<(f64, f64)> = None;
    let specs: Vec<String> = sizes
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .chain(
            seed_sizes
                .split(',')
                .filter(|s| !s.is_empty())
                .map(|s| format!("seed:{s}")),
        )
        .chain(["cue".into()])
        .collect();
    for (k, spec) in specs.iter().enumerate() {
        let spec = spec.clone();
        // The seed rows compare with each other, not with the news rows before them.
        if spec.starts_with("seed:") && !specs[k.saturating_sub(1)].starts_with("seed:") {
            prev = None;
        }
        let mut c = Command::new(&exe)
            .args(["--child", &spec, &dir])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("spawn the child");
        let start = Instant::now();
        let done = loop {
            if c.try_wait().expect("wait").is_some() {
                break true;
            }
            if start.elapsed().as_secs_f64() > timeout {
                let _ = c.kill();
                let _ = c.wait();
                break false;
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let label = if spec == "cue" {
            "گفت: ×1e5".to_string()
        } else if let Some(size) = spec.strip_prefix("seed:") {
            format!("seed×{size}")
        } else {
            spec.clone()
        };
        if !done {
            println!("{label:>10} no answer in {timeout} s (killed)");
            prev = None;
            continue;
        }
        let out = c.wait_with_output().expect("child output");
        let line = String::from_utf8_lossy(&out.stdout);
        let f: Vec<f64> = line
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        if f.len() < 6 {
            println!("{label:>10} the child failed: {line}");
            continue;
        }
        let (bytes, cpu, peak, base) = (f[0], f[1], f[2], f[3]);
        let mb = bytes / 1e6;
        let growth = peak - base;
        let (tx, sx) = match prev {
            Some((pb, pc)) if spec != "cue" => (
                format!("{:.2}", cpu / pc.max(1e-9)),
                format!("{:.1}", bytes / pb),
            ),
            _ => ("".into(), "".into()),
        };
        println!(
            "{:>10} {:>9.3} {:>8.2} {:>10.1} {:>8.1} {:>9} {:>8} {:>7} {:>7}",
            label,
            cpu,
            mb / cpu.max(1e-9),
            peak / 1e6,
            growth / bytes,
            f[4],
            f[5],
            tx,
            sx
        );
        if spec != "cue" {
            prev = Some((bytes, cpu));
        }
    }
    println!("(cpu s: thread CPU time of analyze; peak MB: VmHWM of the child; peak/in: (peak − resident before analyze) / input bytes)");
}
