//! `conformance/rules.toml` declares what each rule rests on (the SDK raises, the SDK changes what
//! is sent, the service, the CLI, amlint's policy). The conformance suite judges amlint against it,
//! so it must name every rule of the registry, and nothing else.

mod common;

use std::collections::BTreeSet;

const CLASSES: &[&str] = &[
    "sdk-raises",
    "sdk-changes",
    "service-side",
    "cli-side",
    "policy",
];

#[test]
fn the_conformance_table_classifies_every_rule_and_only_rules() {
    let text = std::fs::read_to_string(common::root().join("conformance/rules.toml")).unwrap();
    let table: toml::Table = text.parse().expect("rules.toml is TOML");
    let rules = table["rules"].as_table().expect("a [rules] table");
    let registered: BTreeSet<&str> = amlint::rules::RULES.iter().map(|r| r.id()).collect();
    let declared: BTreeSet<&str> = rules.keys().map(String::as_str).collect();
    let unclassified: Vec<_> = registered.difference(&declared).collect();
    let unknown: Vec<_> = declared.difference(&registered).collect();
    assert!(
        unclassified.is_empty(),
        "rules missing from conformance/rules.toml: {unclassified:?}"
    );
    assert!(
        unknown.is_empty(),
        "conformance/rules.toml names rules amlint does not have: {unknown:?}"
    );
    for (id, entry) in rules {
        let class = entry["class"].as_str().unwrap_or_default();
        assert!(CLASSES.contains(&class), "{id}: class {class:?}");
        if !class.starts_with("sdk-") {
            assert!(
                entry.get("source").and_then(|s| s.as_str()).is_some(),
                "{id} is {class}: it needs its `source`"
            );
        }
        for covered in entry
            .get("covers")
            .and_then(|c| c.as_array())
            .into_iter()
            .flatten()
        {
            let covered = covered.as_str().unwrap_or_default();
            assert!(
                registered.contains(covered),
                "{id} covers unknown {covered}"
            );
        }
    }
}

/// A message as compared: without white space, `'` read as `"` (the suite's `same_words`).
fn same_words(text: &str) -> String {
    text.split_whitespace()
        .collect::<String>()
        .replace('\'', "\"")
}

/// A fixture's `# sdk-raises: TEXT` says what the real azure-ai-ml raises on it (the conformance
/// suite checks that); the rule the fixture is for must quote it in its documentation, so that
/// `amlint rule ID` shows the SDK's own words.
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
