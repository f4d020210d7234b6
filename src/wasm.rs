//! The JavaScript face: a thin wasm-bindgen layer over the core.
//!
//! It only converts: JS options in, [`Analysis`](crate::Analysis) out as a plain JS object, with
//! offsets in UTF-16 code units so that `text.slice(start, end)` works in the browser.
//!
//! Every mistake a caller can make comes back as a thrown JS error *before any work starts*,
//! never as a trap: a wrong argument type is a `TypeError` saying what was expected (wasm-bindgen
//! would otherwise read a number as a string pointer: `memory access out of bounds`), bad or
//! unknown options and text over the core's limit an `Error` with the reason. None of them
//! touches the module's state, so the next call works. Panics (bugs) go to the console through
//! `console_error_panic_hook`.
//!
//! The `*_json` functions serve the worker client (`pkg-template/worker-core.js`): the result
//! serialized once, as UTF-8 JSON bytes, which the worker transfers to the page without a copy.
//!
//! The feature `wasm-analyze` (on by default) adds `analyze`; without it only the normalizer is
//! reachable and the linker drops the entity model, the gazetteers and the quote rules: that is
//! the `negah/normalize` build.

use crate::analysis::{normalize_out, Warning};
use crate::document::OffsetUnit;
use crate::input::{check_input, describe_size, InputError, MAX_INPUT_BYTES};
use crate::normalize::NormOptions;
use js_sys::{Array, JsString};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

fn type_error(msg: String) -> JsValue {
    js_sys::TypeError::new(&msg).into()
}

fn error(msg: String) -> JsValue {
    js_sys::Error::new(&msg).into()
}

/// What a JS value is, in words for an error message.
fn describe(v: &JsValue) -> String {
    if v.is_null() {
        "null".into()
    } else if Array::is_array(v) {
        "an array".into()
    } else {
        v.js_typeof().as_string().unwrap_or_default()
    }
}

/// The text argument: a string within the core's limit. A string longer than the limit in
/// UTF-16 units is longer in UTF-8 bytes too, so it is refused before being copied into wasm
/// memory; shorter ones are copied and checked exactly. Lone surrogates come back as a
/// warning for the result.
fn text_arg(func: &str, value: &JsValue) -> Result<(String, Vec<Warning>), JsValue> {
    let Some(s) = value.dyn_ref::<JsString>() else {
        return Err(type_error(format!(
            "negah.{func}: expected the text as a string, got {}",
            describe(value)
        )));
    };
    let units = s.length() as usize;
    if units > MAX_INPUT_BYTES {
        return Err(error(format!(
            "negah.{func}: the input is more than {} ({units} UTF-16 units, at least as many bytes of UTF-8); the limit is {} ({MAX_INPUT_BYTES} bytes): split it into smaller texts",
            describe_size(units),
            describe_size(MAX_INPUT_BYTES),
        )));
    }
    let well_formed = well_formed(s);
    let text = String::from(s);
    check_input(&text).map_err(|e: InputError| error(format!("negah.{func}: {e}")))?;
    let warnings = if well_formed {
        Vec::new()
    } else {
        vec![lone_surrogates(s, &text)]
    };
    Ok((text, warnings))
}

