//! `conformance/rules.toml` declares what each rule rests on (the SDK raises, the SDK changes what
//! is sent, the service, the CLI, amlint's policy). The conformance suite judges amlint against it,
//! so it must name every rule of the registry, and nothing else.

use crate::common;

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
