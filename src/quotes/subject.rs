//! Where a quote's speaker phrase is: the start of the cue's clause (after provenance and
//! fronted adverbials) and the subject phrase in it.

use super::lex::{cue_at, cues_in, CueKind, WordKind};
use super::{is_open_quote, Extractor};
use std::ops::Range;

impl Extractor<'_> {
    /// First token of the clause that holds token `at`: the sentence start, after leading
    /// provenance (`به گزارش X،`), fronted adverbials closed by a comma, and a quotation that
    /// opens the sentence.
    pub(super) fn clause_start(&self, si: usize, at: usize) -> usize {
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
                    || super::lex::lex().is_given(&self.toks.folded[j]))
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
    pub(super) fn real_quote(&self, open: usize) -> Option<Range<usize>> {
        if !is_open_quote(self.tok(open)) {
            return None;
        }
        let (r, closed) = self.quoted(open);
        let words = self.text()[r.clone()].split_whitespace().count();
        (closed && words >= 6).then_some(r)
    }

    /// The subject phrase starting at `b` and ending before token `limit`.
    pub(super) fn subject(&self, b: usize, limit: usize) -> Option<Range<usize>> {
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
    pub(super) fn fallback_subject(&self, b: usize, limit: usize) -> Option<Range<usize>> {
        if let Some(p) = (b..limit).find(|&j| self.toks.is(j, WordKind::Pronoun)) {
            return Some(p..p + 1);
        }
        // A given name and the word after it: «در این رابطه فرامرز رستگار در …».
        let l = super::lex::lex();
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
}
