//! The JavaScript face as JavaScript sees it: `analyze`/`normalize`/`version` called through
//! wasm-bindgen, run in Node by `cargo test --target wasm32-unknown-unknown` (the runner is set
//! in `.cargo/config.toml`). The point is the conversion layer: offsets must be UTF-16 code
//! units so that `String.prototype.slice` cuts exactly the span's text, bad options must arrive
//! as JS `Error`s, and nothing may be lost on the way.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect};
use negah::wasm::version;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// A text that makes code points, UTF-16 units and bytes all differ before the Persian words:
/// an emoji outside the BMP, Arabic letters the normalizer rewrites (ي ك), a ZWNJ inside a word,
/// CRLF line ends and a colon quote whose speaker comes after all of that.
const TRICKY: &str = "😀🇮🇷 گزارش\r\nوزير دفاع روز دوشنبه در تهران گفت: ما نمي‌خواهيم جنگ شود.\r\nسخنگوی وزارت خارجه گفت: «این تصمیم درست است».\r\n";

fn analyze(text: &str, options: JsValue) -> Result<JsValue, JsValue> {
    negah::wasm::analyze(text.into(), options)
}

fn normalize(text: &str, options: JsValue) -> Result<JsValue, JsValue> {
    negah::wasm::normalize(text.into(), options)
}

/// The message of a thrown JS error, checking that it is an `Error` of class `class`.
fn error_message(err: JsValue, class: &str) -> String {
    let e: js_sys::Error = err.dyn_into().expect("a JS Error, not a string");
    assert_eq!(
        String::from(e.name()),
        class,
        "{}",
        String::from(e.message())
    );
    String::from(e.message())
}

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
    let a = analyze(TRICKY, JsValue::UNDEFINED).expect("analyze");
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
    let a = analyze(TRICKY, JsValue::UNDEFINED).expect("analyze");
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
    let a = analyze(TRICKY, opts.into()).expect("analyze");
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
    let out = normalize("😀 كتاب ۱2", JsValue::NULL).expect("normalize");
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

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

#[wasm_bindgen_test]
fn bad_options_are_js_errors() {
    let cases = [
        object(&[("offsets", "bytes-please".into())]),
        object(&[("no_quotes", "yes".into())]),
        object(&[("normalize", object(&[("digits", "roman".into())]))]),
    ];
    for opts in cases {
        let err = analyze("سلام", opts).expect_err("bad options must fail");
        assert!(error_message(err, "Error").contains("invalid options"));
    }
    assert!(normalize("۱", object(&[("digits", "roman".into())])).is_err());
}

#[wasm_bindgen_test]
fn unknown_option_keys_are_refused_by_name() {
    let err = analyze("سلام", object(&[("no_quote", true.into())])).unwrap_err();
    let msg = error_message(err, "Error");
    assert!(msg.contains("unknown field `no_quote`"), "{msg}");
    let nested = object(&[("normalize", object(&[("digit", "ascii".into())]))]);
    let msg = error_message(analyze("سلام", nested).unwrap_err(), "Error");
    assert!(msg.contains("unknown field `digit`"), "{msg}");
    let msg = error_message(
        normalize("x", object(&[("offsets", "utf16".into())])).unwrap_err(),
        "Error",
    );
    assert!(msg.contains("unknown field `offsets`"), "{msg}");
    // A key set to undefined or null means its default (and offsets stay UTF-16).
    let a = analyze(
        "😀 سلام",
        object(&[
            ("offsets", JsValue::UNDEFINED),
            ("no_quotes", JsValue::NULL),
        ]),
    )
    .unwrap();
    assert_eq!(string(&a, "offsets"), "utf16");
}

