//! The names of a document and the look-ups over them: the names the text gives ([`Known`]),
//! their cleaning and folding, the tables that answer "which names end with these words"
//! without reading every name ([`Index`]), and how two role phrases are compared.

use super::super::lex::{fold, WordKind};
use crate::entities::{Entities, EntityType};
use crate::lexicon;
use std::collections::{HashMap, HashSet};

/// A name found in the text, with its folded tokens.
pub(super) struct Known {
    /// How much the source is trusted: 3 title- or given-name-led, 2 a person mention of the
    /// entity stage, 1 a speaker phrase or a surname's first mention.
    pub(super) rank: u8,
    pub(super) at: usize,
    pub(super) name: String,
    pub(super) folded: Vec<String>,
    pub(super) cluster: Option<usize>,
}

impl Known {
    /// A name the text gives at byte `at`; its folded words are derived from it.
    pub(super) fn new(rank: u8, at: usize, name: String, cluster: Option<usize>) -> Known {
        Known {
            rank,
            at,
            folded: folded_words(&name),
            name,
            cluster,
        }
    }
}

pub(super) fn folded_words(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == '\u{200C}')
        .map(fold)
        .filter(|w| !w.is_empty())
        .collect()
}

pub(super) fn is_name_edge(c: char) -> bool {
    matches!(
        c,
        '«' | '»' | '"' | '“' | '”' | ' ' | '\u{200C}' | '،' | ','
    )
}

