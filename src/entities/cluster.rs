//! Grouping of mentions that name the same real-world entity.
//!
//! - People: by their name without titles, compared on the flat form (ZWNJ/space, ي/ی,
//!   ئ/ی variants fold together); a shorter name that is the tail of a longer one
//!   (`حاتمی` → `امیر حاتمی`) joins it. The canonical name is the fullest name, titles removed.
//! - Roles: by apposition (`وزیر دفاع امیر سرتیپ حاتمی`, `حاتمی، وزیر دفاع،`), then the
//!   same office mentioned again (`وزیر دفاع` and `وزیر دفاع جمهوری اسلامی ایران`), then the
//!   lead convention (an office in the first sentence, the person named in the next two).
//!   A role joins its person's cluster, so the quote stage can resolve a role speaker.
//! - Other types: by equal flat form.

use super::features::lookup_form;
use super::{Cluster, EntityType, Mention};
use crate::lexicon;
use crate::Doc;

fn flat_words(s: &str) -> Vec<String> {
    s.split([' ', '\u{200C}'])
        .filter(|w| !w.is_empty())
        .map(|w| lookup_form(w).replace('ئ', "ی"))
        .collect()
}

/// Clusters `mentions` (sorted by start). Returns the clusters and each mention's cluster.
pub fn cluster(doc: &Doc, mentions: &[Mention]) -> (Vec<Cluster>, Vec<Option<usize>>) {
    let text = doc.text();
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut keys: Vec<Vec<String>> = Vec::new();
    let mut of: Vec<Option<usize>> = vec![None; mentions.len()];
    let sentence_of = |b: usize| {
        doc.sentences
            .iter()
            .position(|s| s.range.start <= b && b < s.range.end.max(s.range.start + 1))
            .unwrap_or(usize::MAX)
    };
    // People, fullest names first so that a surname mention finds its full name.
    let mut order: Vec<usize> = (0..mentions.len())
        .filter(|&i| mentions[i].kind == EntityType::Per)
        .collect();
    let names: Vec<String> = mentions
        .iter()
        .map(|m| lexicon::strip_titles(&text[m.range.clone()]).to_string())
        .collect();
    let words: Vec<Vec<String>> = names.iter().map(|n| flat_words(n)).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(words[i].len()), i));
    for &i in &order {
        let w = &words[i];
        if w.is_empty() {
            continue;
        }
        let joined: String = w.concat();
        let found = (0..clusters.len()).find(|&c| {
            clusters[c].kind == EntityType::Per && {
                let k = &keys[c];
                k.concat() == joined || (w.len() < k.len() && k.ends_with(w))
            }
        });
        let c = found.unwrap_or_else(|| {
            clusters.push(Cluster {
                kind: EntityType::Per,
                canonical: names[i].clone(),
                mentions: vec![],
            });
            keys.push(w.clone());
            clusters.len() - 1
        });
        clusters[c].mentions.push(i);
        of[i] = Some(c);
    }
    // Roles.
    let is_role = |i: usize| mentions[i].kind == EntityType::Role;
    let gap = |a: usize, b: usize| text.get(a..b).unwrap_or("x").to_string();
    for i in 0..mentions.len() {
        if !is_role(i) {
            continue;
        }
        // Role then person: `وزیر دفاع امیر سرتیپ حاتمی`.
        if let Some(p) = mentions.get(i + 1) {
            if p.kind == EntityType::Per
                && gap(mentions[i].range.end, p.range.start).trim().is_empty()
            {
                of[i] = of[i + 1];
                continue;
            }
        }
        // Person, (comma,) role: `حاتمی، وزیر دفاع،`, `عباس عراقچی معاون سیاسی وزیر خارجه`.
        if i > 0 && mentions[i - 1].kind == EntityType::Per {
            let g = gap(mentions[i - 1].range.end, mentions[i].range.start);
            // A name in quotation marks stays in apposition: `«سرتیپ … یزدی» فرمانده سپاه`.
            let g = g.trim().trim_start_matches(['»', '"', '”']).trim_start();
            if matches!(g, "" | "،" | "," | "-" | "(") {
                of[i] = of[i - 1];
            }
        }
    }
    let role_words: Vec<Vec<String>> = (0..mentions.len())
        .map(|i| {
            if is_role(i) {
                flat_words(&text[mentions[i].range.clone()])
            } else {
                vec![]
            }
        })
        .collect();
    // Offices are the same when the office phrases are equal (flat, without spaces) and the
    // complements end in the same word, or one of them has none (`وزیر دفاع` and
    // `وزیر دفاع جمهوری اسلامی ایران`; `دبیرکل وزیر دفاع عراق` and
    // `دبیر کل وزارت دفاع عراق`).
    let office: Vec<(String, &[String])> = role_words
        .iter()
        .map(|w| {
            let n = super::rules::office_len(w, 0).max(1).min(w.len());
            (w[..n].concat(), &w[n..])
        })
        .collect();
    let same_office = |a: usize, b: usize| {
        let (x, y) = (&office[a], &office[b]);
        let head = |o: &(String, &[String])| o.0.chars().take(4).collect::<String>();
        let last = |o: &(String, &[String])| o.1.last().cloned();
        // Complements agree when one is missing, one starts the other
        // (`کنفدراسیون صادرات` / `کنفدراسیون صادرات ایران`), or both end in the same word.
        let agree = x.1.is_empty()
            || y.1.is_empty()
            || x.1.starts_with(y.1)
            || y.1.starts_with(x.1)
            || last(x) == last(y);
        !x.0.is_empty()
            && (x.0 == y.0 || (head(x) == head(y) && !x.1.is_empty() && last(x) == last(y)))
            && agree
            && (x.0.chars().count() > 4 || !x.1.is_empty() || !y.1.is_empty())
    };
    let propagate = |of: &mut Vec<Option<usize>>| {
        for i in 0..mentions.len() {
            if !is_role(i) || of[i].is_some() {
                continue;
            }
            if let Some(j) = (0..mentions.len())
                .find(|&j| j != i && is_role(j) && of[j].is_some() && same_office(i, j))
            {
                of[i] = of[j];
            }
        }
    };
    propagate(&mut of);
    // The lead convention: a role in the first sentence, the person in the next two.
    for i in 0..mentions.len() {
        if !is_role(i) || of[i].is_some() {
            continue;
        }
        // The same office seen earlier and resolved by now (perhaps by this very convention)
        // names the same person; the convention applies only to an office's first mention.
        if let Some(j) = (0..i).find(|&j| is_role(j) && of[j].is_some() && same_office(i, j)) {
            of[i] = of[j];
            continue;
        }
        let s = sentence_of(mentions[i].range.start);
        let first_text_sentence = doc
            .sentences
            .iter()
            .position(|x| x.tokens.len() > 3)
            .unwrap_or(0);
        if s > first_text_sentence + 1 {
            continue;
        }
        if let Some(p) = (i + 1..mentions.len()).find(|&p| {
            mentions[p].kind == EntityType::Per && {
                let ps = sentence_of(mentions[p].range.start);
                ps > s && ps <= s + 2
            }
        }) {
            of[i] = of[p];
        }
    }
    propagate(&mut of);
    for (i, c) in of.iter().enumerate() {
        if let (true, Some(c)) = (is_role(i), *c) {
            clusters[c].mentions.push(i);
        }
    }
    // Roles without a person: grouped by office. Other types: by flat form.
    for i in 0..mentions.len() {
        if of[i].is_some() {
            continue;
        }
        let k = flat_words(&text[mentions[i].range.clone()]);
        let found = (0..clusters.len()).find(|&c| {
            clusters[c].kind == mentions[i].kind
                && (keys[c] == k
                    || (is_role(i) && {
                        let n = k.len().min(keys[c].len());
                        n > 1 && k[..n] == keys[c][..n]
                    }))
        });
        let c = found.unwrap_or_else(|| {
            clusters.push(Cluster {
                kind: mentions[i].kind,
                canonical: text[mentions[i].range.clone()].to_string(),
                mentions: vec![],
            });
            keys.push(k);
            clusters.len() - 1
        });
        clusters[c].mentions.push(i);
        of[i] = Some(c);
    }
    for c in &mut clusters {
        c.mentions.sort_unstable();
        c.mentions.dedup();
    }
    // The canonical name of a person is the fullest name mention.
    for (c, k) in clusters.iter_mut().zip(&keys) {
        if c.kind == EntityType::Per {
            let _ = k;
            if let Some(best) = c
                .mentions
                .iter()
                .filter(|&&m| mentions[m].kind == EntityType::Per)
                .max_by_key(|&&m| (words[m].len(), std::cmp::Reverse(m)))
            {
                c.canonical = names[*best].clone();
            }
        }
    }
    (clusters, of)
}
