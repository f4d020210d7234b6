//! The promises an [`Analysis`] makes to its reader, as one checker: the property tests
//! (`tests/invariants.rs`) and the fuzz targets (`fuzz/`) run it on every text they make up,
//! and a consumer can run it on a result it doubts.
//!
//! Checked: the original text comes back unchanged; every span lies inside its text on
//! character boundaries and slices to its own `text`; its normalized coordinates lie inside the
//! normalized text; edits, sentences, entities and boilerplate are sorted and do not overlap;
//! the edits rebuild the normalized text from the original and undo back to it; ids and
//! cluster references point at what exists. [`check_text`] adds what needs more than one
//! run: offsets in code points, UTF-16 units and bytes agree, the analysis is deterministic
//! and normalizing the normalized text changes nothing. [`check_normalized`] and
//! [`check_conll`] do the same for the normalizer alone and for `negah tag --conll`.

use crate::analysis::{analyze, Analysis, Options, Span};
use crate::conll;
use crate::document::{apply, revert, Edit, EditKind, OffsetUnit};
use crate::entities::{self, rules::RuleSet, Head};
use crate::normalize::style::STYLES;
use crate::normalize::{normalize, DigitStyle, NormOptions, Normalized};
use std::ops::Range;

/// Maps offsets in one unit back to byte offsets of a text: `None` inside a character.
struct ByteMap {
    unit: OffsetUnit,
    len: usize,
    /// `to_byte[u]` for every unit offset `u` up to the end (`usize::MAX` inside a char).
    to_byte: Vec<usize>,
}

impl ByteMap {
    fn new(text: &str, unit: OffsetUnit) -> ByteMap {
        let mut to_byte = Vec::new();
        if unit != OffsetUnit::Byte {
            for (i, c) in text.char_indices() {
                to_byte.push(i);
                if unit == OffsetUnit::Utf16 && c.len_utf16() == 2 {
                    to_byte.push(usize::MAX);
                }
            }
            to_byte.push(text.len());
        }
        ByteMap {
            unit,
            len: text.len(),
            to_byte,
        }
    }

    fn byte(&self, text: &str, u: usize) -> Option<usize> {
        match self.unit {
            OffsetUnit::Byte => (u <= self.len && text.is_char_boundary(u)).then_some(u),
            _ => self.to_byte.get(u).copied().filter(|&b| b != usize::MAX),
        }
    }
}

