//! The shared corpus of real upstream files: no error where upstream runs the file as it is, the
//! certain upstream mistakes found, and literal inputs errors only for model deployments.

use crate::common;

use common::{check_json, corpus, diagnostics};

#[test]
fn no_error_on_what_upstream_runs_and_the_known_mistake_found() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: ../shared/corpus is not beside this checkout");
        return;
    };
    let (code, report) = check_json(&["."], &corpus);
    assert!(code == 0 || code == 1, "exit {code}");
    assert_upstream(&report);
}

/// As pre-commit runs it: every YAML, shell, PowerShell, Markdown, Python and notebook file
/// named on the command line. Named files are classified as carefully as walked ones.
#[test]
fn every_file_named_as_pre_commit_does_raises_no_false_error() {
    let Some(corpus) = corpus() else { return };
    let mut files = Vec::new();
    let mut folders = vec![corpus.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                matches!(
                    e,
                    "yml" | "yaml" | "sh" | "bash" | "ps1" | "md" | "py" | "ipynb" | "json"
                )
            }) {
                let relative = path.strip_prefix(&corpus).unwrap();
                files.push(relative.to_string_lossy().into_owned());
            }
        }
    }
    files.sort();
    assert!(files.len() > 100, "{} files", files.len());
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let (code, report) = check_json(&args, &corpus);
    assert!(code == 0 || code == 1, "exit {code}");
    assert_eq!(
        report["summary"]["files"],
        files.len(),
        "every named file is reported as checked"
    );
    assert_upstream(&report);
}

/// The certain upstream mistakes are found, and nothing else upstream is an error.
fn assert_upstream(report: &serde_json::Value) {
    let ex = "azureml-examples/cli/endpoints/batch/";
    let known = [
        (format!("{ex}deploy-models/heart-classifier-mlflow/deploy-and-run.sh"), 57, "shell-assignment-spaces"),
        (format!("{ex}deploy-models/custom-outputs-parquet/deploy-and-run.sh"), 53, "shell-assignment-spaces"),
        (format!("{ex}deploy-pipelines/batch-scoring-with-preprocessing/deploy-and-run.sh"), 56, "abbreviated-flag"),
        (format!("{ex}deploy-pipelines/training-with-components/deploy-and-run.sh"), 44, "abbreviated-flag"),
        (
            "MicrosoftDocs-azure-docs/snippets/how-to-access-data-batch-endpoints-jobs/02-inputs-from-data-asset-shorthand.yml".to_string(),
            2,
            "input-value-kind",
        ),
    ];
    let not_invoke = format!("{ex}deploy-pipelines/training-with-components/deploy-and-run.sh");
    let mut found = vec![false; known.len()];
    for d in diagnostics(report) {
        let file = d["file"].as_str().unwrap();
        let line = d["range"]["start"]["line"].as_u64().unwrap();
        let rule = d["rule"].as_str().unwrap();
        if let Some(i) = known
            .iter()
            .position(|(f, l, r)| f == file && *l == line && *r == rule)
        {
            found[i] = true;
            continue;
        }
        // `az ml job create --set inputs.input_data.path=…` on line 28 is not an invoke.
        assert!(
            !(file == not_invoke && line == 28),
            "a non-invoke command was flagged: {d}"
        );
        // The SDK's test configs keep preview-era keys that today's schemas reject (checked in
        // `deployment_schemas_accept_upstream_and_report_preview_keys`); everything else is
        // deployed or documented as it is.
        if !file.starts_with("Azure-azure-sdk-for-python/") {
            assert_ne!(
                d["severity"], "error",
                "false error on upstream material: {d}"
            );
        }
    }
    for (i, hit) in found.iter().enumerate() {
        assert!(hit, "upstream mistake not found: {:?}", known[i]);
    }
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

/// Every command of the documentation's `invocations.txt` (after the `PATH#anchor: ` prefix),
/// through the shell front-end: the older revision's `--set KEY VALUE` items are reported, the
/// current revision's commands are clean.
#[test]
fn documentation_commands_old_space_form_reported_current_clean() {
    let Some(corpus) = corpus() else { return };
    for (folder, expect_space_form) in [
        ("MicrosoftDocs-azure-docs", true),
        ("MicrosoftDocs-azure-ai-docs", false),
    ] {
        let listing = std::fs::read_to_string(corpus.join(folder).join("invocations.txt")).unwrap();
        let commands: Vec<&str> = listing
            .lines()
            .filter_map(|l| l.split_once(": ").map(|(_, c)| c))
            .collect();
        assert!(!commands.is_empty());
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("commands.sh"), commands.join("\n") + "\n").unwrap();
        let (_, report) = check_json(&["commands.sh"], dir.path());
        let mut space_form_lines = Vec::new();
        for d in diagnostics(&report) {
            assert_ne!(d["severity"], "error", "{folder}: {d}");
            if d["rule"] == "set-missing-equals" {
                space_form_lines.push(d["range"]["start"]["line"].as_u64().unwrap() as usize);
            } else {
                // The older revision also leaves types out (`--set inputs.x.path $P` only).
                assert!(expect_space_form, "{folder}: unexpected finding {d}");
            }
        }
        space_form_lines.dedup();
        let with_space_form: Vec<usize> = commands
            .iter()
            .enumerate()
            .filter(|(_, c)| c.contains("--set") && !c.contains('='))
            .map(|(i, _)| i + 1)
            .collect();
        if expect_space_form {
            assert!(!with_space_form.is_empty());
            assert_eq!(space_form_lines, with_space_form, "{folder}");
        } else {
            assert!(
                space_form_lines.is_empty(),
                "{folder}: {space_form_lines:?}"
            );
        }
    }
}

