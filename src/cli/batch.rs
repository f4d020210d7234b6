//! `negah batch`: an archive in, one JSON line per record out, in input order, on all cores.
//!
//! Records are read lazily and analyzed in chunks of [`CHUNK_RECORDS`] records (or
//! [`CHUNK_BYTES`] of input, whichever comes first) with rayon; each chunk's lines are
//! written in order before the next chunk is read. Memory is therefore bounded by one chunk,
//! whatever the size of the archive, and the output does not depend on the thread count.

use super::Failure;
use indicatif::{ProgressBar, ProgressStyle};
use negah::batch::{process, text_record, BatchOptions, JsonlReader, Record, RecordError};
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

/// The records of all sources, one source open at a time.
struct Records {
    sources: std::vec::IntoIter<PathBuf>,
    jsonl: Option<JsonlReader<Box<dyn BufRead>>>,
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
            return Some(read_text_file(&path, &name));
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

/// A text file as one record, reading at most one byte past the size limit.
fn read_text_file(path: &PathBuf, name: &str) -> Item {
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path)
        .and_then(|f| f.take(MAX_INPUT_BYTES as u64 + 1).read_to_end(&mut bytes));
    match read {
        Ok(n) if n > MAX_INPUT_BYTES => {
            let full = std::fs::metadata(path).map_or(n, |m| m.len() as usize);
            let e = negah::InputError::TooLarge { bytes: full };
            let err = RecordError::new(Some(negah::batch::path_id(name)), 1, e.to_string());
            (Err(err), full)
        }
        Ok(n) => (text_record(name, bytes), n),
        Err(e) => (Err(unreadable(name, e)), 0),
    }
}

/// Runs a batch; returns the exit code (0, or [`EXIT_RECORD_ERRORS`]).
pub fn run(files: Vec<PathBuf>, opts: &BatchOptions, threads: usize) -> Result<i32, Failure> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Failure::io(format!("cannot start threads: {e}")))?;
    let files = if files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        files
    };
    let mut records = Records {
        sources: files.into_iter(),
        jsonl: None,
    };
    let progress = std::io::stderr().is_terminal().then(|| {
        let p = ProgressBar::new_spinner();
        p.set_style(ProgressStyle::with_template("{spinner} {elapsed} {msg}").expect("template"));
        p
    });
    let start = Instant::now();
    let (mut count, mut errors, mut bytes) = (0usize, 0usize, 0usize);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    loop {
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
        let lines: Vec<(String, bool)> =
            pool.install(|| chunk.into_par_iter().map(|r| process(r, opts)).collect());
        let mut closed = false;
        for (line, failed) in &lines {
            errors += usize::from(*failed);
            closed = closed || !write_line(&mut out, line)?;
        }
        count += lines.len();
        bytes += chunk_bytes;
        if let Some(p) = &progress {
            p.set_message(summary(count, errors, bytes, start));
            p.tick();
        }
        if closed {
            break;
        }
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

/// Writes one line; `false` when the reader has gone (`| head`), which ends the batch quietly.
fn write_line(out: &mut impl Write, line: &str) -> Result<bool, Failure> {
    match out
        .write_all(line.as_bytes())
        .and_then(|_| out.write_all(b"\n"))
    {
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
