//! Quotes: who said what.
//!
//! Persian agency copy attributes speech in a few formulaic shapes, and this stage reads them
//! with rules over the normalized text, the cue lists in `data/quotes/` and the entities:
//!
//! - **colon**: `SPEAKER … گفت: CONTENT` (with or without «»); the content runs to the end of
//!   the sentence and carries on over the next sentences of the paragraph until a new
//!   attribution or a journalist's aside (`گفتنی است`, `به گزارش`);
//! - **guillemet**: `گفت «…»`, `«…»، وی گفت.`, an unclosed « runs to the paragraph end;
//! - **headline**: `مادورو: …` on the title line;
//! - **indirect**: `گفت که …`, `گفت …` (bare clause), `X را Y دانست/خواند/توصیف کرد`,
//!   `از Z خواست …`, `خواستار … شد`, `با بیان اینکه …،`, `به گفته X، …`; with a «» fragment
//!   inside, the quote is mixed.
//!
//! The speaker is the subject at the start of the clause of the cue (after provenance such as
//! `به گزارش X،` and fronted adverbials), cut at prepositions, time adverbs, `نیز`/`هم` and
//! relative `که`; coordinated verbs share it. It is then resolved to a name: titles dropped,
//! a surname extended to the full name used elsewhere in the text, a role to the person the
//! next sentences name (the lead convention of news copy) or the entity cluster it belongs
//! to, a pronoun or `این X` to the last speaker. The stage uses the entities when they help but
//! reads the text itself, so a weak entity pass costs little.

mod content;
mod lex;
mod shapes;
mod speaker;
mod subject;

use crate::entities::Entities;
use crate::Doc;
use lex::{cues_in, find_cues, CueKind, CueMatch, Toks};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
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
    /// 0..1: how sure the extractor is. At or above [`CERTAIN`] the shape and the speaker
    /// are both clear; below it the quote is a possible one (a bare clause, a headline
    /// without a cue, a speaker left unresolved).
    pub confidence: f32,
    /// 0..1: how sure `speaker_name` is (0 when there is none): 0.9 a name the text marks
    /// (a person mention, a title, a given name), the entity resolver's link score for an
    /// office, 0.85 an office resolved by an earlier quote or an apposition, 0.6–0.65 a link
    /// through the lead convention, the last speaker or a body's spokesperson; a pronoun
    /// takes 0.9 × its antecedent's. Under [`CERTAIN`] the name is uncertain.
    pub speaker_score: f32,
    /// The surface construction: `colon`, `guillemet`, `guillemet-unclosed`, `headline`,
    /// `ke-clause`, `bare-clause`, `ra-verb`, `khast`, `khastar-shod`, `ba-bayan-inke`,
    /// `be-gofte`, `doc` (names as in the project's quote gold schema).
    pub form: &'static str,
}

/// Confidence from which a quote counts as certain.
pub const CERTAIN: f32 = 0.75;

/// A quote before its speaker is resolved.
#[derive(Clone, Debug)]
pub(crate) struct Raw {
    pub kind: QuoteKind,
    pub form: &'static str,
    pub content: Range<usize>,
    pub cue: Option<Range<usize>>,
    /// Token range of the speaker phrase.
    pub speaker: Option<Range<usize>>,
    pub confidence: f32,
    pub sent: usize,
}

/// Finds quotes in `doc`.
pub fn extract(doc: &Doc, ents: &Entities) -> Vec<Quote> {
    if doc.tokens.is_empty() {
        return Vec::new();
    }
    let toks = Toks::new(doc);
    let cues = find_cues(&toks);
    let mut x = Extractor {
        doc,
        toks: &toks,
        cues: &cues,
        ents,
        covered: Ranges::default(),
        nested: false,
        out: Vec::new(),
        found: Ranges::default(),
    };
    for si in 0..doc.sentences.len() {
        x.sentence(si);
    }
    let mut raws = x.out;
    raws.sort_by_key(|r| r.cue.as_ref().map_or(r.content.start, |c| c.start));
    speaker::resolve(doc, &toks, &cues, ents, raws)
}

struct Extractor<'a> {
    doc: &'a Doc<'a>,
    toks: &'a Toks,
    cues: &'a [CueMatch],
    ents: &'a Entities,
    /// Byte ranges of direct content found so far: cues inside are the speaker's own words.
    covered: Ranges,
    /// Whether the cue being read lies inside direct content.
    nested: bool,
    out: Vec<Raw>,
    /// The contents of `out`, indexed.
    found: Ranges,
}

/// Byte ranges added one by one and asked which of them overlap a range: indexed by start,
/// with the longest range seen bounding how far back to look, so that a question about one
/// cue does not read every quote of the document.
#[derive(Default)]
struct Ranges {
    by_start: BTreeMap<usize, Vec<(Range<usize>, usize)>>,
    max_len: usize,
}

impl Ranges {
    fn insert(&mut self, r: Range<usize>, item: usize) {
        self.max_len = self.max_len.max(r.len());
        self.by_start.entry(r.start).or_default().push((r, item));
    }

