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
    at: usize,
    name: String,
    folded: Vec<String>,
    cluster: Option<usize>,
}

fn folded_words(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == '\u{200C}')
        .map(fold)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Strips leading titles (and quote marks) from a name.
fn clean_name(s: &str) -> String {
    let s = s.trim_matches(|c: char| matches!(c, '«' | '»' | '"' | '“' | '”' | ' ' | '\u{200C}'));
    let s = lexicon::strip_titles(s);
    s.trim_matches(|c: char| matches!(c, '«' | '»' | '"' | '“' | '”' | ' ' | '\u{200C}'))
        .to_string()
}

struct Ctx<'a> {
    doc: &'a Doc<'a>,
    toks: &'a Toks,
    ents: &'a Entities,
    known: Vec<Known>,
}

impl<'a> Ctx<'a> {
    fn span(&self, r: &Range<usize>) -> Range<usize> {
        self.doc.tokens[r.start].range.start..self.doc.tokens[r.end - 1].range.end
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
        if words <= 4 {
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
        let best = self
            .known
            .iter()
            .filter(|k| k.folded.len() >= w.len() && k.folded[k.folded.len() - w.len()..] == w[..])
            .max_by_key(|k| (k.folded.len(), std::cmp::Reverse(k.at)));
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
            known.push(Known {
                at: m.range.start,
                folded: folded_words(&name),
                name,
                cluster: ctx.ents.cluster_of.get(mi).copied().flatten(),
            });
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
            && !cues.iter().any(|m| m.start == j)
        {
            j += 1;
        }
        if j > s && j - s <= 3 {
            let r = ctx.doc.tokens[s].range.start..ctx.doc.tokens[j - 1].range.end;
            let name = clean_name(&text[r.clone()]);
            known.push(Known {
                at: r.start,
                folded: folded_words(&name),
                name,
                cluster: None,
            });
        }
        i = j.max(i + 1);
    }
    for (r, c) in raws.iter().zip(classes) {
        if *c != Class::Name {
            continue;
        }
        let Some(sp) = &r.speaker else { continue };
        let b = ctx.span(sp);
        let name = clean_name(&text[b.clone()]);
        if folded_words(&name).len() >= 2 {
            known.push(Known {
                at: b.start,
                folded: folded_words(&name),
                name,
                cluster: None,
            });
        }
    }
    known.retain(|k| !k.folded.is_empty());
    ctx.known = known;
}

/// Common prefix length of two folded word lists.
fn common_prefix(a: &[String], b: &[String]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
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
    let text = doc.text();
    let n = raws.len();
    let mut names: Vec<Option<(String, Option<usize>)>> = vec![None; n];
    // Names first.
    for i in 0..n {
        if classes[i] == Class::Name {
            let sp = raws[i].speaker.as_ref().expect("named speaker");
            let b = ctx.span(sp);
            let name = match ctx.per_mention_in(&b) {
                Some(mi) => clean_name(&text[ents.mentions[mi].range.clone()]),
                None => clean_name(&text[b.clone()]),
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
            .map(|(k, nm, c)| (common_prefix(k, &words), nm, c))
            .filter(|(p, _, _)| *p >= 2 || (*p == 1 && words.len() == 1))
            .max_by_key(|(p, _, _)| *p)
            .map(|(_, nm, c)| (nm.clone(), *c));
        let ahead = || {
            (i + 1..n)
                .take_while(|&j| raws[j].sent <= raws[i].sent + 3)
                .find(|&j| classes[j] == Class::Name)
                .and_then(|j| names[j].clone())
        };
        let r = from_map
            .or_else(|| ctx.role_cluster(&b).map(|(nm, c)| (nm, Some(c))))
            .or_else(ahead);
        if let Some((nm, c)) = &r {
            role_map.push((words, nm.clone(), *c));
        }
        names[i] = r;
    }
    // Pronouns, anaphors and missing subjects: the last resolved speaker before them.
    for i in 0..n {
        if !matches!(classes[i], Class::Pronoun | Class::Anaphor | Class::Missing) {
            continue;
        }
        let prev = (0..i).rev().find_map(|j| names[j].clone());
        let prev = prev.or_else(|| {
            let at = raws[i].content.start;
            ctx.known
                .iter()
                .filter(|k| k.at < at)
                .max_by_key(|k| k.at)
                .map(|k| ctx.expand(&k.name))
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
