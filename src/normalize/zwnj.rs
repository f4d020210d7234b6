//! The ZWNJ pass: restores zero-width non-joiners inside words written joined (`سالهای` →
//! `سال‌های`), joins affixes written apart (`می رود` → `می‌رود`), and splits a word glued to
//! the next one when a line break was lost (`یکدیگرندبه` → `یکدیگرند به`).
//!
//! A word is looked up in the lexicon ([`super::lexicon`]); a word the lexicon does not know
//! well is taken apart by a recursive affix splitter: suffixes (`data/norm/suffixes.tsv`),
//! prefixes (`data/norm/prefixes.tsv`), productive compound heads (…کننده) and Arabic-article
//! compounds (بیت‌المقدس). Every analysis carries a weight (1 + 10·zipf of its parts, minus a
//! penalty per affix), and the joined spelling is kept unless an analysis with ZWNJs is clearly
//! more likely; an unknown word (a name, a loanword) is left whole.
//!
//! Words are runs of Arabic-script letters, all two bytes in UTF-8, so a char index `i` inside
//! a word is byte `2·i`; masks are bit sets over those indices. Nothing here allocates per word.

use super::lexicon::{self, Entry};
use super::style::{self, Attach, Style};
use super::NormOptions;
use crate::document::{Edit, EditKind};
use std::cell::RefCell;
use std::sync::OnceLock;

const ZWNJ: char = '\u{200c}';
/// Recursion limit of the splitter (a stem, its plural, a clitic, a prefix).
const MAX_DEPTH: u8 = 4;
/// A known joined word at least this common (zipf ≈ 2.9) is trusted as written.
const TRUST_JOINED: i16 = 30;
/// A joined spelling this common (zipf ≈ 5.9: آنها) is a convention, trusted as written.
const TRUST_ALWAYS: i16 = 60;
/// The ZWNJ spelling wins over the joined one when its weight is at least this much lower.
const ZWNJ_MARGIN: i16 = 0;
/// An analysis must beat a known joined spelling by this much to replace it.
const ANALYSIS_MARGIN: i16 = 8;
/// How much weaker than a joined non-lemma form an analysis with ZWNJs may be and still win.
const NON_LEMMA_MARGIN: i16 = 5;
/// Words this common (zipf ≈ 6.9: این) are function words: never merged into a compound.
const FUNCTION_WORD: i16 = 70;
/// How much rarer than its rarer part a compound written apart may be and still be joined.
const COMPOUND_MARGIN: i16 = 30;
/// Stems weaker than this are not used to split a word (rare words, typos).
const MIN_STEM: i16 = 12;
/// Verb forms carry no count; a prefixed verb (می‌رود) gets this weight (zipf 3.9), enough to
/// beat a noun with a copula ending (میدان + ند).
const VERB_WEIGHT: i16 = 40;
/// How much rarer a personal ending after ه is on a noun than on a participle (the perfect).
const COPULA_PENALTY: i16 = 6;
/// Below this weight (zipf 3.9) a word only web text knows is too rare to take a comparative
/// or a personal ending after ی.
const RARE_STEM: i16 = 40;
/// Plural and ی endings after a compound's second part (نظریه‌پردازانی، اصلاح‌طلبان).
const INFLECTIONS: [&str; 6] = ["انی", "ان", "یان", "های", "ها", "ی"];
/// Weight a glued word's first part needs before a split is made.
const MIN_GLUE_PART: i16 = 25;
/// Weight (zipf 4.4) both parts of two words glued need before they are split: names and
/// loanwords the lexicon lacks are often two rarer words' letters (پاسترناک).
const MIN_GLUE_PAIR: i16 = 45;
/// Weight (zipf 2.9) each part of a compound after a silent ه needs.
const SILENT_HEH_PART: i16 = 30;
/// Longest word (letters) tried for two glued words.
const GLUE_MAX_CHARS: usize = 24;

/// An Arabic-script letter that may occur in a word (after the character pass).
pub const fn is_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | 'پ' | 'چ' | 'ژ' | 'ک' | 'گ' | 'ی' | 'ۀ')
}

/// `is_letter` for U+0600–U+06FF, indexed by `chars::arabic_index`.
static LETTER2: [bool; 256] = super::chars::arabic_table!(is_letter);

