//! Segmentation of the normalized text into paragraphs, sentences and tokens.
//!
//! Sentences end at `. ! ? ؟` (not inside numbers such as `3.5`), at `…`, and at line breaks:
//! scraped news puts a headline, a dateline or a caption on its own line without a full stop.
//! Tokens are runs of letters, digits and ZWNJ, or single punctuation marks; a ZWNJ joins,
//! so `می‌ورزند` is one token.

use std::ops::Range;

/// A token of the normalized text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    /// True for a word or a number; false for a punctuation mark or symbol.
    pub is_word: bool,
}

/// A sentence with the tokens inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub range: Range<usize>,
    /// Index range into the document's token list.
    pub tokens: Range<usize>,
    /// Index of the paragraph this sentence is in.
    pub paragraph: usize,
}

/// Whether `c` can be part of a word token.
#[inline]
pub fn is_word_char(c: char) -> bool {
    // ASCII and the common Arabic-script letters first: the Unicode tables behind
    // `is_alphanumeric` were a few percent of a whole analysis.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    // (Persian and Arabic-Indic digits and the ZWNJ are as common in Persian text as the
    // letters, and the Persian marks and guillemets end most words: told before the tables,
    // too.)
    if matches!(
        c,
        '،' | '؛' | '؟' | '«' | '»' | '…' | '–' | '—' | '٪' | '٫' | '٬'
    ) {
        return false;
    }
    is_common_arabic_letter(c)
        || matches!(c, '\u{06F0}'..='\u{06F9}' | '\u{0660}'..='\u{0669}' | '\u{200C}')
        || c.is_alphanumeric()
        || is_mark(c)
}

/// The Arabic-script letters of Persian and Arabic text (general category Lo: alphabetic,
/// not numeric, caseless), told without the Unicode tables.
#[inline]
pub fn is_common_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}')
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// Whether the character of U+0600–U+06FF at `crate::normalize::chars::arabic_index` `k` is
/// a letter, digit or mark of the common ranges: a word character told by one table lookup.
static COMMON_WORD2: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    while k < 256 {
        let cp = 0x600 + k as u32;
        t[k] = matches!(cp, 0x621..=0x63A | 0x640..=0x65F | 0x660..=0x669 | 0x670..=0x6D3 | 0x6F0..=0x6F9);
        k += 1;
    }
    t
};

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let b = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let clen = c.len_utf8();
        if c.is_whitespace() {
            i += clen;
            continue;
        }
        if is_word_char(c) && c != '\u{200C}' {
            let mut end = i + clen;
            loop {
                // Letters and digits of the Arabic block, most of a word, a table lookup each.
                while let Some(k) = crate::normalize::chars::arabic_index(b, end) {
                    if !COMMON_WORD2[k] {
                        break;
                    }
                    end += 2;
                }
                let Some(d) = text[end..].chars().next() else {
                    break;
                };
                // A decimal point or separator between digits stays inside the number.
                let inside_number = matches!(d, '.' | '٫' | '/' | ',' | '٬')
                    && text[..end]
                        .chars()
                        .next_back()
                        .is_some_and(|p| p.is_numeric())
                    && text[end + d.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(|n| n.is_numeric());
                if is_word_char(d) || inside_number {
                    end += d.len_utf8();
                } else {
                    break;
                }
            }
            // A trailing ZWNJ is not part of the word (nor a token of its own).
            let mut word_end = end;
            while text[..word_end].ends_with('\u{200C}') {
                word_end -= '\u{200C}'.len_utf8();
            }
            tokens.push(Token {
                range: i..word_end,
                is_word: true,
            });
            i = end;
        } else {
            if c != '\u{200C}' {
                tokens.push(Token {
                    range: i..i + clen,
                    is_word: false,
                });
            }
            i += clen;
        }
    }
    // The list lives as long as the analysis; doubling growth can leave nearly half of it
    // unused.
    tokens.shrink_to_fit();
    tokens
}

fn ends_sentence(text: &str, tok: &Token) -> bool {
    !tok.is_word && matches!(&text[tok.range.clone()], "." | "!" | "?" | "؟" | "…")
}

/// Splits `text` into sentences over the given tokens.
/// The longest sentence, in tokens: a run without end marks or line breaks is cut here.
/// Prose never comes near it (the longest of 3 MB of news has 296 tokens), but a list,
/// a table flattened to one line or a text of one repeated phrase would otherwise be one
/// "sentence", and the later stages read a sentence once per cue or token in it.
pub const MAX_SENTENCE_TOKENS: usize = 1000;

