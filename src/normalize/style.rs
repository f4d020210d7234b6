//! House styles: the conventions on which careful Persian writers and publishers differ, and
//! the ezafe pass that writes the ezafe after a silent ه in the chosen form.
//!
//! A [`Style`] fixes five choices: the ezafe after ه (`نامهٔ` / `نامه‌ی` / as written),
//! comparatives (`بزرگ‌تر` / `بزرگتر`), the plural ها (`کتاب‌ها` / `کتابها`), digits and
//! punctuation marks. Named styles bundle them; the default, `academy`, follows the Academy of
//! Persian Language and Literature's orthography (دستور خط فارسی). A style is written as a
//! spec string, the same on the command line and in JSON: a name, optionally followed by
//! overrides (`academy`, `press`, `academy,plural=joined,digits=latin`).

use super::{DigitStyle, NormOptions};
use crate::document::{Edit, EditKind};
use serde::{Deserialize, Serialize};

/// How the ezafe after a silent ه is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ezafe {
    /// Hamza above the ه: `نامهٔ او` (the Academy's spelling).
    Hamza,
    /// A ZWNJ and ی: `نامه‌ی او`.
    Yeh,
    /// As the writer chose; only broken spellings (`نامه ی`, `نامه ء`) are mended.
    Keep,
}

/// How a suffix that may be written either way attaches to its stem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attach {
    /// After a ZWNJ: `بزرگ‌تر`, `کتاب‌ها`.
    Zwnj,
    /// Joined where the letters allow (never after a silent ه: `تازه‌تر`, `خانه‌ها`).
    Joined,
}

/// Whether Latin punctuation in Persian text becomes Persian.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marks {
    /// `،` `؛` `؟` and «» in Persian text.
    Persian,
    /// Marks and straight quotes as written (spacing is still mended).
    Keep,
}

/// A house style: one choice for each convention. Serialized as its spec string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Style {
    pub ezafe: Ezafe,
    pub comparative: Attach,
    pub plural: Attach,
    pub digits: DigitStyle,
    pub punctuation: Marks,
}

/// The named styles: name, what it is, the choices.
pub const STYLES: [(&str, &str, Style); 4] = [
    (
        "academy",
        "the Academy of Persian Language and Literature (دستور خط فارسی): نامهٔ، بزرگ‌تر، کتاب‌ها، ۱۲۳، ، ؛ ؟ «»",
        Style {
            ezafe: Ezafe::Hamza,
            comparative: Attach::Zwnj,
            plural: Attach::Zwnj,
            digits: DigitStyle::Persian,
            punctuation: Marks::Persian,
        },
    ),
    (
        "press",
        "news-agency usage: the Academy's, with the ezafe written ه‌ی (نامه‌ی)",
        Style {
            ezafe: Ezafe::Yeh,
            comparative: Attach::Zwnj,
            plural: Attach::Zwnj,
            digits: DigitStyle::Persian,
            punctuation: Marks::Persian,
        },
    ),
    (
        "joined",
        "the older joined spelling: بزرگتر، کتابها where the letters allow, نامهٔ",
        Style {
            ezafe: Ezafe::Hamza,
            comparative: Attach::Joined,
            plural: Attach::Joined,
            digits: DigitStyle::Persian,
            punctuation: Marks::Persian,
        },
    ),
    (
        "minimal",
        "change conventions least: ezafe, digits and marks as written; ZWNJs restored",
        Style {
            ezafe: Ezafe::Keep,
            comparative: Attach::Zwnj,
            plural: Attach::Zwnj,
            digits: DigitStyle::Keep,
            punctuation: Marks::Keep,
        },
    ),
];

impl Default for Style {
    fn default() -> Self {
        STYLES[0].2
    }
}

impl Style {
    /// The named style `name`.
    pub fn named(name: &str) -> Option<Style> {
        STYLES.iter().find(|s| s.0 == name).map(|s| s.2)
    }

