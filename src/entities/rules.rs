//! Rules over the tagger's spans, token by token within a sentence: titles and ranks extend
//! person spans leftward, roles (`وزیر دفاع`) take their organization or country complement,
//! organization and event head words open spans the tagger missed, and dates, times, money,
//! percentages and numbers are read by a small grammar.
//!
//! Every word list lives in `data/` (titles and head words in `data/lexicon/titles.tsv`,
//! numeric words in `data/gazetteers/numeric.tsv`, span-ending words in
//! `data/gazetteers/stopwords.txt`). Phrases are matched on the *flat* form of tokens (see
//! [`super::features::lookup_form`]) concatenated without separators, so `حجت‌الاسلام`,
//! `حجت الاسلام` and `حجتالاسلام` are the same phrase.

use super::features::lookup_form;
use super::{EntityType, Source};
use crate::lexicon::{self, TitleKind};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Kinds of phrase the rules know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Title,
    Role,
    OrgHead,
    EventHead,
    LocHead,
    Month,
    Weekday,
    Number,
    Scale,
    Currency,
    Percent,
    Era,
    DateUnit,
    DateRel,
    TimeRel,
    TimeWord,
    Daypart,
    DayWord,
    Ordinal,
}

/// The phrase table.
pub struct Phrases {
    map: HashMap<String, Kind>,
    max_n: usize,
    stop: HashSet<String>,
    weak: HashSet<String>,
    determiners: HashSet<String>,
}

fn key(s: &str) -> String {
    s.split_whitespace().map(lookup_form).collect()
}

impl Phrases {
    pub fn builtin() -> &'static Phrases {
        static P: OnceLock<Phrases> = OnceLock::new();
        P.get_or_init(|| {
            let mut map = HashMap::new();
            let mut max_n = 1;
            let mut add = |term: &str, k: Kind| {
                max_n = max_n.max(term.split_whitespace().count());
                // Only the first kind of a phrase counts (titles before roles).
                map.entry(key(term)).or_insert(k);
            };
            for (k, t) in lexicon::titles() {
                add(
                    t,
                    match k {
                        TitleKind::Title => Kind::Title,
                        TitleKind::Role => Kind::Role,
                        TitleKind::OrgHead => Kind::OrgHead,
                        TitleKind::EventHead => Kind::EventHead,
                        TitleKind::LocHead => Kind::LocHead,
                    },
                );
            }
            for (k, t) in
                crate::data::pairs(include_str!("../../data/gazetteers/numeric.tsv")).skip(1)
            {
                let k = match k {
                    "month" => Kind::Month,
                    "weekday" => Kind::Weekday,
                    "number" => Kind::Number,
                    "scale" => Kind::Scale,
                    "currency" => Kind::Currency,
                    "percent" => Kind::Percent,
                    "era" => Kind::Era,
                    "date_unit" => Kind::DateUnit,
                    "date_rel" => Kind::DateRel,
                    "time_rel" => Kind::TimeRel,
                    "time_word" => Kind::TimeWord,
                    "daypart" => Kind::Daypart,
                    "day_word" => Kind::DayWord,
                    "ordinal" => Kind::Ordinal,
                    _ => continue,
                };
                add(t, k);
            }
            let stop = crate::data::lines(include_str!("../../data/gazetteers/stopwords.txt"))
                .map(key)
                .collect();
            let weak = crate::data::lines(include_str!("../../data/gazetteers/weak_heads.txt"))
                .map(key)
                .collect();
            let determiners =
                crate::data::lines(include_str!("../../data/gazetteers/determiners.txt"))
                    .map(key)
                    .collect();
            Phrases {
                map,
                max_n: max_n.min(6),
                stop,
                weak,
                determiners,
            }
        })
    }

    /// The longest phrase starting at token `i`: (token count, kind).
    pub fn at(&self, flats: &[String], i: usize) -> Option<(usize, Kind)> {
        let mut k = String::new();
        let mut best = None;
        for n in 1..=self.max_n.min(flats.len().saturating_sub(i)) {
            k.push_str(&flats[i + n - 1]);
            if let Some(&kind) = self.map.get(&k) {
                best = Some((n, kind));
            }
        }
        best
    }

    /// Whether a flat token ends name-like spans.
    pub fn is_stop(&self, flat: &str) -> bool {
        self.stop.contains(flat)
    }
}

/// A span over a sentence's tokens.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: EntityType,
    pub source: Source,
    pub score: f32,
}

