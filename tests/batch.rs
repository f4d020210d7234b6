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

#[test]
fn compact_normalize_output_is_the_normalized_text_and_edit_counts() {
    let texts = [
        "علي به كتابخانه هاي شهر رفت ... 12 سال",
        "سلام",
        "نامه ی او\nمی رود",
    ];
    let input: String = texts
        .iter()
        .enumerate()
        .map(|(i, t)| serde_json::json!({"id": i, "text": t}).to_string() + "\n")
        .collect();
    let full = lines(&run(&["--layers", "normalize"], input.as_bytes()));
    let out = run(&["--layers", "normalize", "--compact"], input.as_bytes());
    let compact = lines(&out);
    let raw = String::from_utf8(out.stdout).unwrap();
    assert_eq!(compact.len(), texts.len());
    for ((f, c), line) in full.iter().zip(&compact).zip(raw.lines()) {
        let (f, c) = (&f["analysis"], c["analysis"].as_object().unwrap());
        for k in ["text", "edits", "sentences", "entities", "quotes"] {
            assert!(!c.contains_key(k), "{k}");
        }
        assert_eq!(c["normalized"], f["normalized"]);
        assert_eq!(c["warnings"], f["warnings"]);
        // The counts are those of the full form's edits, in the kinds' order, none zero.
        let mut want: Vec<(String, u64)> = Vec::new();
        for e in f["edits"].as_array().unwrap() {
            let kind = e["kind"].as_str().unwrap().to_string();
            match want.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, n)) => *n += 1,
                None => want.push((kind, 1)),
            }
        }
        let order = [
            "char",
            "digit",
            "diacritic",
            "invisible",
            "punctuation",
            "dash",
            "spacing",
            "zwnj",
            "ezafe",
            "split",
            "boilerplate",
        ];
        want.sort_by_key(|(k, _)| order.iter().position(|o| o == k));
        // (In the order written: a parsed map would sort its keys.)
        let counts = line.split("\"edit_counts\":{").nth(1).unwrap();
        let counts = &counts[..counts.find('}').unwrap()];
        let got: Vec<(String, u64)> = counts
            .split(',')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, n) = p.split_once(':').unwrap();
                (k.trim_matches('"').to_string(), n.parse().unwrap())
            })
            .collect();
        assert_eq!(got, want);
    }
    // The first text has edits of several kinds, the second none.
    assert!(
        compact[0]["analysis"]["edit_counts"]
            .as_object()
            .unwrap()
            .len()
            >= 3
    );
    assert_eq!(compact[1]["analysis"]["edit_counts"], serde_json::json!({}));
}

/// Splits as Python's `str.splitlines` does (PySpark users read lines with it): at \n, \r,
/// \x0b, \x0c, \x1c-\x1e, U+0085, U+2028 and U+2029.
fn python_lines(s: &str) -> Vec<&str> {
    let breaks = [
        '\n', '\r', '\x0b', '\x0c', '\x1c', '\x1d', '\x1e', '\u{85}', '\u{2028}', '\u{2029}',
    ];
    let mut v: Vec<&str> = s.split(breaks).collect();
    if v.last() == Some(&"") {
        v.pop();
    }
    v
}

/// PySpark's `RDD.pipe` writes each element as one line (its `str`, newline-terminated) and
/// makes each output line one element: records whose texts and fields hold newlines and
/// separators (raw, as `json.dumps(ensure_ascii=False)` writes U+2028) must still come out one
/// line each, under `\n` framing and under Python's `splitlines` alike, in order, with nothing
/// but records on standard output.
#[test]
fn the_pipe_protocol_is_one_line_in_one_line_out() {
    let texts = [
        "بند اول.\nبند دوم:\n\n«نقل قول»\r\n",
        "جداکننده\u{2028}سطر\u{2029}پاراگراف\u{85}پایان\x0bعمودی\x0cصفحه\x1c",
        "",
        "وزیر گفت: «سلام\u{2028}دنیا»",
    ];
    let mut input = String::new();
    for (i, t) in texts.iter().enumerate() {
        let id = format!("id\u{2028}{i}");
        let rec = serde_json::json!({"id": id, "text": t, "note": format!("یادداشت\u{2029}{i}")});
        // serde_json writes U+2028/2029/0085 raw, as Python does with ensure_ascii=False.
        let line = rec.to_string();
        assert!(line.contains('\u{2028}') && !line.contains('\n'));
        input.push_str(&line);
        input.push('\n');
    }
    // An error record (a bad line) keeps its place too.
    input.push_str("{\"id\": \"x\u{2028}\", \"text\n");
    let out = run(&["-"], input.as_bytes());
    assert_eq!(out.status.code(), Some(3));
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    let lines: Vec<&str> = stdout.split_terminator('\n').collect();
    assert_eq!(lines.len(), texts.len() + 1);
    assert_eq!(python_lines(&stdout), lines);
    assert!(stdout.ends_with('\n'));
    for (i, line) in lines.iter().enumerate() {
        let v: Value = serde_json::from_str(line).unwrap();
        if i == texts.len() {
            assert_eq!(v["line"], texts.len() + 1);
            continue;
        }
        assert_eq!(v["id"], format!("id\u{2028}{i}"));
        assert_eq!(v["note"], format!("یادداشت\u{2029}{i}"));
        assert_eq!(v["analysis"]["text"], texts[i]);
    }
}

