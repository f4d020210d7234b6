//! The document model: one original text that is never modified, the normalized text derived
//! from it by a list of [`Edit`]s, and the maps between their coordinates.
//!
//! Every stage after normalization works on the normalized text with byte offsets. Spans are
//! mapped back to the original through [`Alignment`], and converted to the unit a face needs
//! (code points for the CLI and JSON, UTF-16 code units for JavaScript) by [`UnitMap`] only at
//! the edge, so the core never counts characters twice.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// What kind of change an edit makes. Each kind can be switched off on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum EditKind {
    /// A letter variant unified (ي → ی, ك → ک, presentation forms → letters).
    Char,
    /// A digit converted between scripts.
    Digit,
    /// A diacritic or kashida removed.
    Diacritic,
    /// An invisible character removed or replaced (LRM, ZWJ, BOM, NBSP, stray ZWNJ).
    Invisible,
    /// Punctuation replaced by its Persian form or collapsed.
    Punctuation,
    /// A kashida used as a dash (`۱۹۹۰ـ۲۰۰۰`, ` ـ `) written as a dash.
    Dash,
    /// Whitespace added, removed or collapsed.
    Spacing,
    /// A zero-width non-joiner restored or a space between affix and stem turned into one.
    Zwnj,
    /// The ezafe after a silent ه written in the house style's form (`نامه ی` → `نامهٔ`).
    Ezafe,
    /// A glued token split in two.
    Split,
    /// Site furniture marked apart (the text itself is kept).
    Boilerplate,
}

impl EditKind {
    /// Every kind, in the order the page lists them.
    pub const ALL: [EditKind; 11] = [
        EditKind::Char,
        EditKind::Digit,
        EditKind::Diacritic,
        EditKind::Invisible,
        EditKind::Punctuation,
        EditKind::Dash,
        EditKind::Spacing,
        EditKind::Zwnj,
        EditKind::Ezafe,
        EditKind::Split,
        EditKind::Boilerplate,
    ];

    /// The lower-case name used in JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            EditKind::Char => "char",
            EditKind::Digit => "digit",
            EditKind::Diacritic => "diacritic",
            EditKind::Invisible => "invisible",
            EditKind::Punctuation => "punctuation",
            EditKind::Dash => "dash",
            EditKind::Ezafe => "ezafe",
            EditKind::Spacing => "spacing",
            EditKind::Zwnj => "zwnj",
            EditKind::Split => "split",
            EditKind::Boilerplate => "boilerplate",
        }
    }

    /// Parses a name as written by [`EditKind::name`].
    pub fn from_name(name: &str) -> Option<EditKind> {
        EditKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// One change: the bytes `range` of the source text are replaced by `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
    pub kind: EditKind,
}

impl Edit {
    pub fn new(range: Range<usize>, replacement: impl Into<String>, kind: EditKind) -> Edit {
        Edit {
            range,
            replacement: replacement.into(),
            kind,
        }
    }
}

/// Applies sorted, non-overlapping edits to `source`.
///
/// Panics in debug builds if the edits overlap or are out of order: a pass that produces such
/// edits is a bug, and silently applying them would lose text.
pub fn apply(source: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(source.len() + 16);
    let mut pos = 0;
    for e in edits {
        debug_assert!(e.range.start >= pos, "edits overlap or are unsorted");
        out.push_str(&source[pos..e.range.start]);
        out.push_str(&e.replacement);
        pos = e.range.end;
    }
    out.push_str(&source[pos..]);
    out
}

/// Undoes `edits`: given the text they produced and the original text they were made on,
/// gives back the original. Used by tests and by the page's "show original" switch.
pub fn revert(original: &str, normalized: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(original.len());
    let mut npos = 0;
    let mut opos = 0;
    for e in edits {
        let unchanged = e.range.start - opos;
        out.push_str(&normalized[npos..npos + unchanged]);
        out.push_str(&original[e.range.clone()]);
        npos += unchanged + e.replacement.len();
        opos = e.range.end;
    }
    out.push_str(&normalized[npos..]);
    out
}

