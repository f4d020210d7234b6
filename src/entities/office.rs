//! Office knowledge for the person resolver: an office phrase taken apart into its head
//! (spelling variants folded), the states that own it and its other complements, and how two
//! office mentions fit. The lists are in `data/lexicon/offices.tsv`.

use super::features::lookup_form;
use super::rules::{Kind, Phrases};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

pub(super) fn flat(s: &str) -> String {
    lookup_form(s).replace('ئ', "ی")
}

pub(super) fn flat_words(s: &str) -> Vec<String> {
    s.split([' ', '\u{200C}'])
        .filter(|w| !w.is_empty())
        .map(flat)
        .filter(|w| !w.is_empty())
        .collect()
}

/// `data/lexicon/offices.tsv`, in flat form.
pub struct OfficeLex {
    variant: HashMap<String, String>,
    filler: HashSet<String>,
    post: HashSet<String>,
    /// Office heads held at a posting (`سفیر`, `نماینده`).
    posted: HashSet<String>,
    /// Head words of bodies an office belongs to.
    body: HashSet<String>,
    /// Honorifics of the people bodies are named after (`حضرت`, `شهید`).
    pub(super) namesake: HashSet<String>,
    /// Flat term → owning state key; terms up to `owner_max` words.
    pub(super) owner: HashMap<String, String>,
    owner_max: usize,
    /// The owner of an office named without one (kind `home`).
    pub(super) home: Vec<String>,
}

impl OfficeLex {
    pub fn builtin() -> &'static OfficeLex {
        office_lex()
    }

    /// Whether a flat word (as [`lookup_form`] gives it) names a state owning an office.
    pub fn is_owner(&self, flat_word: &str) -> bool {
        self.owner.contains_key(&flat_word.replace('ئ', "ی"))
    }

    /// Whether a flat word heads a body an office belongs to (`حزب`, `فدراسیون`).
    pub fn is_body(&self, flat_word: &str) -> bool {
        self.body.contains(&flat_word.replace('ئ', "ی"))
    }

    /// Whether a flat word introduces an office's posting (`در`).
    pub fn is_post(&self, flat_word: &str) -> bool {
        self.post.contains(&flat_word.replace('ئ', "ی"))
    }

    /// Whether an office head (its flat words) is held at a posting.
    pub fn posted(&self, head: &[String]) -> bool {
        let h = head.concat().replace('ئ', "ی");
        self.posted.contains(self.variant.get(&h).unwrap_or(&h))
    }
}

pub(super) fn office_lex() -> &'static OfficeLex {
    static L: OnceLock<OfficeLex> = OnceLock::new();
    L.get_or_init(|| {
        let mut l = OfficeLex {
            variant: HashMap::new(),
            filler: HashSet::new(),
            post: HashSet::new(),
            posted: HashSet::new(),
            body: HashSet::new(),
            namesake: HashSet::new(),
            owner: HashMap::new(),
            owner_max: 1,
            home: Vec::new(),
        };
        for line in crate::data::lines(include_str!("../../data/lexicon/offices.tsv")) {
            let mut f = line.split('\t');
            let (Some(kind), Some(term)) = (f.next(), f.next()) else {
                continue;
            };
            let canon = f.next().unwrap_or("");
            let key: String = flat_words(term).concat();
            match kind {
                "variant" => {
                    l.variant.insert(key, flat_words(canon).concat());
                }
                "filler" => {
                    l.filler.insert(key);
                }
                "post" => {
                    l.post.insert(key);
                }
                "posted" => {
                    l.posted.insert(key);
                }
                "body" => {
                    l.body.insert(key);
                }
                "namesake" => {
                    l.namesake.insert(key);
                }
                "home" => {
                    l.home = vec![key];
                }
                "owner" => {
                    l.owner_max = l.owner_max.max(flat_words(term).len());
                    l.owner.insert(key, flat_words(canon).concat());
                }
                _ => {}
            }
        }
        l
    })
}

/// An office phrase taken apart: `وزیر امور خارجه آمریکا` → head `وزیرخارجه`, owner
/// {`آمریکا`}; `نماینده ایران در سازمان ملل` → head `نماینده`, owner {`ایران`}, complements
/// [`سازمانملل`].
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Office {
    pub(super) head: String,
    /// States or bodies that own the office (named before a posting word such as `در`).
    pub(super) owner: Vec<String>,
    /// Other content words, flat.
    pub(super) comps: Vec<String>,
}

impl Office {
    pub(super) fn parse(words: &[String]) -> Office {
        let lex = office_lex();
        let p = Phrases::builtin();
        let n = match p.at(words, 0) {
            Some((n, Kind::Role)) => n,
            _ => 1.min(words.len()),
        };
        let head: String = words[..n].concat();
        let head = lex.variant.get(&head).cloned().unwrap_or(head);
        let mut o = Office {
            head,
            ..Office::default()
        };
        let mut posted = false;
        let mut i = n;
        while i < words.len() {
            if lex.post.contains(&words[i]) {
                posted = true;
                i += 1;
                continue;
            }
            let owner = (1..=lex.owner_max.min(words.len() - i))
                .rev()
                .find_map(|l| lex.owner.get(&words[i..i + l].concat()).map(|k| (l, k)));
            if let Some((l, k)) = owner {
                if posted {
                    o.comps.push(k.clone());
                } else if !o.owner.contains(k) {
                    o.owner.push(k.clone());
                }
                i += l;
                continue;
            }
            if !lex.filler.contains(&words[i]) {
                o.comps.push(words[i].clone());
            }
            i += 1;
        }
        o
    }

    /// Whether the offices belong to different states.
    pub(super) fn owner_clash(&self, other: &Office) -> bool {
        !self.owner.is_empty()
            && !other.owner.is_empty()
            && !self.owner.iter().any(|w| other.owner.contains(w))
    }

    /// How well two mentions can name one office: `None` when they cannot (another head,
    /// another state, complements that do not fit), else 0.5..1.
    pub(super) fn compat(&self, other: &Office) -> Option<f32> {
        if self.head != other.head || self.owner_clash(other) {
            return None;
        }
        let (short, long) = if self.comps.len() <= other.comps.len() {
            (&self.comps, &other.comps)
        } else {
            (&other.comps, &self.comps)
        };
        let run = long.concat();
        let fits = |w: &String| {
            long.contains(w)
                || run.contains(w.as_str())
                || long.iter().any(|l| shared_prefix(l, w) >= 4)
        };
        let frac = if short.is_empty() {
            1.0
        } else {
            short.iter().filter(|w| fits(w)).count() as f32 / short.len() as f32
        };
        if frac < 0.5 {
            return None;
        }
        let same_owner = !self.owner.is_empty() && !other.owner.is_empty();
        Some((0.5 + 0.4 * frac + if same_owner { 0.1 } else { 0.0 }).min(1.0))
    }
}

/// The states owning an office phrase (`نماینده آمریکا در …` → [`آمریکا`]), as keys of
/// `data/lexicon/offices.tsv`.
pub fn office_owners(office: &str) -> Vec<String> {
    Office::parse(&flat_words(office)).owner
}

/// The owning-state key a place or body name stands for (`واشنگتن` → `آمریکا`), if any.
pub fn owner_key(name: &str) -> Option<String> {
    office_lex().owner.get(&flat_words(name).concat()).cloned()
}

fn shared_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}