/// Checks the promises one [`Analysis`] of `text` makes by itself. The error names the first
/// broken one.
pub fn check(text: &str, a: &Analysis) -> Result<(), String> {
    if a.text != text {
        return Err("the analysis does not carry the original text unchanged".into());
    }
    let orig = ByteMap::new(text, a.offsets);
    let norm = ByteMap::new(&a.normalized, a.offsets);
    let bytes = |what: &str, s: &Span| -> Result<(Range<usize>, Range<usize>), String> {
        let o = orig.byte(text, s.start).zip(orig.byte(text, s.end));
        let n = norm
            .byte(&a.normalized, s.norm_start)
            .zip(norm.byte(&a.normalized, s.norm_end));
        match (o, n) {
            (Some((os, oe)), Some((ns, ne))) if os <= oe && ns <= ne => {
                if text[os..oe] != s.text {
                    return Err(format!("{what} {s:?}: its text is not the original's"));
                }
                Ok((os..oe, ns..ne))
            }
            _ => Err(format!(
                "{what} {s:?}: outside its text, reversed or not on a character boundary"
            )),
        }
    };

    // Edits: in order, rebuilding the normalized text and undoing back to the original.
    let mut edits = Vec::with_capacity(a.edits.len());
    for e in &a.edits {
        let span = Span {
            start: e.start,
            end: e.end,
            text: e.original.clone(),
            norm_start: e.norm_start,
            norm_end: e.norm_end,
        };
        let (o, n) = bytes("edit", &span)?;
        if a.normalized[n.clone()] != e.replacement {
            return Err(format!(
                "edit {e:?}: its replacement is not the normalized text's"
            ));
        }
        edits.push((Edit::new(o, e.replacement.clone(), e.kind), n));
    }
    sorted_disjoint("edits", edits.iter().map(|(e, _)| e.range.clone()))?;
    let plain: Vec<Edit> = edits.into_iter().map(|(e, _)| e).collect();
    if apply(text, &plain) != a.normalized {
        return Err("applying the edits to the text does not give the normalized text".into());
    }
    if revert(text, &a.normalized, &plain) != text {
        return Err("undoing the edits does not give the original text back".into());
    }

    // Layers the schema keeps in order and apart (in the normalized text, where they were
    // found; their starts in the original follow the same order).
    let layer = |name: &str, spans: Vec<&Span>| -> Result<(), String> {
        let mut ranges = Vec::with_capacity(spans.len());
        let mut last_start = 0;
        for s in spans {
            let (o, n) = bytes(name, s)?;
            if o.start < last_start {
                return Err(format!("{name}: {s:?} starts before the one before it"));
            }
            last_start = o.start;
            ranges.push(n);
        }
        sorted_disjoint(name, ranges.into_iter())
    };
    layer("sentences", a.sentences.iter().map(|s| &s.span).collect())?;
    layer("entities", a.entities.iter().map(|e| &e.span).collect())?;
    layer(
        "boilerplate",
        a.boilerplate.iter().map(|b| &b.span).collect(),
    )?;

    // Quotes: content, cue and speaker inside the text; references that exist.
    for (i, q) in a.quotes.iter().enumerate() {
        if q.id != i {
            return Err(format!("quote {i} has id {}", q.id));
        }
        bytes("quote content", &q.content)?;
        if let Some(c) = &q.cue {
            bytes("quote cue", c)?;
        }
        if let Some(s) = &q.speaker {
            bytes("quote speaker", s)?;
        }
        if q.cluster.is_some_and(|c| c >= a.clusters.len()) {
            return Err(format!("quote {i} names a cluster that does not exist"));
        }
        if !(0.0..=1.0).contains(&q.confidence) {
            return Err(format!("quote {i} has confidence {}", q.confidence));
        }
    }

    // Entities and clusters point at each other.
    for (i, e) in a.entities.iter().enumerate() {
        if e.id != i {
            return Err(format!("entity {i} has id {}", e.id));
        }
        if let Some(c) = e.cluster {
            let ok = a.clusters.get(c).is_some_and(|c| c.mentions.contains(&i));
            if !ok {
                return Err(format!(
                    "entity {i} names cluster {c}, which does not list it"
                ));
            }
        }
    }
    for (i, c) in a.clusters.iter().enumerate() {
        if c.id != i {
            return Err(format!("cluster {i} has id {}", c.id));
        }
        for &m in &c.mentions {
            if a.entities.get(m).and_then(|e| e.cluster) != Some(i) {
                return Err(format!("cluster {i} lists {m}, which is not its entity"));
            }
        }
    }
    Ok(())
}

fn sorted_disjoint(name: &str, ranges: impl Iterator<Item = Range<usize>>) -> Result<(), String> {
    let mut end = 0;
    for r in ranges {
        if r.start < end {
            return Err(format!(
                "{name}: {r:?} overlaps or precedes the one before it"
            ));
        }
        end = r.end;
    }
    Ok(())
}

