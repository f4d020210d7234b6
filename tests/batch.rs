//! `negah batch` as a user (or a PySpark `RDD.pipe` stage) runs it.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use std::process::Output;

mod common;

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut all = vec!["batch"];
    all.extend_from_slice(args);
    common::negah(&all, stdin)
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is one JSON value"))
        .collect()
}

const SAID: &str = "وزیر دفاع گفت: اجازه نخواهیم داد.";

#[test]
fn records_come_back_in_order_with_their_fields() {
    let mut input = String::new();
    for i in 0..40 {
        let text = if i % 3 == 0 {
            SAID
        } else {
            "علي به كتابخانه رفت."
        };
        let rec = serde_json::json!({"outlet": format!("خبرگزاری {i}"), "id": format!("مقاله-{i}"), "text": text, "n": [i, {"k": null}]});
        input.push_str(&rec.to_string());
        input.push('\n');
    }
    let out = run(&["-"], input.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{:?}", out);
    let got = lines(&out);
    assert_eq!(got.len(), 40);
    for (i, v) in got.iter().enumerate() {
        assert_eq!(v["id"], format!("مقاله-{i}"));
        assert_eq!(v["outlet"], format!("خبرگزاری {i}"));
        assert_eq!(v["n"], serde_json::json!([i, {"k": null}]));
        let quotes = v["analysis"]["quotes"].as_array().unwrap();
        assert_eq!(quotes.len(), usize::from(i % 3 == 0), "record {i}");
        // The full form carries the normalized text.
        if i % 3 != 0 {
            assert_eq!(v["analysis"]["normalized"], "علی به کتابخانه رفت.");
        }
    }
}

#[test]
fn pass_through_values_are_byte_for_byte() {
    let line = r#"{"id":"\u0627\u06cc","x":1.50,"text":"سلام","y":{"b":1,"a":2}}"#;
    let out = run(&["--compact"], format!("{line}\n").as_bytes());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(r#"{"id":"\u0627\u06cc","x":1.50,"y":{"b":1,"a":2},"analysis":"#),
        "{text}"
    );
}

#[test]
fn bad_records_become_error_lines_and_the_batch_goes_on() {
    let input = format!(
        "{}\n{{\"id\": \"a\", \"text\n{}\n{}\n{}\n",
        serde_json::json!({"id": 1, "text": SAID}),
        serde_json::json!({"id": "ب", "text": 42}),
        serde_json::json!({"id": "c"}),
        serde_json::json!({"id": 4, "text": SAID}),
    );
    let out = run(&[], input.as_bytes());
    assert_eq!(out.status.code(), Some(3));
    let got = lines(&out);
    assert_eq!(got.len(), 5, "one output line per input line");
    assert_eq!(got[0]["id"], 1);
    assert!(got[0]["analysis"].is_object());
    assert_eq!(got[1]["id"], Value::Null);
    assert_eq!(got[1]["line"], 2);
    assert_eq!(got[2]["id"], "ب");
    assert_eq!(got[2]["line"], 3);
    assert!(got[2]["error"].as_str().unwrap().contains("not a string"));
    assert!(got[3]["error"].as_str().unwrap().contains("no `text`"));
    assert_eq!(got[4]["id"], 4);
    assert!(got[4]["analysis"]["quotes"][0].is_object());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("5 records, 3 errors"), "{err}");
}

#[test]
fn text_files_are_records_and_invalid_utf8_is_an_error() {
    let dir = std::env::temp_dir().join(format!("negah-batch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("خبر.txt");
    let bad = dir.join("bad.txt");
    let jsonl = dir.join("more.jsonl");
    std::fs::write(&good, SAID).unwrap();
    let mut bytes = "متن درست".as_bytes().to_vec();
    bytes.extend_from_slice(&[0xd8, 0x20]);
    std::fs::write(&bad, &bytes).unwrap();
    std::fs::write(&jsonl, "{\"id\":\"j\",\"text\":\"سلام\"}\n").unwrap();
    let paths = [&good, &bad, &jsonl].map(|p| p.display().to_string());
    let out = run(
        &[&paths[0], &paths[1], &paths[2], "--layers", "normalize"],
        b"",
    );
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(3));
    let got = lines(&out);
    assert_eq!(got.len(), 3);
    assert_eq!(got[0]["id"], paths[0]);
    assert_eq!(got[0]["analysis"]["normalized"], SAID);
    assert_eq!(got[0]["analysis"]["quotes"], serde_json::json!([]));
    assert_eq!(got[1]["id"], paths[1]);
    let e = got[1]["error"].as_str().unwrap();
    assert!(
        e.contains("UTF-8") && e.contains(&format!("offset {}", bytes.len() - 2)),
        "{e}"
    );
    assert_eq!(got[2]["id"], "j");
}

#[test]
fn output_is_the_same_for_one_and_two_threads() {
    let input: String = (0..600)
        .map(|i| {
            let text = match i % 4 {
                0 => SAID.to_string(),
                1 => format!("علي {i} «سخن» را گفت."),
                2 => "رئیس‌جمهور در تهران گفت که مذاکره ادامه دارد.".to_string(),
                _ => "x".repeat(i),
            };
            format!("{}\n", serde_json::json!({"id": i, "text": text}))
        })
        .collect();
    let one = run(
        &["--threads", "1", "--layers", "entities"],
        input.as_bytes(),
    );
    let two = run(
        &["--threads", "2", "--layers", "entities"],
        input.as_bytes(),
    );
    assert_eq!(one.status.code(), Some(0));
    assert_eq!(lines(&one).len(), 600);
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn stderr_has_only_the_summary_when_it_is_not_a_terminal() {
    let input = format!("{}\n", serde_json::json!({"id": 1, "text": SAID}));
    let out = run(&[], input.as_bytes());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err:?}");
    assert!(
        err.starts_with("negah batch: 1 records, 0 errors,"),
        "{err:?}"
    );
    assert!(err.ends_with(" MB/s\n") && !err.contains('\r'), "{err:?}");
}

#[test]
fn compact_output_leaves_out_texts_and_edits() {
    let input = format!(
        "{}\n",
        serde_json::json!({"id": 1, "text": "علي گفت: «بله»"})
    );
    let got = lines(&run(&["--compact"], input.as_bytes()));
    let a = got[0]["analysis"].as_object().unwrap();
    for k in ["text", "normalized", "edits", "sentences"] {
        assert!(!a.contains_key(k), "{k}");
    }
    for k in ["entities", "clusters", "quotes"] {
        assert!(a[k].is_array(), "{k}");
    }
}

/// PySpark's `RDD.pipe` writes each element as one line (its `str`, newline-terminated) and
/// makes each output line one element: records whose text holds newlines and separators must
/// still come out one line each, with nothing but records on standard output.
#[test]
fn the_pipe_protocol_is_one_line_in_one_line_out() {
    let texts = [
        "بند اول.\nبند دوم:\n\n«نقل قول»\r\n",
        "جداکننده\u{2028}سطر\u{2029}پاراگراف",
        "",
    ];
    let input: String = texts
        .iter()
        .enumerate()
        .map(|(i, t)| format!("{}\n", serde_json::json!({"id": i, "text": t})))
        .collect();
    let out = run(&["-"], input.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(stdout.split('\n').count(), texts.len() + 1);
    assert!(stdout.ends_with('\n'));
    for (i, v) in lines(&out).iter().enumerate() {
        assert_eq!(v["id"], i);
        assert_eq!(v["analysis"]["text"], texts[i]);
    }
}