/// A letter after which the next one is written apart anyway, so a ZWNJ there is invisible.
pub fn is_non_joining(c: char) -> bool {
    matches!(
        c,
        'ا' | 'آ' | 'أ' | 'إ' | 'د' | 'ذ' | 'ر' | 'ز' | 'ژ' | 'و' | 'ؤ' | 'ۀ' | 'ة' | 'ء'
    )
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum SufMode {
    Zwnj,
    Heh,
    Yeh,
    Joined,
}

struct Affixes {
    suffixes: Vec<(&'static str, SufMode, i16)>,
    prefixes: Vec<(&'static str, bool, i16)>,
    glue: Vec<&'static str>,
    joined_stems: Vec<&'static str>,
    /// Informal present stems and personal endings (میگه، نمی‌دونم).
    informal_stems: Vec<&'static str>,
    informal_endings: Vec<&'static str>,
    /// Preverbs and the verb stems they make prefixed verbs with (بر: گرد، گشت …).
    preverbs: Vec<(&'static str, Vec<&'static str>)>,
    /// The future auxiliary, longest first (خواهند، نخواهد …).
    future_aux: Vec<&'static str>,
    /// Two-letter words that may be one side of two glued words (وی، در).
    short_glue: Vec<&'static str>,
    /// Parts that make one word joined to another: (is a prefix, part) (میر، پور، غیر).
    bound_parts: Vec<(bool, &'static str)>,
    /// Words the news corpus writes joined though two common words make them, sorted.
    joined_words: Vec<&'static str>,
    /// Words بی, written apart, does not join: it is the preposition there (بی آنکه).
    bi_apart: Vec<&'static str>,
}

fn data_lines(s: &'static str) -> impl Iterator<Item = &'static str> {
    s.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn affixes() -> &'static Affixes {
    static A: OnceLock<Affixes> = OnceLock::new();
    A.get_or_init(|| {
        let mut suffixes: Vec<_> = data_lines(include_str!("../../data/norm/suffixes.tsv"))
            .filter_map(|l| {
                let mut f = l.split('\t');
                let s = f.next()?;
                let mode = match f.next()? {
                    "zwnj" => SufMode::Zwnj,
                    "heh" => SufMode::Heh,
                    "yeh" => SufMode::Yeh,
                    "joined" => SufMode::Joined,
                    _ => return None,
                };
                Some((s, mode, f.next()?.parse().ok()?))
            })
            .collect();
        // Longer suffixes first, so equal weights prefer the larger unit.
        suffixes.sort_by_key(|s| std::cmp::Reverse(s.0.len()));
        let prefixes = data_lines(include_str!("../../data/norm/prefixes.tsv"))
            .filter_map(|l| {
                let mut f = l.split('\t');
                let p = f.next()?;
                let verb = f.next()? == "verb";
                Some((p, verb, f.next()?.parse().ok()?))
            })
            .collect();
        let glue = data_lines(include_str!("../../data/norm/glue_words.txt")).collect();
        let joined_stems = data_lines(include_str!("../../data/norm/joined_stems.txt")).collect();
        let informal = |kind: &str| {
            data_lines(include_str!("../../data/norm/informal_verbs.tsv"))
                .filter_map(|l| l.split_once('\t'))
                .filter(|(k, _)| *k == kind)
                .map(|(_, v)| v)
                .collect::<Vec<_>>()
        };
        let preverbs = data_lines(include_str!("../../data/norm/preverb_stems.tsv"))
            .filter_map(|l| {
                let (p, stems) = l.split_once('\t')?;
                Some((p, stems.split(' ').filter(|s| !s.is_empty()).collect()))
            })
            .collect();
        let mut future_aux: Vec<_> =
            data_lines(include_str!("../../data/norm/future_aux.txt")).collect();
        future_aux.sort_by_key(|a| std::cmp::Reverse(a.len()));
        Affixes {
            suffixes,
            prefixes,
            glue,
            joined_stems,
            informal_stems: informal("stem"),
            informal_endings: informal("ending"),
            preverbs,
            future_aux,
            short_glue: data_lines(include_str!("../../data/norm/short_glue.txt")).collect(),
            bound_parts: data_lines(include_str!("../../data/norm/bound_parts.txt"))
                .filter_map(|l| l.split_once('\t'))
                .map(|(k, p)| (k == "prefix", p))
                .collect(),
            joined_words: {
                let mut w: Vec<_> =
                    data_lines(include_str!("../../data/norm/joined_words.txt")).collect();
                w.sort_unstable();
                w
            },
            bi_apart: data_lines(include_str!("../../data/norm/bi_apart.txt")).collect(),
        }
    })
}

/// One analysis of a word written without ZWNJs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Res {
    /// ZWNJ before char i.
    mask: u64,
    /// Morpheme boundary before char i (a superset of `mask`: also after non-joining letters).
    bounds: u64,
    score: i16,
    verb: bool,
}

fn nchars(s: &str) -> u32 {
    (s.len() / 2) as u32
}

fn last_char(s: &str) -> Option<char> {
    s.chars().next_back()
}

/// The bit for a boundary before char `at` of a word whose preceding part is `left`: a ZWNJ
/// only after a joining letter.
fn boundary(left: &str, at: u32) -> (u64, u64) {
    if at >= 64 {
        return (0, 0);
    }
    let b = 1u64 << at;
    match last_char(left) {
        Some(c) if !is_non_joining(c) => (b, b),
        _ => (0, b),
    }
}

fn from_entry(e: &Entry) -> Option<Res> {
    // (A dictionary lemma spelt joined keeps that spelling when its ZWNJ spelling is only as
    // common: خوشحال، خونسرد.)
    let tie_to_joined = e.lemma && e.zwnj == e.joined;
    if e.zwnj > 0
        && (e.joined == 0 || e.zwnj as i16 + ZWNJ_MARGIN >= e.joined as i16)
        && !tie_to_joined
    {
        Some(Res {
            mask: e.mask,
            bounds: e.mask,
            score: e.zwnj as i16,
            verb: e.verb,
        })
    } else if e.joined > 0 {
        Some(Res {
            mask: 0,
            bounds: 0,
            score: e.joined as i16,
            verb: e.verb,
        })
    } else {
        None
    }
}

fn better(a: Option<Res>, b: Option<Res>) -> Option<Res> {
    match (a, b) {
        (Some(x), Some(y)) => Some(if y.score > x.score { y } else { x }),
        (x, None) => x,
        (None, y) => y,
    }
}

/// A stem that takes the clitics after ی: three letters or more, ending in ی but not the
/// ezafe ی after ا or و (جویای، بقایای).
fn yeh_stem(stem: &str) -> bool {
    stem.ends_with('ی') && stem.len() >= 6 && !stem.ends_with("ای") && !stem.ends_with("وی")
}

/// Whether `w` is tagged an adjective or adverb in the dictionary (also spelt with ئی).
fn adjective(w: &str) -> bool {
    lexicon::get(w).is_some_and(|e| e.adj)
        || w.contains("ئی") && lexicon::get(&w.replace("ئی", "یی")).is_some_and(|e| e.adj)
}

/// Whether `rest` ends in a personal ending of a present or past verb after a stem of at
/// least two letters, and is short enough to be a verb form.
fn personal_ending(rest: &str) -> bool {
    // (Verb forms are short: a longer rest is a name, میرزاجواد.)
    rest.len() <= 12
        && ["ند", "ید", "یم", "د", "م", "ی"]
            .iter()
            .any(|e| rest.ends_with(e) && rest.len() >= e.len() + 4)
}

/// Whether `rest` (after می/نمی) is an informal verb form: a stem of the list and an informal
/// ending (گه، دونم، رن).
fn informal_verb(rest: &str) -> bool {
    let a = affixes();
    a.informal_endings.iter().any(|e| {
        rest.strip_suffix(e)
            .is_some_and(|stem| a.informal_stems.contains(&stem))
    })
}

/// Whether `v` is a stem of `stems` with a personal ending (or none: the past third person).
fn stem_with_ending(v: &str, stems: &[&str]) -> bool {
    ["", "م", "ی", "د", "یم", "ید", "ند"]
        .iter()
        .any(|e| v.strip_suffix(e).is_some_and(|stem| stems.contains(&stem)))
}

/// Whether preverb `p`, written apart, belongs to the verb that follows: `b` is می/نمی and `c`
/// the verb (بر می گردد), or `b` is the verb with its می/نمی (بر می‌گردد، بر میگردد), and the
/// verb's stem is one `p` makes a prefixed verb with (`data/norm/preverb_stems.tsv`).
fn preverb_joins(p: &str, b: &str, c: Option<&str>) -> bool {
    // (Cheap tests first: this is asked of every word before a space.)
    if p.len() > 6 || !(b.starts_with("می") || b.starts_with("نمی")) {
        return false;
    }
    let Some((_, stems)) = affixes().preverbs.iter().find(|x| x.0 == p) else {
        return false;
    };
    let verb = match b {
        "می" | "نمی" => c,
        _ => ["می\u{200c}", "نمی\u{200c}", "می", "نمی"]
            .iter()
            .find_map(|m| b.strip_prefix(m)),
    };
    verb.is_some_and(|v| stem_with_ending(v, stems))
}

/// Whether `w` (or its spelling with یی for ئی: ابتدائی) is a lemma of the dictionary.
fn dictionary_word(w: &str) -> bool {
    lexicon::get(w).is_some_and(|e| e.lemma)
        || w.contains("ئی") && lexicon::get(&w.replace("ئی", "یی")).is_some_and(|e| e.lemma)
}

/// Analyses word `t` (letters only, no ZWNJ): where its ZWNJs go, or `None` if unknown.
fn resolve(t: &str, depth: u8) -> Option<Res> {
    // (آمریکائی is looked up as آمریکایی: the hamza spelling of یی, same length in bytes, so
    // ZWNJ positions carry over.)
    let entry = lexicon::get(t).or_else(|| {
        t.contains("ئی")
            .then(|| lexicon::get(&t.replace("ئی", "یی")))
            .flatten()
    });
    let direct = entry.as_ref().and_then(from_entry);
    let lemma = entry.is_some_and(|e| e.lemma);
    if let Some(d) = direct {
        if d.mask != 0 || (lemma && d.score >= TRUST_JOINED) || d.score >= TRUST_ALWAYS {
            return direct;
        }
    }
    if depth >= MAX_DEPTH || t.len() < 6 {
        return direct;
    }
    let a = affixes();
    let mut best: Option<Res> = None;
    let n = nchars(t);
    for &(suf, mode, pen) in &a.suffixes {
        if !t.ends_with(suf) || t.len() < suf.len() + 4 {
            continue;
        }
        let stem = &t[..t.len() - suf.len()];
        if mode == SufMode::Heh && !stem.ends_with('ه') || mode == SufMode::Yeh && !yeh_stem(stem)
        {
            continue;
        }
        // An Arabic plural in ات drops a silent final ه (مطالعه → مطالعات); the plurals of
        // words in a sounded ه (اشتباهات) are in the lexicon. So after ه in a word the
        // lexicon lacks, ات is the clitic (خانه‌ات).
        if mode == SufMode::Joined && suf == "ات" && stem.ends_with('ه') {
            continue;
        }
        // An unknown stem shaped like a participle before a perfect ending is a participle
        // the lexicon lacks (بازفرستاده‌اند، نهاده‌اید).
        // An unknown stem before a plural suffix is a noun the lexicon lacks (زیرعبارت‌ها),
        // when the whole word is unknown too.
        let plural = mode == SufMode::Zwnj && suf.starts_with("ها");
        let r = resolve(stem, depth + 1).or_else(|| {
            if plural && direct.is_none() && depth == 0 && stem.len() >= 6 {
                return Some(Res {
                    mask: 0,
                    bounds: 0,
                    score: MIN_STEM,
                    verb: false,
                });
            }
            let participle = stem.ends_with("ده") || stem.ends_with("ته");
            // (Not before ای: شگردهای is the plural of شگرد, not شگرده + ای.)
            (mode == SufMode::Heh
                && direct.is_none()
                && participle
                && suf != "ای"
                && stem.len() >= 8)
                .then_some(Res {
                    mask: 0,
                    bounds: 0,
                    score: MIN_STEM,
                    verb: true,
                })
        });
        let Some(r) = r else {
            continue;
        };
        // Comparatives and personal endings after ی attach to dictionary words (بزرگ‌تر،
        // ایرانی‌ام), common words and compounds (اندوه‌بارترین); after a rare form only web
        // text knows they are a name's letters (فورستر، ویلیام).
        if mode == SufMode::Yeh && r.mask == 0 && r.score < RARE_STEM && !dictionary_word(stem) {
            continue;
        }
        // The comparative follows an adjective or adverb (بزرگ‌تر، بیش‌تر) or a compound
        // (اندوه‌بارتر); after a noun or a name its letters are the word's own (پاستر، لستر،
        // کفتر، میلیمتر).
        // (A common word in ی is a relational adjective often enough: اصلی‌ترین، جدی‌تر.)
        let relational = stem.ends_with('ی')
            && stem.len() >= 6
            && (r.score >= RARE_STEM || dictionary_word(stem));
        if suf.starts_with("تر") && r.mask == 0 && !adjective(stem) && !relational {
            continue;
        }
        // A participle before a perfect ending weighs as a verb, as much as its past stem
        // (زیسته‌ام: زیست), so the reading زیست + ها + م does not win.
        let stem_score = if mode == SufMode::Heh && r.verb {
            let past = &stem[..stem.len() - 'ه'.len_utf8()];
            let w = lexicon::get(past).map_or(0, |e| e.weight() as i16);
            r.score.max(VERB_WEIGHT).max(w)
        } else if mode == SufMode::Heh && matches!(suf, "ایم" | "اید" | "اند") {
            // After a noun these endings are the copula (حرفه‌ایم), rarer than a plural with a
            // possessive (حرف‌هایم) or the perfect after a participle (رفته‌ایم).
            r.score - COPULA_PENALTY
        } else {
            r.score
        };
        if stem_score < MIN_STEM {
            continue;
        }
        let at = nchars(stem);
        let (m, b) = match mode {
            SufMode::Joined => (0, 0),
            // (آنها: a conventionally joined plural keeps its boundary but no ZWNJ.)
            SufMode::Zwnj if a.joined_stems.contains(&stem) => (0, boundary(stem, at).1),
            _ => boundary(stem, at),
        };
        let verb = r.verb && mode != SufMode::Zwnj;
        best = better(
            best,
            Some(Res {
                mask: r.mask | m,
                bounds: r.bounds | b,
                score: stem_score - pen,
                verb,
            }),
        );
    }
    for &(pre, verb_only, min) in &a.prefixes {
        if !t.starts_with(pre) || t.len() < pre.len() + 4 {
            continue;
        }
        let rest = &t[pre.len()..];
        // An informal verb form (میگه، نمیدونم) is a verb whatever else its rest may be.
        let informal = verb_only && matches!(pre, "می" | "نمی") && !lemma && informal_verb(rest);
        let unknown_verb = Res {
            mask: 0,
            bounds: 0,
            score: MIN_STEM,
            verb: true,
        };
        // An unknown rest with a personal ending is a verb the lexicon lacks (می‌دمد).
        let r = if informal {
            Some(unknown_verb)
        } else {
            resolve(rest, depth + 1).or_else(|| {
                (verb_only && direct.is_none() && personal_ending(rest)).then_some(unknown_verb)
            })
        };
        let Some(r) = r else {
            continue;
        };
        if verb_only && !r.verb || r.score < min {
            continue;
        }
        let at = nchars(pre);
        let (m, b) = boundary(pre, at);
        let score = if verb_only {
            // A verb written with its prefix joined is a spelling of the prefixed verb, not
            // another word, unless the joined spelling is a dictionary lemma (میدان).
            let joined = direct.filter(|_| !lemma).map_or(0, |d| d.score);
            r.score.max(VERB_WEIGHT).max(joined)
        } else {
            r.score - 5
        };
        // A word prefix (بی) only explains words the lexicon does not know (بیماری is not
        // بی + ماری); a verb prefix may correct a joined spelling (میتوان).
        if !verb_only
            && (direct.is_some() || r.verb || !lexicon::get(rest).is_some_and(|e| e.lemma))
        {
            continue;
        }
        best = better(
            best,
            Some(Res {
                mask: (r.mask << at) | m,
                bounds: (r.bounds << at) | b,
                score,
                verb: r.verb && verb_only,
            }),
        );
    }
    // Compounds: a known word followed by a productive head (تعیین‌کننده), or an
    // Arabic-article compound (بیت‌المقدس), only for words the lexicon does not know and
    // that no affix explains. Each part at least two letters.
    // (Only near the top of the analysis: compounds of compounds are rare, and trying every
    // split point at every depth costs more than it finds.)
    if best.is_none() && direct.is_none() && depth <= 1 {
        // (Where the glued-word split would take `t` apart; looked up once, when needed.)
        let mut glued: Option<Option<usize>> = None;
        for (k, _) in t.char_indices().skip(2) {
            if t.len() - k < 6 {
                break;
            }
            let (left, right) = t.split_at(k);
            let at = nchars(left);
            if right.starts_with("ال") && right.len() >= 8 {
                if let Some(e) = lexicon::get(left) {
                    let tail = lexicon::get(&right[4..]).map_or(0, |e| e.weight() as i16);
                    if e.al_head && tail >= MIN_STEM {
                        let (m, b) = boundary(left, at);
                        best = better(
                            best,
                            Some(Res {
                                mask: m,
                                bounds: b,
                                score: tail.min(e.weight() as i16) - 5,
                                verb: false,
                            }),
                        );
                    }
                }
            }
            if let Some(r) = after_silent_heh(left, right, depth) {
                if *glued.get_or_insert_with(|| two_words(t)) != Some(k) {
                    best = better(best, Some(r));
                }
            }
            let Some(h) = lexicon::get(right) else {
                continue;
            };
            if !h.head {
                continue;
            }
            let Some(l) = resolve(left, depth + 1) else {
                continue;
            };
            if l.score < 2 * MIN_STEM {
                continue;
            }
            let (m, b) = boundary(left, at);
            best = better(
                best,
                Some(Res {
                    mask: l.mask | m,
                    bounds: l.bounds | b,
                    score: l.score.min(h.weight() as i16) - 5,
                    verb: false,
                }),
            );
        }
    }
    let _ = n;
    // (Not for a word the lexicon knows as a verb or lemma: دیدی is no دی + دی.)
    if depth == 0 && !lemma && !entry.is_some_and(|e| e.verb) {
        best = better(best, reduplication(t));
    }
    // A joined lemma needs a clearly better analysis; a joined form that is only attested in
    // web text (میتوان، سالها) yields to any good analysis with a ZWNJ.
    let margin = if lemma {
        ANALYSIS_MARGIN
    } else {
        -NON_LEMMA_MARGIN
    };
    match (direct, best) {
        // An analysis without ZWNJs only confirms the joined spelling (تواند = توان + د).
        (Some(d), Some(b)) if b.mask == 0 => Some(Res {
            verb: d.verb || b.verb,
            ..d
        }),
        (Some(d), Some(b)) if b.score < d.score + margin => Some(d),
        (d, None) => d,
        (_, b) => b,
    }
}

/// A word written twice (دانه‌دانه، کم‌کم) or twice around به (جابه‌جا، رنگ‌به‌رنگ): a
/// compound of the word with itself, its parts apart.
fn reduplication(t: &str) -> Option<Res> {
    const BEH: &str = "به";
    let half = |s: &str| s.len() % 4 == 0 && s[..s.len() / 2] == s[s.len() / 2..];
    let (x, with_beh) = if half(t) {
        (&t[..t.len() / 2], false)
    } else {
        let core = (t.len().checked_sub(BEH.len())? / 2 / 2) * 2;
        let x = &t[..core];
        (t.len() == 2 * core + BEH.len() && t[core..].starts_with(BEH) && t.ends_with(x))
            .then_some((x, true))?
    };
    let w = lexicon::get(x).map_or(0, |e| e.weight() as i16);
    if x.len() < 4 || !(2 * MIN_STEM..FUNCTION_WORD).contains(&w) {
        return None;
    }
    let at = nchars(x);
    let (mut mask, mut bounds) = boundary(x, at);
    if with_beh {
        let (m, b) = boundary(BEH, at + 2);
        mask |= m;
        bounds |= b;
    }
    Some(Res {
        mask,
        bounds,
        score: w - 5,
        verb: false,
    })
}

/// A word the lexicon lacks read as a compound whose first part ends in a silent ه (نصفه‌شب،
/// واقعه‌نگاران، رشته‌کوه‌ها): a ه inside a word after a whole word of three letters or
/// more, before a word that is no verb form, marks a ZWNJ stripped there. (A sounded ه after
/// ا or و, as in شاه or کوه, starts no such compound: شاهرود; nor does an Arabic word with
/// the article: الهلال.) It is the reading of last resort: it weighs as an unknown stem, so
/// any analysis by affixes (هفته‌نامه‌ای, not هفته‌نام‌های) wins over it; and where the
/// glued-word split takes the word apart at the same place (خانواده معصومه), the caller
/// leaves it to that.
fn after_silent_heh(left: &str, right: &str, depth: u8) -> Option<Res> {
    let before_heh = left.strip_suffix('ه')?.chars().next_back()?;
    if left.len() < 6
        || right.len() < 4
        || matches!(before_heh, 'ا' | 'آ' | 'و')
        || left.starts_with("ال")
    {
        return None;
    }
    let el = lexicon::get(left);
    let l = el.map_or(0, |e| e.weight() as i16);
    // (A participle ends a verb phrase, not a compound's first part: شده + a glued word.)
    if !(SILENT_HEH_PART..FUNCTION_WORD).contains(&l) || el.is_some_and(|e| e.verb) {
        return None;
    }
    // The ه may instead start the second word (یک + هزار, not یکه + زار): then leave it.
    let weight = |w: &str| lexicon::get(w).map_or(0, |e| e.weight() as i16);
    let heh_word = || {
        let mut w = String::with_capacity(right.len() + 2);
        w.push('ه');
        w.push_str(right);
        weight(&w)
    };
    if weight(&left[..left.len() - 2]) >= SILENT_HEH_PART && heh_word() >= SILENT_HEH_PART {
        return None;
    }
    let r = resolve(right, depth + 1)?;
    if r.verb || r.score < SILENT_HEH_PART {
        return None;
    }
    let at = nchars(left);
    let (m, b) = boundary(left, at);
    Some(Res {
        mask: r.mask << at | m,
        bounds: r.bounds << at | b,
        score: MIN_STEM,
        verb: false,
    })
}

/// What the pass needs of one word, cached: its analysis, its weight in the lexicon and
/// whether it takes the Arabic article.
#[derive(Clone, Copy, Debug)]
struct Known {
    res: Option<Res>,
    weight: i16,
    al_head: bool,
    first: bool,
    second: bool,
    lemma: bool,
    /// A compound head that is not a participle or infinitive (نامه، گذاری، بندی).
    head: bool,
    /// A compound head made from a verb stem (سازی، رسانی، آموز، شناس; see the lexicon's
    /// build): after a noun it makes a compound (غنی‌سازی، دانش‌آموز), not a phrase.
    derived: bool,
    /// The word is itself a suffix (ها، ترین، اند) of this mode, written apart.
    suffix: Option<SufMode>,
    /// The word is itself a prefix: `Some(true)` for the verb prefixes می/نمی.
    prefix: Option<bool>,
    /// Where a word no analysis explains splits into two glued words (byte offset).
    glue: Option<u32>,
}

impl Known {
    const NONE: Known = Known {
        res: None,
        weight: 0,
        al_head: false,
        first: false,
        second: false,
        lemma: false,
        head: false,
        derived: false,
        suffix: None,
        prefix: None,
        glue: None,
    };
}

/// Cache size: ~10 MB per thread natively; the browser build keeps ~1.3 MB (one document at
/// a time needs fewer words).
#[cfg(not(target_arch = "wasm32"))]
const CACHE_SLOTS: usize = 1 << 16;
#[cfg(target_arch = "wasm32")]
const CACHE_SLOTS: usize = 1 << 13;
const CACHE_KEY: usize = 46;

/// A two-way set-associative cache of [`Known`] by word: news text repeats its words (Zipf),
/// so most lookups skip the fst and the splitter. Fixed size, allocated once per thread; words
/// longer than `CACHE_KEY` bytes bypass it. (Two ways, the one used last first: on 1 MB of
/// news repeated, a direct-mapped table of the same size misses 2.5% of lookups, two ways
/// 1.1%, against 0.9% of first sightings; a miss costs a run of the splitter.)
struct Slot {
    len: u8,
    key: [u8; CACHE_KEY],
    val: Known,
}

thread_local! {
    static CACHE: RefCell<Vec<Slot>> = const { RefCell::new(Vec::new()) };
}

/// The first slot of the two-slot set of key `b`.
fn hash(b: &[u8]) -> usize {
    let mut h: u64 = 0xcbf29ce484222325;
    for &x in b {
        h = (h ^ x as u64).wrapping_mul(0x100000001b3);
    }
    (h ^ (h >> 29)) as usize & (CACHE_SLOTS - 2)
}

/// Looks `key` up in the set at `set` (slots `set`, `set + 1`) of a two-way cache whose
/// slots `matches` compares; a hit in the second slot moves it first (least recently used
/// last).
fn probe<T, V>(
    c: &mut [T],
    set: usize,
    matches: impl Fn(&T) -> bool,
    val: impl Fn(&T) -> V,
) -> Option<V> {
    if matches(&c[set]) {
        return Some(val(&c[set]));
    }
    if matches(&c[set + 1]) {
        c.swap(set, set + 1);
        return Some(val(&c[set]));
    }
    None
}

fn compute(word: &str) -> Known {
    let e = lexicon::get(word);
    let res = resolve(word, 0);
    Known {
        res,
        glue: res
            .is_none()
            .then(|| glue_split(word))
            .flatten()
            .map(|p| p as u32),
        weight: e.map_or(0, |e| e.weight() as i16),
        al_head: e.is_some_and(|e| e.al_head),
        first: e.is_some_and(|e| e.first),
        second: e.is_some_and(|e| e.second),
        lemma: e.is_some_and(|e| e.lemma),
        // A participle or infinitive (شده، کردن) after a word is a verb phrase, not a compound.
        head: e
            .is_some_and(|e| e.head && !(e.verb && (word.ends_with('ه') || word.ends_with('ن')))),
        derived: e.is_some_and(|e| e.derived),
        suffix: affixes()
            .suffixes
            .iter()
            .find(|s| s.0 == word && s.1 != SufMode::Joined)
            .map(|s| s.1),
        prefix: affixes().prefixes.iter().find(|p| p.0 == word).map(|p| p.1),
    }
}

/// (key length, key bytes, entry) of one compound-key cache slot.
type PairSlot = (u8, [u8; CACHE_KEY], Option<Entry>);

/// The lexicon entry of a compound key, cached like [`known`] (most word pairs repeat).
fn pair_entry(key: &str) -> Option<Entry> {
    thread_local! {
        static PAIRS: RefCell<Vec<PairSlot>> = const { RefCell::new(Vec::new()) };
    }
    let b = key.as_bytes();
    let h = hash(b);
    if let Some(v) = PAIRS.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_empty() {
            return None;
        }
        probe(
            &mut c,
            h,
            |s: &PairSlot| s.0 as usize == b.len() && &s.1[..b.len()] == b,
            |s| s.2,
        )
    }) {
        return v;
    }
    let v = lexicon::get(key);
    PAIRS.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_empty() {
            c.resize(CACHE_SLOTS, (u8::MAX, [0; CACHE_KEY], None));
        }
        c.swap(h, h + 1);
        let s = &mut c[h];
        s.0 = b.len() as u8;
        s.1[..b.len()].copy_from_slice(b);
        s.2 = v;
    });
    v
}