/// What the rules know about a sentence.
pub struct Sentence<'a> {
    /// Flat forms of the tokens.
    pub flats: &'a [String],
    /// Whether each token is a word (not punctuation).
    pub is_word: &'a [bool],
    /// The longest phrase starting at each token, looked up once.
    phrases: Vec<Option<(usize, Kind)>>,
}

impl<'a> Sentence<'a> {
    pub fn new(flats: &'a [String], is_word: &'a [bool]) -> Sentence<'a> {
        let p = Phrases::builtin();
        let phrases = (0..flats.len()).map(|i| p.at(flats, i)).collect();
        Sentence {
            flats,
            is_word,
            phrases,
        }
    }
}

fn is_digits(s: &str) -> bool {
    s.chars().any(char::is_numeric)
        && s.chars()
            .all(|c| c.is_numeric() || matches!(c, '.' | '/' | '٫' | ',' | '٬' | '%' | '٪'))
}

impl Sentence<'_> {
    fn len(&self) -> usize {
        self.flats.len()
    }
    fn phrase(&self, i: usize) -> Option<(usize, Kind)> {
        self.phrases.get(i).copied().flatten()
    }
    fn kind_at(&self, i: usize, k: Kind) -> Option<usize> {
        match self.phrase(i) {
            Some((n, kk)) if kk == k => Some(n),
            _ => None,
        }
    }
    /// An ordinal at `i`, possibly compound (`بیست و یکم`); returns its token count.
    fn ordinal(&self, i: usize) -> Option<usize> {
        let mut k = i;
        while let Some((m, Kind::Number)) = self.phrase(k) {
            k += m;
        }
        if k > i {
            if self.flats.get(k).map(String::as_str) != Some("و") {
                return None;
            }
            k += 1;
        }
        match self.phrase(k) {
            Some((m, Kind::Ordinal)) => Some(k + m - i),
            _ => None,
        }
    }

    /// A number at `i`: digits, or number words joined by `و`; returns its token count.
    fn number(&self, i: usize) -> Option<usize> {
        if i >= self.len() {
            return None;
        }
        if is_digits(&self.flats[i]) {
            let mut n = 1;
            // Scale words after digits: `۵ میلیون`, `۳ هزار و ۵۰۰`.
            while let Some(m) = self.kind_at(i + n, Kind::Scale) {
                n += m;
            }
            return Some(n);
        }
        let mut n = 0;
        let word = |j: usize| matches!(self.phrase(j), Some((_, Kind::Number | Kind::Scale)));
        while i + n < self.len() {
            if let Some((m, Kind::Number | Kind::Scale)) = self.phrase(i + n) {
                n += m;
            } else if n > 0
                && (is_digits(&self.flats[i + n])
                    || self.flats[i + n] == "و"
                        && (word(i + n + 1)
                            || self.flats.get(i + n + 1).is_some_and(|f| is_digits(f))))
            {
                n += 1;
            } else {
                break;
            }
        }
        (n > 0).then_some(n)
    }
}