/// Analyzes `text` with `opts` in every offset unit and checks [`check`] on each, that the
/// three agree (the same bytes under every span), that a second run gives the same result
/// and that normalizing the normalized text again changes nothing. Returns the analysis (in
/// `opts.offsets`).
pub fn check_text(text: &str, opts: &Options) -> Result<Analysis, String> {
    let run = |unit: OffsetUnit| {
        analyze(
            text,
            &Options {
                offsets: unit,
                ..opts.clone()
            },
        )
    };
    let by_unit: Vec<Analysis> = [OffsetUnit::Byte, OffsetUnit::Codepoint, OffsetUnit::Utf16]
        .into_iter()
        .map(run)
        .collect();
    for a in &by_unit {
        check(text, a).map_err(|e| format!("{:?} offsets: {e}", a.offsets))?;
    }
    let in_bytes = |a: &Analysis| to_bytes(text, a);
    let reference = in_bytes(&by_unit[0]);
    for a in &by_unit[1..] {
        if in_bytes(a) != reference {
            return Err(format!(
                "spans in {:?} offsets cover other bytes than in byte offsets",
                a.offsets
            ));
        }
    }
    let again = run(opts.offsets);
    let first = by_unit
        .into_iter()
        .find(|a| a.offsets == opts.offsets)
        .expect("every unit was run");
    if again != first {
        return Err("a second analysis of the same text differs from the first".into());
    }
    let renorm = normalize(&first.normalized, &opts.normalize);
    if renorm.text != first.normalized {
        return Err(format!(
            "normalizing the normalized text changes it: {:?} -> {:?}",
            first.normalized, renorm.text
        ));
    }
    Ok(first)
}

/// Every span of `a` (and every edit) as byte ranges, in one list, for comparing units.
fn to_bytes(text: &str, a: &Analysis) -> Vec<(usize, usize, usize, usize)> {
    let orig = ByteMap::new(text, a.offsets);
    let norm = ByteMap::new(&a.normalized, a.offsets);
    let conv = |s: usize, e: usize, ns: usize, ne: usize| {
        (
            orig.byte(text, s).unwrap_or(usize::MAX),
            orig.byte(text, e).unwrap_or(usize::MAX),
            norm.byte(&a.normalized, ns).unwrap_or(usize::MAX),
            norm.byte(&a.normalized, ne).unwrap_or(usize::MAX),
        )
    };
    let span = |s: &Span| conv(s.start, s.end, s.norm_start, s.norm_end);
    let mut out: Vec<_> = a
        .edits
        .iter()
        .map(|e| conv(e.start, e.end, e.norm_start, e.norm_end))
        .collect();
    out.extend(a.sentences.iter().map(|s| span(&s.span)));
    out.extend(a.entities.iter().map(|e| span(&e.span)));
    out.extend(a.boilerplate.iter().map(|b| span(&b.span)));
    for q in &a.quotes {
        out.push(span(&q.content));
        out.extend(q.cue.iter().map(span));
        out.extend(q.speaker.iter().map(span));
    }
    out
}

/// The normalizer's promises on `text`: edits sorted, apart and on character boundaries,
/// rebuilding the normalized text and undoing back to the original; normalizing the result
/// changes nothing.
pub fn check_normalized(text: &str, opts: &NormOptions) -> Result<Normalized, String> {
    let n = normalize(text, opts);
    let mut end = 0;
    for e in &n.edits {
        let ok = e.range.start >= end
            && e.range.start <= e.range.end
            && e.range.end <= text.len()
            && text.is_char_boundary(e.range.start)
            && text.is_char_boundary(e.range.end)
            && opts.enabled(e.kind);
        if !ok {
            return Err(format!(
                "edit {e:?} is out of order, out of place or switched off"
            ));
        }
        end = e.range.end;
    }
    if apply(text, &n.edits) != n.text {
        return Err("applying the edits does not give the normalized text".into());
    }
    if revert(text, &n.text, &n.edits) != text {
        return Err("undoing the edits does not give the original text back".into());
    }
    let again = normalize(&n.text, opts).text;
    if again != n.text {
        return Err(format!(
            "normalizing twice changes the text: {:?} -> {again:?}",
            n.text
        ));
    }
    Ok(n)
}

