//! Features of the learned tagger: hashed strings, computed the same way at training time
//! (`examples/train_ner.rs`) and at tagging time, so the two can never drift apart.
//!
//! Every token is first folded ([`fold`]): the normalizer's character pass (letter variants,
//! digits, diacritics), a space inside a token read as a ZWNJ, and then a *flat* form with the
//! ZWNJs removed. News text often has its ZWNJs stripped while the corpora keep them, so word
//! identity is read from the flat form and ZWNJ presence is a feature of its own.

use crate::document::apply;
use crate::hashing::{FastMap, FastSet};
use crate::normalize::{chars, NormOptions};
use crate::segment::is_common_arabic_letter as is_arabic_letter;
use std::borrow::Cow;
use std::sync::OnceLock;

/// A folded token: the forms the features read.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    /// Normalized, ZWNJs removed, digits as `0`.
    pub flat: String,
    /// Whether the normalized token had a ZWNJ (or a space) inside.
    pub zwnj: bool,
    /// Coarse shape: `a` Persian letter, `L` Latin, `0` digit, `p` punctuation.
    pub shape: String,
}

/// Folds one token (see the module docs).
pub fn fold(token: &str) -> Folded {
    let opts = NormOptions::default();
    let edits = chars::char_pass(token, &opts);
    let norm = if edits.is_empty() {
        std::borrow::Cow::Borrowed(token)
    } else {
        std::borrow::Cow::Owned(apply(token, &edits))
    };
    let mut flat = String::with_capacity(norm.len());
    let mut zwnj = false;
    let mut shape = String::new();
    for c in norm.chars() {
        let s = if c == '\u{200C}' || c == ' ' {
            zwnj = true;
            continue;
        } else if is_arabic_letter(c) {
            // Fast path for the common case (the Unicode tables behind `is_numeric`,
            // `is_alphabetic` and `to_lowercase` are a tenth of the stage's time otherwise).
            flat.push(c);
            'a'
        } else if c.is_numeric() {
            flat.push('0');
            '0'
        } else {
            push_lower(&mut flat, c);
            if c.is_ascii_alphabetic() {
                'L'
            } else if c.is_alphabetic() {
                'a'
            } else {
                'p'
            }
        };
        if !shape.ends_with(s) {
            shape.push(s);
        }
    }
    Folded { flat, zwnj, shape }
}

/// The flat form used to look words up in lists (gazetteers, clusters): [`fold`]'s `flat`,
/// but digits kept.
pub fn lookup_form(s: &str) -> String {
    let opts = NormOptions::default();
    let edits = chars::char_pass(s, &opts);
    let norm = apply(s, &edits);
    let mut out = String::with_capacity(norm.len());
    for c in norm.chars().filter(|&c| c != '\u{200C}' && c != ' ') {
        push_lower(&mut out, c);
    }
    out
}

/// Pushes the lowercase of `c`, skipping the case tables for caseless Arabic letters and ASCII.
#[inline]
fn push_lower(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if is_arabic_letter(c) {
        out.push(c);
    } else {
        out.extend(c.to_lowercase());
    }
}

/// Gazetteer classes a token can belong to (bit flags).
pub mod gaz {
    pub const FIRST: u8 = 1;
    pub const LAST: u8 = 2;
    pub const PLACE_B: u8 = 4;
    pub const PLACE_I: u8 = 8;
    pub const ORG_B: u8 = 16;
    pub const ORG_I: u8 = 32;
    pub const TITLE: u8 = 64;
}

