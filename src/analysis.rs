//! The result schema: one serde [`Analysis`] for every face (Rust, CLI JSON, JavaScript).
//!
//! Offsets are in the unit the caller chose ([`OffsetUnit`]): code points by default (the CLI,
//! the scorers), UTF-16 code units in JavaScript. Every span carries its `start`/`end` in the
//! original text, the original `text` it covers, and `norm_start`/`norm_end` in the
//! normalized text, so a page can highlight either view.

use crate::document::{Alignment, EditKind, OffsetUnit, UnitMap};
use crate::entities::{self, EntityType, Source};
use crate::input::{check_input, InputError};
use crate::normalize::{NormOptions, Normalized};
use crate::quotes::{self, QuoteKind};
use crate::Doc;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The version of this schema; bumped on any change a consumer could notice.
pub const SCHEMA_VERSION: u32 = 1;

/// Options of [`analyze`]. Unknown keys are refused (a misspelt `no_quote` must not be
/// silently ignored), with a message naming the key.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    pub normalize: NormOptions,
    pub offsets: OffsetUnit,
    /// Skip entity recognition (quotes then have no resolved speaker names).
    pub no_entities: bool,
    /// Skip quote extraction.
    pub no_quotes: bool,
}

/// A span of the text in both coordinates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Start in the original text.
    pub start: usize,
    /// End (exclusive) in the original text.
    pub end: usize,
    /// The original text of the span.
    pub text: String,
    pub norm_start: usize,
    pub norm_end: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditOut {
    pub kind: EditKind,
    pub start: usize,
    pub end: usize,
    /// The original text that was replaced (empty for an insertion).
    pub original: String,
    pub replacement: String,
    pub norm_start: usize,
    pub norm_end: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentenceOut {
    #[serde(flatten)]
    pub span: Span,
    pub paragraph: usize,
    pub tokens: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityOut {
    pub id: usize,
    #[serde(rename = "type")]
    pub kind: EntityType,
    #[serde(flatten)]
    pub span: Span,
    pub source: Source,
    /// 0..1, rounded to three decimals.
    pub score: f64,
    pub cluster: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterOut {
    pub id: usize,
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub canonical: String,
    /// Entity ids, in text order.
    pub mentions: Vec<usize>,
    /// Per mention (same order): how sure its link to this cluster is, 0..1 rounded to three
    /// decimals; 1 for the mention that opens the cluster (an apposition is 0.95, an office
    /// or a surname matched to a unique person 0.8–0.9, a link through salience or the lead
    /// convention 0.5–0.7). The page shows links under 0.75 as uncertain.
    pub link_scores: Vec<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuoteOut {
    pub id: usize,
    pub kind: QuoteKind,
    /// The surface construction (`colon`, `guillemet`, `ke-clause`, `ra-verb` …).
    pub form: String,
    pub content: Span,
    pub cue: Option<Span>,
    pub speaker: Option<Span>,
    pub speaker_name: Option<String>,
    pub cluster: Option<usize>,
    /// 0..1, rounded to three decimals.
    pub confidence: f64,
    /// `confidence` ≥ [`quotes::CERTAIN`] (0.75): the one threshold every face shows as
    /// "certain", carried here so that no consumer keeps a copy of the number.
    pub certain: bool,
    /// 0..1, rounded to three decimals: how sure `speaker_name` is (0 without one); under
    /// 0.75 the page shows the name as uncertain.
    pub speaker_score: f64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoilerplateOut {
    #[serde(flatten)]
    pub span: Span,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub code: String,
    pub message: String,
}

/// Everything Negah found in one text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub schema_version: u32,
    pub offsets: OffsetUnit,
    pub text: String,
    pub normalized: String,
    pub edits: Vec<EditOut>,
    pub sentences: Vec<SentenceOut>,
    pub entities: Vec<EntityOut>,
    pub clusters: Vec<ClusterOut>,
    pub quotes: Vec<QuoteOut>,
    pub boilerplate: Vec<BoilerplateOut>,
    pub warnings: Vec<Warning>,
}

/// Rounds a score for output: `f32` noise (0.699999988) means nothing to a reader and shows
/// up in JavaScript, where numbers are `f64`.
fn round3(x: f32) -> f64 {
    (x as f64 * 1000.0).round() / 1000.0
}

/// Converts byte spans of the normalized text into [`Span`]s.
struct Spans<'d, 'a> {
    doc: &'d Doc<'a>,
    orig: UnitMap<'a>,
    norm: UnitMap<'d>,
}

impl Spans<'_, '_> {
    fn span(&self, r: &Range<usize>) -> Span {
        let o = self.doc.alignment.span_to_original(r);
        Span {
            start: self.orig.get(o.start),
            end: self.orig.get(o.end),
            text: self.doc.original[o].to_string(),
            norm_start: self.norm.get(r.start),
            norm_end: self.norm.get(r.end),
        }
    }
}

/// `None` when `text` may be Persian; otherwise what it looks like instead. Persian is told
/// from Arabic by the letters only Persian has (پ چ ژ گ, and ی ک in their Persian code
/// points) against those only Arabic writes (ي ك ة ى): a Persian text typed on an Arabic
/// keyboard still has گ or پ somewhere, and a short one with neither set passes as Persian.
fn language(text: &str) -> Option<&'static str> {
    let (mut arabic_script, mut persian, mut arabic, mut other) = (false, false, false, false);
    for c in text.chars() {
        match c {
            'پ' | 'چ' | 'ژ' | 'گ' | '\u{06CC}' | '\u{06A9}' => persian = true,
            'ي' | 'ك' | 'ة' | 'ى' => arabic = true,
            _ => {}
        }
        if crate::normalize::chars::is_arabic_letter(c) {
            arabic_script = true;
        } else if c.is_alphabetic() {
            other = true;
        }
        if persian {
            return None;
        }
    }
    match (arabic_script, arabic, other) {
        (true, true, _) => Some("it looks like Arabic"),
        (false, _, true) => Some("it is in another script"),
        _ => None,
    }
}

/// Analyzes `text` after [`check_input`]; the faces call this.
pub fn try_analyze(text: &str, opts: &Options) -> Result<Analysis, InputError> {
    check_input(text)?;
    Ok(analyze(text, opts))
}

/// The normalizer's edits in the schema's terms: offsets in the caller's unit, with the
/// original text each one replaced.
fn edits_out(
    text: &str,
    normalized: &Normalized,
    alignment: &Alignment,
    orig: &UnitMap,
    norm: &UnitMap,
) -> Vec<EditOut> {
    normalized
        .edits
        .iter()
        .zip(alignment.pairs())
        .map(|(e, (o, n))| EditOut {
            kind: e.kind,
            start: orig.get(o.start),
            end: orig.get(o.end),
            original: text[o.clone()].to_string(),
            replacement: e.replacement.clone(),
            norm_start: norm.get(n.start),
            norm_end: norm.get(n.end),
        })
        .collect()
}

/// The normalized text and its edits, as [`analyze`] reports them, without segmenting the
/// text or running any later stage: what the JS `normalize` returns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NormalizedOut {
    pub text: String,
    pub edits: Vec<EditOut>,
    /// What the caller should know about the input (the faces add theirs).
    pub warnings: Vec<Warning>,
}

/// Normalizes `text` and reports the edits with offsets in `unit`. Equal to the `normalized`
/// and `edits` of [`analyze`] with the same normalizer options.
pub fn normalize_out(text: &str, opts: &NormOptions, unit: OffsetUnit) -> NormalizedOut {
    let normalized = crate::normalize::normalize(text, opts);
    let alignment = Alignment::new(&normalized.edits);
    let edits = edits_out(
        text,
        &normalized,
        &alignment,
        &UnitMap::new(text, unit),
        &UnitMap::new(&normalized.text, unit),
    );
    NormalizedOut {
        text: normalized.text,
        edits,
        warnings: Vec::new(),
    }
}

/// Analyzes `text`. Never fails: a binary or huge text is analyzed as it is (see
/// [`try_analyze`] for the checked form).
pub fn analyze(text: &str, opts: &Options) -> Analysis {
    let language = language(text);
    // Entities and quotes need Persian, and words or numbers: a text of signs alone (a page
    // of punctuation) has none to find.
    let persian = language.is_none() && text.chars().any(char::is_alphanumeric);
    let doc = Doc::new(text, &opts.normalize);
    let spans = Spans {
        doc: &doc,
        orig: UnitMap::new(text, opts.offsets),
        norm: UnitMap::new(doc.text(), opts.offsets),
    };
    let ents = if opts.no_entities || !persian {
        entities::Entities::default()
    } else {
        entities::recognize(&doc)
    };
    let quotes = if opts.no_quotes || !persian {
        Vec::new()
    } else {
        quotes::extract(&doc, &ents)
    };

    let edits = edits_out(
        text,
        &doc.normalized,
        &doc.alignment,
        &spans.orig,
        &spans.norm,
    );

    let mut warnings = Vec::new();
    if let Some(what) = language {
        warnings.push(Warning {
            code: "not-persian".into(),
            message: format!(
                "the text has no Persian letters ({what}): Negah analyzes Persian, so entities and quotes were not looked for"
            ),
        });
    }
    if text.contains('\u{FFFD}') {
        warnings.push(Warning {
            code: "replacement-char".into(),
            message: "the text contains U+FFFD replacement characters: it may have been decoded with the wrong encoding".into(),
        });
    }

    Analysis {
        schema_version: SCHEMA_VERSION,
        offsets: opts.offsets,
        text: text.to_string(),
        normalized: doc.text().to_string(),
        edits,
        sentences: doc
            .sentences
            .iter()
            .map(|s| SentenceOut {
                span: spans.span(&s.range),
                paragraph: s.paragraph,
                tokens: s.tokens.len(),
            })
            .collect(),
        entities: ents
            .mentions
            .iter()
            .enumerate()
            .map(|(i, m)| EntityOut {
                id: i,
                kind: m.kind,
                span: spans.span(&m.range),
                source: m.source,
                score: round3(m.score),
                cluster: ents.cluster_of[i],
            })
            .collect(),
        clusters: ents
            .clusters
            .iter()
            .enumerate()
            .map(|(i, c)| ClusterOut {
                id: i,
                kind: c.kind,
                canonical: c.canonical.clone(),
                mentions: c.mentions.clone(),
                link_scores: c
                    .mentions
                    .iter()
                    .map(|&m| round3(ents.link_score.get(m).copied().unwrap_or(1.0)))
                    .collect(),
            })
            .collect(),
        quotes: quotes
            .iter()
            .enumerate()
            .map(|(i, q)| QuoteOut {
                id: i,
                kind: q.kind,
                form: q.form.to_string(),
                content: spans.span(&q.content),
                cue: q.cue.as_ref().map(|r| spans.span(r)),
                speaker: q.speaker.as_ref().map(|r| spans.span(r)),
                speaker_name: q.speaker_name.clone(),
                cluster: q.cluster,
                confidence: round3(q.confidence),
                certain: q.confidence >= quotes::CERTAIN,
                speaker_score: round3(q.speaker_score),
            })
            .collect(),
        boilerplate: doc
            .boilerplate
            .iter()
            .map(|b| BoilerplateOut {
                span: spans.span(&b.range),
                label: b.label.clone(),
            })
            .collect(),
        warnings,
    }
}
