//! `negah tag --conll`: entity tags for pre-tokenized text, in a corpus' IOB2 tag set.
//!
//! The tokens are tagged as given (the learned tagger reads the token list directly, so the
//! output stays aligned with the input line for line); the label head trained on the corpus
//! of the scheme is used. Without the learned model (`--no-default-features`) the sentence is
//! joined and run through the rule and gazetteer stage instead.
//!
//! The rules of `analyze` are off here: the corpora have their own span conventions, and the
//! head-word and numeric rules measured slightly lower on both dev sets (docs/entities.md).
//! The environment variables `NEGAH_HEADS` and `NEGAH_NUMERIC` switch them on, to repeat
//! that measurement.

use super::Scheme;
use negah::conll;
use negah::entities::{self, EntityType};
use negah::{Doc, NormOptions};

/// The tag a type gets in `scheme`, or `None` when the corpus has no such type.
fn label(kind: EntityType, scheme: Scheme) -> Option<&'static str> {
    match scheme {
        Scheme::Peyma => match kind {
            EntityType::Per => Some("PER"),
            EntityType::Org => Some("ORG"),
            EntityType::Loc => Some("LOC"),
            EntityType::Dat => Some("DAT"),
            EntityType::Tim => Some("TIM"),
            EntityType::Mon => Some("MON"),
            EntityType::Pct => Some("PCT"),
            _ => None,
        },
        Scheme::Arman => match kind {
            EntityType::Per => Some("pers"),
            EntityType::Org => Some("org"),
            EntityType::Loc => Some("loc"),
            EntityType::Fac => Some("fac"),
            EntityType::Pro => Some("pro"),
            EntityType::Eve => Some("event"),
            _ => None,
        },
    }
}

/// Tags every sentence of `input` (one token per line, first column) and writes
/// `token<TAB>TAG` lines, blank lines kept. The input is read as one run of consecutive
/// sentences: the tagger's second pass looks at the sentences around each one
/// (`entities::DOC_WINDOW`).
pub fn tag_conll(input: &str, scheme: Scheme) -> String {
    let c = conll::read(input);
    let head = match scheme {
        Scheme::Peyma => entities::Head::Peyma,
        Scheme::Arman => entities::Head::Arman,
    };
    let set = entities::rules::RuleSet {
        titles: false,
        roles: false,
        heads: std::env::var("NEGAH_HEADS").is_ok(),
        numeric: std::env::var("NEGAH_NUMERIC").is_ok(),
    };
    let tagged: Vec<Vec<Option<(EntityType, bool)>>> =
        match entities::tag_sentences_with_rules(&c.sentences, head, set) {
            Some(t) => t,
            None => c.sentences.iter().map(|s| tag_by_rules(s)).collect(),
        };
    let labels: Vec<Vec<Option<(&str, bool)>>> = tagged
        .into_iter()
        .map(|tags| {
            tags.into_iter()
                .map(|t| t.and_then(|(k, b)| label(k, scheme).map(|l| (l, b))))
                .collect()
        })
        .collect();
    conll::write(&c, &labels)
}

/// Tags by the full entity stage over the joined sentence (the build without the model).
fn tag_by_rules(sentence: &[&str]) -> Vec<Option<(EntityType, bool)>> {
    let mut text = String::new();
    let mut starts = Vec::with_capacity(sentence.len());
    for t in sentence.iter() {
        if !text.is_empty() {
            text.push(' ');
        }
        starts.push(text.len());
        text.push_str(t);
    }
    let doc = Doc::new(&text, &NormOptions::default());
    let ents = entities::recognize(&doc);
    let mut tags = vec![None; sentence.len()];
    for m in &ents.mentions {
        let orig = doc.alignment.span_to_original(&m.range);
        let mut first = true;
        for (i, &s) in starts.iter().enumerate() {
            let e = s + sentence[i].len();
            if s < orig.end && e > orig.start {
                tags[i] = Some((m.kind, first));
                first = false;
            }
        }
    }
    tags
}
