//! The character pass: one table-driven scan that unifies letter variants, converts digits,
//! drops diacritics, kashida and invisible characters.

use super::{DigitStyle, NormOptions};
use crate::document::{Edit, EditKind};

/// What to do with one character.
enum Action {
    Keep,
    Replace(&'static str, EditKind),
    Drop(EditKind),
}

fn classify(c: char) -> Action {
    use EditKind::*;
    match c {
        'ي' | 'ى' => Action::Replace("ی", Char),
        'ك' => Action::Replace("ک", Char),
        'ە' | 'ھ' => Action::Replace("ه", Char),
        '\u{064B}'..='\u{065F}' | '\u{0670}' => Action::Drop(Diacritic),
        '\u{0640}' => Action::Drop(Diacritic),
        '\u{200E}'
        | '\u{200F}'
        | '\u{200B}'
        | '\u{200D}'
        | '\u{FEFF}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{00AD}' => Action::Drop(Invisible),
        '\u{00A0}' | '\u{2009}' | '\u{202F}' => Action::Replace(" ", Invisible),
        _ => Action::Keep,
    }
}

const PERSIAN_DIGITS: [&str; 10] = ["۰", "۱", "۲", "۳", "۴", "۵", "۶", "۷", "۸", "۹"];
const ASCII_DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

fn digit_value(c: char) -> Option<usize> {
    match c {
        '0'..='9' => Some(c as usize - '0' as usize),
        '٠'..='٩' => Some(c as usize - '٠' as usize),
        '۰'..='۹' => Some(c as usize - '۰' as usize),
        _ => None,
    }
}

/// Runs the character pass over `text`.
pub fn char_pass(text: &str, opts: &NormOptions) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let range = i..i + c.len_utf8();
        if let Some(d) = digit_value(c) {
            let target = match opts.digits {
                DigitStyle::Keep => None,
                DigitStyle::Persian => Some(PERSIAN_DIGITS[d]),
                DigitStyle::Ascii => Some(ASCII_DIGITS[d]),
            };
            // ASCII digits glued to Latin letters (model names, URLs) stay as written.
            let latin_context = prev.is_some_and(|p| p.is_ascii_alphabetic());
            if let Some(t) = target {
                if !latin_context && !t.starts_with(c) {
                    edits.push(Edit::new(range, t, EditKind::Digit));
                }
            }
        } else {
            match classify(c) {
                Action::Keep => {}
                Action::Replace(r, k) => edits.push(Edit::new(range, r, k)),
                Action::Drop(k) => edits.push(Edit::new(range, "", k)),
            }
        }
        prev = Some(c);
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::apply;

    fn run(s: &str) -> String {
        apply(s, &char_pass(s, &NormOptions::default()))
    }

    #[test]
    fn arabic_letters_become_persian() {
        assert_eq!(run("علي كتاب موسى"), "علی کتاب موسی");
    }

    #[test]
    fn digits_become_persian_except_inside_latin() {
        assert_eq!(run("سال 1398 و ٢٠"), "سال ۱۳۹۸ و ۲۰");
        assert_eq!(run("mp3"), "mp3");
    }

    #[test]
    fn diacritics_kashida_and_invisibles_go() {
        assert_eq!(run("مُحَمَّد"), "محمد");
        assert_eq!(run("ســلام"), "سلام");
        assert_eq!(run("\u{200F}سلام\u{FEFF}"), "سلام");
    }

    #[test]
    fn hamza_forms_are_kept() {
        assert_eq!(run("آئین مؤسسه جزء"), "آئین مؤسسه جزء");
    }
}
