//! Collecting the names a text gives (person mentions, title-led phrases, given name and
//! surname, speaker phrases) and the roles written next to them (appositions), then indexing
//! them for the resolver.

use super::names::{clean_name, folded_words, Index, Known};
use super::{Class, Ctx};
use crate::entities::EntityType;
use crate::quotes::lex::{cue_at, CueMatch, WordKind};
use crate::quotes::Raw;
use std::collections::{HashMap, HashSet};

/// Names the text gives: person mentions, title-led phrases and name-like speaker phrases.
pub(super) fn collect_known(ctx: &mut Ctx, cues: &[CueMatch], raws: &[Raw], classes: &[Class]) {
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
    let l = crate::quotes::lex::lex();
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
