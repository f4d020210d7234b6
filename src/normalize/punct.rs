//! Punctuation and spacing: Persian comma, semicolon and question mark in Persian context,
//! «» for straight double quotes that pair up on a line, `...` → `…`, repeated marks
//! collapsed, one space after and none before punctuation, none inside brackets and
//! guillemets, runs of spaces collapsed.
//!
//! URLs, e-mail addresses and Latin text are left alone: a mark is converted only when a
//! Persian letter is its nearest neighbour, and whitespace-separated chunks that look like a
//! URL or an address are skipped whole.

use super::chars::dropped;
use super::zwnj::is_letter;
use super::NormOptions;
use crate::document::{Edit, EditKind};
use aho_corasick::AhoCorasick;
use std::sync::OnceLock;

/// Marks that close something or end a clause: no space before them.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '،' | '؛' | '؟' | '!' | '.' | ':' | '»' | ')' | ']' | '}' | '…' | ',' | ';' | '?'
    )
}

fn is_opening(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '«')
}

/// The Persian form of a Latin mark.
fn persian_mark(c: char) -> Option<char> {
    match c {
        ',' => Some('،'),
        ';' => Some('؛'),
        '?' => Some('؟'),
        _ => None,
    }
}

fn persian(c: Option<char>) -> bool {
    c.is_some_and(is_letter)
}

/// Byte ranges of chunks (between whitespace) that are URLs or e-mail addresses.
pub(crate) fn protected(text: &str) -> Vec<(usize, usize)> {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    // One scan for the three marks of an address (the patterns are fixed and valid).
    let ac = AC.get_or_init(|| AhoCorasick::new(["://", "www.", "@"]).expect("valid patterns"));
    let mut out: Vec<(usize, usize)> = Vec::new();
    // Matches inside an address already taken are skipped.
    let mut taken = 0;
    // An address is ASCII: it starts at its scheme, `www.` or the local part of a mail
    // address, and runs to the next whitespace.
    // (Invisible characters and marks, which the character pass removes, do not separate
    // anything.)
    // (Everything the character pass drops, presentation forms of marks included: `cﹿwww.`
    // must read as `cwww.` on the first run already, a fuzz finding.)
    let invisible = |c: char| {
        matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{ad}'
            | '\u{064b}'..='\u{0653}' | '\u{0655}'..='\u{065f}' | '\u{0670}' | '\u{0640}')
            || (!c.is_ascii() && dropped(c))
    };
    let url_char = |c: char| {
        c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-') || invisible(c)
    };
    // Both scans below are remembered from one match to the next, so that a long line with
    // many marks and no address (`0@0@0@…`, `awww.awww.…`, a fuzz finding) is read once, not
    // once per mark: the start of the run of address characters before the last match, and
    // the next whitespace after it.
    let (mut last_at, mut last_back, mut last_named) = (0, 0, false);
    let mut next_space = 0;
    for m in ac.find_iter(text) {
        let at = m.start();
        if at < taken {
            continue;
        }
        // (The run before `at` reaches back past `last_at` only if all between is in it;
        // else it starts after `last_at`.)
        let between = &text[last_at..at];
        let (back, named) = if between.chars().all(url_char) {
            (
                last_back,
                last_named || between.chars().any(|c| c.is_ascii_alphanumeric()),
            )
        } else {
            let back = between
                .char_indices()
                .rev()
                .take_while(|x| url_char(x.1))
                .last()
                .map_or(at, |x| last_at + x.0);
            (
                back,
                text[back..at].chars().any(|c| c.is_ascii_alphanumeric()),
            )
        };
        (last_at, last_back, last_named) = (at, back, named);
        // (`at` itself is no whitespace: equal only before the first search.)
        if next_space <= at {
            next_space = text[at..]
                .find(char::is_whitespace)
                .map_or(text.len(), |p| at + p);
        }
        let mut e = next_space;
        let ok = match m.pattern().as_usize() {
            // scheme://
            0 => named,
            // www. at a word start (after a digit of any script it is not: the digit pass
            // may make `٤` a `4`, and the next run must find the same address)
            1 => !text[..at]
                .trim_end_matches(invisible)
                .ends_with(|c: char| c.is_ascii_alphanumeric() || c.is_numeric()),
            // local@domain.tld: the domain is the run of address characters after `@` and
            // ends there (not at the next space), so that what follows it, a Persian word
            // or a mark, cannot decide whether it is protected: the same address is found
            // again once spacing around it has changed.
            _ => {
                let run = text[at + 1..]
                    .find(|c: char| !url_char(c))
                    .map_or(text.len(), |p| at + 1 + p);
                // The domain is its leading labels that hold a letter or a digit: an empty
                // label (`..`) or one of marks ends it, since this pass may itself make
                // `x.i.\t.ir` into `x.i..ir` and the next run must find the same address;
                // then it ends at its last letter or digit (`b.0َ..` ends after `0`, whatever
                // follows: both fuzz findings).
                let run = &text[at + 1..run];
                let (mut len, mut labels) = (0, 0);
                for l in run.split('.') {
                    if !l.chars().any(|c| c.is_ascii_alphanumeric()) {
                        break;
                    }
                    len += l.len() + usize::from(labels > 0);
                    labels += 1;
                }
                let domain =
                    run[..len].trim_end_matches(|c: char| matches!(c, '.' | '-') || invisible(c));
                e = at + 1 + domain.len();
                named && labels >= 2
            }
        };
        if ok {
            let start = if m.pattern().as_usize() == 1 {
                at
            } else {
                back
            };
            taken = e;
            out.push((start, e));
        }
    }
    out.sort_unstable();
    out.dedup();
    // Merge overlaps so the skip in the main loop sees sorted, disjoint ranges.
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(out.len());
    for r in out {
        match merged.last_mut() {
            Some(m) if r.0 <= m.1 => m.1 = m.1.max(r.1),
            _ => merged.push(r),
        }
    }
    merged
}

