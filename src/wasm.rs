//! The JavaScript face: a thin wasm-bindgen layer over the core.
//!
//! It only converts: JS options in, [`Analysis`] out as a plain JS object, with offsets in
//! UTF-16 code units so that `text.slice(start, end)` works in the browser. Errors become JS
//! `Error`s; panics go to the console through `console_error_panic_hook`.

use crate::analysis::{analyze as analyze_core, Options};
use crate::document::OffsetUnit;
use crate::input::{check_input, MAX_INPUT_BYTES};
use crate::normalize::NormOptions;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
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

/// Analyzes `text`. Options (all optional): `{ offsets: "utf16" | "codepoint" | "byte",
/// normalize: { disabled: ["zwnj", …], digits: "persian" | "ascii" | "keep" }, no_entities,
/// no_quotes }`. Offsets default to UTF-16 here.
#[wasm_bindgen]
pub fn analyze(text: &str, options_js: JsValue) -> Result<JsValue, JsError> {
    let explicit_offsets = !options_js.is_undefined()
        && !options_js.is_null()
        && js_sys::Reflect::has(&options_js, &JsValue::from_str("offsets")).unwrap_or(false);
    check_input(text).map_err(|e| JsError::new(&e.to_string()))?;
    let mut opts: Options = options(options_js)?;
    if !explicit_offsets {
        opts.offsets = OffsetUnit::Utf16;
    }
    to_js(&analyze_core(text, &opts))
}

/// Normalizes `text` and returns `{ text, edits }`, edits with UTF-16 offsets.
#[wasm_bindgen]
pub fn normalize(text: &str, options_js: JsValue) -> Result<JsValue, JsError> {
    check_input(text).map_err(|e| JsError::new(&e.to_string()))?;
    let norm: NormOptions = options(options_js)?;
    let opts = Options {
        normalize: norm,
        offsets: OffsetUnit::Utf16,
        no_entities: true,
        no_quotes: true,
    };
    let a = analyze_core(text, &opts);
    #[derive(serde::Serialize)]
    struct Out {
        text: String,
        edits: Vec<crate::analysis::EditOut>,
    }
    to_js(&Out {
        text: a.normalized,
        edits: a.edits,
    })
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
