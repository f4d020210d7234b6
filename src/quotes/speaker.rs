//! Resolving speaker phrases to names.
//!
//! The entity stage may or may not cluster a role with the person it names, so the quote stage
//! also reads the text: names are collected from person mentions, from title-led phrases
//! (`سرلشکر محمد جواد کاظم`) and from speaker phrases; a surname takes the longest collected
//! name that ends with it; a role takes the person an earlier quote with the same role was
//! resolved to, else the first named speaker of the next sentences (news leads open with a
//! role and name the person right after), else the entity cluster; a pronoun or `این X`, or
//! a missing subject, takes the last resolved speaker.

use super::lex::{cue_at, fold, CueMatch, Toks, WordKind};
use super::{Quote, Raw, CERTAIN};
use crate::entities::{Entities, EntityType};
use crate::lexicon;
use crate::Doc;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Pronoun,
    Anaphor,
    Role,
    Name,
    Unnamed,
    Missing,
}

/// A name found in the text, with its folded tokens.
struct Known {
    /// How much the source is trusted: 3 title- or given-name-led, 2 a person mention of the
    /// entity stage, 1 a speaker phrase or a surname's first mention.
    rank: u8,
    at: usize,
    name: String,
    folded: Vec<String>,
    cluster: Option<usize>,
}

impl Known {
    /// A name the text gives at byte `at`; its folded words are derived from it.
    fn new(rank: u8, at: usize, name: String, cluster: Option<usize>) -> Known {
        Known {
            rank,
            at,
            folded: folded_words(&name),
            name,
            cluster,
        }
    }
}

fn folded_words(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == '\u{200C}')
        .map(fold)
        .filter(|w| !w.is_empty())
        .collect()
}

fn is_name_edge(c: char) -> bool {
    matches!(
        c,
        '«' | '»' | '"' | '“' | '”' | ' ' | '\u{200C}' | '،' | ','
    )
}

/// Strips leading titles and quote marks from a name, and cuts it before the first word that
/// cannot be part of a name (a role, a preposition, a demonstrative, a number): entity
/// mentions and speaker phrases may run on into an apposition.
fn clean_name(s: &str) -> String {
    let s = lexicon::strip_titles(s.trim_matches(is_name_edge));
    let s = s.trim_matches(is_name_edge);
    let l = super::lex::lex();
    let mut end = 0;
    let mut first = true;
    for (i, w) in s
        .split_inclusive([' ', '\u{200C}', '،', '»', '«'])
        .scan(0, |pos, w| {
            let at = *pos;
            *pos += w.len();
            Some((at, w))
        })
    {
        let f = fold(w.trim_matches(is_name_edge));
        if f.is_empty() {
            continue;
        }
        let kinds = l.word_kinds(&f);
        let stop = w.chars().any(|c| c.is_numeric())
            || (!first
                && kinds.iter().any(|k| {
                    matches!(
                        k,
                        WordKind::Role
                            | WordKind::Title
                            | WordKind::Boundary
                            | WordKind::Demonstrative
                            | WordKind::Pronoun
                    )
                }))
            || f == "و"
            || (!first && l.is_cue_head(&f))
            || w.contains('،');
        if stop && !first {
            break;
        }
        if w.contains('،') {
            end = i + w.find('،').unwrap_or(w.len());
            break;
        }
        end = i + w.len();
        first = false;
    }
    s[..end].trim_matches(is_name_edge).to_string()
}

struct Ctx<'a> {
    doc: &'a Doc<'a>,
    toks: &'a Toks,
    ents: &'a Entities,
    known: Vec<Known>,
    /// Roles written next to a name («محمد اسلامی، وزیر راه …»): folded role words → name.
    /// (role words, name, place names inside the role).
    appositions: Vec<(Vec<String>, String, Vec<String>)>,
    /// One-word speaker phrases (folded) and how often they occur.
    speaker_words: std::collections::HashMap<String, usize>,
    /// Look-ups over `known` and `appositions`, built once they are complete, so that
    /// resolving one speaker reads only the names that can match it (see [`Index`]).
    index: Index,
}

/// Look-up tables over the names of a document. Each answers a question the resolver used
/// to ask by reading every name, with the same answer (ties broken the same way), so the
/// resolution stays linear in the document.
#[derive(Default)]
struct Index {
    /// Known names by the run-together words of each of their word-aligned tails.
    by_tail: HashMap<String, Vec<usize>>,
    /// For each tail, the known name [`Ctx::expand`] prefers (rank, length, earliest).
    best_tail: HashMap<String, usize>,
    /// The folded words of every known name.
    known_words: HashSet<Vec<String>>,
    /// Known names sorted by position (ties in `known` order).
    by_at: Vec<usize>,
    /// Appositions by the folded words of their name, and by their role's head.
    appos_by_name: HashMap<Vec<String>, Vec<usize>>,
    appos_by_head: HashMap<String, Vec<usize>>,
    /// The first person cluster with each last name word.
    cluster_by_last: HashMap<String, usize>,
    /// Whether each entity cluster holds a person mention.
    has_person: Vec<bool>,
}

