//! What installing amlint relies on: `rust-version` is the real minimum (the newest any dependency
//! declares, and no older than the language features the code uses), the wheel is a binary-only
//! maturin build, and the pre-commit manifest hands amlint every kind of file it reads, in one
//! process. (`.ci/wheel` builds and runs the wheel itself.)

use crate::common;

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
    let pyproject: toml::Table =
        std::fs::read_to_string(common::root().join("packaging/wheel/pyproject.toml"))
            .unwrap()
            .parse()
            .unwrap();
    assert_eq!(
        pyproject["build-system"]["build-backend"].as_str(),
        Some("maturin")
    );
    assert_eq!(
        pyproject["tool"]["maturin"]["manifest-path"].as_str(),
        Some("../../Cargo.toml")
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
    // One entry per hook: `- id:` starts each.
    let hooks: Vec<&str> = text.split("\n- id: ").skip(1).collect();
    let languages: Vec<&str> = hooks
        .iter()
        .filter_map(|h| h.lines().find_map(|l| l.trim().strip_prefix("language: ")))
        .collect();
    // The wheel route first, under the plain id; the from-source route beside it.
    assert_eq!(languages, ["python", "rust"], "{text}");
    assert!(hooks[0].starts_with("amlint\n"), "{}", hooks[0]);
    for hook in &hooks {
        let types = hook
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
        assert!(hook.contains("require_serial: true"), "{hook}");
        assert!(hook.contains("minimum_pre_commit_version"), "{hook}");
    }
}

/// pre-commit's `language: python` pip-installs the repository root: that must be the package
/// that depends on the wheel, never the maturin build (which compiles amlint).
#[test]
fn the_root_package_installs_the_wheel_without_compiling() {
    let root: toml::Table = std::fs::read_to_string(common::root().join("pyproject.toml"))
        .unwrap()
        .parse()
        .unwrap();
    assert_ne!(
        root["build-system"]["build-backend"].as_str(),
        Some("maturin")
    );
    let dependencies = root["project"]["dependencies"].as_array().unwrap();
    assert_eq!(dependencies.len(), 1);
    assert!(
        dependencies[0]
            .as_str()
            .unwrap()
            .starts_with("amlint-azureml==")
    );
}

/// `cargo binstall` finds the archives the release workflow makes, for every target it builds.
#[test]
fn binstall_finds_the_release_archives() {
    let manifest: toml::Table = std::fs::read_to_string(common::root().join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let binstall = &manifest["package"]["metadata"]["binstall"];
    let url = binstall["pkg-url"].as_str().unwrap();
    assert!(
        url.ends_with("/amlint-{ target }.{ archive-format }"),
        "{url}"
    );
    assert!(url.contains("/releases/download/v{ version }/"), "{url}");
    let workflow =
        std::fs::read_to_string(common::root().join(".github/workflows/release.yml")).unwrap();
    assert!(workflow.contains("dist/amlint-$target.tar.gz"));
    assert!(workflow.contains("dist/amlint-$target.zip"));
    assert!(workflow.contains("tags: [\"v*\"]"));
    let targets: Vec<&str> = workflow
        .lines()
        .filter_map(|l| l.split("target: ").nth(1))
        .filter_map(|t| t.split(',').next())
        .filter(|t| !t.contains('$'))
        .collect();
    assert_eq!(targets.len(), 5, "{targets:?}");
    for target in targets {
        let zip = binstall["overrides"]
            .get(target)
            .and_then(|o| o.get("pkg-fmt"))
            .and_then(|f| f.as_str())
            == Some("zip");
        assert_eq!(zip, target.contains("windows"), "{target}");
    }
    let repository = manifest["package"]["repository"].as_str().unwrap();
    let wheel =
        std::fs::read_to_string(common::root().join("packaging/wheel/pyproject.toml")).unwrap();
    assert!(wheel.contains(&format!("Repository = \"{repository}\"")));
}

/// The version is Cargo.toml's; every pin of the wheel in the README and the pre-commit package
/// says the same.
#[test]
fn every_pinned_version_is_cargo_s() {
    let manifest: toml::Table = std::fs::read_to_string(common::root().join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let version = manifest["package"]["version"].as_str().unwrap();
    for file in ["README.md", "pyproject.toml"] {
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
    // Tags: the pre-commit `rev:` and the Action's `uses: …@v…`; the Action's default wheel.
    for (file, marker) in [
        ("README.md", "rev: v"),
        ("README.md", "amlint/amlint@v"),
        ("action.yml", "amlint/amlint@v"),
        ("action.yml", "default: "),
    ] {
        let text = std::fs::read_to_string(common::root().join(file)).unwrap();
        let tags: Vec<&str> = text
            .match_indices(marker)
            .map(|(at, m)| {
                let rest = &text[at + m.len()..];
                &rest[..rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
                    .unwrap_or(rest.len())]
            })
            .filter(|t| t.starts_with(|c: char| c.is_ascii_digit()))
            .collect();
        assert!(!tags.is_empty(), "{file} has no `{marker}` version");
        assert!(
            tags.iter().all(|t| *t == version),
            "{file}: {marker}{tags:?} is not {version}"
        );
    }
    let root = std::fs::read_to_string(common::root().join("pyproject.toml")).unwrap();
    assert!(root.contains(&format!("version = \"{version}\"")));
}
