//! python_nested: through the real engine; must not panic, hang or abort.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    amlint::fuzzing::python_nested(data);
});