    /// Parses a spec: a style name and/or `key=value` overrides, comma-separated
    /// (`press`, `academy,plural=joined`, `digits=latin`: overrides start from `academy`).
    pub fn parse(spec: &str) -> Result<Style, String> {
        let mut style = Style::default();
        for (i, part) in spec.split(',').map(str::trim).enumerate() {
            if part.is_empty() {
                continue;
            }
            let Some((key, value)) = part.split_once('=') else {
                if i > 0 {
                    return Err(format!("style name `{part}` must come first"));
                }
                style = Style::named(part).ok_or_else(|| {
                    let names: Vec<_> = STYLES.iter().map(|s| s.0).collect();
                    format!("unknown style `{part}` (styles: {})", names.join(", "))
                })?;
                continue;
            };
            let bad = |allowed: String| format!("`{key}={value}`: {key} is one of {allowed}");
            let v = value.trim();
            match key.trim() {
                "ezafe" => style.ezafe = choose(&EZAFE, v).ok_or_else(|| bad(allowed(&EZAFE)))?,
                "comparative" => {
                    style.comparative = choose(&ATTACH, v).ok_or_else(|| bad(allowed(&ATTACH)))?
                }
                "plural" => style.plural = choose(&ATTACH, v).ok_or_else(|| bad(allowed(&ATTACH)))?,
                "digits" => style.digits = choose(&DIGITS, v).ok_or_else(|| bad(allowed(&DIGITS)))?,
                "punctuation" => {
                    style.punctuation = choose(&MARKS, v).ok_or_else(|| bad(allowed(&MARKS)))?
                }
                _ => {
                    return Err(format!(
                        "unknown style key `{key}` (keys: ezafe, comparative, plural, digits, punctuation)"
                    ))
                }
            }
        }
        Ok(style)
    }

    /// The shortest spec that gives this style: a name, then what differs from it.
    pub fn spec(&self) -> String {
        let (name, _, base) = STYLES
            .iter()
            .min_by_key(|s| s.2.differences(self).len())
            .copied()
            .unwrap_or(STYLES[0]);
        let mut out = name.to_string();
        for d in base.differences(self) {
            out.push(',');
            out.push_str(&d);
        }
        out
    }

    /// `key=value` for each choice of `other` that differs from this style's.
    fn differences(&self, other: &Style) -> Vec<String> {
        let mut out = Vec::new();
        if self.ezafe != other.ezafe {
            out.push(format!("ezafe={}", name_of(&EZAFE, other.ezafe)));
        }
        if self.comparative != other.comparative {
            out.push(format!(
                "comparative={}",
                name_of(&ATTACH, other.comparative)
            ));
        }
        if self.plural != other.plural {
            out.push(format!("plural={}", name_of(&ATTACH, other.plural)));
        }
        if self.digits != other.digits {
            out.push(format!("digits={}", name_of(&DIGITS, other.digits)));
        }
        if self.punctuation != other.punctuation {
            out.push(format!(
                "punctuation={}",
                name_of(&MARKS, other.punctuation)
            ));
        }
        out
    }
}

/// The value names of each choice, as spec strings write them: parsing reads these tables
/// and [`Style::spec`] writes from them, so the two cannot drift apart. The first name of a
/// value is the one written; later ones are accepted aliases (`ascii` for `latin`).
const EZAFE: [(&str, Ezafe); 3] = [
    ("hamza", Ezafe::Hamza),
    ("yeh", Ezafe::Yeh),
    ("keep", Ezafe::Keep),
];
const ATTACH: [(&str, Attach); 2] = [("zwnj", Attach::Zwnj), ("joined", Attach::Joined)];
const DIGITS: [(&str, DigitStyle); 4] = [
    ("persian", DigitStyle::Persian),
    ("latin", DigitStyle::Ascii),
    ("ascii", DigitStyle::Ascii),
    ("keep", DigitStyle::Keep),
];
const MARKS: [(&str, Marks); 2] = [("persian", Marks::Persian), ("keep", Marks::Keep)];

fn choose<T: Copy>(table: &[(&str, T)], name: &str) -> Option<T> {
    table.iter().find(|e| e.0 == name).map(|e| e.1)
}

