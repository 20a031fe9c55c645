//! The JSON report on every fixture and on the shared corpus, as snapshots: a change meant to
//! make amlint faster (walks, caches, parallelism, lazy patterns) must leave it byte-identical.

use crate::common;

use common::{root, run};

fn json_report(paths: &[&str]) -> String {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(paths);
    let out = run(&args, root());
    String::from_utf8(out.stdout).expect("UTF-8 report")
}

#[test]
fn the_json_report_on_the_fixtures_is_unchanged() {
    insta::assert_snapshot!(json_report(&["fixtures"]));
}

#[test]
fn the_json_report_on_the_corpus_is_unchanged() {
    if common::corpus().is_none() {
        eprintln!("no ../shared/corpus beside this checkout: skipped");
        return;
    }
    insta::assert_snapshot!(json_report(&["../shared/corpus"]));
}

/// One file alone (no thread pool) and the same file among others report the same findings.
#[test]
fn one_file_alone_reports_as_it_does_among_others() {
    let file = "fixtures/literal-type-float/bad-float.yml";
    let alone: serde_json::Value = serde_json::from_str(&json_report(&[file])).unwrap();
    let among: serde_json::Value =
        serde_json::from_str(&json_report(&["fixtures/literal-type-float"])).unwrap();
    let of_file = |report: &serde_json::Value| -> Vec<serde_json::Value> {
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["file"] == file)
            .cloned()
            .collect()
    };
    assert!(!of_file(&alone).is_empty());
    assert_eq!(of_file(&alone), of_file(&among));
}

/// A report that quotes no source keeps only its findings' positions; a file checked twice (on
/// its own, and as a command's `--file`) merges both sets, each at its place.
#[test]
fn a_file_checked_twice_keeps_every_position() {
    let inputs = "inputs:\n  my-data:\n    type: uri_folder\n    path: azureml:heart:latest\n";
    let dir = common::repo(&[
        ("inputs.yml", inputs),
        (
            "run.sh",
            "az ml batch-endpoint invoke --name e \\\n  --file inputs.yml\n",
        ),
    ]);
    let (_, walked) = common::check_json(&["."], dir.path());
    let (_, alone) = common::check_json(&["inputs.yml"], dir.path());
    let of_inputs = |report: &serde_json::Value| -> Vec<(String, u64, u64)> {
        common::positions(report)
            .into_iter()
            .filter(|(rule, ..)| rule != "read-error")
            .collect()
    };
    let text_at = |line: u64, column: u64| -> String {
        let line = inputs.lines().nth(line as usize - 1).unwrap();
        line.chars().skip(column as usize - 1).collect()
    };
    let merged: Vec<_> = common::diagnostics(&walked)
        .iter()
        .filter(|d| d["file"] == "inputs.yml")
        .collect();
    assert!(merged.len() >= 2, "{walked:#}");
    for d in &merged {
        let (line, column) = (
            d["range"]["start"]["line"].as_u64().unwrap(),
            d["range"]["start"]["column"].as_u64().unwrap(),
        );
        assert!(!text_at(line, column).trim().is_empty(), "{d:#}");
    }
    assert!(
        common::positions(&walked).contains(&("input-key-charset".into(), 2, 3)),
        "{walked:#}"
    );
    for position in of_inputs(&alone) {
        assert!(
            common::positions(&walked).contains(&position),
            "{position:?}"
        );
    }
}
