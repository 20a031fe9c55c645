//! Config for real repositories: `exclude`/`extend-exclude` for walks (and for named files with
//! `--force-exclude`), `[per-file-ignores]`, and `[tool.amlint]` in `pyproject.toml` with the same
//! strictness as `amlint.toml`; `--show-settings` and `--show-files` say what applies.

use crate::common;

use std::fs;
use std::path::Path;

use common::{check_json, positions, root, run};

const HYPHEN: &str = "fixtures/input-key-charset/bad-hyphen.yml";
const FLOAT: &str = "fixtures/literal-type-float/bad-float.yml";

/// A repository with the same two mistakes in `jobs/`, `examples/wrong/` and `vendor/x/`.
fn repository(config_name: &str, config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join(".git")).unwrap();
    for folder in ["jobs", "examples/wrong", "vendor/x"] {
        fs::create_dir_all(dir.path().join(folder)).unwrap();
        fs::copy(
            root().join(HYPHEN),
            dir.path().join(folder).join("hyphen.yml"),
        )
        .unwrap();
        fs::copy(
            root().join(FLOAT),
            dir.path().join(folder).join("float.yml"),
        )
        .unwrap();
    }
    fs::write(dir.path().join(config_name), config).unwrap();
    dir
}

fn files_with_findings(report: &serde_json::Value) -> Vec<String> {
    let mut files: Vec<String> = common::diagnostics(report)
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["file"].as_str().unwrap(),
                d["rule"].as_str().unwrap()
            )
        })
        .collect();
    files.sort();
    files.dedup();
    files
}

const CONFIG: &str = r#"exclude = ["vendor"]
extend-exclude = ["examples/wrong/float.yml"]

[per-file-ignores]
"examples/**" = ["input-key-charset"]
"#;

#[test]
fn exclude_and_per_file_ignores_shape_a_walk() {
    let repo = repository("amlint.toml", CONFIG);
    let (_, report) = check_json(&["."], repo.path());
    assert_eq!(
        files_with_findings(&report),
        [
            "jobs/float.yml literal-type-float",
            "jobs/hyphen.yml input-key-charset",
        ]
    );
}

#[test]
fn named_files_are_checked_unless_force_exclude() {
    let repo = repository("amlint.toml", CONFIG);
    let named = [
        "vendor/x/hyphen.yml",
        "examples/wrong/float.yml",
        "jobs/float.yml",
    ];
    let (_, report) = check_json(&named, repo.path());
    assert_eq!(
        files_with_findings(&report),
        [
            "examples/wrong/float.yml literal-type-float",
            "jobs/float.yml literal-type-float",
            "vendor/x/hyphen.yml input-key-charset",
        ]
    );
    let mut args = vec!["--force-exclude"];
    args.extend(named);
    let (code, report) = check_json(&args, repo.path());
    assert_eq!(
        files_with_findings(&report),
        ["jobs/float.yml literal-type-float"]
    );
    assert_eq!(code, 1);
    // Per-file ignores apply to named files whatever the flag.
    let (_, report) = check_json(&["examples/wrong/hyphen.yml"], repo.path());
    assert!(positions(&report).is_empty(), "{report}");
}