pub fn sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut paragraph = 0;
    let mut first = 0; // first token of the current sentence
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let mut end_here = false;
        if ends_sentence(text, t) {
            // Take following closing marks and repeated end marks with the sentence.
            while i + 1 < tokens.len()
                && !tokens[i + 1].is_word
                && matches!(
                    &text[tokens[i + 1].range.clone()],
                    "." | "!" | "?" | "؟" | "»" | ")" | "\"" | "…"
                )
                && !has_newline(text, t.range.end, tokens[i + 1].range.start)
            {
                i += 1;
            }
            end_here = true;
        }
        let gap_end = tokens.get(i + 1).map_or(text.len(), |n| n.range.start);
        let newlines = text[tokens[i].range.end..gap_end].matches('\n').count();
        if newlines > 0 || i + 1 - first >= MAX_SENTENCE_TOKENS {
            end_here = true;
        }
        if end_here {
            out.push(Sentence {
                range: tokens[first].range.start..tokens[i].range.end,
                tokens: first..i + 1,
                paragraph,
            });
            if newlines > 0 {
                paragraph += 1;
            }
            first = i + 1;
        }
        i += 1;
    }
    if first < tokens.len() {
        out.push(Sentence {
            range: tokens[first].range.start..tokens[tokens.len() - 1].range.end,
            tokens: first..tokens.len(),
            paragraph,
        });
    }
    out
}

fn has_newline(text: &str, a: usize, b: usize) -> bool {
    text[a..b].contains('\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text)
            .iter()
            .map(|t| &text[t.range.clone()])
            .collect()
    }

    #[test]
    fn word_char_fast_paths_agree_with_the_unicode_tables() {
        for c in (0..0x1_0000u32).filter_map(char::from_u32) {
            let slow = c.is_alphanumeric() || c == '\u{200C}' || c == '_' || is_mark(c);
            assert_eq!(is_word_char(c), slow, "{c:?}");
        }
    }

    #[test]
    fn the_word_table_holds_only_word_characters() {
        for (k, &word) in COMMON_WORD2.iter().enumerate() {
            let c = char::from_u32(0x600 + k as u32).unwrap();
            if word {
                assert!(is_word_char(c), "{c:?}");
            }
        }
    }

    #[test]
    fn zwnj_joins_and_punctuation_splits() {
        assert_eq!(
            words("آنها می‌ورزند، سال‌های ۳.۵ درصد."),
            vec!["آنها", "می‌ورزند", "،", "سال‌های", "۳.۵", "درصد", "."]
        );
    }

    #[test]
    fn a_run_without_end_marks_is_cut_at_the_sentence_limit() {
        // 2,400 tokens without a full stop or a line break: the cue phrase of a pathological
        // input, repeated.
        let text = "وزیر گفت: ".repeat(800);
        let toks = tokenize(&text);
        let s = sentences(&text, &toks);
        assert_eq!(toks.len(), 2400);
        assert!(s.iter().all(|s| s.tokens.len() <= MAX_SENTENCE_TOKENS));
        assert_eq!(s.len(), 3);
        // Nothing lost: the sentences cover every token, in order.
        assert_eq!(s[0].tokens.start, 0);
        assert!(s.windows(2).all(|w| w[0].tokens.end == w[1].tokens.start));
        assert_eq!(s[2].tokens.end, toks.len());
        // Real sentences are not touched.
        assert_eq!(sentences("یک. دو", &tokenize("یک. دو")).len(), 2);
    }

    #[test]
    fn sentences_split_on_marks_and_lines() {
        let text = "وزیر گفت: بله. آیا؟ نه!\nتیتر دوم\n\nپاراگراف سوم";
        let toks = tokenize(text);
        let s = sentences(text, &toks);
        let got: Vec<&str> = s.iter().map(|s| &text[s.range.clone()]).collect();
        assert_eq!(
            got,
            vec!["وزیر گفت: بله.", "آیا؟", "نه!", "تیتر دوم", "پاراگراف سوم"]
        );
        assert_eq!(s[3].paragraph, 1);
        assert_eq!(s[4].paragraph, 2);
    }

    #[test]
    fn decimal_point_does_not_end_a_sentence() {
        let text = "رشد ۳.۵ درصد بود.";
        let toks = tokenize(text);
        assert_eq!(sentences(text, &toks).len(), 1);
    }
}
