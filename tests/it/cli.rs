//! End-to-end tests of the command line: exit codes, the JSON report, rule selection, positions on
//! awkward text, credentials, unreadable files, folder walking and rule documentation.

use crate::common;

use std::fs;

use common::{check_json, diagnostics, positions, root, run};
use serde_json::Value;

fn write(dir: &std::path::Path, name: &str, text: &[u8]) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

const HYPHEN: &str =
    "inputs:\n  heart-data:\n    type: uri_folder\n    path: azureml:heart-data@latest\n";

#[test]
fn json_report_matches_the_spec_shape() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "inputs.yml", HYPHEN.as_bytes());
    let (code, report) = check_json(&["--deployment-kind", "pipeline", "inputs.yml"], dir.path());
    assert_eq!(code, 1);
    assert_eq!(report["version"], 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "input-key-charset");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "inputs.yml");
    assert_eq!(
        d["range"],
        serde_json::json!({"start": {"line": 2, "column": 3}, "end": {"line": 2, "column": 13}})
    );
    assert_eq!(
        d["message"],
        "input name `heart-data` contains `-`; names may hold only letters, digits and `_`"
    );
    assert_eq!(
        d["help"],
        "rename it to `heart_data` (and the deployment's input of the same name)"
    );
    assert_eq!(d["deployment_kind"], "pipeline");
    assert_eq!(
        report["summary"],
        serde_json::json!({"files": 1, "errors": 1, "warnings": 0})
    );
}

#[test]
fn empty_report_is_still_written_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "inputs.yml",
        b"inputs:\n  heart_data:\n    type: uri_folder\n    path: azureml:heart-data@latest\n",
    );
    let (code, report) = check_json(&["inputs.yml"], dir.path());
    assert_eq!(code, 0);
    assert_eq!(report["diagnostics"], serde_json::json!([]));
}

#[test]
fn model_kind_makes_the_key_charset_finding_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "inputs.yml", HYPHEN.as_bytes());
    let (code, report) = check_json(&["--deployment-kind", "model", "inputs.yml"], dir.path());
    assert_eq!(report["diagnostics"][0]["severity"], "warning");
    assert_eq!(report["diagnostics"][0]["deployment_kind"], "model");
    assert_eq!(code, 0, "a warning does not fail the run by default");
    let (code, _) = check_json(
        &[
            "--deployment-kind",
            "model",
            "--fail-on",
            "warning",
            "inputs.yml",
        ],
        dir.path(),
    );
    assert_eq!(code, 1);
}

#[test]
fn select_and_ignore_filter_rules_and_unknown_ids_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "inputs.yml",
        b"inputs:\n  heart-data:\n    type: float\n    default: 1\n",
    );
    let (_, all) = check_json(&["inputs.yml"], dir.path());
    assert_eq!(positions(&all).len(), 2);
    let (_, only) = check_json(
        &["--select", "literal-type-float", "inputs.yml"],
        dir.path(),
    );
    assert_eq!(positions(&only), vec![("literal-type-float".into(), 3, 11)]);
    let (code, ignored) = check_json(
        &[
            "--ignore",
            "literal-type-float,input-key-charset",
            "inputs.yml",
        ],
        dir.path(),
    );
    assert_eq!(code, 0);
    assert!(positions(&ignored).is_empty());
    let out = run(
        &["check", "--select", "input-key-charst", "inputs.yml"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("did you mean `input-key-charset`"),
        "{stderr}"
    );
}

#[test]
fn positions_are_exact_with_crlf_bom_and_non_ascii_text() {
    let dir = tempfile::tempdir().unwrap();
    let lf = "# données: é日本\ninputs:\n  heart-data:\n    type: uri-folder\n    path: azureml:données@latest\n";
    write(dir.path(), "lf.yml", lf.as_bytes());
    write(dir.path(), "crlf.yml", lf.replace('\n', "\r\n").as_bytes());
    let mut bom = "\u{feff}".as_bytes().to_vec();
    bom.extend_from_slice(lf.replace('\n', "\r\n").as_bytes());
    write(dir.path(), "bom.yml", &bom);
    write(
        dir.path(),
        "wide.yml",
        "inputs:\n  日本: {type: uri-folder, path: x}\n".as_bytes(),
    );
    let (_, reference) = check_json(&["lf.yml"], dir.path());
    let expected = positions(&reference);
    assert_eq!(
        expected,
        vec![
            ("input-key-charset".into(), 3, 3),
            ("unknown-input-type".into(), 4, 11)
        ]
    );
    for name in ["crlf.yml", "bom.yml"] {
        let (_, report) = check_json(&[name], dir.path());
        assert_eq!(positions(&report), expected, "{name}");
        assert_eq!(
            report["diagnostics"][0]["range"]["end"]["column"], 13,
            "{name}"
        );
    }
    // Columns count characters: `uri-folder` starts at the 14th character of
    // `  日本: {type: uri-folder`, though at its 18th byte.
    let (_, wide) = check_json(&["--select", "unknown-input-type", "wide.yml"], dir.path());
    assert_eq!(positions(&wide), vec![("unknown-input-type".into(), 2, 14)]);
}

