//! Reading the user's file or standard input into text: UTF-8 by default (a byte-order mark
//! is skipped and reported), a named legacy encoding on request (`--encoding windows-1256`),
//! and a clear refusal of anything else, naming the byte offset and, when the bytes look like
//! Windows-1256 or UTF-16, the command that converts them. `--lossy` decodes bad bytes as
//! U+FFFD and says so. Nothing is dropped or changed without a warning.

use super::Failure;
use encoding_rs::{Encoding, UTF_8, WINDOWS_1256};
use negah::analysis::Warning;
use std::io::Read;
use std::path::PathBuf;

/// How to turn the bytes into text.
#[derive(Clone, Debug, Default)]
pub struct Decoding {
    /// An encoding label (`windows-1256`, `utf-8`, …: the WHATWG labels encoding_rs knows).
    pub encoding: Option<String>,
    /// Replace bytes that are not valid in the encoding by U+FFFD instead of refusing.
    pub lossy: bool,
}

/// The text read and what the user should know about how it was read.
pub struct Input {
    pub text: String,
    pub warnings: Vec<Warning>,
}

/// Reads all of `file` (or standard input, for `None` or `-`) and decodes it.
pub fn read_input(file: Option<&PathBuf>, how: &Decoding) -> Result<Input, Failure> {
    let mut bytes = Vec::new();
    let name = match file {
        Some(p) if p.as_os_str() != "-" => {
            bytes = std::fs::read(p)
                .map_err(|e| Failure::io(format!("cannot read {}: {e}", p.display())))?;
            p.display().to_string()
        }
        _ => {
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::io(format!("cannot read standard input: {e}")))?;
            "standard input".to_string()
        }
    };
    decode(&bytes, &name, how)
}

fn warning(code: &str, message: String) -> Warning {
    Warning {
        code: code.into(),
        message,
    }
}

/// Decodes `bytes` (named `name` in messages) as `how` says.
pub fn decode(bytes: &[u8], name: &str, how: &Decoding) -> Result<Input, Failure> {
    let mut warnings = Vec::new();
    if let Some(label) = &how.encoding {
        let enc = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            Failure::input(format!(
                "unknown encoding `{label}` (try windows-1256, utf-8, utf-16le, iso-8859-6)"
            ))
        })?;
        if enc != UTF_8 {
            // A legacy encoding: decoded whole (a BOM of the named encoding is skipped).
            let (text, _, had_errors) = enc.decode(bytes);
            if had_errors && !how.lossy {
                return Err(Failure::input(format!(
                    "{name} is not valid {}: pass --lossy to replace the bad bytes with U+FFFD",
                    enc.name()
                )));
            }
            warnings.push(warning(
                "decoded",
                format!(
                    "{name} was decoded from {}; offsets count characters of the decoded text",
                    enc.name()
                ),
            ));
            if had_errors {
                warnings.push(lossy_warning(name, None));
            }
            return Ok(Input {
                text: text.into_owned(),
                warnings,
            });
        }
    }
    // Binary data is named as such before it is blamed on the encoding.
    if let Some(offset) = memchr::memchr(0, &bytes[..bytes.len().min(1 << 16)]) {
        if !bytes.starts_with(b"\xFF\xFE") && !bytes.starts_with(b"\xFE\xFF") {
            return Err(Failure::input(
                negah::InputError::Binary { offset }.to_string(),
            ));
        }
    }
    let body = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => {
            warnings.push(warning(
                "bom",
                format!(
                    "{name} starts with a UTF-8 byte-order mark, which is not part of the text: it was skipped, and offsets count from the character after it"
                ),
            ));
            rest
        }
        None => bytes,
    };
    // (A SIMD validator with the standard one's error, where invalid text goes wrong: several
    // times the speed of `std::str::from_utf8` on Persian text.)
    match simdutf8::compat::from_utf8(body) {
        Ok(text) => Ok(Input {
            text: text.to_string(),
            warnings,
        }),
        Err(e) => {
            let bom = bytes.len() - body.len();
            let at = e.valid_up_to() + bom;
            if how.lossy {
                warnings.push(lossy_warning(name, Some(at)));
                return Ok(Input {
                    text: String::from_utf8_lossy(body).into_owned(),
                    warnings,
                });
            }
            Err(Failure::input(not_utf8_message(bytes, name, at)))
        }
    }
}

fn lossy_warning(name: &str, first: Option<usize>) -> Warning {
    let at = first.map_or(String::new(), |a| {
        format!(" (the first at byte offset {a})")
    });
    warning(
        "lossy",
        format!(
            "{name} has bytes that are not valid text{at}: each was replaced by U+FFFD (�) as --lossy asks"
        ),
    )
}

/// The refusal of bytes that are not UTF-8: where, and what they look like instead.
fn not_utf8_message(bytes: &[u8], name: &str, at: usize) -> String {
    let head = format!(
        "{name} is not valid UTF-8: invalid byte 0x{:02X} at byte offset {at}",
        bytes[at]
    );
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let which = if bytes[0] == 0xFF {
            "UTF-16LE"
        } else {
            "UTF-16BE"
        };
        return format!(
            "{head}; it is {which} (it starts with that byte-order mark): convert it with `iconv -f {which} -t UTF-8 {} > converted.txt` or pass --encoding {}",
            file_arg(name),
            which.to_lowercase()
        );
    }
    if looks_like_windows_1256(bytes) {
        return format!(
            "{head}; it looks like Windows-1256 (the old Arabic and Persian code page of Windows): convert it with `iconv -f WINDOWS-1256 -t UTF-8 {} > converted.txt` or pass --encoding windows-1256",
            file_arg(name)
        );
    }
    format!(
        "{head}; convert it to UTF-8 first, or pass --lossy to read bad bytes as U+FFFD, or --encoding NAME if you know its encoding"
    )
}

fn file_arg(name: &str) -> String {
    if name == "standard input" {
        "< input.txt".into()
    } else {
        name.into()
    }
}

/// Whether `bytes` look like Windows-1256: more invalid UTF-8 sequences than valid non-ASCII
/// ones (UTF-8 with a stray bad byte is not), and, read as Windows-1256, mostly Arabic-script
/// letters.
fn looks_like_windows_1256(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1 << 16)];
    let as_utf8 = String::from_utf8_lossy(head);
    let bad = as_utf8.matches('\u{FFFD}').count();
    let good = as_utf8
        .chars()
        .filter(|&c| !c.is_ascii() && c != '\u{FFFD}')
        .count();
    if bad <= good {
        return false;
    }
    let (text, _, _) = WINDOWS_1256.decode(head);
    let (mut arabic, mut other) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if negah::normalize::chars::is_arabic_letter(c) {
            arabic += 1;
        } else if !c.is_ascii() {
            other += 1;
        }
    }
    arabic >= 2 && arabic >= 4 * other
}
