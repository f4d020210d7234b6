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

mod lex;
mod speaker;

use crate::entities::Entities;
use crate::Doc;
use lex::{cue_at, cues_in, find_cues, CueKind, CueMatch, Toks, WordKind};
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

    /// First token of the clause that holds token `at`: the sentence start, after leading
    /// provenance (`به گزارش X،`), fronted adverbials closed by a comma, and a quotation that
    /// opens the sentence.
    fn clause_start(&self, si: usize, at: usize) -> usize {
        let s = &self.doc.sentences[si];
        let mut b = s.tokens.start;
        // A cue inside the content of an earlier quote of this sentence opens a clause of its
        // own: «به گفته X، پامپئو … اطلاع داد که …», «X مدعی شد که ترامپ او را … خوانده است».
        let at_byte = self.tr(at).start;
        if let Some(c) = self
            .found
            .overlapping(at_byte..at_byte)
            .filter(|(_, k)| self.out[*k].sent == si)
            .map(|(r, _)| r.start)
            .max()
        {
            if let Some(t) = (b..at).find(|&j| self.tr(j).start >= c) {
                b = t;
            }
        }
        let comma_after = |from: usize| (from..at).find(|&j| matches!(self.tok(j), "،" | ","));
        // A subtitle glued to the lead by a lost line break: «… در سوریهبه گزارش فارس، محمد
        // اسلامی …» — the provenance starts inside the glued word.
        if let Some(g) = (b + 1..at).rev().find(|&j| {
            self.toks.folded[j] == "گزارش"
                && self.toks.is_word[j - 1]
                && self.toks.folded[j - 1].len() > "به".len()
                && self.toks.folded[j - 1].ends_with("به")
        }) {
            if let Some(c) = comma_after(g) {
                b = c + 1;
            }
        }
        // A subtitle ending with its verb, glued to the lead («… نداریم بازرس کل استان …
        // گفت»): the subject starts at the office, title or given name after that verb.
        if let Some(t) = (b + 1..at).find(|&j| {
            self.toks.is_word[j - 1]
                && self.toks.is(j - 1, WordKind::FinalVerb)
                && (self.toks.word_at(j, at, WordKind::Role).is_some()
                    || self.toks.word_at(j, at, WordKind::Title).is_some()
                    || lex::lex().is_given(&self.toks.folded[j]))
        }) {
            b = t;
        }
        // Provenance anywhere before the cue: «(…) به گزارش X، SPEAKER گفت».
        if let Some(p) = cues_in(self.cues, b..at)
            .iter()
            .filter(|m| m.has(CueKind::Aside) || (m.has(CueKind::Source) && m.start == b))
            .map(|m| m.start)
            .next_back()
        {
            if let Some(c) = comma_after(p) {
                b = c + 1;
            } else if let Some(m) = cues_in(self.cues, p..p + 1).first() {
                // «به گزارش خبرگزاری«رویترز»«رابرت وود» …»: the agency in guillemets, else one
                // word, then the subject.
                let mut j = m.end;
                if j < at && self.tok(j) == "«" {
                    if let Some(c) = (j + 1..at.min(j + 6)).find(|&k| self.tok(k) == "»") {
                        j = c + 1;
                    }
                } else if j < at && self.toks.is_word[j] {
                    j += 1;
                }
                if j < at {
                    b = j;
                }
            }
        }
        for _ in 0..4 {
            while b < at && !self.toks.is_word[b] && !is_open_quote(self.tok(b)) {
                b += 1;
            }
            if b >= at {
                break;
            }
            // Connectives: «این در حالی است که», «در همین حال».
            if let Some(m) = cues_in(self.cues, b..b + 1)
                .iter()
                .find(|m| m.has(CueKind::Connective) && m.end <= at)
            {
                b = m.end;
                continue;
            }
            // Fronted adverbials closed by a comma: «در همین حال، وی گفت». Not when the
            // subject stands before that comma («در این رابطه X در گفت‌وگو با ایسنا، با
            // بیان اینکه …»).
            if self.toks.word_at(b, at, WordKind::Boundary).is_some()
                && !self.toks.is(b, WordKind::Pronoun)
                && !cue_at(self.cues, b)
            {
                if let Some(c) = comma_after(b) {
                    let mut nb = c + 1;
                    while nb < at && !self.toks.is_word[nb] {
                        nb += 1;
                    }
                    let opens_cue = cue_at(self.cues, nb);
                    if nb < at && !opens_cue {
                        b = nb;
                        continue;
                    }
                }
            }
            break;
        }
        b
    }

    /// A quotation opening at token `open` that closes and is long enough to be speech, not
    /// a name or title in guillemets.
    fn real_quote(&self, open: usize) -> Option<Range<usize>> {
        if !is_open_quote(self.tok(open)) {
            return None;
        }
        let (r, closed) = self.quoted(open);
        let words = self.text()[r.clone()].split_whitespace().count();
        (closed && words >= 6).then_some(r)
    }

    /// The subject phrase starting at `b` and ending before token `limit`.
    fn subject(&self, b: usize, limit: usize) -> Option<Range<usize>> {
        let toks = self.toks;
        let mut i = b;
        while i < limit && !toks.is_word[i] {
            i += 1;
        }
        if i >= limit {
            return None;
        }
        if toks.is(i, WordKind::Pronoun) {
            return Some(i..i + 1);
        }
        if toks.word_at(i, limit, WordKind::Boundary).is_some() && !toks.is(i, WordKind::Indefinite)
        {
            return self.fallback_subject(i, limit);
        }
        // A media or body head with its name in guillemets: «نشریه آلمانی «اشپیگل»».
        if toks.word_at(i, limit, WordKind::OrgHead).is_some() {
            if let Some(o) = (i + 1..limit.min(i + 4)).find(|&k| self.tok(k) == "«") {
                if let Some(c) = (o + 1..limit.min(o + 6)).find(|&k| self.tok(k) == "»") {
                    if c > o + 1 {
                        return Some(o + 1..c);
                    }
                }
            }
        }
        // A place or organization the entity stage found opens the subject: a country or
        // body as speaker («آمریکا حضور چین را خواستار شد»). The mention is the subject.
        let start = self.tr(i).start;
        if let Some(m) = self.ents.mentions[self.ents.starting_in(&(start..start + 1))]
            .iter()
            .find(|m| {
                matches!(
                    m.kind,
                    crate::entities::EntityType::Loc | crate::entities::EntityType::Org
                )
            })
        {
            // At most four words: a tagger span may run on into the object.
            let e = (i..limit.min(i + 4))
                .take_while(|&j| self.tr(j).end <= m.range.end)
                .last()
                .map_or(i + 1, |j| j + 1);
            return Some(i..e);
        }
        let mut titles = 0;
        while let Some(l) = toks.word_at(i + titles, limit, WordKind::Title) {
            titles += l;
        }
        let role_first = toks.word_at(i + titles, limit, WordKind::Role).is_some()
            || toks.is(i, WordKind::Indefinite)
            || toks.is(i, WordKind::Demonstrative);
        // «بسیاری از شخصیت‌ها», «یکی از مقامات»: the partitive belongs to the subject.
        let partitive =
            toks.is(i, WordKind::Indefinite) && i + 1 < limit && toks.folded[i + 1] == "از";
        // An organization subject: the entity mention that opens it, else head + one word.
        if toks.word_at(i, limit, WordKind::OrgHead).is_some() {
            let start = self.tr(i).start;
            let mention_end = self.ents.mentions[self.ents.starting_in(&(start..start + 1))]
                .first()
                .map(|m| m.range.end);
            // A name in guillemets right after the head: «نشریه آلمانی «اشپیگل»».
            if let Some(o) = (i + 1..limit.min(i + 4)).find(|&k| self.tok(k) == "«") {
                if let Some(c) = (o + 1..limit.min(o + 6)).find(|&k| self.tok(k) == "»") {
                    if c > o + 1 {
                        return Some(o + 1..c);
                    }
                }
            }
            let mut e = i + 1;
            while e < limit
                && toks.is_word[e]
                && mention_end.map_or(e < i + 2, |me| self.tr(e).end <= me && e < i + 4)
                && toks.word_at(e, limit, WordKind::Boundary).is_none()
                && !cue_at(self.cues, e)
            {
                e += 1;
            }
            return Some(i..e);
        }
        let mut j = i;
        while j < limit && j - i < 14 {
            let t = self.tok(j);
            if !toks.is_word[j] {
                if matches!(t, "«" | "»" | "\"" | "“" | "”") {
                    j += 1;
                    continue;
                }
                break;
            }
            // «یکی از (این) منابع»: the partitive and its determiner belong to the subject.
            if partitive && (j == i + 1 || (j == i + 2 && toks.is(j, WordKind::Demonstrative))) {
                j += 1;
                continue;
            }
            if j > i {
                if toks.word_at(j, limit, WordKind::Boundary).is_some()
                    || toks.is(j, WordKind::Demonstrative)
                    || cue_at(self.cues, j)
                {
                    break;
                }
                // A name followed by its office or profession: «مجید تخت روانچی نماینده …»,
                // «مهرزاد بروجردی استاد دانشگاه …».
                if !role_first
                    && j > i + titles
                    && (toks.word_at(j, limit, WordKind::Role).is_some()
                        || toks.word_at(j, limit, WordKind::Title).is_some())
                {
                    break;
                }
                if toks.is(j, WordKind::Pronoun) {
                    break;
                }
            }
            j += 1;
        }
        // An office ends with the place it belongs to: «وزیر دفاع جمهوری اسلامی ایران
        // تروریست خواندن … را …» — the subject is cut after the first place name.
        if role_first && toks.word_at(i + titles, limit, WordKind::Role).is_some() {
            let lo = self.tr(i).start;
            let hi = self.tr(j.max(i + 1) - 1).end;
            if let Some(m) = self.ents.mentions[self.ents.starting_in(&(lo + 1..hi))]
                .iter()
                .find(|m| m.kind == crate::entities::EntityType::Loc && m.range.end < hi)
            {
                if let Some(k) = (i..j).find(|&k| self.tr(k).end >= m.range.end) {
                    j = k + 1;
                }
            }
        }
        // Trim quote marks at the ends.
        let mut e = j;
        while e > i && !toks.is_word[e - 1] {
            e -= 1;
        }
        let mut st = i;
        while st < e && !toks.is_word[st] {
            st += 1;
        }
        (st < e).then_some(st..e)
    }

    /// A subject inside a clause that opens with an adverbial: a pronoun or a person mention
    /// before the cue.
    fn fallback_subject(&self, b: usize, limit: usize) -> Option<Range<usize>> {
        if let Some(p) = (b..limit).find(|&j| self.toks.is(j, WordKind::Pronoun)) {
            return Some(p..p + 1);
        }
        // A given name and the word after it: «در این رابطه فرامرز رستگار در …».
        let l = lex::lex();
        if let Some(g) =
            (b..limit).find(|&j| self.toks.is_word[j] && l.is_given(&self.toks.folded[j]))
        {
            let mut e = g + 1;
            while e < limit && self.toks.is_word[e] && l.is_given(&self.toks.folded[e]) {
                e += 1;
            }
            if e < limit
                && self.toks.is_word[e]
                && self.toks.word_at(e, limit, WordKind::Boundary).is_none()
            {
                return Some(g..e + 1);
            }
        }
        // A name in guillemets: «هفته گذشته «ژیل بیر» به خبرگزاری فرانسه گفت».
        if let Some(o) = (b..limit).find(|&j| self.tok(j) == "«") {
            if let Some(c) = (o + 1..limit.min(o + 5)).find(|&j| self.tok(j) == "»") {
                if c > o + 1 && (o + 1..c).all(|j| self.toks.is_word[j]) {
                    return Some(o + 1..c);
                }
            }
        }
        let lo = self.tr(b).start;
        let hi = self.tr(limit.saturating_sub(1)).end;
        let m = self.ents.mentions[self.ents.starting_in(&(lo..hi))]
            .iter()
            .rev()
            .find(|m| m.kind == crate::entities::EntityType::Per && m.range.end <= hi)?;
        let r = self.doc.tokens_within(&m.range);
        (!r.is_empty()).then_some(r)
    }

    /// Token index just past the last token of sentence `si`, without its final marks.
    fn sentence_body_end(&self, si: usize) -> usize {
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

    fn opens_in(&self, si: usize, close: usize) -> bool {
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
    fn content_end(&self, si: usize, from: usize) -> usize {
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
    fn continuation(&self, si: usize, mut end: usize) -> usize {
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
    fn quoted(&self, open: usize) -> (Range<usize>, bool) {
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

    fn say(&mut self, si: usize, m: &CueMatch, doc_cue: bool) {
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
                let (content, closed) = self.quoted(c);
                raw.form = if closed {
                    "guillemet"
                } else {
                    "guillemet-unclosed"
                };
                raw.content = content;
                // «گفت: «…»» closed mid-sentence with more words after it: a mixed line.
                self.push(raw);
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
                    let (content, closed) = self.quoted(q);
                    raw.form = if closed {
                        "guillemet"
                    } else {
                        "guillemet-unclosed"
                    };
                    raw.content = content;
                    self.push(raw);
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

    /// «…»، X گفت: the quotation that ends just before the clause of the cue.
    fn quote_before(&self, si: usize, begin: usize) -> Option<Range<usize>> {
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
    fn speaker_before(&self, si: usize, begin: usize, cue: usize) -> Option<Range<usize>> {
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
    fn doc_speaker(&self, begin: usize, cue: usize) -> Option<Range<usize>> {
        let d = (begin..cue).find(|&j| self.toks.is(j, WordKind::DocNoun))?;
        self.subject(d + 1, cue)
    }

    fn judge(&mut self, si: usize, m: &CueMatch, begin: usize, speaker: Option<Range<usize>>) {
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
    fn claim(&mut self, si: usize, m: &CueMatch) {
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
    fn judge_az(&mut self, si: usize, m: &CueMatch) {
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

    fn sub(&mut self, si: usize, m: &CueMatch) {
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

    fn source(&mut self, si: usize, m: &CueMatch) {
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

    fn ask(&mut self, si: usize, m: &CueMatch) {
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

    fn wish(&mut self, si: usize, m: &CueMatch) {
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
    fn headline(&mut self, si: usize, ms: &[&CueMatch]) -> bool {
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
