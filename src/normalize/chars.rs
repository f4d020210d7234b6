//! The character pass: one table-driven scan that unifies letter variants, converts digits,
//! drops diacritics, kashida and invisible characters.

use super::{zwnj, DigitStyle, NormOptions};
use crate::document::{Edit, EditKind};

const ZWNJ: char = '\u{200c}';

/// What to do with one character.
enum Action {
    Keep,
    Replace(&'static str, EditKind),
    Drop(EditKind),
}

/// Most characters of Persian text are plain letters, spaces and ASCII, which this pass
/// keeps as they are: tested first, cheaply.
#[inline]
const fn plain(c: char) -> bool {
    matches!(c, ' '..='~' | 'آ'..='ب' | 'ت'..='غ' | 'ف'..='ق' | 'ل'..='ه' | 'و' | 'پ' | 'چ' | 'ژ' | 'ک' | 'گ' | 'ی')
}

fn classify(c: char) -> Action {
    use EditKind::*;
    if plain(c) {
        return Action::Keep;
    }
    match c {
        'ي' | 'ى' => Action::Replace("ی", Char),
        'ك' => Action::Replace("ک", Char),
        'ە' | 'ھ' | 'ة' | 'ہ' | 'ۃ' => Action::Replace("ه", Char),
        // Urdu, Sindhi, Kurdish and Pashto forms of kaf, gaf and yeh.
        'ڪ' => Action::Replace("ک", Char),
        'ګ' => Action::Replace("گ", Char),
        'ے' | 'ێ' | 'ۍ' | 'ې' => Action::Replace("ی", Char),
        'ۓ' => Action::Replace("ئ", Char),
        'ۂ' => Action::Replace("ۀ", Char),
        // Hamza above marks the ezafe on ه (خانهٔ): kept, like ۀ.
        '\u{0654}' => Action::Keep,
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
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' => match presentation(c) {
            Some("") => Action::Drop(Diacritic),
            Some(r) => Action::Replace(r, Char),
            None => Action::Keep,
        },
        _ => Action::Keep,
    }
}