/// `negah tag --conll`'s promises on `text`: it reads, every sentence gets one tag per token,
/// and the output has one line for every input line, starting with that line's token.
pub fn check_conll(text: &str) -> Result<String, String> {
    let c = conll::read(text);
    if c.sentences.len() != c.blanks.len() {
        return Err("a sentence without its count of blank lines".into());
    }
    let set = RuleSet::ALL;
    let tags: Vec<Vec<Option<(&str, bool)>>> =
        match entities::tag_sentences_with_rules(&c.sentences, Head::Peyma, set) {
            Some(t) => t
                .into_iter()
                .map(|s| {
                    s.into_iter()
                        .map(|t| t.map(|(k, b)| (k.name(), b)))
                        .collect()
                })
                .collect(),
            None => c.sentences.iter().map(|s| vec![None; s.len()]).collect(),
        };
    for (s, t) in c.sentences.iter().zip(&tags) {
        if s.len() != t.len() {
            return Err(format!("{} tags for {} tokens", t.len(), s.len()));
        }
    }
    let out = conll::write(&c, &tags);
    let (lines_in, lines_out) = (text.lines().count(), out.lines().count());
    if lines_in != lines_out {
        return Err(format!("{lines_in} lines in, {lines_out} lines out"));
    }
    for (i, o) in text.lines().zip(out.lines()) {
        let tok = i.split('\t').next().unwrap_or("").trim_end_matches('\r');
        let same = if tok.trim().is_empty() {
            o.is_empty()
        } else {
            o.split('\t').next() == Some(tok)
        };
        if !same {
            return Err(format!("input line {i:?} came out as {o:?}"));
        }
    }
    Ok(out)
}

/// How the `analyze` fuzz target reads its bytes (shared with the replay of its crash
/// inputs): a first byte that cannot start UTF-8 (0xF8–0xFF) and the one after it pick
/// options (an edit kind switched off, a house style, a digit style); the rest is the text.
pub fn split_fuzz_input(data: &[u8]) -> (Options, &[u8]) {
    let mut opts = Options::default();
    match data {
        [b, c, rest @ ..] if *b >= 0xF8 => {
            let c = *c as usize;
            opts.normalize
                .disabled
                .push(EditKind::ALL[c % EditKind::ALL.len()]);
            opts.normalize.style = STYLES[(c / 16) % STYLES.len()].2;
            opts.normalize.digits =
                [None, Some(DigitStyle::Ascii), Some(DigitStyle::Keep)][(*b & 7) as usize % 3];
            (opts, rest)
        }
        _ => (opts, data),
    }
}

