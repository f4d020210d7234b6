//! Normalization: turns scraped Persian text into standard orthography, as a list of
//! reversible [`Edit`]s over the original.
//!
//! The work is done in passes, each of which reads the previous pass's output and proposes
//! edits over it; [`compose`] folds them into edits over the original, so that the original can
//! always be rebuilt and every later span can be mapped back. Each pass lives in its own module
//! and is switched by the edit kinds it produces.

pub mod chars;
pub mod lexicon;
pub mod punct;
pub mod zwnj;

use crate::document::{apply, compose, Edit, EditKind};
use serde::{Deserialize, Serialize};

/// Which script digits are written in after normalization.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DigitStyle {
    /// Leave digits as they are.
    Keep,
    /// Persian digits ۰–۹ (the default: Persian news style).
    #[default]
    Persian,
    /// ASCII digits 0–9.
    Ascii,
}

/// Options of the normalizer. Every edit kind can be switched off.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NormOptions {
    /// Edit kinds that are not applied.
    pub disabled: Vec<EditKind>,
    pub digits: DigitStyle,
}

impl Default for NormOptions {
    fn default() -> Self {
        NormOptions {
            disabled: Vec::new(),
            digits: DigitStyle::Persian,
        }
    }
}

impl NormOptions {
    pub fn enabled(&self, kind: EditKind) -> bool {
        !self.disabled.contains(&kind)
    }
}

/// The result of normalizing one text.
#[derive(Clone, Debug, Default)]
pub struct Normalized {
    pub text: String,
    /// Sorted, non-overlapping edits over the original text.
    pub edits: Vec<Edit>,
}

/// Normalizes `text` with `opts`.
///
/// Long texts are normalized a block of lines at a time (no rule looks across a line
/// break), which keeps the working set in cache and the cost linear in the input size.
pub fn normalize(text: &str, opts: &NormOptions) -> Normalized {
    const BLOCK: usize = 1 << 16;
    if text.len() <= BLOCK {
        return normalize_block(text, opts);
    }
    let mut out = Normalized {
        text: String::with_capacity(text.len() + text.len() / 16),
        edits: Vec::new(),
    };
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + BLOCK).min(text.len());
        // Cut after a line break; a block without one runs to the next.
        // (A newline byte never occurs inside a multi-byte character.)
        end = match text.as_bytes()[end..].iter().position(|&b| b == b'\n') {
            _ if end == text.len() => end,
            Some(p) => end + p + 1,
            None => text.len(),
        };
        let n = normalize_block(&text[start..end], opts);
        out.edits.extend(n.edits.into_iter().map(|mut e| {
            e.range = e.range.start + start..e.range.end + start;
            e
        }));
        out.text.push_str(&n.text);
        start = end;
    }
    out
}

/// Normalizes one block of whole lines.
fn normalize_block(text: &str, opts: &NormOptions) -> Normalized {
    let mut edits = chars::char_pass(text, opts);
    edits.retain(|e| opts.enabled(e.kind));
    let mut current = apply(text, &edits);
    // Later passes: each proposes edits over the previous pass's output. A disabled kind is
    // dropped before it is applied, so the text and the edits always agree.
    let passes: [fn(&str, &NormOptions) -> Vec<Edit>; 2] = [punct::punct_pass, zwnj::zwnj_pass];
    for pass in passes {
        let mut next = pass(&current, opts);
        next.retain(|e| opts.enabled(e.kind));
        if next.is_empty() {
            continue;
        }
        let out = apply(&current, &next);
        edits = compose(&edits, &current, &next);
        current = out;
    }
    Normalized {
        text: current,
        edits,
    }
}
