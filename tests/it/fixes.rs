//! `--fix` and `--diff`: every fixable rule before and after, fixes composing, CRLF kept, `--diff`
//! writing nothing, unsafe fixes only on request, and a second run clean of what was fixed.

use crate::common;

use std::fs;

use common::{amlint, check_json, positions};

/// Run `amlint ARGS` in `dir` and return its exit code.
fn amlint_in(dir: &std::path::Path, args: &[&str]) -> Option<i32> {
    amlint()
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
        .status
        .code()
}

/// (file name, before, after, rules the fix removes)
const CASES: &[(&str, &str, &str, &[&str])] = &[
    (
        "inputs.yml",
        "inputs:\n  d:\n    type: uri-folder  # keep\n    path: 'azureml:heart:latest'\n  t:\n    type: float\n    default: no\n  m:\n    type: string\n    value: append\noutputs:\n  o:\n    type: UriFile\n    path: azureml://datastores/workspaceblobstore/paths/o.csv\n",
        "inputs:\n  d:\n    type: uri_folder  # keep\n    path: 'azureml:heart:latest'\n  t:\n    type: number\n    default: \"no\"\n  m:\n    type: string\n    default: append\noutputs:\n  o:\n    type: uri_file\n    path: azureml://datastores/workspaceblobstore/paths/o.csv\n",
        &[
            "unknown-input-type",
            "literal-type-float",
            "literal-value-key",
            "unknown-output-type",
            "yaml11-implicit-type",
        ],
    ),
    (
        "typo.yml",
        "inputs:\n  d: {type: uri_folder, path: azureml:d@latest}\nouputs:\n  o:\n    type: uri_file\n    path: azureml://datastores/workspaceblobstore/paths/o.csv\n",
        "inputs:\n  d: {type: uri_folder, path: azureml:d@latest}\noutputs:\n  o:\n    type: uri_file\n    path: azureml://datastores/workspaceblobstore/paths/o.csv\n",
        &["unknown-top-level-key"],
    ),
    (
        "asset.yml",
        "inputs:\n  d:\n    type: uri_folder\n    path: azureml:heart:latest\n  s:\n    type: uri_folder\n    path: /subscriptions/0/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/datastores/blob/paths/a/b\n",
        "inputs:\n  d:\n    type: uri_folder\n    path: azureml:heart@latest\n  s:\n    type: uri_folder\n    path: azureml://datastores/blob/paths/a/b\n",
        &["asset-version-latest", "datastore-arm-id-as-input"],
    ),
    (
        "run.sh",
        "JOB = $(az ml batch-endpoint invoke -n e --f in.yml --query name -o tsv)\naz ml batch-endpoint invoke -n e --input_type uri_file --input https://x/y.csv \\\n  --set inputs.d.type uri_folder\naz ml batch-endpoint invoke -n e --input https://x/y.csv --input-type uri-file\n",
        "JOB=$(az ml batch-endpoint invoke -n e --file in.yml --query name -o tsv)\naz ml batch-endpoint invoke -n e --input-type uri_file --input https://x/y.csv \\\n  --set inputs.d.type=uri_folder\naz ml batch-endpoint invoke -n e --input https://x/y.csv --input-type uri_file\n",
        &[
            "shell-assignment-spaces",
            "abbreviated-flag",
            "unknown-flag",
            "set-missing-equals",
            "input-type-value",
        ],
    ),
];

#[test]
fn diff_writes_nothing_and_fix_rewrites_exactly_the_offending_text() {
    let dir = tempfile::tempdir().unwrap();
    for (name, before, _, _) in CASES {
        fs::write(dir.path().join(name), before).unwrap();
    }
    let diff = amlint()
        .args(["check", "--diff", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(diff.status.code(), Some(1), "something to fix");
    let shown = String::from_utf8_lossy(&diff.stdout);
    assert!(
        shown.contains("\n-    type: float\n") && shown.contains("\n+    type: number\n"),
        "{shown}"
    );
    assert!(shown.contains("+++ b/run.sh"), "{shown}");
    for (name, before, _, _) in CASES {
        assert_eq!(
            fs::read_to_string(dir.path().join(name)).unwrap(),
            *before,
            "--diff wrote {name}"
        );
    }
    assert!(amlint_in(dir.path(), &["check", "--fix", "."]).is_some());
    for (name, _, after, rules) in CASES {
        assert_eq!(
            fs::read_to_string(dir.path().join(name)).unwrap(),
            *after,
            "{name}"
        );
        let (_, report) = check_json(&[name], dir.path());
        for (rule, line, column) in positions(&report) {
            assert!(
                !rules.contains(&rule.as_str()),
                "{name}: {rule} at {line}:{column} after --fix"
            );
        }
    }
    let again = amlint()
        .args(["check", "--diff", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        again.status.code(),
        Some(0),
        "nothing left to fix: {}",
        String::from_utf8_lossy(&again.stdout)
    );
}

#[test]
fn crlf_and_bom_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let before = "\u{feff}inputs:\r\n  t:\r\n    type: float\r\n    default: 1.5\r\n";
    fs::write(dir.path().join("inputs.yml"), before).unwrap();
    amlint_in(dir.path(), &["check", "--fix", "inputs.yml"]);
    assert_eq!(
        fs::read_to_string(dir.path().join("inputs.yml")).unwrap(),
        before.replace("float", "number")
    );
}

#[test]
fn unsafe_fixes_only_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let before = "inputs:\n  heart-data:\n    type: uri_folder\n    path: azureml:h@latest\n";
    fs::write(dir.path().join("inputs.yml"), before).unwrap();
    let out = amlint_in(dir.path(), &["check", "--fix", "inputs.yml"]);
    assert_eq!(out, Some(1));
    assert_eq!(
        fs::read_to_string(dir.path().join("inputs.yml")).unwrap(),
        before
    );
    let out = amlint_in(
        dir.path(),
        &["check", "--fix", "--unsafe-fixes", "inputs.yml"],
    );
    assert_eq!(out, Some(0));
    assert_eq!(
        fs::read_to_string(dir.path().join("inputs.yml")).unwrap(),
        before.replace("heart-data", "heart_data")
    );
}

#[test]
fn values_built_from_variables_are_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let before =
        "T=float\naz ml batch-endpoint invoke -n e --set inputs.t.type=$T inputs.t.default=1\n";
    fs::write(dir.path().join("run.sh"), before).unwrap();
    let (_, report) = check_json(&["run.sh"], dir.path());
    assert!(
        positions(&report)
            .iter()
            .any(|(r, _, _)| r == "literal-type-float"),
        "{report}"
    );
    amlint_in(dir.path(), &["check", "--fix", "run.sh"]);
    assert_eq!(
        fs::read_to_string(dir.path().join("run.sh")).unwrap(),
        before
    );
}

#[cfg(unix)]
#[test]
fn the_write_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.sh");
    fs::write(&path, "az ml batch-endpoint invoke -n e --f in.yml\n").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o751)).unwrap();
    amlint_in(dir.path(), &["check", "--fix", "run.sh"]);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "az ml batch-endpoint invoke -n e --file in.yml\n"
    );
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o751
    );
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("amlint"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}
