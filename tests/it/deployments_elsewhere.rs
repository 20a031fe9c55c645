//! Deployments and endpoints that Python defines in **another** file of the project (a `.py`
//! file, a notebook, a Markdown page's `python` fences), found by discovery as batch YAML is:
//! an invocation that names one gets its kind as certain, through the walk and with the files
//! named one by one (as pre-commit does); a name amlint cannot read, or that only means
//! something inside its own file (`$endpoint_name`), ties nothing.

use std::path::Path;

use serde_json::Value;

use crate::common::{check_json, diagnostics, repo as repository, run};

/// (rule, severity, file, line, column) of every finding.
fn findings(report: &Value) -> Vec<(String, String, String, u64, u64)> {
    let mut found: Vec<_> = diagnostics(report)
        .iter()
        .map(|d| {
            let start = &d["range"]["start"];
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                start["line"].as_u64().unwrap(),
                start["column"].as_u64().unwrap(),
            )
        })
        .collect();
    found.sort();
    found
}

/// The findings of `amlint check` on the folder walked, and on the files named one by one: the
/// same either way.
fn checked(root: &Path, named: &[&str]) -> Vec<(String, String, String, u64, u64)> {
    let (_, walked) = check_json(&["."], root);
    let (_, one_by_one) = check_json(named, root);
    let walked = findings(&walked);
    assert_eq!(walked, findings(&one_by_one), "walked vs named");
    walked
}

fn finding(
    rule: &str,
    severity: &str,
    file: &str,
    line: u64,
    column: u64,
) -> (String, String, String, u64, u64) {
    (rule.into(), severity.into(), file.into(), line, column)
}

const DEPLOY_PY: &str = r#"from azure.ai.ml.entities import BatchEndpoint, ModelBatchDeployment

endpoint = BatchEndpoint(name="churn", description="Churn scoring")
ml_client.batch_endpoints.begin_create_or_update(endpoint).result()

deployment = ModelBatchDeployment(
    name="churn-xgb",
    endpoint_name="churn",
    model="azureml:churn-xgb:1",
    compute="cpu-cluster",
)
ml_client.batch_deployments.begin_create_or_update(deployment).result()
"#;

const INVOKE_SH: &str = "#!/usr/bin/env bash
az ml batch-endpoint invoke --name churn --deployment-name churn-xgb \\
  --set inputs.threshold.type=number inputs.threshold.default=0.7
";

const INVOKE_PY: &str = r#"from azure.ai.ml import Input

job = ml_client.batch_endpoints.invoke(
    endpoint_name="churn",
    deployment_name="churn-xgb",
    inputs={"threshold": Input(type="number", default=0.7)},
)
"#;

#[test]
fn a_python_deployment_in_another_file_gives_its_kind_to_a_script() {
    let repo = repository(&[
        ("deploy/deploy.py", DEPLOY_PY),
        ("jobs/invoke.sh", INVOKE_SH),
    ]);
    assert_eq!(
        checked(repo.path(), &["deploy/deploy.py", "jobs/invoke.sh"]),
        [finding(
            "model-deployment-literal-or-nonuri",
            "error",
            "jobs/invoke.sh",
            3,
            31
        )]
    );
}

#[test]
fn a_python_deployment_in_another_file_gives_its_kind_to_an_sdk_call() {
    let repo = repository(&[
        ("deploy/deploy.py", DEPLOY_PY),
        ("jobs/invoke.py", INVOKE_PY),
    ]);
    assert_eq!(
        checked(repo.path(), &["deploy/deploy.py", "jobs/invoke.py"]),
        [finding(
            "model-deployment-literal-or-nonuri",
            "error",
            "jobs/invoke.py",
            6,
            38
        )]
    );
    // The endpoint alone, named: its only deployment.
    let by_endpoint = INVOKE_PY.replace("    deployment_name=\"churn-xgb\",\n", "");
    std::fs::write(repo.path().join("jobs/invoke.py"), by_endpoint).unwrap();
    let (_, report) = check_json(&["."], repo.path());
    assert_eq!(
        findings(&report),
        [finding(
            "model-deployment-literal-or-nonuri",
            "error",
            "jobs/invoke.py",
            5,
            38
        )]
    );
}