/// Roles resolved so far, grouped by head: (role words, name, cluster).
type RoleMap = HashMap<String, Vec<(Vec<String>, String, Option<usize>)>>;

/// The head of a role phrase as [`role_match`] compares it (`None`: it matches nothing).
fn role_head(words: &[String]) -> Option<String> {
    role_words(words).into_iter().next()
}

impl Index {
    fn new(
        known: &[Known],
        appositions: &[(Vec<String>, String, Vec<String>)],
        ents: &Entities,
    ) -> Index {
        let mut ix = Index::default();
        for (i, k) in known.iter().enumerate() {
            let key = (k.rank, k.folded.concat().len(), std::cmp::Reverse(k.at));
            for t in 0..k.folded.len() {
                let tail = k.folded[t..].concat();
                let list = ix.by_tail.entry(tail.clone()).or_default();
                if list.last() == Some(&i) {
                    continue;
                }
                list.push(i);
                let best = ix.best_tail.entry(tail).or_insert(i);
                let b = &known[*best];
                // `max_by_key` keeps the last of equal keys.
                if key >= (b.rank, b.folded.concat().len(), std::cmp::Reverse(b.at)) {
                    *best = i;
                }
            }
            ix.known_words.insert(k.folded.clone());
        }
        ix.by_at = (0..known.len()).collect();
        ix.by_at.sort_by_key(|&i| (known[i].at, i));
        for (i, (k, nm, _)) in appositions.iter().enumerate() {
            ix.appos_by_name
                .entry(folded_words(nm))
                .or_default()
                .push(i);
            if let Some(h) = role_head(k) {
                ix.appos_by_head.entry(h).or_default().push(i);
            }
        }
        for (c, cl) in ents.clusters.iter().enumerate() {
            if cl.kind == EntityType::Per {
                if let Some(last) = folded_words(&cl.canonical).pop() {
                    ix.cluster_by_last.entry(last).or_insert(c);
                }
            }
        }
        ix.has_person = ents
            .clusters
            .iter()
            .map(|cl| {
                cl.mentions
                    .iter()
                    .any(|&mi| ents.mentions[mi].kind == EntityType::Per)
            })
            .collect();
        ix
    }

    /// Known names (indices, in `known` order) with a word-aligned tail equal to `w`.
    fn ending_with<'k>(
        &'k self,
        known: &'k [Known],
        w: &'k [String],
    ) -> impl Iterator<Item = &'k Known> {
        self.by_tail
            .get(&w.concat())
            .into_iter()
            .flatten()
            .map(move |&i| &known[i])
            .filter(move |k| k.folded.ends_with(w))
    }

    /// The known name mentioned last before byte `at` (the last in `known` order among
    /// equals).
    fn last_before<'k>(&self, known: &'k [Known], at: usize) -> Option<&'k Known> {
        let n = self.by_at.partition_point(|&i| known[i].at < at);
        n.checked_sub(1).map(|k| &known[self.by_at[k]])
    }
}

impl<'a> Ctx<'a> {
    fn span(&self, r: &Range<usize>) -> Range<usize> {
        self.doc.token_bytes(r.clone())
    }