/// Straight double quotes that pair up on their line (an even number, in a line with
/// Persian letters): (byte offset, opens).
fn paired_quotes(text: &str) -> Vec<(usize, bool)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if line.contains('"') {
            let n = line.matches('"').count();
            if n % 2 == 0 && line.chars().any(is_letter) {
                for (k, (i, _)) in line.match_indices('"').enumerate() {
                    out.push((start + i, k % 2 == 0));
                }
            }
        }
        start += line.len();
    }
    out
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

/// A space or a tab. The pass turns a tab between words into a space, so every look past
/// blanks treats the two alike: the context a mark is judged in must not change when the
/// pass itself has rewritten the blank beside it (`I\t; ا` and `I ; ا` give the same mark).
fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// The nearest character before byte `i` that is not blank.
fn prev_non_space(text: &str, i: usize) -> Option<char> {
    text[..i].trim_end_matches(is_blank).chars().next_back()
}

/// Whether the byte at `i` may start something this pass acts on. Persian letters
/// (lead bytes D8–DB except the three Persian marks) and ASCII letters and digits are not.
fn interesting(b: &[u8], i: usize) -> bool {
    match LEAD[b[i] as usize] {
        0 => false,
        1 => true,
        2 => matches!(b.get(i + 1), Some(0x8C | 0x9B | 0x9F)),
        3 => matches!(b.get(i + 1), Some(0xAB | 0xBB)),
        _ => b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0xA6),
    }
}

/// Whether the byte at `i` is one space between two words, which the pass leaves as it is
/// (its common case).
fn plain_space(b: &[u8], i: usize) -> bool {
    b[i] == b' '
        && i > 0
        && i + 1 < b.len()
        && !interesting(b, i + 1)
        && !matches!(b[i + 1], b'\n' | b'\r')
        && !matches!(b[i - 1], b'(' | b'[' | b'{' | 0xAB | b'\n')
}