/// A notebook of code cells, as Jupyter writes one.
fn notebook(cells: &[&str]) -> String {
    let cells: Vec<Value> = cells
        .iter()
        .map(|source| {
            let lines: Vec<String> = source.split_inclusive('\n').map(String::from).collect();
            serde_json::json!({"cell_type": "code", "execution_count": null, "metadata": {},
                               "outputs": [], "source": lines})
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5
    }))
    .unwrap()
}

#[test]
fn a_notebook_or_a_markdown_page_defines_the_deployment_of_another_file() {
    let (imports, rest) = DEPLOY_PY.split_once("\n\n").unwrap();
    let nb = notebook(&[&format!("{imports}\n"), rest]);
    let markdown = format!("# Deploy\n\nCreate it:\n\n```python\n{DEPLOY_PY}```\n");
    for (defining, text) in [("deploy/deploy.ipynb", nb), ("docs/deploy.md", markdown)] {
        let repo = repository(&[(defining, &text), ("jobs/invoke.sh", INVOKE_SH)]);
        assert_eq!(
            checked(repo.path(), &[defining, "jobs/invoke.sh"]),
            [finding(
                "model-deployment-literal-or-nonuri",
                "error",
                "jobs/invoke.sh",
                3,
                31
            )],
            "{defining}"
        );
    }
}

#[test]
fn verbose_says_where_in_the_other_file_the_deployment_is() {
    let repo = repository(&[
        ("deploy/deploy.py", DEPLOY_PY),
        ("jobs/invoke.sh", INVOKE_SH),
    ]);
    let out = run(&["check", "--verbose", "jobs/invoke.sh"], repo.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("deployment `churn-xgb` defined in Python at deploy/deploy.py:6"),
        "{stderr}"
    );
}

#[test]
fn an_untied_invocation_is_at_most_warned() {
    // The endpoint given at run time, no deployment named: the kind is only inferred.
    let untied = "az ml batch-endpoint invoke --name \"$ENDPOINT\" \\
  --set inputs.threshold.type=number inputs.threshold.default=0.7
";
    // A deployment named by a value amlint cannot read: not the endpoint's default one.
    let unknown = "az ml batch-endpoint invoke --name churn --deployment-name \"$D\" \\
  --set inputs.threshold.type=number inputs.threshold.default=0.7
";
    for script in [untied, unknown] {
        let repo = repository(&[("deploy/deploy.py", DEPLOY_PY), ("jobs/invoke.sh", script)]);
        let found = checked(repo.path(), &["deploy/deploy.py", "jobs/invoke.sh"]);
        assert!(
            found.iter().all(|f| f.1 == "warning"),
            "{script}: {found:?}"
        );
    }
}

#[test]
fn a_symbolic_endpoint_name_ties_nothing_across_files() {
    // Both files make their endpoint's name at run time in a variable of the same name: each
    // file's own uses of it are one endpoint, but not the other file's.
    let deploy = r#"import random
from azure.ai.ml.entities import BatchEndpoint, ModelBatchDeployment

endpoint_name = "churn-" + str(random.randint(0, 9999))
endpoint = BatchEndpoint(name=endpoint_name, defaults={"deployment_name": "churn-xgb"})
deployment = ModelBatchDeployment(name="churn-xgb", endpoint_name=endpoint.name, model="azureml:m:1")
"#;
    let invoke = r#"import random
from azure.ai.ml import Input

endpoint_name = "other-" + str(random.randint(0, 9999))
job = ml_client.batch_endpoints.invoke(
    endpoint_name=endpoint_name,
    inputs={"threshold": Input(type="number", default=0.7)},
)
"#;
    let repo = repository(&[("deploy/deploy.py", deploy), ("jobs/invoke.py", invoke)]);
    let found = checked(repo.path(), &["deploy/deploy.py", "jobs/invoke.py"]);
    assert!(found.iter().all(|f| f.1 == "warning"), "{found:?}");
    // In the same file, the same variable is one endpoint: its default deployment, certain.
    let one_file = format!(
        "{deploy}{}",
        invoke
            .split_once("\n\n")
            .unwrap()
            .1
            .replace("other-", "churn-")
    );
    let repo = repository(&[("deploy.py", &one_file)]);
    let (_, report) = check_json(&["."], repo.path());
    assert!(
        findings(&report)
            .iter()
            .any(|f| f.0 == "model-deployment-literal-or-nonuri" && f.1 == "error"),
        "{report}"
    );
}

