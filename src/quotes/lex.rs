//! The quote stage's word lists (`data/quotes/*.tsv`) and a token-aligned matcher over folded
//! text.
//!
//! Matching folds away what varies in Persian spelling without changing the word: spaces and
//! ZWNJ inside a word (`می گوید`, `می‌گوید`, `میگوید`), Arabic letter variants, hamza seats and
//! diacritics. A phrase matches a run of word tokens whose folded forms concatenate to the
//! folded phrase, so a match always starts and ends on token boundaries.

use crate::hashing::{FastMap, FastSet};
use crate::lexicon;
use crate::Doc;

/// Maps and sets of folded words, looked up for nearly every token several times: hashed
/// with the shared word hasher ([`crate::hashing`]), not SipHash. They hold only the lists'
/// own words (the text looks words up and never inserts any), so no input can crowd their
/// buckets.
type WordMap<V> = FastMap<String, V>;
type WordSet = FastSet<String>;
use std::ops::Range;
use std::sync::OnceLock;

/// What a cue phrase does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CueKind {
    Say,
    Judge,
    Ask,
    Wish,
    WishEnd,
    Sub,
    Source,
    DocCue,
    Aside,
    Trap,
    Connective,
    JudgeAz,
    Claim,
}

impl CueKind {
    fn from_name(s: &str) -> Option<CueKind> {
        Some(match s {
            "say" => CueKind::Say,
            "judge" => CueKind::Judge,
            "ask" => CueKind::Ask,
            "wish" => CueKind::Wish,
            "wish_end" => CueKind::WishEnd,
            "sub" => CueKind::Sub,
            "source" => CueKind::Source,
            "doc" => CueKind::DocCue,
            "aside" => CueKind::Aside,
            "trap" => CueKind::Trap,
            "connective" => CueKind::Connective,
            "judge_az" => CueKind::JudgeAz,
            "claim" => CueKind::Claim,
            _ => return None,
        })
    }
}

/// Classes of words of `data/quotes/words.tsv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WordKind {
    Pronoun,
    Demonstrative,
    Boundary,
    Indefinite,
    Role,
    SpeechNoun,
    Genre,
    DocNoun,
    StopCont,
    /// Titles and ranks from `data/lexicon/titles.tsv`.
    Title,
    /// Head words of organization names from `data/lexicon/titles.tsv`.
    OrgHead,
    Subordinator,
    Discourse,
    ClaimNoun,
    Place,
    FinalVerb,
}

impl WordKind {
    fn from_name(s: &str) -> Option<WordKind> {
        Some(match s {
            "pronoun" => WordKind::Pronoun,
            "demonstrative" => WordKind::Demonstrative,
            "boundary" => WordKind::Boundary,
            "indefinite" => WordKind::Indefinite,
            "role" => WordKind::Role,
            "speech_noun" => WordKind::SpeechNoun,
            "genre" => WordKind::Genre,
            "doc_noun" => WordKind::DocNoun,
            "stop_cont" => WordKind::StopCont,
            "subordinator" => WordKind::Subordinator,
            "org_head" => WordKind::OrgHead,
            "discourse" => WordKind::Discourse,
            "claim_noun" => WordKind::ClaimNoun,
            "place" => WordKind::Place,
            "final_verb" => WordKind::FinalVerb,
            _ => return None,
        })
    }
}

/// Folds a string for matching: drops whitespace, ZWNJ/ZWJ, bidi marks, other format
/// characters, diacritics and tatweel; unifies Arabic letter variants and hamza seats.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let m = match c {
            c if c.is_whitespace() => continue,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => continue,
            '\u{FEFF}' | '\u{00AD}' | '\u{0640}' => continue,
            '\u{064B}'..='\u{065F}' | '\u{0670}' => continue,
            'ي' | 'ى' | 'ئ' => 'ی',
            'ك' => 'ک',
            'ۀ' | 'ة' => 'ه',
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ؤ' => 'و',
            c => c,
        };
        out.push(m);
    }
    out
}

pub(crate) struct Lex {
    cues: WordMap<Vec<CueKind>>,
    /// Folded first words of cue phrases: a name never runs into one.
    cue_heads: WordSet,
    /// Folded given names.
    given: WordSet,
    /// Folded surnames of the shared name list (`data/gazetteers/last_names.txt`).
    surnames: WordSet,
    words: WordMap<Vec<WordKind>>,
    /// Longest phrase, in tokens, worth trying.
    pub max_tokens: usize,
}

