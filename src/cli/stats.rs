//! `negah batch --stats`: what a researcher asks of an archive first, without writing code.
//! The most quoted speakers, the most frequent entities of each type (each with the number of
//! records it appears in) and the quote and mention count of each record, as a text table,
//! CSV or JSON. The counts grow with the number of distinct names; the per-record table holds
//! one short row per record (the only part that grows with the archive).

use super::render::{name_of, speaker_of};
use negah::batch::id_text;
use negah::entities::EntityType;
use negah::Analysis;
use serde_json::value::RawValue;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatsFormat {
    Text,
    Csv,
    Json,
}

/// A record's share of the aggregates, made on a worker thread.
pub struct RecordStats {
    /// The id as the input wrote it.
    id: Box<RawValue>,
    /// The speaker of each quote (`None`: not named).
    speakers: Vec<Option<String>>,
    /// (type, name) of each entity mention.
    mentions: Vec<(EntityType, String)>,
}

impl RecordStats {
    pub fn of(id: Box<RawValue>, a: &Analysis) -> RecordStats {
        RecordStats {
            id,
            speakers: a
                .quotes
                .iter()
                .map(|q| speaker_of(q).map(str::to_string))
                .collect(),
            mentions: a.entities.iter().map(|e| (e.kind, name_of(a, e))).collect(),
        }
    }
}

/// How often a name occurs, and in how many records.
#[derive(Default, Clone, Copy)]
struct Count {
    n: usize,
    records: usize,
}

#[derive(Default)]
pub struct Stats {
    /// (id, quotes, mentions) of each record analyzed, in input order.
    per_record: Vec<(Box<RawValue>, usize, usize)>,
    errors: usize,
    unattributed: usize,
    speakers: HashMap<String, Count>,
    entities: HashMap<(EntityType, String), Count>,
}

/// Adds one record's occurrences of `keys` to `map`: every occurrence to `n`, and 1 to
/// `records` for each distinct key.
fn tally<K: std::hash::Hash + Eq + Clone>(map: &mut HashMap<K, Count>, keys: Vec<K>) {
    let mut seen = HashSet::new();
    for k in keys {
        let c = map.entry(k.clone()).or_default();
        c.n += 1;
        if seen.insert(k) {
            c.records += 1;
        }
    }
}

/// The `top` most frequent (all with 0); equal counts by name, so that the table does not
/// depend on the input order.
fn top<'a>(
    entries: impl Iterator<Item = (&'a String, Count)>,
    top: usize,
) -> Vec<(&'a str, Count)> {
    let mut v: Vec<(&str, Count)> = entries.map(|(k, c)| (k.as_str(), c)).collect();
    v.sort_by(|a, b| b.1.n.cmp(&a.1.n).then_with(|| a.0.cmp(b.0)));
    if top > 0 {
        v.truncate(top);
    }
    v
}

impl Stats {
    pub fn add(&mut self, r: RecordStats) {
        self.per_record
            .push((r.id, r.speakers.len(), r.mentions.len()));
        let named: Vec<String> = r.speakers.into_iter().flatten().collect();
        self.unattributed += self.per_record.last().map_or(0, |p| p.1) - named.len();
        tally(&mut self.speakers, named);
        tally(&mut self.entities, r.mentions);
    }

    pub fn add_error(&mut self) {
        self.errors += 1;
    }

    fn types(&self) -> Vec<EntityType> {
        let mut t: Vec<EntityType> = self.entities.keys().map(|k| k.0).collect();
        t.sort_unstable();
        t.dedup();
        t
    }

    fn top_speakers(&self, n: usize) -> Vec<(&str, Count)> {
        top(self.speakers.iter().map(|(k, &c)| (k, c)), n)
    }

    fn top_of_type(&self, ty: EntityType, n: usize) -> Vec<(&str, Count)> {
        let of_type = self.entities.iter().filter(|(k, _)| k.0 == ty);
        top(of_type.map(|(k, &c)| (&k.1, c)), n)
    }

