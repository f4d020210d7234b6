//! Records of an archive for `negah batch`: reading them, and turning each into one output line.
//!
//! A record is one article with an id: a JSONL line `{"id": …, "text": …, …}` or a whole text
//! file (its path is the id). Every other field of a JSONL record is passed through byte for
//! byte and in its order, so a researcher's metadata (date, outlet, URL) comes out beside the
//! result. A record that cannot be read becomes a [`RecordError`] that the batch writes as an
//! error line and goes on: one bad line never stops an archive.
//!
//! Pure functions of bytes, with no I/O of their own besides the [`JsonlReader`] over a
//! `BufRead`, so the parser can be fuzzed. Native only: the CLI is their one user.

use crate::analysis::{try_analyze, Analysis, Options, Warning};
use crate::document::EditKind;
use crate::input::{check_input, describe_size, MAX_INPUT_BYTES};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Serialize;
use serde_json::value::RawValue;
use std::io::BufRead;

/// The longest JSONL line read: room for a text at the size limit written with `\uXXXX`
/// escapes (Python's default `json.dumps` writes Persian letters so, 3 bytes of line per
/// byte of text) and its metadata. A longer line is skipped without being held in memory.
pub const MAX_LINE_BYTES: usize = 3 * MAX_INPUT_BYTES + (1 << 20);

/// The output field that holds the result; an input record may not use it (its value would
/// be lost).
pub const RESULT_FIELD: &str = "analysis";

/// One article to analyze.
#[derive(Debug)]
pub struct Record {
    /// The id as written in the input (any JSON value), or a JSON string of the file path.
    pub id: Box<RawValue>,
    pub text: String,
    /// The other fields of a JSONL record, in input order, values untouched.
    pub fields: Vec<(String, Box<RawValue>)>,
    /// The line of the source where the record starts (1 for a text file).
    pub line: usize,
    /// How the record was read (a byte-order mark skipped, a legacy encoding decoded, bad
    /// bytes replaced): put first among the analysis's warnings, as `negah analyze` does.
    pub warnings: Vec<Warning>,
}

/// A record that could not be read: written as `{"id": …|null, "line": n, "error": "…"}`.
#[derive(Debug, Serialize)]
pub struct RecordError {
    pub id: Option<Box<RawValue>>,
    pub line: usize,
    pub error: String,
}

impl RecordError {
    /// An error record for the record `id` (if known) at `line`.
    pub fn new(id: Option<Box<RawValue>>, line: usize, error: impl Into<String>) -> RecordError {
        RecordError {
            id,
            line,
            error: error.into(),
        }
    }
}

/// A JSON object's entries in input order, values unparsed.
struct Entries(Vec<(String, Box<RawValue>)>);

impl<'de> serde::Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Entries, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Entries, A::Error> {
                let mut v = Vec::new();
                while let Some(e) = m.next_entry::<String, Box<RawValue>>()? {
                    v.push(e);
                }
                Ok(Entries(v))
            }
        }
        d.deserialize_map(V)
    }
}

/// Parses one JSONL line (without its newline) into a record. `line_no` is the 1-based line,
/// carried into the record and its error.
pub fn parse_jsonl_record(line: &[u8], line_no: usize) -> Result<Record, RecordError> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.len() > MAX_LINE_BYTES {
        return Err(RecordError::new(
            None,
            line_no,
            format!(
                "the line is {}; the limit is {}",
                describe_size(line.len()),
                describe_size(MAX_LINE_BYTES)
            ),
        ));
    }
    let Entries(entries) = serde_json::from_slice(line).map_err(|e| {
        RecordError::new(
            None,
            line_no,
            format!("not a JSON object with an id and a text: {e}"),
        )
    })?;
    let mut id = None;
    let mut text = None;
    let mut fields = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        match k.as_str() {
            "id" => id = Some(v),
            "text" => text = Some(v),
            _ => fields.push((k, v)),
        }
    }
    let fail = |id: &Option<Box<RawValue>>, msg: String| RecordError::new(id.clone(), line_no, msg);
    if fields.iter().any(|(k, _)| k == RESULT_FIELD) {
        return Err(fail(
            &id,
            format!("the field `{RESULT_FIELD}` is where the result goes; rename it"),
        ));
    }
    let Some(raw) = text else {
        return Err(fail(&id, "the record has no `text` field".into()));
    };
    let text = match serde_json::from_str::<serde_json::Value>(raw.get()) {
        Ok(serde_json::Value::String(s)) => s,
        _ => return Err(fail(&id, format!("`text` is not a string: {}", raw.get()))),
    };
    check_input(&text).map_err(|e| fail(&id, e.to_string()))?;
    Ok(Record {
        id: id.unwrap_or_else(null),
        text,
        fields,
        line: line_no,
        warnings: Vec::new(),
    })
}