/// `String.prototype.isWellFormed` (ES2024: Node 20, current browsers): false when the
/// string has a lone surrogate. Where it does not exist, the string is checked unit by unit.
fn well_formed(js: &JsString) -> bool {
    js_sys::Reflect::get(js, &JsValue::from_str("isWellFormed"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(js).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or_else(|| js.is_valid_utf16())
}

/// The warning for a string with lone surrogates (half of a character outside the BMP, cut
/// apart by JavaScript code), which cannot be Rust text: the copy into wasm memory read each as
/// U+FFFD, one UTF-16 unit as well, so every offset stays the caller's. It says where they
/// were (the U+FFFD of `text` that are not U+FFFD in `js`).
fn lone_surrogates(js: &JsString, text: &str) -> Warning {
    let mut lone = Vec::new();
    let mut unit = 0u32;
    for c in text.chars() {
        if c == '\u{FFFD}' && js.char_code_at(unit) as u32 != 0xFFFD {
            lone.push(unit.to_string());
        }
        unit += c.len_utf16() as u32;
    }
    let more = if lone.len() > 5 { ", …" } else { "" };
    Warning {
        code: "lone-surrogate".into(),
        message: format!(
            "the text has {} lone surrogate(s) (half of a character such as an emoji, cut apart) at UTF-16 offset(s) {}{more}: each was read as U+FFFD (�), also one unit long, so offsets are unchanged",
            lone.len(),
            lone[..lone.len().min(5)].join(", ")
        ),
    }
}

/// An options argument: `undefined`/`null` for the defaults, else a plain object whose keys
/// and values the core's serde types accept. A key set to `undefined` or `null` means its
/// default. It goes through a `serde_json::Value` because serde-wasm-bindgen reads a struct by
/// looking up its known fields, so an unknown (misspelt) key would never be seen; the core's
/// option types deny unknown fields, and serde_json names the key in its message.
fn options_arg<T: serde::de::DeserializeOwned + Default>(
    func: &str,
    value: JsValue,
) -> Result<(T, serde_json::Map<String, serde_json::Value>), JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok((T::default(), serde_json::Map::new()));
    }
    if !value.is_object() || Array::is_array(&value) {
        return Err(type_error(format!(
            "negah.{func}: expected the options as an object, got {}",
            describe(&value)
        )));
    }
    let invalid = |e: &dyn std::fmt::Display| error(format!("negah.{func}: invalid options: {e}"));
    let mut v: serde_json::Value =
        serde_wasm_bindgen::from_value(value).map_err(|e| invalid(&e))?;
    drop_nulls(&mut v);
    let opts = T::deserialize(&v).map_err(|e| invalid(&e))?;
    match v {
        serde_json::Value::Object(map) => Ok((opts, map)),
        _ => Ok((opts, serde_json::Map::new())),
    }
}

/// Removes object keys whose value is null (`undefined` arrives as null), at every depth.
fn drop_nulls(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            map.retain(|_, x| !x.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| error(format!("cannot convert the result: {e}")))
}

fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>, JsValue> {
    serde_json::to_vec(value).map_err(|e| error(format!("cannot convert the result: {e}")))
}

/// The largest text `analyze` and `normalize` accept, in UTF-8 bytes (the page states it in
/// words; a longer text throws an `Error` naming both sizes before any work starts). The
/// package's entries also export it as the constant `MAX_INPUT_BYTES`, usable before init.
#[wasm_bindgen(js_name = maxInputBytes)]
pub fn max_input_bytes() -> usize {
    MAX_INPUT_BYTES
}

#[cfg(feature = "wasm-analyze")]
fn analyze_args(text: &JsValue, options: JsValue) -> Result<crate::Analysis, JsValue> {
    let (text, warnings) = text_arg("analyze", text)?;
    let (mut opts, given): (crate::Options, _) = options_arg("analyze", options)?;
    // Offsets default to UTF-16 here (the core's default is code points, for the CLI).
    if !given.contains_key("offsets") {
        opts.offsets = OffsetUnit::Utf16;
    }
    let mut a = crate::analyze(&text, &opts);
    a.warnings.splice(0..0, warnings);
    Ok(a)
}

/// Analyzes `text`. Options (all optional): `{ offsets: "utf16" | "codepoint" | "byte",
/// normalize: { disabled: ["zwnj", …], style: "academy" | "press" | "joined" | "minimal"
/// (optionally with overrides: "academy,plural=joined"), digits: "persian" | "ascii" | "keep" },
/// no_entities, no_quotes }`. Offsets default to UTF-16 here.
#[cfg(feature = "wasm-analyze")]
#[wasm_bindgen]
pub fn analyze(text: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    to_js(&analyze_args(&text, options)?)
}

/// [`analyze`] serialized as UTF-8 JSON (for the worker, which transfers the bytes).
#[cfg(feature = "wasm-analyze")]
#[wasm_bindgen]
pub fn analyze_json(text: JsValue, options: JsValue) -> Result<Vec<u8>, JsValue> {
    to_json(&analyze_args(&text, options)?)
}

fn normalize_args(
    text: &JsValue,
    options: JsValue,
) -> Result<crate::analysis::NormalizedOut, JsValue> {
    let (text, warnings) = text_arg("normalize", text)?;
    let (opts, _): (NormOptions, _) = options_arg("normalize", options)?;
    let mut out = normalize_out(&text, &opts, OffsetUnit::Utf16);
    out.warnings.splice(0..0, warnings);
    Ok(out)
}

/// Normalizes `text` and returns `{ text, edits, warnings }`, edits with UTF-16 offsets.
#[wasm_bindgen]
pub fn normalize(text: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    to_js(&normalize_args(&text, options)?)
}

/// [`normalize`] serialized as UTF-8 JSON (for the worker).
#[wasm_bindgen]
pub fn normalize_json(text: JsValue, options: JsValue) -> Result<Vec<u8>, JsValue> {
    to_json(&normalize_args(&text, options)?)
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