/// The cached [`Known`] of `word`.
fn known(word: &str) -> Known {
    let b = word.as_bytes();
    if b.len() > CACHE_KEY {
        return compute(word);
    }
    let h = hash(b);
    let hit = CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_empty() {
            return None;
        }
        probe(
            &mut c,
            h,
            |s: &Slot| s.len as usize == b.len() && &s.key[..b.len()] == b,
            |s| s.val,
        )
    });
    if let Some(v) = hit {
        return v;
    }
    let val = compute(word);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_empty() {
            c.resize_with(CACHE_SLOTS, || Slot {
                len: u8::MAX,
                key: [0; CACHE_KEY],
                val: Known::NONE,
            });
        }
        // The set's last-used entry moves second; the other one leaves.
        c.swap(h, h + 1);
        let s = &mut c[h];
        s.len = b.len() as u8;
        s.key[..b.len()].copy_from_slice(b);
        s.val = val;
    });
    val
}

/// A word of the text: byte range, whether it already has a ZWNJ.
#[derive(Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    has_zwnj: bool,
}

fn words(text: &str) -> Vec<Word> {
    // Byte-wise: letters are two bytes with a lead byte D8–DB, the ZWNJ is E2 80 8C.
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 10);
    let mut cur: Option<Word> = None;
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        let (word_char, zwnj, len) = if let Some(k) = super::chars::arabic_index(b, i) {
            // A ء glued after ه at the end of a word is the ezafe (`نامهء`), which the ezafe
            // pass then writes as the hamza above (`نامهٔ`: a mark, no letter): the word is
            // read without it, so that it is taken apart the same on the text before and after
            // that pass (a fuzz finding: `مماللهء تر` was split only on a second run).
            let ezafe = b[i..].starts_with(&[0xD8, 0xA1])
                && b[..i].ends_with(&[0xD9, 0x87])
                && !super::chars::arabic_index(b, i + 2).is_some_and(|n| LETTER2[n]);
            (LETTER2[k] && !ezafe, false, 2)
        } else if x == 0xE2 && b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x8C) {
            (cur.is_some(), true, 3)
        } else {
            let len = match x {
                0xF0.. => 4,
                0xE0.. => 3,
                0xC0.. => 2,
                _ => 1,
            };
            (false, false, len)
        };
        if word_char {
            let w = cur.get_or_insert(Word {
                start: i,
                end: i,
                has_zwnj: false,
            });
            w.end = i + len;
            w.has_zwnj |= zwnj;
        } else if let Some(w) = cur.take() {
            out.push(w);
        }
        i += len;
    }
    out.extend(cur);
    out
}

