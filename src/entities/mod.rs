//! Entities: mentions of people, organizations, places, events, roles, dates and amounts, and
//! clusters of mentions that name the same real-world entity.
//!
//! The stage runs sentence by sentence over the document's tokens:
//! 1. the learned tagger ([`tagger`], behind the `model` feature) proposes spans from two label
//!    heads (PEYMA's types, then ARMAN's FAC/PRO/EVE and anything PEYMA's head left untagged);
//!    without the model, the gazetteers propose places and organizations;
//! 2. [`rules`] extend and add spans (titles, roles, head words, numeric grammar);
//! 3. [`cluster`] groups the mentions.

pub mod cluster;
mod edges;
pub mod features;
pub mod net;
mod office;
pub mod rules;
pub mod tagger;
mod viterbi;
mod weights;

use crate::Doc;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Entity types. PEYMA and ARMAN types map onto these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    Per,
    Org,
    Loc,
    Fac,
    Eve,
    Pro,
    Role,
    Dat,
    Tim,
    Mon,
    Pct,
    Num,
}

impl EntityType {
    pub fn name(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Fac => "FAC",
            EntityType::Eve => "EVE",
            EntityType::Pro => "PRO",
            EntityType::Role => "ROLE",
            EntityType::Dat => "DAT",
            EntityType::Tim => "TIM",
            EntityType::Mon => "MON",
            EntityType::Pct => "PCT",
            EntityType::Num => "NUM",
        }
    }
}

/// Where a mention came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Model,
    Gazetteer,
    Rule,
}

/// One mention: a span of the normalized text.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub range: Range<usize>,
    pub kind: EntityType,
    pub source: Source,
    pub score: f32,
}

/// Mentions of one real-world entity.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    pub kind: EntityType,
    /// The canonical name: the fullest name mention, without titles and ranks.
    pub canonical: String,
    /// Indexes into the mention list, in text order.
    pub mentions: Vec<usize>,
}

/// Entities found in a document.
#[derive(Clone, Debug, Default)]
pub struct Entities {
    /// Sorted by start, non-overlapping.
    pub mentions: Vec<Mention>,
    pub clusters: Vec<Cluster>,
    /// For each mention, its cluster index.
    pub cluster_of: Vec<Option<usize>>,
    /// For each mention, how sure its link to its cluster is (0..1; 1 for the mention that
    /// opens a cluster). See [`cluster`].
    pub link_score: Vec<f32>,
}

impl Entities {
    /// Indices of the mentions that overlap byte range `r` of the normalized text (for an
    /// empty `r`, those that hold `r.start` strictly inside), in text order. Mentions are
    /// sorted and disjoint, so this is a binary search: the quote stage asks it per speaker.
    pub fn overlapping(&self, r: &Range<usize>) -> Range<usize> {
        let lo = self.mentions.partition_point(|m| m.range.end <= r.start);
        let hi = self.mentions.partition_point(|m| m.range.start < r.end);
        lo..hi.max(lo)
    }

    /// Indices of the mentions that start inside byte range `r`, in text order.
    pub fn starting_in(&self, r: &Range<usize>) -> Range<usize> {
        let lo = self.mentions.partition_point(|m| m.range.start < r.start);
        let hi = self.mentions.partition_point(|m| m.range.start < r.end);
        lo..hi.max(lo)
    }
}

/// A label head of the learned tagger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Head {
    /// Trained on PEYMA: PER ORG LOC DAT TIM MON PCT.
    Peyma,
    /// Trained on ARMAN: PER ORG LOC FAC PRO EVE.
    Arman,
}

/// Tags pre-split tokens with one head of the learned tagger: per token, its type and whether
/// it begins a span. `None` when the model is not built in.
pub fn tag_tokens(tokens: &[&str], head: Head) -> Option<Vec<Option<(EntityType, bool)>>> {
    let model = tagger::builtin()?;
    let h = match head {
        Head::Peyma => 0,
        Head::Arman => 1,
    };
    let prepared = features::Prepared::new(tokens, features::Lexicons::builtin());
    let labels = model.tag(h, &prepared);
    Some(
        labels
            .iter()
            .map(|&l| model.heads[h].label_type(l))
            .collect(),
    )
}

/// Per token of a sentence: its type and whether it begins a span.
pub type TokenTags = Vec<Option<(EntityType, bool)>>;