#[test]
fn credentials_never_reach_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "c2VjcmV0U0FTdG9rZW5WYWx1ZQ";
    let text = format!(
        "inputs:\n  heart-data:\n    type: uri_folder\n    path: https://a.blob.core.windows.net/c/heart.csv?sv=2022&sp=r&sig={secret}\n  other:\n    type: uri_folder\n    path: wasbs://user:{secret}@acct/x\n"
    );
    write(dir.path(), "inputs.yml", text.as_bytes());
    for format in ["human", "json"] {
        let out = run(&["check", "--format", format, "inputs.yml"], dir.path());
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stdout.contains("embedded-credential"), "{format}: {stdout}");
        assert!(
            !stdout.contains(secret) && !stderr.contains(secret),
            "{format} leaked: {stdout}"
        );
        if format == "human" {
            assert!(
                stdout.contains("sig=****"),
                "the snippet shows where the secret was: {stdout}"
            );
        }
    }
}

#[test]
fn unreadable_files_are_reported_and_the_rest_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.yml", HYPHEN.as_bytes());
    write(dir.path(), "latin1.yml", b"inputs:\n  caf\xe9: {}\n");
    write(dir.path(), "binary.yml", b"\x00\x01\x02inputs:");
    let (code, report) = check_json(&["good.yml", "latin1.yml", "binary.yml"], dir.path());
    assert_eq!(code, 1);
    let found = positions(&report);
    assert!(
        found.contains(&("input-key-charset".into(), 2, 3)),
        "{found:?}"
    );
    let read_errors: Vec<&Value> = diagnostics(&report)
        .iter()
        .filter(|d| d["rule"] == "read-error")
        .collect();
    assert_eq!(read_errors.len(), 2, "{report}");
    // A named path that does not exist at all is exit code 2, and the others are still checked.
    let (code, report) = check_json(&["good.yml", "missing.yml"], dir.path());
    assert_eq!(code, 2);
    assert!(positions(&report).contains(&("input-key-charset".into(), 2, 3)));
}

#[cfg(unix)]
#[test]
fn a_fifo_is_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.yml", HYPHEN.as_bytes());
    let fifo = dir.path().join("pipe.yml");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    // Walking the folder skips it; naming it is a usage problem (exit 2) — neither blocks.
    let (code, report) = check_json(&["."], dir.path());
    assert_eq!(code, 1);
    assert_eq!(report["summary"]["files"], 1);
    let (code, _) = check_json(&["pipe.yml", "good.yml"], dir.path());
    assert_eq!(code, 2);
}

#[test]
fn walking_picks_inputs_files_by_content_and_respects_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a/inputs.yml", HYPHEN.as_bytes());
    write(d, "a/payload.yaml", HYPHEN.as_bytes());
    write(d, "ignored/inputs.yml", HYPHEN.as_bytes());
    write(d, ".gitignore", b"ignored/\n");
    write(d, "node_modules/x/inputs.yml", HYPHEN.as_bytes());
    // Things that have `inputs:` but are not inputs files.
    write(
        d,
        "pipeline.yml",
        b"type: pipeline\ninputs:\n  bad-name: {type: uri_folder}\njobs: {}\n",
    );
    write(
        d,
        "action.yml",
        b"name: x\ninputs:\n  bad-name: {}\nruns: {using: node20}\n",
    );
    write(
        d,
        "inspec/inputs.yml",
        b"inputs:\n  - name: bad-name\n    value: 1\n",
    );
    let (code, report) = check_json(&["."], d);
    assert_eq!(code, 1);
    let files: Vec<&str> = diagnostics(&report)
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, vec!["a/inputs.yml", "a/payload.yaml"]);
    // Named explicitly, an ignored file is checked.
    let (_, named) = check_json(&["ignored/inputs.yml"], d);
    assert_eq!(named["diagnostics"][0]["file"], "ignored/inputs.yml");
}

