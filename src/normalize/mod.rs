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
pub mod style;
pub mod zwnj;

pub use style::Style;

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
    /// ASCII ("Latin") digits 0–9.
    #[serde(alias = "latin")]
    Ascii,
}

/// Options of the normalizer. Every edit kind can be switched off. Unknown keys are refused.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NormOptions {
    /// Edit kinds that are not applied.
    pub disabled: Vec<EditKind>,
    /// The house style (a spec string in JSON: `"academy"`, `"press,plural=joined"`).
    pub style: Style,
    /// Digits, overriding the style's choice when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digits: Option<DigitStyle>,
}

impl NormOptions {
    pub fn enabled(&self, kind: EditKind) -> bool {
        !self.disabled.contains(&kind)
    }

    /// The script digits are written in: `digits` if set, else the style's.
    pub fn digit_style(&self) -> DigitStyle {
        self.digits.unwrap_or(self.style.digits)
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
/// Windows of `out` (the text `edits` made from `before`) around each edit that `matters`:
/// the word it is in and the words before and after it, where a next change may now be. In order,
/// overlapping windows merged.
fn edit_windows(
    before: &str,
    out: &str,
    edits: &[Edit],
    matters: impl Fn(&Edit, &str) -> bool,
) -> Vec<std::ops::Range<usize>> {
    let is_gap = |c: char| c == ' ' || c == '\n';
    let mut windows: Vec<std::ops::Range<usize>> = Vec::new();
    let mut delta: isize = 0;
    for e in edits {
        let at = (e.range.start as isize + delta) as usize;
        delta += e.replacement.len() as isize - e.range.len() as isize;
        if !matters(e, &before[e.range.clone()]) {
            continue;
        }
        // From the word before (`می` may now join `لاها`) …
        let word_start = |to: usize| out[..to].rfind(is_gap).map_or(0, |i| i + 1);
        let mut start = word_start(at);
        if out[..start].ends_with(' ') {
            start = word_start(start - 1);
        }
        // … to the end of the word after (on the same line).
        let word_end = |from: usize| out[from..].find(is_gap).map_or(out.len(), |i| from + i);
        let mut end = word_end(at);
        if out[end..].starts_with(' ') {
            end = word_end(end + 1);
        }
        match windows.last_mut() {
            Some(w) if w.end >= start => w.end = w.end.max(end),
            _ => windows.push(start..end),
        }
    }
    windows
}

fn normalize_block(text: &str, opts: &NormOptions) -> Normalized {
    let mut edits = chars::char_pass(text, opts);
    edits.retain(|e| opts.enabled(e.kind));
    let mut current = apply(text, &edits);
    // Later passes: each proposes edits over the previous pass's output. A disabled kind is
    // dropped before it is applied, so the text and the edits always agree.
    let passes: [fn(&str, &NormOptions) -> Vec<Edit>; 3] =
        [punct::punct_pass, zwnj::zwnj_pass, style::ezafe_pass];
    for (k, pass) in passes.into_iter().enumerate() {
        let mut next = pass(&current, opts);
        next.retain(|e| opts.enabled(e.kind));
        // A pass can leave work for itself: a join across a space can bring the next spaced
        // affix within reach (`می ممم ها` → `می‌م ها` → `می‌م‌ها`), a removed space can make
        // a mark sequence (`.. .` → `...` → `…`). Each pass runs again around its own
        // changes (the ZWNJ pass: around its joins), up to three times, so that normalizing
        // normalized text changes nothing; the windows keep this cheap.
        let mut rounds = 3;
        while !next.is_empty() {
            let out = apply(&current, &next);
            let windows = edit_windows(&current, &out, &next, |e, original| {
                k == 0 || (e.kind == EditKind::Zwnj && original.contains(' '))
            });
            edits = compose(&edits, &current, &next);
            current = out;
            rounds -= 1;
            if rounds == 0 || windows.is_empty() {
                break;
            }
            next = Vec::new();
            for w in windows {
                let window = &current[w.clone()];
                let mut again = pass(window, opts);
                // (Straight quotes pair up over a whole line, which a window may cut: they
                // were paired, or not, in the first round.)
                again.retain(|e| opts.enabled(e.kind) && &window[e.range.clone()] != "\"");
                next.extend(again.into_iter().map(|mut e| {
                    e.range = e.range.start + w.start..e.range.end + w.start;
                    e
                }));
            }
        }
    }
    Normalized {
        text: current,
        edits,
    }
}
