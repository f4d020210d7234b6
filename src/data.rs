//! Reading the product's own word lists (`data/`, compiled in with `include_str!`): one
//! entry a line, `#` comment lines and blank lines skipped, fields separated by tabs. Every
//! stage's loader reads its files through these two functions, so a list is read the same
//! way wherever it is used (a header row, where a file has one, is the caller's to skip: it
//! is the first line these yield).

/// The entry lines of a list: without trailing whitespace, comments and blank lines.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The entry lines of a list split at their first tab: (first field, the rest). Lines
/// without a tab are skipped.
pub fn pairs(text: &str) -> impl Iterator<Item = (&str, &str)> {
    lines(text).filter_map(|l| l.split_once('\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_blanks_and_untabbed_lines_are_skipped() {
        let text = "# a comment\nkind\tterm\n\nrole\tوزیر دفاع  \r\n#role\tnot this\nno tab\n";
        assert_eq!(
            lines(text).collect::<Vec<_>>(),
            ["kind\tterm", "role\tوزیر دفاع", "no tab"]
        );
        assert_eq!(
            pairs(text).collect::<Vec<_>>(),
            [("kind", "term"), ("role", "وزیر دفاع")]
        );
    }
}