/// Numeric entities by grammar: (start, end, kind) over token indices, non-overlapping.
pub fn numeric(s: &Sentence) -> Vec<Span> {
    let mut out = Vec::new();
    let mut i = 0;
    let rule = |start, end, kind| Span {
        start,
        end,
        kind,
        source: Source::Rule,
        score: 0.8,
    };
    while i < s.len() {
        let p = s.phrase(i);
        // Relative dates and times: `امروز`, `سال گذشته`, `صبح امروز`.
        if let Some((n, Kind::TimeRel)) = p {
            out.push(rule(i, i + n, EntityType::Tim));
            i += n;
            continue;
        }
        // Weekday, day of month, month, year: `دوشنبه ۱۵ خرداد ۱۳۹۹`, `۲۰ مارس`, `خرداد ۹۹`.
        let mut j = i;
        let dated_day = |k: usize| {
            s.ordinal(k)
                .or_else(|| s.number(k))
                .is_some_and(|n| s.kind_at(k + n, Kind::Month).is_some())
        };
        if s.kind_at(j, Kind::DayWord).is_some()
            && (s.kind_at(j + 1, Kind::Weekday).is_some() || dated_day(j + 1))
        {
            j += 1;
        }
        let wd = s.kind_at(j, Kind::Weekday);
        if let Some(n) = wd {
            j += n;
        }
        // Day of the month: digits, number words or an ordinal (`بیست و دوم خرداد`).
        let day = s
            .ordinal(j)
            .or_else(|| s.number(j))
            .filter(|&n| s.kind_at(j + n, Kind::Month).is_some());
        let mut has_month = false;
        if let Some(n) = day {
            j += n;
        }
        if let Some(n) = s.kind_at(j, Kind::Month) {
            // A bare month name after nothing numeric is a date only with a year after it.
            let year = s.flats.get(j + n).is_some_and(|f| is_digits(f));
            if day.is_some() || year || wd.is_some() {
                has_month = true;
                j += n;
                if year {
                    j += 1;
                }
            }
        }
        if has_month {
            if let Some(n) = s.kind_at(j, Kind::Era) {
                j += n;
            }
            out.push(rule(i, j, EntityType::Dat));
            i = j;
            continue;
        }
        if let Some(n) = wd {
            // Weekday with a daypart is a time: `چهارشنبه شب`.
            if let Some(m) = s.kind_at(i + (j - i), Kind::Daypart) {
                out.push(rule(i, j + m, EntityType::Tim));
                i = j + m;
            } else {
                out.push(rule(i, j, EntityType::Dat));
                i = j;
            }
            let _ = n;
            continue;
        }
        if let Some((n, Kind::DateRel)) = p {
            out.push(rule(i, i + n, EntityType::Dat));
            i += n;
            continue;
        }
        // `سال ۱۳۹۹`, `سال ۲۰۲۰ میلادی`, `دهه ۶۰`.
        if let Some(n) = s.kind_at(i, Kind::DateUnit) {
            if s.flats.get(i + n).is_some_and(|f| is_digits(f)) {
                let mut j = i + n + 1;
                if let Some(m) = s.kind_at(j, Kind::Era) {
                    j += m;
                }
                out.push(rule(i, j, EntityType::Dat));
                i = j;
                continue;
            }
        }
        // A full numeric date: `۱۳۹۹/۰۳/۱۵`.
        if s.flats[i].matches('/').count() == 2 && is_digits(&s.flats[i]) {
            out.push(rule(i, i + 1, EntityType::Dat));
            i += 1;
            continue;
        }
        // `ساعت ۱۰`, `ساعت ۱۰:۳۰ صبح`.
        if let Some(n) = s.kind_at(i, Kind::TimeWord) {
            if let Some(m) = s.number(i + n) {
                let mut j = i + n + m;
                if s.flats.get(j).map(String::as_str) == Some(":")
                    && s.flats.get(j + 1).is_some_and(|f| is_digits(f))
                {
                    j += 2;
                }
                if let Some(m) = s.kind_at(j, Kind::Daypart) {
                    j += m;
                }
                out.push(rule(i, j, EntityType::Tim));
                i = j;
                continue;
            }
        }
        if let Some(n) = s.number(i) {
            let j = i + n;
            if s.flats[i].ends_with(['%', '٪']) {
                out.push(rule(i, j, EntityType::Pct));
            } else if let Some(m) = s.kind_at(j, Kind::Percent) {
                out.push(rule(i, j + m, EntityType::Pct));
                i = j + m;
                continue;
            } else if let Some(m) = s.kind_at(j, Kind::Currency) {
                out.push(rule(i, j + m, EntityType::Mon));
                i = j + m;
                continue;
            } else if n > 1 || is_digits(&s.flats[i]) {
                out.push(Span {
                    score: 0.6,
                    ..rule(i, j, EntityType::Num)
                });
            }
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

/// Token count of the office at `i`: one role phrase, or a chain of them
/// (`دبیرکل وزیر دفاع`); 0 when no role starts there.
pub fn office_len(flats: &[String], i: usize) -> usize {
    let p = Phrases::builtin();
    let mut n = 0;
    for _ in 0..3 {
        match p.at(flats, i + n) {
            Some((m, Kind::Role)) => n += m,
            _ => break,
        }
    }
    n
}

/// The end of a run of name-like words from `i`: words that are not stop words, punctuation
/// or numbers, at most `max`.
fn name_run(s: &Sentence, spans: &[Span], i: usize, max: usize) -> usize {
    let p = Phrases::builtin();
    let mut j = i;
    while j < s.len() && j - i < max {
        let f = &s.flats[j];
        if !s.is_word[j]
            || p.is_stop(f)
            || is_digits(f)
            || s.phrase(j).is_some()
            || overlaps(spans, j, j + 1)
        {
            break;
        }
        j += 1;
    }
    j
}

fn overlaps(spans: &[Span], a: usize, b: usize) -> bool {
    spans.iter().any(|s| s.start < b && a < s.end)
}

/// Which rules run. The corpus tag sets have no roles and keep titles out of names, so the
/// `negah tag` contract runs only the head-word and numeric rules.
#[derive(Clone, Copy, Debug)]
pub struct RuleSet {
    pub titles: bool,
    pub heads: bool,
    pub roles: bool,
    pub numeric: bool,
}

impl RuleSet {
    pub const ALL: RuleSet = RuleSet {
        titles: true,
        heads: true,
        roles: true,
        numeric: true,
    };
}

/// Applies all rules (see [`apply_with`]).
pub fn apply(s: &Sentence, model: Vec<Span>) -> Vec<Span> {
    apply_with(s, model, RuleSet::ALL)
}

/// Applies the rules of `set` to a sentence's tagger spans (token indices, sorted,
/// non-overlapping) and returns the final spans, sorted and non-overlapping.
pub fn apply_with(s: &Sentence, model: Vec<Span>, set: RuleSet) -> Vec<Span> {
    let mut spans = model;
    if set.titles {
        // 1. Titles and ranks extend person spans leftward, or open one before a name.
        let mut title_at: Vec<Option<usize>> = vec![None; s.len()];
        for (i, t) in title_at.iter_mut().enumerate() {
            if let Some(n) = s.kind_at(i, Kind::Title) {
                *t = Some(n);
            }
        }
        // Chains of titles: the start of the chain ending at token `e`.
        let chain_start = |e: usize| -> usize {
            let mut start = e;
            loop {
                let from = start.saturating_sub(4);
                match (from..start).find(|&b| title_at[b].is_some_and(|n| b + n == start)) {
                    Some(b) => start = b,
                    None => return start,
                }
            }
        };
        for sp in spans.iter_mut() {
            if sp.kind == EntityType::Per {
                // A span that starts inside a title phrase (`حجت‌الاسلام [والمسلمین محمدی]`)
                // starts at the phrase.
                let from = sp.start.saturating_sub(4);
                let inside = (from..sp.start)
                    .find(|&b| title_at[b].is_some_and(|n| b + n > sp.start && b + n < sp.end));
                let st = chain_start(inside.map_or(sp.start, |b| b + title_at[b].unwrap_or(0)));
                let st = inside.map_or(st, |b| st.min(b));
                if st < sp.start {
                    sp.start = st;
                    sp.source = Source::Rule;
                }
            }
        }
        // An extended person span wins over what it now overlaps (a title the tagger took for a
        // name, or for the tail of an organization): those spans are cut short or dropped.
        let extended: Vec<Span> = spans
            .iter()
            .filter(|sp| sp.kind == EntityType::Per && sp.source == Source::Rule)
            .copied()
            .collect();
        spans = spans
            .into_iter()
            .filter_map(|mut sp| {
                for o in &extended {
                    if (o.start, o.end) == (sp.start, sp.end)
                        || o.end <= sp.start
                        || sp.end <= o.start
                    {
                        continue;
                    }
                    if sp.start < o.start {
                        sp.end = o.start;
                    } else {
                        return None;
                    }
                }
                Some(sp)
            })
            .collect();
        // Titles followed by a name the tagger missed.
        let mut i = 0;
        while i < s.len() {
            if title_at[i].is_some() && !overlaps(&spans, i, i + 1) {
                let mut j = i;
                while let Some(n) = title_at.get(j).copied().flatten() {
                    j += n;
                }
                // A person span of the tagger right after the titles was extended above.
                let end = name_run(s, &spans, j, 3);
                if end > j && !overlaps(&spans, j, end) {
                    spans.push(Span {
                        start: i,
                        end,
                        kind: EntityType::Per,
                        source: Source::Rule,
                        score: 0.6,
                    });
                    i = end;
                    continue;
                }
                i = j.max(i + 1);
                continue;
            }
            i += 1;
        }
    }
    if set.heads {
        // 2. Organization, event and place head words the tagger missed.
        let mut i = 0;
        while i < s.len() {
            let head = match s.phrase(i) {
                Some((n, Kind::OrgHead)) => Some((n, EntityType::Org)),
                Some((n, Kind::EventHead)) => Some((n, EntityType::Eve)),
                Some((n, Kind::LocHead)) => Some((n, EntityType::Loc)),
                _ => None,
            };
            if let Some((n, kind)) = head {
                if !overlaps(&spans, i, i + n) {
                    let weak = Phrases::builtin()
                        .weak
                        .contains(&s.flats[i..i + n].concat());
                    // `این بانک`: a head word after a determiner refers back; it is no name.
                    if i > 0 && Phrases::builtin().determiners.contains(&s.flats[i - 1]) {
                        i += n;
                        continue;
                    }
                    let mut end = if weak {
                        i + n
                    } else {
                        name_run(s, &spans, i + n, 2)
                    };
                    // Take in a tagged place or organization right after: `وزارت دفاع عراق`.
                    if let Some(next) = spans
                        .iter()
                        .find(|sp| {
                            sp.start == end && matches!(sp.kind, EntityType::Loc | EntityType::Org)
                        })
                        .copied()
                    {
                        spans.retain(|sp| sp.start != next.start);
                        end = next.end;
                    }
                    // A head word alone is not a name.
                    if end > i + n {
                        spans.push(Span {
                            start: i,
                            end,
                            kind,
                            source: Source::Rule,
                            score: 0.5,
                        });
                        i = end;
                        continue;
                    }
                }
                i += n;
                continue;
            }
            i += 1;
        }
    }
    spans.sort_by_key(|sp| sp.start);
    if set.roles {
        // 3. Roles with their complement: `وزیر دفاع جمهوری اسلامی ایران`, `سخنگوی وزارت خارجه`,
        //    `دبیرکل وزیر دفاع عراق` (offices chain).
        let mut roles = Vec::new();
        // Tagger spans cut by a role: (index, new start).
        let mut shrink: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < s.len() {
            let mut n = office_len(s.flats, i);
            if n == 0 {
                i += 1;
                continue;
            }
            let n0 = n;
            // Qualifiers between two offices, or before a tagged organization:
            // `معاون سیاسی وزیر خارجه`, `عضو ارشد [کمیسیون …]`.
            let p = Phrases::builtin();
            let mut k = i + n;
            while k < s.len()
                && k < i + n + 3
                && s.is_word[k]
                && !p.is_stop(&s.flats[k])
                && !is_digits(&s.flats[k])
                && s.phrase(k).is_none()
                && !overlaps(&spans, k, k + 1)
            {
                k += 1;
            }
            if k > i + n {
                let next_office = office_len(s.flats, k);
                let org_next = spans.iter().any(|sp| {
                    sp.start == k && matches!(sp.kind, EntityType::Org | EntityType::Loc)
                });
                if next_office > 0 {
                    n = k + next_office - i;
                } else if org_next {
                    n = k - i;
                }
            }
            // The tagger sometimes takes the office's own words for a name (`دفاع`): a span
            // starting inside the office phrase is not a person and belongs to the role.
            let inside = |sp: &Span| sp.start >= i && sp.start < i + n;
            if spans
                .iter()
                .any(|sp| inside(sp) && sp.kind == EntityType::Per || sp.start < i && sp.end > i)
            {
                i += 1;
                continue;
            }
            let mut end = i + n;
            for sp in spans.iter().filter(|sp| inside(sp)) {
                end = end.max(sp.end);
            }
            // Up to two complements: organizations, places, or a word that names the state
            // owning the office (`نماینده کشورمان`, `data/lexicon/offices.tsv`). An office
            // held abroad takes its posting too (`سفیر … در برلین`, `نماینده … در سازمان ملل`).
            let offices = super::cluster::OfficeLex::builtin();
            for _ in 0..2 {
                match spans.iter().position(|sp| sp.start == end) {
                    Some(k) if matches!(spans[k].kind, EntityType::Org | EntityType::Loc) => {
                        // A name in quotation marks inside the complement is its own entity:
                        // `رئیس حزب صهیونیستی «اسرائیل خانه»` is a role and an organization.
                        let sp = spans[k];
                        match (sp.start..sp.end).find(|&q| !s.is_word[q]) {
                            Some(q) if q > sp.start => {
                                end = q;
                                shrink.push((k, q));
                                break;
                            }
                            _ => end = sp.end,
                        }
                    }
                    _ if end < s.len() && offices.is_owner(&s.flats[end]) => end += 1,
                    _ => break,
                }
            }
            // A body the tagger left untagged (`رئیس فدراسیون`, `رئیس حزب صهیونیستی`,
            // `رهبر معنوی ائتلاف سائرون`): its head word, then names the tagger found and
            // relational adjectives (`…ی`).
            let is_body = |j: usize| {
                j < s.len()
                    && (offices.is_body(&s.flats[j]) || s.kind_at(j, Kind::OrgHead).is_some())
                    && !overlaps(&spans, j, j + 1)
            };
            // One qualifier may stand between the office and the body (`رهبر معنوی ائتلاف`).
            let body_at = (end..end + 2).find(|&j| {
                is_body(j)
                    && (end..j)
                        .all(|q| s.is_word[q] && !p.is_stop(&s.flats[q]) && s.phrase(q).is_none())
            });
            if let Some(b) = body_at.filter(|_| end == i + n) {
                end = b + 1;
                for _ in 0..2 {
                    if let Some(sp) = spans.iter().find(|sp| sp.start == end && s.is_word[end]) {
                        if matches!(sp.kind, EntityType::Per | EntityType::Org | EntityType::Loc) {
                            end = sp.end;
                            continue;
                        }
                        break;
                    }
                    let plain = end < s.len()
                        && s.is_word[end]
                        && !p.is_stop(&s.flats[end])
                        && s.phrase(end).is_none();
                    let adjective =
                        plain && s.flats[end].chars().count() > 3 && s.flats[end].ends_with('ی');
                    // A single name closing the phrase before `و` or punctuation (`رهبر جریان
                    // صدر و …`); a verb (`رئیس فدراسیون استعفا کرد`) is followed by a word.
                    let closing = plain
                        && end + 1 < s.len()
                        && (!s.is_word[end + 1] || s.flats[end + 1] == "و");
                    if !adjective && !closing {
                        break;
                    }
                    end += 1;
                }
            }
            // A one-word office and one word before a colon label a speaker
            // (`مدیرعامل مترو: …`).
            if end == i + n
                && end + 1 < s.len()
                && s.is_word[end]
                && !p.is_stop(&s.flats[end])
                && s.phrase(end).is_none()
                && !overlaps(&spans, end, end + 1)
                && s.flats[end + 1] == ":"
            {
                end += 1;
            }
            if end + 1 < s.len()
                && offices.is_post(&s.flats[end])
                && offices.posted(&s.flats[i..i + n0])
            {
                if let Some(sp) = spans.iter().find(|sp| {
                    sp.start == end + 1 && matches!(sp.kind, EntityType::Org | EntityType::Loc)
                }) {
                    end = sp.end;
                }
            }
            // A one-word office (`رئیس`, `وزیر`, `عضو`) is a role only with its complement, or
            // after a demonstrative that points back to its holder (`این سناتور`).
            let pointed = i > 0 && s.flats[i - 1] == "این";
            if end > i + n || n > 1 || pointed {
                roles.push(Span {
                    start: i,
                    end,
                    kind: EntityType::Role,
                    source: Source::Rule,
                    score: 0.7,
                });
            }
            i = end;
        }
        for (k, start) in shrink {
            spans[k].start = start;
        }
        spans.retain(|sp| {
            sp.start < sp.end && !roles.iter().any(|r| r.start <= sp.start && sp.end <= r.end)
        });
        spans.extend(roles);
    }
    if set.numeric {
        // 4. Numbers, dates, times, money, percentages: the grammar wins over the tagger for
        //    numeric types, and fills gaps elsewhere.
        for n in numeric(s) {
            let numeric_kind = |k: EntityType| {
                matches!(
                    k,
                    EntityType::Dat
                        | EntityType::Tim
                        | EntityType::Mon
                        | EntityType::Pct
                        | EntityType::Num
                )
            };
            let clash: Vec<Span> = spans
                .iter()
                .filter(|sp| sp.start < n.end && n.start < sp.end)
                .copied()
                .collect();
            if clash.is_empty() {
                spans.push(n);
            } else if clash
                .iter()
                .all(|c| numeric_kind(c.kind) || c.source == Source::Gazetteer)
                && n.kind != EntityType::Num
                && clash.iter().all(|c| n.start <= c.start && c.end <= n.end)
            {
                spans.retain(|sp| !(sp.start < n.end && n.start < sp.end));
                spans.push(n);
            }
        }
    }
    spans.sort_by_key(|sp| sp.start);
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(text: &str) -> (Vec<String>, Vec<bool>) {
        let toks: Vec<&str> = text.split(' ').collect();
        (
            toks.iter().map(|t| lookup_form(t)).collect(),
            toks.iter()
                .map(|t| t.chars().any(char::is_alphanumeric))
                .collect(),
        )
    }

    fn run(text: &str, model: Vec<Span>) -> Vec<(usize, usize, EntityType)> {
        let (f, w) = sent(text);
        apply(&Sentence::new(&f, &w), model)
            .iter()
            .map(|s| (s.start, s.end, s.kind))
            .collect()
    }

    fn m(start: usize, end: usize, kind: EntityType) -> Span {
        Span {
            start,
            end,
            kind,
            source: Source::Model,
            score: 1.0,
        }
    }

    #[test]
    fn titles_extend_person_leftward() {
        let r = run("امیر سرتیپ حاتمی گفت", vec![m(2, 3, EntityType::Per)]);
        assert_eq!(r, vec![(0, 3, EntityType::Per)]);
        let r = run("حجت‌الاسلام والمسلمین رئیسی گفت", vec![]);
        assert_eq!(r, vec![(0, 3, EntityType::Per)]);
    }

    #[test]
    fn role_takes_its_complement() {
        let r = run(
            "وزیر دفاع جمهوری اسلامی ایران گفت",
            vec![m(2, 5, EntityType::Loc)],
        );
        assert_eq!(r, vec![(0, 5, EntityType::Role)]);
        let r = run("دبیر کل وزارت دفاع عراق", vec![m(4, 5, EntityType::Loc)]);
        assert_eq!(r, vec![(0, 5, EntityType::Role)]);
        // A bare one-word office is not a role; after a demonstrative it points back to its
        // holder (`این سناتور`), without the demonstrative.
        assert!(run("وزیر گفت", vec![]).is_empty());
        assert_eq!(run("این وزیر گفت", vec![]), vec![(1, 2, EntityType::Role)]);
        // The state owning the office, a posting, an untagged body, a colon label.
        assert_eq!(
            run(
                "نماینده کشورمان در سازمان ملل گفت",
                vec![m(3, 5, EntityType::Org)]
            ),
            vec![(0, 5, EntityType::Role)]
        );
        assert_eq!(
            run(
                "وزیر خارجه ایران در تهران گفت",
                vec![m(2, 3, EntityType::Loc), m(4, 5, EntityType::Loc)]
            ),
            vec![(0, 3, EntityType::Role), (4, 5, EntityType::Loc)]
        );
        assert_eq!(
            run("رئیس فدراسیون استعفا کرد", vec![]),
            vec![(0, 2, EntityType::Role)]
        );
        assert_eq!(
            run("مدیرعامل مترو : مردم", vec![]),
            vec![(0, 2, EntityType::Role)]
        );
    }

    #[test]
    fn numbers_by_grammar() {
        assert_eq!(
            run("دوشنبه ۱۵ خرداد ۱۳۹۹ آمد", vec![]),
            vec![(0, 4, EntityType::Dat)]
        );
        assert_eq!(run("۲۵ درصد رشد", vec![]), vec![(0, 2, EntityType::Pct)]);
        assert_eq!(
            run("روز بیست و دوم خرداد", vec![]),
            vec![(0, 5, EntityType::Dat)]
        );
        assert_eq!(
            run("پانزدهم مهر ۱۳۹۸", vec![]),
            vec![(0, 3, EntityType::Dat)]
        );
        // An ordinal without a month is no date.
        assert!(run("بار دوم", vec![]).is_empty());
        assert_eq!(
            run("۵ میلیون دلار داد", vec![]),
            vec![(0, 3, EntityType::Mon)]
        );
        assert_eq!(run("سه هزار تومان", vec![]), vec![(0, 3, EntityType::Mon)]);
        assert_eq!(run("ساعت ۱۰ صبح", vec![]), vec![(0, 3, EntityType::Tim)]);
        assert_eq!(run("در سال ۲۰۲۰", vec![]), vec![(1, 3, EntityType::Dat)]);
        assert_eq!(run("۱۲۰ نفر", vec![]), vec![(0, 1, EntityType::Num)]);
    }

    #[test]
    fn event_head_needs_a_qualifier() {
        assert_eq!(
            run(
                "کنفرانس امنیتی مسکو برگزار شد",
                vec![m(2, 3, EntityType::Loc)]
            ),
            vec![(0, 3, EntityType::Eve)]
        );
        assert!(run("این نشست", vec![]).is_empty());
    }
}
