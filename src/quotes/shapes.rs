//! The attribution shapes, one reader per cue kind: `say` (colon, guillemet and indirect
//! speech), claims, `X را Y دانست`, subordinate and source cues, questions, wishes and
//! headlines.

use super::lex::{cues_in, CueKind, CueMatch, WordKind};
use super::{is_open_quote, Extractor, QuoteKind, Raw};
use std::ops::Range;

impl Extractor<'_> {
    pub(super) fn say(&mut self, si: usize, m: &CueMatch, doc_cue: bool) {
        let s = &self.doc.sentences[si];
        let e = s.tokens.end;
        let a = m.end;
        let begin = self.clause_start(si, m.start);
        let cue = Some(self.doc.token_bytes(m.start..m.end));
        let speaker = if doc_cue {
            self.doc_speaker(begin, m.start)
        } else {
            self.speaker_before(si, begin, m.start)
        };
        let is_say = m.has(CueKind::Say) || doc_cue;
        let next = (a < e).then(|| self.tok(a));
        // A bare perfect participle (گفته، نوشته) is a verb only when a clause follows it
        // with «که», a colon or a quotation; else it is a noun («به نوشتهٔ», «گفته‌های»).
        let last = &self.toks.folded[m.end - 1];
        if last.ends_with('ه')
            && !next.is_some_and(|n| n == ":" || is_open_quote(n) || self.toks.folded[a] == "که")
        {
            return;
        }
        let mut raw = Raw {
            kind: QuoteKind::Direct,
            form: "colon",
            content: 0..0,
            cue,
            speaker: speaker.clone(),
            confidence: 0.9,
            sent: si,
        };
        if self.nested {
            // A quote inside a quote: only with a subject of its own and a colon, quotation
            // marks or «که» after the verb.
            let clear =
                next.is_some_and(|n| n == ":" || is_open_quote(n) || self.toks.folded[a] == "که");
            if raw.speaker.is_none() || !clear {
                return;
            }
            raw.confidence = 0.7;
        }
        if doc_cue && raw.speaker.is_none() {
            // «در اطلاعیه آمده است: …»: a document without a named author.
            raw.confidence = 0.6;
        }
        if is_say && next == Some(":") {
            // Colon quote, possibly with the words inside quote marks.
            let c = a + 1;
            if c < self.doc.tokens.len() && is_open_quote(self.tok(c)) {
                // «گفت: «…»» closed mid-sentence with more words after it: a mixed line.
                self.push_quoted(raw, c);
                return;
            }
            if c >= e {
                return;
            }
            let end = self.content_end(si, c);
            let end = if end == self.tr(self.sentence_body_end(si).max(c + 1) - 1).end {
                self.continuation(si, end)
            } else {
                end
            };
            raw.content = self.tr(c).start..end;
            self.push(raw);
            return;
        }
        if !is_say && !m.has(CueKind::Judge) {
            return;
        }
        if is_say {
            if next.is_some() {
                let ke = self.toks.folded[a] == "که";
                let q = if ke { a + 1 } else { a };
                if q < e && is_open_quote(self.tok(q)) {
                    self.push_quoted(raw, q);
                    return;
                }
                let words_after = (q..e).filter(|&j| self.toks.is_word[j]).count();
                let coord = matches!(self.toks.folded[a].as_str(), "و" | "اما" | "ولی" | "تا");
                if ke && words_after >= 2 {
                    raw.kind = QuoteKind::Indirect;
                    raw.form = "ke-clause";
                    raw.content = self.tr(q).start..self.content_end(si, q);
                    raw.confidence = 0.85;
                    self.push(raw);
                    return;
                }
                // A bare clause after the verb («گفت توافق … است»), but not after a comma
                // (the clause of the verb has ended) nor in an adverbial clause
                // («وقتی X اعلام کرد …»).
                let start = a;
                let subordinate = self
                    .toks
                    .word_at(begin, m.start, WordKind::Subordinator)
                    .is_some();
                // …and only with a subject: «می‌گویند …» without one is hearsay.
                if self.toks.is_word[a]
                    && !coord
                    && !subordinate
                    && words_after >= 3
                    && raw.speaker.is_some()
                {
                    raw.kind = QuoteKind::Indirect;
                    raw.form = "bare-clause";
                    raw.content = self.tr(start).start..self.content_end(si, start);
                    raw.confidence = 0.6;
                    self.push(raw);
                    return;
                }
            }
            // Cue closing its clause: «…»، وی گفت.
            if let Some(content) = self.quote_before(si, begin) {
                raw.form = "guillemet";
                raw.content = content;
                self.push(raw);
                return;
            }
        }
        if m.has(CueKind::Judge) {
            self.judge(si, m, begin, speaker);
        }
    }

    /// Pushes `raw` with the words inside the quotation marks that open at token `open` as
    /// its content (`guillemet`, or `guillemet-unclosed` when no mark closes them).
    fn push_quoted(&mut self, mut raw: Raw, open: usize) {
        let (content, closed) = self.quoted(open);
        raw.form = if closed {
            "guillemet"
        } else {
            "guillemet-unclosed"
        };
        raw.content = content;
        self.push(raw);
    }

    /// «…»، X گفت: the quotation that ends just before the clause of the cue.
    pub(super) fn quote_before(&self, si: usize, begin: usize) -> Option<Range<usize>> {
        let s = &self.doc.sentences[si];
        // The closing mark is the token before the clause (after an optional comma), or the
        // clause itself opens with a quotation that closes before the cue.
        let mut c = begin;
        while c > s.tokens.start.saturating_sub(1) && c > 0 {
            let t = self.tok(c - 1);
            if t == "،" || t == "," {
                c -= 1;
                continue;
            }
            if matches!(t, "»" | "\"" | "”") {
                let close = c - 1;
                // find the opening mark backwards in the paragraph
                let open_mark = match t {
                    "»" => "«",
                    "”" => "“",
                    _ => "\"",
                };
                let para = self.doc.sentences[self.toks.sent[close]].paragraph;
                let mut j = close;
                while j > 0 {
                    j -= 1;
                    if self.doc.sentences[self.toks.sent[j]].paragraph != para {
                        return None;
                    }
                    if self.tok(j) == open_mark {
                        return Some(self.tr(j).end..self.tr(close).start);
                    }
                }
                return None;
            }
            break;
        }
        self.real_quote(begin)
    }

    /// The speaker of a cue whose clause starts at `begin`; a clause opening with a quotation
    /// has its speaker after the closing mark.
    pub(super) fn speaker_before(
        &self,
        si: usize,
        begin: usize,
        cue: usize,
    ) -> Option<Range<usize>> {
        let mut b = begin;
        if b < cue {
            if let Some(r) = self.real_quote(b) {
                let after = self.doc.tokens.partition_point(|t| t.range.start <= r.end);
                if after == self.doc.tokens.len() {
                    return None;
                }
                b = after;
                while b < cue && !self.toks.is_word[b] {
                    b += 1;
                }
            }
        }
        if b >= cue {
            // The cue opens the sentence: an interviewer's question ended the sentence before
            // it («X در پاسخ به این سوال که …؟ گفت:»), so the subject opens the previous one.
            let s = &self.doc.sentences[si];
            let prev_is_question = si > 0
                && self.doc.sentences[si - 1]
                    .tokens
                    .clone()
                    .next_back()
                    .is_some_and(|t| matches!(self.tok(t), "؟" | "?"));
            if prev_is_question
                && (s.tokens.start..cue).all(|j| !self.toks.is_word[j])
                && self.doc.sentences[si - 1].paragraph == s.paragraph
            {
                let p = &self.doc.sentences[si - 1];
                let pb = self.clause_start(si - 1, p.tokens.end);
                return self.subject(pb, p.tokens.end);
            }
            return None;
        }
        self.subject(b, cue)
    }

    /// «در پیام X آمده است:»: the speaker is the possessor of the document noun.
    pub(super) fn doc_speaker(&self, begin: usize, cue: usize) -> Option<Range<usize>> {
        let d = (begin..cue).find(|&j| self.toks.is(j, WordKind::DocNoun))?;
        self.subject(d + 1, cue)
    }

    pub(super) fn judge(
        &mut self,
        si: usize,
        m: &CueMatch,
        begin: usize,
        speaker: Option<Range<usize>>,
    ) {
        let e = self.sentence_body_end(si);
        // The cue must close its clause.
        if m.end < e {
            let n = self.toks.folded[m.end].as_str();
            if !matches!(n, "و" | "،" | "," | "که" | "؛") {
                return;
            }
        }
        let Some(ra) = (begin..m.start)
            .rev()
            .find(|&j| self.toks.folded[j] == "را")
        else {
            return;
        };
        if !(ra + 1..m.start).any(|j| self.toks.is_word[j]) {
            return;
        }
        // «X را در کانال‌ها خواندند» (read), «X را با دقت دانست»: a complement that opens
        // with a place or manner preposition is not a predicate.
        if matches!(
            self.toks.folded[ra + 1].as_str(),
            "در" | "برای" | "با" | "بدون" | "طی" | "هنگام"
        ) && self
            .toks
            .word_at(ra + 1, m.start, WordKind::Discourse)
            .is_none()
        {
            return;
        }
        let mut start = speaker.as_ref().map_or(begin, |r| r.end);
        if let Some(c) = (start..ra)
            .rev()
            .find(|&j| matches!(self.tok(j), "،" | ","))
        {
            start = c + 1;
        }
        // Skip a fronted «با …»/«در …» adverbial without a comma: not knowable; keep it.
        while start < ra && !self.toks.is_word[start] && !is_open_quote(self.tok(start)) {
            start += 1;
        }
        if start >= ra {
            // The subject ran into the object (no boundary between them): keep the head of
            // the subject and three words, the rest is the object.
            let Some(sp) = &speaker else { return };
            let mut titles = 0;
            while let Some(l) = self.toks.word_at(sp.start + titles, ra, WordKind::Title) {
                titles += l;
            }
            let head = self
                .toks
                .word_at(sp.start + titles, ra, WordKind::Role)
                .unwrap_or(1);
            start = (sp.start + titles + head + 3).min(ra);
            if start >= ra {
                return;
            }
        }
        self.push(Raw {
            kind: QuoteKind::Indirect,
            form: "ra-verb",
            content: self.doc.token_bytes(start..m.start),
            cue: Some(self.doc.token_bytes(m.start..m.end)),
            speaker,
            confidence: 0.8,
            sent: si,
        });
    }

    /// «اظهارات X مبنی بر اینکه CLAUSE»: the possessor of the statement said the clause.
    pub(super) fn claim(&mut self, si: usize, m: &CueMatch) {
        let s = &self.doc.sentences[si];
        let lo = m.start.saturating_sub(10).max(s.tokens.start);
        let Some(noun) = (lo..m.start)
            .rev()
            .find(|&j| self.toks.word_at(j, m.start, WordKind::ClaimNoun).is_some())
        else {
            return;
        };
        let nl = self
            .toks
            .word_at(noun, m.start, WordKind::ClaimNoun)
            .unwrap_or(1);
        let Some(speaker) = self.subject(noun + nl, m.start) else {
            return;
        };
        let e = self.sentence_body_end(si);
        if m.end >= e {
            return;
        }
        let end = (m.end..e)
            .find(|&j| matches!(self.tok(j), "،" | ","))
            .unwrap_or(e);
        if end <= m.end {
            return;
        }
        self.push(Raw {
            kind: QuoteKind::Indirect,
            form: "ke-clause",
            content: self.doc.token_bytes(m.end..end),
            cue: Some(self.doc.token_bytes(noun..noun + nl)),
            speaker: Some(speaker),
            confidence: 0.7,
            sent: si,
        });
    }

    /// «X از Y به عنوان Z یاد کرد»: the content is «از Y به عنوان Z».
    pub(super) fn judge_az(&mut self, si: usize, m: &CueMatch) {
        let begin = self.clause_start(si, m.start);
        let e = self.sentence_body_end(si);
        if m.end < e && !matches!(self.toks.folded[m.end].as_str(), "و" | "،" | "," | "که") {
            return;
        }
        let Some(az) = (begin..m.start).find(|&j| self.toks.folded[j] == "از") else {
            return;
        };
        let has_as = (az + 1..m.start.saturating_sub(1))
            .any(|j| self.toks.folded[j] == "به" && self.toks.folded[j + 1] == "عنوان");
        if !has_as {
            return;
        }
        let speaker = self.subject(begin, az);
        self.push(Raw {
            kind: QuoteKind::Indirect,
            form: "ra-verb",
            content: self.doc.token_bytes(az..m.start),
            cue: Some(self.doc.token_bytes(m.start..m.end)),
            speaker,
            confidence: 0.75,
            sent: si,
        });
    }

    pub(super) fn sub(&mut self, si: usize, m: &CueMatch) {
        let e = self.sentence_body_end(si);
        let begin = self.clause_start(si, m.start);
        let speaker = self.subject(begin, m.start);
        if m.end >= e {
            return;
        }
        // The main predicate that follows: the subordinate clause ends at the last comma
        // before it (or at it, when the writer left the comma out).
        let main = cues_in(self.cues, m.end..e)
            .iter()
            .filter(|c| !c.has(CueKind::Trap) && !c.has(CueKind::Aside) && !c.has(CueKind::Sub))
            .find(|c| {
                c.has(CueKind::Say)
                    || c.has(CueKind::Judge)
                    || c.has(CueKind::Ask)
                    || c.has(CueKind::Wish)
            });
        let limit = main.map_or(e, |c| c.start);
        let comma = (m.end..limit)
            .rev()
            .find(|&j| matches!(self.tok(j), "،" | ","));
        let mut end_tok = match comma {
            Some(c) if (m.end..c).filter(|&j| self.toks.is_word[j]).count() >= 2 => c,
            _ => limit,
        };
        if end_tok <= m.end {
            end_tok = e;
        }
        self.push(Raw {
            kind: QuoteKind::Indirect,
            form: "ba-bayan-inke",
            content: self.doc.token_bytes(m.end..end_tok),
            cue: Some(self.doc.token_bytes(m.start..m.end)),
            speaker,
            confidence: 0.85,
            sent: si,
        });
    }

    pub(super) fn source(&mut self, si: usize, m: &CueMatch) {
        let e = self.sentence_body_end(si);
        let begin = self.clause_start(si, m.start);
        // The source: the phrase after «به گفته» up to the comma.
        let comma = (m.end..e).find(|&j| matches!(self.tok(j), "،" | ","));
        let sp_end = comma.unwrap_or(e).min(m.end + 8);
        let speaker = self.subject(m.end, sp_end);
        let (content_start, content_end) = if m.start <= begin + 1 {
            let Some(c) = comma else { return };
            (c + 1, e)
        } else {
            (begin, m.start)
        };
        if content_start >= content_end {
            return;
        }
        self.push(Raw {
            kind: QuoteKind::Indirect,
            form: "be-gofte",
            content: self.doc.token_bytes(content_start..content_end),
            cue: Some(self.doc.token_bytes(m.start..m.end)),
            speaker,
            confidence: 0.8,
            sent: si,
        });
    }

    pub(super) fn ask(&mut self, si: usize, m: &CueMatch) {
        let e = self.sentence_body_end(si);
        let begin = self.clause_start(si, m.start);
        if !(begin..m.start).any(|j| self.toks.folded[j] == "از") {
            return;
        }
        let mut a = m.end;
        let ta_ke = a < e && matches!(self.toks.folded[a].as_str(), "تا" | "که");
        // A bare participle («خواسته») is a verb only before «که/تا».
        if self.toks.folded[m.end - 1].ends_with('ه') && !ta_ke {
            return;
        }
        if ta_ke {
            a += 1;
        }
        if (a..e).filter(|&j| self.toks.is_word[j]).count() < 2 {
            return;
        }
        let speaker = self.subject(begin, m.start);
        self.push(Raw {
            kind: QuoteKind::Indirect,
            form: "khast",
            content: self.tr(a).start..self.content_end(si, a),
            cue: Some(self.doc.token_bytes(m.start..m.end)),
            speaker,
            confidence: 0.8,
            sent: si,
        });
    }

    pub(super) fn wish(&mut self, si: usize, m: &CueMatch) {
        let e = self.sentence_body_end(si);
        let Some(end) = cues_in(self.cues, m.end..e)
            .iter()
            .find(|c| c.has(CueKind::WishEnd))
        else {
            return;
        };
        let begin = self.clause_start(si, m.start);
        let speaker = self.subject(begin, m.start);
        if end.start <= m.end {
            // «X را خواستار شد»: what is asked for is the object before the cue.
            if m.start > 0 && self.toks.folded[m.start - 1] == "را" {
                let start = speaker.as_ref().map_or(begin, |r| r.end);
                if start + 1 < m.start {
                    self.push(Raw {
                        kind: QuoteKind::Indirect,
                        form: "khastar-shod",
                        content: self.doc.token_bytes(start..m.start - 1),
                        cue: Some(self.doc.token_bytes(m.start..m.end)),
                        speaker,
                        confidence: 0.75,
                        sent: si,
                    });
                }
            }
            return;
        }
        self.push(Raw {
            kind: QuoteKind::Indirect,
            form: "khastar-shod",
            content: self.doc.token_bytes(m.end..end.start),
            cue: Some(self.doc.token_bytes(m.start..m.end)),
            speaker,
            confidence: 0.75,
            sent: si,
        });
    }

    /// A title line «SPEAKER: words» without a speech verb.
    pub(super) fn headline(&mut self, si: usize, ms: &[&CueMatch]) -> bool {
        let s = &self.doc.sentences[si];
        let Some(colon) = s.tokens.clone().find(|&j| self.tok(j) == ":") else {
            return false;
        };
        if ms.iter().any(|m| m.start < colon) {
            return false;
        }
        let before: Vec<usize> = (s.tokens.start..colon)
            .filter(|&j| self.toks.is_word[j])
            .collect();
        let after = (colon + 1..s.tokens.end)
            .filter(|&j| self.toks.is_word[j])
            .count();
        let max_before = if self
            .toks
            .is(before.first().copied().unwrap_or(0), WordKind::SpeechNoun)
        {
            12
        } else {
            8
        };
        if before.is_empty() || before.len() > max_before || after < 2 {
            return false;
        }
        let first = before[0];
        if self.toks.word_at(first, colon, WordKind::Genre).is_some()
            || before
                .iter()
                .any(|&j| self.tok(j).chars().any(|c| c.is_numeric()))
            || cues_in(self.cues, first..colon)
                .iter()
                .any(|m| m.has(CueKind::Aside))
        {
            return false;
        }
        // «واکنش X به Y:», «تهدیدات X:»: the speaker is the possessor of the speech noun.
        let sp_start = if self.toks.is(first, WordKind::SpeechNoun) {
            first + 1
        } else {
            first
        };
        let speaker = self.subject(sp_start, colon);
        let Some(sp) = speaker else { return false };
        let content_end = self.sentence_body_end(si);
        if content_end <= colon + 1 {
            return false;
        }
        self.push(Raw {
            kind: QuoteKind::Direct,
            form: "headline",
            content: self.doc.token_bytes(colon + 1..content_end),
            cue: None,
            speaker: Some(sp),
            confidence: 0.6,
            sent: si,
        });
        true
    }
}
