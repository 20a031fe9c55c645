//! What installing amlint relies on: `rust-version` is the real minimum (the newest any dependency
//! declares, and no older than the language features the code uses), the wheel is a binary-only
//! maturin build, and the pre-commit manifest hands amlint every kind of file it reads, in one
//! process. (`.ci/wheel` builds and runs the wheel itself.)

mod common;

use std::process::Command;

fn version_tuple(v: &str) -> Vec<u64> {
    v.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

#[test]
fn rust_version_is_the_newest_that_any_dependency_needs() {
    let manifest: toml::Table = std::fs::read_to_string(common::root().join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let declared = manifest["package"]["rust-version"]
        .as_str()
        .unwrap()
        .to_string();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .current_dir(common::root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Let chains (`if let … && let …`) need 1.88; edition 2024 needs 1.85.
    let mut needed = ("1.88".to_string(), "amlint's own code".to_string());
    for package in metadata["packages"].as_array().unwrap() {
        if package["name"] == "amlint" {
            continue;
        }
        if let Some(v) = package["rust_version"].as_str()
            && version_tuple(v) > version_tuple(&needed.0)
        {
            needed = (v.to_string(), package["name"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(
        version_tuple(&declared),
        version_tuple(&needed.0),
        "Cargo.toml says rust-version {declared}; {} needs {}",
        needed.1,
        needed.0
    );
}

#[test]
fn the_wheel_carries_the_binary_under_a_free_name() {
    let pyproject: toml::Table = std::fs::read_to_string(common::root().join("pyproject.toml"))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        pyproject["build-system"]["build-backend"].as_str(),
        Some("maturin")
    );
    assert_eq!(
        pyproject["tool"]["maturin"]["bindings"].as_str(),
        Some("bin")
    );
    // `amlint` on PyPI is an unrelated Alertmanager linter.
    assert_eq!(
        pyproject["project"]["name"].as_str(),
        Some("amlint-azureml")
    );
}

#[test]
fn the_pre_commit_hook_gets_every_kind_of_file_in_one_process() {
    let text = std::fs::read_to_string(common::root().join(".pre-commit-hooks.yaml")).unwrap();
    let types = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("types_or:"))
        .expect("types_or");
    for kind in [
        "yaml",
        "shell",
        "markdown",
        "python",
        "jupyter",
        "json",
        "powershell",
    ] {
        assert!(types.contains(kind), "types_or lacks {kind}: {types}");
    }
    assert!(text.contains("require_serial: true"));
    assert!(text.contains("minimum_pre_commit_version"));
}

/// The version is Cargo.toml's; every pin of the wheel in the README and the pre-commit mirror
/// says the same.
#[test]
fn every_pinned_version_is_cargo_s() {
    let manifest: toml::Table = std::fs::read_to_string(common::root().join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let version = manifest["package"]["version"].as_str().unwrap();
    for file in ["README.md", "pre-commit-mirror/pyproject.toml"] {
        let text = std::fs::read_to_string(common::root().join(file)).unwrap();
        let pins: Vec<&str> = text
            .match_indices("amlint-azureml==")
            .map(|(at, pin)| {
                let rest = &text[at + pin.len()..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
                    .unwrap_or(rest.len());
                &rest[..end]
            })
            .collect();
        assert!(!pins.is_empty(), "{file} pins no version");
        assert!(
            pins.iter().all(|p| *p == version),
            "{file}: {pins:?} is not {version}"
        );
    }
    let mirror =
        std::fs::read_to_string(common::root().join("pre-commit-mirror/pyproject.toml")).unwrap();
    assert!(mirror.contains(&format!("version = \"{version}\"")));
}