/// The bits of `mask` (ZWNJs of `word`) before a suffix the house style writes joined
/// (`کتاب‌ها` → `کتابها` in the `joined` style).
fn joined_by_style(word: &str, mask: u64, style: &Style) -> u64 {
    if style.plural == Attach::Zwnj && style.comparative == Attach::Zwnj {
        return 0;
    }
    let mut out = 0;
    let mut m = mask;
    while m != 0 {
        let i = m.trailing_zeros() as usize;
        m &= m - 1;
        let end = if m == 0 {
            word.len()
        } else {
            2 * m.trailing_zeros() as usize
        };
        let before = word[..2 * i].chars().next_back().unwrap_or(' ');
        if style::joins_suffix(style, before, &word[2 * i..end]) {
            out |= 1 << i;
        }
    }
    out
}

/// In a word written with ZWNJs, those before a suffix the house style writes joined.
fn style_joins(word: &str, start: usize, style: &Style, edits: &mut Vec<Edit>) {
    if style.plural == Attach::Zwnj && style.comparative == Attach::Zwnj {
        return;
    }
    let parts: Vec<(usize, &str)> = word
        .split(ZWNJ)
        .scan(0, |at, p| {
            let here = *at;
            *at += p.len() + ZWNJ.len_utf8();
            Some((here, p))
        })
        .collect();
    for w in parts.windows(2) {
        let ((_, a), (at, b)) = (w[0], w[1]);
        if let Some(c) = a.chars().next_back() {
            if style::joins_suffix(style, c, b) {
                let z = start + at - ZWNJ.len_utf8();
                edits.push(Edit::new(z..z + ZWNJ.len_utf8(), "", EditKind::Zwnj));
            }
        }
    }
}