/// The letters a presentation form (contextual glyph or ligature from a legacy encoding)
/// stands for; `""` for the isolated harakat forms, which are dropped like diacritics.
fn presentation(c: char) -> Option<&'static str> {
    // Arabic Presentation Forms-B: each letter has 1, 2 or 4 contextual forms, in order.
    const B: [(&str, u32); 36] = [
        ("ء", 1),
        ("آ", 2),
        ("أ", 2),
        ("ؤ", 2),
        ("إ", 2),
        ("ئ", 4),
        ("ا", 2),
        ("ب", 4),
        ("ه", 2),
        ("ت", 4),
        ("ث", 4),
        ("ج", 4),
        ("ح", 4),
        ("خ", 4),
        ("د", 2),
        ("ذ", 2),
        ("ر", 2),
        ("ز", 2),
        ("س", 4),
        ("ش", 4),
        ("ص", 4),
        ("ض", 4),
        ("ط", 4),
        ("ظ", 4),
        ("ع", 4),
        ("غ", 4),
        ("ف", 4),
        ("ق", 4),
        ("ک", 4),
        ("ل", 4),
        ("م", 4),
        ("ن", 4),
        ("ه", 4),
        ("و", 2),
        ("ی", 2),
        ("ی", 4),
    ];
    let u = c as u32;
    match u {
        0xFE70..=0xFE7F => Some(""),
        0xFE80..=0xFEF4 => {
            let mut base = 0xFE80;
            for (l, n) in B {
                if u < base + n {
                    return Some(l);
                }
                base += n;
            }
            None
        }
        0xFEF5 | 0xFEF6 => Some("لآ"),
        0xFEF7 | 0xFEF8 => Some("لأ"),
        0xFEF9 | 0xFEFA => Some("لإ"),
        0xFEFB | 0xFEFC => Some("لا"),
        0xFB56..=0xFB59 => Some("پ"),
        0xFB7A..=0xFB7D => Some("چ"),
        0xFB8A | 0xFB8B => Some("ژ"),
        0xFB8E..=0xFB91 => Some("ک"),
        0xFB92..=0xFB95 => Some("گ"),
        0xFBA4 | 0xFBA5 => Some("ۀ"),
        0xFBA6..=0xFBAD => Some("ه"),
        0xFBFC..=0xFBFF => Some("ی"),
        // The word ligatures of Arabic Presentation Forms-A.
        0xFDF0 | 0xFDF9 => Some("صلی"),
        0xFDF1 => Some("قلی"),
        0xFDF2 => Some("الله"),
        0xFDF3 => Some("اکبر"),
        0xFDF4 => Some("محمد"),
        0xFDF5 => Some("صلعم"),
        0xFDF6 => Some("رسول"),
        0xFDF7 => Some("علیه"),
        0xFDF8 => Some("وسلم"),
        0xFDFA => Some("صلی الله علیه وسلم"),
        0xFDFB => Some("جل جلاله"),
        0xFDFC => Some("ریال"),
        0xFDFD => Some("بسم الله الرحمن الرحیم"),
        _ => None,
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

/// The first character from byte `i` on that this pass does not drop.
fn next_solid(text: &str, i: usize) -> Option<char> {
    text[i..].chars().find(|&x| x != ZWNJ && !dropped(x))
}

/// The letter a character becomes after this pass (itself for most).
fn canonical(c: char) -> char {
    match classify(c) {
        Action::Replace(r, _) if r.chars().count() == 1 => r.chars().next().unwrap_or(c),
        _ => c,
    }
}

const ZWJ: char = '\u{200d}';

/// Whether the character pass removes `c` wherever it stands (invisible characters, marks,
/// their presentation forms): other passes look past such characters, so that what they
/// decide does not change once they are gone.
pub(crate) fn dropped(c: char) -> bool {
    matches!(classify(c), Action::Drop(_))
}

/// A letter of the Arabic script (Persian, Arabic, Urdu …) in any of its Unicode blocks,
/// presentation forms included: the script whose joiners this pass knows how to judge.
pub fn is_arabic_script(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
}

/// A letter (not a digit or a mark of punctuation) of the Arabic script.
pub fn is_arabic_letter(c: char) -> bool {
    is_arabic_script(c) && c.is_alphabetic()
}

/// Whether the joiner (ZWJ or ZWNJ) at `range` belongs to another script: the nearest
/// characters on both sides (looking past other joiners, variation selectors and what this
/// pass drops) are not Arabic letters, and one of them is more than white space or
/// punctuation. Emoji sequences (`❤️‍🔥`, `👨‍👩‍👧`) and the joiners of Indic scripts are
/// written that way on purpose; removing them would change the user's text.
///
/// Returns the end of the run of such skipped characters too: every joiner of the run has
/// the same neighbours, so the caller decides once per run (a run of 100,000 ZWNJs stays
/// linear).
fn foreign_joiner(text: &str, range: std::ops::Range<usize>) -> (usize, bool) {
    // (Characters this pass drops, such as direction marks, are not neighbours either: the
    // decision must not change once they are gone.)
    let skip = |c: &char| matches!(*c, ZWNJ | ZWJ | '\u{FE00}'..='\u{FE0F}') || dropped(*c);
    // (A character this pass replaces is judged as what it becomes, `﷼` as `ریال`: the
    // decision must be the same on the next run.)
    let becomes = |c: char, last: bool| match classify(c) {
        Action::Replace(r, _) if last => r.chars().next_back().unwrap_or(c),
        Action::Replace(r, _) => r.chars().next().unwrap_or(c),
        _ => c,
    };
    let before = text[..range.start]
        .chars()
        .rev()
        .find(|c| !skip(c))
        .map(|c| becomes(c, true));
    let (run_end, after) = match text[range.end..].char_indices().find(|(_, c)| !skip(c)) {
        Some((j, c)) => (range.end + j, Some(becomes(c, false))),
        None => (text.len(), None),
    };
    // Punctuation and spaces are neither side's: the punctuation pass may turn `,` into `،`.
    let arabic = before.is_some_and(is_arabic_letter) || after.is_some_and(is_arabic_letter);
    let solid = |c: Option<char>| {
        c.is_some_and(|c| {
            !c.is_whitespace()
                && !c.is_ascii_punctuation()
                && !matches!(
                    c,
                    '\u{2000}'..='\u{206F}' | '«' | '»' | '،' | '؛' | '؟' | '٪' | '٫' | '٬'
                )
        })
    };
    (run_end, !arabic && (solid(before) || solid(after)))
}

const SOFT_HYPHEN: char = '\u{00AD}';

/// Whether a ZWNJ after `kept` and before what follows byte `from` does something: after a
/// joining letter and before a letter.
fn zwnj_useful(text: &str, kept: Option<char>, from: usize) -> bool {
    kept.is_some_and(|k| zwnj::is_letter(k) && !zwnj::is_non_joining(k))
        && text[from..]
            .chars()
            .find(|&x| !dropped(x))
            // (A presentation form counts as the letter it becomes.)
            .is_some_and(|n| zwnj::is_letter(canonical(n)) || n == '\u{0654}')
}

/// Whether the Persian letters from byte `from` are an ordinal ending written after digits
/// (۱۲ام، ۲۱مین، قرن ۲۱م), which stays joined to them. A ZWNJ may follow the ending: the
/// ZWNJ pass can attach a suffix to it (`۳ام هایم` becomes `۳ام‌هایم`), and a second run
/// must still read the ending the first run kept.
fn ordinal_after_digits(text: &str, from: usize) -> bool {
    // The text as this pass leaves it (diacritics, kashida, invisibles gone, presentation forms
    // as letters): `۹۹مُتَمَّد` is not `۹۹م` followed by a mark, or a second run would split it.
    let mut rest = String::new();
    // (Five characters decide: the longest ending and the one after it.)
    for (j, c) in text[from..].char_indices() {
        match classify(c) {
            // (A ZWNJ only where this pass keeps it: `۴۰۲ام‌ﷲ` loses it.)
            Action::Drop(_) if c != ZWNJ => continue,
            _ if c == ZWNJ
                && !zwnj_useful(text, rest.chars().next_back(), from + j + c.len_utf8()) =>
            {
                continue
            }
            Action::Replace(r, _) => rest.push_str(r),
            _ => rest.push(c),
        }
        if rest.chars().count() >= 5 {
            break;
        }
    }
    ["امین", "مین", "ام", "م"].iter().any(|e| {
        rest.strip_prefix(e)
            .is_some_and(|r| !r.starts_with(zwnj::is_letter))
    })
}

/// Runs the character pass over `text`.
pub fn char_pass(text: &str, opts: &NormOptions) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut prev: Option<char> = None;
    // The last character kept (for ZWNJ and repeat decisions after dropped characters).
    let mut kept: Option<char> = None;
    // URLs and e-mail addresses are left exactly as written.
    let prot = super::punct::protected(text);
    let mut pi = 0;
    // The end of the last run of joiners judged by `foreign_joiner`, and its verdict.
    let mut joiner_run = (0, false);
    // The end of the last token judged by `latin_token`, and its verdict.
    let mut latin = (0, false);
    let bytes = text.as_bytes();
    let mut pos = 0;
    while pos < text.len() {
        // Runs of plain characters need nothing: skipped a byte pair at a time.
        let from = pos;
        pos = skip_plain(bytes, pos);
        if pos > from {
            prev = text[..pos].chars().next_back();
            kept = prev;
            if pos >= text.len() {
                break;
            }
        }
        let Some(c) = text[pos..].chars().next() else {
            break;
        };
        let range = pos..pos + c.len_utf8();
        pos = range.end;
        while pi < prot.len() && prot[pi].1 <= range.start {
            pi += 1;
        }
        // (Invisible characters go even there.)
        let invisible = c == ZWNJ || matches!(classify(c), Action::Drop(EditKind::Invisible));
        if pi < prot.len() && prot[pi].0 <= range.start && !invisible {
            prev = Some(c);
            kept = Some(c);
            continue;
        }
        if c == ZWNJ || c == ZWJ {
            if range.start >= joiner_run.0 {
                joiner_run = foreign_joiner(text, range.clone());
            }
            if joiner_run.1 {
                // An emoji sequence (❤️‍🔥, 👨‍👩‍👧) or another script's joiner: not ours.
                prev = Some(c);
                continue;
            }
        }
        let i = range.start;
        let next = text[range.end..].chars().next();
        if let Some(d) = digit_value(c) {
            let target = match opts.digit_style() {
                DigitStyle::Keep => None,
                DigitStyle::Persian => Some(PERSIAN_DIGITS[d]),
                DigitStyle::Ascii => Some(ASCII_DIGITS[d]),
            };
            // Digits of a Latin token (COVID-19, v2.1, A320, iPhone 15) stay as written.
            if i >= latin.0 {
                latin = latin_token(text, i);
            }
            let latin_context = latin.1 && c.is_ascii_digit();
            // Digits glued to Persian letters, where a line break or tag was lost (سال۱۴۰۲،
            // ۱۲۳او), are split from them; an ordinal ending (۱۲ام) stays.
            if kept.is_some_and(zwnj::is_letter) {
                edits.push(Edit::new(i..i, " ", EditKind::Split));
            }
            if let Some(t) = target {
                if !latin_context && !t.starts_with(c) {
                    edits.push(Edit::new(range.clone(), t, EditKind::Digit));
                }
            }
            // (What follows as this pass leaves it: a presentation form is its letters.)
            let after = next_solid(text, range.end).map(|n| match classify(n) {
                Action::Replace(r, _) => r.chars().next().unwrap_or(n),
                _ => n,
            });
            if after.is_some_and(zwnj::is_letter) && !ordinal_after_digits(text, range.end) {
                edits.push(Edit::new(range.end..range.end, " ", EditKind::Split));
            }
            kept = Some(c);
        } else if c == '٫'
            && opts.digit_style() == DigitStyle::Ascii
            && kept.is_some_and(|p| digit_value(p).is_some())
            && next_solid(text, range.end).is_some_and(|n| digit_value(n).is_some())
        {
            edits.push(Edit::new(range, ".", EditKind::Digit));
            kept = Some('.');
        } else if c == '.'
            && opts.digit_style() == DigitStyle::Persian
            && kept.is_some_and(|p| digit_value(p).is_some())
            && next_solid(text, range.end).is_some_and(|n| digit_value(n).is_some())
            && !(i < latin.0 && latin.1)
        {
            // A decimal point between digits: the Persian decimal separator, never `۳. ۵`.
            edits.push(Edit::new(range, "٫", EditKind::Digit));
            kept = Some('٫');
        } else if let Some(end) = (c == KASHIDA)
            .then(|| dash_end(text, prev, range.end))
            .flatten()
        {
            // A kashida between numbers or standing between spaces is a dash (`۱۹۹۰ـ۲۰۰۰`,
            // `او ـ که آمد ـ رفت`): dropping it would merge the numbers or the clauses.
            edits.push(Edit::new(i..end, "–", EditKind::Dash));
            kept = Some('–');
            prev = Some('–');
            pos = end;
            continue;
        } else if c == SOFT_HYPHEN && kept != Some(ZWNJ) && zwnj_useful(text, kept, range.end) {
            // A soft hyphen typed where a ZWNJ belongs (کتاب­ها) becomes one.
            edits.push(Edit::new(range, ZWNJ.to_string(), EditKind::Invisible));
            kept = Some(ZWNJ);
        } else if c == ZWNJ {
            // A ZWNJ is kept only between two letters, once (the last of a run), after a
            // joining letter.
            let useful = kept != Some(ZWNJ) && zwnj_useful(text, kept, range.end);
            if useful {
                kept = Some(c);
            } else {
                edits.push(Edit::new(range, "", EditKind::Invisible));
            }
        } else {
            match classify(c) {
                Action::Keep => kept = Some(c),
                Action::Replace(r, k) => {
                    // A ligature of several words (ﷺ, ﷽) glued to a word is a space lost, as
                    // with digits: the words it becomes are set apart here, so that the later
                    // passes judge them as the words they are on this run already, not only on
                    // a second run (a fuzz finding: `ترینﷺ` made a line look spaced only then).
                    let phrase = r.contains(' ');
                    if phrase && kept.is_some_and(zwnj::is_letter) {
                        edits.push(Edit::new(i..i, " ", EditKind::Split));
                    }
                    edits.push(Edit::new(range.clone(), r, k));
                    kept = r.chars().next_back();
                    // (Not before a ZWNJ: it would then follow the space and go on a second run.)
                    let after = text[range.end..]
                        .chars()
                        .find(|&x| x == ZWNJ || !dropped(x))
                        .map(|n| match classify(n) {
                            Action::Replace(r, _) => r.chars().next().unwrap_or(n),
                            _ => n,
                        });
                    if phrase && after.is_some_and(zwnj::is_letter) {
                        edits.push(Edit::new(range.end..range.end, " ", EditKind::Split));
                    }
                }
                Action::Drop(k) => edits.push(Edit::new(range.clone(), "", k)),
            }
            // Three or more of the same letter in a row is emphasis (سلاممممم): one is kept.
            // (A ligature's run continues from its last letter: ﻻاا is لا + اا.)
            let cc = if plain(c) {
                c
            } else {
                match classify(c) {
                    Action::Replace(r, _) => r.chars().next_back().unwrap_or(c),
                    _ => c,
                }
            };
            // (Through characters this pass drops: ی‍ي is a run too.)
            let same_next = next.is_some_and(|n| {
                n == cc
                    || (!plain(n)
                        && text[range.end..]
                            .chars()
                            .find(|&x| {
                                // (Neither dropped nor a ZWNJ that goes.)
                                let goes = dropped(x) || x == ZWNJ && zwnj::is_non_joining(cc);
                                !goes
                            })
                            .is_some_and(|x| canonical(x) == cc))
            });
            if same_next && zwnj::is_letter(cc) {
                // Count the run, looking through characters this pass drops anyway.
                let (mut n, mut end) = (1, range.end);
                for (j, x) in text[range.end..].char_indices() {
                    let j = j + range.end - i;
                    if canonical(x) == cc {
                        n += 1;
                        end = i + j + x.len_utf8();
                    } else if x == ZWNJ && zwnj::is_non_joining(cc) {
                        // A ZWNJ after a non-joining letter goes, so the run goes on.
                    } else if !dropped(x) || x == ZWNJ {
                        // A ligature that begins with the letter ends the run inside it: its
                        // letters count (`ااﷲ` reads `ااالله`), the plain ones after the first
                        // go, and the next run finds two, not three (a fuzz finding).
                        if let Action::Replace(r, _) = classify(x) {
                            n += r.chars().take_while(|&y| y == cc).count();
                        }
                        break;
                    }
                }
                if n >= 3 {
                    edits.push(Edit::new(range.end..end, "", EditKind::Char));
                    pos = end;
                }
            }
        }
        prev = Some(c);
    }
    edits
}