/// Word lists read by the features: given names, surnames, places (multi-word entries joined
/// by spaces, looked up by n-grams), organizations, titles; and word clusters when the model is
/// built in.
///
/// The big lists (names, clusters) are stored flat in `data/`, so their entries are borrowed
/// from the compiled-in text instead of normalized and copied one by one: normalizing 50,000
/// entries took most of the stage's lazy initialization, which delays the first analysis in
/// the page.
pub struct Lexicons<'a> {
    first: FastSet<Cow<'a, str>>,
    last: FastSet<Cow<'a, str>>,
    /// Multi-word lists: flat n-gram (tokens joined by a space) → kind (PLACE_B or ORG_B).
    ngrams: FastMap<String, u8>,
    max_n: usize,
    titles: FastSet<String>,
    /// Word → (fine, coarse, embedding) cluster, borrowed from the table's text.
    clusters: FastMap<&'a str, Clusters>,
}

fn flat_words(s: &str) -> String {
    s.split_whitespace()
        .map(lookup_form)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `s` is already in flat form (what [`lookup_form`] would return), checked by
/// characters without allocating.
fn is_flat(s: &str) -> bool {
    s.chars().all(|c| {
        !(c == ' '
            || c == '\u{200C}'
            || c.is_ascii_digit()
            || c.is_uppercase()
            || matches!(c, 'ي' | 'ى' | 'ك' | 'ە' | 'ھ' | '٠'..='٩' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}' | '\u{00A0}'))
    })
}

/// One-word entries of a list in flat form (entries already flat are borrowed).
fn flat_set(text: &str) -> FastSet<Cow<'_, str>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            if is_flat(l) {
                Cow::Borrowed(l)
            } else {
                Cow::Owned(lookup_form(l))
            }
        })
        .collect()
}

impl<'a> Lexicons<'a> {
    /// Builds the lists from the given texts (one entry a line; `#` lines are comments;
    /// `clusters` as in `data/ner/clusters.tsv`).
    pub fn from_texts(
        first: &'a str,
        last: &'a str,
        places: &str,
        orgs: &str,
        titles: &str,
        clusters: &'a str,
    ) -> Lexicons<'a> {
        let entries = |t: &str| -> Vec<String> {
            t.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(flat_words)
                .collect()
        };
        let mut ngrams = FastMap::default();
        let mut max_n = 1;
        for (text, kind) in [(places, gaz::PLACE_B), (orgs, gaz::ORG_B)] {
            for e in entries(text) {
                max_n = max_n.max(e.split(' ').count());
                ngrams.entry(e).or_insert(kind);
            }
        }
        let mut cl = FastMap::default();
        for line in clusters.lines() {
            let mut it = line.split('\t');
            let (Some(w), Some(a), Some(b)) = (it.next(), it.next(), it.next()) else {
                continue;
            };
            let c = it.next().and_then(|c| c.parse().ok()).unwrap_or(u16::MAX);
            if let (Ok(a), Ok(b)) = (a.parse(), b.parse()) {
                cl.insert(w, (a, b, c));
            }
        }
        Lexicons {
            first: flat_set(first),
            last: flat_set(last),
            ngrams,
            max_n: max_n.min(5),
            titles: entries(titles)
                .into_iter()
                .filter(|t| !t.contains(' '))
                .collect(),
            clusters: cl,
        }
    }

    /// The lists compiled into the crate.
    pub fn builtin() -> &'static Lexicons<'static> {
        static L: OnceLock<Lexicons<'static>> = OnceLock::new();
        L.get_or_init(|| {
            let titles: String = crate::lexicon::titles()
                .filter(|(k, _)| *k == crate::lexicon::TitleKind::Title)
                .map(|(_, t)| format!("{t}\n"))
                .collect();
            #[cfg(feature = "model")]
            let clusters = include_str!("../../data/ner/clusters.tsv");
            #[cfg(not(feature = "model"))]
            let clusters = "";
            Lexicons::from_texts(
                include_str!("../../data/gazetteers/first_names.txt"),
                include_str!("../../data/gazetteers/last_names.txt"),
                include_str!("../../data/gazetteers/places.txt"),
                include_str!("../../data/gazetteers/orgs.txt"),
                &titles,
                clusters,
            )
        })
    }

    /// Gazetteer flags of each token of a sentence (tokens already folded).
    pub fn flags(&self, flats: &[&str]) -> Vec<u8> {
        let mut out = vec![0u8; flats.len()];
        for (i, w) in flats.iter().enumerate() {
            if self.first.contains(*w) {
                out[i] |= gaz::FIRST;
            }
            if self.last.contains(*w) {
                out[i] |= gaz::LAST;
            }
            if self.titles.contains(*w) {
                out[i] |= gaz::TITLE;
            }
        }
        let mut key = String::new();
        let mut i = 0;
        while i < flats.len() {
            let mut best = None;
            key.clear();
            for n in 1..=self.max_n.min(flats.len() - i) {
                if n > 1 {
                    key.push(' ');
                }
                key.push_str(flats[i + n - 1]);
                if let Some(&k) = self.ngrams.get(key.as_str()) {
                    best = Some((n, k));
                }
            }
            if let Some((n, k)) = best {
                out[i] |= k;
                for o in out.iter_mut().skip(i + 1).take(n - 1) {
                    *o |= k << 1;
                }
                i += n;
            } else {
                i += 1;
            }
        }
        out
    }

    /// The (fine, word2vec 300, word2vec 80) clusters of a flat word (see [`Clusters`]).
    pub fn cluster(&self, flat: &str) -> Option<Clusters> {
        self.clusters.get(flat).copied()
    }
}

