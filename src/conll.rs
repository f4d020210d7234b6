//! The CoNLL-style token format of `negah tag --conll`: one token per line (first
//! tab-separated column; later columns, such as a gold tag, are ignored), a blank line between
//! sentences. Reading and writing are one module so that the output lines up with the input
//! line for line, blank lines included.

/// Sentences of a CoNLL input, with the blank lines around them (kept in the output).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Conll<'a> {
    /// The tokens of each sentence (the first column of its lines).
    pub sentences: Vec<Vec<&'a str>>,
    /// Blank lines after each sentence.
    pub blanks: Vec<usize>,
    /// Blank lines before the first sentence.
    pub leading: usize,
}

/// Reads `input`. Never fails: a line whose first column is white space (or empty) is a blank
/// line; a final `\r` (Windows line ends) is not part of the token.
pub fn read(input: &str) -> Conll<'_> {
    let mut c = Conll::default();
    let mut sentence: Vec<&str> = Vec::new();
    for line in input.lines() {
        let tok = line.split('\t').next().unwrap_or("").trim_end_matches('\r');
        if tok.trim().is_empty() {
            if !sentence.is_empty() {
                c.sentences.push(std::mem::take(&mut sentence));
                c.blanks.push(0);
            }
            match c.blanks.last_mut() {
                Some(b) => *b += 1,
                None => c.leading += 1,
            }
        } else {
            sentence.push(tok);
        }
    }
    if !sentence.is_empty() {
        c.sentences.push(sentence);
        c.blanks.push(0);
    }
    c
}

/// Writes `token<TAB>TAG` lines for every sentence of `c`, with its blank lines.
/// `tags[s][t]` is the label and begin flag of token `t` of sentence `s`, or `None` for `O`;
/// a label that continues the previous token's without a begin flag is written `I-`.
pub fn write(c: &Conll, tags: &[Vec<Option<(&str, bool)>>]) -> String {
    let size: usize = c.sentences.iter().flatten().map(|t| t.len() + 8).sum();
    let mut out = String::with_capacity(size + c.leading + c.blanks.iter().sum::<usize>());
    out.push_str(&"\n".repeat(c.leading));
    for ((sentence, tags), &b) in c.sentences.iter().zip(tags).zip(&c.blanks) {
        let mut prev: Option<&str> = None;
        for (t, tag) in sentence.iter().zip(tags) {
            out.push_str(t);
            out.push('\t');
            match tag {
                Some((l, begin)) => {
                    out.push_str(if *begin || prev != Some(*l) {
                        "B-"
                    } else {
                        "I-"
                    });
                    out.push_str(l);
                    prev = Some(*l);
                }
                None => {
                    out.push('O');
                    prev = None;
                }
            }
            out.push('\n');
        }
        out.push_str(&"\n".repeat(b));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_and_columns_are_kept_in_place() {
        let input = "\n\nامیر\tB-PER\r\nحاتمی\tI-PER\r\n\r\n \nسلام\n";
        let c = read(input);
        assert_eq!(c.leading, 2);
        assert_eq!(c.sentences, vec![vec!["امیر", "حاتمی"], vec!["سلام"]]);
        assert_eq!(c.blanks, vec![2, 0]);
        let tags = vec![vec![Some(("PER", true)), Some(("PER", false))], vec![None]];
        let out = write(&c, &tags);
        assert_eq!(out, "\n\nامیر\tB-PER\nحاتمی\tI-PER\n\n\nسلام\tO\n");
        assert_eq!(out.lines().count(), input.lines().count());
    }
}
