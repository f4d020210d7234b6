//! The per-thread cache of what the pass needs of a word ([`Known`]): news text repeats its
//! words, so most lookups skip the fst and the splitter.

use super::*;

/// What the pass needs of one word, cached: its analysis, its weight in the lexicon and
/// whether it takes the Arabic article.
#[derive(Clone, Copy, Debug)]
pub(super) struct Known {
    pub(super) res: Option<Res>,
    pub(super) weight: i16,
    pub(super) al_head: bool,
    pub(super) first: bool,
    pub(super) second: bool,
    pub(super) lemma: bool,
    /// A compound head that is not a participle or infinitive (نامه، گذاری، بندی).
    pub(super) head: bool,
    /// A compound head made from a verb stem (سازی، رسانی، آموز، شناس; see the lexicon's
    /// build): after a noun it makes a compound (غنی‌سازی، دانش‌آموز), not a phrase.
    pub(super) derived: bool,
    /// The word is itself a suffix (ها، ترین، اند) of this mode, written apart.
    pub(super) suffix: Option<SufMode>,
    /// The word is itself a prefix: `Some(true)` for the verb prefixes می/نمی.
    pub(super) prefix: Option<bool>,
    /// Where a word no analysis explains splits into two glued words (byte offset).
    pub(super) glue: Option<u32>,
}

impl Known {
    pub(super) const NONE: Known = Known {
        res: None,
        weight: 0,
        al_head: false,
        first: false,
        second: false,
        lemma: false,
        head: false,
        derived: false,
        suffix: None,
        prefix: None,
        glue: None,
    };
}

/// Cache size: ~10 MB per thread natively; the browser build keeps ~1.3 MB (one document at
/// a time needs fewer words).
#[cfg(not(target_arch = "wasm32"))]
pub(super) const CACHE_SLOTS: usize = 1 << 16;
#[cfg(target_arch = "wasm32")]
pub(super) const CACHE_SLOTS: usize = 1 << 13;
pub(super) const CACHE_KEY: usize = 46;

/// A two-way set-associative cache of [`Known`] by word: news text repeats its words (Zipf),
/// so most lookups skip the fst and the splitter. Fixed size, allocated once per thread; words
/// longer than `CACHE_KEY` bytes bypass it. (Two ways, the one used last first: on 1 MB of
/// news repeated, a direct-mapped table of the same size misses 2.5% of lookups, two ways
/// 1.1%, against 0.9% of first sightings; a miss costs a run of the splitter.)
pub(super) struct Slot {
    pub(super) len: u8,
    pub(super) key: [u8; CACHE_KEY],
    pub(super) val: Known,
}

thread_local! {
    static CACHE: RefCell<Vec<Slot>> = const { RefCell::new(Vec::new()) };
}

/// The first slot of the two-slot set of key `b`.
pub(super) fn hash(b: &[u8]) -> usize {
    let mut h: u64 = 0xcbf29ce484222325;
    for &x in b {
        h = (h ^ x as u64).wrapping_mul(0x100000001b3);
    }
    (h ^ (h >> 29)) as usize & (CACHE_SLOTS - 2)
}

/// Looks `key` up in the set at `set` (slots `set`, `set + 1`) of a two-way cache whose
/// slots `matches` compares; a hit in the second slot moves it first (least recently used
/// last).
pub(super) fn probe<T, V>(
    c: &mut [T],
    set: usize,
    matches: impl Fn(&T) -> bool,
    val: impl Fn(&T) -> V,
) -> Option<V> {
    if matches(&c[set]) {
        return Some(val(&c[set]));
    }
    if matches(&c[set + 1]) {
        c.swap(set, set + 1);
        return Some(val(&c[set]));
    }
    None
}

pub(super) fn compute(word: &str) -> Known {
    let e = lexicon::get(word);
    let res = resolve(word, 0);
    Known {
        res,
        glue: res
            .is_none()
            .then(|| glue_split(word))
            .flatten()
            .map(|p| p as u32),
        weight: e.map_or(0, |e| e.weight() as i16),
        al_head: e.is_some_and(|e| e.al_head),
        first: e.is_some_and(|e| e.first),
        second: e.is_some_and(|e| e.second),
        lemma: e.is_some_and(|e| e.lemma),
        // A participle or infinitive (شده، کردن) after a word is a verb phrase, not a compound.
        head: e
            .is_some_and(|e| e.head && !(e.verb && (word.ends_with('ه') || word.ends_with('ن')))),
        derived: e.is_some_and(|e| e.derived),
        suffix: affixes()
            .suffixes
            .iter()
            .find(|s| s.0 == word && s.1 != SufMode::Joined)
            .map(|s| s.1),
        prefix: affixes().prefixes.iter().find(|p| p.0 == word).map(|p| p.1),
    }
}

/// (key length, key bytes, entry) of one compound-key cache slot.
pub(super) type PairSlot = (u8, [u8; CACHE_KEY], Option<Entry>);

/// The lexicon entry of a compound key, cached like [`known`] (most word pairs repeat).
pub(super) fn pair_entry(key: &str) -> Option<Entry> {
    thread_local! {
        static PAIRS: RefCell<Vec<PairSlot>> = const { RefCell::new(Vec::new()) };
    }
    let b = key.as_bytes();
    let h = hash(b);
    if let Some(v) = PAIRS.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_empty() {
            return None;
        }
        probe(
            &mut c,
            h,
            |s: &PairSlot| s.0 as usize == b.len() && &s.1[..b.len()] == b,
            |s| s.2,
        )
    }) {
        return v;
    }
    let v = lexicon::get(key);
    PAIRS.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_empty() {
            c.resize(CACHE_SLOTS, (u8::MAX, [0; CACHE_KEY], None));
        }
        c.swap(h, h + 1);
        let s = &mut c[h];
        s.0 = b.len() as u8;
        s.1[..b.len()].copy_from_slice(b);
        s.2 = v;
    });
    v
}

/// The cached [`Known`] of `word`.
pub(super) fn known(word: &str) -> Known {
    let b = word.as_bytes();
    if b.len() > CACHE_KEY {
        return compute(word);
    }
    let h = hash(b);
    let hit = CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_empty() {
            return None;
        }
        probe(
            &mut c,
            h,
            |s: &Slot| s.len as usize == b.len() && &s.key[..b.len()] == b,
            |s| s.val,
        )
    });
    if let Some(v) = hit {
        return v;
    }
    let val = compute(word);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_empty() {
            c.resize_with(CACHE_SLOTS, || Slot {
                len: u8::MAX,
                key: [0; CACHE_KEY],
                val: Known::NONE,
            });
        }
        // The set's last-used entry moves second; the other one leaves.
        c.swap(h, h + 1);
        let s = &mut c[h];
        s.len = b.len() as u8;
        s.key[..b.len()].copy_from_slice(b);
        s.val = val;
    });
    val
}
