//! Replays the fuzz targets' entry points over every fixture, every corpus file and every input
//! the fuzzers ever found a problem with (`fuzz/regressions/`), so that what fuzzing finds stays
//! fixed. The fuzzing itself is `cargo fuzz run yaml|shell|json|path_ref` (see README).

use crate::common;

use std::path::Path;

fn files_under(root: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn fuzz_entry_points_survive_fixtures_corpus_and_regressions() {
    let mut files = Vec::new();
    files_under(&common::root().join("fixtures"), &mut files);
    files_under(&common::root().join("fuzz/regressions"), &mut files);
    if let Some(corpus) = common::corpus() {
        files_under(&corpus, &mut files);
    }
    assert!(files.len() > 50);
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        amlint::fuzzing::yaml(&text);
        amlint::fuzzing::shell(&text);
        amlint::fuzzing::python(&text);
        amlint::fuzzing::notebook(&text);
        amlint::fuzzing::powershell(&text);
        amlint::fuzzing::json(&text);
        amlint::fuzzing::notebook_one_line(&text);
        amlint::fuzzing::lsp_frames(text.as_bytes());
        for line in text.lines().take(200) {
            amlint::fuzzing::path_ref(line);
            for word in line.split_whitespace() {
                amlint::fuzzing::path_ref(word);
            }
        }
    }
}

#[test]
fn truncations_of_every_fixture_survive() {
    // Cutting a file anywhere makes unclosed quotes, flows and substitutions.
    let mut files = Vec::new();
    files_under(&common::root().join("fixtures"), &mut files);
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for (cut, _) in text.char_indices().step_by(7) {
            amlint::fuzzing::yaml(&text[..cut]);
            amlint::fuzzing::shell(&text[..cut]);
            amlint::fuzzing::python(&text[..cut]);
            amlint::fuzzing::powershell(&text[..cut]);
        }
    }
}

#[test]
fn deep_nesting_survives_at_every_depth_around_the_limits() {
    for levels in [0u8, 24, 25, 26, 127, 128, 200, 255] {
        for brackets in [0u8, 199, 200, 201, 255] {
            let mut data = vec![levels, brackets];
            data.extend_from_slice(b"y = \"unterminated\n");
            amlint::fuzzing::python_nested(&data);
        }
    }
}
