//! Helpers shared by the end-to-end tests: run the real binary, read its JSON report.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

pub fn amlint() -> Command {
    Command::new(env!("CARGO_BIN_EXE_amlint"))
}

pub fn run(args: &[&str], cwd: &Path) -> Output {
    amlint()
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("amlint runs")
}

/// `amlint check --format json ARGS`, parsed, with the exit code.
pub fn check_json(args: &[&str], cwd: &Path) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(&all, cwd);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON report ({e}); stdout: {stdout}; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().expect("exit code"), report)
}

/// The `diagnostics` array of a JSON report.
pub fn diagnostics(report: &Value) -> &Vec<Value> {
    report["diagnostics"].as_array().expect("diagnostics array")
}

/// (rule, line, column) of every diagnostic.
pub fn positions(report: &Value) -> Vec<(String, u64, u64)> {
    let mut found: Vec<(String, u64, u64)> = diagnostics(report)
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    found.sort();
    found
}

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shared corpus, when this checkout sits beside it.
pub fn corpus() -> Option<std::path::PathBuf> {
    let path = root().join("../shared/corpus");
    path.is_dir().then_some(path)
}
