//! Quotes: who said what.
//!
//! First version: the colon convention of Persian agency copy, `SPEAKER … CUE: CONTENT`, with
//! the content running to the end of the line. The interface is what later versions keep:
//! [`extract`] takes the document and its entities and returns quotes as spans over the
//! normalized text.

use crate::entities::{Entities, EntityType};
use crate::lexicon;
use crate::Doc;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// How the speaker's words are given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// The speaker's own words (after `گفت:`, inside «»).
    Direct,
    /// Reported content (a که-clause, `X را Y دانست`).
    Indirect,
    /// Reported content with a quoted fragment inside.
    Mixed,
}

/// One reported-speech event.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    pub kind: QuoteKind,
    pub content: Range<usize>,
    pub cue: Option<Range<usize>>,
    pub speaker: Option<Range<usize>>,
    /// Canonical name of the speaker (without titles) when the text names the person.
    pub speaker_name: Option<String>,
    /// Index of the speaker's entity cluster.
    pub cluster: Option<usize>,
    /// 0..1: how sure the extractor is.
    pub confidence: f32,
}

/// Finds quotes in `doc`.
pub fn extract(doc: &Doc, ents: &Entities) -> Vec<Quote> {
    let text = doc.text();
    let cues: Vec<&str> = lexicon::cues()
        .filter(|(k, _)| *k == "colon")
        .map(|(_, c)| c)
        .collect();
    let mut out = Vec::new();
    for s in &doc.sentences {
        if doc.in_boilerplate(s.range.start) {
            continue;
        }
        let sent = &text[s.range.clone()];
        let Some(colon) = sent.find(':') else {
            continue;
        };
        let before = sent[..colon].trim_end();
        let Some(cue) = cues
            .iter()
            .filter(|c| before.ends_with(*c))
            .max_by_key(|c| c.len())
        else {
            continue;
        };
        let cue_start = s.range.start + before.len() - cue.len();
        if cue_start > s.range.start
            && text[..cue_start]
                .chars()
                .next_back()
                .is_some_and(crate::segment::is_word_char)
        {
            continue;
        }
        let cue_range = cue_start..s.range.start + before.len();
        // Content: from after the colon to the end of the line.
        let after = s.range.start + colon + 1;
        let line_end = text[after..].find('\n').map_or(text.len(), |i| after + i);
        let content_text = &text[after..line_end];
        let lead = content_text.len() - content_text.trim_start().len();
        let content = after + lead..after + content_text.trim_end().len();
        if content.is_empty() {
            continue;
        }
        let speaker =
            (cue_start > s.range.start).then(|| s.range.start..text[..cue_start].trim_end().len());
        let (speaker_name, cluster) = speaker
            .as_ref()
            .and_then(|sp| resolve(ents, sp))
            .map_or((None, None), |(n, c)| (Some(n), Some(c)));
        out.push(Quote {
            kind: QuoteKind::Direct,
            content,
            cue: Some(cue_range),
            speaker,
            speaker_name,
            cluster,
            confidence: 0.8,
        });
    }
    out
}

/// The person cluster of the first mention inside the speaker span.
fn resolve(ents: &Entities, sp: &Range<usize>) -> Option<(String, usize)> {
    ents.mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.range.start >= sp.start && m.range.end <= sp.end)
        .find_map(|(i, _)| ents.cluster_of[i])
        .filter(|&c| ents.clusters[c].kind == EntityType::Per)
        .map(|c| (ents.clusters[c].canonical.clone(), c))
}