/// FNV-1a over a template id and the feature's bytes.
#[inline]
pub fn hash(template: u8, parts: &[&[u8]]) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(template);
    h = h.wrapping_mul(0x100_0000_01b3);
    for p in parts {
        for &b in *p {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    (h ^ (h >> 32)) as u32
}

/// Word clusters of a word, the columns of `data/ner/clusters.tsv`: a fine cluster (k=600) of
/// its neighbour-count vector (syntax), and two clusters (k=300, k=80) of its word2vec vector
/// (`tools/ner/embed_clusters.py`), which also group by topic. The second column feeds the
/// templates the coarse clusters fed before (token, pairs with neighbours, previous cluster
/// with the word); the third, `u16::MAX` when the table has no third column, the token and
/// its pairs with the neighbours. Measured: ARMAN +2 F1, PEYMA unchanged.
pub type Clusters = (u16, u16, u16);

/// A sentence prepared for feature extraction.
pub struct Prepared {
    pub folded: Vec<Folded>,
    pub flags: Vec<u8>,
    pub clusters: Vec<Option<Clusters>>,
}

impl Prepared {
    pub fn new(tokens: &[&str], lex: &Lexicons) -> Prepared {
        let folded: Vec<Folded> = tokens.iter().map(|t| fold(t)).collect();
        let flats: Vec<&str> = folded.iter().map(|f| f.flat.as_str()).collect();
        let flags = lex.flags(&flats);
        let clusters = flats.iter().map(|f| lex.cluster(f)).collect();
        Prepared {
            folded,
            flags,
            clusters,
        }
    }

    pub fn len(&self) -> usize {
        self.folded.len()
    }

    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }

    fn word(&self, i: isize) -> &[u8] {
        if i < 0 {
            b"<s>"
        } else if i as usize >= self.folded.len() {
            b"</s>"
        } else {
            self.folded[i as usize].flat.as_bytes()
        }
    }

    fn cl(&self, i: isize) -> [u8; 6] {
        if i < 0 || i as usize >= self.folded.len() {
            return [0xff; 6];
        }
        match self.clusters[i as usize] {
            Some((a, b, c)) => {
                let a = a.to_le_bytes();
                let b = b.to_le_bytes();
                let c = c.to_le_bytes();
                [a[0], a[1], b[0], b[1], c[0], c[1]]
            }
            None => [0xfe; 6],
        }
    }

    fn flag(&self, i: isize) -> u8 {
        if i < 0 || i as usize >= self.folded.len() {
            0x80
        } else {
            self.flags[i as usize]
        }
    }

    /// Appends the hashed features of token `i` to `out`.
    pub fn features(&self, i: usize, out: &mut Vec<u32>) {
        let ii = i as isize;
        let f = &self.folded[i];
        let w = f.flat.as_bytes();
        out.push(hash(0, &[]));
        out.push(hash(1, &[w]));
        out.push(hash(2, &[self.word(ii - 1)]));
        out.push(hash(3, &[self.word(ii + 1)]));
        out.push(hash(4, &[self.word(ii - 2)]));
        out.push(hash(5, &[self.word(ii + 2)]));
        out.push(hash(6, &[self.word(ii - 1), w]));
        out.push(hash(7, &[w, self.word(ii + 1)]));
        // Affixes, by characters.
        // (Character boundaries read off the string as needed: no list of them per token.)
        let n = f.flat.chars().count();
        let mut from_start = f.flat.char_indices().skip(1);
        for k in 1..=3usize {
            if n > k {
                let (at, _) = from_start.next().expect("character k of n > k");
                out.push(hash(8 + k as u8, &[&w[..at]]));
            }
        }
        let mut from_end = f.flat.char_indices().rev();
        for k in 1..=4usize {
            if n > k {
                let (at, _) = from_end.next().expect("character n - k of n > k");
                out.push(hash(12 + k as u8, &[&w[at..]]));
            }
        }
        let len = [n.min(8) as u8];
        out.push(hash(17, &[f.shape.as_bytes(), &len]));
        out.push(hash(18, &[&[f.zwnj as u8]]));
        let cur = self.cl(ii);
        let prev = self.cl(ii - 1);
        let next = self.cl(ii + 1);
        out.push(hash(19, &[&cur[..2]]));
        out.push(hash(20, &[&cur[2..4]]));
        out.push(hash(21, &[&prev[..2]]));
        out.push(hash(22, &[&next[..2]]));
        out.push(hash(23, &[&prev[2..4], &cur[2..4]]));
        out.push(hash(24, &[&cur[2..4], &next[2..4]]));
        out.push(hash(25, &[&prev[2..4], w]));
        out.push(hash(32, &[&cur[4..]]));
        out.push(hash(33, &[&prev[4..], &cur[4..]]));
        out.push(hash(34, &[&cur[4..], &next[4..]]));
        let g = [self.flag(ii), self.flag(ii - 1), self.flag(ii + 1)];
        out.push(hash(26, &[&g[..1]]));
        out.push(hash(27, &[&g[1..2]]));
        out.push(hash(28, &[&g[2..3]]));
        out.push(hash(29, &[&g]));
        out.push(hash(30, &[&[u8::from(i == 0)], f.shape.as_bytes()]));
        out.push(hash(31, &[self.word(ii - 1), &next[2..]]));
    }
}

