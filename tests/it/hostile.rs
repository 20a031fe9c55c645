//! A pull request's files are written by whoever opens it. Each case is generated here, in a
//! scratch repository: writes outside the checked tree, links, devices, `--file` cycles, inputs
//! that crash parsers or blow up time and output, control characters, configs from above the
//! repository. Exit codes are 0, 1 or 2 only; time and output are bounded.

use crate::common;

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

/// A body of `levels` lines, each indented one deeper (`ch` a space or a tab) and ending `:`,
/// after an unterminated string: the shape that aborted tree-sitter-python's scanner.
fn indent_staircase(opening: &str, levels: usize, ch: &str, eol: &str) -> String {
    let mut text = format!("# InputData post batch_endpoints{eol}{opening}{eol}");
    for i in 0..levels {
        text.push_str(&ch.repeat(i + 1));
        text.push(':');
        text.push_str(eol);
    }
    text
}

fn notebook(cells: &[String]) -> String {
    let cells: Vec<Value> = cells
        .iter()
        .map(|c| serde_json::json!({"cell_type": "code", "metadata": {}, "outputs": [], "source": c}))
        .collect();
    serde_json::json!({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
        .to_string()
}

/// Every shape that once reached the Python parser's abort, in every container that hands text
/// to it: each gets an answer (exit 0, 1 or 2 and a report), and the well-formed call beside it
/// is still read.
#[test]
fn python_that_aborted_the_old_parser_gets_an_answer_in_every_container() {
    let call = "job = ml_client.batch_endpoints.invoke(endpoint_name=\"e\", inputs={\"a-b\": Input(path=\"azureml:d@latest\")})\n";
    let mut files: Vec<(String, String)> = Vec::new();
    for (name, opening) in [
        ("dq", "x(\"a"),
        ("f", "x(f'a"),
        ("b", "x(b'a"),
        ("triple", "x(\"\"\"a"),
        ("paren-in-string", "s = \"(\"\n\"a"),
        ("paren-in-comment", "# (\n\"a"),
        ("dict", "{\"k\": f(\"a"),
    ] {
        for (ch_name, ch) in [("spaces", " "), ("tabs", "\t")] {
            for (eol_name, eol) in [("lf", "\n"), ("crlf", "\r\n")] {
                let staircase = indent_staircase(opening, 520, ch, eol);
                files.push((
                    format!("{name}-{ch_name}-{eol_name}.py"),
                    format!("{call}{staircase}"),
                ));
            }
        }
    }
    let staircase = indent_staircase("x(\"a", 520, " ", "\n");
    for tag in ["python", "py", "ipython", "jupyter"] {
        files.push((
            format!("fence-{tag}.md"),
            format!("# Docs\n\n```{tag}\n{call}{staircase}```\n"),
        ));
        let many: String = staircase
            .lines()
            .map(|line| format!("```{tag}\n{line}\n```\n"))
            .collect();
        files.push((
            format!("fences-{tag}.md"),
            format!("```{tag}\n{call}```\n{many}"),
        ));
    }
    let code = format!("{call}{staircase}");
    files.push((
        "one-cell.ipynb".into(),
        notebook(std::slice::from_ref(&code)),
    ));
    let lines: Vec<String> = code.split_inclusive('\n').map(str::to_string).collect();
    files.push(("cell-per-line.ipynb".into(), notebook(&lines)));
    let named: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let dir = repo(&named);
    for (name, _) in &files {
        let (_, report) = json(&[name], dir.path());
        let rules: Vec<&str> = diagnostics(&report)
            .iter()
            .map(|d| d["rule"].as_str().unwrap())
            .collect();
        assert!(
            rules.contains(&"input-key-charset") || rules.contains(&"read-error"),
            "{name}: {report}"
        );
    }
    // The folder walked, and the one text on standard input.
    let (_, report) = json(&["."], dir.path());
    assert!(!diagnostics(&report).is_empty());
    let text = &files[0].1;
    let out = common::run_with_stdin(
        &["check", "--format", "json", "--stdin-filename", "x.py", "-"],
        dir.path(),
        text,
    );
    assert!(matches!(out.status.code(), Some(0..=2)), "{out:?}");
    let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    assert!(
        diagnostics(&report)
            .iter()
            .any(|d| d["rule"] == "input-key-charset")
    );
}

/// Beyond the stated bound (ten times it, in each way code nests) a file is a `read-error`, the
/// call in the other file is still read, and nothing overflows a stack.
#[test]
fn python_nested_ten_times_past_the_bound_is_a_read_error_for_that_file_only() {
    const TEN_TIMES: usize = 10_000;
    let head = "# batch_endpoints.invoke\n";
    let shapes = [
        (
            "parens.py",
            format!(
                "{head}x = {}1{}\n",
                "(".repeat(TEN_TIMES),
                ")".repeat(TEN_TIMES)
            ),
        ),
        (
            "unclosed.py",
            format!("{head}x = {}\n", "([{".repeat(TEN_TIMES)),
        ),
        (
            "sum.py",
            format!("{head}x = {}1\n", "a + ".repeat(TEN_TIMES)),
        ),
        (
            "attributes.py",
            format!("{head}x = a{}\n", ".b".repeat(TEN_TIMES)),
        ),
        (
            "calls.py",
            format!("{head}x = f{}\n", "()".repeat(TEN_TIMES)),
        ),
        (
            "not.py",
            format!("{head}x = {}1\n", "not ".repeat(TEN_TIMES)),
        ),
        (
            "lambda.py",
            format!("{head}x = {}1\n", "lambda: ".repeat(TEN_TIMES)),
        ),
        (
            "fstrings.py",
            format!(
                "{head}x = {}1{}\n",
                "f'{".repeat(TEN_TIMES / 2),
                "}'".repeat(TEN_TIMES / 2)
            ),
        ),
    ];
    let mut files: Vec<(&str, &str)> = shapes.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let good = "ml_client.batch_endpoints.invoke(endpoint_name=\"e\", inputs={\"a-b\": Input(path=\"azureml:d@latest\")})\n";
    files.push(("good.py", good));
    let dir = repo(&files);
    let (_, report) = json(&["."], dir.path());
    for (name, _) in &shapes {
        assert!(
            diagnostics(&report)
                .iter()
                .any(|d| d["file"] == *name && d["rule"] == "read-error"),
            "{name}: {report}"
        );
    }
    assert!(
        diagnostics(&report)
            .iter()
            .any(|d| d["file"] == "good.py" && d["rule"] == "input-key-charset"),
        "{report}"
    );
}

/// Valid Python that merely holds many brackets in strings is read, not refused.
#[test]
fn brackets_in_strings_are_not_nesting() {
    let text = format!(
        "ml_client.batch_endpoints.invoke(endpoint_name='e', inputs={{'a': Input(path='azureml:d@latest')}})\n{}",
        "OPEN = \"(\"  # ((\n".repeat(2_000)
    );
    let dir = repo(&[("calls.py", &text)]);
    let (_, report) = json(&["calls.py"], dir.path());
    let rules: Vec<&str> = diagnostics(&report)
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(!rules.contains(&"read-error"), "{report}");
    assert!(rules.contains(&"input-missing-type"), "{report}");
}

/// Broken Python around a call does not change what is read of the call: a bare `from` above
/// it, and a tab-indented block below it, leave the same findings.
#[test]
fn findings_on_a_call_do_not_depend_on_unrelated_broken_lines() {
    let call = "job = ml_client.batch_endpoints.invoke(endpoint_name='e', inputs={'a-b': Input(path='azureml:d@latest')})\n";
    let variants = [
        ("plain.py", call.to_string()),
        ("bare-from.py", format!("from\n{call}")),
        ("bare-import.py", format!("import\n{call}")),
        ("bare-del.py", format!("del\n{call}")),
        (
            "bad-number.py",
            format!("x = 0x\ny = 0b2\nz = 1__0\n{call}"),
        ),
        ("tabs-below.py", format!("from\n{call}if x:\n\ty = 1\n")),
    ];
    let files: Vec<(&str, &str)> = variants.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let dir = repo(&files);
    let (_, report) = json(&["."], dir.path());
    let of = |name: &str| -> Vec<(String, u64)> {
        diagnostics(&report)
            .iter()
            .filter(|d| d["file"] == name)
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().to_string(),
                    d["range"]["start"]["column"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let plain = of("plain.py");
    assert!(
        plain.iter().any(|(rule, _)| rule == "input-key-charset"),
        "{report}"
    );
    for (name, _) in &variants {
        assert_eq!(of(name), plain, "{name}: {report}");
    }
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

/// Round 2 (R2-M4): a here-string holding a lone quote hides no command after it.
#[test]
fn powershell_here_strings_hide_no_command() {
    for here in ["@\"\nsay \"hi\n\"@", "@'\nit's\n'@"] {
        let script = format!("$t = {here}\naz ml batch-endpoint invoke --name e --input-path x\n");
        let dir = repo(&[("run.ps1", &script)]);
        let (_, report) = json(&["run.ps1"], dir.path());
        assert!(
            diagnostics(&report)
                .iter()
                .any(|d| d["rule"] == "legacy-invoke-syntax" && d["range"]["start"]["line"] == 4),
            "{here:?}: {report}"
        );
    }
}

/// Round 2 (R2-M3): a walked file whose name is not UTF-8 is read by its real name, shown with
/// its bytes escaped, and two such files are two SARIF URIs.
#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_are_read_and_told_apart() {
    use std::os::unix::ffi::OsStrExt;
    let dir = repo(&[]);
    for byte in [0xfeu8, 0xfd] {
        let bytes = [b'b', byte, b'.', b's', b'h'];
        let name = std::ffi::OsStr::from_bytes(&bytes);
        std::fs::write(
            dir.path().join(name),
            "az ml batch-endpoint invoke --name e --input-path x\n",
        )
        .unwrap();
    }
    std::fs::write(
        dir.path()
            .join(std::ffi::OsStr::from_bytes(b"build\xff.sh")),
        "echo hello\n",
    )
    .unwrap();
    let (_, report) = json(&["."], dir.path());
    let found = diagnostics(&report);
    assert!(found.iter().all(|d| d["rule"] != "read-error"), "{report}");
    let files: Vec<&str> = found.iter().filter_map(|d| d["file"].as_str()).collect();
    assert_eq!(files, ["b\\xfd.sh", "b\\xfe.sh"], "{report}");
    let (_, sarif, _) = run_bounded(
        &["check", "--format", "sarif", "."],
        dir.path(),
        Duration::from_secs(60),
    );
    assert!(
        sarif.contains("\"b%FD.sh\"") && sarif.contains("\"b%FE.sh\""),
        "{sarif}"
    );
}

/// Round 2 (R2-L2): renaming an unknown REST field to the nearest known one is a guess: plain
/// `--diff` does not show it and plain `--fix` does not write it.
#[test]
fn a_guessed_rest_field_rename_is_never_a_safe_fix() {
    let body = "{\n  \"properties\": {\n    \"InputData\": {\n      \"claims\": {\n        \"JobInputType\": \"UriFolder\",\n        \"Note\": \"June backfill\",\n        \"Uri\": \"azureml://datastores/claimsblob/paths/incoming/\"\n      }\n    }\n  }\n}\n";
    let dir = repo(&[("body.json", body)]);
    let (_, diff, _) = run_bounded(
        &["check", "--diff", "body.json"],
        dir.path(),
        Duration::from_secs(60),
    );
    assert!(!diff.contains("\"Mode\""), "{diff}");
    let (_, unsafe_diff, _) = run_bounded(
        &["check", "--diff", "--unsafe-fixes", "body.json"],
        dir.path(),
        Duration::from_secs(60),
    );
    assert!(unsafe_diff.contains("+        \"Mode\""), "{unsafe_diff}");
    run_bounded(
        &["check", "--fix", "body.json"],
        dir.path(),
        Duration::from_secs(60),
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("body.json")).unwrap(),
        body
    );
}

/// Round 2 (R2-L1): `--show-settings` under a folder whose name holds an ESC prints no raw ESC.
#[test]
fn show_settings_escapes_the_config_path() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("esc\u{1b}[2Jrepo");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(
        root.join("pyproject.toml"),
        "[tool.amlint]\nexclude = [\"build/**\"]\n",
    )
    .unwrap();
    std::fs::write(
        root.join("inputs.yml"),
        "inputs:\n  d:\n    type: uri_folder\n    path: azureml:x:1\n",
    )
    .unwrap();
    let (_, stdout, stderr) = run_bounded(
        &["check", "--show-settings", "inputs.yml"],
        &root,
        Duration::from_secs(60),
    );
    assert!(stdout.contains("config: "), "{stdout}");
    assert!(
        !stdout.contains('\u{1b}') && !stderr.contains('\u{1b}'),
        "{stdout}"
    );
}

/// Round 2 (R2-H3): a REST body in one shell or PowerShell word with tens of thousands of `$V`
/// expansions costs their count, not its square (the bound holds a debug build too).
#[test]
fn rest_bodies_with_many_expansions_are_linear() {
    let n = 60_000;
    let url = "https://e.westus.inference.ml.azure.com/jobs";
    let curl = format!(
        "V=a\ncurl -X POST {url} -d \"{{\\\"properties\\\":{{\\\"InputData\\\":{{\\\"d\\\":{{\\\"JobInputType\\\":\\\"UriFolder\\\",\\\"Uri\\\":\\\"{}\\\"}}}}}}}}\"\n",
        "$V".repeat(n)
    );
    let pwsh = format!(
        "$V = \"a\"\nInvoke-RestMethod -Method Post -Uri {url} -Body \"{{`\"properties`\":{{`\"InputData`\":{{`\"d`\":{{`\"JobInputType`\":`\"UriFolder`\",`\"Uri`\":`\"{}`\"}}}}}}}}\"\n",
        "$V".repeat(n)
    );
    let dir = repo(&[("curl.sh", &curl), ("pwsh.ps1", &pwsh)]);
    for name in ["curl.sh", "pwsh.ps1"] {
        run_bounded(
            &["check", "--format", "json", name],
            dir.path(),
            Duration::from_secs(20),
        );
    }
}

/// Round 2 (R2-H4): a component of 5,000 inputs and a script setting 1,000 it does not declare:
/// quick, and each message names a handful of the declared inputs, not all.
#[test]
fn component_fan_out_suggests_a_few() {
    let mut component = String::from("type: pipeline\ninputs:\n");
    for i in 0..5000 {
        component.push_str(&format!(
            "  declared_{i}: {{type: uri_folder, default: x}}\n"
        ));
    }
    let deployment = "$schema: https://azuremlschemas.azureedge.net/latest/pipelineComponentBatchDeployment.schema.json\nname: d\nendpoint_name: e\ntype: pipeline\ncomponent: pipeline.yml\n";
    let mut script = String::from("az ml batch-endpoint invoke --name e -d d --set");
    for i in 0..1000 {
        script.push_str(&format!(
            " inputs.undeclared_{i}.type=uri_folder inputs.undeclared_{i}.path=azureml:x:1"
        ));
    }
    script.push('\n');
    let dir = repo(&[
        ("pipeline.yml", &component),
        ("deployment.yml", deployment),
        ("run.sh", &script),
    ]);
    let started = Instant::now();
    let (_, report) = json(&["run.sh"], dir.path());
    // Linear work takes seconds even in a debug build on a busy 2-core machine (10 s at load 4);
    // the quadratic cost this guards against took minutes.
    assert!(started.elapsed() < Duration::from_secs(60));
    let unknown: Vec<&Value> = diagnostics(&report)
        .iter()
        .filter(|d| d["rule"] == "component-unknown-input")
        .collect();
    assert!(!unknown.is_empty(), "{report}");
    for d in unknown {
        let message = d["message"].as_str().unwrap();
        assert!(message.len() <= 1000, "{message}");
        assert!(message.contains("and 4995 more"), "{message}");
    }
}

/// Round 2 (R2-H5): peak memory on a PowerShell script of ordinary invocations stays within 8x
/// the file plus 64 MiB (each invocation is checked as it is read, then let go).
#[cfg(target_os = "linux")]
#[test]
fn powershell_memory_is_bounded_by_the_file() {
    if !common::alone("hostile::powershell_memory_is_bounded_by_the_file") {
        return;
    }
    let mut script = String::new();
    let mut i = 0;
    while script.len() < 2 << 20 {
        script.push_str(&format!(
            "$Month = \"2024-{:02}\"\naz ml batch-endpoint invoke --name claims-batch `\n    --input \"azureml://datastores/claimsblob/paths/$Month/{i}/\" `\n    --input-type uri_folder --query name -o tsv\n",
            i % 12 + 1
        ));
        i += 1;
    }
    let dir = repo(&[("big.ps1", &script)]);
    let mut child = common::amlint()
        .args(["check", "--format", "json", "big.ps1"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it for this child only.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is this test's own child, not waited on elsewhere.
    let waited = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(waited, child.id() as i32);
    // Reaped already by wait4 (which measured it): this only tells std so.
    let _ = child.wait();
    let peak = usage.ru_maxrss as usize * 1024;
    let bound = 8 * script.len() + (64 << 20);
    assert!(peak <= bound, "peak {peak} over {bound}");
}

/// Dense YAML: what amlint holds at once for an inputs file grows by at most 16 bytes a byte
/// of it, the bound's own measure at the 8 MiB limit (8× plus 64 MiB is 16× an 8 MiB file;
/// measured in release builds, 7 MiB of each shape peaks at 81–103 MiB, under its 120). The shapes: an input a line
/// (570,000 of them in 7 MiB took 35× the file: a node of the YAML tree was 48 bytes plus a
/// string for every scalar, an input of the model 144 bytes plus copies), one-line flow
/// mappings each with a finding (every finding of a document was held until its end), one
/// name repeated (each entry was kept until the end), aliases of one mapping (each a copy of
/// its fields). The bytes are counted by the test binary's allocator, in process (the same in
/// a debug and a release build); each shape at two sizes, the growth between them taken.
#[test]
fn dense_yaml_memory_is_bounded_by_the_file() {
    if !common::alone("hostile::dense_yaml_memory_is_bounded_by_the_file") {
        return;
    }
    const SIZE: usize = 96 << 10;
    let dense = |size: usize, head: &str, line: &dyn Fn(usize) -> String| {
        let mut text = head.to_string();
        let mut i = 0;
        while text.len() < size {
            text.push_str(&line(i));
            i += 1;
        }
        text
    };
    type Line = fn(usize) -> String;
    let shapes: [(&str, &str, Line); 4] = [
        ("bare.yml", "inputs:\n", |i| format!("  i{i}: 1\n")),
        ("flow.yml", "inputs:\n", |i| {
            format!("  i{i}: {{type: uri_file, path: a.csv}}\n")
        }),
        ("repeated.yml", "inputs:\n", |_| "  a: 1\n".to_string()),
        (
            "aliases.yml",
            "inputs:\n  x: &x {type: uri_file, path: a.csv}\n",
            |i| format!("  a{i}: *x\n"),
        ),
    ];
    // Off the disk: the file sits in a folder no machine has, so discovery finds nothing.
    let options = amlint::engine::Options::default();
    for (name, head, line) in shapes {
        let [(small, held_small), (large, held_large)] = [SIZE, 2 * SIZE].map(|size| {
            let text = dense(size, head, &line);
            let len = text.len();
            let path = format!("/nonexistent-amlint-memory/{name}");
            let held = common::peak_held_during(|| {
                let outcome = amlint::engine::run_stdin(&path, text, &options);
                assert_eq!(outcome.checked, 1, "{name}: not checked");
            });
            (len, held)
        });
        let per_byte = held_large.saturating_sub(held_small) as f64 / (large - small) as f64;
        eprintln!("{name}: {per_byte:.1} bytes a byte ({held_small} → {held_large})");
        assert!(
            per_byte <= 16.0,
            "{name}: amlint holds {per_byte:.1} bytes a byte of the file at once ({held_small} \
             bytes for {small}, {held_large} for {large}): a file at the 8 MiB limit would take \
             more than 8× its size plus 64 MiB"
        );
    }
}

/// The findings of one YAML document are let go past the per-file cap as its rules report
/// them, with the same report as holding them all (an `amlint:` comment makes the file hold
/// them): the same first findings, the same count of the others.
#[test]
fn yaml_findings_past_the_cap_are_let_go_early_with_the_same_report() {
    let mut text = String::from("inputs:\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "  bad.name{i}: {{type: uri-folder, path: azureml:d{i}@latest}}\n"
        ));
    }
    let held = format!("{text}# amlint: not an ignore\n");
    let dir = repo(&[("early.yml", &text), ("held.yml", &held)]);
    let (_, early) = json(&["early.yml"], dir.path());
    let (_, all) = json(&["held.yml"], dir.path());
    assert_eq!(early["summary"], all["summary"]);
    assert!(
        early["summary"]["omitted"].as_u64().unwrap() > 5000,
        "{}",
        early["summary"]
    );
    assert_eq!(but_the_file(&early), but_the_file(&all));
}

/// A report's findings without the file they are in: two files' reports compared.
fn but_the_file(report: &Value) -> Vec<Value> {
    diagnostics(report)
        .iter()
        .map(|d| {
            let mut d = d.clone();
            d["file"] = Value::Null;
            d
        })
        .collect()
}

/// A file whose every line has findings lets go of those past the per-file cap as it goes (its
/// memory stays bounded) and reports exactly what holding them all reported: the same first
/// findings, the same count of the others. A file with an `amlint:` comment holds them all.
#[test]
fn findings_past_the_cap_are_let_go_early_with_the_same_report() {
    let mut script = String::new();
    for i in 0..3000 {
        script.push_str(&format!(
            "az ml batch-endpoint invoke --name e --input-path x{i} --set inputs.bad-name{i}.type=uri-folder\n"
        ));
    }
    let held = format!("{script}# amlint: not an ignore\n");
    let dir = repo(&[("early.sh", &script), ("held.sh", &held)]);
    let (_, early) = json(&["early.sh"], dir.path());
    let (_, all) = json(&["held.sh"], dir.path());
    assert_eq!(early["summary"], all["summary"]);
    assert_eq!(
        early["summary"]["omitted"],
        9000 - 500,
        "{}",
        early["summary"]
    );
    assert_eq!(but_the_file(&early), but_the_file(&all));
}

/// A script of many REST requests reads where it obtains its tokens once, not once per request
/// (each request scanning the whole script was quadratic).
#[test]
fn many_requests_cost_their_number_not_its_square() {
    let mut text =
        String::from("TOKEN=$(az account get-access-token --query accessToken -o tsv)\n");
    for i in 0..10_000 {
        text.push_str(&format!(
            "curl -X POST \"https://e.westeurope.inference.ml.azure.com/jobs\" -H \"Authorization: Bearer $TOKEN\" -d '{{\"properties\": {{\"InputData\": {{\"d{i}\": {{\"JobInputType\": \"UriFolder\", \"Uri\": \"azureml://datastores/s/paths/p\"}}}}}}}}'\n"
        ));
    }
    let dir = repo(&[("post.sh", &text)]);
    let (code, stdout, _) = run_bounded(
        &["check", "--format", "json", "post.sh"],
        dir.path(),
        Duration::from_secs(60),
    );
    assert_eq!(code, 0, "warnings only");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        diagnostics(&report)
            .iter()
            .any(|d| d["rule"] == "rest-token-audience"),
        "{stdout}"
    );
}

/// The human report quotes each finding's lines without counting lines from the top of the file
/// for each one: 500 findings at the end of a 5 MB file took 15 s to print, where the JSON
/// report took 0.4 s.
#[test]
fn quoting_findings_at_the_end_of_a_long_file_costs_their_lines_not_the_file() {
    let mut text = String::from("inputs:\n");
    for i in 0..40_000 {
        text.push_str(&format!(
            "  ok_{i}:\n    type: uri_folder\n    path: azureml://datastores/ws/paths/x{i}/\n"
        ));
    }
    for i in 0..500 {
        text.push_str(&format!(
            "  late_{i}:\n    type: uri_folder\n    path: azureml://datastores/ws/paths/y{i}/\n    mode: bogus_mode\n"
        ));
    }
    let dir = repo(&[("inputs.yml", &text)]);
    let limit = Duration::from_secs(if cfg!(debug_assertions) { 40 } else { 5 });
    let (_, stdout, _) = run_bounded(&["check", "inputs.yml"], dir.path(), limit);
    assert_eq!(stdout.matches("field-not-sent").count(), 500, "{stdout}");
    assert!(stdout.contains("inputs.yml:120005:5"), "{stdout}");
    assert!(stdout.contains("inputs.yml:122001:5"), "{stdout}");
}