#[wasm_bindgen_test]
fn wrong_argument_types_are_type_errors_that_say_what_was_expected() {
    let f = negah::wasm::analyze;
    for (text, got) in [
        (JsValue::from_f64(42.0), "number"),
        (Object::new().into(), "object"),
        (JsValue::NULL, "null"),
        (JsValue::UNDEFINED, "undefined"),
        (Array::new().into(), "an array"),
    ] {
        let msg = error_message(f(text, JsValue::UNDEFINED).unwrap_err(), "TypeError");
        assert_eq!(
            msg,
            format!("negah.analyze: expected the text as a string, got {got}")
        );
    }
    let msg = error_message(analyze("x", "utf16".into()).unwrap_err(), "TypeError");
    assert_eq!(
        msg,
        "negah.analyze: expected the options as an object, got string"
    );
    let msg = error_message(
        negah::wasm::normalize(7.into(), JsValue::NULL).unwrap_err(),
        "TypeError",
    );
    assert!(msg.starts_with("negah.normalize: expected the text as a string"));
}

#[wasm_bindgen_test]
fn every_error_leaves_the_module_usable() {
    let before = js_sys::JSON::stringify(&analyze(TRICKY, JsValue::UNDEFINED).unwrap()).unwrap();
    let over = js_sys::JsString::from("ب").repeat(negah::wasm::max_input_bytes() as i32 + 1);
    let failing: Vec<Box<dyn Fn() -> Result<JsValue, JsValue>>> = vec![
        Box::new(|| negah::wasm::analyze(42.into(), JsValue::UNDEFINED)),
        Box::new(|| analyze("x", object(&[("no_quote", true.into())]))),
        Box::new(|| analyze("x", "nope".into())),
        Box::new(|| analyze("a\0b", JsValue::UNDEFINED)),
        Box::new(move || negah::wasm::analyze(over.clone().into(), JsValue::UNDEFINED)),
        Box::new(|| normalize("x", object(&[("digits", 3.into())]))),
    ];
    for f in &failing {
        assert!(f().is_err());
        let after = js_sys::JSON::stringify(&analyze(TRICKY, JsValue::UNDEFINED).unwrap()).unwrap();
        assert_eq!(after, before);
    }
}

#[wasm_bindgen_test]
fn input_over_the_limit_is_refused_with_the_limit_in_words() {
    let limit = negah::wasm::max_input_bytes();
    let over = js_sys::JsString::from("a").repeat(limit as i32 + 1);
    let msg = error_message(
        negah::wasm::analyze(over.into(), JsValue::UNDEFINED).unwrap_err(),
        "Error",
    );
    assert!(
        msg.contains(&format!("the limit is 64.0 MB ({limit} bytes)")),
        "{msg}"
    );
}

#[wasm_bindgen_test]
fn empty_and_odd_input_never_throw() {
    for text in ["", "\r\n\r\n", "\u{200c}", ":", "گفت:", "\u{FFFD}"] {
        let a = analyze(text, JsValue::UNDEFINED).expect("analyze");
        assert_eq!(string(&a, "text"), text);
    }
    let a = analyze("\u{FFFD}", JsValue::UNDEFINED).unwrap();
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
    // A high surrogate alone after "اجازه ", a low one alone at the end.
    let units: Vec<u16> = "وزیر دفاع گفت: اجازه "
        .encode_utf16()
        .chain([0xD83D])
        .chain("نخواهیم داد.".encode_utf16())
        .chain([0xDE00])
        .collect();
    let lossy = String::from_utf16_lossy(&units);
    let text: JsValue = js_sys::JsString::from_char_code(&units).into();
    let a = negah::wasm::analyze(text.clone(), JsValue::UNDEFINED).expect("analyze");
    assert_eq!(string(&a, "text"), lossy);
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
    let content = get(&array(&a, "quotes")[0], "content");
    assert_eq!(num(&content, "start"), 15);
    let n = negah::wasm::normalize(text, JsValue::UNDEFINED).expect("normalize");
    assert!(array(&n, "warnings")
        .iter()
        .any(|w| string(w, "code") == "lone-surrogate"));
    // A real U+FFFD is not a lone surrogate.
    let a = analyze("\u{FFFD}", JsValue::UNDEFINED).unwrap();
    assert!(!array(&a, "warnings")
        .iter()
        .any(|w| string(w, "code") == "lone-surrogate"));
}