/// Sentences before and after a sentence that make its document for the tagger's second
/// pass (see [`tagger::Model::tag_doc`]) when the input has no document boundaries (`negah
/// tag`); the training command uses the same window.
pub const DOC_WINDOW: usize = 20;

/// Tags the pre-split sentences of a document (consecutive sentences, e.g. an article) with
/// one head in two passes ([`tagger::Model::tag_doc`], window [`DOC_WINDOW`]). `None` when
/// the model is not built in.
pub fn tag_sentences(sentences: &[Vec<&str>], head: Head) -> Option<Vec<TokenTags>> {
    let model = tagger::builtin()?;
    let h = match head {
        Head::Peyma => 0,
        Head::Arman => 1,
    };
    let lex = features::Lexicons::builtin();
    let prepared: Vec<features::Prepared> = sentences
        .iter()
        .map(|s| features::Prepared::new(s, lex))
        .collect();
    Some(
        model
            .tag_doc(&[h], &[true], &prepared, DOC_WINDOW)
            .into_iter()
            .map(|mut labels| {
                labels
                    .pop()
                    .unwrap_or_default()
                    .iter()
                    .map(|&l| model.heads[h].label_type(l))
                    .collect()
            })
            .collect(),
    )
}

/// [`tag_sentences`] followed by the rules of `set` on each sentence; spans back as labels.
pub fn tag_sentences_with_rules(
    sentences: &[Vec<&str>],
    head: Head,
    set: rules::RuleSet,
) -> Option<Vec<TokenTags>> {
    Some(
        sentences
            .iter()
            .zip(tag_sentences(sentences, head)?)
            .map(|(tokens, labels)| apply_rules(tokens, labels, set))
            .collect(),
    )
}

/// [`tag_tokens`] followed by the rules of `set` on the given tokens; spans back as labels.
pub fn tag_tokens_with_rules(
    tokens: &[&str],
    head: Head,
    set: rules::RuleSet,
) -> Option<Vec<Option<(EntityType, bool)>>> {
    let labels = tag_tokens(tokens, head)?;
    Some(apply_rules(tokens, labels, set))
}

fn apply_rules(
    tokens: &[&str],
    labels: Vec<Option<(EntityType, bool)>>,
    set: rules::RuleSet,
) -> Vec<Option<(EntityType, bool)>> {
    let flats: Vec<String> = tokens.iter().map(|t| features::lookup_form(t)).collect();
    let is_word: Vec<bool> = tokens
        .iter()
        .map(|t| t.chars().any(char::is_alphanumeric))
        .collect();
    let spans = rules::apply_with(
        &rules::Sentence::new(&flats, &is_word),
        label_spans(&labels),
        set,
    );
    let mut out = vec![None; tokens.len()];
    for sp in spans {
        for (k, o) in out[sp.start..sp.end].iter_mut().enumerate() {
            *o = Some((sp.kind, k == 0));
        }
    }
    out
}

/// Spans of a label sequence (token indices).
fn label_spans(labels: &[Option<(EntityType, bool)>]) -> Vec<rules::Span> {
    let mut out: Vec<rules::Span> = Vec::new();
    for (i, l) in labels.iter().enumerate() {
        if let Some((k, begin)) = *l {
            match out.last_mut() {
                Some(sp) if !begin && sp.end == i && sp.kind == k => sp.end = i + 1,
                _ => out.push(rules::Span {
                    start: i,
                    end: i + 1,
                    kind: k,
                    source: Source::Model,
                    score: 0.9,
                }),
            }
        }
    }
    out
}

