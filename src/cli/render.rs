//! `negah analyze --format text`: a summary a person reads. People first, with their offices
//! and how often the text mentions them; then who said what, with how sure Negah is; then the
//! other entities grouped by type with counts (a number repeated eight times shows once, with
//! "(8)"); then what was set apart as site furniture. The normalized text is not repeated:
//! the reader has the article, and `--format json` has every offset.

use negah::analysis::{ClusterOut, EntityOut, QuoteOut};
use negah::entities::EntityType;
use negah::Analysis;
use std::collections::HashMap;
use std::fmt::Write;

/// Longest quote shown whole; a longer one is cut with "…".
const MAX_QUOTE_CHARS: usize = 300;
/// The order and titles of the entity sections after people and quotes.
const SECTIONS: [(EntityType, &str); 11] = [
    (EntityType::Org, "Organizations"),
    (EntityType::Loc, "Places"),
    (EntityType::Fac, "Facilities"),
    (EntityType::Eve, "Events"),
    (EntityType::Pro, "Products"),
    (EntityType::Role, "Offices held by no named person"),
    (EntityType::Dat, "Dates"),
    (EntityType::Tim, "Times"),
    (EntityType::Mon, "Money"),
    (EntityType::Pct, "Percentages"),
    (EntityType::Num, "Numbers"),
];

/// The name a mention is counted under: its cluster's canonical name when the cluster is of
/// its type, else its own text (an office in a person's cluster is counted as the office).
pub fn name_of(a: &Analysis, e: &EntityOut) -> String {
    match e.cluster.map(|c| &a.clusters[c]) {
        Some(c) if c.kind == e.kind => c.canonical.clone(),
        _ => e.span.text.clone(),
    }
}

/// Who said a quote: the resolved name, else the speaker phrase as written.
pub fn speaker_of(q: &QuoteOut) -> Option<&str> {
    q.speaker_name
        .as_deref()
        .or(q.speaker.as_ref().map(|s| s.text.as_str()))
}

/// `s` on one line, at most `n` characters.
fn cut(s: &str, n: usize) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= n {
        return one_line;
    }
    let mut t: String = one_line.chars().take(n).collect();
    t.push('…');
    t
}

/// Distinct names with their counts: most frequent first, ties in order of first appearance.
fn counted(names: impl Iterator<Item = String>) -> Vec<(String, usize)> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut order: Vec<(String, usize)> = Vec::new();
    for n in names {
        match index.get(&n) {
            Some(&i) => order[i].1 += 1,
            None => {
                index.insert(n.clone(), order.len());
                order.push((n, 1));
            }
        }
    }
    // Stable: equal counts keep their first-appearance order.
    order.sort_by_key(|x| std::cmp::Reverse(x.1));
    order
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One line per person: name — offices (mentions, quotes).
fn people(a: &Analysis, s: &mut String) {
    let mut quotes_of: HashMap<usize, usize> = HashMap::new();
    for q in &a.quotes {
        if let Some(c) = q.cluster {
            *quotes_of.entry(c).or_default() += 1;
        }
    }
    let mut rows: Vec<&ClusterOut> = a
        .clusters
        .iter()
        .filter(|c| c.kind == EntityType::Per)
        .collect();
    if rows.is_empty() {
        return;
    }
    rows.sort_by_key(|c| std::cmp::Reverse(c.mentions.len()));
    let _ = writeln!(s, "\n== People");
    for c in rows {
        let offices: Vec<String> = counted(
            c.mentions
                .iter()
                .map(|&m| &a.entities[m])
                .filter(|e| e.kind == EntityType::Role)
                .map(|e| e.span.text.clone()),
        )
        .into_iter()
        .map(|(o, _)| o)
        .collect();
        let office = if offices.is_empty() {
            String::new()
        } else {
            format!(" — {}", offices.join("، "))
        };
        let said = match quotes_of.get(&c.id) {
            Some(&n) => format!(", {}", plural(n, "quote", "quotes")),
            None => String::new(),
        };
        let mentions = plural(c.mentions.len(), "mention", "mentions");
        let _ = writeln!(s, "  {}{office} ({mentions}{said})", c.canonical);
    }
}

/// One line per quote: who, the cue, the kind, how sure, what.
fn quotes(a: &Analysis, s: &mut String) {
    if a.quotes.is_empty() {
        return;
    }
    let _ = writeln!(s, "\n== Who said what");
    for q in &a.quotes {
        let mut who = speaker_of(q).unwrap_or("(speaker not named)").to_string();
        // A pronoun or an office resolved to a name: show the words the text used.
        if let (Some(name), Some(sp)) = (&q.speaker_name, &q.speaker) {
            if *name != sp.text {
                let _ = write!(who, " (as «{}»)", sp.text);
            }
        }
        if q.speaker_name.is_some() && q.speaker_score < f64::from(negah::quotes::CERTAIN) {
            let _ = write!(who, " (speaker uncertain, {:.2})", q.speaker_score);
        }
        let cue = q
            .cue
            .as_ref()
            .map(|c| format!(" — {}", c.text))
            .unwrap_or_default();
        let sure = if q.certain { "certain" } else { "possible" };
        let kind = format!("{:?}", q.kind).to_lowercase();
        let _ = writeln!(
            s,
            "  {who}{cue} [{kind}, {sure} {:.2}]: {}",
            q.confidence,
            cut(&q.content.text, MAX_QUOTE_CHARS)
        );
    }
}

pub fn render(a: &Analysis) -> String {
    let mut s = String::new();
    let persons = a
        .clusters
        .iter()
        .filter(|c| c.kind == EntityType::Per)
        .count();
    let _ = writeln!(
        s,
        "{}, {}, {}; {} of text, {}",
        plural(persons, "person", "people"),
        plural(a.quotes.len(), "quote", "quotes"),
        plural(a.entities.len(), "entity mention", "entity mentions"),
        plural(a.text.chars().count(), "character", "characters"),
        plural(a.edits.len(), "normalization edit", "normalization edits"),
    );
    people(a, &mut s);
    quotes(a, &mut s);
    // The other entities by type; an office held by a named person is shown with the person.
    let mut by_type: HashMap<EntityType, Vec<String>> = HashMap::new();
    for e in &a.entities {
        let held = e.kind == EntityType::Role
            && e.cluster
                .is_some_and(|c| a.clusters[c].kind == EntityType::Per);
        if e.kind != EntityType::Per && !held {
            by_type.entry(e.kind).or_default().push(name_of(a, e));
        }
    }
    for (t, title) in SECTIONS {
        let Some(names) = by_type.remove(&t) else {
            continue;
        };
        let list: Vec<String> = counted(names.into_iter())
            .into_iter()
            .map(|(n, c)| if c > 1 { format!("{n} ({c})") } else { n })
            .collect();
        let _ = writeln!(s, "\n== {title}\n  {}", list.join("، "));
    }
    if !a.boilerplate.is_empty() {
        let _ = writeln!(s, "\n== Set apart (site furniture, not analyzed)");
        for b in &a.boilerplate {
            let _ = writeln!(s, "  [{}] {}", b.label, cut(&b.span.text, 80));
        }
    }
    if !a.warnings.is_empty() {
        let _ = writeln!(s);
    }
    for w in &a.warnings {
        let _ = writeln!(s, "warning: {}", w.message);
    }
    s
}
