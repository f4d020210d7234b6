//! The JavaScript face: a thin wasm-bindgen layer over the core.
//!
//! It only converts: JS options in, [`Analysis`] out as a plain JS object, with offsets in
//! UTF-16 code units so that `text.slice(start, end)` works in the browser. Errors become JS
//! `Error`s (a text that is not a string: a `TypeError`); panics go to the console through
//! `console_error_panic_hook`.

use crate::analysis::{analyze as analyze_core, Options, Warning};
use crate::document::OffsetUnit;
use crate::input::{check_input, InputError, MAX_INPUT_BYTES};
use crate::normalize::NormOptions;
use js_sys::JsString;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
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

fn options<T: serde::de::DeserializeOwned + Default>(value: JsValue) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| JsError::new(&format!("invalid options: {e}")))
}

fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("cannot convert the result: {e}")))
}

/// The text argument as Rust text: a JS string within the limit (checked on its length
/// before it is copied into wasm memory), free of NUL. Lone surrogates (half of a character
/// outside the BMP, cut apart by JavaScript code) cannot be Rust text: each is read as U+FFFD,
/// which is one UTF-16 unit as well, so every offset stays the caller's, and a warning says
/// where.
fn text_arg(value: &JsValue) -> Result<(String, Vec<Warning>), JsValue> {
    let Some(js) = value.dyn_ref::<JsString>() else {
        let what = value.js_typeof().as_string().unwrap_or_default();
        let msg = format!("expected the text as a string, got {what}");
        return Err(js_sys::TypeError::new(&msg).into());
    };
    let units = js.length() as usize;
    if units > MAX_INPUT_BYTES {
        return Err(JsError::new(&InputError::TooLong { units }.to_string()).into());
    }
    let well_formed = well_formed(js);
    let text = String::from(js);
    check_input(&text).map_err(|e| JsValue::from(JsError::new(&e.to_string())))?;
    let mut warnings = Vec::new();
    if !well_formed {
        // The U+FFFD that were surrogates, by UTF-16 offset (real ones are left out).
        let mut lone = Vec::new();
        let mut unit = 0u32;
        for c in text.chars() {
            if c == '\u{FFFD}' && js.char_code_at(unit) as u32 != 0xFFFD {
                lone.push(unit);
            }
            unit += c.len_utf16() as u32;
        }
        let shown: Vec<String> = lone.iter().take(5).map(|u| u.to_string()).collect();
        let more = if lone.len() > 5 { ", …" } else { "" };
        warnings.push(Warning {
            code: "lone-surrogate".into(),
            message: format!(
                "the text has {} lone surrogate(s) (half of a character such as an emoji, cut apart) at UTF-16 offset(s) {}{more}: each was read as U+FFFD (�), also one unit long, so offsets are unchanged",
                lone.len(),
                shown.join(", ")
            ),
        });
    }
    Ok((text, warnings))
}

/// Analyzes `text`. Options (all optional): `{ offsets: "utf16" | "codepoint" | "byte",
/// normalize: { disabled: ["zwnj", …], digits: "persian" | "ascii" | "keep" }, no_entities,
/// no_quotes }`. Offsets default to UTF-16 here.
#[wasm_bindgen]
pub fn analyze(text: JsValue, options_js: JsValue) -> Result<JsValue, JsValue> {
    let explicit_offsets = !options_js.is_undefined()
        && !options_js.is_null()
        && js_sys::Reflect::has(&options_js, &JsValue::from_str("offsets")).unwrap_or(false);
    let (text, warnings) = text_arg(&text)?;
    let mut opts: Options = options(options_js)?;
    if !explicit_offsets {
        opts.offsets = OffsetUnit::Utf16;
    }
    let mut a = analyze_core(&text, &opts);
    a.warnings.splice(0..0, warnings);
    Ok(to_js(&a)?)
}

/// Normalizes `text` and returns `{ text, edits, warnings }`, edits with UTF-16 offsets.
#[wasm_bindgen]
pub fn normalize(text: JsValue, options_js: JsValue) -> Result<JsValue, JsValue> {
    let (text, mut warnings) = text_arg(&text)?;
    let norm: NormOptions = options(options_js)?;
    let opts = Options {
        normalize: norm,
        offsets: OffsetUnit::Utf16,
        no_entities: true,
        no_quotes: true,
    };
    let a = analyze_core(&text, &opts);
    warnings.extend(a.warnings);
    #[derive(serde::Serialize)]
    struct Out {
        text: String,
        edits: Vec<crate::analysis::EditOut>,
        warnings: Vec<Warning>,
    }
    Ok(to_js(&Out {
        text: a.normalized,
        edits: a.edits,
        warnings,
    })?)
}

/// The largest text `analyze` and `normalize` accept, in UTF-8 bytes (the page states it in
/// words; a longer text throws an `Error` naming both sizes before any work starts).
#[wasm_bindgen(js_name = maxInputBytes)]
pub fn max_input_bytes() -> usize {
    MAX_INPUT_BYTES
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
