//! A readable terminal rendering of an analysis.

use negah::Analysis;
use std::fmt::Write;

pub fn render(a: &Analysis) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "== normalized ({} edits)", a.edits.len());
    let _ = writeln!(s, "{}", a.normalized.trim_end());
    if !a.entities.is_empty() {
        let _ = writeln!(s, "\n== entities");
        for e in &a.entities {
            let cluster = e
                .cluster
                .map(|c| format!("  → {}", a.clusters[c].canonical))
                .unwrap_or_default();
            let _ = writeln!(s, "{:<5} {}{}", e.kind.name(), e.span.text, cluster);
        }
    }
    if !a.quotes.is_empty() {
        let _ = writeln!(s, "\n== quotes");
        for q in &a.quotes {
            let who = q
                .speaker_name
                .clone()
                .or_else(|| q.speaker.as_ref().map(|sp| sp.text.clone()))
                .unwrap_or_else(|| "?".into());
            let cue = q.cue.as_ref().map(|c| c.text.as_str()).unwrap_or("");
            let _ = writeln!(s, "[{:?}] {} ({}): {}", q.kind, who, cue, q.content.text);
        }
    }
    if !a.boilerplate.is_empty() {
        let _ = writeln!(s, "\n== boilerplate");
        for b in &a.boilerplate {
            let _ = writeln!(s, "{}", b.span.text.lines().next().unwrap_or(""));
        }
    }
    for w in &a.warnings {
        let _ = writeln!(s, "warning: {}", w.message);
    }
    s
}
