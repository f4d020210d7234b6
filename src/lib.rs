//! Negah (نگاه): a Persian news-text analyzer.
//!
//! [`analyze`] takes an article and returns an [`Analysis`]: the normalized text with every
//! change as a reversible edit, sentences, entities grouped into clusters, quotes with their
//! speakers, and site boilerplate marked apart. The original text is never modified; every
//! span is given in original and normalized coordinates, in the offset unit the caller asks
//! for (see [`document`]).
//!
//! The core knows nothing of JavaScript: `wasm.rs` is a thin layer over it, and the CLI in
//! `main.rs` another.

pub mod analysis;
#[cfg(not(target_arch = "wasm32"))]
pub mod batch;
pub mod boilerplate;
pub mod conll;
pub mod data;
pub mod document;
pub mod entities;
pub mod hashing;
pub mod input;
pub mod invariants;
pub mod lexicon;
pub mod normalize;
pub mod quotes;
pub mod segment;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use analysis::{analyze, try_analyze, Analysis, Options};
pub use document::{Edit, EditKind, OffsetUnit};
pub use input::{check_input, InputError, MAX_INPUT_BYTES};
pub use normalize::{normalize, NormOptions, Normalized};

use document::Alignment;
use segment::{Sentence, Token};

/// A document after normalization and segmentation: what the entity and quote stages read.
pub struct Doc<'a> {
    pub original: &'a str,
    pub normalized: Normalized,
    pub alignment: Alignment,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// Site furniture, as byte ranges of the normalized text.
    pub boilerplate: Vec<boilerplate::Region>,
    /// What the entity and quote stages do not read, as sorted disjoint byte ranges of the
    /// normalized text: site furniture, and sentences whose letters are all of another script
    /// (an English paragraph in an article), where Persian rules would only invent things.
    skipped: Vec<std::ops::Range<usize>>,
}

impl<'a> Doc<'a> {
    /// Normalizes and segments `original`.
    pub fn new(original: &'a str, opts: &NormOptions) -> Doc<'a> {
        let normalized = normalize::normalize(original, opts);
        let alignment = Alignment::new(&normalized.edits);
        let tokens = segment::tokenize(&normalized.text);
        let sentences = segment::sentences(&normalized.text, &tokens);
        let boilerplate = if opts.enabled(EditKind::Boilerplate) {
            boilerplate::find(&normalized.text)
        } else {
            Vec::new()
        };
        let skipped = skipped_ranges(&normalized.text, &sentences, &boilerplate);
        Doc {
            original,
            normalized,
            alignment,
            tokens,
            sentences,
            boilerplate,
            skipped,
        }
    }

    /// The normalized text, which every later stage reads.
    pub fn text(&self) -> &str {
        &self.normalized.text
    }

    /// The bytes of the normalized text from the start of token `r.start` to the end of token
    /// `r.end - 1` (`r` must not be empty): a span of tokens as a span of text.
    pub fn token_bytes(&self, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.tokens[r.start].range.start..self.tokens[r.end - 1].range.end
    }

    /// The tokens that lie wholly inside byte range `r` of the normalized text, as a range of
    /// token indices (empty when none does): the inverse of [`Doc::token_bytes`]. Tokens are
    /// sorted and disjoint, so two binary searches find them.
    pub fn tokens_within(&self, r: &std::ops::Range<usize>) -> std::ops::Range<usize> {
        let lo = self.tokens.partition_point(|t| t.range.start < r.start);
        let hi = self.tokens.partition_point(|t| t.range.end <= r.end);
        lo..hi.max(lo)
    }

    /// Whether normalized byte `b` lies in text the Persian stages skip: site furniture or a
    /// sentence in another script. (A binary search: stages ask once per sentence.)
    pub fn skipped(&self, b: usize) -> bool {
        let i = self.skipped.partition_point(|r| r.end <= b);
        self.skipped.get(i).is_some_and(|r| r.contains(&b))
    }
}

/// A sentence written in another script: letters, none of them Arabic-script. (One of
/// digits and signs alone, a dateline `۱۴۰۲/۰۵/۱۲`, is still read.)
fn foreign_sentence(s: &str) -> bool {
    let mut letters = false;
    for c in s.chars() {
        // (Persian letters and digits told without the Unicode tables.)
        if segment::is_common_arabic_letter(c) {
            return false;
        }
        if matches!(c, '۰'..='۹' | '٠'..='٩') || !c.is_alphabetic() {
            continue;
        }
        if normalize::chars::is_arabic_letter(c) {
            return false;
        }
        letters = true;
    }
    letters
}

/// The ranges [`Doc::skipped`] answers from, sorted and merged.
fn skipped_ranges(
    text: &str,
    sentences: &[Sentence],
    boilerplate: &[boilerplate::Region],
) -> Vec<std::ops::Range<usize>> {
    let mut ranges: Vec<std::ops::Range<usize>> = boilerplate
        .iter()
        .map(|r| r.range.clone())
        .chain(
            sentences
                .iter()
                .filter(|s| foreign_sentence(&text[s.range.clone()]))
                .map(|s| s.range.clone()),
        )
        .filter(|r| !r.is_empty())
        .collect();
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<std::ops::Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(m) if r.start <= m.end => m.end = m.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}
