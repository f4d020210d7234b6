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
pub mod boilerplate;
pub mod document;
pub mod entities;
pub mod input;
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
        Doc {
            original,
            normalized,
            alignment,
            tokens,
            sentences,
            boilerplate,
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

    /// Whether normalized byte `b` lies in site furniture.
    pub fn in_boilerplate(&self, b: usize) -> bool {
        self.boilerplate.iter().any(|r| r.range.contains(&b))
    }
}