#[test]
fn rules_lists_every_rule_of_the_catalog_and_rule_prints_its_docs() {
    let out = run(&["rules"], root());
    assert_eq!(out.status.code(), Some(0));
    let listing = String::from_utf8_lossy(&out.stdout);
    let catalog = fs::read_to_string(root().join("../shared/RULES.md")).ok();
    let mut ids: Vec<String> = amlint::rules::RULES
        .iter()
        .map(|r| r.id().to_string())
        .collect();
    if let Some(catalog) = catalog {
        // Every id of sections 1–6, 2b, 5b, 6b and 8 of the catalog is implemented; section 7 is
        // the tool's own.
        let sections: String = catalog
            .split("\n## ")
            .filter(|s| {
                s.split_once('.').is_some_and(|(n, _)| {
                    matches!(n, "1" | "2" | "2b" | "3" | "4" | "5" | "5b" | "6")
                })
            })
            .collect();
        for line in sections.lines() {
            if let Some(id) = line.strip_prefix("| `").and_then(|l| l.split('`').next()) {
                assert!(
                    ids.contains(&id.to_string()),
                    "catalog id {id} is not implemented"
                );
            }
        }
    }
    ids.sort();
    for id in &ids {
        assert!(
            listing.lines().any(|l| l.starts_with(id.as_str())),
            "{id} not listed"
        );
        let out = run(&["rule", id], root());
        assert_eq!(out.status.code(), Some(0));
        let docs = String::from_utf8_lossy(&out.stdout);
        assert!(docs.starts_with(&format!("# {id}\n")), "{docs}");
        for heading in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Fix",
        ] {
            assert!(docs.contains(heading), "{id}: {heading}");
        }
    }
    let out = run(&["rule", "no-such-rule"], root());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn human_output_has_no_colour_when_piped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "inputs.yml", HYPHEN.as_bytes());
    let out = common::amlint()
        .args(["check", "inputs.yml"])
        .current_dir(dir.path())
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout.contains('\u{1b}'),
        "escape codes in piped output: {stdout:?}"
    );
    assert!(stdout.contains("help: rename it to `heart_data`"));
}

#[test]
fn verbose_says_what_decided_the_deployment_kind() {
    let out = run(
        &[
            "check",
            "--verbose",
            "fixtures/projects/model-and-pipeline/bad-invoke-each.sh",
        ],
        root(),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stderr.contains("bad-invoke-each.sh:6:1: deployment kind model (deployment `scorer` in")
            && stderr.contains("model/deployment.yml"),
        "{stderr}"
    );
    assert!(
        stderr.contains("deployment kind pipeline (deployment `preprocess-score`"),
        "{stderr}"
    );
    assert!(
        stdout.contains("note: checked against a model deployment (deployment `scorer`"),
        "{stdout}"
    );
    let ambiguous = run(
        &[
            "check",
            "-v",
            "fixtures/projects/ambiguous/good-inputs-literal.yml",
        ],
        root(),
    );
    let stderr = String::from_utf8_lossy(&ambiguous.stderr);
    assert!(
        stderr.contains("deployment kind unknown: the deployments under"),
        "{stderr}"
    );
    assert_eq!(ambiguous.status.code(), Some(0));
}

#[test]
fn json_carries_the_kind_each_finding_was_checked_against() {
    let (code, report) = check_json(
        &["fixtures/projects/one-model/bad-inputs-literal.yml"],
        root(),
    );
    assert_eq!(code, 1);
    for d in diagnostics(&report) {
        assert_eq!(d["deployment_kind"], "model", "{d}");
    }
}

#[test]
fn schema_command_prints_the_editor_schemas() {
    for which in [
        "inputs",
        "model-deployment",
        "pipeline-deployment",
        "endpoint",
    ] {
        let out = run(&["schema", which], root());
        assert_eq!(out.status.code(), Some(0));
        let schema: Value = serde_json::from_slice(&out.stdout).expect("a JSON schema");
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    }
}

#[test]
fn a_finding_in_a_variable_mentions_the_sdk_call() {
    let (_, report) = check_json(&["fixtures/input-key-charset/bad-sdk-call.py"], root());
    let finding = diagnostics(&report)
        .iter()
        .find(|d| d["rule"] == "asset-version-latest")
        .unwrap();
    assert_eq!(finding["range"]["start"]["line"], 8, "at the literal");
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .ends_with("(used by the `batch_endpoints.invoke` call on line 9)"),
        "{finding}"
    );
}