/// Composes two rounds of edits: `first` turns text A into B, `second` turns B into C; the
/// result turns A into C directly, so every edit the user sees is in original coordinates.
///
/// An edit of `second` that cuts into the replacement of an edit of `first` absorbs it (the
/// merged edit takes the later kind), because no single original position corresponds to the
/// inside of a replacement.
pub fn compose(first: &[Edit], b_text: &str, second: &[Edit]) -> Vec<Edit> {
    if second.is_empty() {
        return first.to_vec();
    }
    if first.is_empty() {
        return second.to_vec();
    }
    // Replacement ranges of `first` in B coordinates.
    let mut b_ranges = Vec::with_capacity(first.len());
    let mut delta: isize = 0;
    for e in first {
        let start = (e.range.start as isize + delta) as usize;
        b_ranges.push(start..start + e.replacement.len());
        delta += e.replacement.len() as isize - e.range.len() as isize;
    }
    let align = Alignment::from_parts(first, &b_ranges);

    let mut out: Vec<Edit> = Vec::with_capacity(first.len() + second.len());
    let mut fi = 0; // next edit of `first` not yet emitted or absorbed
    let mut si = 0;
    while si < second.len() {
        let s = &second[si];
        // Edits of `first` wholly before this one are kept as they are.
        while fi < first.len()
            && b_ranges[fi].end <= s.range.start
            && !cuts(&b_ranges[fi], &s.range)
        {
            out.push(first[fi].clone());
            fi += 1;
        }
        // A group: this edit, every edit of `first` it cuts into, and every later edit of
        // `second` that cuts into those too. It becomes one edit over the original.
        let mut b_start = s.range.start;
        let mut b_end = s.range.end;
        let mut a_start = align.to_original(s.range.start, Bias::Left);
        let mut a_end = if s.range.is_empty() {
            a_start
        } else {
            align.to_original(s.range.end, Bias::Right).max(a_start)
        };
        let group_start = si;
        si += 1;
        loop {
            let mut grew = false;
            while fi < first.len() && {
                let b = &b_ranges[fi];
                cuts(b, &(b_start..b_end)) || (b.start < b_end && b.end > b_start)
            } {
                b_start = b_start.min(b_ranges[fi].start);
                b_end = b_end.max(b_ranges[fi].end);
                a_start = a_start.min(first[fi].range.start);
                a_end = a_end.max(first[fi].range.end);
                fi += 1;
                grew = true;
            }
            if si < second.len() && second[si].range.start < b_end {
                let n = &second[si];
                b_end = b_end.max(n.range.end);
                if !n.range.is_empty() {
                    a_end = a_end.max(align.to_original(n.range.end, Bias::Right));
                }
                si += 1;
                grew = true;
            }
            if !grew {
                break;
            }
        }
        let mut replacement = String::new();
        let mut pos = b_start;
        for n in &second[group_start..si] {
            replacement.push_str(&b_text[pos..n.range.start]);
            replacement.push_str(&n.replacement);
            pos = n.range.end;
        }
        replacement.push_str(&b_text[pos..b_end]);
        out.push(Edit::new(a_start..a_end, replacement, second[si - 1].kind));
    }
    out.extend_from_slice(&first[fi..]);
    out
}

/// True when `s` cuts into or covers the `first` edit whose replacement is at `b`.
fn cuts(b: &Range<usize>, s: &Range<usize>) -> bool {
    if b.is_empty() {
        // A pure deletion is absorbed only when strictly inside `s`.
        return s.start < b.start && b.start < s.end;
    }
    if s.is_empty() {
        return b.start < s.start && s.start < b.end;
    }
    b.start < s.end && s.start < b.end
}

/// Which side to take when an offset falls inside a replacement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bias {
    /// Towards the start of the replaced range (for span starts).
    Left,
    /// Towards its end (for span ends).
    Right,
}

/// Maps byte offsets between the original text and the normalized text.
#[derive(Clone, Debug, Default)]
pub struct Alignment {
    /// (original range, normalized range) of every edit, sorted.
    pairs: Vec<(Range<usize>, Range<usize>)>,
}

impl Alignment {
    /// Builds the map from edits in original coordinates.
    pub fn new(edits: &[Edit]) -> Alignment {
        let mut pairs = Vec::with_capacity(edits.len());
        let mut delta: isize = 0;
        for e in edits {
            let start = (e.range.start as isize + delta) as usize;
            pairs.push((e.range.clone(), start..start + e.replacement.len()));
            delta += e.replacement.len() as isize - e.range.len() as isize;
        }
        Alignment { pairs }
    }