/// The batch YAML that upstream deploys as it is passes the schemas; the SDK test configs'
/// preview-era endpoint keys are reported at their keys.
#[test]
fn deployment_schemas_accept_upstream_and_report_preview_keys() {
    let Some(corpus) = corpus() else { return };
    let (_, report) = check_json(
        &["--select", "deployment-schema,output-action-file-name", "."],
        &corpus,
    );
    let found: Vec<(String, u64, u64)> = diagnostics(&report)
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        found
            .iter()
            .all(|(f, _, _)| !f.starts_with("azureml-examples")),
        "schema errors on upstream deployments: {found:?}"
    );
    let remote = "Azure-azure-sdk-for-python/sdk/ml/azure-ai-ml/tests/test_configs/endpoints/batch/batch_endpoint_mlflow_remote.yaml";
    for line in [3, 5] {
        assert!(found.contains(&(remote.to_string(), line, 1)), "{found:?}");
    }
}

/// The corpus's real SDK calls (the `python-invocations.md` excerpts: each call with the
/// definitions it uses, in order) produce no error through the Python front-end.
#[test]
fn sdk_calls_of_the_corpus_raise_no_error() {
    let Some(corpus) = corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut calls = 0;
    for folder in std::fs::read_dir(&corpus).unwrap().flatten() {
        let Ok(text) = std::fs::read_to_string(folder.path().join("python-invocations.md")) else {
            continue;
        };
        for (i, section) in text.split("\n## ").skip(1).enumerate() {
            let code: Vec<&str> = section
                .split("```python\n")
                .skip(1)
                .filter_map(|block| block.split("```").next())
                .collect();
            if code.is_empty() {
                continue;
            }
            calls += code
                .iter()
                .filter(|c| c.contains("batch_endpoints.invoke"))
                .count();
            let name = format!("{}-{i}.py", folder.file_name().to_string_lossy());
            std::fs::write(dir.path().join(name), code.join("\n")).unwrap();
        }
    }
    assert!(calls >= 50, "only {calls} calls found");
    let (_, report) = check_json(&["."], dir.path());
    for d in diagnostics(&report) {
        assert_ne!(
            d["severity"], "error",
            "false error on a real SDK call: {d}"
        );
    }
}

/// The pipeline deployments of azureml-examples name local components: their documented
/// invocations are checked against those components, and match them.
#[test]
fn corpus_pipeline_invocations_match_their_components() {
    let Some(corpus) = corpus() else { return };
    let folder = "azureml-examples/cli/endpoints/batch/deploy-pipelines";
    if !corpus.join(folder).is_dir() {
        return;
    }
    let out = common::run(&["check", "--verbose", "--format", "json", folder], &corpus);
    let notes = String::from_utf8_lossy(&out.stderr);
    assert!(
        notes.contains("checked against the component `batch_scoring_uci_heart`"),
        "{notes}"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let component_findings: Vec<_> = diagnostics(&report)
        .iter()
        .filter(|d| d["rule"].as_str().unwrap_or("").starts_with("component-"))
        .collect();
    assert!(component_findings.is_empty(), "{component_findings:?}");
}
