//! The notebook front-end: any text, through the real engine.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        amlint::fuzzing::notebook(text);
    }
});
