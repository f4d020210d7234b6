//! `negah batch`: an archive in, one JSON line (or CSV rows) per record out, in input order,
//! on all cores; or, with `--stats`, aggregates over the archive.
//!
//! Records are read lazily and analyzed in chunks of [`CHUNK_RECORDS`] records (or
//! [`CHUNK_BYTES`] of input, whichever comes first) with rayon; each chunk's output is
//! written in order before the next chunk is read. Memory is therefore bounded by one chunk,
//! whatever the size of the archive, and the output does not depend on the thread count.

use super::input::{decode, Decoding};
use super::stats::{RecordStats, Stats, StatsFormat};
use super::table::{self, CsvArgs, Table};
use super::{AnalysisArgs, Failure};
use indicatif::{ProgressBar, ProgressStyle};
use negah::batch::{
    analyze_record, error_line, id_text, result_line, text_record, BatchOptions, JsonlReader,
    Layers, Record, RecordError,
};
use negah::MAX_INPUT_BYTES;
use rayon::prelude::*;
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::time::Instant;

/// Records analyzed together: enough to keep every core busy between two writes.
const CHUNK_RECORDS: usize = 256;
/// Input bytes of one chunk at most (a chunk of long articles ends early).
const CHUNK_BYTES: usize = 64 << 20;

/// The exit code when some record failed (the others were written).
pub const EXIT_RECORD_ERRORS: i32 = 3;

