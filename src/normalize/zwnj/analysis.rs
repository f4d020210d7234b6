//! How a word written without ZWNJs is read: the lexicon first, then the recursive affix
//! splitter (suffixes, prefixes, compound heads, Arabic-article compounds), reduplication
//! and a silent ه inside a word; each analysis carries a weight (see the module above).

use super::*;
use crate::data;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum SufMode {
    Zwnj,
    Heh,
    Yeh,
    Joined,
}

pub(super) struct Affixes {
    pub(super) suffixes: Vec<(&'static str, SufMode, i16)>,
    pub(super) prefixes: Vec<(&'static str, bool, i16)>,
    pub(super) glue: Vec<&'static str>,
    pub(super) joined_stems: Vec<&'static str>,
    /// Informal present stems and personal endings (میگه، نمی‌دونم).
    pub(super) informal_stems: Vec<&'static str>,
    pub(super) informal_endings: Vec<&'static str>,
    /// Preverbs and the verb stems they make prefixed verbs with (بر: گرد، گشت …).
    pub(super) preverbs: Vec<(&'static str, Vec<&'static str>)>,
    /// The future auxiliary, longest first (خواهند، نخواهد …).
    pub(super) future_aux: Vec<&'static str>,
    /// Two-letter words that may be one side of two glued words (وی، در).
    pub(super) short_glue: Vec<&'static str>,
    /// Parts that make one word joined to another: (is a prefix, part) (میر، پور، غیر).
    pub(super) bound_parts: Vec<(bool, &'static str)>,
    /// Words the news corpus writes joined though two common words make them, sorted.
    pub(super) joined_words: Vec<&'static str>,
    /// Words بی, written apart, does not join: it is the preposition there (بی آنکه).
    pub(super) bi_apart: Vec<&'static str>,
}

pub(super) fn affixes() -> &'static Affixes {
    static A: OnceLock<Affixes> = OnceLock::new();
    A.get_or_init(|| {
        let mut suffixes: Vec<_> = data::lines(include_str!("../../../data/norm/suffixes.tsv"))
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
        let prefixes = data::lines(include_str!("../../../data/norm/prefixes.tsv"))
            .filter_map(|l| {
                let mut f = l.split('\t');
                let p = f.next()?;
                let verb = f.next()? == "verb";
                Some((p, verb, f.next()?.parse().ok()?))
            })
            .collect();
        let glue = data::lines(include_str!("../../../data/norm/glue_words.txt")).collect();
        let joined_stems =
            data::lines(include_str!("../../../data/norm/joined_stems.txt")).collect();
        let informal = |kind: &str| {
            data::pairs(include_str!("../../../data/norm/informal_verbs.tsv"))
                .filter(|(k, _)| *k == kind)
                .map(|(_, v)| v)
                .collect::<Vec<_>>()
        };
        let preverbs = data::pairs(include_str!("../../../data/norm/preverb_stems.tsv"))
            .map(|(p, stems)| (p, stems.split(' ').filter(|s| !s.is_empty()).collect()))
            .collect();
        let mut future_aux: Vec<_> =
            data::lines(include_str!("../../../data/norm/future_aux.txt")).collect();
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
            short_glue: data::lines(include_str!("../../../data/norm/short_glue.txt")).collect(),
            bound_parts: data::pairs(include_str!("../../../data/norm/bound_parts.txt"))
                .map(|(k, p)| (k == "prefix", p))
                .collect(),
            joined_words: {
                let mut w: Vec<_> =
                    data::lines(include_str!("../../../data/norm/joined_words.txt")).collect();
                w.sort_unstable();
                w
            },
            bi_apart: data::lines(include_str!("../../../data/norm/bi_apart.txt")).collect(),
        }
    })
}

/// One analysis of a word written without ZWNJs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Res {
    /// ZWNJ before char i.
    pub(super) mask: u64,
    /// Morpheme boundary before char i (a superset of `mask`: also after non-joining letters).
    pub(super) bounds: u64,
    pub(super) score: i16,
    pub(super) verb: bool,
}

pub(super) fn nchars(s: &str) -> u32 {
    (s.len() / 2) as u32
}

pub(super) fn last_char(s: &str) -> Option<char> {
    s.chars().next_back()
}

/// The bit for a boundary before char `at` of a word whose preceding part is `left`: a ZWNJ
/// only after a joining letter.
pub(super) fn boundary(left: &str, at: u32) -> (u64, u64) {
    if at >= 64 {
        return (0, 0);
    }
    let b = 1u64 << at;
    match last_char(left) {
        Some(c) if !is_non_joining(c) => (b, b),
        _ => (0, b),
    }
}

