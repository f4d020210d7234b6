//! The JavaScript face as JavaScript sees it: `analyze`/`normalize`/`version` called through
//! wasm-bindgen, run in Node by `cargo test --target wasm32-unknown-unknown` (the runner is set
//! in `.cargo/config.toml`). The point is the conversion layer: offsets must be UTF-16 code
//! units so that `String.prototype.slice` cuts exactly the span's text, bad options must arrive
//! as JS `Error`s, and nothing may be lost on the way.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect};
use negah::wasm::{analyze, normalize, version};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// A text that makes code points, UTF-16 units and bytes all differ before the Persian words:
/// an emoji outside the BMP, Arabic letters the normalizer rewrites (ي ك), a ZWNJ inside a word,
/// CRLF line ends and a colon quote whose speaker comes after all of that.
const TRICKY: &str = "😀🇮🇷 گزارش\r\nوزير دفاع روز دوشنبه در تهران گفت: ما نمي‌خواهيم جنگ شود.\r\nسخنگوی وزارت خارجه گفت: «این تصمیم درست است».\r\n";

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or_else(|_| panic!("no field {key}"))
}

fn num(v: &JsValue, key: &str) -> u32 {
    get(v, key)
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number")) as u32
}

fn string(v: &JsValue, key: &str) -> String {
    get(v, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string"))
}

fn array(v: &JsValue, key: &str) -> Vec<JsValue> {
    get(v, key)
        .dyn_into::<Array>()
        .unwrap_or_else(|_| panic!("{key} is not an array"))
        .to_vec()
}

/// `s.slice(start, end)` on a JS string, i.e. in UTF-16 code units.
fn js_slice(s: &str, start: u32, end: u32) -> String {
    String::from(js_sys::JsString::from(s).slice(start, end))
}

fn js_len(s: &str) -> u32 {
    js_sys::JsString::from(s).length()
}

/// Checks one span object: original offsets slice to `text`, normalized offsets lie inside the
/// normalized text and cover something whenever the original does.
fn check_span(span: &JsValue, text: &str, normalized: &str) -> String {
    let (start, end) = (num(span, "start"), num(span, "end"));
    let (ns, ne) = (num(span, "norm_start"), num(span, "norm_end"));
    assert!(
        start <= end && end <= js_len(text),
        "bad original span {start}..{end}"
    );
    assert!(
        ns <= ne && ne <= js_len(normalized),
        "bad normalized span {ns}..{ne}"
    );
    let sliced = js_slice(text, start, end);
    assert_eq!(
        sliced,
        string(span, "text"),
        "span {start}..{end} does not slice to its text"
    );
    if start < end {
        assert!(
            ns < ne,
            "non-empty span {start}..{end} vanished in the normalized text"
        );
    }
    sliced
}

/// Every span of an analysis, as JS objects.
fn spans(a: &JsValue) -> Vec<JsValue> {
    let mut out = Vec::new();
    for key in ["sentences", "entities", "boilerplate"] {
        out.extend(array(a, key));
    }
    for q in array(a, "quotes") {
        out.push(get(&q, "content"));
        for key in ["cue", "speaker"] {
            let v = get(&q, key);
            if !v.is_null() && !v.is_undefined() {
                out.push(v);
            }
        }
    }
    out
}

#[wasm_bindgen_test]
fn analyze_offsets_are_utf16_and_slice_exactly() {
    let a = analyze(TRICKY.into(), JsValue::UNDEFINED).expect("analyze");
    assert_eq!(string(&a, "offsets"), "utf16");
    assert_eq!(
        string(&a, "text"),
        TRICKY,
        "the original must come back unchanged"
    );
    let normalized = string(&a, "normalized");
    assert!(normalized.contains("وزیر") && !normalized.contains('ي'));

    let all = spans(&a);
    assert!(!all.is_empty());
    for s in &all {
        check_span(s, TRICKY, &normalized);
    }

    // The quote after the emoji: its speaker must be found and sliced on UTF-16 offsets, which
    // differ from code points by 3 here (😀 and the two regional indicators are surrogate pairs).
    let quotes = array(&a, "quotes");
    let q = quotes
        .iter()
        .find(|q| string(&get(q, "cue"), "text") == "گفت")
        .expect("a colon quote");
    let speaker = get(q, "speaker");
    let text = check_span(&speaker, TRICKY, &normalized);
    assert!(text.contains("وزير دفاع"), "speaker was {text:?}");
    let start = num(&speaker, "start") as usize;
    let cp_start = TRICKY[..TRICKY.find("وزير").unwrap()].chars().count();
    assert_eq!(
        start,
        cp_start + 3,
        "offsets must be UTF-16 units, not code points"
    );
}

#[wasm_bindgen_test]
fn edits_slice_the_original_and_rebuild_it() {
    let a = analyze(TRICKY.into(), JsValue::UNDEFINED).expect("analyze");
    let normalized = string(&a, "normalized");
    let edits = array(&a, "edits");
    assert!(!edits.is_empty(), "ي and ك must be edited");
    // Undo every edit on the normalized text, back to front: the original must come back.
    let mut rebuilt: Vec<u16> = normalized.encode_utf16().collect();
    for e in edits.iter().rev() {
        let orig = string(e, "original");
        assert_eq!(js_slice(TRICKY, num(e, "start"), num(e, "end")), orig);
        let (ns, ne) = (num(e, "norm_start") as usize, num(e, "norm_end") as usize);
        assert_eq!(
            String::from_utf16(&rebuilt[ns..ne]).unwrap(),
            string(e, "replacement")
        );
        rebuilt.splice(ns..ne, orig.encode_utf16());
    }
    assert_eq!(String::from_utf16(&rebuilt).unwrap(), TRICKY);
}

#[wasm_bindgen_test]
fn explicit_offset_units_are_honoured() {
    let opts = Object::new();
    Reflect::set(&opts, &"offsets".into(), &"codepoint".into()).unwrap();
    let a = analyze(TRICKY.into(), opts.into()).expect("analyze");
    assert_eq!(string(&a, "offsets"), "codepoint");
    let q = array(&a, "quotes").into_iter().next().expect("a quote");
    let speaker = get(&q, "speaker");
    let cp: Vec<char> = TRICKY.chars().collect();
    let (s, e) = (
        num(&speaker, "start") as usize,
        num(&speaker, "end") as usize,
    );
    assert_eq!(
        cp[s..e].iter().collect::<String>(),
        string(&speaker, "text")
    );
}

#[wasm_bindgen_test]
fn normalize_returns_text_and_utf16_edits() {
    let out = normalize("😀 كتاب ۱2".into(), JsValue::NULL).expect("normalize");
    let text = string(&out, "text");
    assert_eq!(text, "😀 کتاب ۱۲");
    let edits = array(&out, "edits");
    assert!(!edits.is_empty());
    for e in &edits {
        let (s, end) = (num(e, "start"), num(e, "end"));
        assert_eq!(js_slice("😀 كتاب ۱2", s, end), string(e, "original"));
    }
    // ك sits after a surrogate pair and a space: UTF-16 offset 3, not 2.
    assert!(edits
        .iter()
        .any(|e| num(e, "start") == 3 && string(e, "original") == "ك"));
}

#[wasm_bindgen_test]
fn bad_options_are_js_errors() {
    let cases: Vec<JsValue> = vec![
        {
            let o = Object::new();
            Reflect::set(&o, &"offsets".into(), &"bytes-please".into()).unwrap();
            o.into()
        },
        {
            let o = Object::new();
            Reflect::set(&o, &"no_quotes".into(), &"yes".into()).unwrap();
            o.into()
        },
        JsValue::from_str("not an object"),
    ];
    for opts in cases {
        let err = analyze("سلام".into(), opts).expect_err("bad options must fail");
        let js: JsValue = err;
        let e: js_sys::Error = js.dyn_into().expect("a JS Error, not a string");
        assert!(
            String::from(e.message()).contains("invalid options"),
            "message: {}",
            String::from(e.message())
        );
    }
    let o = Object::new();
    Reflect::set(&o, &"digits".into(), &"roman".into()).unwrap();
    assert!(normalize("۱".into(), o.into()).is_err());
}

#[wasm_bindgen_test]
fn empty_and_odd_input_never_throw() {
    for text in ["", "\r\n\r\n", "\u{200c}", ":", "گفت:", "\u{FFFD}"] {
        let a = analyze(text.into(), JsValue::UNDEFINED).expect("analyze");
        assert_eq!(string(&a, "text"), text);
    }
    let a = analyze("\u{FFFD}".into(), JsValue::UNDEFINED).unwrap();
    assert!(!array(&a, "warnings").is_empty());
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
    assert!(!version().is_empty());
}

/// A JS string with lone surrogates (an emoji cut in half by JavaScript code): analyzed, each
/// read as U+FFFD in place, offsets unchanged, and a warning naming where.
#[wasm_bindgen_test]
fn lone_surrogates_are_read_as_replacement_characters_with_a_warning() {
    // "وزیر دفاع گفت: " + high surrogate alone + "سلام" + low surrogate alone.
    let units: Vec<u16> = "وزیر دفاع گفت: اجازه "
        .encode_utf16()
        .chain([0xD83D])
        .chain("نخواهیم داد.".encode_utf16())
        .chain([0xDE00])
        .collect();
    let js = String::from_utf16_lossy(&units);
    let text: JsValue = js_sys::JsString::from_char_code(&units).into();
    let a = analyze(text.clone(), JsValue::UNDEFINED).expect("analyze");
    assert_eq!(string(&a, "text"), js);
    assert_eq!(js_len(&string(&a, "text")), units.len() as u32);
    let warnings = array(&a, "warnings");
    let w = warnings
        .iter()
        .find(|w| string(w, "code") == "lone-surrogate")
        .expect("a lone-surrogate warning");
    let m = string(w, "message");
    assert!(
        m.contains("2 lone surrogate") && m.contains("offset(s) 21, 34"),
        "{m}"
    );
    // The quote is still found, its offsets in the caller's string.
    let q = &array(&a, "quotes")[0];
    let content = get(q, "content");
    assert_eq!(num(&content, "start"), 15);
    let n = normalize(text, JsValue::UNDEFINED).expect("normalize");
    assert!(array(&n, "warnings")
        .iter()
        .any(|w| string(w, "code") == "lone-surrogate"));
    // A real U+FFFD is not a lone surrogate.
    let a = analyze("\u{FFFD}".into(), JsValue::UNDEFINED).unwrap();
    assert!(array(&a, "warnings")
        .iter()
        .all(|w| string(w, "code") != "lone-surrogate"));
}

#[wasm_bindgen_test]
fn a_text_that_is_not_a_string_is_a_type_error_and_the_next_call_works() {
    for bad in [
        JsValue::from_f64(42.0),
        js_sys::Object::new().into(),
        JsValue::UNDEFINED,
    ] {
        let err = analyze(bad.clone(), JsValue::UNDEFINED).expect_err("not a string");
        let e: js_sys::TypeError = err.dyn_into().expect("a TypeError");
        assert!(String::from(e.message()).contains("expected the text as a string"));
        assert!(normalize(bad, JsValue::UNDEFINED).is_err());
        assert!(analyze("سلام".into(), JsValue::UNDEFINED).is_ok());
    }
}