fn push_mask(edits: &mut Vec<Edit>, start: usize, mask: u64, skip: u64) {
    let mut m = mask & !skip;
    while m != 0 {
        let i = m.trailing_zeros() as usize;
        let p = start + 2 * i;
        edits.push(Edit::new(p..p, ZWNJ.to_string(), EditKind::Zwnj));
        m &= m - 1;
    }
}

/// The edits inside one word written without ZWNJs: its ZWNJs, or a split when it is not a
/// word but a known word glued to a function word.
fn word_edits(
    word: &str,
    k: &Known,
    start: usize,
    zwnj_on: bool,
    split_on: bool,
    style: &Style,
    edits: &mut Vec<Edit>,
) {
    if let Some(r) = k.res {
        if zwnj_on {
            push_mask(
                edits,
                start,
                r.mask,
                1 | joined_by_style(word, r.mask, style),
            );
        }
        return;
    }
    if split_on {
        if let Some(p) = k.glue.map(|p| p as usize) {
            if zwnj_on {
                if let Some(r) = known(&word[..p]).res {
                    let skip = joined_by_style(&word[..p], r.mask, style);
                    push_mask(edits, start, r.mask, 1 | skip);
                }
            }
            edits.push(Edit::new(start + p..start + p, " ", EditKind::Split));
        }
    }
}