fn null() -> Box<RawValue> {
    RawValue::from_string("null".into()).expect("null is JSON")
}

/// The id of a text file: its path as a JSON string.
pub fn path_id(path: &str) -> Box<RawValue> {
    serde_json::value::to_raw_value(path).expect("a string is JSON")
}

/// A whole text file as one record: `text` is the file decoded by the caller (the CLI decodes
/// it as `negah analyze` does: BOM, `--encoding`, `--lossy`), `warnings` say how.
pub fn text_record(
    path: &str,
    text: String,
    warnings: Vec<Warning>,
) -> Result<Record, RecordError> {
    let id = path_id(path);
    check_input(&text).map_err(|e| RecordError::new(Some(id.clone()), 1, e.to_string()))?;
    Ok(Record {
        id,
        text,
        fields: Vec::new(),
        line: 1,
        warnings,
    })
}

/// Reads JSONL records lazily, one line at a time, from any `BufRead`. Blank lines are error
/// records too, so that output lines match input lines one for one (the `RDD.pipe` protocol).
pub struct JsonlReader<R> {
    inner: R,
    line: usize,
    buf: Vec<u8>,
}

impl<R: BufRead> JsonlReader<R> {
    pub fn new(inner: R) -> JsonlReader<R> {
        JsonlReader {
            inner,
            line: 0,
            buf: Vec::new(),
        }
    }

    /// The next record with its size in bytes of input, or `None` at the end.
    pub fn next_record(&mut self) -> std::io::Result<Option<(Result<Record, RecordError>, usize)>> {
        self.buf.clear();
        // Read at most the line limit; the rest of a longer line is skipped unbuffered.
        let n = std::io::Read::take(&mut self.inner, MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut self.buf)?;
        if n == 0 {
            return Ok(None);
        }
        self.line += 1;
        let mut size = n;
        if self.buf.last() == Some(&b'\n') {
            self.buf.pop();
        } else if n > MAX_LINE_BYTES {
            size += skip_line(&mut self.inner)?;
            self.buf.truncate(MAX_LINE_BYTES + 1);
        }
        // A UTF-8 byte-order mark before the first record is not JSON; editors on Windows
        // write one.
        let start = if self.line == 1 && self.buf.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        Ok(Some((
            parse_jsonl_record(&self.buf[start..], self.line),
            size,
        )))
    }
}

/// Consumes input up to and including the next newline; returns the bytes consumed.
fn skip_line(r: &mut impl BufRead) -> std::io::Result<usize> {
    let mut total = 0;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(total);
        }
        let (n, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        r.consume(n);
        total += n;
        if done {
            return Ok(total);
        }
    }
}

/// Which stages a batch runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layers {
    Normalize,
    Entities,
    Quotes,
}

/// How a batch analyzes and writes each record.
#[derive(Clone, Debug)]
pub struct BatchOptions {
    pub analysis: Options,
    pub layers: Layers,
    /// Entities, clusters, quotes and warnings only: no texts, edits or sentences; with
    /// `Layers::Normalize`, the normalized text, edit counts by kind and warnings.
    pub compact: bool,
}

/// The compact form of an analysis with entities or quotes.
#[derive(Serialize)]
struct Compact<'a> {
    schema_version: u32,
    entities: &'a [crate::analysis::EntityOut],
    clusters: &'a [crate::analysis::ClusterOut],
    quotes: &'a [crate::analysis::QuoteOut],
    warnings: &'a [crate::analysis::Warning],
}

/// The compact form of a normalize-only analysis: what normalizing an archive is for, the
/// normalized text, with how many edits of each kind made it (kinds in their fixed order,
/// those with none left out) and the warnings; not the original text, the edits themselves
/// or the sentences, which make the full form about four times the size of the input.
#[derive(Serialize)]
struct CompactNormalized<'a> {
    schema_version: u32,
    normalized: &'a str,
    #[serde(serialize_with = "counts_map")]
    edit_counts: Vec<(EditKind, usize)>,
    warnings: &'a [crate::analysis::Warning],
}