/// Third-person forms of a verb given its past and present stems.
fn inflect(past: &str, present: &str) -> Vec<String> {
    let p = past;
    let r = present;
    vec![
        p.to_string(),
        format!("{p}ند"),
        format!("{p}ه"),
        format!("{p}ه است"),
        format!("{p}ه‌اند"),
        format!("{p}ه بود"),
        format!("{p}ه بودند"),
        format!("{p}ه شده"),
        format!("می{p}"),
        format!("می{p}ند"),
        format!("می{r}د"),
        format!("می{r}ند"),
    ]
}

pub(crate) fn lex() -> &'static Lex {
    static L: OnceLock<Lex> = OnceLock::new();
    L.get_or_init(|| {
        let verbs: std::collections::HashMap<String, String> =
            crate::data::pairs(include_str!("../../data/quotes/verbs.tsv"))
                .skip(1)
                .map(|(p, r)| (fold(p), fold(r)))
                .collect();
        let mut cues: WordMap<Vec<CueKind>> = WordMap::default();
        let mut max_tokens = 1;
        let mut cue_heads = WordSet::default();
        for (kind, phrase) in lexicon::cues() {
            let Some(kind) = CueKind::from_name(kind.trim()) else {
                continue;
            };
            let phrase = phrase.trim();
            let words: Vec<&str> = phrase.split([' ', '\u{200C}']).collect();
            max_tokens = max_tokens.max(words.len() + 2);
            let last = fold(words.last().copied().unwrap_or(""));
            let head = fold(&words[..words.len().saturating_sub(1)].concat());
            if let Some(w) = words.first() {
                cue_heads.insert(fold(w));
            }
            let forms: Vec<String> = match verbs.get(&last) {
                Some(present) => inflect(&last, present)
                    .into_iter()
                    .map(|f| format!("{head}{}", fold(&f)))
                    .collect(),
                None => vec![fold(phrase)],
            };
            for f in forms {
                // «از Z خواست» is a request; «می‌خواهد» is a wish of the subject's own.
                if kind == CueKind::Ask && f.starts_with(&format!("{head}می")) {
                    continue;
                }
                let e = cues.entry(f).or_default();
                if !e.contains(&kind) {
                    e.push(kind);
                }
            }
        }
        let mut words: WordMap<Vec<WordKind>> = WordMap::default();
        for (kind, w) in crate::data::pairs(include_str!("../../data/quotes/words.tsv")).skip(1) {
            let Some(kind) = WordKind::from_name(kind.trim()) else {
                continue;
            };
            words.entry(fold(w)).or_default().push(kind);
        }
        // The shared place list (data/PROVENANCE.md): offices belong to places.
        for line in include_str!("../../data/gazetteers/places.txt").lines() {
            let f = fold(line);
            if !f.is_empty() {
                let e = words.entry(f).or_default();
                if !e.contains(&WordKind::Place) {
                    e.push(WordKind::Place);
                }
            }
        }
        for (kind, t) in lexicon::titles() {
            let k = match kind {
                lexicon::TitleKind::Title => WordKind::Title,
                lexicon::TitleKind::Role => WordKind::Role,
                lexicon::TitleKind::OrgHead => WordKind::OrgHead,
                _ => continue,
            };
            words.entry(fold(t)).or_default().push(k);
        }
        let given = crate::data::lines(include_str!("../../data/quotes/given_names.txt"))
            .map(fold)
            .collect();
        let surnames = crate::data::lines(include_str!("../../data/gazetteers/last_names.txt"))
            .map(fold)
            .collect();
        Lex {
            cues,
            cue_heads,
            given,
            surnames,
            words,
            max_tokens,
        }
    })
}

impl Lex {
    pub fn cue_kinds(&self, folded: &str) -> &[CueKind] {
        self.cues.get(folded).map_or(&[], |v| v.as_slice())
    }
    pub fn word_kinds(&self, folded: &str) -> &[WordKind] {
        self.words.get(folded).map_or(&[], |v| v.as_slice())
    }
    pub fn is_cue_head(&self, folded: &str) -> bool {
        self.cue_heads.contains(folded)
    }
    pub fn is_given(&self, folded: &str) -> bool {
        self.given.contains(folded)
    }

    /// Whether a folded word is a surname of the shared name list.
    pub fn is_surname(&self, folded: &str) -> bool {
        self.surnames.contains(folded)
    }
}

/// The document's tokens with their folded forms.
pub(crate) struct Toks {
    pub folded: Vec<String>,
    pub is_word: Vec<bool>,
    /// Sentence index of each token.
    pub sent: Vec<usize>,
}