/// Where a word that is not a word splits into a known word and a function word glued to
/// it (`یکدیگرندبه` → `یکدیگرند` + `به`): the byte offset of the split, if any.
fn glue_split(word: &str) -> Option<usize> {
    let a = affixes();
    for g in &a.glue {
        if word.len() <= g.len() + 6 || !word.ends_with(g) {
            continue;
        }
        let left = &word[..word.len() - g.len()];
        if known(left).res.is_some_and(|r| r.score >= MIN_GLUE_PART) {
            return Some(left.len());
        }
    }
    // The future auxiliary glued to its verb (خواهدرفت → خواهد رفت).
    for aux in &a.future_aux {
        let Some(rest) = word.strip_prefix(aux) else {
            continue;
        };
        if rest.len() >= 4 && lexicon::get(rest).is_some_and(|e| e.verb) {
            return Some(aux.len());
        }
    }
    // Two common words glued where a line break was lost (اجتماعیوی، خانوادهمعصومه), unless
    // the news corpus writes the whole as one word again and again (a name: میرزاجواد).
    two_words(word).filter(|_| {
        a.joined_words
            .binary_search_by(|w| w.as_bytes().cmp(word.as_bytes()))
            .is_err()
    })
}

/// Where a word no analysis explains splits into two common words (both parts frequent, the
/// whole no word): the split with the most frequent rarer part. Not after an affix or an
/// Arabic article, which the splitter and the joins own. (Short words only: the cost is a
/// lookup per letter.) Public for `examples/norm_glue_table.rs`, which lists the words the
/// news corpus writes joined again and again (`data/norm/joined_words.txt`).
pub fn two_words(word: &str) -> Option<usize> {
    let a = affixes();
    if word.len() > 2 * GLUE_MAX_CHARS || word.starts_with("ال") {
        return None;
    }
    let weight = |w: &str| lexicon::get(w).map_or(0, |e| e.joined as i16);
    let el_verb = |w: &str| lexicon::get(w).is_some_and(|e| e.verb);
    let mut best: Option<(i16, usize)> = None;
    for (k, _) in word.char_indices().skip(2) {
        if word.len() - k < 4 {
            break;
        }
        let (l, r) = word.split_at(k);
        // (A split the joins would undo is no split; a name's parts, پاک‌پور، میرابراهیمی,
        // and غیر + a word are not two words: `data/norm/bound_parts.txt`.)
        if a.suffixes.iter().any(|s| s.0 == r)
            || a.bound_parts
                .iter()
                .any(|&(pre, p)| if pre { p == l } else { p == r })
            || a.prefixes.iter().any(|p| p.0 == l)
            || r.starts_with("ال")
        {
            continue;
        }
        // (A part of two letters must be a function word or pronoun, وی، در
        // (`data/norm/short_glue.txt`): foreign names are often a short word's letters,
        // استپنی، کونوا، جورجیا.)
        let short = |p: &str| p.len() <= 4 && !a.short_glue.contains(&p);
        if short(l) || short(r) || weight(l) < MIN_GLUE_PAIR || weight(r) < MIN_GLUE_PAIR {
            continue;
        }
        // A verb form is a prefixed or inflected verb the lexicon lacks (بیاورد، بردارد،
        // درداده), and a preverb other than the preposition در starts one (بازتعریف).
        if el_verb(l) || el_verb(r) || a.preverbs.iter().any(|p| p.0 == l && l != "در") {
            continue;
        }
        // Two parts that the lexicon's compounds put on either side of a ZWNJ (نیمه‌ابری،
        // دانه‌دانه، هم‌حسی) may be a compound whose ZWNJ was stripped: not split.
        let (el, er) = (lexicon::get(l), lexicon::get(r));
        // (A function word or pronoun, وی، در, is no compound's part.)
        let function = a.short_glue.contains(&l) || a.short_glue.contains(&r);
        if !function && el.is_some_and(|e| e.first) && er.is_some_and(|e| e.second) {
            continue;
        }
        let w = weight(l).min(weight(r));
        if w >= MIN_GLUE_PAIR && !best.is_some_and(|b| w <= b.0) {
            best = Some((w, k));
        }
    }
    best.map(|b| b.1)
}