#[test]
fn deployments_of_one_name_and_both_kinds_tie_nothing() {
    let pipeline = r#"from azure.ai.ml.entities import PipelineComponentBatchDeployment

deployment = PipelineComponentBatchDeployment(
    name="churn-xgb",
    endpoint_name="churn",
    component="azureml:churn-pipeline@latest",
)
"#;
    let repo = repository(&[
        ("deploy/deploy.py", DEPLOY_PY),
        ("deploy/pipeline.py", pipeline),
        ("jobs/invoke.sh", INVOKE_SH),
    ]);
    let (_, report) = check_json(&["jobs/invoke.sh"], repo.path());
    assert_eq!(findings(&report), [], "{report}");
}

/// (The component rules report warnings: the service's handling of an undeclared input is not
/// documented.)
#[test]
fn a_pipeline_deployment_elsewhere_brings_its_local_component() {
    let deploy = r#"from azure.ai.ml import load_component
from azure.ai.ml.entities import PipelineComponentBatchDeployment

deployment = PipelineComponentBatchDeployment(
    name="prepare-score",
    endpoint_name="heart",
    component=load_component(source="components/prepare-score.yml"),
)
"#;
    let component =
        "$schema: https://azuremlschemas.azureedge.net/latest/pipelineComponent.schema.json
type: pipeline
name: prepare_score
inputs:
  heart:
    type: uri_folder
outputs:
  scores:
    type: uri_folder
jobs: {}
";
    let invoke = "az ml batch-endpoint invoke --name heart --deployment-name prepare-score \\
  --set inputs.heart.type=uri_folder inputs.heart.path=azureml:heart@latest \\
        inputs.scoring_mode.type=string inputs.scoring_mode.default=append
";
    let repo = repository(&[
        ("deploy/deploy.py", deploy),
        ("deploy/components/prepare-score.yml", component),
        ("jobs/invoke.sh", invoke),
    ]);
    let (_, report) = check_json(&["jobs/invoke.sh"], repo.path());
    assert_eq!(
        findings(&report),
        [finding(
            "component-unknown-input",
            "warning",
            "jobs/invoke.sh",
            3,
            16
        )],
        "{report}"
    );
}

/// A notebook's Python deployment names its scoring script: the script is checked as one
/// (issue 41 item 4), its faults at their places, and a script of the folder that no deployment
/// names is not judged.
#[test]
fn a_scoring_script_a_notebook_deployment_names_is_checked_as_one() {
    let cell = |source: &[&str]| {
        serde_json::json!({"cell_type": "code", "execution_count": null, "metadata": {},
                           "outputs": [], "source": source})
    };
    let notebook = serde_json::json!({
        "cells": [cell(&[
            "deployment = ModelBatchDeployment(\n",
            "    name=\"churn-custom\",\n",
            "    endpoint_name=\"churn\",\n",
            "    model=\"azureml:churn-xgb:1\",\n",
            "    environment=\"azureml:churn-env:1\",\n",
            "    code_configuration=CodeConfiguration(code=\"code\", scoring_script=\"driver.py\"),\n",
            ")\n",
        ])],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5
    });
    let notebook = serde_json::to_string_pretty(&notebook).unwrap();
    let driver = "import os\n\n\ndef init():\n    pass\n\n\ndef run(mini_batch, extra):\n    return mini_batch\n";
    let helper = "def run(mini_batch):\n    pass\n";
    let repo = repository(&[
        ("deploy/deploy.ipynb", &notebook),
        ("deploy/code/driver.py", driver),
        ("deploy/code/helper.py", helper),
    ]);
    assert_eq!(
        checked(
            repo.path(),
            &[
                "deploy/deploy.ipynb",
                "deploy/code/driver.py",
                "deploy/code/helper.py"
            ]
        ),
        [finding(
            "scoring-entry-points",
            "error",
            "deploy/code/driver.py",
            8,
            21
        )]
    );
}
