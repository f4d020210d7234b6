//! Resolving speaker phrases to names.
//!
//! The entity stage may or may not cluster a role with the person it names, so the quote stage
//! also reads the text: names are collected from person mentions, from title-led phrases
//! (`سرلشکر محمد جواد کاظم`) and from speaker phrases; a surname takes the longest collected
//! name that ends with it; a role takes the person an earlier quote with the same role was
//! resolved to, else the first named speaker of the next sentences (news leads open with a
//! role and name the person right after), else the entity cluster; a pronoun or `این X`, or
//! a missing subject, takes the last resolved speaker.

mod known;
mod names;

use super::lex::{fold, CueMatch, Toks, WordKind};
use super::{Quote, Raw, CERTAIN};
use crate::entities::{Entities, EntityType};
use crate::lexicon;
use crate::Doc;
use known::collect_known;
use names::{
    best_role, clean_name, folded_words, remember_role, role_words, role_words_match, Index, Known,
    RoleMap,
};
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
        let known = self.index.ending_with(&self.known, &w).any(|k| k.rank > 1);
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
            let is_role = self.toks.folded.is_empty() || role_titles().contains(&fold(&canon));
            (has_person && !is_role && !canon.is_empty()).then_some((canon, c))
        })
    }
}

/// The role titles of the lexicon, folded (read once: a role speaker asks whether its
/// cluster's name is one).
fn role_titles() -> &'static HashSet<String> {
    static S: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    S.get_or_init(|| {
        lexicon::titles()
            .filter(|(k, _)| *k == lexicon::TitleKind::Role)
            .map(|(_, t)| fold(t))
            .collect()
    })
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
    // (`role_map` is grouped by role head: [`role_words_match`] matches nothing across
    // heads.) Role phrases are compared as [`role_words`] gives them, computed once each.
    let mut role_map: RoleMap = HashMap::new();
    let mapped = |role_map: &RoleMap, rw: &[String]| {
        let list = role_map.get(rw.first()?)?;
        best_role(list.iter().map(|(k, nm, c)| (k.as_slice(), (nm, c))), rw)
            .map(|(nm, c)| (nm.clone(), *c))
    };
    let appos_for = |rw: &[String]| {
        let list = ctx.index.appos_by_head.get(rw.first()?)?;
        let roles = &ctx.index.appos_roles;
        best_role(
            list.iter()
                .map(|&a| (roles[a].as_slice(), &ctx.appositions[a].1)),
            rw,
        )
        .map(|nm| ctx.expand(nm))
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
        let rw = role_words(&folded_words(&text[b.clone()]));
        let from_map = mapped(&role_map, &rw);
        // A person the text gives an office of another place cannot hold this one (نماینده چین
        // / وزیر خارجه روسیه). People hold several offices, so other offices do not clash.
        let places = ctx.places_in(&b);
        let fits = |nm: &str| {
            let fw = folded_words(nm);
            let roles = ctx
                .index
                .appos_by_name
                .get(&fw)
                .map_or(&[][..], Vec::as_slice);
            if roles
                .iter()
                .any(|&a| role_words_match(&ctx.index.appos_roles[a], &rw).is_some())
            {
                return true;
            }
            !roles.iter().map(|&a| &ctx.appositions[a].2).any(|pl| {
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
        let appos = || appos_for(&rw);
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
            remember_role(&mut role_map, rw, nm.clone(), c);
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
        let rest = role_words(&words[1..]);
        scores[i] = 0.8;
        names[i] = mapped(&role_map, &rest).or_else(|| appos_for(&rest));
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
