//! The shell front-end: lex any text, find the invoke commands, build their invocations.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        amlint::fuzzing::shell(text);
    }
});
