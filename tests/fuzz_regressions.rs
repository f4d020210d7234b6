//! Every input a fuzz target (fuzz/fuzz_targets/) once failed on, replayed through the same
//! checks: `tests/fuzz_regressions/<target>/*` (the raw bytes libFuzzer saved; README files
//! are skipped).

use negah::check_input;
use negah::invariants::{check_conll, check_normalized, check_text, split_fuzz_input};
use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|f| f.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "README"))
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

/// What the fuzz target does with non-UTF-8 bytes: nothing (the faces refuse them first).
fn text(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes).ok()
}

#[test]
fn analyze_regressions() {
    for (name, bytes) in inputs("analyze") {
        let (opts, body) = split_fuzz_input(&bytes);
        let Some(t) = text(body) else { continue };
        if check_input(t).is_ok() {
            if let Err(e) = check_text(t, &opts) {
                panic!("{name}: {e}");
            }
        }
    }
}

#[test]
fn normalize_regressions() {
    for (name, bytes) in inputs("normalize") {
        if let Some(t) = text(&bytes) {
            if let Err(e) = check_normalized(t, &Default::default()) {
                panic!("{name}: {e}");
            }
        }
    }
}

#[test]
fn conll_regressions() {
    for (name, bytes) in inputs("conll") {
        if let Some(t) = text(&bytes) {
            if let Err(e) = check_conll(t) {
                panic!("{name}: {e}");
            }
        }
    }
}