/// Writes `files` into a fresh directory and returns their paths (the directory is removed by
/// the caller).
fn write_files(tag: &str, files: &[(&str, Vec<u8>)]) -> (std::path::PathBuf, Vec<String>) {
    let dir = std::env::temp_dir().join(format!("negah-batch-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let paths = files
        .iter()
        .map(|(name, bytes)| {
            let p = dir.join(name);
            std::fs::write(&p, bytes).unwrap();
            p.display().to_string()
        })
        .collect();
    (dir, paths)
}

/// A text file in a batch is read exactly as `negah analyze FILE` reads it, with the same
/// decoding options: where analyze succeeds the record's analysis is analyze's (its warnings
/// included), and where analyze refuses the file the record is an error with analyze's message.
#[test]
fn text_files_are_decoded_as_analyze_decodes_them() {
    let persian = "وزیر گفت: «سلام».";
    let (w1256, _, _) = encoding_rs::WINDOWS_1256.encode(persian);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(persian.as_bytes());
    let mut invalid = persian.as_bytes().to_vec();
    invalid.extend_from_slice(&[0xd8, 0x20, b'x']);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(persian.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let files = [
        ("plain.txt", persian.as_bytes().to_vec()),
        ("bom.txt", bom),
        ("invalid.txt", invalid),
        ("w1256.txt", w1256.into_owned()),
        ("utf16.txt", utf16),
        ("binary.txt", b"ab\0cd".to_vec()),
    ];
    let (dir, paths) = write_files("decode", &files);
    let flag_sets: [&[&str]; 3] = [&[], &["--lossy"], &["--encoding", "windows-1256"]];
    let mut seen_error = false;
    let mut seen_warning = false;
    for flags in flag_sets {
        let mut args: Vec<&str> = flags.to_vec();
        args.extend(paths.iter().map(String::as_str));
        let out = run(&args, b"");
        let got = lines(&out);
        assert_eq!(got.len(), files.len(), "{flags:?}");
        let mut any_failed = false;
        for (path, record) in paths.iter().zip(&got) {
            assert_eq!(record["id"], path.as_str());
            let mut a_args = vec!["analyze", path.as_str()];
            a_args.extend_from_slice(flags);
            let single = common::negah(&a_args, b"");
            if single.status.success() {
                let want: Value = serde_json::from_slice(&single.stdout).unwrap();
                assert_eq!(record["analysis"], want, "{path} {flags:?}");
                seen_warning |= !want["warnings"].as_array().unwrap().is_empty();
            } else {
                any_failed = true;
                seen_error = true;
                let msg = String::from_utf8(single.stderr).unwrap();
                let msg = msg.trim_end().strip_prefix("negah: ").unwrap();
                assert_eq!(record["error"], msg, "{path} {flags:?}");
                assert!(record.get("analysis").is_none());
            }
        }
        assert_eq!(out.status.code(), Some(if any_failed { 3 } else { 0 }));
    }
    std::fs::remove_dir_all(&dir).unwrap();
    // The table exercises both sides: refusals and warnings (BOM, lossy, decoded).
    assert!(seen_error && seen_warning);
}

#[test]
fn a_byte_order_mark_before_the_first_jsonl_record_is_skipped() {
    let input = format!(
        "\u{FEFF}{}\n{}\n",
        serde_json::json!({"id": "a", "text": SAID}),
        serde_json::json!({"id": "b", "text": "\u{FEFF}x"})
    );
    let out = run(&["--layers", "normalize"], input.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let got = lines(&out);
    assert_eq!(got[0]["id"], "a");
    assert_eq!(got[0]["analysis"]["text"], SAID);
    // Inside a text a U+FEFF is the user's and stays.
    assert_eq!(got[1]["analysis"]["text"], "\u{FEFF}x");
}

/// On a terminal (a pseudo-terminal from util-linux `script`), standard error shows a progress
/// line: a bar with an ETA when the input's size is known (files), a spinner for standard
/// input; both with records, errors and MB/s.
#[test]
fn a_terminal_gets_a_progress_line_with_an_eta_for_files() {
    let has_script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        eprintln!("skipped: no `script` to make a pseudo-terminal");
        return;
    }
    let (dir, paths) = write_files(
        "tty",
        &[
            ("a.txt", SAID.as_bytes().to_vec()),
            (
                "b.jsonl",
                format!("{}\n", serde_json::json!({"id": 1, "text": SAID})).into_bytes(),
            ),
        ],
    );
    let negah = env!("CARGO_BIN_EXE_negah");
    let on_terminal = |shell: String| {
        let out = std::process::Command::new("script")
            .args(["-qc", &shell, "/dev/null"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let files = on_terminal(format!(
        "'{negah}' batch '{}' '{}' > /dev/null",
        paths[0], paths[1]
    ));
    let stdin = on_terminal(format!("'{negah}' batch - < '{}' > /dev/null", paths[1]));
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        files.contains("ETA") && files.contains("2 records, 0 errors"),
        "{files:?}"
    );
    assert!(
        !stdin.contains("ETA") && stdin.contains("1 records, 0 errors"),
        "{stdin:?}"
    );
}
