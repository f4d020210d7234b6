//! The `negah` command line as a user runs it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_negah"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start negah");
    // negah may exit before reading (a usage error): a closed pipe is then expected.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

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
fn non_utf8_input_names_the_byte_offset_and_exits_2() {
    // "سلام" then a Windows-1256 byte.
    let mut input = "سلام ".as_bytes().to_vec();
    input.push(0xE3);
    let out = run(&["analyze"], &input);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("byte offset 9"), "{err}");
    assert!(out.stdout.is_empty());
    let out = run(&["normalize"], &input);
    assert_eq!(out.status.code(), Some(2));
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
    assert!(text.contains("== quotes"));
    assert!(text.contains("اجازه نخواهیم داد"));
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
fn binary_input_is_refused() {
    let out = run(&["analyze"], b"abc\0def");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("binary"));
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
