//! The `negah` command line as a user runs it.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Output;

mod common;

use common::negah as run;

#[test]
fn analyze_json_reports_the_quote_speaker() {
    let out = run(
        &["analyze", "--format", "json"],
        "وزیر دفاع گفت: اجازه نخواهیم داد.\n".as_bytes(),
    );
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["quotes"][0]["speaker"]["text"], "وزیر دفاع");
    assert_eq!(v["quotes"][0]["speaker"]["start"], 0);
    assert_eq!(v["quotes"][0]["speaker"]["end"], 9);
}

#[test]
fn empty_input_gives_an_empty_analysis() {
    let out = run(&["analyze", "-"], b"");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["text"], "");
    assert_eq!(v["quotes"].as_array().unwrap().len(), 0);
}

#[test]
fn missing_file_is_an_io_error() {
    let out = run(&["analyze", "/nonexistent/negah-test.txt"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
}

#[test]
fn normalize_keeps_one_line_per_line() {
    let input = "علي\n\nكتاب\r\nآخر";
    let out = run(&["normalize"], input.as_bytes());
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), input.lines().count());
    assert!(text.starts_with("علی\n\nکتاب"));
    assert!(!text.ends_with('\n'));
}

#[test]
fn unknown_edit_kind_is_a_usage_error() {
    let out = run(&["normalize", "--disable", "nonsense"], b"x");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn text_format_is_readable() {
    let out = run(
        &["analyze", "--format", "text"],
        "وزیر دفاع گفت: اجازه نخواهیم داد.".as_bytes(),
    );
    let text = String::from_utf8(out.stdout).unwrap();
    // Who, the cue, the kind and how sure, then what (tests/tables.rs checks it against JSON).
    assert!(
        text.contains("\n== Who said what\n  وزیر دفاع — گفت [direct, "),
        "{text}"
    );
    assert!(text.contains("]: اجازه نخواهیم داد"), "{text}");
}

#[test]
fn tag_conll_writes_one_tag_per_token() {
    let input = "امیر\tO\nسرتیپ\tO\nحاتمی\tO\nدر\tO\nمسکو\tO\n\nسلام\tO\n";
    let out = run(&["tag", "--conll", "--scheme", "peyma"], input.as_bytes());
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), input.lines().count());
    assert_eq!(lines[5], "");
    for (l, i) in lines.iter().zip(input.lines()) {
        assert_eq!(l.split('\t').next(), i.split('\t').next());
    }
    assert!(lines[4].ends_with("B-LOC"), "{}", lines[4]);
}

#[test]
fn input_over_the_limit_is_refused_before_any_work() {
    let input = "ا".repeat(negah::MAX_INPUT_BYTES / 2 + 1);
    let started = std::time::Instant::now();
    let out = run(&["analyze"], input.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{} bytes", input.len())) && err.contains("limit is 64.0 MB"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    // Refused without analyzing: far quicker than analyzing 64 MB would be (minutes).
    assert!(started.elapsed().as_secs() < 60);
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn warning<'a>(v: &'a serde_json::Value, code: &str) -> &'a str {
    v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == code)
        .unwrap_or_else(|| panic!("no {code} warning in {}", v["warnings"]))["message"]
        .as_str()
        .unwrap()
}

/// "سلام دنیا" then one byte that cannot be UTF-8 there, then more text.
fn broken_utf8() -> Vec<u8> {
    let mut input = "سلام دنیا ".as_bytes().to_vec();
    input.push(0xE3);
    input.extend_from_slice("\nوزیر دفاع گفت: اجازه نخواهیم داد.".as_bytes());
    input
}

