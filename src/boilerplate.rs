//! Boilerplate: site furniture (`انتهای پیام/`, `اخبار پیشنهادی`, `بیشتر بخوانید: …`) marked
//! as regions that later stages skip and the page greys out. Nothing is deleted: regions are
//! byte ranges of the normalized text.
//!
//! The phrases and how each is used live in `data/lexicon/boilerplate.txt`. Scraped news
//! often loses its line breaks, so a footer phrase is accepted after a sentence end as well
//! as at a line start, but only in the last part of the text, where sites put footers; a
//! phrase whose words also occur in prose (`تبادل نظر`) must be a short line of its own.
//!
//! Several articles pasted one after another each bring their own footer, so a footer runs
//! only until article prose resumes (a line of sentence text, see [`is_prose`]), minus the
//! short line just before that prose when it names no furniture (the next article's
//! headline); with no prose after it, to the end of the text. A strong footer phrase
//! (`انتهای پیام`, kind `footer`) ending its line opens a footer anywhere in the text, which
//! is how an earlier article's end is found.

use std::ops::Range;
use std::sync::OnceLock;

/// A region of site furniture in the normalized text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    pub range: Range<usize>,
    /// The phrase that gave it away.
    pub label: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Footer,
    FooterLine,
    Inline,
}

fn phrases() -> &'static [(&'static str, Kind)] {
    static P: OnceLock<Vec<(&'static str, Kind)>> = OnceLock::new();
    P.get_or_init(|| {
        crate::data::pairs(include_str!("../data/lexicon/boilerplate.txt"))
            .filter_map(|(p, k)| {
                let kind = match k.trim() {
                    "footer" => Kind::Footer,
                    "footer-line" => Kind::FooterLine,
                    "inline" => Kind::Inline,
                    _ => return None,
                };
                Some((p, kind))
            })
            .collect()
    })
}

/// The footer zone: the last 40% of the text, or its last 1,500 bytes if that is more.
fn in_tail(text: &str, at: usize) -> bool {
    at * 10 >= text.len() * 6 || text.len() - at <= 1500
}

/// Whether `at` starts a line or follows a sentence end (line breaks are often lost).
fn at_boundary(text: &str, at: usize) -> bool {
    match text[..at].trim_end_matches([' ', '\t']).chars().next_back() {
        None => true,
        Some(c) => matches!(
            c,
            '\n' | '\r' | '.' | '!' | '؟' | '?' | '»' | ')' | '…' | '/' | '،'
        ),
    }
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |p| at + p)
}

/// A line of article prose rather than furniture: at least [`PROSE_WORDS`] words and a
/// sentence end. Footer lines (link lists, "enter your e-mail address.") are shorter; a lead
/// paragraph is longer.
fn is_prose(line: &str) -> bool {
    line.split_whitespace().count() >= PROSE_WORDS && line.contains(['.', '!', '؟', '?'])
}

/// Words a line needs to count as prose (a related-article headline rarely has more).
const PROSE_WORDS: usize = 12;

/// Whether a line names a piece of furniture (any phrase of the list).
fn names_furniture(line: &str) -> bool {
    phrases().iter().any(|(p, _)| line.contains(p))
}

/// Where the footer opened by the phrase line ending at `from` ends: before the first prose
/// line after it (and before the headline line directly above that prose), else at the end
/// of the text. Never before `from`.
fn footer_end(text: &str, from: usize) -> usize {
    // (start, end) of the last non-blank line seen, and of the one before it.
    let mut last: Option<(usize, usize)> = None;
    let mut before_last: Option<(usize, usize)> = None;
    let mut at = from;
    while at < text.len() {
        let end = line_end(text, at);
        let line = text[at..end].trim();
        if !line.is_empty() {
            if is_prose(line) {
                // The headline of the next article goes with it, unless it is furniture.
                let keep = match last {
                    Some((s, _)) if !names_furniture(&text[s..line_end(text, s)]) => before_last,
                    _ => last,
                };
                return keep.map_or(from, |(_, e)| e);
            }
            before_last = last;
            last = Some((at, at + text[at..end].trim_end().len()));
        }
        at = end + 1;
    }
    text.trim_end().len().max(from)
}

/// Every occurrence of every phrase, as (phrase index, byte offset), in phrase order and
/// then text order, each phrase's occurrences not overlapping each other: what
/// `text.match_indices(phrase)` gives phrase by phrase, found in one pass over the text
/// (a pass per phrase was most of the time of segmenting a text).
fn occurrences(text: &str) -> Vec<(usize, usize)> {
    static M: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    let m = M.get_or_init(|| {
        aho_corasick::AhoCorasick::new(phrases().iter().map(|(p, _)| p))
            .expect("the boilerplate phrases build a matcher")
    });
    let mut found: Vec<(usize, usize)> = m
        .find_overlapping_iter(text)
        .map(|h| (h.pattern().as_usize(), h.start()))
        .collect();
    found.sort_unstable();
    // Within one phrase, an occurrence that overlaps the one kept before it is dropped.
    let mut last_end: Option<(usize, usize)> = None;
    found.retain(|&(p, at)| {
        if last_end.is_some_and(|(lp, end)| lp == p && at < end) {
            return false;
        }
        last_end = Some((p, at + phrases()[p].0.len()));
        true
    });
    found
}

