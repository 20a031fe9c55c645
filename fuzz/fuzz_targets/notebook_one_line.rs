//! notebook_one_line: through the real engine; must not panic, hang or abort.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        amlint::fuzzing::notebook_one_line(text);
    }
});
