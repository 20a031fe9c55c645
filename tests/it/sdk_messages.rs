//! A fixture's `# sdk-raises: TEXT` header says what the real azure-ai-ml raises on it (the
//! conformance suite checks that the SDK's exception says it): the rule the fixture is for must
//! quote the same words in its documentation, so that `amlint rule ID` shows the SDK's own.

use crate::common;

/// A message as compared: without white space, `'` read as `"` (the suite's `same_words`).
fn same_words(text: &str) -> String {
    text.split_whitespace()
        .collect::<String>()
        .replace('\'', "\"")
}

#[test]
fn every_sdk_message_a_fixture_expects_is_quoted_in_its_rules_docs() {
    let mut folders = vec![common::root().join("fixtures")];
    let mut checked = 0;
    let mut missing = Vec::new();
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let rule = path
                .parent()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            for line in text.lines() {
                let Some(quoted) = line.trim().strip_prefix("# sdk-raises:") else {
                    continue;
                };
                checked += 1;
                let docs = amlint::rules::docs(&rule).unwrap_or_default();
                if !same_words(docs).contains(&same_words(quoted.trim())) {
                    missing.push(format!(
                        "{}: `{rule}` does not quote {:?}",
                        path.display(),
                        quoted.trim()
                    ));
                }
            }
        }
    }
    assert!(checked > 0, "no fixture says what the SDK raises");
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
