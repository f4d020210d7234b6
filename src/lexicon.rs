//! Linguistic lists compiled into the binary from `data/` (see `data/PROVENANCE.md`).

use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::OnceLock;

/// The kinds of entry in `data/lexicon/titles.tsv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TitleKind {
    /// Military ranks and honorifics, clerical titles and civil honorifics: words that stand
    /// before a person's name and belong inside a PER span.
    Title,
    /// Offices such as `وزیر دفاع`.
    Role,
    /// Head words of organization names (`وزارت`, `سازمان`).
    OrgHead,
    /// Head words of event names (`کنفرانس`).
    EventHead,
    /// Head words of place names (`استان`).
    LocHead,
}

/// All entries of the titles list.
pub fn titles() -> impl Iterator<Item = (TitleKind, &'static str)> {
    crate::data::pairs(include_str!("../data/lexicon/titles.tsv"))
        .skip(1)
        .filter_map(|(kind, term)| {
            let kind = match kind {
                "military_rank" | "military_honorific" | "clerical_title" | "honorific" => {
                    TitleKind::Title
                }
                "role" => TitleKind::Role,
                "org_head" => TitleKind::OrgHead,
                "event_head" => TitleKind::EventHead,
                "loc_head" => TitleKind::LocHead,
                _ => return None,
            };
            Some((kind, term.trim()))
        })
}

/// Matches the longest sequence of titles and ranks (`امیر سرتیپ`, `حجت‌الاسلام والمسلمین`).
pub fn title_matcher() -> &'static AhoCorasick {
    static M: OnceLock<AhoCorasick> = OnceLock::new();
    M.get_or_init(|| {
        let pats: Vec<&str> = titles()
            .filter(|(k, _)| *k == TitleKind::Title)
            .map(|(_, t)| t)
            .collect();
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(pats)
            .expect("title automaton")
    })
}

/// Removes leading titles and ranks from a person mention: `امیر سرتیپ حاتمی` → `حاتمی`.
pub fn strip_titles(name: &str) -> &str {
    let mut rest = name.trim();
    loop {
        let m = title_matcher().find(rest);
        match m {
            Some(m) if m.start() == 0 && rest[m.end()..].starts_with([' ', '\u{200c}']) => {
                rest = rest[m.end()..].trim_start_matches([' ', '\u{200c}']);
            }
            _ => return rest,
        }
    }
}

/// Speech cues of `data/quotes/cues.tsv` as (kind, phrase) pairs (the quote stage owns the
/// list; see `data/quotes/PROVENANCE.md`).
pub fn cues() -> impl Iterator<Item = (&'static str, &'static str)> {
    crate::data::pairs(include_str!("../data/quotes/cues.tsv")).skip(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_stacked_titles() {
        assert_eq!(strip_titles("امیر سرتیپ حاتمی"), "حاتمی");
        assert_eq!(strip_titles("سرلشکر محمد جواد کاظم"), "محمد جواد کاظم");
        assert_eq!(strip_titles("حاتمی"), "حاتمی");
    }
}
