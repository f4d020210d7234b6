//! `negah tag --conll`: entity tags for pre-tokenized text, in a corpus' IOB2 tag set.

use super::Scheme;
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
/// `token<TAB>TAG` lines, blank lines kept.
pub fn tag_conll(input: &str, scheme: Scheme) -> String {
    let mut out = String::with_capacity(input.len() * 2);
    let mut sentence: Vec<&str> = Vec::new();
    for line in input.lines() {
        let tok = line.split('\t').next().unwrap_or("").trim_end_matches('\r');
        if tok.trim().is_empty() {
            flush(&mut out, &mut sentence, scheme);
            out.push('\n');
        } else {
            sentence.push(tok);
        }
    }
    flush(&mut out, &mut sentence, scheme);
    out
}

fn flush(out: &mut String, sentence: &mut Vec<&str>, scheme: Scheme) {
    if sentence.is_empty() {
        return;
    }
    // Join with spaces, remembering where each token starts, then tag the text.
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
    let mut tags: Vec<String> = vec!["O".into(); sentence.len()];
    for m in &ents.mentions {
        let Some(l) = label(m.kind, scheme) else {
            continue;
        };
        let orig = doc.alignment.span_to_original(&m.range);
        let mut first = true;
        for (i, &s) in starts.iter().enumerate() {
            let e = s + sentence[i].len();
            if s < orig.end && e > orig.start {
                tags[i] = format!("{}-{l}", if first { "B" } else { "I" });
                first = false;
            }
        }
    }
    for (t, tag) in sentence.iter().zip(tags) {
        out.push_str(t);
        out.push('\t');
        out.push_str(&tag);
        out.push('\n');
    }
    sentence.clear();
}