/// Spans proposed for one sentence before the rules: the tagger's (`tags`: labels of both
/// heads from [`tagger::Model::tag_doc`]), or the gazetteers'.
fn proposals(tags: Option<&[Vec<tagger::Label>]>, flats: &[String]) -> Vec<rules::Span> {
    if let (Some(model), Some(tags)) = (tagger::builtin(), tags) {
        let typed = |h: usize| -> Vec<Option<(EntityType, bool)>> {
            tags[h]
                .iter()
                .map(|&l| model.heads[h].label_type(l))
                .collect()
        };
        let mut spans = label_spans(&typed(0));
        // From ARMAN's head only the types PEYMA lacks: its organizations include
        // nationality adjectives (`ایرانی`), which are not names of organizations.
        for sp in label_spans(&typed(1)) {
            let extra = matches!(sp.kind, EntityType::Fac | EntityType::Pro | EntityType::Eve);
            if extra && !spans.iter().any(|o| o.start < sp.end && sp.start < o.end) {
                spans.push(rules::Span { score: 0.7, ..sp });
            }
        }
        spans.sort_by_key(|s| s.start);
        return spans;
    }
    let refs: Vec<&str> = flats.iter().map(String::as_str).collect();
    let flags = features::Lexicons::builtin().flags(&refs);
    let mut labels = vec![None; flags.len()];
    for (i, f) in flags.iter().enumerate() {
        use features::gaz::*;
        labels[i] = if f & PLACE_B != 0 {
            Some((EntityType::Loc, true))
        } else if f & PLACE_I != 0 {
            Some((EntityType::Loc, false))
        } else if f & ORG_B != 0 {
            Some((EntityType::Org, true))
        } else if f & ORG_I != 0 {
            Some((EntityType::Org, false))
        } else {
            None
        };
    }
    // People from the name lists: given names followed by a listed surname or by a word
    // with a surname ending (`data/gazetteers/surname_suffixes.txt`).
    let suffixes: Vec<&str> =
        crate::data::lines(include_str!("../../data/gazetteers/surname_suffixes.txt")).collect();
    let stop = |i: usize| rules::Phrases::builtin().is_stop(&flats[i]);
    let mut i = 0;
    while i < flags.len() {
        use features::gaz::*;
        // Titles (`سرتیپ`) are in the given-name list too; the title rules handle them.
        if flags[i] & FIRST == 0 || flags[i] & TITLE != 0 || labels[i].is_some() || stop(i) {
            i += 1;
            continue;
        }
        // Given names, then a surname from the list or with a surname ending.
        let mut j = i + 1;
        while j < flags.len() && j < i + 3 && flags[j] & FIRST != 0 && flags[j] & LAST == 0 {
            j += 1;
        }
        let listed = |j: usize| flags[j] & LAST != 0;
        let ending = |j: usize| {
            flats[j].chars().count() > 3 && suffixes.iter().any(|s| flats[j].ends_with(s))
        };
        if j < flags.len() && !stop(j) && (listed(j) || ending(j)) {
            j += 1;
        }
        let surname = j > i + 1
            && (flags[j - 1] & LAST != 0 || !flats[j - 1].is_empty() && flags[j - 1] & FIRST == 0);
        if surname && labels[i..j].iter().all(Option::is_none) {
            labels[i] = Some((EntityType::Per, true));
            for l in &mut labels[i + 1..j] {
                *l = Some((EntityType::Per, false));
            }
        }
        i = j;
    }
    label_spans(&labels)
        .into_iter()
        .map(|s| rules::Span {
            source: Source::Gazetteer,
            score: 0.5,
            ..s
        })
        .collect()
}

/// Trims a span to clean edges: no punctuation at either end, and no unbalanced guillemet
/// inside (`نشریه آلمانی «اشپیگل` becomes `اشپیگل`: the name is what the marks enclose).
fn tidy(mut sp: rules::Span, words: &[&str], is_word: &[bool]) -> Option<rules::Span> {
    let open = (sp.start..sp.end).find(|&k| words[k] == "«");
    let close = (sp.start..sp.end).find(|&k| words[k] == "»");
    match (open, close) {
        (Some(o), None) => sp.start = o + 1,
        (None, Some(c)) => sp.end = c,
        (Some(o), Some(c)) if c < o => sp.start = o + 1,
        // Words outside a quoted name are a description of it (`وبگاه «جروزالم‌پست»`).
        (Some(o), Some(c)) if o > sp.start || c + 1 < sp.end => (sp.start, sp.end) = (o + 1, c),
        _ => {}
    }
    while sp.start < sp.end && !is_word[sp.start] {
        sp.start += 1;
    }
    while sp.end > sp.start && !is_word[sp.end - 1] {
        sp.end -= 1;
    }
    (sp.start < sp.end).then_some(sp)
}

