//! The deployment bundle on real material: `../shared/corpus/azureml-examples` overlaid with
//! `../shared/corpus-deployments/azureml-examples` (the same upstream commit, path for path: the
//! scoring scripts and `code/` folders the YAML corpus leaves out), as in a real checkout. Every
//! batch deployment and scoring script there runs upstream: no error, and no bundle finding at
//! all. The scripts are read: a fault planted in one is found.
//!
//! `../shared/corpus` alone lacks the code folders; `tests/corpus.rs` checks that no error is
//! reported there either (a deployment folder with no Python near it says nothing about code).

use crate::common;

use std::path::{Path, PathBuf};

use common::{check_json, diagnostics, root};

const BUNDLE_RULES: &[&str] = &[
    "deployment-schema",
    "sdk-deployment-loader",
    "scoring-script-missing",
    "scoring-script-syntax",
    "scoring-entry-points",
    "scoring-run-return",
    "code-requires-environment",
    "code-config-remote",
    "mlflow-input-file-type",
];

/// Copy `from` into `to`, file by file (the shared corpus is read-only; the copies are not).
fn copy_tree(from: &Path, to: &Path) {
    let mut folders = vec![from.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let target = to.join(folder.strip_prefix(from).unwrap());
        std::fs::create_dir_all(&target).unwrap();
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                std::fs::write(
                    target.join(path.file_name().unwrap()),
                    std::fs::read(&path).unwrap(),
                )
                .unwrap();
            }
        }
    }
}

/// The overlay in a fresh repository, or `None` when the shared material is not beside the
/// checkout.
fn overlay() -> Option<(tempfile::TempDir, PathBuf)> {
    let corpus = root().join("../shared/corpus/azureml-examples");
    let deployments = root().join("../shared/corpus-deployments/azureml-examples");
    if !corpus.is_dir() || !deployments.is_dir() {
        eprintln!(
            "skipped: ../shared/corpus or ../shared/corpus-deployments is not beside this checkout"
        );
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("azureml-examples");
    copy_tree(&corpus, &repo);
    copy_tree(&deployments, &repo);
    std::fs::create_dir(repo.join(".git")).unwrap();
    Some((dir, repo))
}

/// The scoring scripts the overlay's model deployment YAML names.
const SCRIPTS: &[&str] = &[
    "cli/endpoints/batch/deploy-models/custom-outputs-parquet/code/batch_driver.py",
    "cli/endpoints/batch/deploy-models/heart-classifier-mlflow/deployment-custom/code/batch_driver.py",
    "cli/endpoints/batch/deploy-models/huggingface-text-summarization/code/batch_driver.py",
    "cli/endpoints/batch/deploy-models/imagenet-classifier/code/score-by-batch/batch_driver.py",
    "cli/endpoints/batch/deploy-models/imagenet-classifier/code/score-by-file/batch_driver.py",
    "cli/endpoints/batch/deploy-models/mnist-classifier/deployment-keras/code/batch_driver.py",
    "cli/endpoints/batch/deploy-models/mnist-classifier/deployment-torch/code/batch_driver.py",
    "cli/endpoints/batch/deploy-models/openai-embeddings/code/batch_driver.py",
];

#[test]
fn the_real_deployments_and_scoring_scripts_are_clean() {
    let Some((_dir, repo)) = overlay() else {
        return;
    };
    for args in [vec!["."], SCRIPTS.to_vec()] {
        let (code, report) = check_json(&args, &repo);
        assert!(code == 0 || code == 1, "exit {code}");
        for d in diagnostics(&report) {
            let rule = d["rule"].as_str().unwrap();
            assert!(
                !BUNDLE_RULES.contains(&rule),
                "a bundle finding on upstream material: {d}"
            );
        }
    }
}

#[test]
fn a_fault_planted_in_a_real_scoring_script_is_found() {
    let Some((_dir, repo)) = overlay() else {
        return;
    };
    for script in SCRIPTS {
        let path = repo.join(script);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("def init("), "{script}");
        std::fs::write(&path, text.replace("def init(", "def setup(")).unwrap();
        let (_, report) = check_json(&[script], &repo);
        let found: Vec<&str> = diagnostics(&report)
            .iter()
            .filter_map(|d| d["rule"].as_str())
            .collect();
        assert!(
            found.contains(&"scoring-entry-points"),
            "{script} is not read as a scoring script: {found:?}"
        );
        std::fs::write(&path, text).unwrap();
    }
}