/// The first byte from `i` that may be [`interesting`]: an ASCII byte, C2 (the guillemets'
/// lead), D8 before 8C, 9B or 9F (the Persian comma, semicolon and question mark), or
/// E2 80 A6 (the ellipsis); a [`plain_space`] between two Persian letters is stepped over.
/// Word-at-a-time byte tests (exact per byte, no carries between bytes) in place of a branch
/// per character, eight bytes at a time while ten remain. What it steps over holds nothing
/// the pass acts on; where it finds something it stops on that character's first byte.
#[inline]
fn skip_dull(b: &[u8], mut i: usize) -> usize {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // High bit of each byte of `w` that equals `v`.
    let eq = |w: u64, v: u8| {
        let x = w ^ (ONES * v as u64);
        !(((x & LOW7) + LOW7) | x) & HIGH
    };
    while i + 10 <= b.len() {
        let w = u64::from_le_bytes(b[i..i + 8].try_into().expect("eight bytes"));
        let next = u64::from_le_bytes(b[i + 1..i + 9].try_into().expect("eight bytes"));
        let next2 = u64::from_le_bytes(b[i + 2..i + 10].try_into().expect("eight bytes"));
        // (The byte before each; before the text's first byte, a zero byte.)
        let prev = match i {
            0 => w << 8,
            _ => u64::from_le_bytes(b[i - 1..i + 7].try_into().expect("eight bytes")),
        };
        let marks = eq(next, 0x8C) | eq(next, 0x9B) | eq(next, 0x9F);
        let ellipsis = eq(w, 0xE2) & eq(next, 0x80) & eq(next2, 0xA6);
        // The space between two Persian words, the pass's common case (see `punct_pass`),
        // stepped over too, or every word would stop the scan: a space after the last byte
        // of a letter (80–BF, but not AB, the end of `«`) and before a letter's lead byte
        // (D9–DB, or D8 not before a Persian mark).
        let after_letter = prev & HIGH & !((prev << 1) & HIGH) & !eq(prev, 0xAB);
        let marks2 = eq(next2, 0x8C) | eq(next2, 0x9B) | eq(next2, 0x9F);
        let before_letter =
            eq(next, 0xD9) | eq(next, 0xDA) | eq(next, 0xDB) | (eq(next, 0xD8) & !marks2);
        let dull_space = eq(w, b' ') & after_letter & before_letter;
        let m = (!w & HIGH & !dull_space) | eq(w, 0xC2) | (eq(w, 0xD8) & marks) | ellipsis;
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i
}

/// By first byte: 0 never interesting, 1 always, 2 and 3 depending on the second byte
/// (D8: the Persian comma, semicolon and question mark; C2: guillemets).
static LEAD: [u8; 256] = {
    let mut t = [0u8; 256];
    let always = b" \t\",;?!.:()[]{}";
    let mut k = 0;
    while k < always.len() {
        t[always[k] as usize] = 1;
        k += 1;
    }
    t[0xD8] = 2;
    t[0xC2] = 3;
    t[0xE2] = 4;
    t
};

/// Runs the punctuation and spacing pass over `text`.
pub fn punct_pass(text: &str, opts: &NormOptions) -> Vec<Edit> {
    let punct_on = opts.enabled(EditKind::Punctuation);
    // (The `keep` style still collapses repeats and writes `…`; it converts no Latin mark.)
    let convert = opts.style.punctuation == super::style::Marks::Persian;
    let space_on = opts.enabled(EditKind::Spacing);
    let mut edits = Vec::new();
    if !punct_on && !space_on {
        return edits;
    }
    let b = text.as_bytes();
    let prot = protected(text);
    let quotes = if convert {
        paired_quotes(text)
    } else {
        Vec::new()
    };
    let (mut pi, mut qi) = (0, 0);
    let mut i = 0;
    while i < b.len() {
        // Runs of Persian letters are skipped eight bytes at a time.
        i = skip_dull(b, i);
        if i >= b.len() {
            break;
        }
        if !interesting(b, i) {
            // (A letter in D9–DB is two bytes and never interesting.)
            i += if (0xD9..=0xDB).contains(&b[i]) { 2 } else { 1 };
            continue;
        }
        // The common case: one space between two words.
        if plain_space(b, i) {
            i += 1;
            continue;
        }
        while pi < prot.len() && prot[pi].1 <= i {
            pi += 1;
        }
        if pi < prot.len() && prot[pi].0 <= i {
            // Inside a URL or address: skip to its end.
            i = prot[pi].1;
            continue;
        }
        let c = char_at(text, i).unwrap_or(' ');
        let clen = c.len_utf8();
        let prev = char_before(text, i);
        if c == ' ' || c == '\t' {
            let mut end = i;
            while end < b.len() && (b[end] == b' ' || b[end] == b'\t') {
                end += 1;
            }
            let next = char_at(text, end);
            let closing_quote = next == Some('"') && quotes.binary_search(&(end, false)).is_ok();
            let before_closing = (next.is_some_and(is_closing) || closing_quote)
                && prev.is_some_and(|p| p != '\n' && !p.is_ascii_alphanumeric())
                && !(next == Some('.') && b.get(end + 1) == Some(&b'.'))
                // `3 .5`, `x ,2`: a mark before a digit may be a number's; left as written.
                // (Past a ZWNJ, as the character pass looks for the digit after a decimal point:
                // else `99 .‌22` would become `99.‌22` here and `99٫‌22` on a second run.)
                && !(matches!(next, Some('.' | ':'))
                    && text[end + 1..].trim_start_matches('\u{200c}').chars().next()
                        .is_some_and(|d| d.is_ascii_digit() || ('۰'..='۹').contains(&d)));
            let after_opening = prev.is_some_and(is_opening) && next != Some('\n');
            // (Indentation at a line start and spaces at a line end are left as they are.)
            let line_start = matches!(prev, None | Some('\n'));
            if space_on && !line_start && next.is_some() && next != Some('\n') {
                if before_closing || after_opening {
                    edits.push(Edit::new(i..end, "", EditKind::Spacing));
                } else if end - i > 1 || c == '\t' {
                    edits.push(Edit::new(i..end, " ", EditKind::Spacing));
                }
            }
            i = end;
            continue;
        }
        // A word and an opening bracket or guillemet are two things: `است(که` → `است (که`.
        if space_on && is_opening(c) && persian(prev) {
            edits.push(Edit::new(i..i, " ", EditKind::Spacing));
        }
        if c == '"' {
            while qi < quotes.len() && quotes[qi].0 < i {
                qi += 1;
            }
            if qi < quotes.len() && quotes[qi].0 == i {
                let open = quotes[qi].1;
                if open && space_on && persian(prev) {
                    edits.push(Edit::new(i..i, " ", EditKind::Spacing));
                }
                if punct_on {
                    edits.push(Edit::new(
                        i..i + 1,
                        if open { "«" } else { "»" },
                        EditKind::Punctuation,
                    ));
                }
                let mut end = i + 1;
                if open && space_on {
                    // Spaces inside the guillemets go.
                    while b.get(end) == Some(&b' ') {
                        end += 1;
                    }
                    if end > i + 1 {
                        edits.push(Edit::new(i + 1..end, "", EditKind::Spacing));
                    }
                } else if !open {
                    push_space_after(&mut edits, space_on, text, i, end);
                }
                i = end;
                continue;
            }
            i += 1;
            continue;
        }
        if c == '.' {
            // Three dots or more, or three dots with a space between each (`. . .`).
            let joined = b[i..].iter().take_while(|&&x| x == b'.').count();
            let spaced = b[i..]
                .chunks(2)
                .take_while(|p| p[0] == b'.' && !p.get(1).is_some_and(|&x| x != b' '))
                .count();
            let end = if joined >= 3 {
                i + joined
            } else if spaced >= 3 {
                i + 2 * spaced - 1
            } else {
                i
            };
            if end > i
                && (persian(prev_non_space(text, i))
                    || persian(
                        text[i..]
                            .trim_start_matches(['.', ' ', '\t'])
                            .chars()
                            .next(),
                    ))
            {
                if punct_on {
                    edits.push(Edit::new(i..end, "…", EditKind::Punctuation));
                }
                push_space_after(&mut edits, space_on, text, i, end);
                i = end;
                continue;
            }
        }
        let mapped = persian_mark(c).filter(|_| convert);
        if mapped.is_some() || matches!(c, '،' | '؛' | '؟' | '!') {
            let next = char_at(text, i + clen);
            // A Latin mark becomes Persian only next to Persian text, never between digits.
            let digit = |x: char| x.is_ascii_digit() || ('۰'..='۹').contains(&x);
            let digits_around = prev.is_some_and(digit) && next.is_some_and(digit);
            let next_ns = text[i + clen..].trim_start_matches(is_blank).chars().next();
            let persian_ctx =
                persian(prev_non_space(text, i)) || prev.map_or(true, is_blank) && persian(next_ns);
            let target = match mapped {
                Some(m) if persian_ctx && !digits_around => m,
                Some(_) => {
                    i += clen;
                    continue;
                }
                None => c,
            };
            // Repeated identical marks collapse to one; a run of ! and ؟ mixed is `؟!`.
            let question = |x: char| matches!(x, '!' | '؟' | '?');
            let mut mixed = false;
            let mut end = i + clen;
            // (Blanks between the repeats go with them: `؛ ؛` is one mark too.)
            loop {
                let rest = text[end..].trim_start_matches(is_blank);
                match rest.chars().next() {
                    Some(n)
                        if n == c
                            || n == target
                            || persian_mark(n) == Some(target)
                            || question(c) && question(n) =>
                    {
                        mixed |= question(c) && n != c && n != target;
                        end = text.len() - rest.len() + n.len_utf8();
                    }
                    _ => break,
                }
            }
            let mut t = [0u8; 4];
            let to = match mixed {
                true if persian_ctx && convert => "؟!",
                true => "?!",
                false => &*target.encode_utf8(&mut t),
            };
            if punct_on && to != &text[i..end] {
                edits.push(Edit::new(i..end, to, EditKind::Punctuation));
            }
            push_space_after(&mut edits, space_on, text, i, end);
            i = end;
            continue;
        }
        // (In the `keep` style a Latin comma, semicolon or question mark is spaced as the
        // Persian one would be.)
        let kept_mark = !convert && persian_mark(c).is_some();
        if (matches!(c, ':' | '.' | '»' | ')' | ']' | '}' | '…') || kept_mark)
            && persian(prev_non_space(text, i))
        {
            push_space_after(&mut edits, space_on, text, i, i + clen);
        }
        i += clen;
    }
    edits
}

/// One space after the mark at `mark..pos` when it is directly followed by a Persian letter,
/// or, after a Persian word, by an opening guillemet or bracket (`گفت:«ما`) or, after a comma
/// or semicolon, by a digit (`تهران،۱۳۹۸`; never `10:30` or `3.5`: no Persian word before).
fn push_space_after(edits: &mut Vec<Edit>, on: bool, text: &str, mark: usize, pos: usize) {
    let next = char_at(text, pos);
    let after_word = || persian(prev_non_space(text, mark));
    let digit = |x: char| x.is_ascii_digit() || ('۰'..='۹').contains(&x);
    let comma = matches!(char_at(text, mark), Some('،' | '؛' | ',' | ';'));
    let wanted = persian(next)
        || matches!(next, Some('«' | '(')) && after_word()
        || comma && next.is_some_and(digit) && after_word();
    if on && wanted {
        edits.push(Edit::new(pos..pos, " ", EditKind::Spacing));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::apply;

    fn run(s: &str) -> String {
        apply(s, &punct_pass(s, &NormOptions::default()))
    }

    #[test]
    fn skipped_bytes_hold_nothing_interesting() {
        // From every byte of text mixing letters, marks, guillemets, spaces and a ZWNJ:
        // nothing skipped is interesting but the plain spaces the pass leaves anyway, and a
        // skip that stops before the last nine bytes stops on a character boundary.
        let text = "سلام،دنیا؛چطوری؟«خوب»است.کتابخانهبزرگ ها\t\"x\"می‌رود!؟؟ کتابخانه‌ها و ث «ب» ث ،ب ( ث پ ؛";
        let b = text.as_bytes();
        let mut spaces = 0;
        for i in 0..b.len() {
            let to = skip_dull(b, i);
            assert!(
                (i..to).all(|j| !interesting(b, j) || plain_space(b, j)),
                "from byte {i}"
            );
            spaces += (i..to).filter(|&j| b[j] == b' ').count();
            assert!(
                to == i || to + 9 > b.len() || text.is_char_boundary(to),
                "from byte {i} to {to}"
            );
        }
        assert!(spaces > 0, "plain spaces are stepped over");
        // Letters are skipped up to the comma, the guillemet and the end.
        assert_eq!(skip_dull("کتابخانه‌ها".as_bytes(), 0), 16);
        assert_eq!(skip_dull("کتا،بخانهها".as_bytes(), 0), 6);
        assert_eq!(skip_dull("کتابخانه«ها".as_bytes(), 0), 16);
    }

    #[test]
    fn persian_marks_and_spacing() {
        assert_eq!(run("سلام , دنیا"), "سلام، دنیا");
        assert_eq!(run("سلام،دنیا"), "سلام، دنیا");
        assert_eq!(run("چرا رفتی?"), "چرا رفتی؟");
        assert_eq!(run("او به خانه رفت ."), "او به خانه رفت.");
        assert_eq!(run("این ( سازمان ملل ) است"), "این (سازمان ملل) است");
        assert_eq!(run("سلام     دنیا"), "سلام دنیا");
    }

    #[test]
    fn quotes_dots_and_repeats() {
        assert_eq!(run("او گفت \"بله\" و رفت"), "او گفت «بله» و رفت");
        assert_eq!(run("و سپس..."), "و سپس…");
        assert_eq!(run("واقعا؟؟؟؟ عالی!!!!"), "واقعا؟ عالی!");
    }

    #[test]
    fn a_tab_is_judged_as_the_space_it_becomes() {
        // The pass writes a tab between words as a space; the marks beside it come out the
        // same either way, so a second run has nothing left to change (a fuzz finding).
        for (tab, space) in [
            ("I\t; ا", "I ; ا"),
            ("I\t,\tا", "I , ا"),
            ("x...\tسلام", "x... سلام"),
            ("سلام\t;\t;x", "سلام ; ;x"),
        ] {
            let out = run(tab);
            assert_eq!(out, run(space), "{tab:?}");
            assert_eq!(run(&out), out, "{tab:?}");
        }
        assert_eq!(run("I\t; ا"), "I ؛ ا");
    }

    #[test]
    fn latin_numbers_and_urls_untouched() {
        for s in [
            "Hello, world? yes; no",
            "1,000,000",
            "https://example.com/a,b?c=1;d",
            "x@example.com",
            "ساعت 10:30",
        ] {
            assert_eq!(run(s), s);
        }
        assert_eq!(
            run("نشانی https://a.ir/x?y=1 است"),
            "نشانی https://a.ir/x?y=1 است"
        );
    }
}
