//! The JSON report on every fixture and on the shared corpus, as snapshots: a change meant to
//! make amlint faster (walks, caches, parallelism, lazy patterns) must leave it byte-identical.

mod common;

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