    /// Folded place names inside a byte range: entity LOC mentions and runs of the place
    /// lists (the entity stage may fold a place into an office span).
    fn places_in(&self, b: &Range<usize>) -> Vec<String> {
        let text = self.doc.text();
        let mut out: Vec<String> = self.ents.mentions[self.ents.starting_in(b)]
            .iter()
            .filter(|m| m.kind == EntityType::Loc && m.range.end <= b.end)
            .map(|m| fold(&text[m.range.clone()]))
            .collect();
        let toks = self.toks;
        let Range { start: lo, end } = self.doc.tokens_within(b);
        if lo < end {
            let hi = end - 1;
            let mut j = lo;
            while j <= hi {
                match toks.word_at(j, hi + 1, WordKind::Place) {
                    Some(l) => {
                        out.push(toks.folded[j..j + l].concat());
                        j += l;
                    }
                    None => j += 1,
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    fn per_mention_in(&self, b: &Range<usize>) -> Option<usize> {
        self.ents
            .overlapping(b)
            .find(|&i| self.ents.mentions[i].kind == EntityType::Per)
    }

    fn classify(&self, r: &Range<usize>) -> Class {
        let t = self.toks;
        let i = r.start;
        if t.is(i, WordKind::Pronoun) {
            return Class::Pronoun;
        }
        if t.is(i, WordKind::Demonstrative) {
            return Class::Anaphor;
        }
        if t.is(i, WordKind::Indefinite) {
            return Class::Unnamed;
        }
        let mut titles = 0;
        while let Some(l) = t.word_at(i + titles, r.end, WordKind::Title) {
            titles += l;
        }
        if titles > 0
            && i + titles < r.end
            && t.word_at(i + titles, r.end, WordKind::Role).is_none()
        {
            return Class::Name;
        }
        let bytes = self.span(r);
        if t.word_at(i + titles, r.end, WordKind::Role).is_some() {
            return Class::Role;
        }
        if t.word_at(i, r.end, WordKind::OrgHead).is_some()
            || (r.clone()).any(|j| {
                self.doc.text()[self.doc.tokens[j].range.clone()]
                    .chars()
                    .any(char::is_numeric)
            })
        {
            return Class::Unnamed;
        }
        if self.per_mention_in(&bytes).is_some() {
            return Class::Name;
        }
        let org = self.ents.mentions[self.ents.overlapping(&(bytes.start..bytes.start + 1))]
            .iter()
            .any(|m| matches!(m.kind, EntityType::Org | EntityType::Loc));
        if org {
            return Class::Unnamed;
        }
        let words = (r.clone()).filter(|&j| t.is_word[j]).count();
        let given = super::lex::lex().is_given(&t.folded[i]);
        if words <= 3 || (given && words <= 5) {
            Class::Name
        } else {
            Class::Unnamed
        }
    }

    /// Whether a short speaker phrase that no entity, title or given name marks is a person's
    /// name: a name the text gives elsewhere ends with it, or a surname list knows its last
    /// word and it is not a plural. Otherwise it is a noun phrase (`مرداد`, `فروشگاه‌های
    /// زنجیره‌ای`, `بیشتر بخوانید`) and the quote gets no name.
    fn name_like(&self, r: &Range<usize>) -> bool {
        let t = self.toks;
        let text = self.doc.text();
        let bytes = self.span(r);
        if self.per_mention_in(&bytes).is_some()
            || t.word_at(r.start, r.end, WordKind::Title).is_some()
            || super::lex::lex().is_given(&t.folded[r.start])
        {
            return true;
        }
        let w = folded_words(&clean_name(&text[bytes.clone()]));
        if w.is_empty() {
            return false;
        }
        let known = self
            .known
            .iter()
            .any(|k| k.rank > 1 && k.folded.len() >= w.len() && k.folded.ends_with(&w));
        let last = &text[self.doc.tokens[r.end - 1].range.clone()];
        let plural = ["ها", "های", "ان", "ای", "یان"]
            .iter()
            .any(|e| last.ends_with(&format!("\u{200C}{e}")))
            || last.ends_with("ها");
        // A word no Persian word list knows is most often a name (`کورتنی فریل`).
        let unknown = w
            .iter()
            .any(|x| x.chars().count() > 2 && crate::normalize::lexicon::get(x).is_none());
        known
            || (!plural
                && (unknown
                    || super::lex::lex().is_surname(w.last().map_or("", String::as_str))
                    || (w.len() == 1 && self.subject_count(&w[0]) > 1)))
    }

    /// How many speaker phrases of the text are this one word (a name the entity stage
    /// missed is the subject of several quotes: `بنت افزود …`, `بنت گفت …`).
    fn subject_count(&self, word: &str) -> usize {
        self.speaker_words.get(word).copied().unwrap_or(0)
    }

    /// The fullest known name ending with `name`'s words.
    fn expand(&self, name: &str) -> (String, Option<usize>) {
        let w = folded_words(name);
        if w.is_empty() {
            return (name.to_string(), None);
        }
        let best = self
            .index
            .best_tail
            .get(&w.concat())
            .map(|&i| &self.known[i]);
        // A word before the name that is not part of it («پیام تصویری صدر»): a better-attested
        // name ending with a shorter tail wins over the phrase itself.
        let tail_match = || {
            if w.len() < 2 {
                return None;
            }
            let tail = &w[1..];
            self.index
                .ending_with(&self.known, tail)
                .filter(|k| k.rank > 1 && k.folded.len() > tail.len())
                .max_by_key(|k| (k.rank, k.folded.len()))
        };
        let best = match best {
            Some(k) if k.rank > 1 => Some(k),
            other => tail_match().or(other),
        };
        match best {
            Some(k) => (
                k.name.clone(),
                k.cluster.or_else(|| self.cluster_for(&k.name)),
            ),
            None => (name.to_string(), self.cluster_for(name)),
        }
    }

    fn cluster_for(&self, name: &str) -> Option<usize> {
        let w = folded_words(name);
        self.index.cluster_by_last.get(w.last()?).copied()
    }

    /// Entity mentions overlapping a byte range (mentions are sorted by start and do not
    /// overlap, so a binary search finds them).
    fn mentions_in(&self, b: &Range<usize>) -> std::ops::Range<usize> {
        self.ents.overlapping(b)
    }

    /// The person the entity stage's resolver linked the office (the first ROLE mention) of a
    /// speaker phrase to: (name, cluster, link score).
    fn linked_person(&self, b: &Range<usize>) -> Option<(String, usize, f32)> {
        let ents = self.ents;
        let i = self
            .mentions_in(b)
            .find(|&i| ents.mentions[i].kind == EntityType::Role)?;
        let c = ents.cluster_of.get(i).copied().flatten()?;
        let cl = &ents.clusters[c];
        if cl.kind != EntityType::Per {
            return None;
        }
        let name = clean_name(&cl.canonical);
        let score = ents.link_score.get(i).copied().unwrap_or(1.0);
        (!name.is_empty()).then_some((name, c, score))
    }

    /// The person speaking for a body or state named at the start of a speaker phrase: a
    /// person cluster with a ROLE mention in sentence `sent - 1 ..= sent + 2` whose office
    /// belongs to it (the same owning state, or the body's words inside the office).
    fn body_voice(&self, b: &Range<usize>, sent: usize) -> Option<(String, usize)> {
        let ents = self.ents;
        let text = self.doc.text();
        let body = self.mentions_in(b).find(|&i| {
            matches!(ents.mentions[i].kind, EntityType::Org | EntityType::Loc)
                && ents.mentions[i].range.start <= b.start + 1
        })?;
        let body_words = folded_words(&text[ents.mentions[body].range.clone()]);
        let owner = crate::entities::cluster::owner_key(&text[ents.mentions[body].range.clone()]);
        let sents = &self.doc.sentences;
        let from = sents.get(sent.saturating_sub(1))?.range.start;
        let to = sents.get((sent + 2).min(sents.len() - 1))?.range.end;
        let window = self.mentions_in(&(from..to));
        let at = ents.mentions[body].range.start;
        window
            .filter(|&i| ents.mentions[i].kind == EntityType::Role)
            .filter_map(|i| {
                let role = &text[ents.mentions[i].range.clone()];
                let rw = folded_words(role);
                let joined = rw.concat();
                let owned = owner
                    .as_ref()
                    .is_some_and(|o| crate::entities::cluster::office_owners(role).contains(o))
                    || (!body_words.is_empty() && joined.contains(&body_words.concat()));
                let c = ents.cluster_of.get(i).copied().flatten()?;
                let cl = &ents.clusters[c];
                (owned && cl.kind == EntityType::Per).then(|| {
                    (
                        ents.mentions[i].range.start.abs_diff(at),
                        clean_name(&cl.canonical),
                        c,
                    )
                })
            })
            .filter(|(_, nm, _)| !nm.is_empty())
            .min_by_key(|(d, _, _)| *d)
            .map(|(_, nm, c)| (nm, c))
    }

    /// A role's person through the entity clusters: the cluster of a role mention inside the
    /// phrase, when it holds a person mention.
    fn role_cluster(&self, bytes: &Range<usize>) -> Option<(String, usize)> {
        let ents = self.ents;
        ents.overlapping(bytes).find_map(|i| {
            let c = ents.cluster_of.get(i).copied().flatten()?;
            let cl = &ents.clusters[c];
            let has_person = self.index.has_person[c];
            let canon = clean_name(&cl.canonical);
            let is_role = self.toks.folded.is_empty()
                || lexicon::titles()
                    .any(|(k, t)| k == lexicon::TitleKind::Role && fold(t) == fold(&canon));
            (has_person && !is_role && !canon.is_empty()).then_some((canon, c))
        })
    }
}

/// Names the text gives: person mentions, title-led phrases and name-like speaker phrases.
fn collect_known(ctx: &mut Ctx, cues: &[CueMatch], raws: &[Raw], classes: &[Class]) {
    let text = ctx.doc.text();
    let toks = ctx.toks;
    let mut known = Vec::new();
    for (mi, m) in ctx.ents.mentions.iter().enumerate() {
        if m.kind != EntityType::Per {
            continue;
        }
        let name = clean_name(&text[m.range.clone()]);
        if !name.is_empty() {
            known.push(Known::new(
                2,
                m.range.start,
                name,
                ctx.ents.cluster_of.get(mi).copied().flatten(),
            ));
        }
    }
    let n = toks.folded.len();
    let mut i = 0;
    while i < n {
        let Some(l) = toks.word_at(i, n, WordKind::Title) else {
            i += 1;
            continue;
        };
        let mut j = i + l;
        while let Some(l2) = toks.word_at(j, n, WordKind::Title) {
            j += l2;
        }
        // «سید "مقتدا صدر"»: the name may stand in quote marks after the title.
        if j < n && matches!(&text[ctx.doc.tokens[j].range.clone()], "«" | "\"" | "“") {
            j += 1;
        }
        let s = j;
        while j < n
            && j - s < 4
            && toks.is_word[j]
            && toks.sent[j] == toks.sent[i]
            && toks.folded[j] != "و"
            && toks.word_at(j, n, WordKind::Boundary).is_none()
            && toks.word_at(j, n, WordKind::Role).is_none()
            && !toks.is(j, WordKind::Demonstrative)
            && !toks.is(j, WordKind::Pronoun)
            && !cue_at(cues, j)
        {
            j += 1;
        }
        if j > s && j - s <= 3 {
            let r = ctx.doc.token_bytes(s..j);
            let name = clean_name(&text[r.clone()]);
            known.push(Known::new(3, r.start, name, None));
        }
        i = j.max(i + 1);
    }
    // Given name + surname: «محمد اسلامی».
    let l = super::lex::lex();
    let mut i = 0;
    while i < n {
        if !toks.is_word[i] || !l.is_given(&toks.folded[i]) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && j - i < 3 && toks.is_word[j] && l.is_given(&toks.folded[j]) {
            j += 1;
        }
        let ok = |j: usize| {
            j < n
                && toks.is_word[j]
                && toks.sent[j] == toks.sent[i]
                && toks.folded[j] != "و"
                && toks.word_at(j, n, WordKind::Boundary).is_none()
                && toks.word_at(j, n, WordKind::Role).is_none()
                && toks.word_at(j, n, WordKind::Title).is_none()
                && !toks.is(j, WordKind::Demonstrative)
                && !toks.is(j, WordKind::Pronoun)
                && !l.is_cue_head(&toks.folded[j])
                && !text[ctx.doc.tokens[j].range.clone()]
                    .chars()
                    .any(char::is_numeric)
        };
        if ok(j) {
            // A compound surname written in two words («تخت روانچی») is not knowable here;
            // take one word.
            let r = ctx.doc.token_bytes(i..j + 1);
            let name = clean_name(&text[r.clone()]);
            known.push(Known::new(3, r.start, name, None));
        }
        i = j;
    }
    // A surname used alone as a speaker, written once with a word before it that no class
    // claims («… مترو فرنوش نوبخت، مدیر عامل …»): the first mention gives the full name.
    // (Indexed: the last words of the names of two words or more, and where each word is.)
    let mut long_last: HashSet<String> = known
        .iter()
        .filter(|k| k.folded.len() > 1)
        .filter_map(|k| k.folded.last().cloned())
        .collect();
    // Built on first use; the word before a surname depends on the text alone, so it is
    // looked for once per surname.
    let mut at_word: Option<HashMap<&str, Vec<usize>>> = None;
    let mut word_before: HashMap<&str, Option<usize>> = HashMap::new();
    for (r, c) in raws.iter().zip(classes) {
        if *c != Class::Name {
            continue;
        }
        let Some(sp) = &r.speaker else { continue };
        let words: Vec<usize> = sp.clone().filter(|&j| toks.is_word[j]).collect();
        let [w] = words[..] else { continue };
        let surname = &toks.folded[w];
        if long_last.contains(surname) {
            continue;
        }
        let at_word = at_word.get_or_insert_with(|| {
            let mut m: HashMap<&str, Vec<usize>> = HashMap::new();
            for (j, f) in toks.folded.iter().enumerate().skip(1) {
                m.entry(f.as_str()).or_default().push(j);
            }
            m
        });
        let one_before = *word_before.entry(surname.as_str()).or_insert_with(|| {
            let mut before: Vec<usize> = Vec::new();
            for &j in at_word.get(surname.as_str()).into_iter().flatten() {
                if !toks.is_word[j - 1] || toks.sent[j - 1] != toks.sent[j] {
                    continue;
                }
                let p = j - 1;
                let f = &toks.folded[p];
                let claimed = !l.word_kinds(f).is_empty()
                    || l.is_cue_head(f)
                    || f == "و"
                    || text[ctx.doc.tokens[p].range.clone()]
                        .chars()
                        .any(char::is_numeric);
                if !claimed {
                    before.push(p);
                }
            }
            let distinct: std::collections::HashSet<&String> =
                before.iter().map(|&p| &toks.folded[p]).collect();
            (distinct.len() == 1).then(|| before[0])
        });
        if let Some(p) = one_before {
            let r = ctx.doc.token_bytes(p..p + 2);
            let name = text[r.clone()].to_string();
            let k = Known::new(1, r.start, name, None);
            if k.folded.len() > 1 {
                long_last.extend(k.folded.last().cloned());
            }
            known.push(k);
        }
    }
    for (r, c) in raws.iter().zip(classes) {
        if *c != Class::Name {
            continue;
        }
        let Some(sp) = &r.speaker else { continue };
        let b = ctx.span(sp);
        let name = clean_name(&text[b.clone()]);
        if folded_words(&name).len() >= 2 {
            known.push(Known::new(1, b.start, name, None));
        }
    }
    known.retain(|k| !k.folded.is_empty());
    // Appositions: a known name followed by a role phrase.
    let mut appositions = Vec::new();
    for k in &known {
        let ti = ctx.doc.tokens.partition_point(|t| t.range.start < k.at);
        if ti == n {
            continue;
        }
        // Walk over the name's words, then skip «» and a comma.
        let mut j = ti;
        let mut seen = 0;
        while j < n && seen < k.folded.len() + 4 {
            if toks.is_word[j] {
                if k.folded.last() == Some(&toks.folded[j]) {
                    j += 1;
                    break;
                }
                seen += 1;
            }
            j += 1;
        }
        while j < n
            && !toks.is_word[j]
            && matches!(
                &text[ctx.doc.tokens[j].range.clone()],
                "»" | "،" | "," | "\"" | "”"
            )
        {
            j += 1;
        }
        if j < n && toks.word_at(j, n, WordKind::Role).is_some() {
            let mut e = j;
            while e < n
                && e - j < 8
                && toks.is_word[e]
                && (e == j
                    || (toks.word_at(e, n, WordKind::Boundary).is_none() && !cue_at(cues, e)))
            {
                e += 1;
            }
            let words: Vec<String> = toks.folded[j..e].to_vec();
            let bytes = ctx.doc.token_bytes(j..e);
            appositions.push((words, k.name.clone(), ctx.places_in(&bytes)));
        }
    }
    ctx.index = Index::new(&known, &appositions, ctx.ents);
    ctx.known = known;
    ctx.appositions = appositions;
}

/// Folded words of a role phrase with its head merged into one element, so `مدیر عامل` and
/// `مدیرعامل` compare equal.
fn role_words(words: &[String]) -> Vec<String> {
    let l = super::lex::lex();
    for n in (2..=3.min(words.len())).rev() {
        let head = words[..n].concat();
        if l.word_kinds(&head).contains(&WordKind::Role) {
            let mut out = vec![head];
            out.extend_from_slice(&words[n..]);
            return out;
        }
    }
    words.to_vec()
}

/// Whether two role phrases can name the same office: the same head, and every other word of
/// the shorter one in the longer one (`وزیر دفاع` ~ `وزیر دفاع جمهوری اسلامی ایران`,
/// `مدیرعامل مترو` ~ `مدیر عامل شرکت بهره برداری مترو`, not `نماینده چین` ~ `نماینده
/// آمریکا`). Returns the number of shared words.
fn role_match(a: &[String], b: &[String]) -> Option<usize> {
    let (a, b) = (role_words(a), role_words(b));
    if a.is_empty() || b.is_empty() || a[0] != b[0] {
        return None;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    // Token words fold a ZWNJ compound into one word (`رسول‌الله` → `رسولالله`) while text
    // split into words gives two (`رسول الله`): a word also matches inside the other side's
    // words run together.
    let long_run = long[1..].concat();
    short[1..]
        .iter()
        .all(|w| long[1..].contains(w) || long_run.contains(w.as_str()))
        .then_some(short.len())
}

pub(crate) fn resolve(
    doc: &Doc,
    toks: &Toks,
    cues: &[CueMatch],
    ents: &Entities,
    raws: Vec<Raw>,
) -> Vec<Quote> {
    let mut ctx = Ctx {
        doc,
        toks,
        ents,
        known: Vec::new(),
        appositions: Vec::new(),
        speaker_words: std::collections::HashMap::new(),
        index: Index::default(),
    };
    for r in &raws {
        if let Some(sp) = &r.speaker {
            let words: Vec<usize> = sp.clone().filter(|&j| toks.is_word[j]).collect();
            if let [w] = words[..] {
                *ctx.speaker_words.entry(toks.folded[w].clone()).or_default() += 1;
            }
        }
    }
    let classes: Vec<Class> = raws
        .iter()
        .map(|r| {
            r.speaker
                .as_ref()
                .map_or(Class::Missing, |s| ctx.classify(s))
        })
        .collect();
    collect_known(&mut ctx, cues, &raws, &classes);
    // A short phrase with nothing that marks a name is a noun phrase: no name, and the quote
    // is only possible (see `Quote::speaker_score`).
    let mut noun_phrase = vec![false; raws.len()];
    let classes: Vec<Class> = classes
        .into_iter()
        .zip(&raws)
        .enumerate()
        .map(|(i, (c, r))| match (&r.speaker, c) {
            (Some(sp), Class::Name) if !ctx.name_like(sp) => {
                noun_phrase[i] = true;
                Class::Unnamed
            }
            _ => c,
        })
        .collect();
    // A short phrase the entity stage took for a place or body but that is the surname of a
    // person the text names («ایساخاروف»): a person.
    let text0 = doc.text();
    let classes: Vec<Class> = classes
        .into_iter()
        .zip(&raws)
        .map(|(c, r)| {
            let Some(sp) = r.speaker.as_ref().filter(|_| c == Class::Unnamed) else {
                return c;
            };
            let w = folded_words(&text0[ctx.span(sp)]);
            let person = w.len() <= 2
                && !toks.is(sp.start, WordKind::Indefinite)
                && ctx
                    .index
                    .ending_with(&ctx.known, &w)
                    .any(|k| k.rank > 1 && k.folded.len() > w.len());
            if person {
                Class::Name
            } else {
                c
            }
        })
        .collect();
    let text = doc.text();
    let n = raws.len();
    let mut names: Vec<Option<(String, Option<usize>)>> = vec![None; n];
    // How sure each name is (see `Quote::speaker_score`).
    let mut scores = vec![0.0f32; n];
    // Names first.
    for i in 0..n {
        if classes[i] == Class::Name {
            let sp = raws[i].speaker.as_ref().expect("named speaker");
            let b = ctx.span(sp);
            // The phrase itself (titles and appositions cut), unless it is long and a person
            // mention inside it is the better name.
            let own = clean_name(&text[b.clone()]);
            let name = match ctx.per_mention_in(&b) {
                Some(mi) if own.split_whitespace().count() > 4 => {
                    clean_name(&text[ents.mentions[mi].range.clone()])
                }
                _ => own,
            };
            if !name.is_empty() {
                names[i] = Some(ctx.expand(&name));
                let marked = ctx.per_mention_in(&b).is_some()
                    || toks.word_at(sp.start, sp.end, WordKind::Title).is_some()
                    || super::lex::lex().is_given(&toks.folded[sp.start]);
                scores[i] = if marked { 0.9 } else { 0.8 };
            }
        }
    }
    // Roles: an earlier resolution of the same role, the next named speaker, the cluster.
    // (`role_map` is grouped by role head: [`role_match`] matches nothing across heads.)
    let mut role_map: RoleMap = HashMap::new();
    let mapped = |role_map: &RoleMap, words: &[String]| {
        role_map
            .get(&role_head(words)?)?
            .iter()
            .filter_map(|(k, nm, c)| role_match(k, words).map(|p| (p, nm, c)))
            .max_by_key(|(p, _, _)| *p)
            .map(|(_, nm, c)| (nm.clone(), *c))
    };
    let appos_for = |words: &[String]| {
        let h = role_head(words)?;
        ctx.index
            .appos_by_head
            .get(&h)?
            .iter()
            .filter_map(|&a| {
                let (k, nm, _) = &ctx.appositions[a];
                role_match(k, words).map(|p| (p, nm))
            })
            .max_by_key(|(p, _)| *p)
            .map(|(_, nm)| ctx.expand(nm))
    };
    let first_name = classes.iter().position(|&c| c == Class::Name).unwrap_or(n);
    // For each quote, the last quote before it with a named speaker.
    let mut named_before: Vec<Option<usize>> = vec![None; n];
    for i in 1..n {
        named_before[i] = if classes[i - 1] == Class::Name && names[i - 1].is_some() {
            Some(i - 1)
        } else {
            named_before[i - 1]
        };
    }
    for i in 0..n {
        if classes[i] != Class::Role {
            continue;
        }
        let sp = raws[i].speaker.as_ref().expect("role speaker");
        let b = ctx.span(sp);
        let words = folded_words(&text[b.clone()]);
        let from_map = mapped(&role_map, &words);
        // A person the text gives an office of another place cannot hold this one (نماینده چین
        // / وزیر خارجه روسیه). People hold several offices, so other offices do not clash.
        let places = ctx.places_in(&b);
        let fits = |nm: &str| {
            let fw = folded_words(nm);
            let roles: Vec<&(Vec<String>, String, Vec<String>)> = ctx
                .index
                .appos_by_name
                .get(&fw)
                .into_iter()
                .flatten()
                .map(|&a| &ctx.appositions[a])
                .collect();
            if roles
                .iter()
                .any(|(k, _, _)| role_match(k, &words).is_some())
            {
                return true;
            }
            !roles.iter().any(|(_, _, pl)| {
                !pl.is_empty() && !places.is_empty() && !pl.iter().any(|p| places.contains(p))
            })
        };
        // The lead convention: the next named speaker a few sentences on.
        // A lead (no named speaker yet) may name its speaker a little later.
        let lead = first_name >= i;
        let window = if lead { 8 } else { 3 };
        let ahead = || {
            (i + 1..n)
                .take_while(|&j| raws[j].sent <= raws[i].sent + window)
                .filter(|&j| classes[j] == Class::Name)
                .filter_map(|j| names[j].clone())
                .find(|(nm, _)| fits(nm))
        };
        let appos = || appos_for(&words);
        // The last named speaker before: agency copy varies the role description of its
        // main speaker («نماینده مجلس» … «رییس فراکسیون …»).
        let behind = || {
            named_before[i]
                .and_then(|j| names[j].clone())
                .filter(|(nm, _)| fits(nm))
        };
        // The entity cluster, when its name is one the text gives.
        let cluster = || {
            let (nm, c) = ctx.role_cluster(&b)?;
            let (full, _) = ctx.expand(&nm);
            let fw = folded_words(&full);
            (ctx.index.known_words.contains(&fw) && fits(&full)).then_some((full, Some(c)))
        };
        // The entity stage's resolver, when it linked the office surely (an apposition, a
        // compatible office, a unique lead person).
        let strong = ctx
            .linked_person(&b)
            .filter(|&(_, _, s)| s >= CERTAIN)
            .map(|(nm, c, s)| (nm, Some(c), s));
        let scored = |r: Option<(String, Option<usize>)>, s: f32| r.map(|(nm, c)| (nm, c, s));
        let r = strong
            .or_else(|| scored(from_map, 0.85))
            .or_else(|| scored(appos(), 0.85))
            .or_else(|| scored(ahead(), 0.65))
            .or_else(|| scored(behind(), 0.6))
            .or_else(|| scored(cluster(), 0.6));
        if let Some((nm, c, s)) = r {
            if let Some(h) = role_head(&words) {
                role_map.entry(h).or_default().push((words, nm.clone(), c));
            }
            names[i] = Some((nm, c));
            scores[i] = s;
        }
    }
    // «این X» with X an office («این مجری ۳۹ ساله»): the person the text gives that office,
    // else (below) the last speaker.
    for i in 0..n {
        if classes[i] != Class::Anaphor {
            continue;
        }
        let sp = raws[i].speaker.as_ref().expect("anaphor speaker");
        let words = folded_words(&text[ctx.span(sp)]);
        if words.len() < 2 || !toks.is(sp.start + 1, WordKind::Role) {
            continue;
        }
        let rest = &words[1..];
        scores[i] = 0.8;
        names[i] = mapped(&role_map, rest).or_else(|| appos_for(rest));
    }
    // A pronoun the writer glossed in parentheses: «او (ترامپ) گفت».
    for i in 0..n {
        if classes[i] != Class::Pronoun {
            continue;
        }
        let sp = raws[i].speaker.as_ref().expect("pronoun speaker");
        let t = |j: usize| &text[doc.tokens[j].range.clone()];
        let m = doc.tokens.len();
        if sp.end < m && t(sp.end) == "(" {
            if let Some(c) = (sp.end + 1..m.min(sp.end + 5)).find(|&j| t(j) == ")") {
                if c > sp.end + 1 {
                    let inner = doc.token_bytes(sp.end + 1..c);
                    let name = clean_name(&text[inner]);
                    if !name.is_empty() {
                        names[i] = Some(ctx.expand(&name));
                        scores[i] = 0.9;
                    }
                }
            }
        }
    }
    // Pronouns, anaphors and missing subjects: the last resolved speaker before them.
    let mut last_resolved: Option<usize> = None;
    for i in 0..n {
        if !matches!(classes[i], Class::Pronoun | Class::Anaphor | Class::Missing)
            || names[i].is_some()
        {
            if names[i].is_some() {
                last_resolved = Some(i);
            }
            continue;
        }
        let prev = last_resolved.and_then(|j| names[j].clone().map(|nm| (nm, 0.9 * scores[j])));
        let prev = prev.or_else(|| {
            // A name mentioned before the quote's sentence (not one inside its own clauses).
            let at = doc.sentences[raws[i].sent].range.start;
            ctx.index
                .last_before(&ctx.known, at)
                .map(|k| (ctx.expand(&k.name), 0.6))
        });
        // A pronoun before any name points forward: «او که … گفت …». «X»، رئیس … اعلام کرد».
        let prev = prev.or_else(|| {
            (i + 1..n)
                .take_while(|&j| raws[j].sent <= raws[i].sent + 2)
                .find(|&j| classes[j] == Class::Name && names[j].is_some())
                .and_then(|j| names[j].clone())
                .map(|nm| (nm, 0.6))
        });
        if let Some((nm, s)) = prev {
            names[i] = Some(nm);
            scores[i] = s;
            last_resolved = Some(i);
        }
    }
    // A body or a state that speaks (`آمریکا … خواست`, `وزارت خارجه اعلام کرد`) speaks
    // through the person the text gives one of its offices in the sentence before or the two
    // after (`رابرت وود، نماینده آمریکا …`).
    for i in 0..n {
        if classes[i] != Class::Unnamed || noun_phrase[i] {
            continue;
        }
        let Some(sp) = raws[i].speaker.as_ref() else {
            continue;
        };
        if let Some((nm, c)) = ctx.body_voice(&ctx.span(sp), raws[i].sent) {
            names[i] = Some((nm, Some(c)));
            scores[i] = 0.65;
        }
    }
    raws.into_iter()
        .zip(names)
        .zip(classes)
        .zip(scores.into_iter().zip(noun_phrase))
        .map(|(((r, nm), class), (speaker_score, noun))| {
            let speaker = r.speaker.as_ref().map(|s| ctx.span(s));
            let (speaker_name, cluster) = nm.map_or((None, None), |(a, b)| (Some(a), b));
            let speaker_score = if speaker_name.is_some() {
                speaker_score
            } else {
                0.0
            };
            let mut confidence = r.confidence;
            if speaker_name.is_none() && class != Class::Unnamed {
                confidence = confidence.min(CERTAIN - 0.05);
            }
            // A speaker phrase that is neither a person, an office, a body nor a person noun.
            if noun {
                confidence = confidence.min(CERTAIN - 0.15);
            }
            Quote {
                kind: r.kind,
                content: r.content,
                cue: r.cue,
                speaker,
                speaker_name,
                cluster,
                confidence,
                speaker_score,
                form: r.form,
            }
        })
        .collect()
}
