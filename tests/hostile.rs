//! A pull request's files are written by whoever opens it. Each case is generated here, in a
//! scratch repository: writes outside the checked tree, links, devices, `--file` cycles, inputs
//! that crash parsers or blow up time and output, control characters, configs from above the
//! repository. Exit codes are 0, 1 or 2 only; time and output are bounded.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{amlint, diagnostics, repo};
use serde_json::Value;

/// Run amlint in `cwd` with a time limit; (exit code, stdout, stderr).
fn run_bounded(args: &[&str], cwd: &Path, limit: Duration) -> (i32, String, String) {
    let mut command: Command = amlint();
    command
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null());
    let started = Instant::now();
    let out = command.output().expect("amlint runs");
    let took = started.elapsed();
    assert!(took < limit, "{args:?} took {took:?} (limit {limit:?})");
    let code = out.status.code().unwrap_or(-1);
    assert!(
        matches!(code, 0..=2),
        "{args:?}: exit {code} (a crash?): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        code,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(args: &[&str], cwd: &Path) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, _) = run_bounded(&all, cwd, Duration::from_secs(60));
    (code, serde_json::from_str(&stdout).expect("a JSON report"))
}

const FIXABLE: &str = "inputs:\n  a:\n    type: uri-folder\n    path: azureml:x@latest\n";

#[test]
fn fix_writes_only_under_the_named_paths() {
    let outer = tempfile::tempdir().unwrap();
    let victim = outer.path().join("outside/victim.yml");
    std::fs::create_dir_all(victim.parent().unwrap()).unwrap();
    std::fs::write(&victim, FIXABLE).unwrap();
    let root = outer.path().join("repo");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join("ci")).unwrap();
    std::fs::create_dir_all(root.join("jobs")).unwrap();
    std::fs::write(root.join("jobs/inside.yml"), FIXABLE).unwrap();
    std::fs::write(
        root.join("ci/run.sh"),
        "az ml batch-endpoint invoke --name x --file ../../outside/victim.yml\naz ml batch-endpoint invoke --name x --file ../jobs/inside.yml\n",
    )
    .unwrap();
    let (_, _, stderr) = run_bounded(&["check", "--fix", "ci/"], &root, Duration::from_secs(30));
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        FIXABLE,
        "outside the repository"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("jobs/inside.yml")).unwrap(),
        FIXABLE,
        "inside the repository but outside the named paths"
    );
    assert!(stderr.contains("outside the paths named"), "{stderr}");
    // Named, it is fixed.
    run_bounded(&["check", "--fix", "jobs/"], &root, Duration::from_secs(30));
    assert!(
        std::fs::read_to_string(root.join("jobs/inside.yml"))
            .unwrap()
            .contains("uri_folder")
    );
}