/// Finds entities in `doc`.
pub fn recognize(doc: &Doc) -> Entities {
    let text = doc.text();
    let mut mentions = Vec::new();
    let sents: Vec<&[crate::segment::Token]> = doc
        .sentences
        .iter()
        .map(|s| &doc.tokens[s.tokens.clone()])
        .filter(|toks| !toks.is_empty() && !doc.skipped(toks[0].range.start))
        .collect();
    let words =
        |k: usize| -> Vec<&str> { sents[k].iter().map(|t| &text[t.range.clone()]).collect() };
    let mut sentence = |k: usize, tags: Option<&[Vec<tagger::Label>]>| {
        let (toks, words) = (sents[k], words(k));
        let flats: Vec<String> = words.iter().map(|w| features::lookup_form(w)).collect();
        let is_word: Vec<bool> = toks.iter().map(|t| t.is_word).collect();
        let mut proposed = proposals(tags, &flats);
        edges::before_rules(&flats, &mut proposed);
        let spans = rules::apply(&rules::Sentence::new(&flats, &is_word), proposed);
        for sp in edges::after_rules(&flats, &is_word, spans) {
            let Some(sp) = tidy(sp, &words, &is_word) else {
                continue;
            };
            mentions.push(Mention {
                range: toks[sp.start].range.start..toks[sp.end - 1].range.end,
                kind: sp.kind,
                source: sp.source,
                score: sp.score,
            });
        }
    };
    // The article is the document of the tagger's second pass (window [`DOC_WINDOW`]), run
    // for PEYMA's head only: ARMAN's adds only its FAC/PRO/EVE spans, and a second pass
    // for it would cost a fifth of the stage's speed. Sentences go through the tagger and
    // the rules one at a time, so memory does not grow with the text.
    match tagger::builtin() {
        Some(model) => {
            let lex = features::Lexicons::builtin();
            model.tag_doc_with(
                &[0, 1],
                &[true, false],
                DOC_WINDOW,
                sents.len(),
                |k| features::Prepared::new(&words(k), lex),
                |k, tags| sentence(k, Some(&tags)),
            );
        }
        None => (0..sents.len()).for_each(|k| sentence(k, None)),
    }
    mentions.sort_by_key(|m| m.range.start);
    persons_in_apposition(text, &mut mentions);
    let (clusters, cluster_of, link_score) = cluster::cluster(doc, &mentions);
    Entities {
        mentions,
        clusters,
        cluster_of,
        link_score,
    }
}

/// The quote stage's given names (foreign names as Persian news writes them,
/// `data/quotes/given_names.txt`), in flat form: the gazetteer's list is mostly Persian.
fn given_names() -> &'static std::collections::HashSet<String> {
    static G: std::sync::OnceLock<std::collections::HashSet<String>> = std::sync::OnceLock::new();
    G.get_or_init(|| {
        crate::data::lines(include_str!("../../data/quotes/given_names.txt"))
            .map(features::lookup_form)
            .collect()
    })
}

/// A name the tagger typed as an organization or place but that stands in apposition to an
/// office (`دولت «آنگلا مرکل» صدراعظم آلمان`) is a person when its first word is a given name
/// of the name lists: only people hold offices.
fn persons_in_apposition(text: &str, mentions: &mut [Mention]) {
    let lex = features::Lexicons::builtin();
    let heads = rules::Phrases::builtin();
    for i in 0..mentions.len().saturating_sub(1) {
        let (m, next) = (&mentions[i], &mentions[i + 1]);
        if !matches!(m.kind, EntityType::Org | EntityType::Loc) || next.kind != EntityType::Role {
            continue;
        }
        let gap = text.get(m.range.end..next.range.start).unwrap_or("x");
        let gap = gap.trim().trim_matches(['»', '"', '”']).trim();
        if !matches!(gap, "" | "،" | ",") {
            continue;
        }
        let flats: Vec<String> = text[m.range.clone()]
            .split_whitespace()
            .map(features::lookup_form)
            .collect();
        let refs: Vec<&str> = flats.iter().map(String::as_str).collect();
        let given = lex
            .flags(&refs[..1.min(refs.len())])
            .first()
            .is_some_and(|f| f & features::gaz::FIRST != 0)
            || refs.first().is_some_and(|w| given_names().contains(*w));
        let org_word = (0..flats.len()).any(|k| heads.at(&flats, k).is_some());
        if given && (2..=3).contains(&flats.len()) && !org_word {
            mentions[i].kind = EntityType::Per;
        }
    }
}
