//! What Negah accepts as input, checked before any work starts: one size limit for every face
//! (CLI, wasm API, page) and a refusal of binary data.
//!
//! The limit is one constant so that the page can state it in words, the API can document it
//! and the CLI can name it in its error: a user who pastes a whole site dump learns the limit
//! at once instead of watching the tab run out of memory.

/// The largest text Negah analyzes, in UTF-8 bytes (64 MiB: about 35 million Persian letters,
/// a thousand times a long article). Large enough for any article or a day's feed, small
/// enough that the offset tables of one analysis fit in a browser tab's wasm memory.
pub const MAX_INPUT_BYTES: usize = 64 << 20;

/// Why a text was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    /// A NUL byte: the input is a binary file, not text.
    Binary { offset: usize },
    /// More than [`MAX_INPUT_BYTES`] bytes of UTF-8.
    TooLarge { bytes: usize },
}

/// `bytes` in words: "12.3 MB".
pub fn describe_size(bytes: usize) -> String {
    const MB: f64 = 1_048_576.0;
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / MB)
    } else if bytes >= 1 << 10 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} bytes")
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::Binary { offset } => write!(
                f,
                "the input looks like a binary file (NUL byte at byte offset {offset}), not text"
            ),
            InputError::TooLarge { bytes } => write!(
                f,
                "the input is {} ({bytes} bytes of UTF-8); the limit is {} ({MAX_INPUT_BYTES} bytes): split it into smaller texts",
                describe_size(*bytes),
                describe_size(MAX_INPUT_BYTES)
            ),
        }
    }
}

impl std::error::Error for InputError {}

/// Checks that `text` is something to analyze: at most [`MAX_INPUT_BYTES`] and free of NUL
/// bytes. Cheap (one scan); every face calls it before any other work.
pub fn check_input(text: &str) -> Result<(), InputError> {
    check_size(text.len())?;
    // (A vectorized search: a byte loop over every text was 3–4% of a normalize-only batch.)
    if let Some(offset) = memchr::memchr(0, text.as_bytes()) {
        return Err(InputError::Binary { offset });
    }
    Ok(())
}

/// Checks a size alone, for a face that knows the size before it has the text (the wasm API
/// refuses an over-long JavaScript string before copying it).
pub fn check_size(bytes: usize) -> Result<(), InputError> {
    if bytes > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge { bytes });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_is_enforced_and_named() {
        assert_eq!(check_input(&"ا".repeat(MAX_INPUT_BYTES / 2)), Ok(()));
        let big = "a".repeat(MAX_INPUT_BYTES + 1);
        let e = check_input(&big).unwrap_err();
        assert_eq!(
            e,
            InputError::TooLarge {
                bytes: MAX_INPUT_BYTES + 1
            }
        );
        let m = e.to_string();
        assert!(m.contains("64.0 MB") && m.contains("67108864 bytes"), "{m}");
    }

    #[test]
    fn binary_is_refused_at_its_offset() {
        let e = check_input("سلام\0").unwrap_err();
        assert_eq!(e, InputError::Binary { offset: 8 });
        assert!(e.to_string().contains("byte offset 8"));
    }
}