    fn totals(&self) -> (usize, usize) {
        let quotes = self.per_record.iter().map(|r| r.1).sum();
        let mentions = self.per_record.iter().map(|r| r.2).sum();
        (quotes, mentions)
    }

    pub fn render(&self, format: StatsFormat, n: usize) -> String {
        match format {
            StatsFormat::Text => self.text(n),
            StatsFormat::Csv => self.csv(n),
            StatsFormat::Json => self.json(n),
        }
    }

    fn text(&self, n: usize) -> String {
        let mut s = String::new();
        let (quotes, mentions) = self.totals();
        let _ = writeln!(
            s,
            "{} records analyzed, {} errors; {quotes} quotes ({} without a named speaker), {mentions} entity mentions",
            self.per_record.len(),
            self.errors,
            self.unattributed,
        );
        let _ = writeln!(
            s,
            "\n== Most quoted speakers\n{:>7} {:>7}  speaker",
            "quotes", "records"
        );
        for (name, c) in self.top_speakers(n) {
            let _ = writeln!(s, "{:>7} {:>7}  {name}", c.n, c.records);
        }
        for ty in self.types() {
            let _ = writeln!(
                s,
                "\n== Most frequent {}\n{:>8} {:>7}  name",
                ty.name(),
                "mentions",
                "records"
            );
            for (name, c) in self.top_of_type(ty, n) {
                let _ = writeln!(s, "{:>8} {:>7}  {name}", c.n, c.records);
            }
        }
        let _ = writeln!(
            s,
            "\n== Quotes per record\n{:>7} {:>8}  id",
            "quotes", "mentions"
        );
        for (id, q, m) in &self.per_record {
            let _ = writeln!(s, "{q:>7} {m:>8}  {}", id_text(id));
        }
        s
    }

    /// `section,type,name,quotes,mentions,records`: a speaker row has quotes and records, an
    /// entity row mentions and records, a record row (name = its id) quotes and mentions.
    fn csv(&self, n: usize) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut row = |r: [&str; 6]| w.write_record(r).expect("in memory");
        row(["section", "type", "name", "quotes", "mentions", "records"]);
        for (name, c) in self.top_speakers(n) {
            row([
                "speaker",
                "",
                name,
                &c.n.to_string(),
                "",
                &c.records.to_string(),
            ]);
        }
        for ty in self.types() {
            for (name, c) in self.top_of_type(ty, n) {
                let (n, r) = (c.n.to_string(), c.records.to_string());
                row(["entity", ty.name(), name, "", &n, &r]);
            }
        }
        for (id, q, m) in &self.per_record {
            row([
                "record",
                "",
                &id_text(id),
                &q.to_string(),
                &m.to_string(),
                "",
            ]);
        }
        let bytes = w.into_inner().expect("in memory");
        String::from_utf8(bytes).expect("the csv crate writes the UTF-8 it is given")
    }

    fn json(&self, n: usize) -> String {
        use serde_json::json;
        let (quotes, mentions) = self.totals();
        let entities: serde_json::Map<String, serde_json::Value> = self
            .types()
            .into_iter()
            .map(|ty| {
                let list: Vec<_> = self
                    .top_of_type(ty, n)
                    .into_iter()
                    .map(|(name, c)| json!({"name": name, "mentions": c.n, "records": c.records}))
                    .collect();
                (ty.name().to_string(), list.into())
            })
            .collect();
        let speakers: Vec<_> = self
            .top_speakers(n)
            .into_iter()
            .map(|(name, c)| json!({"name": name, "quotes": c.n, "records": c.records}))
            .collect();
        let per_record: Vec<_> = self
            .per_record
            .iter()
            .map(|(id, q, m)| json!({"id": id, "quotes": q, "mentions": m}))
            .collect();
        let mut s = json!({
            "records": self.per_record.len(),
            "errors": self.errors,
            "quotes": quotes,
            "unattributed_quotes": self.unattributed,
            "mentions": mentions,
            "speakers": speakers,
            "entities": entities,
            "per_record": per_record,
        })
        .to_string();
        s.push('\n');
        s
    }
}