/// Whether word `a` and the next word `b`, written with a space between, are one word whose
/// parts a ZWNJ separates: `b` is a suffix (ها، ترین، and after ه: ای، اند), `a` is the verb
/// prefix می/نمی before a verb form, بی before a known word, `b` is a bound compound head
/// (برنامه ریزی: in any text when the lexicon lists the compound), `b` is a compound head
/// made from a verb stem and the lexicon lists `a‌b` (غنی سازی، دانش آموز: in any text, such
/// a head after a noun makes a word), `b` is no word on its own and `ab` is analysed with a
/// ZWNJ there (اصلاح طلبانه), `a` takes the Arabic article of `b` (بیت المقدس), or —
/// in text that writes affixes apart (`spaced_style`) — the lexicon spells `ab` with a ZWNJ exactly there, as a
/// word it also attests written together and not far rarer than its parts.
fn joins(
    a: &str,
    ka: &Known,
    a_has_zwnj: bool,
    b: &str,
    kb: &Known,
    spaced_style: bool,
    key: &mut String,
) -> bool {
    if a.len() < 2 {
        return false;
    }
    if kb.suffix.is_some() {
        // A word ending in the ezafe written out (`نامه‌ی`) is linked to the next word, which
        // is no suffix of it: the ezafe pass writes `نامه‌ی تر` (`ezafe=yeh`) from
        // `نامهٔ تر`, where the mark keeps the two apart, and a second run must not join them.
        if a.ends_with("ه\u{200c}ی") {
            return false;
        }
        return affixes()
            .suffixes
            .iter()
            .filter(|s| s.0 == b)
            .any(|&(_, mode, _)| match mode {
                SufMode::Zwnj => a.len() >= 4,
                SufMode::Heh => a.len() >= 6 && a.ends_with('ه'),
                SufMode::Yeh => a.len() >= 6 && a.ends_with('ی'),
                SufMode::Joined => false,
            });
    }
    if a_has_zwnj {
        return false;
    }
    if let Some(verb_only) = ka.prefix {
        return if verb_only {
            // A free-standing می/نمی is the verb prefix; only a dictionary word that is not a
            // verb form (می ناب) stays apart.
            kb.res.is_some_and(|r| r.verb) || (!kb.lemma && b.len() >= 4) || informal_verb(b)
        } else {
            // بی before a known word that is not a verb: بی‌شک، بی‌اعتنایی; not before a
            // pronoun or conjunction (بی آنکه).
            kb.res.is_some_and(|r| !r.verb && r.score >= MIN_STEM)
                && !affixes().bi_apart.contains(&b)
        };
    }
    if b.starts_with("ال") && b.len() >= 8 && ka.al_head {
        return true;
    }
    let wa = ka.weight;
    let wb = kb.weight;
    if wa >= FUNCTION_WORD || wb >= FUNCTION_WORD || a.len() / 2 >= 64 {
        return false;
    }
    // A known word before a productive compound head: برنامه ریزی، واژه نامه, in text that
    // writes affixes apart. (Only a bound head, not a word of its own: کار، بار، خانه are
    // also nouns; and not in other text, where خواهی after a noun is the auxiliary.)
    let bound_head = kb.head && !kb.lemma && wa >= 2 * MIN_STEM && a.len() >= 6;
    if spaced_style && bound_head {
        return true;
    }
    // (Only a pair whose parts both occur around a ZWNJ in the lexicon can be a compound
    // there, or one whose second part the lexicon lacks as a word; this skips most lookups.)
    let derived = kb.derived && wa >= MIN_STEM && a.len() >= 4;
    // A second part that is not a word on its own, where the whole is analysed with a ZWNJ
    // exactly there (علاقه مندان، ستم دیدگان: an inflected compound): a stripped ZWNJ.
    if kb.res.is_none()
        && b.len() >= 4
        && wa >= MIN_STEM
        && a.len() >= 4
        && a.len() + b.len() <= CACHE_KEY
    {
        key.clear();
        key.push_str(a);
        key.push_str(b);
        if known(key)
            .res
            .is_some_and(|r| r.mask >> (a.len() / 2) & 1 == 1)
        {
            return true;
        }
    }
    // An inflected compound: the lexicon's compound `a‌h` and `b` = `h` + a plural or ی
    // ending (نظریه پردازانی: نظریه‌پرداز + انی; اصلاح طلبان), judged as the compound is.
    if ka.first && a.len() + b.len() <= CACHE_KEY {
        for suf in INFLECTIONS {
            let Some(h) = b.strip_suffix(suf).filter(|h| h.len() >= 4) else {
                continue;
            };
            let kh = known(h);
            let derived = kh.derived && wa >= MIN_STEM && a.len() >= 4;
            if !(spaced_style || derived) || !kh.second {
                continue;
            }
            key.clear();
            key.push_str(a);
            key.push_str(h);
            if pair_entry(key).is_some_and(|e| {
                e.mask >> (a.len() / 2) & 1 == 1
                    && (derived && e.zwnj > 0
                        || e.zwnj as i16 >= e.joined as i16
                            && e.weight() as i16 >= wa.min(kh.weight) - COMPOUND_MARGIN
                            && (e.joined as i16 >= MIN_STEM || kh.head))
            }) {
                return true;
            }
        }
    }
    if !(spaced_style || bound_head || derived) || !ka.first || (kb.weight > 0 && !kb.second) {
        return false;
    }
    if a.len() + b.len() > CACHE_KEY {
        return false;
    }
    key.clear();
    key.push_str(a);
    key.push_str(b);
    let e = pair_entry(key);
    // The lexicon's ZWNJ spelling, if the compound is also attested written as one word
    // (دانش‌آموز): multi-word names (خلیج‌فارس) in the lexicon are phrases, not words.
    // A compound far rarer than its rarer part is a phrase the lexicon happens to list
    // (که‌بر), not a word.
    e.is_some_and(|e| {
        (derived && e.zwnj > 0 && e.mask >> (a.len() / 2) & 1 == 1)
            || e.zwnj as i16 >= e.joined as i16
                && e.weight() as i16 >= wa.min(wb) - COMPOUND_MARGIN
                && e.mask >> (a.len() / 2) & 1 == 1
                && (!spaced_style || e.joined as i16 >= MIN_STEM || kb.head || b.starts_with("ال"))
    })
}

/// Whether `a` (ending in a non-joining letter) and `b` may be written together: the
/// joined word must be analysed with a boundary there and no ZWNJ anywhere, so that
/// normalizing it again leaves it as it is.
fn glue_plain(a: &str, b: &str, key: &mut String) -> bool {
    if a.len() / 2 >= 63 || known(a).res.is_some_and(|r| r.mask != 0) {
        return false;
    }
    key.clear();
    key.push_str(a);
    key.push_str(b);
    known(key)
        .res
        .is_some_and(|r| r.mask == 0 && r.bounds >> (a.len() / 2) & 1 == 1)
}