const KASHIDA: char = '\u{0640}';

/// The end of the run of ASCII token characters around byte `i`, and whether it is a Latin
/// token whose digits stay as written: it has a Latin letter (COVID-19, v2.1.3, 5G), or it is
/// a number right after a word of Latin letters (iPhone 15, Windows 11).
fn latin_token(text: &str, i: usize) -> (usize, bool) {
    let tok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '/' | '+');
    let start = text[..i]
        .char_indices()
        .rev()
        .take_while(|x| tok(x.1))
        .last()
        .map_or(i, |x| x.0);
    let end = text[i..]
        .find(|c: char| !tok(c))
        .map_or(text.len(), |p| i + p);
    let token = &text[start..end];
    if token.bytes().any(|b| b.is_ascii_alphabetic()) {
        return (end, true);
    }
    let before = text[..start].strip_suffix(' ').unwrap_or("");
    (end, before.ends_with(|c: char| c.is_ascii_alphabetic()))
}

/// Where a run of kashidas starting after `prev` and running from byte `from` ends, when the
/// run is a dash: between two digits, or with a space (or a line's edge) on both sides.
fn dash_end(text: &str, prev: Option<char>, from: usize) -> Option<usize> {
    let end = from + text[from..].len() - text[from..].trim_start_matches(KASHIDA).len();
    let next = text[end..].chars().next();
    let digit = |c: Option<char>| c.and_then(digit_value).is_some();
    let gap = |c: Option<char>| !c.is_some_and(|x| !x.is_whitespace());
    (digit(prev) && digit(next) || gap(prev) && gap(next) && (prev.is_some() || next.is_some()))
        .then_some(end)
}

