//! Boilerplate: site furniture (`انتهای پیام/`, `اخبار پیشنهادی`, `بیشتر بخوانید: …`) marked
//! as regions that later stages skip and the page greys out. Nothing is deleted: regions are
//! byte ranges of the normalized text.
//!
//! The phrases and how each is used live in `data/lexicon/boilerplate.txt`. Scraped news
//! often loses its line breaks, so a footer phrase is accepted after a sentence end as well
//! as at a line start, but only in the last part of the article, where sites put footers; a
//! phrase whose words also occur in prose (`تبادل نظر`) must be a short line of its own.

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
        include_str!("../data/lexicon/boilerplate.txt")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let (p, k) = l.split_once('\t')?;
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

/// Finds boilerplate regions in normalized `text`, sorted and disjoint.
pub fn find(text: &str) -> Vec<Region> {
    let mut out: Vec<Region> = Vec::new();
    let mut footer: Option<Region> = None;
    for &(p, kind) in phrases() {
        for (at, _) in text.match_indices(p) {
            match kind {
                Kind::Footer | Kind::FooterLine => {
                    if !in_tail(text, at) || !at_boundary(text, at) {
                        continue;
                    }
                    if kind == Kind::FooterLine {
                        let rest = text[at + p.len()..line_end(text, at)].trim();
                        if rest.chars().count() > 60 {
                            continue;
                        }
                    }
                    let rest = &text[at + p.len()..line_end(text, at)];
                    if rest.trim().chars().count() > 60 {
                        // Glued to a paragraph that goes on (`انتهای پیامتوضیح پس از انتشار`):
                        // only the phrase is furniture.
                        let stop = at + p.len() + usize::from(rest.starts_with('/'));
                        out.push(Region {
                            range: at..stop,
                            label: p.to_string(),
                        });
                    } else if !footer.as_ref().is_some_and(|f| at >= f.range.start) {
                        footer = Some(Region {
                            range: at..text.trim_end().len().max(at + p.len()),
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
    }
    if let Some(f) = footer {
        out.retain(|r| r.range.start < f.range.start);
        out.push(f);
    }
    out.sort_by_key(|r| (r.range.start, std::cmp::Reverse(r.range.end)));
    // Overlapping regions (بخوانید: inside بیشتر بخوانید:) merge.
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
