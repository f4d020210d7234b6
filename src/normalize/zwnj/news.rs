//! Spellings that news writers who type ZWNJs use where the affix splitter reads a word
//! otherwise (`data/norm/news_spellings.tsv`): a plural where the splitter saw ه + ای
//! (`گروگان‌های`, not `گروگانه‌ای`), a perfect where it saw a plural (`دریافته‌اند`), a
//! name or loanword whose letters look like affixes (`کی‌روش`, `والتر`, `نامزدهای`), a
//! clitic after ی (`زندگی‌شان`).
//!
//! The table is derived from news text, not written by hand: `examples/norm_news_table.rs`
//! counts every spelling of every word in the articles of `../shared/data/news` that write
//! their affixes with ZWNJs, and keeps a word when one spelling is used at least twice and at
//! least three times as often as all others together, and differs from what the splitter
//! (without this table) makes of the word. Only the words are kept, no article text. A word
//! written with an ezafe ی (`ارائه‌ی`) is left out: the ezafe is the house style's choice.
//! The table speaks for a word as a whole, so it is asked only of a whole word of the text
//! (not of a stem inside the splitter).

use super::*;

/// The ZWNJ positions (bit i: a ZWNJ before char i) of the spelling news writers use for
/// `word` (letters only), when it differs from the splitter's reading.
pub(super) fn news_mask(word: &str) -> Option<u64> {
    static T: OnceLock<Vec<(String, u64)>> = OnceLock::new();
    let t = T.get_or_init(|| {
        let mut v: Vec<(String, u64)> =
            crate::data::lines(include_str!("../../../data/norm/news_spellings.tsv"))
                .filter_map(|l| {
                    let spelling = l.split('\t').next()?;
                    let mut key = String::with_capacity(spelling.len());
                    let mut mask = 0u64;
                    let mut i = 0;
                    for c in spelling.chars() {
                        if c == ZWNJ {
                            mask |= 1u64.checked_shl(i)?;
                        } else {
                            key.push(c);
                            i += 1;
                        }
                    }
                    Some((key, mask))
                })
                .collect();
        v.sort_unstable();
        v
    });
    t.binary_search_by(|(k, _)| k.as_str().cmp(word))
        .ok()
        .map(|i| t[i].1)
}

/// The splitter's reading of `word` (letters only) without the news table: its ZWNJ
/// positions, 0 if it is read joined or not at all. Public for
/// `examples/norm_news_table.rs`, which builds the table against it.
pub fn splitter_mask(word: &str) -> u64 {
    resolve(word, 0).map_or(0, |r| r.mask)
}
