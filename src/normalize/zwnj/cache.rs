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
    /// Where a word no analysis explains splits into two glued words (byte offset): `None`
    /// whenever `res` is `Some`.
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

/// The first slot of the two-slot set of key `b`. (Eight bytes at a time, FxHash's step: a
/// word is 4–20 bytes, and a byte-wise hash was a chain of one multiplication per byte.)
pub(super) fn hash(b: &[u8]) -> usize {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = b.len() as u64;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().expect("eight bytes"));
        h = (h.rotate_left(5) ^ x).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut x = [0u8; 8];
        x[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(x)).wrapping_mul(K);
    }
    (h ^ (h >> 29) ^ (h >> 47)) as usize & (CACHE_SLOTS - 2)
}

/// Asks the processor to fetch the set of `slots` at `set` into its cache ahead of a lookup:
/// the tables are megabytes, so a lookup is otherwise a wait on memory for each word
/// (71% of the lookup's time in `perf annotate`). No effect where there is no such hint.
#[inline]
pub(super) fn prefetch<T>(slots: &[T], set: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(pair) = slots.get(set..set + 2) {
        use core::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        let p = pair.as_ptr() as *const i8;
        // Every cache line the set touches: a set need not start on a line (the table's
        // allocation does not), and one more line holds its end then.
        let skew = p as usize % 64;
        let bytes = std::mem::size_of_val(pair) + skew;
        let line = p.wrapping_sub(skew);
        let mut at = 0;
        while at < bytes {
            // SAFETY: a prefetch is a hint; it reads nothing the program sees and cannot
            // fault.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(line.wrapping_add(at)) };
            at += 64;
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (slots, set);
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
    let mut res = resolve_looked_up(word, 0, e);
    // How news writers who type ZWNJs spell the word, where that differs (`news.rs`).
    if let Some(mask) = news_mask(word) {
        res = Some(Res {
            mask,
            bounds: mask,
            score: res.map_or(MIN_STEM, |r| r.score),
            verb: res.is_some_and(|r| r.verb),
        });
    }
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

/// The cached [`Known`] of each of `words`, in order: as [`known`] of each, with the next
/// words' cache sets fetched ahead while this one is looked up.
pub(super) fn known_all<'w>(words: impl ExactSizeIterator<Item = Option<&'w str>>) -> Vec<Known> {
    /// How many words ahead a set is fetched.
    const AHEAD: usize = 8;
    let words: Vec<Option<&str>> = words.collect();
    let sets: Vec<usize> = words
        .iter()
        .map(|w| w.map_or(0, |w| hash(w.as_bytes())))
        .collect();
    let mut out = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        if let Some(&next) = sets.get(i + AHEAD) {
            CACHE.with(|c| prefetch(&c.borrow(), next));
        }
        out.push(w.map_or(Known::NONE, |w| known_in(w, sets[i])));
    }
    out
}

/// The cached [`Known`] of `word`.
pub(super) fn known(word: &str) -> Known {
    known_in(word, hash(word.as_bytes()))
}

/// [`known`] of `word`, whose set is `h`.
fn known_in(word: &str, h: usize) -> Known {
    let b = word.as_bytes();
    if b.len() > CACHE_KEY {
        return compute(word);
    }
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
