//! The normalizer alone (cheaper than `analyze`, so more inputs per second):
//! `negah::invariants::check_normalized` with the default options.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = negah::invariants::check_normalized(text, &Default::default()) {
        panic!("{e}\ntext: {text:?}");
    }
});
