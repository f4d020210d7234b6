//! The normalizer's case files (`tests/cases/normalize/*.tsv`), one file per group of rules:
//! each line is `input<TAB>expected[<TAB>style]`, with `=` for "must stay as written". Cases
//! that must change sit beside look-alikes that must not. Every case is also checked to be
//! reversible and idempotent. Invisible characters may be written `\u{200c}`.

mod case_files;

use case_files::case_files;
use negah::document::revert;
use negah::normalize::Style;
use negah::{normalize, NormOptions};

/// `\u{XXXX}` escapes → the characters.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(p) = rest.find("\\u{") {
        out.push_str(&rest[..p]);
        let end = rest[p..].find('}').expect("closed escape") + p;
        let code = u32::from_str_radix(&rest[p + 3..end], 16).expect("hex escape");
        out.push(char::from_u32(code).expect("a character"));
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// (file, line, input, expected, style) of every case.
pub fn cases() -> Vec<(String, usize, String, String, String)> {
    let files = case_files("normalize", "tsv");
    let mut out = Vec::new();
    for f in files {
        let name = f.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&f).expect("utf-8 case file");
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            assert!(
                cols.len() >= 2,
                "{name}:{}: needs input<TAB>expected",
                n + 1
            );
            let input = unescape(cols[0]);
            let want = if cols[1] == "=" {
                input.clone()
            } else {
                unescape(cols[1])
            };
            let style = cols.get(2).unwrap_or(&"academy").to_string();
            out.push((name.clone(), n + 1, input, want, style));
        }
    }
    out
}

#[test]
fn every_case_file_passes() {
    let all = cases();
    // Each file holds cases that must change and cases that must stay as written.
    let mut files: Vec<&str> = all.iter().map(|c| c.0.as_str()).collect();
    files.dedup();
    for f in files {
        let of = || all.iter().filter(|c| c.0 == f);
        assert!(of().any(|c| c.2 == c.3), "{f}: no case that must stay");
        assert!(of().any(|c| c.2 != c.3), "{f}: no case that must change");
    }
    let mut failures = Vec::new();
    for (file, line, input, want, style) in &all {
        let opts = NormOptions {
            style: Style::parse(style).expect("a valid style"),
            ..NormOptions::default()
        };
        let n = normalize(input, &opts);
        if &n.text != want {
            failures.push(format!(
                "{file}:{line} [{style}]\n  input {input:?}\n  want  {want:?}\n  got   {:?}",
                n.text
            ));
        }
        assert_eq!(
            &revert(input, &n.text, &n.edits),
            input,
            "{file}:{line} reverts"
        );
        let again = normalize(&n.text, &opts).text;
        if again != n.text {
            failures.push(format!(
                "{file}:{line} not idempotent: {:?} → {again:?}",
                n.text
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}
