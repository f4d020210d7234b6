//! The ZWNJ lexicon: an fst map from a word's spelling without ZWNJs to what is known of it.
//!
//! Built by `tools/norm/build_lexicon.py` from hazm's and shekar's word lists (MIT, see
//! `data/norm/PROVENANCE.md`) and compiled by `examples/norm_build_fst.rs`. An fst shares
//! prefixes and suffixes, so ~110k Persian words take ~0.8 MB (~0.5 MB gzip) and a lookup
//! walks the key's bytes once without allocating.

use fst::Map;
use std::sync::OnceLock;

static BYTES: &[u8] = include_bytes!("../../data/norm/lexicon.fst");

/// What the lexicon knows of one key (a spelling without ZWNJs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    /// Weight of the key as a word written joined: 0 = unknown, else 1 + 10·zipf.
    pub joined: u8,
    /// Weight of its best ZWNJ spelling: 0 = none, else 1 + 10·zipf.
    pub zwnj: u8,
    /// A verb form without the می/نمی prefix (رود، کرده، خواهد).
    pub verb: bool,
    /// A productive second part of compounds (کننده، گیری، آفرینی).
    pub head: bool,
    /// The first part of Arabic-article compounds (بیت → بیت‌المقدس).
    pub al_head: bool,
    /// A lemma of hazm's dictionary, not an inflected form a web corpus wrote joined.
    pub lemma: bool,
    /// The first part of a ZWNJ spelling in the lexicon (دانش of دانش‌آموز).
    pub first: bool,
    /// What follows a ZWNJ in a ZWNJ spelling in the lexicon (آموز of دانش‌آموز).
    pub second: bool,
    /// A compound head made from a verb stem (سازی، رسانی، آموز، شناس), productive in the
    /// lexicon's compounds: after a noun it makes a word, not a phrase.
    pub derived: bool,
    /// Tagged an adjective or adverb in hazm's dictionary (takes the comparative تر).
    pub adj: bool,
    /// Bit i set: a ZWNJ goes before char i of the key in its ZWNJ spelling.
    pub mask: u64,
}

impl Entry {
    fn decode(v: u64) -> Entry {
        Entry {
            joined: (v & 0xff) as u8,
            zwnj: ((v >> 8) & 0xff) as u8,
            verb: v >> 16 & 1 == 1,
            head: v >> 17 & 1 == 1,
            al_head: v >> 18 & 1 == 1,
            lemma: v >> 19 & 1 == 1,
            first: v >> 20 & 1 == 1,
            second: v >> 21 & 1 == 1,
            derived: v >> 22 & 1 == 1,
            adj: v >> 23 & 1 == 1,
            mask: v >> 24,
        }
    }

    /// The greater of the two weights: how common the word is in any spelling.
    pub fn weight(&self) -> u8 {
        self.joined.max(self.zwnj)
    }
}

fn map() -> &'static Map<&'static [u8]> {
    static MAP: OnceLock<Map<&'static [u8]>> = OnceLock::new();
    // The bytes are produced by `fst::MapBuilder` and checked by a test; an invalid file is a
    // build error, not an input error.
    MAP.get_or_init(|| Map::new(BYTES).expect("data/norm/lexicon.fst is a valid fst map"))
}

/// Looks up `key` (letters only, no ZWNJ).
pub fn get(key: &str) -> Option<Entry> {
    map().get(key).map(Entry::decode)
}

/// Looks up a key given as two adjacent pieces without concatenating them.
pub fn get2(a: &str, b: &str) -> Option<Entry> {
    let m = map();
    let fst = m.as_fst();
    let mut node = fst.root();
    let mut out = fst::raw::Output::zero();
    for &byte in a.as_bytes().iter().chain(b.as_bytes()) {
        let i = node.find_input(byte)?;
        let t = node.transition(i);
        out = out.cat(t.out);
        node = fst.node(t.addr);
    }
    if !node.is_final() {
        return None;
    }
    Some(Entry::decode(out.cat(node.final_output()).value()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_loads_and_knows_common_words() {
        let e = get("کتاب").expect("کتاب is a word");
        assert!(e.joined > 30);
        let e = get("تعیینکننده").expect("a compound");
        assert!(e.zwnj > e.joined);
        assert_eq!(e.mask, 1 << 5);
        assert!(get("کتابک\u{0}").is_none());
    }

    #[test]
    fn split_lookup_equals_joined_lookup() {
        assert_eq!(get2("تعیین", "کننده"), get("تعیینکننده"));
        assert_eq!(get2("", "کتاب"), get("کتاب"));
        assert_eq!(get2("کت", "اب"), get("کتاب"));
        assert!(get2("کت", "ابزز").is_none());
    }
}
