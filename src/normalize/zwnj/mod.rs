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

mod analysis;
mod cache;
mod news;

use analysis::*;
use cache::*;
pub use news::splitter_mask;
use news::*;

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
        // The common case, a letter other than ء inside a word: one table lookup.
        if let (Some(w), Some(k)) = (cur.as_mut(), super::chars::arabic_index(b, i)) {
            if k != 0x21 && LETTER2[k] {
                w.end = i + 2;
                i += 2;
                continue;
            }
        }
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
            // The part after the split gets the ZWNJs it gets as a word of its own
            // (`بامیره` → `با می‌ره`, not `با میره`, which a second run would change).
            if zwnj_on {
                let tail = &word[p..];
                if let Some(r) = known(tail).res {
                    let skip = joined_by_style(tail, r.mask, style);
                    push_mask(edits, start + p, r.mask, 1 | skip);
                }
            }
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
    // (Each part is looked up once: this runs on every word seen for the first time that no
    // analysis explains.)
    let weight = |e: Option<Entry>| e.map_or(0, |e| e.joined as i16);
    let el_verb = |e: Option<Entry>| e.is_some_and(|e| e.verb);
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
        if short(l) || short(r) {
            continue;
        }
        let el = lexicon::get(l);
        if weight(el) < MIN_GLUE_PAIR {
            continue;
        }
        let er = lexicon::get(r);
        if weight(er) < MIN_GLUE_PAIR {
            continue;
        }
        // A verb form is a prefixed or inflected verb the lexicon lacks (بیاورد، بردارد،
        // درداده), and a preverb other than the preposition در starts one (بازتعریف).
        if el_verb(el) || el_verb(er) || a.preverbs.iter().any(|p| p.0 == l && l != "در") {
            continue;
        }
        // Two parts that the lexicon's compounds put on either side of a ZWNJ (نیمه‌ابری،
        // دانه‌دانه، هم‌حسی) may be a compound whose ZWNJ was stripped: not split.
        // (A function word or pronoun, وی، در, is no compound's part.)
        let function = a.short_glue.contains(&l) || a.short_glue.contains(&r);
        if !function && el.is_some_and(|e| e.first) && er.is_some_and(|e| e.second) {
            continue;
        }
        let w = weight(el).min(weight(er));
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
    let ks: Vec<Known> = known_all(
        ws.iter()
            .map(|w| (!w.has_zwnj).then(|| &text[w.start..w.end])),
    );
    // A text that writes affixes apart (می رود، سال ها، خانه ای; a free ای or اند after
    // another word is a word of its own) writes compounds apart too: only
    // there are two words joined because the lexicon spells them as one. In other text a
    // space between two words is taken as meant (ای کاش، هیچ وقت). The style is a line's
    // (lines of one text may come from different writers), or the whole text's when it
    // writes most of its affixes apart: at least three free ones, and no more attached ones
    // (written with a ZWNJ, or joined where a ZWNJ belongs).
    // `prev`: the word before, when only spaces (no line break) stand between them.
    let free = |prev: Option<&str>, k: &Known| {
        let after = |c: char| prev.is_some_and(|p| p.ends_with(c));
        match k.suffix {
            Some(SufMode::Zwnj) => true,
            Some(SufMode::Heh) => after('ه'),
            Some(SufMode::Yeh) => after('ی'),
            _ => k.prefix == Some(true),
        }
    };
    let attached = |has_zwnj: bool, k: &Known| has_zwnj || k.res.is_some_and(|r| r.mask != 0);
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
            let w = &ws[i];
            let prev = (i > 0 && ws[i - 1].end < w.start && !new_line)
                .then(|| &text[ws[i - 1].start..ws[i - 1].end]);
            // A glued word this pass splits is judged as the two words it becomes, so that
            // the line's style reads the same when the output is normalized again
            // (`جمهورنمی` → `جمهور نمی`: a free نمی).
            let split = ks[i]
                .glue
                .filter(|_| split_on)
                .map(|p| w.start + p as usize);
            let parts = match split {
                Some(p) => [
                    Some((prev, known(&text[w.start..p]))),
                    Some((Some(&text[w.start..p]), known(&text[p..w.end]))),
                ],
                None => [Some((prev, ks[i])), None],
            };
            for (prev, k) in parts.into_iter().flatten() {
                if free(prev, &k) {
                    spaced[i] = true;
                    n_free += 1;
                } else if attached(w.has_zwnj, &k) {
                    n_attached += 1;
                }
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
            if let Some(at) = edits[n..].iter().position(|e| e.kind == EditKind::Split) {
                word = &text[edits[n + at].range.start..w.end];
                // The tail as the next run reads it: with its ZWNJs it is not looked up.
                has_zwnj = edits.len() > n + at + 1;
                ka = if has_zwnj { Known::NONE } else { known(word) };
                // A join across the gap before reached the head, not this tail (`ال
                // هاینمی م` → `ال‌های نمی‌م`: the free نمی still joins its verb, as a second
                // run would join it).
                merged.clear();
                prev_zwnj = false;
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
            // A glued next word is judged as it will read once split: its first part, then
            // its tail (`در میآمیزبا` → `درمی‌آمیز با`, as a second run would join it).
            let glued = ks[i + 1]
                .glue
                .filter(|_| split_on)
                .map(|p| next.start + p as usize);
            let (nb, nafter) = match glued {
                Some(p) => (&text[next.start..p], Some(&text[p..next.end])),
                None => (
                    &text[next.start..next.end],
                    after.map(|c| &text[c.start..c.end]),
                ),
            };
            if zwnj_on
                && !has_zwnj
                && &text[w.end..next.start] == " "
                && preverb_joins(word, nb, nafter)
            {
                // A preverb written apart (بر می گردد): joined to its verb (it ends in a
                // non-joining letter, so without a ZWNJ).
                edits.push(Edit::new(w.end..next.start, "", EditKind::Zwnj));
                glue_next = true;
            } else if zwnj_on && !next.has_zwnj && &text[w.end..next.start] == " " {
                let (b, kb) = (nb, glued.map_or(ks[i + 1], |_| known(nb)));
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
