//! What real repositories hold, in scratch repositories made by each test: files that are not
//! amlint's (and must get nothing), templates (whose placeholders are unknown values), monorepos
//! (where a kind borrowed from another project's deployments is only a warning), and every place
//! people write invocations (PowerShell, notebook shell lines, Python and untagged fences, CI
//! YAML after a heredoc, CI YAML shown in Markdown).

use crate::common;

use std::path::Path;

use common::{check_json, diagnostics, repo, run};
use serde_json::Value;

/// (file, rule, line, column, severity) of every finding.
fn findings(report: &Value) -> Vec<(String, String, u64, u64, String)> {
    let mut out: Vec<_> = diagnostics(report)
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["column"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn check(args: &[&str], cwd: &Path) -> (i32, Value) {
    check_json(args, cwd)
}

const BROKEN_PIPELINE: &str = "trigger:\n  branches: {include: [main]}\nstages:\n- stage: Deploy\n  jobs:\n  - job: deploy\n    steps:\n    - script: |\n        cat > settings.json <<EOF\n  {\"a\": 1}\nEOF\n        echo done\n";

#[test]
fn a_broken_pipeline_named_alone_is_checked_and_clean() {
    let dir = repo(&[("pipelines/deploy.yml", BROKEN_PIPELINE)]);
    let (code, report) = check(&["pipelines/deploy.yml"], dir.path());
    assert_eq!(code, 0, "{report}");
    assert!(diagnostics(&report).is_empty(), "{report}");
    assert_eq!(
        report["summary"]["files"], 1,
        "named files are reported as checked"
    );
}

#[test]
fn a_broken_pipeline_that_invokes_gets_its_syntax_error_only() {
    let text = BROKEN_PIPELINE.replace(
        "echo done",
        "az ml batch-endpoint invoke --name e --input-path x",
    );
    let dir = repo(&[("azure-pipelines.yml", &text)]);
    let (code, report) = check(&["azure-pipelines.yml"], dir.path());
    assert_eq!(code, 1);
    let rules: Vec<String> = findings(&report).into_iter().map(|f| f.1).collect();
    assert_eq!(rules, ["yaml-syntax"], "{report}");
}

#[test]
fn a_broken_kubernetes_manifest_named_alone_gets_nothing() {
    let dir = repo(&[(
        "k8s/config.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  key: [unclosed\n",
    )]);
    for args in [&["k8s/config.yaml"][..], &["."][..]] {
        let (code, report) = check(args, dir.path());
        assert_eq!(code, 0, "{report}");
        assert!(diagnostics(&report).is_empty(), "{report}");
    }
}

#[test]
fn a_broken_inputs_file_named_alone_gets_its_syntax_error() {
    let dir = repo(&[(
        "inputs.yml",
        "inputs:\n  heart:\n    type: uri_folder\n    path: [unclosed\n",
    )]);
    let (code, report) = check(&["inputs.yml"], dir.path());
    assert_eq!(code, 1);
    let rules: Vec<String> = findings(&report).into_iter().map(|f| f.1).collect();
    assert_eq!(rules, ["yaml-syntax"], "{report}");
}

#[test]
fn named_yaml_with_other_keys_is_not_an_inputs_file_but_a_followed_one_is() {
    let inputs = "inputs:\n  heart_data:\n    type: uri_folder\n    path: azureml:heart-data@latest\ndeployment_name: classifier\n";
    let dir = repo(&[
        ("inputs/extra-key.yml", inputs),
        (
            "run.sh",
            "az ml batch-endpoint invoke --name x --file inputs/extra-key.yml\n",
        ),
    ]);
    let (code, report) = check(&["inputs/extra-key.yml"], dir.path());
    assert_eq!((code, diagnostics(&report).len()), (0, 0), "{report}");
    let (code, report) = check(&["run.sh"], dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        [(
            "inputs/extra-key.yml".to_string(),
            "unknown-top-level-key".to_string(),
            5,
            1,
            "error".to_string()
        )]
    );
    let message = diagnostics(&report)[0]["message"].as_str().unwrap();
    assert!(message.contains("an inputs file"), "{message}");
}

#[test]
fn placeholders_in_endpoint_and_deployment_yaml_are_unknown_values() {
    let styles = [
        "$(endpoint_name)",
        "${{ parameters.endpoint }}",
        "${ENDPOINT}",
        "\"{{ endpoint }}\"",
        "\"#{ENDPOINT_NAME}#\"",
        "<endpoint-name>",
        "churn-$(env)-batch",
    ];
    for style in styles {
        let endpoint = format!(
            "$schema: https://azuremlschemas.azureedge.net/latest/batchEndpoint.schema.json\nname: {style}\nauth_mode: aad_token\n"
        );
        let deployment = format!(
            "$schema: https://azuremlschemas.azureedge.net/latest/modelBatchDeployment.schema.json\nname: {style}\nendpoint_name: {style}\ntype: model\nmodel: azureml:churn-model:3\ncompute: {style}\nresources:\n  instance_count: {style}\nsettings:\n  mini_batch_size: {style}\n  output_action: append_row\n  output_file_name: predictions.csv\n"
        );
        let dir = repo(&[("endpoint.yml", &endpoint), ("deployment.yml", &deployment)]);
        for args in [&["endpoint.yml", "deployment.yml"][..], &["."][..]] {
            let (code, report) = check(args, dir.path());
            assert_eq!(code, 0, "{style}: {report}");
            assert!(diagnostics(&report).is_empty(), "{style}: {report}");
        }
    }
    // A real mistake beside a placeholder is still found.
    let dir = repo(&[(
        "endpoint.yml",
        "$schema: https://azuremlschemas.azureedge.net/latest/batchEndpoint.schema.json\nname: $(endpoint_name)\nauth_mode: aad_token\ntraffic:\n  blue: 100\n",
    )]);
    let (_, report) = check(&["endpoint.yml"], dir.path());
    let found = findings(&report);
    assert_eq!(found.len(), 1, "{report}");
    assert_eq!((found[0].1.as_str(), found[0].2), ("deployment-schema", 4));
}

#[test]
fn placeholders_in_inputs_files_and_set_items_are_unknown_values() {
    let dir = repo(&[
        (
            "inputs.yml",
            "inputs:\n  heart_data:\n    type: \"${{ parameters.input_type }}\"\n    path: \"#{DATA_PATH}#\"\n",
        ),
        (
            "run.sh",
            "az ml batch-endpoint invoke --name e --set inputs.d.type='{{ input_type }}' inputs.d.path=azureml:data:%VERSION%\n",
        ),
    ]);
    let (code, report) = check(&["inputs.yml", "run.sh"], dir.path());
    assert_eq!(code, 0, "{report}");
    assert!(diagnostics(&report).is_empty(), "{report}");
}

/// Two projects in one repository: `scoring/` has only model deployments; `pipelines/run.sh`
/// names no deployment, so its kind is only inferred from the deployments around it.
#[test]
fn a_kind_borrowed_from_another_project_gives_warnings_not_errors() {
    let model = "$schema: https://azuremlschemas.azureedge.net/latest/modelBatchDeployment.schema.json\nname: classifier\nendpoint_name: heart\ntype: model\nmodel: azureml:heart:1\ncompute: cpu\n";
    let script = "az ml batch-endpoint invoke --name $ENDPOINT \\\n  --set inputs.mode.type=string inputs.mode.default=append\n";
    let dir = repo(&[
        ("scoring/deployments/model.yml", model),
        ("pipelines/run.sh", script),
    ]);
    let (code, report) = check(&["pipelines/run.sh"], dir.path());
    assert_eq!(code, 0, "warnings only: {report}");
    let d = diagnostics(&report)
        .iter()
        .find(|d| d["rule"] == "model-deployment-literal-or-nonuri")
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["deployment_kind"], "model");
    assert_eq!(d["deployment_kind_inferred"], true);
    let message = d["message"].as_str().unwrap();
    assert!(message.contains("inferred"), "{message}");
    assert!(d["help"].as_str().unwrap().contains("-d NAME"), "{d}");
    // `--verbose` says how the kind was decided.
    let out = run(&["check", "-v", "pipelines/run.sh"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("pipelines/run.sh:1:1: deployment kind model (inferred"),
        "{stderr}"
    );

    // Naming the deployment makes it certain: an error again.
    std::fs::write(
        dir.path().join("pipelines/run.sh"),
        script.replace("--name $ENDPOINT", "--name $ENDPOINT -d classifier"),
    )
    .unwrap();
    let (code, report) = check(&["pipelines/run.sh"], dir.path());
    assert_eq!(code, 1, "{report}");
    let d = &diagnostics(&report)[0];
    assert_eq!(d["severity"], "error");
    assert!(d.get("deployment_kind_inferred").is_none(), "{d}");
}

#[test]
fn local_paths_are_printed_as_written() {
    let dir = repo(&[(
        "jobs/inputs.yml",
        "inputs:\n  a:\n    type: uri_folder\n    path: ./data/x\n  b:\n    type: uri_folder\n    path: ../d/\n",
    )]);
    let (_, report) = check(&["jobs/inputs.yml"], dir.path());
    let messages: Vec<&str> = diagnostics(&report)
        .iter()
        .filter(|d| d["rule"] == "local-path-missing")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 2, "{report}");
    assert!(messages[0].contains("`./data/x`"), "{}", messages[0]);
    assert!(messages[1].contains("`../d/`"), "{}", messages[1]);
    assert!(
        !messages
            .iter()
            .any(|m| m.contains("././") || m.contains("./../"))
    );
}

/// `--verbose` notes one line per invocation, at its `az` word or `invoke(` call, in every
/// place an invocation is read — notebooks' JSON lines included.
#[test]
fn verbose_notes_each_invocation_where_it_is_written() {
    let markdown = "# Run\n\n```python\njob = ml_client.batch_endpoints.invoke(\n    endpoint_name=\"e\",\n)\n```\n\n```powershell\naz ml batch-endpoint invoke --name e `\n  --input azureml:d@latest\n```\n\n```\n$ az ml batch-endpoint invoke --name e\n```\n";
    let notebook = "{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   \"metadata\": {},\n   \"source\": [\n    \"x = 1\\n\",\n    \"!az ml batch-endpoint invoke --name e\\n\",\n    \"job = ml_client.batch_endpoints.invoke(endpoint_name=\\\"e\\\")\\n\"\n   ]\n  }\n ],\n \"metadata\": {},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n";
    let dir = repo(&[("docs/run.md", markdown), ("score.ipynb", notebook)]);
    let out = run(&["check", "-v", "docs/run.md", "score.ipynb"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut notes: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("deployment kind"))
        .map(|l| l.split(": deployment kind").next().unwrap())
        .collect();
    notes.sort();
    assert_eq!(
        notes,
        [
            "docs/run.md:10:1",
            "docs/run.md:15:3",
            "docs/run.md:4:7",
            "score.ipynb:8:7",
            "score.ipynb:9:12",
        ],
        "{stderr}"
    );
}