fn counts_map<S: serde::Serializer>(v: &[(EditKind, usize)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(v.iter().map(|(k, n)| (k, n)))
}

/// How many edits of each kind `a` has, in [`EditKind::ALL`]'s order, kinds with none left
/// out.
pub fn edit_counts(a: &Analysis) -> Vec<(EditKind, usize)> {
    EditKind::ALL
        .iter()
        .map(|&k| (k, a.edits.iter().filter(|e| e.kind == k).count()))
        .filter(|&(_, n)| n > 0)
        .collect()
}

/// Analyzes one record with the batch's layers; how it was read (its warnings) comes first
/// among the analysis's warnings. The record is given back (without those warnings) for its
/// id and fields.
pub fn analyze_record(
    mut r: Record,
    opts: &BatchOptions,
) -> Result<(Record, Analysis), RecordError> {
    let mut o = opts.analysis.clone();
    o.no_entities = opts.layers == Layers::Normalize;
    o.no_quotes = opts.layers != Layers::Quotes;
    match try_analyze(&r.text, &o) {
        Ok(mut a) => {
            a.warnings.splice(0..0, std::mem::take(&mut r.warnings));
            Ok((r, a))
        }
        Err(e) => Err(RecordError::new(Some(r.id), r.line, e.to_string())),
    }
}

/// One record's result as one JSON line without the newline (with room for one more byte):
/// `{"id": …, <fields…>, "analysis": {…}}`.
///
/// Written into one buffer sized for it up front: the analysis was first written to a string
/// of its own and copied, and the string grew by doubling (3% of a normalize-only batch).
pub fn result_line(r: &Record, a: &Analysis, opts: &BatchOptions) -> String {
    // The full form is about four times the size of the text, the compact normalize-only form
    // the normalized text and a little more; an estimate too small only costs a realloc.
    let estimate = match (opts.compact, opts.layers) {
        (false, _) => 4 * a.text.len() + 64 * a.edits.len(),
        (true, Layers::Normalize) => a.normalized.len(),
        (true, _) => 0,
    };
    let mut out = Vec::with_capacity(estimate + 1024);
    out.extend_from_slice(b"{\"id\":");
    out.extend_from_slice(r.id.get().as_bytes());
    for (k, v) in &r.fields {
        out.push(b',');
        serde_json::to_writer(&mut out, k).expect("a string serializes");
        out.push(b':');
        out.extend_from_slice(v.get().as_bytes());
    }
    out.extend_from_slice(b",\"");
    out.extend_from_slice(RESULT_FIELD.as_bytes());
    out.extend_from_slice(b"\":");
    match (opts.compact, opts.layers) {
        (false, _) => serde_json::to_writer(&mut out, a),
        (true, Layers::Normalize) => serde_json::to_writer(
            &mut out,
            &CompactNormalized {
                schema_version: a.schema_version,
                normalized: &a.normalized,
                edit_counts: edit_counts(a),
                warnings: &a.warnings,
            },
        ),
        (true, _) => serde_json::to_writer(
            &mut out,
            &Compact {
                schema_version: a.schema_version,
                entities: &a.entities,
                clusters: &a.clusters,
                quotes: &a.quotes,
                warnings: &a.warnings,
            },
        ),
    }
    .expect("an analysis serializes");
    out.push(b'}');
    out.reserve(1);
    // SAFETY: every piece is UTF-8: `str`s, ASCII, and serde_json's output, which is UTF-8
    // (it writes strings as they are or escaped; `serde_json::to_string` relies on the same).
    // (A checked conversion would scan the whole line again.)
    let out = unsafe { String::from_utf8_unchecked(out) };
    escape_separators(out)
}

/// An error record as one JSON line without the newline.
pub fn error_line(e: &RecordError) -> String {
    escape_separators(serde_json::to_string(e).expect("an error record serializes"))
}

/// Analyzes one record (or writes its error) as one JSON line without the newline. Returns
/// the line and whether it is an error.
pub fn process(record: Result<Record, RecordError>, opts: &BatchOptions) -> (String, bool) {
    match record.and_then(|r| analyze_record(r, opts)) {
        Ok((r, a)) => (result_line(&r, &a, opts), false),
        Err(e) => (error_line(&e), true),
    }
}

/// The id as plain text, for a CSV cell or a table: a JSON string's value, else the JSON
/// (`7`, `null`, `[1,2]`).
pub fn id_text(id: &RawValue) -> String {
    serde_json::from_str::<String>(id.get()).unwrap_or_else(|_| id.get().to_string())
}

/// The line separators JSON allows raw inside strings but some line readers break lines at
/// (Python's `str.splitlines`: U+0085, U+2028, U+2029; JavaScript before ES2019): written as
/// `\u` escapes, so that a record is one line under any framing. Safe on JSON text, where
/// they can only occur inside strings, and it leaves every value the same.
pub fn escape_separators(line: String) -> String {
    // U+0085 is C2 85, U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8: a scan for their
    // lead bytes (a multi-pattern search's prefilter keyed on their last bytes stopped at
    // every م and ب of Persian text: 8% of a normalize-only batch).
    let b = line.as_bytes();
    let separator_at = |i: usize| match b[i] {
        0xC2 => b.get(i + 1) == Some(&0x85),
        _ => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)),
    };
    let Some(first) = memchr::memchr2_iter(0xC2, 0xE2, b).find(|&i| separator_at(i)) else {
        return line;
    };
    let mut out = String::with_capacity(line.len() + 16);
    out.push_str(&line[..first]);
    for c in line[first..].chars() {
        match c {
            '\u{85}' => out.push_str("\\u0085"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_keep_their_order_and_bytes() {
        let r = parse_jsonl_record(
            br#"{"z": 1.50, "id": "\u0627", "text": "x", "a": [ 1 ]}"#,
            4,
        )
        .unwrap();
        assert_eq!(r.id.get(), r#""\u0627""#);
        assert_eq!(r.text, "x");
        let keys: Vec<_> = r
            .fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.get()))
            .collect();
        assert_eq!(keys, [("z", "1.50"), ("a", "[ 1 ]")]);
        assert_eq!(r.line, 4);
    }

    #[test]
    fn bad_records_say_why_with_their_id() {
        let e = parse_jsonl_record(b"{\"id\": 7, \"text\": 3}", 2).unwrap_err();
        assert_eq!(e.id.unwrap().get(), "7");
        assert!(e.error.contains("not a string"), "{}", e.error);
        let e = parse_jsonl_record(b"{\"id\": 7", 3).unwrap_err();
        assert!(e.id.is_none() && e.line == 3);
        assert!(parse_jsonl_record(b"", 1).is_err());
        assert!(parse_jsonl_record(b"[1]", 1).is_err());
        let e = parse_jsonl_record(b"{\"id\":1,\"text\":\"a\",\"analysis\":0}", 1).unwrap_err();
        assert!(e.error.contains("analysis"));
        let e = text_record("f.txt", "a\0".into(), vec![]).unwrap_err();
        assert!(
            e.error.contains("offset 1") && e.id.is_some(),
            "{}",
            e.error
        );
    }

    #[test]
    fn line_separators_are_escaped_and_values_kept() {
        let v = serde_json::json!({"a\u{2028}": "x\u{85}y\u{2029}\u{2028}", "b": ["\u{2028}"]});
        let raw = v.to_string();
        let line = escape_separators(raw.clone());
        assert_ne!(line, raw);
        assert!(!line.contains(['\u{85}', '\u{2028}', '\u{2029}']), "{line}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&line).unwrap(), v);
        assert_eq!(escape_separators("{\"a\":\"b\"}".into()), "{\"a\":\"b\"}");
    }

    #[test]
    fn an_over_long_line_is_skipped_and_the_next_one_read() {
        // A reader over a line longer than the limit would need a huge input; check the
        // skipping helper itself instead.
        let mut r = std::io::Cursor::new(b"abc\ndef".to_vec());
        assert_eq!(skip_line(&mut r).unwrap(), 4);
        let mut rd = JsonlReader::new(r);
        let (rec, size) = rd.next_record().unwrap().unwrap();
        assert!(rec.is_err() && size == 3);
        assert!(rd.next_record().unwrap().is_none());
    }
}
