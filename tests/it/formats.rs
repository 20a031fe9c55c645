//! The output formats, standard input, configuration and inline ignores, end to end.

use crate::common;

use std::fs;

use common::{check_json, positions, root, run};
use serde_json::Value;

fn output(args: &[&str]) -> String {
    let out = run(args, root());
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn sarif_report() {
    let text = output(&[
        "check",
        "--format",
        "sarif",
        "fixtures/input-key-charset/bad-hyphen.yml",
    ]);
    let sarif: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "amlint");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), amlint::rules::RULES.len());
    assert_eq!(
        run["tool"]["driver"]["informationUri"],
        env!("CARGO_PKG_REPOSITORY")
    );
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty(),
            "{rule}"
        );
        // GitHub caps fullDescription; the full docs are in `help`.
        let full = rule["fullDescription"]["text"].as_str().unwrap();
        assert!(
            !full.is_empty() && full.chars().count() <= 1000,
            "{id}: {full}"
        );
        assert!(!full.contains("## "), "{id}: {full}");
        assert!(
            rule["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("## Why is this bad?")
        );
        // A name distinct from the id (SARIF1001), in ruff's CamelCase.
        let name = rule["name"].as_str().unwrap();
        assert_ne!(name, id);
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric()), "{name}");
        assert!(
            rule["helpUri"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/docs/rules/{id}.md")),
            "{rule}"
        );
        let properties = &rule["properties"];
        assert!(properties["tags"].as_array().is_some_and(|t| !t.is_empty()));
        assert!(properties["precision"].is_string());
        assert_eq!(
            properties["problem.severity"],
            rule["defaultConfiguration"]["level"]
        );
    }
    let name_of = |id: &str| {
        rules
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| r["name"].clone())
    };
    assert_eq!(name_of("input-key-charset"), Some("InputKeyCharset".into()));
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "input-key-charset");
    assert_eq!(result["level"], "error");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(3), Some(3))
    );
    let artifact = &result["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(artifact["uri"], "fixtures/input-key-charset/bad-hyphen.yml");
    assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
    let srcroot = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        srcroot.starts_with("file:///") && srcroot.ends_with('/'),
        "{srcroot}"
    );
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "input-key-charset");
}

#[test]
fn sarif_carries_fixes() {
    let text = output(&[
        "check",
        "--format",
        "sarif",
        "fixtures/literal-type-float/bad-float.yml",
    ]);
    let sarif: Value = serde_json::from_str(&text).unwrap();
    let fix = &sarif["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(fix["insertedContent"]["text"], "number");
    assert_eq!(fix["deletedRegion"]["startLine"], 4);
}

#[test]
fn github_annotations() {
    insta::assert_snapshot!(output(&[
        "check",
        "--format",
        "github",
        "fixtures/abbreviated-flag/bad-prefixes.sh"
    ]));
}

#[test]
fn compact_lines() {
    insta::assert_snapshot!(output(&[
        "check",
        "--format",
        "compact",
        "fixtures/input-key-charset/bad-dot-space-digit.yml"
    ]));
}

#[test]
fn bad_format_is_a_usage_error() {
    assert_eq!(
        run(&["check", "--format", "nonsense", "."], root())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn standard_input_is_checked_under_its_name_and_in_its_folder() {
    let text =
        fs::read_to_string(root().join("fixtures/projects/one-model/bad-inputs-literal.yml"))
            .unwrap();
    let out = common::amlint()
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "fixtures/projects/one-model/edited.yml",
            "-",
        ])
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(text.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The project around the name decides the kind: a model deployment.
    assert!(
        positions(&report).contains(&("model-deployment-literal-or-nonuri".into(), 9, 11)),
        "{report}"
    );
    assert_eq!(
        report["diagnostics"][0]["file"],
        "fixtures/projects/one-model/edited.yml"
    );
}

#[test]
fn config_is_found_upward_and_a_bad_config_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = "inputs:\n  heart-data:\n    type: float\n    default: 1\n";
    fs::create_dir_all(dir.path().join("proj/sub")).unwrap();
    fs::write(dir.path().join("proj/sub/inputs.yml"), bad).unwrap();
    fs::write(
        dir.path().join("proj/amlint.toml"),
        "ignore = [\"input-key-charset\"]\n[severity]\nliteral-type-float = \"warning\"\n",
    )
    .unwrap();
    let (code, report) = check_json(&["proj"], dir.path());
    assert_eq!(code, 0, "{report}");
    assert_eq!(
        positions(&report),
        vec![("literal-type-float".into(), 3, 11)]
    );
    assert_eq!(report["diagnostics"][0]["severity"], "warning");
    // --ignore adds to the config's; --select replaces its selection.
    let (_, report) = check_json(&["--select", "input-key-charset", "proj"], dir.path());
    assert!(
        positions(&report).is_empty(),
        "the config still ignores it: {report}"
    );
    // An unknown key is a clear error, not ignored.
    fs::write(
        dir.path().join("proj/amlint.toml"),
        "ignored = [\"input-key-charset\"]\n",
    )
    .unwrap();
    let out = run(&["check", "proj"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("invalid config") && stderr.contains("unknown field `ignored`"),
        "{stderr}"
    );
    // --config names one explicitly.
    fs::write(
        dir.path().join("other.toml"),
        "select = [\"input-key-charset\"]\n",
    )
    .unwrap();
    let (code, report) = check_json(&["--config", "other.toml", "proj"], dir.path());
    assert_eq!(code, 1);
    assert_eq!(positions(&report), vec![("input-key-charset".into(), 2, 3)]);
    let out = run(&["check", "--config", "missing.toml", "proj"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn inline_ignores_silence_and_stale_ones_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let text = "inputs:\n  heart-data:  # amlint: ignore[input-key-charset]\n    type: uri_folder\n    path: azureml:h@latest\n";
    fs::write(dir.path().join("inputs.yml"), text).unwrap();
    let (code, report) = check_json(&["inputs.yml"], dir.path());
    assert_eq!(code, 0);
    assert!(positions(&report).is_empty());
    fs::write(
        dir.path().join("inputs.yml"),
        text.replace("heart-data", "heart_data"),
    )
    .unwrap();
    let (code, report) = check_json(&["inputs.yml"], dir.path());
    assert_eq!(code, 0, "unused-ignore is a warning");
    assert_eq!(positions(&report), vec![("unused-ignore".into(), 2, 33)]);
    let (code, _) = check_json(&["--fail-on", "warning", "inputs.yml"], dir.path());
    assert_eq!(code, 1);
}

/// The SARIF results as written, byte for byte (the rule descriptors, which repeat the rules'
/// docs, and the absolute root are left out): they are typed and written one at a time, so a
/// field out of order or a changed shape shows here in review, as the JSON report's does.
#[test]
fn sarif_results_as_written() {
    let text = output(&[
        "check",
        "--format",
        "sarif",
        "fixtures/literal-type-float/bad-float.yml",
    ]);
    let start = text.find("      \"results\": [").expect("results");
    let end = text.find("      \"tool\": {").expect("tool after results");
    insta::assert_snapshot!(&text[start..end]);
}