    fn from_parts(edits: &[Edit], norm: &[Range<usize>]) -> Alignment {
        Alignment {
            pairs: edits
                .iter()
                .zip(norm)
                .map(|(e, n)| (e.range.clone(), n.clone()))
                .collect(),
        }
    }

    /// The (original range, normalized range) of every edit, in order.
    pub fn pairs(&self) -> &[(Range<usize>, Range<usize>)] {
        &self.pairs
    }

    /// The original offset of normalized offset `n`.
    pub fn to_original(&self, n: usize, bias: Bias) -> usize {
        map(&self.pairs, n, bias, |p| (&p.1, &p.0))
    }

    /// The normalized offset of original offset `o`.
    pub fn to_normalized(&self, o: usize, bias: Bias) -> usize {
        map(&self.pairs, o, bias, |p| (&p.0, &p.1))
    }

    /// Maps a normalized span to the original text.
    pub fn span_to_original(&self, r: &Range<usize>) -> Range<usize> {
        let start = self.to_original(r.start, Bias::Left);
        let end = self.to_original(r.end, Bias::Right).max(start);
        start..end
    }
}

type Pair = (Range<usize>, Range<usize>);

fn map(
    pairs: &[Pair],
    x: usize,
    bias: Bias,
    side: impl Fn(&Pair) -> (&Range<usize>, &Range<usize>),
) -> usize {
    // First pair that is not wholly before x; a non-empty pair ending at x counts as before,
    // so that empty pairs at x (which follow it) are seen.
    let idx = pairs.partition_point(|p| {
        let f = side(p).0;
        f.end < x || (f.end == x && !f.is_empty())
    });
    if let Some(p) = pairs.get(idx) {
        let (f, t) = side(p);
        if f.start < x && x < f.end {
            // Inside a replacement: widen to the whole of it.
            return match bias {
                Bias::Left => t.start,
                Bias::Right => t.end,
            };
        }
        if f.start == x && f.is_empty() {
            // At a point where text exists only on the other side (a deletion seen from the
            // normalized text): a span start goes after it, a span end before it, so spans do
            // not grow to cover removed characters.
            return match bias {
                Bias::Right => t.start,
                Bias::Left => {
                    let mut j = idx;
                    while j + 1 < pairs.len() && side(&pairs[j + 1]).0 == &(x..x) {
                        j += 1;
                    }
                    side(&pairs[j]).1.end
                }
            };
        }
        if f.start == x {
            return t.start;
        }
    }
    match idx.checked_sub(1).map(|i| side(&pairs[i])) {
        Some((f, t)) => t.end + (x - f.end),
        None => x,
    }
}

/// The unit in which a face reports offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OffsetUnit {
    /// UTF-8 bytes, as Rust slices strings.
    Byte,
    /// Unicode scalar values, as Python indexes strings (CLI, JSON, the scorers).
    #[default]
    Codepoint,
    /// UTF-16 code units, as JavaScript's `String.prototype.slice` counts.
    Utf16,
}

/// Converts byte offsets of one text into another unit in O(1) per offset: the count of
/// units before every 64th byte, then the bytes from there counted. (A count for every byte
/// took 4 bytes of memory per byte of text, twice per analysis: the largest buffer of a
/// long text's analysis after the entity tagger's.)
pub struct UnitMap<'a> {
    unit: OffsetUnit,
    text: &'a [u8],
    /// `marks[k]`: the count in `unit` of `text[..64 * k]`.
    marks: Vec<u32>,
}

/// Bytes between two marks of a [`UnitMap`].
const MARK: usize = 64;

/// How many units of `unit` the byte `b` of UTF-8 text adds: 1 for the first byte of a
/// character (2 in UTF-16 for a 4-byte one, outside the Basic Multilingual Plane), 0 for
/// the bytes inside one.
#[inline]
fn units_of(unit: OffsetUnit, b: u8) -> u32 {
    let starts = u32::from(b & 0xC0 != 0x80);
    match unit {
        OffsetUnit::Utf16 => starts + u32::from(b >= 0xF0),
        _ => starts,
    }
}

