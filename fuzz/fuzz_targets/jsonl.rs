//! `negah batch`'s JSONL reader (`negah::batch::JsonlReader` over `parse_jsonl_record`) and
//! the output line of each record, on any bytes: `negah::invariants::check_jsonl`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = negah::invariants::check_jsonl(data) {
        panic!("{e}\ninput: {:?}", String::from_utf8_lossy(data));
    }
});