#[cfg(unix)]
#[test]
fn fix_refuses_links_read_only_and_hard_linked_files() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = repo(&[
        ("target.yml", FIXABLE),
        ("locked.yml", FIXABLE),
        ("shared.yml", FIXABLE),
    ]);
    let root = dir.path();
    symlink(root.join("target.yml"), root.join("link.yml")).unwrap();
    std::fs::set_permissions(
        root.join("locked.yml"),
        std::fs::Permissions::from_mode(0o444),
    )
    .unwrap();
    std::fs::hard_link(root.join("shared.yml"), root.join("other-name.yml")).unwrap();
    let (_, _, stderr) = run_bounded(
        &["check", "--fix", "link.yml", "locked.yml", "shared.yml"],
        root,
        Duration::from_secs(30),
    );
    assert!(
        std::fs::symlink_metadata(root.join("link.yml"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    for name in ["target.yml", "locked.yml", "shared.yml"] {
        assert_eq!(
            std::fs::read_to_string(root.join(name)).unwrap(),
            FIXABLE,
            "{name}"
        );
    }
    for why in ["symbolic link", "read-only", "hard links"] {
        assert!(stderr.contains(why), "{why}: {stderr}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("amlint"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn followed_files_that_are_devices_fifos_or_outside_are_not_opened() {
    let dir = repo(&[]);
    let root = dir.path();
    let fifo = root.join("pipe.yml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    let mut script = String::new();
    for target in [
        "/dev/zero",
        "/dev/stdin",
        "/proc/self/environ",
        "/etc/passwd",
        "../../../etc/hostname",
        ".git/config",
        "pipe.yml",
    ] {
        script.push_str(&format!(
            "az ml batch-endpoint invoke --name x --file {target}\n"
        ));
    }
    std::fs::write(root.join(".git/config"), "inputs:\n  secret_key: hunter2\n").unwrap();
    std::fs::write(root.join("run.sh"), script).unwrap();
    let (code, stdout, stderr) =
        run_bounded(&["check", "-v", "run.sh"], root, Duration::from_secs(20));
    assert!(code <= 1, "{stderr}");
    assert!(
        !stdout.contains("hunter2") && !stdout.contains("root:"),
        "{stdout}"
    );
    assert!(
        stderr.contains("is outside the repository; not opened"),
        "{stderr}"
    );
    if made.is_ok_and(|s| s.success()) {
        assert!(
            stderr.contains("is not a regular file; not opened"),
            "{stderr}"
        );
    }
}

#[test]
fn file_cycles_end() {
    let dir = repo(&[
        (
            "run.sh",
            "az ml batch-endpoint invoke --name x --file run.sh\n",
        ),
        ("a.sh", "az ml batch-endpoint invoke --name x --file b.sh\n"),
        ("b.sh", "az ml batch-endpoint invoke --name x --file a.sh\n"),
        (
            "docs/README.md",
            "```bash\naz ml batch-endpoint invoke --name x --file README.md\n```\n",
        ),
        (
            ".github/workflows/ci.yml",
            "jobs:\n  j:\n    steps:\n      - run: az ml batch-endpoint invoke --name x --file ci.yml\n",
        ),
    ]);
    let (code, _) = json(&["."], dir.path());
    assert!(code <= 1);
    let (code, _) = json(
        &[
            "run.sh",
            "a.sh",
            "docs/README.md",
            ".github/workflows/ci.yml",
        ],
        dir.path(),
    );
    assert!(code <= 1);
}

#[test]
fn deep_python_is_refused_not_parsed() {
    let mut text = String::from("job = ml_client.batch_endpoints.invoke(endpoint_name=\"e\")\n");
    for i in 0..520 {
        text.push_str(&format!("{}if x:\n", " ".repeat(i)));
    }
    text.push_str(&format!("{}y = \"unterminated\n", " ".repeat(520)));
    let dir = repo(&[
        ("deep.py", &text),
        (
            "ok.sh",
            "az ml batch-endpoint invoke --name e --input-path x\n",
        ),
    ]);
    let (code, report) = json(&["."], dir.path());
    assert_eq!(code, 1);
    let rules: Vec<(&str, &str)> = diagnostics(&report)
        .iter()
        .map(|d| (d["file"].as_str().unwrap(), d["rule"].as_str().unwrap()))
        .collect();
    assert!(rules.contains(&("deep.py", "read-error")), "{report}");
    assert!(
        rules.contains(&("ok.sh", "legacy-invoke-syntax")),
        "the other file is still checked"
    );
}

#[test]
fn a_finding_far_along_a_long_line_prints_without_its_line() {
    let text = format!(
        "echo {}; az ml batch-endpoint invoke --name e --input-path x\n",
        "x".repeat(70_000)
    );
    let dir = repo(&[("run.sh", &text)]);
    let (code, stdout, _) = run_bounded(&["check", "run.sh"], dir.path(), Duration::from_secs(20));
    assert_eq!(code, 1);
    assert!(
        stdout.contains("run.sh:1:70"),
        "{}",
        &stdout[..stdout.len().min(2000)]
    );
    assert!(stdout.len() < 10_000, "{} bytes", stdout.len());
}

#[test]
fn findings_per_file_are_capped_and_time_stays_linear() {
    // 100,000 inputs in one mapping.
    let mut inputs = String::from("inputs:\n");
    for i in 0..100_000 {
        inputs.push_str(&format!(
            "  in_{i}:\n    type: uri_folder\n    path: azureml:d{i}:1\n"
        ));
    }
    // 50,000 `--set` items on one line, half of them wrong.
    let items: Vec<String> = (0..25_000)
        .map(|i| format!("inputs.i{i}.type=strin inputs.i{i}.default=v"))
        .collect();
    let set = format!(
        "az ml batch-endpoint invoke --name e --set {}\n",
        items.join(" ")
    );
    let dir = repo(&[("inputs.yml", &inputs), ("set.sh", &set)]);
    // Debug builds are many times slower than release, and CI machines may be loaded: the
    // bound is generous there, yet a quadratic cost (minutes in release) still breaks it.
    let limit = Duration::from_secs(if cfg!(debug_assertions) { 150 } else { 4 });
    // The human report (snippets) and SARIF (the largest per finding); every format shares
    // the capped reports.
    for (format, files) in [
        ("sarif", &["inputs.yml", "set.sh"][..]),
        ("human", &["set.sh"][..]),
    ] {
        let mut args = vec!["check", "--format", format];
        args.extend_from_slice(files);
        let (code, stdout, _) = run_bounded(&args, dir.path(), limit);
        assert_eq!(code, 1, "{format}");
        assert!(stdout.len() < 3_000_000, "{format}: {} bytes", stdout.len());
    }
    let (_, report) = json(&["set.sh"], dir.path());
    assert_eq!(
        diagnostics(&report).len(),
        amlint::diagnostic::MAX_FINDINGS_PER_FILE
    );
    assert_eq!(
        report["summary"]["omitted"],
        25_000 - amlint::diagnostic::MAX_FINDINGS_PER_FILE
    );
}

#[test]
fn control_characters_never_reach_the_output_raw() {
    let dir = repo(&[(
        "inputs.yml",
        "inputs:\n  \"a\\n##vso[task.setvariable variable=x]y\\u001b[2J\\u202e\":\n    type: uri_folder\n    path: azureml:x@latest\n",
    )]);
    for format in ["human", "compact", "github", "json", "sarif"] {
        let (_, stdout, _) = run_bounded(
            &["check", "--format", format, "inputs.yml"],
            dir.path(),
            Duration::from_secs(20),
        );
        assert!(
            !stdout.contains('\u{1b}') && !stdout.contains('\u{202e}'),
            "{format}: {stdout}"
        );
        assert!(
            !stdout.lines().any(|l| l.trim_start().starts_with("##vso")),
            "{format}: {stdout}"
        );
    }
}

#[test]
fn a_config_above_the_repository_is_not_used() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(
        outer.path().join("amlint.toml"),
        "select = [\"nothing-at-all\"]\n",
    )
    .unwrap();
    let root = outer.path().join("repo");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(root.join("inputs.yml"), FIXABLE).unwrap();
    let (code, report) = json(&["inputs.yml"], &root);
    assert_eq!(code, 1, "{report}");
    assert!(!diagnostics(&report).is_empty());
}

#[test]
fn notebooks_with_escaped_surrogate_pairs_are_checked() {
    let notebook = r##"{"cells": [{"cell_type": "code", "metadata": {}, "source": ["# \ud83d\ude00 scores\n", "job = ml_client.batch_endpoints.invoke(endpoint_name=\"e\", input=Input(type=\"uri-folder\", path=\"azureml:x@latest\"))\n"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}"##;
    let dir = repo(&[("score.ipynb", notebook)]);
    let (code, report) = json(&["score.ipynb"], dir.path());
    assert_eq!(code, 1, "{report}");
    assert_eq!(diagnostics(&report)[0]["rule"], "input-type-value");
}
