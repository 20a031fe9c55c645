//! The shared corpus of real upstream files: no error where upstream runs the file as it is, the
//! certain upstream mistakes found, and literal inputs errors only for model deployments.

mod common;

use common::{check_json, corpus};
use serde_json::Value;

fn diagnostics(report: &Value) -> &Vec<Value> {
    report["diagnostics"].as_array().unwrap()
}

#[test]
fn no_error_on_what_upstream_runs_and_the_known_mistake_found() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: ../shared/corpus is not beside this checkout");
        return;
    };
    let (code, report) = check_json(&["."], &corpus);
    assert!(code == 0 || code == 1, "exit {code}");
    let known = (
        "MicrosoftDocs-azure-docs/snippets/how-to-access-data-batch-endpoints-jobs/02-inputs-from-data-asset-shorthand.yml",
        2,
        "input-value-kind",
    );
    let mut found_known = false;
    for d in diagnostics(&report) {
        let file = d["file"].as_str().unwrap();
        let line = d["range"]["start"]["line"].as_u64().unwrap();
        if (file, line, d["rule"].as_str().unwrap()) == known {
            found_known = true;
            continue;
        }
        assert_ne!(
            d["severity"], "error",
            "false error on upstream material: {d}"
        );
    }
    assert!(
        found_known,
        "the older docs' bare-string input was not found"
    );
}

#[test]
fn literal_snippets_are_errors_only_for_model_deployments() {
    let Some(corpus) = corpus() else { return };
    let snippets = [
        "MicrosoftDocs-azure-ai-docs/snippets/how-to-access-data-batch-endpoints-jobs/05-inputs-literal.yml",
        "MicrosoftDocs-azure-docs/snippets/how-to-access-data-batch-endpoints-jobs/05-inputs-literal.yml",
    ];
    for snippet in snippets {
        let (code, report) = check_json(&["--deployment-kind", "pipeline", snippet], &corpus);
        assert_eq!(code, 0, "{report}");
        let (code, report) = check_json(&["--deployment-kind", "model", snippet], &corpus);
        assert_eq!(code, 1);
        assert!(
            diagnostics(&report)
                .iter()
                .any(|d| d["rule"] == "model-deployment-literal-or-nonuri"
                    && d["range"]["start"]["line"] == 3),
            "{report}"
        );
        let (code, _) = check_json(&[snippet], &corpus);
        assert_eq!(code, 0, "without a kind, kind rules stay silent");
    }
}
