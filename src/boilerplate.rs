//! Boilerplate: site furniture (`انتهای پیام/`, `اخبار پیشنهادی`) marked as regions that later
//! stages skip and the page greys out. Nothing is deleted.
//!
//! First version: a line that starts with a known furniture phrase marks it and everything
//! after it when it lies in the last part of the text, where sites put their footers.

use std::ops::Range;

/// A region of site furniture in the normalized text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    pub range: Range<usize>,
    /// The phrase that gave it away.
    pub label: String,
}

fn phrases() -> impl Iterator<Item = &'static str> {
    include_str!("../data/lexicon/boilerplate.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Finds boilerplate regions in normalized `text`.
pub fn find(text: &str) -> Vec<Region> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let in_tail = offset * 2 >= text.len() || text.len() - offset < 600;
        if in_tail && !trimmed.is_empty() {
            if let Some(p) = phrases().find(|p| {
                trimmed.starts_with(p) && trimmed.chars().count() < p.chars().count() + 40
            }) {
                let start = offset + (line.len() - line.trim_start().len());
                let end = text.trim_end().len().max(start);
                return vec![Region {
                    range: start..end,
                    label: p.to_string(),
                }];
            }
        }
        offset += line.len();
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footer_after_end_of_message_is_marked() {
        let text = "خبر اصلی اینجاست.\nانتهای پیام/\nاخبار پیشنهادی\n";
        let r = find(text);
        assert_eq!(r.len(), 1);
        assert!(text[r[0].range.clone()].starts_with("انتهای پیام/"));
        assert!(text[r[0].range.clone()].ends_with("اخبار پیشنهادی"));
    }

    #[test]
    fn phrase_inside_body_is_not_marked() {
        let body = "متن ".repeat(400);
        let text = format!("آخرین اخبار نشان می‌دهد که\n{body}");
        assert!(find(&text).is_empty());
    }
}
