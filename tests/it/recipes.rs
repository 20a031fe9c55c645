//! The CI recipes (docs/integrations.md) are real: each is, verbatim, a pipeline file in the repository
//! (`<!-- recipe: FILE -->` above its fence; actionlint lints the GitHub one), and its amlint
//! commands, run as the CI service would (its environment variables set, on a repository with
//! findings), upload a complete SARIF report and then fail the job.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::root;
use serde_json::Value;

/// (pipeline file, the docs' fence under its marker).
fn recipes() -> Vec<(String, String)> {
    let readme = fs::read_to_string(root().join("docs/integrations.md")).unwrap();
    let mut found = Vec::new();
    for (at, _) in readme.match_indices("<!-- recipe: ") {
        let rest = &readme[at + "<!-- recipe: ".len()..];
        let file = rest[..rest.find(" -->").unwrap()].to_string();
        let fence = &rest[rest.find("```yaml\n").unwrap() + "```yaml\n".len()..];
        let body = fence[..fence.find("```").unwrap()].to_string();
        found.push((file, body));
    }
    found
}

#[test]
fn every_recipe_is_a_pipeline_file_verbatim() {
    let recipes = recipes();
    let files: Vec<&str> = recipes.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        files,
        [
            ".github/workflows/recipe.yml",
            ".ci/recipes/azure-pipelines.yml"
        ]
    );
    for (file, body) in &recipes {
        let pipeline = fs::read_to_string(root().join(file)).unwrap();
        assert!(
            pipeline.contains(body.as_str()),
            "{file} does not hold the docs' recipe verbatim:\n{body}"
        );
    }
}

/// The commands of a recipe that run amlint, in order: GitHub's `- run: amlint …` and Azure's
/// `- script: amlint …`.
fn amlint_commands(body: &str) -> Vec<String> {
    body.lines()
        .filter_map(|l| {
            let l = l.trim_start().strip_prefix("- ")?;
            let command = l
                .strip_prefix("run: ")
                .or_else(|| l.strip_prefix("script: "))?;
            command.starts_with("amlint ").then(|| command.to_string())
        })
        .collect()
}

/// A repository with an error in it.
fn repository_with_findings() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join(".git")).unwrap();
    fs::create_dir_all(dir.path().join("jobs")).unwrap();
    fs::copy(
        root().join("fixtures/input-key-charset/bad-hyphen.yml"),
        dir.path().join("jobs/inputs.yml"),
    )
    .unwrap();
    dir
}

fn path_with_amlint() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_amlint")).parent().unwrap();
    let mut paths = vec![bin.to_path_buf()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap()
}

/// Runs the recipe's amlint commands with `sh -c` in a repository with findings, the CI
/// service's variables set; returns each (exit code, standard output) and the SARIF report.
fn run_recipe(
    file: &str,
    variables: &[(&str, &str)],
    macros: &[(&str, &Path)],
) -> Vec<(i32, String)> {
    let (_, body) = recipes().into_iter().find(|(f, _)| f == file).unwrap();
    let repo = repository_with_findings();
    let mut results = Vec::new();
    for command in amlint_commands(&body) {
        let mut command = command;
        for (name, value) in macros {
            command = command.replace(name, value.to_str().unwrap());
        }
        let mut shell = Command::new("sh");
        shell
            .arg("-c")
            .arg(&command)
            .current_dir(repo.path())
            .env("PATH", path_with_amlint())
            .env_remove("GITHUB_ACTIONS")
            .env_remove("TF_BUILD")
            .env_remove("GITHUB_WORKSPACE")
            .env_remove("NO_COLOR")
            .env_remove("FORCE_COLOR");
        for (name, value) in variables {
            shell.env(name, value);
        }
        let out = shell.output().unwrap();
        results.push((
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        ));
    }
    // Keep the report for the caller: copy it out before the repository goes.
    let sarif = repo.path().join("amlint.sarif");
    if sarif.exists() {
        let kept = std::env::temp_dir().join(format!("amlint-recipe-{}.sarif", std::process::id()));
        fs::copy(&sarif, &kept).unwrap();
        results.push((0, fs::read_to_string(&kept).unwrap()));
        let _ = fs::remove_file(kept);
    }
    results
}

fn sarif_results(text: &str) -> usize {
    let sarif: Value = serde_json::from_str(text).unwrap();
    sarif["runs"][0]["results"].as_array().unwrap().len()
}

#[test]
fn the_github_recipe_uploads_sarif_with_findings_then_fails() {
    let results = run_recipe(
        ".github/workflows/recipe.yml",
        &[("GITHUB_ACTIONS", "true")],
        &[],
    );
    // The SARIF step, the check, and the report it left.
    assert_eq!(results.len(), 3, "{results:?}");
    assert_eq!(results[0].0, 0, "the SARIF step must not stop the job");
    assert_eq!(results[1].0, 1, "the check fails the job on errors");
    assert!(
        results[1]
            .1
            .starts_with("::error file=jobs/inputs.yml,line=3,col=3,"),
        "{}",
        results[1].1
    );
    assert_eq!(sarif_results(&results[2].1), 1);
}

#[test]
fn the_azure_recipe_publishes_sarif_with_findings_then_fails() {
    let staging = tempfile::tempdir().unwrap();
    let results = run_recipe(
        ".ci/recipes/azure-pipelines.yml",
        &[("TF_BUILD", "True")],
        &[("$(Build.ArtifactStagingDirectory)", staging.path())],
    );
    assert_eq!(results.len(), 2, "{results:?}");
    assert_eq!(results[0].0, 0, "the SARIF step must not stop the job");
    assert_eq!(results[1].0, 1, "the check fails the job on errors");
    assert!(
        results[1]
            .1
            .starts_with("##vso[task.logissue type=error;sourcepath=jobs/inputs.yml;linenumber=3;"),
        "{}",
        results[1].1
    );
    let report: PathBuf = staging.path().join("CodeAnalysisLogs/amlint.sarif");
    assert_eq!(sarif_results(&fs::read_to_string(report).unwrap()), 1);
}