/// The end of the run of plain characters from byte `i`: ASCII other than digits and `.`,
/// and Persian letters that are neither followed by the same letter (a possible emphasis
/// run) nor by a character this pass changes.
fn skip_plain(b: &[u8], mut i: usize) -> usize {
    // The table index of the letter at `i` when the step before found it plain already.
    let mut known: Option<usize> = None;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            if x.is_ascii_digit() || x == b'.' {
                break;
            }
            i += 1;
            continue;
        }
        let Some(c) = known
            .take()
            .or_else(|| arabic_index(b, i).filter(|&k| PLAIN2[k]))
        else {
            break;
        };
        let next_ok = match b.get(i + 2) {
            None => true,
            Some(&n) if n < 0x80 => true,
            Some(_) => {
                known = arabic_index(b, i + 2).filter(|&n| PLAIN2[n] && n != c);
                known.is_some()
            }
        };
        if !next_ok {
            break;
        }
        i += 2;
    }
    i
}

/// The index into a 256-entry table of the two-byte character at `i` when it is one of
/// U+0600–U+06FF (lead bytes D8–DB): a table lookup instead of decoding in the hot loops.
#[inline]
pub(crate) fn arabic_index(b: &[u8], i: usize) -> Option<usize> {
    let (x, y) = (*b.get(i)?, *b.get(i + 1)?);
    if !(0xD8..=0xDB).contains(&x) || y & 0xC0 != 0x80 {
        return None;
    }
    Some(((x as usize - 0xD8) << 6) | (y as usize & 0x3F))
}

