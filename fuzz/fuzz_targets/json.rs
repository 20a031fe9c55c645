//! json: REST bodies through the real engine (a .json file, a curl body, a Markdown fence); must
//! not panic, hang or abort.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        amlint::fuzzing::json(text);
    }
});