/// Finds boilerplate regions in normalized `text`, sorted and disjoint.
pub fn find(text: &str) -> Vec<Region> {
    let mut out: Vec<Region> = Vec::new();
    for (i, at) in occurrences(text) {
        let (p, kind) = phrases()[i];
        match kind {
            Kind::Footer | Kind::FooterLine => {
                if !at_boundary(text, at) {
                    continue;
                }
                let eol = line_end(text, at);
                let short = text[at + p.len()..eol].trim().chars().count() <= 60;
                // Outside the tail only a strong phrase ending its line: the end of an
                // earlier article in a paste of several.
                let ends_article = kind == Kind::Footer && short;
                if !(in_tail(text, at) || ends_article) {
                    continue;
                }
                if kind == Kind::FooterLine && !short {
                    continue;
                }
                let rest = &text[at + p.len()..eol];
                if !short {
                    // Glued to a paragraph that goes on (`انتهای پیامتوضیح پس از انتشار`):
                    // only the phrase is furniture.
                    let stop = at + p.len() + usize::from(rest.starts_with('/'));
                    out.push(Region {
                        range: at..stop,
                        label: p.to_string(),
                    });
                } else {
                    let phrase_line_end = at + text[at..eol].trim_end().len();
                    out.push(Region {
                        range: at..footer_end(text, eol).max(phrase_line_end),
                        label: p.to_string(),
                    });
                }
            }
            Kind::Inline => {
                if !at_boundary(text, at) {
                    continue;
                }
                // The linked headline runs to the end of the line when that is short;
                // otherwise only the phrase (and its colon) is furniture.
                let end = line_end(text, at);
                let mut stop = at + p.len();
                if text[stop..].starts_with(':') {
                    stop += 1;
                }
                if text[stop..end].chars().count() <= 120 {
                    stop = text[..end].trim_end().len().max(stop);
                }
                out.push(Region {
                    range: at..stop,
                    label: p.to_string(),
                });
            }
        }
    }
    out.sort_by_key(|r| (r.range.start, std::cmp::Reverse(r.range.end)));
    // Overlapping regions merge: بخوانید: inside بیشتر بخوانید:, and the furniture lines
    // inside a footer (each of which opens a footer of its own that ends where it ends).
    let mut merged: Vec<Region> = Vec::with_capacity(out.len());
    for r in out {
        match merged.last_mut() {
            Some(m) if r.range.start < m.range.end => m.range.end = m.range.end.max(r.range.end),
            _ => merged.push(r),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`occurrences`] replaces: a search per phrase.
    fn per_phrase(text: &str) -> Vec<(usize, usize)> {
        phrases()
            .iter()
            .enumerate()
            .flat_map(|(i, (p, _))| text.match_indices(p).map(move |(at, _)| (i, at)))
            .collect()
    }

    #[test]
    fn one_pass_finds_what_a_search_per_phrase_finds() {
        // Every phrase, glued to itself and to the others, inside prose and at line starts.
        let all: Vec<&str> = phrases().iter().map(|(p, _)| *p).collect();
        let mut text = String::from("متن خبر.\n");
        for (i, p) in all.iter().enumerate() {
            text.push_str(p);
            text.push_str(p);
            text.push(' ');
            text.push_str(all[(i + 1) % all.len()]);
            let half = p
                .char_indices()
                .nth(p.chars().count() / 2)
                .map_or(0, |(i, _)| i);
            text.push_str(&p[..half]);
            text.push_str("\nخبر ");
        }
        let text = text.repeat(3);
        assert!(per_phrase(&text).len() >= 3 * 3 * all.len());
        assert_eq!(occurrences(&text), per_phrase(&text));
    }

    #[test]
    fn footer_after_end_of_message_is_marked() {
        let text = "خبر اصلی اینجاست.\nانتهای پیام/\nاخبار پیشنهادی\nتبادل نظر\n";
        let r = find(text);
        assert_eq!(r.len(), 1);
        assert!(text[r[0].range.clone()].starts_with("انتهای پیام/"));
        assert!(text[r[0].range.clone()].ends_with("تبادل نظر"));
    }

    #[test]
    fn footer_glued_after_a_sentence_is_marked() {
        let text = "متن خبر اینجا به پایان رسید. انتهای پیام";
        let r = find(text);
        assert_eq!(r.len(), 1);
        assert_eq!(&text[r[0].range.clone()], "انتهای پیام");
    }

    #[test]
    fn footer_phrase_glued_to_a_long_paragraph_marks_only_itself() {
        let text = format!(
            "متن خبر. انتهای پیامتوضیح پس از انتشار: {}",
            "آمار تازه اعلام شد و ".repeat(10)
        );
        let r = find(&text);
        assert_eq!(r.len(), 1);
        assert_eq!(&text[r[0].range.clone()], "انتهای پیام");
    }

    #[test]
    fn phrase_inside_prose_is_not_marked() {
        let body = "متن ".repeat(400);
        let text = format!("آخرین اخبار نشان می‌دهد که\n{body}");
        assert!(find(&text).is_empty());
        let text = format!("{body}\nدو وزیر درباره اوضاع منطقه بحث و تبادل نظر کردند و گفتند که همکاری ادامه خواهد داشت و نشست بعدی در تهران برگزار می‌شود.");
        assert!(find(&text).is_empty());
    }

    #[test]
    fn inline_link_is_marked_with_its_headline() {
        let text = "این خبر مهم است. بیشتر بخوانید: رشد قیمت سکه در بازار\nادامه متن خبر.";
        let r = find(text);
        assert_eq!(r.len(), 1);
        assert_eq!(
            &text[r[0].range.clone()],
            "بیشتر بخوانید: رشد قیمت سکه در بازار"
        );
    }

    #[test]
    fn source_line_at_the_end_is_marked() {
        let text = format!("{}\nمنبع: دیجیاتو\n", "متن خبر. ".repeat(50));
        let r = find(&text);
        assert_eq!(r.len(), 1);
        assert_eq!(&text[r[0].range.clone()], "منبع: دیجیاتو");
    }
}