pub(super) fn from_entry(e: &Entry) -> Option<Res> {
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

pub(super) fn better(a: Option<Res>, b: Option<Res>) -> Option<Res> {
    match (a, b) {
        (Some(x), Some(y)) => Some(if y.score > x.score { y } else { x }),
        (x, None) => x,
        (None, y) => y,
    }
}

/// A stem that takes the clitics after ی: three letters or more, ending in ی but not the
/// ezafe ی after ا or و (جویای، بقایای).
pub(super) fn yeh_stem(stem: &str) -> bool {
    stem.ends_with('ی') && stem.len() >= 6 && !stem.ends_with("ای") && !stem.ends_with("وی")
}

/// Whether an analysis of `stem` with ZWNJs `mask` ends in ای after ه with a ZWNJ before it
/// (دسته‌ای).
pub(super) fn after_heh_ai(stem: &str, mask: u64) -> bool {
    let n = nchars(stem);
    n >= 4
        && stem.ends_with("ای")
        && stem[..stem.len() - 4].ends_with('ه')
        && mask >> (n - 2) & 1 == 1
}

/// Whether `w` is tagged an adjective or adverb in the dictionary (also spelt with ئی).
pub(super) fn adjective(w: &str) -> bool {
    lexicon::get(w).is_some_and(|e| e.adj)
        || w.contains("ئی") && lexicon::get(&w.replace("ئی", "یی")).is_some_and(|e| e.adj)
}

/// Whether `rest` ends in a personal ending of a present or past verb after a stem of at
/// least two letters, and is short enough to be a verb form.
pub(super) fn personal_ending(rest: &str) -> bool {
    // (Verb forms are short: a longer rest is a name, میرزاجواد.)
    rest.len() <= 12
        && ["ند", "ید", "یم", "د", "م", "ی"]
            .iter()
            .any(|e| rest.ends_with(e) && rest.len() >= e.len() + 4)
}

/// Whether `rest` (after می/نمی) is an informal verb form: a stem of the list and an informal
/// ending (گه، دونم، رن).
pub(super) fn informal_verb(rest: &str) -> bool {
    let a = affixes();
    a.informal_endings.iter().any(|e| {
        rest.strip_suffix(e)
            .is_some_and(|stem| a.informal_stems.contains(&stem))
    })
}

/// Whether `v` is a stem of `stems` with a personal ending (or none: the past third person).
pub(super) fn stem_with_ending(v: &str, stems: &[&str]) -> bool {
    ["", "م", "ی", "د", "یم", "ید", "ند"]
        .iter()
        .any(|e| v.strip_suffix(e).is_some_and(|stem| stems.contains(&stem)))
}

/// Whether preverb `p`, written apart, belongs to the verb that follows: `b` is می/نمی and `c`
/// the verb (بر می گردد), or `b` is the verb with its می/نمی (بر می‌گردد، بر میگردد), and the
/// verb's stem is one `p` makes a prefixed verb with (`data/norm/preverb_stems.tsv`).
pub(super) fn preverb_joins(p: &str, b: &str, c: Option<&str>) -> bool {
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
pub(super) fn dictionary_word(w: &str) -> bool {
    lexicon::get(w).is_some_and(|e| e.lemma)
        || w.contains("ئی") && lexicon::get(&w.replace("ئی", "یی")).is_some_and(|e| e.lemma)
}

/// Analyses word `t` (letters only, no ZWNJ): where its ZWNJs go, or `None` if unknown.
pub(super) fn resolve(t: &str, depth: u8) -> Option<Res> {
    resolve_looked_up(t, depth, lexicon::get(t))
}

/// [`resolve`] of `t`, whose lexicon entry (`lexicon::get(t)`) the caller has looked up.
pub(super) fn resolve_looked_up(t: &str, depth: u8, looked_up: Option<Entry>) -> Option<Res> {
    // (آمریکائی is looked up as آمریکایی: the hamza spelling of یی, same length in bytes, so
    // ZWNJ positions carry over.)
    let entry = looked_up.or_else(|| {
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
        // The indefinite or copula ای after ه (دسته‌ای، خسته‌ای) ends a word: no clitic or
        // plural is joined to it (دستهایت is دست‌هایت, not دسته‌ای + ت; دستهایی is
        // دست‌هایی).
        if mode == SufMode::Joined && after_heh_ai(stem, r.mask) {
            continue;
        }
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
pub(super) fn reduplication(t: &str) -> Option<Res> {
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
pub(super) fn after_silent_heh(left: &str, right: &str, depth: u8) -> Option<Res> {
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
