//! The command-line face. Exit codes: 0 success, 1 an I/O failure, 2 bad input or usage,
//! 3 `batch` finished but some records failed (their error lines are in the output).

mod batch;
mod input;
mod render;
mod stats;
mod table;
mod tag;

use clap::{Parser, Subcommand, ValueEnum};
use negah::{try_analyze, EditKind, NormOptions, OffsetUnit, Options};
use std::io::Write;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "negah",
    version,
    about = "Persian news-text analyzer: normalization, entities, quotes"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// The whole analysis, every offset.
    Json,
    /// A summary to read: people, who said what, the other entities with counts.
    Text,
    /// A spreadsheet table (see --table).
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Unit {
    Codepoint,
    Utf16,
    Byte,
}

#[derive(Clone, Copy, ValueEnum)]
enum Digits {
    Keep,
    Persian,
    #[value(alias = "latin")]
    Ascii,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Scheme {
    Peyma,
    Arman,
}

#[derive(clap::Args, Clone)]
pub struct NormArgs {
    /// Edit kinds not to apply (comma-separated: char,digit,diacritic,invisible,punctuation,dash,spacing,zwnj,ezafe,split,boilerplate).
    #[arg(long, value_delimiter = ',')]
    disable: Vec<String>,
    /// House style: academy (default: دستور خط فارسی), press, joined or minimal, optionally
    /// with overrides: `academy,ezafe=yeh,comparative=joined,plural=joined,digits=latin,punctuation=keep`.
    #[arg(long, default_value = "academy")]
    style: String,
    /// Script of digits in the output (overrides the style's).
    #[arg(long, value_enum)]
    digits: Option<Digits>,
}

#[derive(clap::Args, Clone)]
pub struct InputArgs {
    /// Read the input in this encoding instead of UTF-8 (e.g. windows-1256; any WHATWG label).
    #[arg(long)]
    encoding: Option<String>,
    /// Replace bytes that are not valid text by U+FFFD (with a warning) instead of refusing.
    #[arg(long)]
    lossy: bool,
}

impl InputArgs {
    fn decoding(&self) -> input::Decoding {
        input::Decoding {
            encoding: self.encoding.clone(),
            lossy: self.lossy,
        }
    }
}

/// The options `analyze` and `batch` share: offsets, normalization, how input is read.
#[derive(clap::Args, Clone)]
pub struct AnalysisArgs {
    /// Offset unit of spans in the JSON.
    #[arg(long, value_enum, default_value = "codepoint")]
    offsets: Unit,
    #[command(flatten)]
    norm: NormArgs,
    #[command(flatten)]
    input: InputArgs,
}

impl AnalysisArgs {
    fn options(&self) -> Result<Options, Failure> {
        Ok(Options {
            normalize: norm_options(&self.norm)?,
            offsets: offset_unit(self.offsets),
            ..Options::default()
        })
    }
}

#[derive(Subcommand)]
enum Command {
    /// Analyze one article (FILE, or - / nothing for standard input).
    Analyze {
        file: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        #[command(flatten)]
        csv: table::CsvArgs,
        #[command(flatten)]
        analysis: AnalysisArgs,
    },
    /// Normalize standard input to standard output, one output line per input line.
    Normalize {
        #[command(flatten)]
        norm: NormArgs,
        #[command(flatten)]
        input: InputArgs,
    },
    Batch(batch::BatchArgs),
    /// Tag tokens (one per line, blank line between sentences) with entity tags in IOB2.
    Tag {
        /// Read and write CoNLL-style `token<TAB>…` lines (the only format for now).
        #[arg(long)]
        conll: bool,
        /// The corpus tag set to write.
        #[arg(long, value_enum, default_value = "peyma")]
        scheme: Scheme,
        #[command(flatten)]
        input: InputArgs,
    },
}

/// An error with the exit code it maps to.
pub struct Failure {
    code: i32,
    message: String,
}

impl Failure {
    fn input(message: impl Into<String>) -> Failure {
        Failure {
            code: 2,
            message: message.into(),
        }
    }
    fn io(message: impl Into<String>) -> Failure {
        Failure {
            code: 1,
            message: message.into(),
        }
    }
}

pub fn main() -> i32 {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(f) => {
            eprintln!("negah: {}", f.message);
            f.code
        }
    }
}

fn offset_unit(u: Unit) -> OffsetUnit {
    match u {
        Unit::Codepoint => OffsetUnit::Codepoint,
        Unit::Utf16 => OffsetUnit::Utf16,
        Unit::Byte => OffsetUnit::Byte,
    }
}

fn norm_options(a: &NormArgs) -> Result<NormOptions, Failure> {
    let mut opts = NormOptions::default();
    for name in &a.disable {
        let kind = EditKind::from_name(name.trim())
            .ok_or_else(|| Failure::input(format!("unknown edit kind `{name}`")))?;
        opts.disabled.push(kind);
    }
    opts.style = negah::normalize::Style::parse(&a.style).map_err(Failure::input)?;
    opts.digits = a.digits.map(|d| match d {
        Digits::Keep => negah::normalize::DigitStyle::Keep,
        Digits::Persian => negah::normalize::DigitStyle::Persian,
        Digits::Ascii => negah::normalize::DigitStyle::Ascii,
    });
    Ok(opts)
}

fn write_out(s: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::io(format!("cannot write output: {e}"))),
    }
}

/// Reads and checks the input (size, binary) of a command that prints text rather than an
/// analysis: its warnings go to standard error.
fn read_checked(file: Option<&PathBuf>, args: &InputArgs) -> Result<String, Failure> {
    let input = input::read_input(file, &args.decoding())?;
    negah::check_input(&input.text).map_err(|e| Failure::input(e.to_string()))?;
    for w in &input.warnings {
        eprintln!("negah: warning: {}", w.message);
    }
    Ok(input.text)
}

fn run(cli: Cli) -> Result<i32, Failure> {
    match cli.command {
        Command::Analyze {
            file,
            format,
            csv,
            analysis,
        } => {
            let read = input::read_input(file.as_ref(), &analysis.input.decoding())?;
            let text = read.text;
            let opts = analysis.options()?;
            let mut a = try_analyze(&text, &opts).map_err(|e| Failure::input(e.to_string()))?;
            // How the bytes were read comes first: it explains what follows.
            a.warnings.splice(0..0, read.warnings);
            let s = match format {
                Format::Json => {
                    let mut s =
                        serde_json::to_string_pretty(&a).map_err(|e| Failure::io(e.to_string()))?;
                    s.push('\n');
                    s
                }
                Format::Text => render::render(&a),
                Format::Csv => {
                    // A table has no place for them: how the input was read goes to stderr.
                    for w in &a.warnings {
                        eprintln!("negah: warning: {}", w.message);
                    }
                    table::csv(&a, csv)
                }
            };
            write_out(&s).map(|()| 0)
        }
        Command::Batch(args) => batch::run(args),
        Command::Normalize { norm, input } => {
            let opts = norm_options(&norm)?;
            let text = read_checked(None, &input)?;
            write_out(&negah::normalize(&text, &opts).text).map(|()| 0)
        }
        Command::Tag {
            conll: _,
            scheme,
            input,
        } => {
            let text = read_checked(None, &input)?;
            write_out(&tag::tag_conll(&text, scheme)).map(|()| 0)
        }
    }
}