type Item = (Result<Record, RecordError>, usize);

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LayerArg {
    Normalize,
    Entities,
    Quotes,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BatchFormat {
    Jsonl,
    Csv,
}

/// Analyze an archive: JSONL records `{"id": …, "text": …, …}` (standard input, `-`, or
/// FILES ending in .jsonl) or text files (one article each, the path is its id). Writes one
/// JSON line per record in input order, `{"id": …, <other fields>, "analysis": {…}}`, or
/// `{"id": …, "line": n, "error": "…"}` for a record that failed; exit code 3 if any did.
/// Text files are read as `analyze` reads its file (a BOM skipped, --encoding, --lossy);
/// JSONL is UTF-8.
#[derive(clap::Args)]
pub struct BatchArgs {
    files: Vec<PathBuf>,
    /// The stages to run: normalize only, + entities, + quotes.
    #[arg(long, value_enum, default_value = "quotes")]
    layers: LayerArg,
    /// Entities, clusters, quotes and warnings only (no texts, edits or sentences); with
    /// --layers normalize: the normalized text, edit counts by kind and warnings.
    #[arg(long)]
    compact: bool,
    /// jsonl (one result per record) or csv (rows of --table, the record's id first; error
    /// records then go to standard error).
    #[arg(long, value_enum, default_value = "jsonl")]
    format: BatchFormat,
    #[command(flatten)]
    csv: CsvArgs,
    /// Print aggregates instead of records: most quoted speakers, most frequent entities by
    /// type, quotes per record (error records go to standard error).
    #[arg(long, conflicts_with = "format")]
    stats: bool,
    /// Format of --stats.
    #[arg(long, value_enum, default_value = "text")]
    stats_format: StatsFormat,
    /// How many speakers, and entities of each type, --stats lists (0: all).
    #[arg(long, default_value_t = 20)]
    top: usize,
    /// Worker threads (0: one per core). The output is the same for any number.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    #[command(flatten)]
    analysis: AnalysisArgs,
}

/// What a batch writes for each record.
#[derive(Clone, Copy)]
enum Output {
    Jsonl,
    Csv(Table),
    Stats,
}

/// One record done on a worker thread.
enum Done {
    /// Output text for standard output (a JSON line with its newline, or CSV rows).
    Text(String),
    Stats(RecordStats),
    /// An error record (a JSON line with its newline).
    Failed(String),
}

/// Analyzes one record and renders what `output` needs of it.
fn work(record: Result<Record, RecordError>, opts: &BatchOptions, output: Output) -> Done {
    let (r, a) = match record.and_then(|r| analyze_record(r, opts)) {
        Ok(done) => done,
        Err(e) => return Done::Failed(error_line(&e) + "\n"),
    };
    match output {
        Output::Jsonl => Done::Text(result_line(&r, &a, opts) + "\n"),
        Output::Csv(t) => Done::Text(table::rows(&a, t, Some(&id_text(&r.id)))),
        Output::Stats => Done::Stats(RecordStats::of(r.id, &a)),
    }
}

/// The records of all sources, one source open at a time.
struct Records {
    sources: std::vec::IntoIter<PathBuf>,
    jsonl: Option<JsonlReader<Box<dyn BufRead>>>,
    /// How text files are decoded (JSONL is UTF-8 by definition).
    decoding: Decoding,
    /// The bytes of the text file being read: one buffer for all of them, so that reading an
    /// archive of files does not allocate and grow a buffer per file.
    buf: Vec<u8>,
}

impl Records {
    fn next_item(&mut self) -> Option<Item> {
        loop {
            if let Some(r) = &mut self.jsonl {
                match r.next_record() {
                    Ok(Some(item)) => return Some(item),
                    Ok(None) => self.jsonl = None,
                    Err(e) => {
                        self.jsonl = None;
                        let err = RecordError::new(None, 0, format!("cannot read further: {e}"));
                        return Some((Err(err), 0));
                    }
                }
            }
            let path = self.sources.next()?;
            let name = path.display().to_string();
            if name == "-" {
                self.jsonl = Some(JsonlReader::new(Box::new(std::io::stdin().lock())));
                continue;
            }
            if name.ends_with(".jsonl") {
                match std::fs::File::open(&path) {
                    Ok(f) => {
                        self.jsonl = Some(JsonlReader::new(Box::new(BufReader::new(f))));
                        continue;
                    }
                    Err(e) => return Some((Err(unreadable(&name, e)), 0)),
                }
            }
            return Some(read_text_file(&path, &name, &self.decoding, &mut self.buf));
        }
    }
}

fn unreadable(name: &str, e: std::io::Error) -> RecordError {
    RecordError::new(
        Some(negah::batch::path_id(name)),
        1,
        format!("cannot read {name}: {e}"),
    )
}

/// A text file as one record, reading at most one byte past the size limit and decoding it as
/// `negah analyze` decodes its file; a file it would refuse becomes an error record. `bytes`
/// is scratch space.
fn read_text_file(path: &PathBuf, name: &str, how: &Decoding, bytes: &mut Vec<u8>) -> Item {
    bytes.clear();
    let read = std::fs::File::open(path).and_then(|f| {
        // (Room for the whole file up front, so that it is read in one call.)
        let size = f.metadata().map_or(0, |m| m.len() as usize);
        bytes.reserve(size.min(MAX_INPUT_BYTES) + 1);
        f.take(MAX_INPUT_BYTES as u64 + 1).read_to_end(bytes)
    });
    match read {
        Ok(n) if n > MAX_INPUT_BYTES => {
            let full = std::fs::metadata(path).map_or(n, |m| m.len() as usize);
            let e = negah::InputError::TooLarge { bytes: full };
            let err = RecordError::new(Some(negah::batch::path_id(name)), 1, e.to_string());
            (Err(err), full)
        }
        Ok(n) => match decode(bytes, name, how) {
            Ok(input) => (text_record(name, input.text, input.warnings), n),
            Err(f) => {
                let id = negah::batch::path_id(name);
                (Err(RecordError::new(Some(id), 1, f.message)), n)
            }
        },
        Err(e) => (Err(unreadable(name, e)), 0),
    }
}

/// Runs a batch; returns the exit code (0, or [`EXIT_RECORD_ERRORS`]).
pub fn run(args: BatchArgs) -> Result<i32, Failure> {
    let layers = match args.layers {
        LayerArg::Normalize => Layers::Normalize,
        LayerArg::Entities => Layers::Entities,
        LayerArg::Quotes => Layers::Quotes,
    };
    let output = match (args.stats, args.format) {
        (true, _) => Output::Stats,
        (false, BatchFormat::Csv) if layers == Layers::Normalize => {
            return Err(Failure::input(
                "--format csv lists quotes or entities: it needs --layers entities or quotes",
            ))
        }
        (false, BatchFormat::Csv) => Output::Csv(args.csv.table),
        (false, BatchFormat::Jsonl) => Output::Jsonl,
    };
    let opts = BatchOptions {
        analysis: args.analysis.options()?,
        layers,
        compact: args.compact,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build()
        .map_err(|e| Failure::io(format!("cannot start threads: {e}")))?;
    let mut files = args.files;
    if files.is_empty() {
        files.push(PathBuf::from("-"));
    }
    let progress = std::io::stderr()
        .is_terminal()
        .then(|| progress_bar(&files));
    let mut records = Records {
        sources: files.into_iter(),
        jsonl: None,
        decoding: args.analysis.input.decoding(),
        buf: Vec::new(),
    };
    let start = Instant::now();
    let (mut count, mut errors, mut bytes) = (0usize, 0usize, 0usize);
    let mut stats = Stats::default();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut closed = false;
    if let Output::Csv(t) = output {
        let head = format!("{}{}", args.csv.start(), table::header(t, true));
        closed = !write_text(&mut out, &head)?;
    }
    while !closed {
        let mut chunk = Vec::with_capacity(CHUNK_RECORDS);
        let mut chunk_bytes = 0;
        while chunk.len() < CHUNK_RECORDS && chunk_bytes < CHUNK_BYTES {
            let Some((record, size)) = records.next_item() else {
                break;
            };
            chunk_bytes += size;
            chunk.push(record);
        }
        if chunk.is_empty() {
            break;
        }
        count += chunk.len();
        let done: Vec<Done> = pool.install(|| {
            chunk
                .into_par_iter()
                .map(|r| work(r, &opts, output))
                .collect()
        });
        for d in done {
            match d {
                Done::Text(t) => closed = closed || !write_text(&mut out, &t)?,
                Done::Stats(s) => stats.add(s),
                Done::Failed(line) => {
                    errors += 1;
                    stats.add_error();
                    if let Output::Jsonl = output {
                        closed = closed || !write_text(&mut out, &line)?;
                    } else {
                        // The output is a table: the error record goes beside it.
                        let say = || eprint!("negah batch: error record: {line}");
                        progress.as_ref().map_or_else(say, |p| p.suspend(say));
                    }
                }
            }
        }
        bytes += chunk_bytes;
        if let Some(p) = &progress {
            p.set_position(bytes as u64);
            p.set_message(summary(count, errors, bytes, start));
            p.tick();
        }
    }
    if let (Output::Stats, false) = (output, closed) {
        write_text(&mut out, &stats.render(args.stats_format, args.top))?;
    }
    match out.flush() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(Failure::io(format!("cannot write output: {e}")))
        }
        _ => {}
    }
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    eprintln!("negah batch: {}", summary(count, errors, bytes, start));
    Ok(if errors > 0 { EXIT_RECORD_ERRORS } else { 0 })
}