#[test]
fn non_utf8_input_names_the_byte_offset_and_exits_2() {
    let input = broken_utf8();
    for cmd in ["analyze", "normalize", "tag"] {
        let out = run(&[cmd], &input);
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("not valid UTF-8") && err.contains("byte offset 18"),
            "{err}"
        );
        // UTF-8 with one bad byte is not taken for Windows-1256.
        assert!(
            err.contains("--lossy") && !err.contains("Windows-1256"),
            "{err}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn lossy_decodes_bad_bytes_as_replacement_characters_and_warns() {
    let input = broken_utf8();
    let v = json(&run(&["analyze", "--lossy"], &input));
    // Everything else of the text is there, in place; the bad byte is one U+FFFD.
    assert_eq!(v["text"], String::from_utf8_lossy(&input).as_ref());
    assert_eq!(v["text"].as_str().unwrap().matches('\u{FFFD}').count(), 1);
    assert!(warning(&v, "lossy").contains("byte offset 18"));
    assert_eq!(v["quotes"][0]["speaker"]["text"], "وزیر دفاع");
    let out = run(&["normalize", "--lossy"], &input);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning"));
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("\u{FFFD}\nوزیر دفاع"));
}

#[test]
fn windows_1256_is_recognized_and_read_on_request() {
    // (Windows-1256 has no Persian ی: such files write the Arabic ي.)
    let text = "وزير دفاع گفت: اجازه نخواهيم داد.\r\nانتهاي پيام";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(text);
    assert!(!unmappable);
    let out = run(&["analyze"], &bytes);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("byte offset 0"), "{err}");
    assert!(err.contains("Windows-1256"), "{err}");
    assert!(err.contains("iconv -f WINDOWS-1256 -t UTF-8"), "{err}");
    assert!(err.contains("--encoding windows-1256"), "{err}");

    let v = json(&run(&["analyze", "--encoding", "windows-1256"], &bytes));
    assert_eq!(v["text"], text);
    assert!(warning(&v, "decoded").contains("windows-1256"));
    assert_eq!(v["quotes"][0]["speaker"]["text"], "وزير دفاع");
    let out = run(&["normalize", "--encoding", "cp1256"], &bytes);
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("وزیر دفاع گفت"));

    // Text in another legacy encoding is not blamed on Windows-1256.
    let out = run(&["analyze"], b"caf\xE9 cr\xE8me");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("Windows-1256") && err.contains("byte offset 3"),
        "{err}"
    );
    let out = run(&["analyze", "--encoding", "klingon"], b"x");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown encoding `klingon`"));
}

#[test]
fn utf16_is_named_with_its_iconv_line() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in "سلام دنیا".encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let out = run(&["analyze"], &bytes);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("UTF-16LE") && err.contains("iconv -f UTF-16LE"),
        "{err}"
    );
    let v = json(&run(&["analyze", "--encoding", "utf-16le"], &bytes));
    assert_eq!(v["text"], "سلام دنیا");
}

#[test]
fn a_utf8_byte_order_mark_is_skipped_with_offsets_as_without_it() {
    let text = "وزیر دفاع گفت: اجازه نخواهیم داد.";
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    let with = json(&run(&["analyze"], &bytes));
    let without = json(&run(&["analyze"], text.as_bytes()));
    assert_eq!(with["text"], text);
    assert_eq!(with["quotes"], without["quotes"]);
    assert_eq!(with["entities"], without["entities"]);
    assert!(warning(&with, "bom").contains("byte-order mark"));
}

#[test]
fn binary_input_is_refused() {
    for input in [&b"abc\0def"[..], b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff"] {
        for cmd in ["analyze", "normalize", "tag"] {
            let out = run(&[cmd], input);
            assert_eq!(out.status.code(), Some(2));
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.contains("binary file") && err.contains("NUL byte"),
                "{err}"
            );
        }
    }
}

#[test]
fn html_is_analyzed_as_text_and_kept() {
    let text = "<p>وزیر دفاع گفت: <b>اجازه</b> نخواهیم داد.</p><script>alert(1)</script>&amp;";
    let v = json(&run(&["analyze"], text.as_bytes()));
    assert_eq!(v["text"], text);
    let normalized = v["normalized"].as_str().unwrap();
    for tag in [
        "<p>",
        "<b>",
        "</b>",
        "<script>alert(",
        ")</script>",
        "&amp;",
    ] {
        assert!(normalized.contains(tag), "{normalized}");
    }
}
