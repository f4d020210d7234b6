//! `analyze` on any text: every promise of `negah::invariants::check_text` (spans, offsets in
//! three units, edits, ids, determinism, idempotent normalization), under options picked by
//! the first byte (`negah::invariants::split_fuzz_input`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (opts, data) = negah::invariants::split_fuzz_input(data);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if negah::check_input(text).is_err() {
        return;
    }
    if let Err(e) = negah::invariants::check_text(text, &opts) {
        panic!("{e}\ntext: {text:?}\noptions: {opts:?}");
    }
});
