//! Resolving speaker phrases to names.
//!
//! The entity stage may or may not cluster a role with the person it names, so the quote stage
//! also reads the text: names are collected from person mentions, from title-led phrases
//! (`سرلشکر محمد جواد کاظم`) and from speaker phrases; a surname takes the longest collected
//! name that ends with it; a role takes the person an earlier quote with the same role was
//! resolved to, else the first named speaker of the next sentences (news leads open with a
//! role and name the person right after), else the entity cluster; a pronoun or `این X`, or
//! a missing subject, takes the last resolved speaker.

use super::lex::{fold, CueMatch, Toks, WordKind};
use super::{Quote, Raw, CERTAIN};
use crate::entities::{Entities, EntityType};
use crate::lexicon;
use crate::Doc;
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
}

impl<'a> Ctx<'a> {
    fn span(&self, r: &Range<usize>) -> Range<usize> {
        self.doc.token_bytes(r.clone())
    }

    /// Folded place names inside a byte range: entity LOC mentions and runs of the place
    /// lists (the entity stage may fold a place into an office span).
    fn places_in(&self, b: &Range<usize>) -> Vec<String> {
        let text = self.doc.text();
        let mut out: Vec<String> = self
            .ents
            .mentions
            .iter()
            .filter(|m| {
                m.kind == EntityType::Loc && m.range.start >= b.start && m.range.end <= b.end
            })
            .map(|m| fold(&text[m.range.clone()]))
            .collect();
        let toks = self.toks;
        let idx: Vec<usize> = (0..self.doc.tokens.len())
            .filter(|&j| {
                self.doc.tokens[j].range.start >= b.start && self.doc.tokens[j].range.end <= b.end
            })
            .collect();
        if let (Some(&lo), Some(&hi)) = (idx.first(), idx.last()) {
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
        self.ents.mentions.iter().position(|m| {
            m.kind == EntityType::Per && m.range.start < b.end && b.start < m.range.end
        })
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
        let org = self.ents.mentions.iter().any(|m| {
            matches!(m.kind, EntityType::Org | EntityType::Loc)
                && m.range.start <= bytes.start
                && m.range.end > bytes.start
        });
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

    /// The fullest known name ending with `name`'s words.
    fn expand(&self, name: &str) -> (String, Option<usize>) {
        let w = folded_words(name);
        if w.is_empty() {
            return (name.to_string(), None);
        }
        let joined = w.concat();
        let best = self
            .known
            .iter()
            .filter(|k| (0..k.folded.len()).any(|i| k.folded[i..].concat() == joined))
            .max_by_key(|k| (k.rank, k.folded.concat().len(), std::cmp::Reverse(k.at)));
        // A word before the name that is not part of it («پیام تصویری صدر»): a better-attested
        // name ending with a shorter tail wins over the phrase itself.
        let tail_match = || {
            if w.len() < 2 {
                return None;
            }
            let tail = &w[1..];
            self.known
                .iter()
                .filter(|k| k.rank > 1 && k.folded.len() > tail.len() && k.folded.ends_with(tail))
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
        let last = w.last()?;
        self.ents.clusters.iter().position(|c| {
            c.kind == EntityType::Per && folded_words(&c.canonical).last() == Some(last)
        })
    }

    /// A role's person through the entity clusters: the cluster of a role mention inside the
    /// phrase, when it holds a person mention.
    fn role_cluster(&self, bytes: &Range<usize>) -> Option<(String, usize)> {
        let ents = self.ents;
        ents.mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.range.start < bytes.end && bytes.start < m.range.end)
            .find_map(|(i, _)| {
                let c = ents.cluster_of.get(i).copied().flatten()?;
                let cl = &ents.clusters[c];
                let has_person = cl
                    .mentions
                    .iter()
                    .any(|&mi| ents.mentions[mi].kind == EntityType::Per);
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
            && !cues.iter().any(|m| m.start == j && m.is_cue())
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
    for (r, c) in raws.iter().zip(classes) {
        if *c != Class::Name {
            continue;
        }
        let Some(sp) = &r.speaker else { continue };
        let words: Vec<usize> = sp.clone().filter(|&j| toks.is_word[j]).collect();
        let [w] = words[..] else { continue };
        let surname = &toks.folded[w];
        if known
            .iter()
            .any(|k| k.folded.last() == Some(surname) && k.folded.len() > 1)
        {
            continue;
        }
        let mut before: Vec<usize> = Vec::new();
        for j in 1..n {
            if &toks.folded[j] != surname
                || !toks.is_word[j - 1]
                || toks.sent[j - 1] != toks.sent[j]
            {
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
        if distinct.len() == 1 {
            let p = before[0];
            let r = ctx.doc.token_bytes(p..p + 2);
            let name = text[r.clone()].to_string();
            known.push(Known::new(1, r.start, name, None));
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
        let Some(ti) = ctx.doc.tokens.iter().position(|t| t.range.start >= k.at) else {
            continue;
        };
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
                    || (toks.word_at(e, n, WordKind::Boundary).is_none()
                        && !cues.iter().any(|m| m.start == e && m.is_cue())))
            {
                e += 1;
            }
            let words: Vec<String> = toks.folded[j..e].to_vec();
            let bytes = ctx.doc.token_bytes(j..e);
            appositions.push((words, k.name.clone(), ctx.places_in(&bytes)));
        }
    }
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
    };
    let classes: Vec<Class> = raws
        .iter()
        .map(|r| {
            r.speaker
                .as_ref()
                .map_or(Class::Missing, |s| ctx.classify(s))
        })
        .collect();
    collect_known(&mut ctx, cues, &raws, &classes);
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
                    .known
                    .iter()
                    .any(|k| k.rank > 1 && k.folded.len() > w.len() && k.folded.ends_with(&w));
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
            }
        }
    }
    // Roles: an earlier resolution of the same role, the next named speaker, the cluster.
    let mut role_map: Vec<(Vec<String>, String, Option<usize>)> = Vec::new();
    for i in 0..n {
        if classes[i] != Class::Role {
            continue;
        }
        let sp = raws[i].speaker.as_ref().expect("role speaker");
        let b = ctx.span(sp);
        let words = folded_words(&text[b.clone()]);
        let from_map = role_map
            .iter()
            .filter_map(|(k, nm, c)| role_match(k, &words).map(|p| (p, nm, c)))
            .max_by_key(|(p, _, _)| *p)
            .map(|(_, nm, c)| (nm.clone(), *c));
        // A person the text gives an office of another place cannot hold this one (نماینده چین
        // / وزیر خارجه روسیه). People hold several offices, so other offices do not clash.
        let places = ctx.places_in(&b);
        let fits = |nm: &str| {
            let fw = folded_words(nm);
            let roles: Vec<&(Vec<String>, String, Vec<String>)> = ctx
                .appositions
                .iter()
                .filter(|(_, an, _)| folded_words(an) == fw)
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
        let lead = !(0..i).any(|j| classes[j] == Class::Name);
        let window = if lead { 8 } else { 3 };
        let ahead = || {
            (i + 1..n)
                .take_while(|&j| raws[j].sent <= raws[i].sent + window)
                .filter(|&j| classes[j] == Class::Name)
                .filter_map(|j| names[j].clone())
                .find(|(nm, _)| fits(nm))
        };
        let appos = || {
            ctx.appositions
                .iter()
                .filter_map(|(k, nm, _)| role_match(k, &words).map(|p| (p, nm)))
                .max_by_key(|(p, _)| *p)
                .map(|(_, nm)| ctx.expand(nm))
        };
        // The last named speaker before: agency copy varies the role description of its
        // main speaker («نماینده مجلس» … «رییس فراکسیون …»).
        let behind = || {
            (0..i)
                .rev()
                .find(|&j| classes[j] == Class::Name && names[j].is_some())
                .and_then(|j| names[j].clone())
                .filter(|(nm, _)| fits(nm))
        };
        // The entity cluster, when its name is one the text gives.
        let cluster = || {
            let (nm, c) = ctx.role_cluster(&b)?;
            let (full, _) = ctx.expand(&nm);
            let fw = folded_words(&full);
            (ctx.known.iter().any(|k| k.folded == fw) && fits(&full)).then_some((full, Some(c)))
        };
        let r = from_map
            .or_else(appos)
            .or_else(ahead)
            .or_else(behind)
            .or_else(cluster);
        if let Some((nm, c)) = &r {
            role_map.push((words, nm.clone(), *c));
        }
        names[i] = r;
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
        names[i] = role_map
            .iter()
            .filter_map(|(k, nm, c)| role_match(k, rest).map(|p| (p, nm, c)))
            .max_by_key(|(p, _, _)| *p)
            .map(|(_, nm, c)| (nm.clone(), *c))
            .or_else(|| {
                ctx.appositions
                    .iter()
                    .filter_map(|(k, nm, _)| role_match(k, rest).map(|p| (p, nm)))
                    .max_by_key(|(p, _)| *p)
                    .map(|(_, nm)| ctx.expand(nm))
            });
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
                    }
                }
            }
        }
    }
    // Pronouns, anaphors and missing subjects: the last resolved speaker before them.
    for i in 0..n {
        if !matches!(classes[i], Class::Pronoun | Class::Anaphor | Class::Missing)
            || names[i].is_some()
        {
            continue;
        }
        let prev = (0..i).rev().find_map(|j| names[j].clone());
        let prev = prev.or_else(|| {
            // A name mentioned before the quote's sentence (not one inside its own clauses).
            let at = doc.sentences[raws[i].sent].range.start;
            ctx.known
                .iter()
                .filter(|k| k.at < at)
                .max_by_key(|k| k.at)
                .map(|k| ctx.expand(&k.name))
        });
        // A pronoun before any name points forward: «او که … گفت …». «X»، رئیس … اعلام کرد».
        let prev = prev.or_else(|| {
            (i + 1..n)
                .take_while(|&j| raws[j].sent <= raws[i].sent + 2)
                .find(|&j| classes[j] == Class::Name && names[j].is_some())
                .and_then(|j| names[j].clone())
        });
        names[i] = prev;
    }
    raws.into_iter()
        .zip(names)
        .zip(classes)
        .map(|((r, nm), class)| {
            let speaker = r.speaker.as_ref().map(|s| ctx.span(s));
            let (speaker_name, cluster) = nm.map_or((None, None), |(a, b)| (Some(a), b));
            let mut confidence = r.confidence;
            if speaker_name.is_none() && class != Class::Unnamed {
                confidence = confidence.min(CERTAIN - 0.05);
            }
            Quote {
                kind: r.kind,
                content: r.content,
                cue: r.cue,
                speaker,
                speaker_name,
                cluster,
                confidence,
                form: r.form,
            }
        })
        .collect()
}
