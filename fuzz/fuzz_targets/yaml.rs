//! The YAML front-end: parse any text, build the inputs-file model, run every rule.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        amlint::fuzzing::yaml(text);
    }
});