impl Toks {
    pub fn new(doc: &Doc) -> Toks {
        let text = doc.text();
        let folded = doc
            .tokens
            .iter()
            .map(|t| fold(&text[t.range.clone()]))
            .collect();
        let is_word = doc.tokens.iter().map(|t| t.is_word).collect();
        let mut sent = vec![0; doc.tokens.len()];
        for (si, s) in doc.sentences.iter().enumerate() {
            for t in s.tokens.clone() {
                sent[t] = si;
            }
        }
        Toks {
            folded,
            is_word,
            sent,
        }
    }

    /// Length in tokens of the longest word-class phrase of `kind` starting at token `i`
    /// (within `end`).
    pub fn word_at(&self, i: usize, end: usize, kind: WordKind) -> Option<usize> {
        let l = lex();
        let mut key = String::new();
        let mut best = None;
        for j in i..end.min(i + 4) {
            if !self.is_word[j] {
                break;
            }
            key.push_str(&self.folded[j]);
            if l.word_kinds(&key).contains(&kind) {
                best = Some(j + 1 - i);
            }
        }
        best
    }

    pub fn is(&self, i: usize, kind: WordKind) -> bool {
        self.is_word[i] && lex().word_kinds(&self.folded[i]).contains(&kind)
    }
}

/// A cue phrase found in the text: tokens `start..end`.
#[derive(Clone, Debug)]
pub(crate) struct CueMatch {
    pub start: usize,
    pub end: usize,
    pub kinds: Vec<CueKind>,
}

impl CueMatch {
    pub fn has(&self, k: CueKind) -> bool {
        self.kinds.contains(&k)
    }

    /// Whether the match is an attribution cue (not an aside, trap or connective, nor only
    /// the verb that closes «خواستار … شد»).
    pub fn is_cue(&self) -> bool {
        !self.has(CueKind::Aside)
            && !self.has(CueKind::Trap)
            && !self.has(CueKind::Connective)
            && self.kinds.iter().any(|k| *k != CueKind::WishEnd)
    }
}

/// The matches of `cues` (as [`find_cues`] returns them: sorted by start, at most one per
/// token) that start at a token of `r`: a binary search, so that a stage asking about a
/// sentence or a token does not read the whole document's cues.
pub(crate) fn cues_in(cues: &[CueMatch], r: Range<usize>) -> &[CueMatch] {
    let lo = cues.partition_point(|m| m.start < r.start);
    let hi = cues.partition_point(|m| m.start < r.end).max(lo);
    &cues[lo..hi]
}

/// Whether an attribution cue ([`CueMatch::is_cue`]) starts at token `j`.
pub(crate) fn cue_at(cues: &[CueMatch], j: usize) -> bool {
    cues_in(cues, j..j + 1).iter().any(CueMatch::is_cue)
}

/// All cue matches, longest first at each position; where matches overlap, asides and traps
/// win over cues (so `سخن می‌گفت` and `گفت‌وگو` hide `گفت`), then the longer match.
pub(crate) fn find_cues(toks: &Toks) -> Vec<CueMatch> {
    let l = lex();
    let n = toks.folded.len();
    let mut cands: Vec<CueMatch> = Vec::new();
    for i in 0..n {
        if !toks.is_word[i] {
            continue;
        }
        let mut key = String::new();
        let mut best: Option<CueMatch> = None;
        for j in i..n.min(i + l.max_tokens) {
            if !toks.is_word[j] || toks.sent[j] != toks.sent[i] {
                break;
            }
            key.push_str(&toks.folded[j]);
            let kinds = l.cue_kinds(&key);
            if !kinds.is_empty() {
                best = Some(CueMatch {
                    start: i,
                    end: j + 1,
                    kinds: kinds.to_vec(),
                });
            }
        }
        if let Some(b) = best {
            cands.push(b);
        }
    }
    let strong =
        |m: &CueMatch| m.has(CueKind::Trap) || m.has(CueKind::Aside) || m.has(CueKind::Connective);
    let mut out: Vec<CueMatch> = Vec::new();
    for c in cands {
        let mut drop_new = false;
        // Candidates come by start and span at most `max_tokens`: only matches starting
        // that close before `c` can overlap it, so only that tail of `out` is read.
        let near = out
            .iter()
            .rposition(|o| o.start + l.max_tokens <= c.start)
            .map_or(0, |k| k + 1);
        let mut tail = out.split_off(near);
        tail.retain(|o| {
            let overlap = o.start < c.end && c.start < o.end;
            if !overlap {
                return true;
            }
            let keep_old = strong(o) || (!strong(&c) && o.end - o.start >= c.end - c.start);
            if keep_old {
                drop_new = true;
            }
            keep_old
        });
        out.append(&mut tail);
        if !drop_new {
            out.push(c);
        }
    }
    out
}
