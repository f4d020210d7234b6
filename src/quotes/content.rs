//! Where a quote's content ends: the sentence body, a coordinated new attribution, the
//! paragraph's following sentences, a quotation's closing mark.

use super::lex::{cues_in, CueKind, WordKind};
use super::{closing_for, is_end_punct, Extractor};
use std::ops::Range;

impl Extractor<'_> {
    /// Token index just past the last token of sentence `si`, without its final marks.
    pub(super) fn sentence_body_end(&self, si: usize) -> usize {
        let s = &self.doc.sentences[si];
        let mut e = s.tokens.end;
        while e > s.tokens.start && !self.toks.is_word[e - 1] {
            let t = self.tok(e - 1);
            if is_end_punct(t) || matches!(t, "»" | "\"" | "”" | ")" | "،" | ":" | "؛") {
                // keep a closing mark when its opening is inside the sentence
                if matches!(t, "»" | "\"" | "”") && self.opens_in(si, e - 1) {
                    break;
                }
                e -= 1;
            } else {
                break;
            }
        }
        e
    }

    pub(super) fn opens_in(&self, si: usize, close: usize) -> bool {
        let s = &self.doc.sentences[si];
        let c = self.tok(close);
        (s.tokens.start..close).any(|j| {
            let t = self.tok(j);
            (c == "»" && t == "«")
                || (c == "\"" && t == "\"" && j != close)
                || (c == "”" && t == "“")
        })
    }

    /// End (byte) of content that starts at token `from` in sentence `si`: the sentence end,
    /// or the point where a coordinated new attribution (`و افزود: …`) starts.
    pub(super) fn content_end(&self, si: usize, from: usize) -> usize {
        let e = self.sentence_body_end(si);
        // The last comma in `from..scanned`, advanced with the cues (not searched again for
        // each cue: a sentence of many colon cues would cost their square).
        let (mut last_comma, mut scanned) = (None, from);
        let stop = cues_in(self.cues, from + 1..e)
            .iter()
            .filter(|m| m.is_cue())
            .find_map(|m| {
                let prev = m.start.checked_sub(1)?;
                let colon_next = m.end < e && self.tok(m.end) == ":";
                if m.has(CueKind::Say) && colon_next && self.toks.folded[prev] != "و" {
                    // «با بیان اینکه … ادعا می‌کنند …، افزود: …»: a colon cue closes the
                    // clause; the content ends at the last comma before it.
                    while scanned < m.start {
                        if matches!(self.tok(scanned), "،" | ",") {
                            last_comma = Some(scanned);
                        }
                        scanned += 1;
                    }
                    return last_comma;
                }
                if self.toks.folded[prev] == "و" && m.has(CueKind::Say) {
                    // «… و افزود: …»: the first content ends before «و».
                    let next_colon = m.end < e && self.tok(m.end) == ":";
                    let next_ke = m.end < e && self.toks.folded[m.end] == "که";
                    (next_colon || next_ke).then_some(prev)
                } else {
                    None
                }
            });
        let last = stop.unwrap_or(e);
        if last == 0 || last <= from {
            return self.tr(from).start;
        }
        self.tr(last - 1).end
    }

    /// Extends a colon quote over following sentences of the same paragraph that carry no
    /// attribution of their own.
    pub(super) fn continuation(&self, si: usize, mut end: usize) -> usize {
        let doc = self.doc;
        let para = doc.sentences[si].paragraph;
        let mut k = si + 1;
        while k < doc.sentences.len() && doc.sentences[k].paragraph == para {
            let s = &doc.sentences[k];
            if doc.skipped(s.range.start) {
                break;
            }
            let has_cue = cues_in(self.cues, s.tokens.clone())
                .iter()
                .any(|m| m.is_cue() || m.has(CueKind::Aside));
            let first = (s.tokens.start..s.tokens.end).find(|&j| self.toks.is_word[j]);
            let narrative = first.is_some_and(|f| {
                self.toks
                    .word_at(f, s.tokens.end, WordKind::StopCont)
                    .is_some()
            });
            if has_cue || narrative || first.is_none() {
                break;
            }
            let e = self.sentence_body_end(k);
            if e > s.tokens.start {
                end = self.tr(e - 1).end;
            }
            k += 1;
        }
        end
    }

    /// Content inside quote marks opening at token `open`: to the matching closing mark in
    /// the same paragraph, else (unclosed) to the paragraph end.
    pub(super) fn quoted(&self, open: usize) -> (Range<usize>, bool) {
        let text = self.text();
        let o = self.tok(open);
        let close = closing_for(o);
        let start = self.tr(open).end;
        let para_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let mut depth = 0usize;
        let mut j = open + 1;
        while j < self.doc.tokens.len() && self.tr(j).start < para_end {
            let t = self.tok(j);
            if t == close && (depth == 0 || close == "\"") {
                return (start..self.tr(j).start, true);
            } else if t == close {
                depth -= 1;
            } else if t == o && o != "\"" {
                depth += 1;
            }
            j += 1;
        }
        (start..para_end, false)
    }
}