    /// The ranges (with their items) that overlap `r`, or for an empty `r` hold `r.start`.
    fn overlapping(&self, r: Range<usize>) -> impl Iterator<Item = &(Range<usize>, usize)> {
        let hi = r.end.max(r.start + 1);
        self.by_start
            .range(r.start.saturating_sub(self.max_len)..hi)
            .flat_map(|(_, v)| v)
            .filter(move |(x, _)| x.start < hi && r.start < x.end)
    }
}

fn is_open_quote(s: &str) -> bool {
    matches!(s, "«" | "\"" | "“" | "„")
}

fn closing_for(open: &str) -> &'static str {
    match open {
        "«" => "»",
        "“" | "„" => "”",
        _ => "\"",
    }
}

fn is_end_punct(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "؟" | "…")
}

impl<'a> Extractor<'a> {
    fn text(&self) -> &'a str {
        self.doc.text()
    }
    fn tok(&self, i: usize) -> &'a str {
        &self.doc.text()[self.doc.tokens[i].range.clone()]
    }
    fn tr(&self, i: usize) -> Range<usize> {
        self.doc.tokens[i].range.clone()
    }

    fn push(&mut self, mut r: Raw) {
        let text = self.text();
        r.content = trim_span(text, r.content.clone());
        if r.content.is_empty() {
            return;
        }
        // At least two words of content.
        if text[r.content.clone()]
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .nth(1)
            .is_none()
        {
            return;
        }
        if r.kind == QuoteKind::Indirect
            && text[r.content.clone()].contains(['«', '"', '“', '»', '”'])
        {
            r.kind = QuoteKind::Mixed;
        }
        // Two readings of one region are one quote; a quote whose cue lies inside another's
        // content is a nested quote and is kept.
        let inside = |cue: &Option<Range<usize>>, c: &Range<usize>| {
            cue.as_ref().is_some_and(|q| c.contains(&q.start))
        };
        if self.found.overlapping(r.content.clone()).any(|(_, k)| {
            let o = &self.out[*k];
            !inside(&r.cue, &o.content) && !inside(&o.cue, &r.content)
        }) {
            return;
        }
        if r.kind == QuoteKind::Direct {
            self.covered.insert(r.content.clone(), self.out.len());
        }
        self.found.insert(r.content.clone(), self.out.len());
        self.out.push(r);
    }

    fn sentence(&mut self, si: usize) {
        let doc = self.doc;
        let s = &doc.sentences[si];
        if doc.skipped(s.range.start) {
            return;
        }
        let ms: Vec<&CueMatch> = cues_in(self.cues, s.tokens.clone())
            .iter()
            .filter(|m| m.is_cue())
            .collect();
        if (si == 0 || (s.paragraph == 0 && si < 2)) && self.headline(si, &ms) {
            return;
        }
        for m in ms {
            // Inside a direct quote the speaker may report someone else's words; only the
            // clear shapes count there (see `say`). A quote inside a quote inside a quote is
            // no shape of news copy: read as one, `گفت: گفت: گفت: …` would nest a quote at
            // every cue, each holding the rest of the sentence (output the square of the
            // input), so a cue inside two direct quotes starts none.
            let at = self.tr(m.start).start;
            let depth = self.covered.overlapping(at..at).take(2).count();
            if depth > 1 {
                continue;
            }
            self.nested = depth == 1;
            let k = &m.kinds;
            if self.nested && !k.contains(&CueKind::Say) {
                continue;
            }
            if k.contains(&CueKind::Sub) {
                self.sub(si, m);
            } else if k.contains(&CueKind::Source) {
                self.source(si, m);
            } else if k.contains(&CueKind::Wish) {
                self.wish(si, m);
            } else if k.contains(&CueKind::Ask) {
                self.ask(si, m);
            } else if k.contains(&CueKind::Claim) {
                self.claim(si, m);
            } else if k.contains(&CueKind::JudgeAz) {
                self.judge_az(si, m);
            } else if k.contains(&CueKind::DocCue) {
                self.say(si, m, true);
            } else if k.contains(&CueKind::Say) || k.contains(&CueKind::Judge) {
                self.say(si, m, false);
            }
        }
    }
}

/// Trims whitespace, ZWNJ and bidi marks, and quote marks that do not belong to a quotation
/// inside the span.
pub(crate) fn trim_span(text: &str, r: Range<usize>) -> Range<usize> {
    if r.start >= r.end || r.end > text.len() {
        return r.start..r.start;
    }
    let s = &text[r.clone()];
    let is_trim = |c: char| c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{FEFF}');
    let lead = s.len() - s.trim_start_matches(is_trim).len();
    let body = s.trim_start_matches(is_trim).trim_end_matches(is_trim);
    r.start + lead..r.start + lead + body.len()
}

#[cfg(test)]
mod tests {
    use super::lex::fold;

    #[test]
    fn fold_ignores_spacing_and_letter_variants() {
        assert_eq!(fold("می گوید"), fold("می‌گوید"));
        assert_eq!(fold("میگوید"), fold("می‌گوید"));
        assert_eq!(fold("تأکید"), fold("تاکید"));
        assert_eq!(fold("رئيس"), fold("رییس"));
        assert_ne!(fold("گفت"), fold("گفته"));
    }
}