/// `negah batch`'s JSONL reader on any bytes: every line gives one record or one error record,
/// numbered as its line (a BOM before the first is skipped); the line sizes add up to the
/// input; a record's id, text and other
/// fields rebuild the line's JSON object with every value byte for byte, the other fields in
/// order, and they come out so on the record's output line beside the result; an error record
/// is one JSON line with its line number and a message. Output lines hold no line break nor
/// U+0085, U+2028, U+2029 (escaped, in passed-through values too). Returns the number of
/// records.
///
/// Objects are compared as maps of raw values (the last of a repeated key wins, as in the
/// reader), so that values JSON allows but Rust strings cannot hold (`"\ud800"`) are checked
/// too.
#[cfg(not(target_arch = "wasm32"))]
pub fn check_jsonl(data: &[u8]) -> Result<usize, String> {
    use crate::batch::{
        escape_separators, process, BatchOptions, JsonlReader, Layers, RESULT_FIELD,
    };
    use serde_json::value::RawValue;
    use std::collections::BTreeMap;
    type Raw = BTreeMap<String, Box<RawValue>>;
    let raws = |m: &Raw| -> BTreeMap<String, String> {
        m.iter()
            .map(|(k, v)| (k.clone(), v.get().to_owned()))
            .collect()
    };
    let mut lines: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    if data.is_empty() || data.ends_with(b"\n") {
        lines.pop();
    }
    let opts = BatchOptions {
        analysis: Options::default(),
        layers: Layers::Normalize,
        compact: true,
    };
    let mut reader = JsonlReader::new(data);
    let (mut n, mut consumed) = (0, 0);
    while let Some((rec, size)) = reader.next_record().map_err(|e| e.to_string())? {
        let Some(line) = lines.get(n) else {
            return Err(format!("record {} from {} lines", n + 1, lines.len()));
        };
        n += 1;
        consumed += size;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        // (A byte-order mark before the first record is skipped.)
        let line = match n {
            1 => line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line),
            _ => line,
        };
        // What the output line must hold besides the result: the id and the other fields.
        let mut want = BTreeMap::new();
        match &rec {
            Ok(r) => {
                if r.line != n {
                    return Err(format!("the record of line {n} says line {}", r.line));
                }
                let Ok(read) = serde_json::from_slice::<Raw>(line) else {
                    return Err(format!("line {n} is not a JSON object but gave a record"));
                };
                want.insert("id".to_owned(), r.id.get().to_owned());
                for (k, v) in &r.fields {
                    want.insert(k.clone(), v.get().to_owned());
                }
                let mut rebuilt = want.clone();
                if !read.contains_key("id") && r.id.get() == "null" {
                    rebuilt.remove("id");
                }
                match read.get("text") {
                    Some(t)
                        if serde_json::from_str::<String>(t.get()).ok() == Some(r.text.clone()) =>
                    {
                        rebuilt.insert("text".to_owned(), t.get().to_owned());
                    }
                    _ => return Err(format!("line {n}: the record's text is not the line's")),
                }
                if rebuilt != raws(&read) {
                    return Err(format!("the record of line {n} does not rebuild it"));
                }
                // The other fields in order (a leftmost search finds them in order whenever
                // they are there in order).
                let text = std::str::from_utf8(line).map_err(|e| e.to_string())?;
                let mut from = 0;
                for (k, v) in &r.fields {
                    match text[from..].find(v.get()) {
                        Some(p) => from += p + v.get().len(),
                        None => return Err(format!("line {n}: field {k:?} out of order")),
                    }
                }
            }
            Err(e) => {
                if e.line != n || e.error.is_empty() {
                    return Err(format!("line {n} gave the error record {e:?}"));
                }
                let id = e.id.as_ref().map_or("null", |id| id.get());
                want.insert("id".to_owned(), id.to_owned());
                want.insert("line".to_owned(), n.to_string());
            }
        }
        let is_err = rec.is_err();
        let (out, failed) = process(rec, &opts);
        // One line under any framing: no line break, nor a separator that Python's
        // `splitlines` breaks at.
        let separators = ['\n', '\u{85}', '\u{2028}', '\u{2029}'];
        let parsed = serde_json::from_str::<Raw>(&out)
            .ok()
            .filter(|_| !out.contains(separators));
        let Some(mut out) = parsed.map(|o| raws(&o)) else {
            return Err(format!(
                "line {n}: the output is not one JSON object: {out}"
            ));
        };
        let result = match failed {
            true => out
                .remove("error")
                .filter(|e| e.len() > 2 && e.starts_with('"')),
            false if is_err => return Err(format!("line {n}: an error record gave a result")),
            false => out.remove(RESULT_FIELD).filter(|a| a.starts_with('{')),
        };
        if failed {
            // (An analysis that failed is written with the record's id and line.)
            want.retain(|k, _| k == "id");
            want.insert("line".to_owned(), n.to_string());
        }
        // The line separators JSON allows raw are written escaped (the same values).
        let want: BTreeMap<String, String> = want
            .into_iter()
            .map(|(k, v)| (k, escape_separators(v)))
            .collect();
        if result.is_none() || out != want {
            return Err(format!("line {n}: the output line lost or changed a field"));
        }
    }
    if n != lines.len() || consumed != data.len() {
        return Err(format!(
            "{n} records of {consumed} bytes from {} lines of {} bytes",
            lines.len(),
            data.len()
        ));
    }
    Ok(n)
}