#[test]
fn force_exclude_skips_an_excluded_file_read_from_stdin() {
    let repo = repository("amlint.toml", CONFIG);
    let text = fs::read_to_string(root().join(HYPHEN)).unwrap();
    let check = |extra: &[&str]| {
        let mut args = vec![
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "vendor/x/new.yml",
        ];
        args.extend_from_slice(extra);
        args.push("-");
        let out = common::run_with_stdin(&args, repo.path(), &text);
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    assert_eq!(positions(&check(&[])).len(), 1);
    assert!(positions(&check(&["--force-exclude"])).is_empty());
}

#[test]
fn pyproject_tool_amlint_is_a_config() {
    let pyproject = format!(
        "[project]\nname = \"scoring\"\n\n[tool.ruff]\nline-length = 100\n\n[tool.amlint]\n{CONFIG}"
    )
    .replace("[per-file-ignores]", "[tool.amlint.per-file-ignores]");
    let repo = repository("pyproject.toml", &pyproject);
    let (_, report) = check_json(&["."], repo.path());
    assert_eq!(
        files_with_findings(&report),
        [
            "jobs/float.yml literal-type-float",
            "jobs/hyphen.yml input-key-charset",
        ]
    );
}

#[test]
fn a_typo_in_tool_amlint_is_an_error_as_in_amlint_toml() {
    let repo = repository(
        "pyproject.toml",
        "[tool.amlint]\nignores = [\"input-key-charset\"]\n",
    );
    let out = run(&["check", "."], repo.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("pyproject.toml: [tool.amlint]: unknown field `ignores`"),
        "{stderr}"
    );
    let repo = repository(
        "pyproject.toml",
        "[tool.amlint.per-file-ignores]\n\"a/**\" = [\"input-key-charst\"]\n",
    );
    let out = run(&["check", "."], repo.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `input-key-charset`"));
}

#[test]
fn a_pyproject_without_tool_amlint_is_not_amlint_s() {
    // Even a broken one: it belongs to other tools.
    for text in ["[project]\nname = \"x\"\n", "[project\nname = "] {
        let repo = repository("pyproject.toml", text);
        let (code, report) = check_json(&["."], repo.path());
        assert_eq!(code, 1, "{text}");
        assert_eq!(files_with_findings(&report).len(), 6, "{text}");
    }
}

#[test]
fn amlint_toml_wins_over_pyproject_in_the_same_folder() {
    let repo = repository(
        "pyproject.toml",
        "[tool.amlint]\nignore = [\"literal-type-float\"]\n",
    );
    fs::write(
        repo.path().join("amlint.toml"),
        "ignore = [\"input-key-charset\"]\n",
    )
    .unwrap();
    let (_, report) = check_json(&["jobs"], repo.path());
    assert_eq!(
        files_with_findings(&report),
        ["jobs/float.yml literal-type-float"]
    );
}

#[test]
fn bad_exclude_globs_are_errors() {
    let repo = repository("amlint.toml", "exclude = [\"a/[\"]\n");
    let out = run(&["check", "."], repo.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad glob `a/[` in exclude"));
}

fn stdout_of(args: &[&str], cwd: &Path) -> String {
    let out = run(args, cwd);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn show_settings_and_show_files_say_what_applies() {
    let repo = repository("amlint.toml", CONFIG);
    let settings = stdout_of(
        &["check", "--show-settings", "examples/wrong/hyphen.yml"],
        repo.path(),
    );
    for line in [
        "path: examples/wrong/hyphen.yml",
        "config: ",
        "exclude: vendor, examples/wrong/float.yml",
        "per-file-ignores: examples/** = input-key-charset",
        "excluded: no",
        "per-file ignored here: input-key-charset",
        "(off: input-key-charset)",
    ] {
        assert!(settings.contains(line), "{line}: {settings}");
    }
    let settings = stdout_of(
        &[
            "check",
            "--show-settings",
            "--force-exclude",
            "vendor/x/hyphen.yml",
        ],
        repo.path(),
    );
    assert!(settings.contains("excluded: `vendor` in "), "{settings}");

    let files = stdout_of(&["check", "--show-files", "."], repo.path());
    assert!(
        files.contains("jobs/hyphen.yml  (yaml, walked)\n"),
        "{files}"
    );
    assert!(
        files.contains("vendor/x/hyphen.yml  (yaml, walked; excluded by `vendor` in "),
        "{files}"
    );
    assert!(files.contains(
        "examples/wrong/float.yml  (yaml, walked; excluded by `examples/wrong/float.yml`"
    ));

    let outside = tempfile::tempdir().unwrap();
    let none = stdout_of(&["check", "--show-settings", "."], outside.path());
    assert!(none.contains("config: (none found; defaults)"), "{none}");
}

/// Outside a repository, discovery walks the file's own folder tree and, above it, only each
/// folder's own files, up to the file system root or a folder holding a config: a sibling tree
/// (someone's unrelated YAML in a home folder) never lends its deployment kind.
#[test]
fn discovery_outside_a_repository_never_walks_into_sibling_trees() {
    let inputs =
        fs::read_to_string(root().join("fixtures/projects/one-model/bad-inputs-literal.yml"))
            .unwrap();
    let deployment =
        fs::read_to_string(root().join("fixtures/projects/one-model/deployment.yml")).unwrap();
    let rules_of = |cwd: &Path, file: &str| -> Vec<String> {
        let (_, report) = check_json(&[file], cwd);
        positions(&report).into_iter().map(|p| p.0).collect()
    };
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    assert!(
        !home.ancestors().any(|a| a.join(".git").exists()),
        "the test needs no repository above {}",
        home.display()
    );
    fs::create_dir_all(home.join("downloads/other")).unwrap();
    fs::create_dir_all(home.join("work/jobs")).unwrap();
    fs::write(home.join("downloads/other/deployment.yml"), &deployment).unwrap();
    fs::write(home.join("work/jobs/inputs.yml"), &inputs).unwrap();
    // The deployment lies in a sibling tree: no kind, so no model-deployment finding.
    assert!(rules_of(home, "work/jobs/inputs.yml").is_empty());
    // In a folder above the file, its own files count.
    fs::write(home.join("work/deployment.yml"), &deployment).unwrap();
    assert!(
        rules_of(home, "work/jobs/inputs.yml")
            .contains(&"model-deployment-literal-or-nonuri".to_string())
    );
    // A folder holding a config is the top: nothing above it is read.
    fs::remove_file(home.join("work/deployment.yml")).unwrap();
    fs::write(home.join("deployment.yml"), &deployment).unwrap();
    assert!(!rules_of(home, "work/jobs/inputs.yml").is_empty());
    fs::write(home.join("work/amlint.toml"), "").unwrap();
    assert!(rules_of(home, "work/jobs/inputs.yml").is_empty());
    // In the file's own folder tree, everything counts.
    fs::remove_file(home.join("work/amlint.toml")).unwrap();
    fs::remove_file(home.join("deployment.yml")).unwrap();
    fs::create_dir_all(home.join("work/jobs/deploy")).unwrap();
    fs::write(home.join("work/jobs/deploy/deployment.yml"), &deployment).unwrap();
    assert!(!rules_of(home, "work/jobs/inputs.yml").is_empty());
}