/// A table over U+0600–U+06FF, indexed by [`arabic_index`], of a `const fn(char) -> bool`.
macro_rules! arabic_table {
    ($pred:path) => {{
        let mut t = [false; 256];
        let mut k = 0;
        while k < 256 {
            if let Some(c) = char::from_u32(0x600 + k as u32) {
                t[k] = $pred(c);
            }
            k += 1;
        }
        t
    }};
}
pub(crate) use arabic_table;

/// `plain` for U+0600–U+06FF, indexed by [`arabic_index`].
static PLAIN2: [bool; 256] = arabic_table!(plain);

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
    fn joiners_of_emoji_and_other_scripts_are_left_alone() {
        for s in [
            "❤️\u{200d}🔥",
            "👨\u{200d}👩\u{200d}👧",
            "क्\u{200d}ष",
            "क्\u{200c}ष",
            "a\u{200c}b",
            "سلام 👨\u{200d}👩\u{200d}👧 دنیا",
        ] {
            assert_eq!(run(s), s);
        }
        // In Persian text they are judged as before.
        assert_eq!(run("ی\u{200d}ک"), "یک");
        assert_eq!(run("سلام\u{200c} "), "سلام ");
        assert_eq!(run("\u{200d}🔥ب"), "\u{200d}🔥ب");
        assert_eq!(run("ب\u{200d}🔥"), "ب🔥");
    }

    #[test]
    fn hamza_forms_are_kept() {
        assert_eq!(run("آئین مؤسسه جزء"), "آئین مؤسسه جزء");
    }
}
