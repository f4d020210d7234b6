//! Spreadsheet output (`--format csv`, RFC 4180 quoting by the `csv` crate): one row per quote,
//! or with `--table entities` one row per distinct entity of a document (its type, text,
//! cluster and how many times it occurs). `negah batch` writes the header once and puts the
//! record's id in a first column. `--bom` starts the file with a UTF-8 byte-order mark, which
//! Excel needs to read Persian as UTF-8.

use super::render::speaker_of;
use negah::Analysis;
use std::collections::HashMap;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Table {
    Quotes,
    Entities,
}

/// The CSV options of `analyze` and `batch`.
#[derive(clap::Args, Clone, Copy)]
pub struct CsvArgs {
    /// The CSV table: one row per quote, or per distinct entity (type, text, cluster, count).
    #[arg(long, value_enum, default_value = "quotes")]
    pub table: Table,
    /// Start the CSV with a UTF-8 byte-order mark (for Excel).
    #[arg(long)]
    pub bom: bool,
}

impl CsvArgs {
    /// What goes before the header.
    pub fn start(&self) -> &'static str {
        if self.bom {
            BOM
        } else {
            ""
        }
    }
}

/// The quote columns. `speaker` is the resolved name (else the phrase as written),
/// `speaker_text` the phrase as written; `start`/`end` are offsets of the quote's text in the
/// original, in the unit of `--offsets`.
pub const QUOTE_COLUMNS: [&str; 12] = [
    "quote",
    "speaker",
    "speaker_text",
    "speaker_score",
    "cue",
    "kind",
    "form",
    "confidence",
    "certain",
    "text",
    "start",
    "end",
];

/// The entity columns: one row per distinct (type, text); `cluster` is the canonical name of
/// the cluster its mentions belong to (empty when none), `count` its mentions, `first` the
/// offset of the first.
pub const ENTITY_COLUMNS: [&str; 5] = ["type", "text", "cluster", "count", "first"];

/// The UTF-8 byte-order mark `--bom` writes first.
const BOM: &str = "\u{FEFF}";

/// The header row (`id` first in a batch).
pub fn header(table: Table, with_id: bool) -> String {
    let cols: &[&str] = match table {
        Table::Quotes => &QUOTE_COLUMNS,
        Table::Entities => &ENTITY_COLUMNS,
    };
    let mut w = writer();
    let id = with_id.then_some("id");
    w.write_record(id.iter().chain(cols)).expect("in memory");
    finish(w)
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> String {
    let bytes = w.into_inner().expect("in memory");
    String::from_utf8(bytes).expect("the csv crate writes the UTF-8 it is given")
}

/// The rows of one analysis, without a header (`id` first when given).
pub fn rows(a: &Analysis, table: Table, id: Option<&str>) -> String {
    let mut w = writer();
    let mut put = |row: Vec<String>| {
        let lead = id.map(str::to_string);
        w.write_record(lead.into_iter().chain(row))
            .expect("in memory");
    };
    match table {
        Table::Quotes => {
            for q in &a.quotes {
                put(vec![
                    q.id.to_string(),
                    speaker_of(q).unwrap_or("").to_string(),
                    q.speaker.as_ref().map_or("", |s| &s.text).to_string(),
                    q.speaker_score.to_string(),
                    q.cue.as_ref().map_or("", |c| &c.text).to_string(),
                    format!("{:?}", q.kind).to_lowercase(),
                    q.form.clone(),
                    q.confidence.to_string(),
                    q.certain.to_string(),
                    q.content.text.clone(),
                    q.content.start.to_string(),
                    q.content.end.to_string(),
                ]);
            }
        }
        Table::Entities => {
            for d in distinct_entities(a) {
                put(vec![
                    d.kind.to_string(),
                    d.text.to_string(),
                    d.cluster
                        .map(|c| a.clusters[c].canonical.clone())
                        .unwrap_or_default(),
                    d.count.to_string(),
                    d.first.to_string(),
                ]);
            }
        }
    }
    finish(w)
}

/// One distinct (type, text) of a document.
struct Distinct<'a> {
    kind: &'static str,
    text: &'a str,
    /// The cluster of its first clustered mention.
    cluster: Option<usize>,
    count: usize,
    first: usize,
}

/// The distinct entities of `a`, in order of first mention.
fn distinct_entities(a: &Analysis) -> Vec<Distinct<'_>> {
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    let mut out: Vec<Distinct> = Vec::new();
    for e in &a.entities {
        let key = (e.kind.name(), e.span.text.as_str());
        let i = *index.entry(key).or_insert_with(|| {
            out.push(Distinct {
                kind: key.0,
                text: key.1,
                cluster: None,
                count: 0,
                first: e.span.start,
            });
            out.len() - 1
        });
        out[i].count += 1;
        out[i].cluster = out[i].cluster.or(e.cluster);
    }
    out
}

/// The whole CSV of one analysis, header included (`negah analyze --format csv`).
pub fn csv(a: &Analysis, how: CsvArgs) -> String {
    let mut s = String::from(how.start());
    s.push_str(&header(how.table, false));
    s.push_str(&rows(a, how.table, None));
    s
}