/// Document consistency (second pass; Krishnan & Manning 2006): a name is usually tagged
/// the same way throughout an article, and a sentence alone often cannot tell (`حاتمی` after a
/// title in one sentence, bare in the next). The first pass tags every sentence; then each
/// word gets features from the labels the *same word* got in the other sentences of a window
/// around it. The key of a token: a hash of its flat form, for word-like tokens of two
/// characters or more (`None` for the others, which take no part).
pub fn doc_key(f: &Folded) -> Option<u64> {
    if f.flat.chars().nth(1).is_none() || !(f.shape.contains('a') || f.shape.contains('L')) {
        return None;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in f.flat.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    Some(h)
}

/// What the other sentences of the window said about a word: `[status, type, begins]` with
/// status 0 = always outside, 1 = always inside a span, 2 = mostly inside, 3 = sometimes;
/// type = the most frequent entity type (label index, 255 = none), begins = whether that
/// type mostly began its span on this word.
pub type DocSummary = Option<[u8; 3]>;

fn summarize(counts: &[i32]) -> DocSummary {
    let o = counts[0];
    let (mut best, mut e, mut b) = (255u8, 0i32, 0i32);
    for (k, pair) in counts[1..].chunks(2).enumerate() {
        let n = pair[0] + pair.get(1).copied().unwrap_or(0);
        if n > e {
            (best, e, b) = (k as u8, n, pair[0]);
        }
    }
    if o + e <= 0 {
        return None;
    }
    let status = if e == 0 {
        0
    } else if o == 0 {
        1
    } else if e >= o {
        2
    } else {
        3
    };
    Some([status, best, u8::from(e > 0 && 2 * b >= e)])
}

/// The first-pass labels the sentences of a window gave each word, for [`DocSummary`]s:
/// sentences enter and leave the window as it moves along the document.
pub struct DocCounts {
    nl: usize,
    /// Word key → its slot of `nl` counts in `counts`. (The keys are hashes already: a
    /// cheap hasher, and one array instead of a vector per word.)
    slots: FastMap<u64, usize>,
    counts: Vec<i32>,
}

impl DocCounts {
    /// Counts over first-pass labels of `nl` kinds.
    pub fn new(nl: usize) -> DocCounts {
        DocCounts {
            nl,
            slots: FastMap::default(),
            counts: Vec::new(),
        }
    }

    /// Adds (`d` = 1) or takes away (`d` = -1) the labels of one sentence (its [`doc_key`]s).
    pub fn add(&mut self, keys: &[Option<u64>], labels: &[u8], d: i32) {
        let nl = self.nl;
        for (k, &l) in keys.iter().zip(labels) {
            if let Some(k) = k {
                let counts = &mut self.counts;
                let slot = *self.slots.entry(*k).or_insert_with(|| {
                    counts.resize(counts.len() + nl, 0);
                    counts.len() / nl - 1
                });
                if let Some(x) = counts[slot * nl..(slot + 1) * nl].get_mut(l as usize) {
                    *x += d;
                }
            }
        }
    }

    /// The summary of each key's word over the sentences counted now.
    pub fn summaries(&self, keys: &[Option<u64>]) -> Vec<DocSummary> {
        keys.iter()
            .map(|k| {
                let slot = *self.slots.get(&(*k)?)?;
                summarize(&self.counts[slot * self.nl..(slot + 1) * self.nl])
            })
            .collect()
    }
}

/// Per sentence and token, the [`DocSummary`] of the token's word over the sentences within
/// `window` of it (its own sentence left out), given first-pass labels of `nl` kinds.
pub fn doc_summaries(
    keys: &[Vec<Option<u64>>],
    labels: &[Vec<u8>],
    window: usize,
    nl: usize,
) -> Vec<Vec<DocSummary>> {
    let n = keys.len();
    let mut counts = DocCounts::new(nl);
    let (mut lo, mut hi) = (0, 0);
    let mut out = Vec::with_capacity(n);
    for s in 0..n {
        while hi < (s + window + 1).min(n) {
            counts.add(&keys[hi], &labels[hi], 1);
            hi += 1;
        }
        while lo < s.saturating_sub(window) {
            counts.add(&keys[lo], &labels[lo], -1);
            lo += 1;
        }
        counts.add(&keys[s], &labels[s], -1);
        out.push(counts.summaries(&keys[s]));
        counts.add(&keys[s], &labels[s], 1);
    }
    out
}

/// Appends the document features of token `i` (summaries of the token and its neighbours).
pub fn doc_features(summ: &[DocSummary], i: usize, out: &mut Vec<u32>) {
    let get = |j: isize| -> [u8; 3] {
        if j < 0 || j as usize >= summ.len() {
            [0xfe; 3]
        } else {
            summ[j as usize].unwrap_or([0xff; 3])
        }
    };
    let ii = i as isize;
    let (p, c, n) = (get(ii - 1), get(ii), get(ii + 1));
    if summ[i].is_some() {
        out.push(hash(40, &[&c[..2]]));
        out.push(hash(41, &[&c]));
    }
    out.push(hash(42, &[&p[..2], &c[..2]]));
    out.push(hash(43, &[&c[..2], &n[..2]]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lists_are_flat_and_sorted() {
        // The shipped lists are stored flat, so that loading them copies nothing.
        for text in [
            include_str!("../../data/gazetteers/first_names.txt"),
            include_str!("../../data/gazetteers/last_names.txt"),
        ] {
            let lines: Vec<&str> = text.lines().collect();
            assert!(lines.iter().all(|l| is_flat(l)));
            assert!(lines.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn doc_summaries_read_other_sentences_in_the_window() {
        let sent =
            |ws: &[&str]| -> Vec<Option<u64>> { ws.iter().map(|w| doc_key(&fold(w))).collect() };
        // Labels: 0 = O, 1 = B of type 0, 2 = I of type 0, 3 = B of type 1.
        let keys = vec![
            sent(&["حاتمی", "گفت"]),
            sent(&["امیر", "حاتمی"]),
            sent(&["حاتمی", "و", "تهران"]),
            sent(&["تهران"]),
        ];
        let labels = vec![vec![0, 0], vec![1, 2], vec![3, 0, 3], vec![0]];
        let s = doc_summaries(&keys, &labels, 1, 5);
        // Sentence 0 sees only sentence 1: `حاتمی` always inside type 0, not beginning.
        assert_eq!(s[0][0], Some([1, 0, 0]));
        // Its own labels are left out: `گفت` occurs nowhere else.
        assert_eq!(s[0][1], None);
        // Sentence 1 sees sentences 0 and 2: once O, once B of type 1.
        assert_eq!(s[1][1], Some([2, 1, 1]));
        // One-letter words take no part.
        assert_eq!(s[2][1], None);
        // Sentence 3 sees sentence 2 only (window 1): `تهران` always B of type 1.
        assert_eq!(s[3][0], Some([1, 1, 1]));
        // Window 0: nothing else is seen.
        assert!(doc_summaries(&keys, &labels, 0, 5)
            .iter()
            .flatten()
            .all(Option::is_none));
    }

    #[test]
    fn arabic_letter_fast_path_agrees_with_the_unicode_tables() {
        for c in (0..0x0800u32).filter_map(char::from_u32) {
            if is_arabic_letter(c) {
                assert!(!c.is_numeric() && c.is_alphabetic(), "{c:?}");
                assert!(c.to_lowercase().eq([c]), "{c:?}");
            }
            let mut a = String::new();
            push_lower(&mut a, c);
            assert_eq!(a, c.to_lowercase().collect::<String>(), "{c:?}");
        }
    }

    #[test]
    fn cluster_table_columns() {
        // Word, neighbour-count fine and coarse… clusters; a missing third column is none.
        let lex = Lexicons::from_texts(
            "",
            "",
            "",
            "",
            "",
            "تهران\t5\t7\t9\nگفت\t1\t2\nبد\tx\t1\t2\n",
        );
        assert_eq!(lex.cluster("تهران"), Some((5, 7, 9)));
        assert_eq!(lex.cluster("گفت"), Some((1, 2, u16::MAX)));
        assert_eq!(lex.cluster("بد"), None);
        let p = Prepared::new(&["تهران", "گفت"], &lex);
        let q = Prepared::new(&["گفت", "گفت"], &lex);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        p.features(0, &mut a);
        q.features(0, &mut b);
        // Same words around, different clusters of the token: some features differ.
        assert_ne!(a, b);
    }

    #[test]
    fn lookups() {
        let lex = Lexicons::from_texts("علی\nمحمد", "حاتمی", "مسکو\nتل آویو", "", "", "");
        let flags = lex.flags(&["علی", "حاتمی", "در", "تل", "آویو"]);
        assert_eq!(flags[0] & gaz::FIRST, gaz::FIRST);
        assert_eq!(flags[1] & gaz::LAST, gaz::LAST);
        assert_eq!(flags[2], 0);
        assert_eq!(flags[3] & gaz::PLACE_B, gaz::PLACE_B);
        assert_eq!(flags[4] & gaz::PLACE_I, gaz::PLACE_I);
    }
}