/// The progress line on a terminal: a bar with its ETA when the size of the input is known
/// (files only), else a spinner; both with records, errors, MB and MB/s.
fn progress_bar(files: &[PathBuf]) -> ProgressBar {
    let sizes: Option<u64> = files
        .iter()
        .map(|f| {
            (f.as_os_str() != "-")
                .then(|| std::fs::metadata(f).ok().map(|m| m.len()))
                .flatten()
        })
        .sum();
    let (p, template) = match sizes {
        Some(total) => (
            ProgressBar::new(total),
            "{spinner} {elapsed} [{wide_bar}] {percent}% ETA {eta} · {msg}",
        ),
        None => (ProgressBar::new_spinner(), "{spinner} {elapsed} {msg}"),
    };
    p.set_style(ProgressStyle::with_template(template).expect("a valid template"));
    p
}

/// Writes output text; `false` when the reader has gone (`| head`), which ends the batch
/// quietly.
fn write_text(out: &mut impl Write, text: &str) -> Result<bool, Failure> {
    match out.write_all(text.as_bytes()) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Failure::io(format!("cannot write output: {e}"))),
    }
}

fn summary(count: usize, errors: usize, bytes: usize, start: Instant) -> String {
    let secs = start.elapsed().as_secs_f64();
    let mb = bytes as f64 / 1e6;
    format!(
        "{count} records, {errors} errors, {mb:.1} MB, {secs:.2} s, {:.2} MB/s",
        mb / secs.max(1e-9)
    )
}
