//! Punctuation and spacing: Persian comma, semicolon and question mark in Persian context,
//! «» for straight double quotes that pair up on a line, `...` → `…`, repeated marks
//! collapsed, one space after and none before punctuation, none inside brackets and
//! guillemets, runs of spaces collapsed.
//!
//! URLs, e-mail addresses and Latin text are left alone: a mark is converted only when a
//! Persian letter is its nearest neighbour, and whitespace-separated chunks that look like a
//! URL or an address are skipped whole.

use super::zwnj::is_letter;
use super::NormOptions;
use crate::document::{Edit, EditKind};

/// Marks that close something or end a clause: no space before them.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '،' | '؛' | '؟' | '!' | '.' | ':' | '»' | ')' | ']' | '…' | ',' | ';' | '?'
    )
}

fn is_opening(c: char) -> bool {
    matches!(c, '(' | '[' | '«')
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
fn protected(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                let chunk = &text[s..i];
                let url = chunk.contains("://") || chunk.starts_with("www.");
                let mail = chunk
                    .find('@')
                    .is_some_and(|at| at > 0 && chunk[at..].contains('.'));
                if url || mail {
                    out.push((s, i));
                }
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    out
}

/// Runs the punctuation and spacing pass over `text`.
pub fn punct_pass(text: &str, opts: &NormOptions) -> Vec<Edit> {
    let punct_on = opts.enabled(EditKind::Punctuation);
    let space_on = opts.enabled(EditKind::Spacing);
    let mut edits = Vec::new();
    if !punct_on && !space_on {
        return edits;
    }
    let cs: Vec<(usize, char)> = text.char_indices().collect();
    let prot = protected(text);
    let mut pi = 0;
    // Straight double quotes: paired per line when the line has an even number of them.
    let mut quote_open = Vec::new();
    {
        let mut line_quotes: Vec<usize> = Vec::new();
        let mut has_persian = false;
        for (k, &(_, c)) in cs.iter().chain([&(text.len(), '\n')]).enumerate() {
            if c == '\n' {
                if has_persian && line_quotes.len() >= 2 && line_quotes.len() % 2 == 0 {
                    for (n, &q) in line_quotes.iter().enumerate() {
                        quote_open.push((q, n % 2 == 0));
                    }
                }
                line_quotes.clear();
                has_persian = false;
            } else if c == '"' {
                line_quotes.push(k);
            } else if is_letter(c) {
                has_persian = true;
            }
        }
    }
    let mut qi = 0;
    let at = |k: usize| cs.get(k).map(|x| x.1);
    let mut k = 0;
    while k < cs.len() {
        let (i, c) = cs[k];
        while pi < prot.len() && prot[pi].1 <= i {
            pi += 1;
        }
        if pi < prot.len() && prot[pi].0 <= i {
            // Inside a URL or address: skip to its end.
            while k < cs.len() && cs[k].0 < prot[pi].1 {
                k += 1;
            }
            continue;
        }
        // The nearest non-space characters on each side.
        let prev = k.checked_sub(1).and_then(at);
        if c == ' ' || c == '\t' {
            let mut j = k;
            while j < cs.len() && (cs[j].1 == ' ' || cs[j].1 == '\t') {
                j += 1;
            }
            let end = cs.get(j).map_or(text.len(), |x| x.0);
            let next = at(j);
            let before_closing = next.is_some_and(is_closing)
                && prev.is_some_and(|p| p != '\n' && !p.is_ascii_alphanumeric())
                && !(next == Some('.') && at(j + 1) == Some('.'));
            let after_opening = prev.is_some_and(is_opening) && next != Some('\n');
            if space_on && prev.is_some() && next.is_some() && next != Some('\n') {
                if before_closing || after_opening {
                    edits.push(Edit::new(i..end, "", EditKind::Spacing));
                } else if end - i > 1 || c == '\t' {
                    edits.push(Edit::new(i..end, " ", EditKind::Spacing));
                }
            }
            k = j;
            continue;
        }
        if c == '"' && qi < quote_open.len() {
            while qi < quote_open.len() && quote_open[qi].0 < k {
                qi += 1;
            }
            if qi < quote_open.len() && quote_open[qi].0 == k {
                let open = quote_open[qi].1;
                if punct_on {
                    edits.push(Edit::new(
                        i..i + 1,
                        if open { "«" } else { "»" },
                        EditKind::Punctuation,
                    ));
                }
                // Spaces inside the guillemets go.
                if space_on {
                    if open {
                        let mut j = k + 1;
                        while at(j) == Some(' ') {
                            j += 1;
                        }
                        if j > k + 1 {
                            edits.push(Edit::new(i + 1..cs[j].0, "", EditKind::Spacing));
                        }
                        k = j;
                        continue;
                    } else if let Some(e) = edits.last() {
                        let _ = e;
                    }
                }
                k += 1;
                continue;
            }
        }
        if c == '.' && at(k + 1) == Some('.') && at(k + 2) == Some('.') {
            let mut j = k;
            while at(j) == Some('.') {
                j += 1;
            }
            let end = cs.get(j).map_or(text.len(), |x| x.0);
            if punct_on {
                edits.push(Edit::new(i..end, "…", EditKind::Punctuation));
            }
            push_space_after(&mut edits, space_on, end, prev, at(j));
            k = j;
            continue;
        }
        let mapped = persian_mark(c);
        let is_mark = mapped.is_some() || matches!(c, '،' | '؛' | '؟' | '!');
        if is_mark {
            // A Latin mark becomes Persian only next to Persian text, never between digits.
            let digits_around = prev
                .is_some_and(|p| p.is_ascii_digit() || ('۰'..='۹').contains(&p))
                && at(k + 1).is_some_and(|n| n.is_ascii_digit() || ('۰'..='۹').contains(&n));
            let next_ns = cs[k + 1..].iter().map(|x| x.1).find(|x| *x != ' ');
            let persian_ctx = persian(prev)
                || (prev == Some(' ') || prev.is_none()) && persian(next_ns)
                || persian(prev_non_space(&cs, k));
            let target = match mapped {
                Some(m) if persian_ctx && !digits_around => m,
                Some(_) => {
                    k += 1;
                    continue;
                }
                None => c,
            };
            // Repeated identical marks collapse to one.
            let mut j = k + 1;
            while at(j).is_some_and(|n| n == c || persian_mark(n) == Some(target) && target != c) {
                j += 1;
            }
            let end = cs.get(j).map_or(text.len(), |x| x.0);
            if punct_on && (target != c || j > k + 1) {
                let mut t = [0u8; 4];
                edits.push(Edit::new(
                    i..end,
                    &*target.encode_utf8(&mut t),
                    EditKind::Punctuation,
                ));
            }
            push_space_after(&mut edits, space_on, end, prev, at(j));
            k = j;
            continue;
        }
        if matches!(c, ':' | '.' | '»' | ')') && persian(prev_non_space(&cs, k)) {
            push_space_after(&mut edits, space_on, i + 1, prev, at(k + 1));
        }
        k += 1;
    }
    edits
}

fn prev_non_space(cs: &[(usize, char)], k: usize) -> Option<char> {
    cs[..k].iter().rev().map(|x| x.1).find(|c| *c != ' ')
}

/// One space after a mark that is directly followed by a Persian letter.
fn push_space_after(
    edits: &mut Vec<Edit>,
    on: bool,
    pos: usize,
    _prev: Option<char>,
    next: Option<char>,
) {
    if on && persian(next) {
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
