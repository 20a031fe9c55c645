//! `local-path-empty` needs an empty folder, which a repository cannot hold: each case builds
//! one in a scratch repository and checks the finding's rule, line and column through the binary.

use crate::common;

use common::{check_json, positions, repo};

fn findings(files: &[(&str, &str)], empty: &[&str], target: &str) -> Vec<(String, u64, u64)> {
    let dir = repo(files);
    for folder in empty {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
    }
    let (_, report) = check_json(&["--select", "local-path-empty", target], dir.path());
    positions(&report)
}

#[test]
fn an_empty_folder_in_an_inputs_file() {
    let inputs = "inputs:\n  heart_data:\n    type: uri_folder\n    path: data/heart\n";
    assert_eq!(
        findings(&[("inputs.yml", inputs)], &["data/heart"], "inputs.yml"),
        [("local-path-empty".to_string(), 4, 11)]
    );
}

#[test]
fn a_folder_of_empty_folders_is_empty_too() {
    let inputs = "inputs:\n  heart_data:\n    type: uri_folder\n    path: ./data\n";
    assert_eq!(
        findings(
            &[("inputs.yml", inputs)],
            &["data/a/b", "data/c"],
            "inputs.yml"
        ),
        [("local-path-empty".to_string(), 4, 11)]
    );
}

#[test]
fn on_a_command_line_and_in_an_sdk_call() {
    let script = "az ml batch-endpoint invoke --name e \\\n  --input ./scoring/empty\n";
    let call = "ml_client.batch_endpoints.invoke(\n    endpoint_name=\"e\",\n    inputs={\"d\": Input(type=\"uri_folder\", path=\"scoring/empty\")},\n)\n";
    let dir_files = [("run.sh", script), ("score.py", call)];
    assert_eq!(
        findings(&dir_files, &["scoring/empty"], "run.sh"),
        [("local-path-empty".to_string(), 2, 11)]
    );
    assert_eq!(
        findings(&dir_files, &["scoring/empty"], "score.py"),
        [("local-path-empty".to_string(), 3, 49)]
    );
}

#[test]
fn a_folder_with_a_file_a_missing_folder_and_a_variable_stay_silent() {
    let inputs = "inputs:\n  a: {type: uri_folder, path: full}\n  b: {type: uri_folder, path: missing}\n  c: {type: uri_folder, path: $DATA}\n  d: {type: uri_folder, path: azureml://datastores/workspaceblobstore/paths/empty}\n";
    let dir = repo(&[("inputs.yml", inputs), ("full/x.csv", "1\n")]);
    std::fs::create_dir_all(dir.path().join("empty")).unwrap();
    let (_, report) = check_json(&["--select", "local-path-empty", "inputs.yml"], dir.path());
    assert_eq!(positions(&report), []);
}
