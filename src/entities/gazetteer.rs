//! Gazetteer and title rules (first version).

use super::{Cluster, EntityType, Mention, Source};
use crate::lexicon::{self, TitleKind};
use crate::segment::Token;
use crate::Doc;
use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::OnceLock;

struct Lists {
    ac: AhoCorasick,
    kinds: Vec<EntityType>,
}

fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let mut pats: Vec<String> = Vec::new();
        let mut kinds = Vec::new();
        for line in include_str!("../../data/gazetteers/places.txt").lines() {
            pats.push(line.to_string());
            kinds.push(EntityType::Loc);
        }
        for (kind, term) in lexicon::titles() {
            if kind == TitleKind::Role {
                pats.push(term.to_string());
                kinds.push(EntityType::Role);
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&pats)
            .expect("gazetteer automaton");
        Lists { ac, kinds }
    })
}

/// Words that end a name after a title.
const NAME_STOP: &[&str] = &[
    "و",
    "در",
    "با",
    "از",
    "به",
    "که",
    "را",
    "این",
    "آن",
    "نیز",
    "هم",
    "برای",
    "تا",
    "گفت",
    "افزود",
    "اظهار",
    "روز",
    "امروز",
    "دیروز",
    "پس",
    "طی",
];

fn at_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(crate::segment::is_word_char)
        && !after.is_some_and(crate::segment::is_word_char)
}

/// Index of the token starting at byte `b`, if any.
fn token_at(tokens: &[Token], b: usize) -> Option<usize> {
    tokens.binary_search_by_key(&b, |t| t.range.start).ok()
}

pub fn find(doc: &Doc) -> Vec<super::Mention> {
    let text = doc.text();
    let mut out: Vec<Mention> = Vec::new();
    // Titles and ranks followed by a name: a person.
    let titles = lexicon::title_matcher();
    for m in titles.find_iter(text) {
        if !at_word_boundary(text, m.start(), m.end()) || doc.in_boilerplate(m.start()) {
            continue;
        }
        let Some(mut ti) =
            token_at(&doc.tokens, m.end() + 1).or_else(|| token_at(&doc.tokens, m.end()))
        else {
            continue;
        };
        let mut end = None;
        let mut count = 0;
        while ti < doc.tokens.len() && count < 3 {
            let t = &doc.tokens[ti];
            let w = &text[t.range.clone()];
            if !t.is_word || NAME_STOP.contains(&w) || text[m.end()..t.range.start].contains('\n') {
                break;
            }
            end = Some(t.range.end);
            count += 1;
            ti += 1;
        }
        if let Some(end) = end {
            out.push(Mention {
                range: m.start()..end,
                kind: EntityType::Per,
                source: Source::Rule,
                score: 0.6,
            });
        }
    }
    let l = lists();
    for m in l.ac.find_iter(text) {
        if !at_word_boundary(text, m.start(), m.end()) || doc.in_boilerplate(m.start()) {
            continue;
        }
        if out
            .iter()
            .any(|o| o.range.start < m.end() && m.start() < o.range.end)
        {
            continue;
        }
        out.push(Mention {
            range: m.start()..m.end(),
            kind: l.kinds[m.pattern().as_usize()],
            source: Source::Gazetteer,
            score: 0.5,
        });
    }
    out.sort_by_key(|m| m.range.start);
    out
}

/// Groups mentions: people by their name without titles (a surname alone joins the full name
/// that ends with it), and a role that opens the text with the first person named after it.
pub fn cluster(doc: &Doc, mentions: &[Mention]) -> (Vec<Cluster>, Vec<Option<usize>>) {
    let text = doc.text();
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut of = vec![None; mentions.len()];
    for (i, m) in mentions.iter().enumerate() {
        if m.kind != EntityType::Per {
            continue;
        }
        let name = lexicon::strip_titles(&text[m.range.clone()]).to_string();
        let found = clusters.iter().position(|c| {
            c.canonical == name
                || c.canonical.ends_with(&format!(" {name}"))
                || name.ends_with(&format!(" {}", c.canonical))
        });
        let ci = match found {
            Some(ci) => {
                if name.len() > clusters[ci].canonical.len() {
                    clusters[ci].canonical = name;
                }
                ci
            }
            None => {
                clusters.push(Cluster {
                    kind: EntityType::Per,
                    canonical: name,
                    mentions: vec![],
                });
                clusters.len() - 1
            }
        };
        clusters[ci].mentions.push(i);
        of[i] = Some(ci);
    }
    // Roles: the same role text joins the person named nearest after its first use.
    for (i, m) in mentions.iter().enumerate() {
        if m.kind != EntityType::Role {
            continue;
        }
        let person = mentions[i..]
            .iter()
            .enumerate()
            .find(|(_, p)| p.kind == EntityType::Per)
            .map(|(j, _)| i + j);
        if let Some(p) = person.and_then(|p| of[p]) {
            clusters[p].mentions.push(i);
            clusters[p].mentions.sort();
            of[i] = Some(p);
        }
    }
    (clusters, of)
}