/// Runs the ZWNJ and glued-word pass over `text`.
pub fn zwnj_pass(text: &str, opts: &NormOptions) -> Vec<Edit> {
    let zwnj_on = opts.enabled(EditKind::Zwnj);
    let split_on = opts.enabled(EditKind::Split);
    let style = &opts.style;
    if !zwnj_on && !split_on {
        return Vec::new();
    }
    let mut ws = words(text);
    // Words inside URLs and e-mail addresses are not ours to change.
    let prot = super::punct::protected(text);
    if !prot.is_empty() {
        let mut pi = 0;
        ws.retain(|w| {
            while pi < prot.len() && prot[pi].1 < w.end {
                pi += 1;
            }
            !(pi < prot.len() && prot[pi].0 <= w.start)
        });
    }
    // What is known of each word, looked up once.
    let ks: Vec<Known> = ws
        .iter()
        .map(|w| {
            if w.has_zwnj {
                Known::NONE
            } else {
                known(&text[w.start..w.end])
            }
        })
        .collect();
    // A text that writes affixes apart (می رود، سال ها، خانه ای; a free ای or اند after
    // another word is a word of its own) writes compounds apart too: only
    // there are two words joined because the lexicon spells them as one. In other text a
    // space between two words is taken as meant (ای کاش، هیچ وقت). The style is a line's
    // (lines of one text may come from different writers), or the whole text's when it
    // writes most of its affixes apart: at least three free ones, and no more attached ones
    // (written with a ZWNJ, or joined where a ZWNJ belongs).
    let free = |i: usize, k: &Known| {
        let after = |c: char| {
            i > 0
                && text[ws[i - 1].start..ws[i - 1].end].ends_with(c)
                && ws[i - 1].end < ws[i].start
                && !text[ws[i - 1].end..ws[i].start].contains('\n')
        };
        match k.suffix {
            Some(SufMode::Zwnj) => true,
            Some(SufMode::Heh) => after('ه'),
            Some(SufMode::Yeh) => after('ی'),
            _ => k.prefix == Some(true),
        }
    };
    let (mut n_free, mut n_attached) = (0usize, 0usize);
    // Per word: whether its line writes affixes apart (filled in line by line).
    let mut spaced = vec![false; ws.len()];
    let mut line_start = 0;
    for i in 0..=ws.len() {
        let new_line = i == ws.len() || (i > 0 && text[ws[i - 1].end..ws[i].start].contains('\n'));
        if new_line {
            if spaced[line_start..i].iter().any(|&f| f) {
                spaced[line_start..i].iter_mut().for_each(|f| *f = true);
            }
            line_start = i;
        }
        if i < ws.len() {
            if free(i, &ks[i]) {
                spaced[i] = true;
                n_free += 1;
            } else if ws[i].has_zwnj || ks[i].res.is_some_and(|r| r.mask != 0) {
                n_attached += 1;
            }
        }
    }
    if n_free >= 3 && n_free >= n_attached {
        spaced.iter_mut().for_each(|f| *f = true);
    }
    let mut edits = Vec::new();
    let mut key = String::with_capacity(64);
    // When the previous gap was closed, the word before the next gap is the merged one: with a
    // ZWNJ inside (a ZWNJ join), or written together (`merged` holds it without the space).
    let mut prev_zwnj = false;
    let mut merged = String::with_capacity(64);
    for (i, w) in ws.iter().enumerate() {
        let word = &text[w.start..w.end];
        // What the word looks like after this pass: with ZWNJs, or split in two.
        // (After a split, the word before the next space is the split-off tail.)
        let (mut has_zwnj, mut word, mut ka) = (w.has_zwnj, word, ks[i]);
        if !w.has_zwnj {
            let n = edits.len();
            word_edits(word, &ks[i], w.start, zwnj_on, split_on, style, &mut edits);
            if let Some(e) = edits[n..].iter().find(|e| e.kind == EditKind::Split) {
                word = &text[e.range.start..w.end];
                ka = known(word);
                has_zwnj = false;
                merged.clear();
            } else {
                has_zwnj = edits.len() > n;
            }
        }
        if w.has_zwnj && zwnj_on {
            style_joins(word, w.start, style, &mut edits);
        }
        has_zwnj |= std::mem::take(&mut prev_zwnj);
        // (Rare: only after a plain join; the merged word is owned for this iteration.)
        let whole: String;
        if !merged.is_empty() {
            // Continues a word written together with the previous one.
            merged.push_str(word);
            whole = std::mem::take(&mut merged);
            word = whole.as_str();
            ka = if has_zwnj { Known::NONE } else { known(word) };
        }
        let mut glue_next = false;
        // A space to the next word that should be a ZWNJ (سال های، می رود، بیت المقدس).
        if let Some(next) = ws.get(i + 1) {
            let after = ws.get(i + 2).filter(|c| &text[next.end..c.start] == " ");
            if zwnj_on
                && !has_zwnj
                && &text[w.end..next.start] == " "
                && preverb_joins(
                    word,
                    &text[next.start..next.end],
                    after.map(|c| &text[c.start..c.end]),
                )
            {
                // A preverb written apart (بر می گردد): joined to its verb (it ends in a
                // non-joining letter, so without a ZWNJ).
                edits.push(Edit::new(w.end..next.start, "", EditKind::Zwnj));
                glue_next = true;
            } else if zwnj_on && !next.has_zwnj && &text[w.end..next.start] == " " {
                let (mut b, mut kb) = (&text[next.start..next.end], ks[i + 1]);
                // A glued next word is judged by its first part, as it will read once split.
                if split_on && kb.res.is_none() {
                    if let Some(p) = kb.glue.map(|p| p as usize) {
                        b = &b[..p];
                        kb = known(b);
                    }
                }
                if joins(word, &ka, has_zwnj, b, &kb, spaced[i], &mut key) {
                    let last = last_char(word).unwrap_or(' ');
                    if kb.suffix == Some(SufMode::Zwnj) && style::joins_suffix(style, last, b) {
                        // A suffix the house style writes joined (`کتاب ها` → `کتابها`).
                        edits.push(Edit::new(w.end..next.start, "", EditKind::Zwnj));
                        prev_zwnj = has_zwnj;
                        glue_next = !has_zwnj;
                    } else if !is_non_joining(last) {
                        edits.push(Edit::new(w.end..next.start, "\u{200c}", EditKind::Zwnj));
                        prev_zwnj = true;
                    } else if has_zwnj || glue_plain(word, b, &mut key) {
                        // After a non-joining letter the parts are written together; the
                        // result must read the same way when it is analysed again.
                        edits.push(Edit::new(w.end..next.start, "", EditKind::Zwnj));
                        prev_zwnj = has_zwnj;
                        glue_next = !has_zwnj;
                    }
                }
            }
        }
        merged.clear();
        if glue_next {
            merged.push_str(word);
        }
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::apply;

    fn run(s: &str) -> String {
        apply(s, &zwnj_pass(s, &NormOptions::default()))
    }

    #[test]
    fn restores_zwnj_in_joined_words() {
        assert_eq!(run("سالهای"), "سال‌های");
        assert_eq!(run("میورزند"), "می‌ورزند");
        assert_eq!(run("تعیینکننده"), "تعیین‌کننده");
        assert_eq!(run("بیتالمقدس"), "بیت‌المقدس");
        assert_eq!(run("نقشآفرینیهای"), "نقش‌آفرینی‌های");
        assert_eq!(run("تلآویو"), "تل‌آویو");
        assert_eq!(run("کردهاند"), "کرده‌اند");
        assert_eq!(run("بزرگترین"), "بزرگ‌ترین");
    }

    #[test]
    fn leaves_plain_words_and_names_alone() {
        for w in ["میز", "میدان", "میلیون", "تنها", "آنها", "کتاب", "بهتر"]
        {
            assert_eq!(run(w), w);
        }
    }

    #[test]
    fn joins_spaced_affixes() {
        assert_eq!(run("سال های گذشته"), "سال‌های گذشته");
        assert_eq!(run("می ورزند"), "می‌ورزند");
        assert_eq!(run("بزرگ تر"), "بزرگ‌تر");
    }

    #[test]
    fn a_glued_hamza_ezafe_is_no_part_of_the_word() {
        // `ء` after a final ه is the ezafe the next pass writes as `ٔ`: the word is read the
        // same either way.
        for (glued, mark) in [
            ("مماللهء تر", "مماللهٔ تر"),
            ("کتابخانهء ملی", "کتابخانهٔ ملی"),
        ] {
            let (a, b) = (run(glued), run(mark));
            assert_eq!(a.replace('ء', "\u{654}"), b, "{glued}");
        }
        assert_eq!(run("مماللهء تر"), "مم‌اللهء تر");
    }

    #[test]
    fn a_written_out_ezafe_takes_no_spaced_suffix() {
        // `ezafe=yeh`: the ezafe pass writes `نامه‌ی` before a linked word; the next run must
        // not take that word for a suffix (`تر`) of it.
        let opts = NormOptions {
            style: super::super::Style::parse("press").unwrap(),
            ..Default::default()
        };
        for t in ["مماللهٔ تر", "مماللهء تر", "ممالله ی تر"] {
            let once = crate::normalize::normalize(t, &opts).text;
            assert_eq!(once, "مم‌الله‌ی تر", "{t}");
            assert_eq!(crate::normalize::normalize(&once, &opts).text, once, "{t}");
        }
        assert_eq!(run("بزرگ تر"), "بزرگ‌تر");
    }

    #[test]
    fn splits_glued_function_word() {
        assert_eq!(run("یکدیگرندبه گزارش"), "یکدیگرند به گزارش");
    }
}