impl<'a> UnitMap<'a> {
    pub fn new(text: &'a str, unit: OffsetUnit) -> UnitMap<'a> {
        let bytes = text.as_bytes();
        let marks = if unit == OffsetUnit::Byte {
            Vec::new()
        } else {
            let mut marks = Vec::with_capacity(bytes.len() / MARK + 1);
            let mut count = 0u32;
            marks.push(0);
            for chunk in bytes.chunks(MARK) {
                count += chunk.iter().map(|&b| units_of(unit, b)).sum::<u32>();
                marks.push(count);
            }
            marks
        };
        UnitMap {
            unit,
            text: bytes,
            marks,
        }
    }

    pub fn unit(&self) -> OffsetUnit {
        self.unit
    }

    /// The offset of byte `b` in this map's unit. An offset inside a character maps to the
    /// character's start (none should occur).
    pub fn get(&self, b: usize) -> usize {
        if self.unit == OffsetUnit::Byte {
            return b;
        }
        let mut b = b.min(self.text.len());
        while b < self.text.len() && self.text[b] & 0xC0 == 0x80 {
            b -= 1;
        }
        let k = b / MARK;
        let within: u32 = self.text[k * MARK..b]
            .iter()
            .map(|&x| units_of(self.unit, x))
            .sum();
        (self.marks[k] + within) as usize
    }
}

/// Converts an offset in `unit` back to a byte offset of `text`; `None` when it is past the end
/// or inside a character (a UTF-16 offset between the halves of a surrogate pair).
pub fn unit_to_byte(text: &str, unit: OffsetUnit, offset: usize) -> Option<usize> {
    if unit == OffsetUnit::Byte {
        return (offset <= text.len() && text.is_char_boundary(offset)).then_some(offset);
    }
    let mut count = 0;
    for (i, c) in text.char_indices() {
        if count == offset {
            return Some(i);
        }
        if count > offset {
            return None;
        }
        count += match unit {
            OffsetUnit::Utf16 => c.len_utf16(),
            _ => 1,
        };
    }
    (count == offset).then_some(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_and_revert_round_trip() {
        let src = "علي و كتاب";
        let y = src.find('ي').unwrap();
        let k = src.find('ك').unwrap();
        let edits = vec![
            Edit::new(y..y + 2, "ی", EditKind::Char),
            Edit::new(k..k + 2, "ک", EditKind::Char),
        ];
        let out = apply(src, &edits);
        assert_eq!(out, "علی و کتاب");
        assert_eq!(revert(src, &out, &edits), src);
    }

    #[test]
    fn alignment_maps_through_insertions_and_deletions() {
        // "ab_cd" → delete "_" , insert "X" before "d"
        let src = "ab_cd";
        let edits = vec![
            Edit::new(2..3, "", EditKind::Spacing),
            Edit::new(4..4, "X", EditKind::Split),
        ];
        let out = apply(src, &edits);
        assert_eq!(out, "abcXd");
        let a = Alignment::new(&edits);
        assert_eq!(a.to_original(0, Bias::Left), 0);
        assert_eq!(a.to_original(2, Bias::Left), 3); // 'c'
        assert_eq!(a.to_original(4, Bias::Left), 4); // 'd'
        assert_eq!(a.to_normalized(3, Bias::Left), 2);
        assert_eq!(a.to_normalized(5, Bias::Right), 5);
        assert_eq!(a.span_to_original(&(2..5)), 3..5);
    }

    #[test]
    fn compose_absorbs_cut_replacements() {
        let a = "ﻻ ب";
        // first: ligature → two letters
        let first = vec![Edit::new(0..3, "لا", EditKind::Char)];
        let b = apply(a, &first);
        assert_eq!(b, "لا ب");
        // second: replace only the alef (inside the first replacement) with آ
        let second = vec![Edit::new(2..4, "آ", EditKind::Char)];
        let c = apply(&b, &second);
        let composed = compose(&first, &b, &second);
        assert_eq!(apply(a, &composed), c);
        assert_eq!(composed.len(), 1);
        assert_eq!(composed[0].range, 0..3);
    }

    #[test]
    fn compose_keeps_independent_edits() {
        let a = "يك دو";
        let first = vec![
            Edit::new(0..2, "ی", EditKind::Char),
            Edit::new(2..4, "ک", EditKind::Char),
        ];
        let b = apply(a, &first);
        let sp = b.find(' ').unwrap();
        let second = vec![Edit::new(sp..sp + 1, "\u{200c}", EditKind::Zwnj)];
        let c = apply(&b, &second);
        let composed = compose(&first, &b, &second);
        assert_eq!(composed.len(), 3);
        assert_eq!(apply(a, &composed), c);
        assert_eq!(revert(a, &c, &composed), a);
    }

    #[test]
    fn unit_maps_agree_with_counting_characters_at_every_byte() {
        // Longer than several marks, with 1- to 4-byte characters across mark boundaries.
        let text = "ab😀د\u{200c}ی\r\n€".repeat(23);
        for unit in [OffsetUnit::Codepoint, OffsetUnit::Utf16, OffsetUnit::Byte] {
            let map = UnitMap::new(&text, unit);
            for b in 0..=text.len() {
                // A byte inside a character counts as the character's start.
                let start = (0..=b).rev().find(|&i| text.is_char_boundary(i)).unwrap();
                let want = match unit {
                    OffsetUnit::Byte => b,
                    OffsetUnit::Codepoint => text[..start].chars().count(),
                    OffsetUnit::Utf16 => text[..start].encode_utf16().count(),
                };
                assert_eq!(map.get(b), want, "{unit:?} at byte {b}");
            }
        }
    }

    #[test]
    fn unit_maps_count_non_bmp_crlf_and_zwnj() {
        let text = "a😀b\u{200c}c\r\nد";
        let cp = UnitMap::new(text, OffsetUnit::Codepoint);
        let u16 = UnitMap::new(text, OffsetUnit::Utf16);
        let b_pos = text.find('b').unwrap();
        assert_eq!(b_pos, 5);
        assert_eq!(cp.get(b_pos), 2);
        assert_eq!(u16.get(b_pos), 3);
        let d_pos = text.find('د').unwrap();
        assert_eq!(cp.get(d_pos), 7);
        assert_eq!(u16.get(d_pos), 8);
        assert_eq!(cp.get(text.len()), 8);
        assert_eq!(u16.get(text.len()), 9);
        assert_eq!(unit_to_byte(text, OffsetUnit::Utf16, 3), Some(5));
        assert_eq!(unit_to_byte(text, OffsetUnit::Utf16, 2), None); // inside the surrogate pair
        assert_eq!(
            unit_to_byte(text, OffsetUnit::Codepoint, 8),
            Some(text.len())
        );
        assert_eq!(unit_to_byte(text, OffsetUnit::Codepoint, 9), None);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// Random edits over `text`: each char boundary may start a replacement, a deletion or an
    /// insertion.
    pub(super) fn edits_for(text: &str, seed: &[u8]) -> Vec<Edit> {
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let reps = ["", "ی", "\u{200c}", " ", "😀", "ab"];
        let mut out = Vec::new();
        let mut k = 0;
        let mut i = 0;
        while i < bounds.len() {
            let r = seed.get(k).copied().unwrap_or(0);
            k += 1;
            match r % 5 {
                0 if i + 1 < bounds.len() => {
                    let len = 1 + (r as usize / 5) % 2;
                    let j = (i + len).min(bounds.len() - 1);
                    out.push(Edit::new(
                        bounds[i]..bounds[j],
                        reps[r as usize % reps.len()],
                        EditKind::Char,
                    ));
                    i = j;
                    continue;
                }
                1 => out.push(Edit::new(
                    bounds[i]..bounds[i],
                    reps[1 + r as usize % 5],
                    EditKind::Zwnj,
                )),
                _ => {}
            }
            i += 1;
        }
        out
    }

    proptest! {
        #[test]
        fn compose_equals_sequential_application(
            a in "[ab ی\u{200c}😀]{0,12}",
            s1 in proptest::collection::vec(any::<u8>(), 0..16),
            s2 in proptest::collection::vec(any::<u8>(), 0..16),
        ) {
            let first = edits_for(&a, &s1);
            let b = apply(&a, &first);
            let second = edits_for(&b, &s2);
            let c = apply(&b, &second);
            let composed = compose(&first, &b, &second);
            for w in composed.windows(2) {
                prop_assert!(w[0].range.end <= w[1].range.start, "{:?} / {:?} / {:?}", first, second, composed);
            }
            prop_assert_eq!(apply(&a, &composed), c.clone());
            prop_assert_eq!(revert(&a, &c, &composed), a.clone());
            // Every normalized span maps to a well-formed original span.
            let al = Alignment::new(&composed);
            for x in 0..=c.len() {
                if c.is_char_boundary(x) {
                    let o = al.to_original(x, Bias::Left);
                    prop_assert!(o <= a.len() && a.is_char_boundary(o));
                }
            }
        }
    }
}