fn name_of<T: PartialEq>(table: &[(&'static str, T)], value: T) -> &'static str {
    table.iter().find(|e| e.1 == value).map_or("", |e| e.0)
}

/// The names a user may write, aliases left out: `persian, latin, keep`.
fn allowed<T: PartialEq>(table: &[(&str, T)]) -> String {
    let firsts: Vec<&str> = table
        .iter()
        .enumerate()
        .filter(|(i, e)| !table[..*i].iter().any(|p| p.1 == e.1))
        .map(|(_, e)| e.0)
        .collect();
    firsts.join(", ")
}

impl TryFrom<String> for Style {
    type Error = String;
    fn try_from(s: String) -> Result<Style, String> {
        Style::parse(&s)
    }
}

impl From<Style> for String {
    fn from(s: Style) -> String {
        s.spec()
    }
}

/// Whether a suffix written after a ZWNJ (`seg`, up to the next ZWNJ or the word's end) is
/// one the style writes joined, after `before` (the stem's last letter). A silent ه never
/// joins (`خانه‌ها`, `تازه‌تر`); after a non-joining letter there is no ZWNJ to drop anyway.
pub fn joins_suffix(style: &Style, before: char, seg: &str) -> bool {
    if before == 'ه' {
        return false;
    }
    let comparative = matches!(seg, "تر" | "ترین" | "تری");
    let plural = matches!(
        seg,
        "ها" | "های" | "هایی" | "هایم" | "هایت" | "هایش" | "هایمان" | "هایتان" | "هایشان"
    );
    comparative && style.comparative == Attach::Joined || plural && style.plural == Attach::Joined
}

/// Words that never follow an ezafe (`data/norm/ezafe_stop.txt`): after them a written ی is
/// another ی (relative, indefinite) and is left as written.
fn not_linked(word: &str) -> bool {
    static WORDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    WORDS
        .get_or_init(|| {
            crate::data::lines(include_str!("../../data/norm/ezafe_stop.txt")).collect()
        })
        .contains(&word)
}

const ZWNJ: char = '\u{200c}';
const HAMZA_ABOVE: char = '\u{0654}';

/// Where the ezafe after ه may be written out, in order: each `ه` followed by ` ی`, `‌ی`, `ء`,
/// ` ء`, `‌ء` or `ٔ`, and each `ۀ` (byte offsets of the ه or ۀ). One `memchr` scan for the byte
/// both letters end in (ه is D9 87, ۀ is DB 80) and a look at what follows: ه is too common
/// a letter for a multi-pattern search's prefilter (Aho-Corasick took 11% of the normalizer).
fn ezafe_spellings(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    const TAILS: [&[u8]; 6] = [
        " ی".as_bytes(),
        "\u{200c}ی".as_bytes(),
        "ء".as_bytes(),
        " ء".as_bytes(),
        "\u{200c}ء".as_bytes(),
        "\u{0654}".as_bytes(),
    ];
    memchr::memchr2_iter(0x87, 0x80, b).filter_map(move |j| {
        let i = j.checked_sub(1)?;
        match b[i] {
            0xD9 if b[j] == 0x87 => TAILS.iter().any(|t| b[j + 1..].starts_with(t)).then_some(i),
            0xDB if b[j] == 0x80 => Some(i),
            _ => None,
        }
    })
}

/// The ezafe pass: the ezafe after a silent ه in the style's form. It acts only where the
/// ezafe is written out (`نامه ی`, `نامه‌ی`, `نامه ء`, `نامهء`, `نامهٔ`, `نامۀ`), never on a
/// bare ه, which may or may not carry an ezafe.
pub fn ezafe_pass(text: &str, opts: &NormOptions) -> Vec<Edit> {
    let mut edits = Vec::new();
    if !opts.enabled(EditKind::Ezafe) {
        return edits;
    }
    let style = opts.style.ezafe;
    let letter = super::zwnj::is_letter;
    // (Only `ه` and `ۀ` start a candidate; both are two bytes, D9 87 and DB 80.)
    let b = text.as_bytes();
    // Only where an ezafe is written out: one scan for its spellings.
    let mut taken = 0;
    for i in ezafe_spellings(b) {
        if i < taken {
            continue;
        }
        let heh_hamza = b[i] == 0xDB && b[i + 1] == 0x80;
        let end_heh = i + 2;
        // A word of at least two letters ends here (or with its ezafe).
        if !text[..end_heh - 2].chars().next_back().is_some_and(letter) {
            continue;
        }
        let rest = &text[end_heh..];
        let mut chars = rest.char_indices();
        let first = chars.next().map(|x| x.1);
        // What is written after the ه, and where it ends.
        let (form, len) = if heh_hamza {
            ("precomposed", 0)
        } else {
            match first {
                Some(HAMZA_ABOVE) => ("hamza", HAMZA_ABOVE.len_utf8()),
                Some('ء') => ("glued hamza", 'ء'.len_utf8()),
                Some(c @ (' ' | ZWNJ)) => match chars.next().map(|x| x.1) {
                    Some('ی') if c == ZWNJ => ("yeh", c.len_utf8() + 2),
                    Some('ی') => ("spaced yeh", c.len_utf8() + 2),
                    Some('ء') => ("spaced hamza", c.len_utf8() + 2),
                    _ => continue,
                },
                _ => continue,
            }
        };
        // The ezafe ends the word, and a word it links follows: a space and a letter, not a
        // function word (`نامه‌ی که`: the relative ی; `خانه‌ی.`: no ezafe).
        let tail = &rest[len..];
        let Some(next) = tail.strip_prefix(' ') else {
            continue;
        };
        let next_word = next.split(|c: char| !letter(c)).next().unwrap_or("");
        if next_word.is_empty() || not_linked(next_word) {
            continue;
        }
        if form != "precomposed" && text[..end_heh - 2].ends_with(['ه', 'ۀ']) {
            continue;
        }
        let yeh = "\u{200c}ی";
        let hamza = "\u{0654}";
        let (range, to) = match (style, form) {
            (Ezafe::Hamza, "spaced yeh" | "yeh" | "glued hamza" | "spaced hamza") => {
                (end_heh..end_heh + len, hamza)
            }
            (Ezafe::Yeh, "hamza" | "glued hamza" | "spaced hamza" | "spaced yeh") => {
                (end_heh..end_heh + len, yeh)
            }
            (Ezafe::Yeh, "precomposed") => (end_heh - 2..end_heh, "ه\u{200c}ی"),
            (Ezafe::Keep, "spaced yeh") => (end_heh..end_heh + len, yeh),
            (Ezafe::Keep, "glued hamza" | "spaced hamza") => (end_heh..end_heh + len, hamza),
            _ => continue,
        };
        edits.push(Edit::new(range, to, EditKind::Ezafe));
        taken = end_heh + len;
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ezafe_spellings_are_found_where_a_plain_search_finds_them() {
        let text = "نامه ی او، نامه\u{200c}ی ما، نامهء تو، خانه ء، خانه\u{200c}ء، خانهٔ، نامۀ هه ی \
                    ۀ ه ی‌ ه\u{200c}ک ه و ه\u{200c}‌ی ڇ ؇ ۇ\u{200c}ی هی ه";
        let tails = [" ی", "\u{200c}ی", "ء", " ء", "\u{200c}ء", "\u{0654}"];
        let plain: Vec<usize> = text
            .char_indices()
            .filter(|&(i, c)| {
                c == 'ۀ' || c == 'ه' && tails.iter().any(|t| text[i + 2..].starts_with(t))
            })
            .map(|(i, _)| i)
            .collect();
        assert_eq!(ezafe_spellings(text.as_bytes()).collect::<Vec<_>>(), plain);
        assert_eq!(plain.len(), 10);
    }

    #[test]
    fn specs_round_trip() {
        for (name, _, s) in STYLES {
            assert_eq!(Style::parse(name), Ok(s));
            assert_eq!(s.spec(), name);
        }
        let s = Style::parse("academy,plural=joined,digits=latin").unwrap();
        assert_eq!(s.plural, Attach::Joined);
        assert_eq!(s.digits, DigitStyle::Ascii);
        assert_eq!(Style::parse(&s.spec()), Ok(s));
        assert!(Style::parse("fancy").unwrap_err().contains("unknown style"));
        assert!(Style::parse("ezafe=round").unwrap_err().contains("hamza"));
        assert!(Style::parse("plural=joined,press").is_err());
    }
}