/// Strips leading titles and quote marks from a name, and cuts it before the first word that
/// cannot be part of a name (a role, a preposition, a demonstrative, a number): entity
/// mentions and speaker phrases may run on into an apposition.
pub(super) fn clean_name(s: &str) -> String {
    let s = lexicon::strip_titles(s.trim_matches(is_name_edge));
    let s = s.trim_matches(is_name_edge);
    let l = super::super::lex::lex();
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

/// Look-up tables over the names of a document. Each answers a question the resolver used
/// to ask by reading every name, with the same answer (ties broken the same way), so the
/// resolution stays linear in the document. A list keeps one entry per distinct answer it
/// can give (the last of equals, where the question takes the last of its best), so a text
/// that names the same person a thousand times costs the look-up one entry, not a thousand.
#[derive(Default)]
pub(super) struct Index {
    /// Known names by the run-together words of each of their word-aligned tails (one per
    /// distinct rank, name and cluster: the last).
    pub(super) by_tail: HashMap<String, Vec<usize>>,
    /// For each tail, the known name [`Ctx::expand`] prefers (rank, length, earliest).
    pub(super) best_tail: HashMap<String, usize>,
    /// The folded words of every known name.
    pub(super) known_words: HashSet<Vec<String>>,
    /// Known names sorted by position (ties in `known` order).
    pub(super) by_at: Vec<usize>,
    /// Appositions by the folded words of their name (one per distinct role and places),
    /// and by their role's head (one per distinct role words and name: the last).
    pub(super) appos_by_name: HashMap<Vec<String>, Vec<usize>>,
    pub(super) appos_by_head: HashMap<String, Vec<usize>>,
    /// The role words ([`role_words`]) of each apposition.
    pub(super) appos_roles: Vec<Vec<String>>,
    /// The first person cluster with each last name word.
    pub(super) cluster_by_last: HashMap<String, usize>,
    /// Whether each entity cluster holds a person mention.
    pub(super) has_person: Vec<bool>,
}

/// Roles resolved so far, grouped by head: (role words as [`role_words`] gives them, name,
/// cluster), one entry per distinct role words, the latest resolution last (see
/// [`remember_role`]).
pub(super) type RoleMap = HashMap<String, Vec<(Vec<String>, String, Option<usize>)>>;

/// Records that role words `rw` resolved to `name`. A resolution of the same role words
/// replaces the earlier one and moves to the end: [`RoleMap`]'s readers take the last of
/// the best matches, and equal role words match alike, so only the latest can be taken.
pub(super) fn remember_role(map: &mut RoleMap, rw: Vec<String>, name: String, c: Option<usize>) {
    let Some(h) = rw.first() else { return };
    let list = map.entry(h.clone()).or_default();
    if let Some(p) = list.iter().position(|(k, _, _)| *k == rw) {
        list.remove(p);
    }
    list.push((rw, name, c));
}

/// The name of the best role in `list` for role words `rw`: the most shared words, the last
/// of equals.
pub(super) fn best_role<'a, T>(
    list: impl Iterator<Item = (&'a [String], T)>,
    rw: &[String],
) -> Option<T> {
    list.filter_map(|(k, v)| role_words_match(k, rw).map(|p| (p, v)))
        .max_by_key(|(p, _)| *p)
        .map(|(_, v)| v)
}

/// Keeps one index of `list` per distinct `key`: the last, in list order.
fn keep_last<K: std::hash::Hash + Eq>(list: &mut Vec<usize>, key: impl Fn(usize) -> K) {
    let mut seen = HashSet::new();
    list.reverse();
    list.retain(|&i| seen.insert(key(i)));
    list.reverse();
}

impl Index {
    pub(super) fn new(
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
        // Readers of `by_tail` ask whether any name fits (rank, words) or take the last of the
        // best by (rank, words), and use its name and cluster; the folded words derive from
        // the name.
        for list in ix.by_tail.values_mut() {
            keep_last(list, |i| (known[i].rank, &known[i].name, known[i].cluster));
        }
        ix.by_at = (0..known.len()).collect();
        ix.by_at.sort_by_key(|&i| (known[i].at, i));
        ix.appos_roles = appositions.iter().map(|(k, _, _)| role_words(k)).collect();
        for (i, (_, nm, _)) in appositions.iter().enumerate() {
            ix.appos_by_name
                .entry(folded_words(nm))
                .or_default()
                .push(i);
            if let Some(h) = ix.appos_roles[i].first() {
                ix.appos_by_head.entry(h.clone()).or_default().push(i);
            }
        }
        let roles = &ix.appos_roles;
        for list in ix.appos_by_name.values_mut() {
            keep_last(list, |a| (&roles[a], &appositions[a].2));
        }
        for list in ix.appos_by_head.values_mut() {
            keep_last(list, |a| (&roles[a], &appositions[a].1));
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
    pub(super) fn ending_with<'k>(
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
    pub(super) fn last_before<'k>(&self, known: &'k [Known], at: usize) -> Option<&'k Known> {
        let n = self.by_at.partition_point(|&i| known[i].at < at);
        n.checked_sub(1).map(|k| &known[self.by_at[k]])
    }
}

/// Folded words of a role phrase with its head merged into one element, so `مدیر عامل` and
/// `مدیرعامل` compare equal.
pub(super) fn role_words(words: &[String]) -> Vec<String> {
    let l = super::super::lex::lex();
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

/// Whether two role phrases, as [`role_words`] gives them, can name the same office: the
/// same head, and every other word of the shorter one in the longer one (`وزیر دفاع` ~
/// `وزیر دفاع جمهوری اسلامی ایران`, `مدیرعامل مترو` ~ `مدیر عامل شرکت بهره برداری مترو`, not
/// `نماینده چین` ~ `نماینده آمریکا`). Returns the number of shared words.
pub(super) fn role_words_match(a: &[String], b: &[String]) -> Option<usize> {
    if a.is_empty() || b.is_empty() || a[0] != b[0] {
        return None;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // Token words fold a ZWNJ compound into one word (`رسول‌الله` → `رسولالله`) while text
    // split into words gives two (`رسول الله`): a word also matches inside the other side's
    // words run together (joined only when a word is not found as it stands).
    let mut long_run: Option<String> = None;
    short[1..]
        .iter()
        .all(|w| {
            long[1..].contains(w)
                || long_run
                    .get_or_insert_with(|| long[1..].concat())
                    .contains(w.as_str())
        })
        .then_some(short.len())
}
