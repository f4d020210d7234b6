//! `negah tag --conll`'s reader, the tagger and the writer on any input:
//! `negah::invariants::check_conll`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = negah::invariants::check_conll(text) {
        panic!("{e}\ntext: {text:?}");
    }
});
