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

#[test]
#[cfg(not(target_arch = "wasm32"))]
fn jsonl_regressions() {
    for (name, bytes) in inputs("jsonl") {
        if let Err(e) = negah::invariants::check_jsonl(&bytes) {
            panic!("{name}: {e}");
        }
    }
}

/// The JSONL checker on the records a batch meets (a BOM, CRLF, a blank line, no final
/// newline, a repeated key, a lone surrogate passed through, a reserved field, a text that is
/// not a string, raw line separators in the id and fields): every line is accounted for, as a
/// record or an error record.
#[test]
#[cfg(not(target_arch = "wasm32"))]
fn jsonl_checker_accounts_for_every_line() {
    let input =
        "\u{feff}{\"id\":1,\"text\":\"وزیر گفت: «بله»\",\"date\":\"2024\",\"n\":[1, 2.50]}\r\n\
                 \n\
                 {\"id\":null,\"text\":\"x\",\"k\":\"\\ud800\",\"k\":2,\"s\":\"a\u{2028}b\"}\n\
                 {\"id\":7,\"text\":\"a\",\"analysis\":0}\n\
                 {\"text\":3}\n\
                 {\"id\":\"a\u{2028}\",\"text\":\"b\u{2029}\",\"f\":[\"\u{85}\"]}\n\
                 [1]";
    assert_eq!(negah::invariants::check_jsonl(input.as_bytes()), Ok(7));
    assert_eq!(negah::invariants::check_jsonl(b""), Ok(0));
    assert_eq!(negah::invariants::check_jsonl(b"\n\n"), Ok(2));
}
