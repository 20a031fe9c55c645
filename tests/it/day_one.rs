//! ruff's day-one habits, through the binary: `--output-format concise|full`, `-e`,
//! `--exit-non-zero-on-fix`, `--show-fixes`, `--config KEY = VALUE`, `.amlint.toml`, `extend`,
//! the file-level `# amlint: noqa`, shell completions and `--watch`.

use crate::common;

use std::fs;
use std::path::Path;

use common::{repo, run};

/// A hyphenated input name (input-key-charset, no fix) and `uri-folder` (unknown-input-type, a
/// safe fix).
const BAD: &str = "inputs:\n  heart-data:\n    type: uri-folder\n    path: azureml://datastores/workspaceblobstore/paths/heart\n";
/// Only input-key-charset.
const KEY_ONLY: &str = "inputs:\n  heart-data:\n    type: uri_folder\n    path: azureml://datastores/workspaceblobstore/paths/heart\n";
/// Only unknown-input-type (fixable).
const FIX_ONLY: &str = "inputs:\n  heart_data:\n    type: uri-folder\n    path: azureml://datastores/workspaceblobstore/paths/heart\n";

fn out(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn err(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
fn code(o: &std::process::Output) -> i32 {
    o.status.code().unwrap()
}

#[test]
fn output_format_takes_ruff_s_names() {
    let dir = repo(&[("bad/inputs.yml", BAD)]);
    let concise = run(&["check", "--output-format", "concise", "bad"], dir.path());
    assert_eq!(code(&concise), 1);
    assert!(out(&concise).starts_with("bad/inputs.yml:2:3: error[input-key-charset] "));
    let full = run(&["check", "--output-format", "full", "bad"], dir.path());
    assert_eq!(code(&full), 1);
    assert!(out(&full).contains("input-key-charset") && out(&full).contains("  heart-data:"));
    let help = out(&run(&["check", "--help"], dir.path()));
    assert!(help.contains("--output-format") && help.contains("concise"));
}

#[test]
fn e_is_exit_zero() {
    let dir = repo(&[("bad/inputs.yml", BAD)]);
    let o = run(&["check", "-e", "bad"], dir.path());
    assert_eq!(code(&o), 0);
    assert!(out(&o).contains("input-key-charset"));
}

#[test]
fn exit_non_zero_on_fix_fails_when_a_file_was_fixed() {
    let dir = repo(&[("nz/inputs.yml", FIX_ONLY), ("plain/inputs.yml", FIX_ONLY)]);
    let o = run(
        &["check", "--fix", "--exit-non-zero-on-fix", "nz"],
        dir.path(),
    );
    assert_eq!(code(&o), 1, "{}", err(&o));
    assert!(
        fs::read_to_string(dir.path().join("nz/inputs.yml"))
            .unwrap()
            .contains("uri_folder")
    );
    assert_eq!(code(&run(&["check", "--fix", "plain"], dir.path())), 0);
    // Nothing left to fix: 0 again; --exit-zero still wins.
    assert_eq!(
        code(&run(
            &["check", "--fix", "--exit-non-zero-on-fix", "nz"],
            dir.path()
        )),
        0
    );
    fs::write(dir.path().join("nz/inputs.yml"), FIX_ONLY).unwrap();
    let zero = run(
        &["check", "--fix", "--exit-non-zero-on-fix", "-e", "nz"],
        dir.path(),
    );
    assert_eq!(code(&zero), 0);
}

#[test]
fn show_fixes_enumerates_what_fix_wrote() {
    let dir = repo(&[("sf/inputs.yml", BAD)]);
    let o = run(&["check", "--fix", "--show-fixes", "sf"], dir.path());
    assert_eq!(code(&o), 1, "input-key-charset is left");
    assert!(
        err(&o).contains("Fixed 1 finding(s):\n- sf/inputs.yml:\n    1 × unknown-input-type\n"),
        "{}",
        err(&o)
    );
    let again = run(&["check", "--fix", "--show-fixes", "sf"], dir.path());
    assert!(err(&again).contains("No fixes applied."), "{}", err(&again));
}

#[test]
fn config_key_value_overrides_the_config() {
    let dir = repo(&[
        ("kv/inputs.yml", KEY_ONLY),
        (
            "cfg/amlint.toml",
            "[severity]\ninput-key-charset = \"warning\"\n",
        ),
        ("cfg/inputs.yml", KEY_ONLY),
    ]);
    assert_eq!(code(&run(&["check", "kv"], dir.path())), 1);
    let o = run(
        &[
            "check",
            "--config",
            "ignore = [\"input-key-charset\"]",
            "kv",
        ],
        dir.path(),
    );
    assert_eq!(code(&o), 0, "{}", err(&o));
    // Over a config found upward: the config's warning, the override's error.
    assert_eq!(code(&run(&["check", "cfg"], dir.path())), 0);
    let o = run(
        &[
            "check",
            "--config",
            "severity.input-key-charset = \"error\"",
            "cfg",
        ],
        dir.path(),
    );
    assert_eq!(code(&o), 1, "{}", err(&o));
    // Over a config file named with --config.
    let o = run(
        &[
            "check",
            "--config",
            "cfg/amlint.toml",
            "--config",
            "ignore = [\"input-key-charset\"]",
            "kv",
        ],
        dir.path(),
    );
    assert_eq!(code(&o), 0, "{}", err(&o));
    // Not TOML, or an unknown key: a usage error.
    let o = run(&["check", "--config", "ignore = [", "kv"], dir.path());
    assert_eq!(code(&o), 2);
    assert!(
        err(&o).contains("neither a config file nor a TOML `KEY = VALUE`"),
        "{}",
        err(&o)
    );
    let o = run(&["check", "--config", "ignor = []", "kv"], dir.path());
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("ignor"), "{}", err(&o));
}

#[test]
fn dot_amlint_toml_is_read_first() {
    let dir = repo(&[
        ("dot/inputs.yml", KEY_ONLY),
        ("dot/.amlint.toml", "ignore = [\"input-key-charset\"]\n"),
        ("both/inputs.yml", KEY_ONLY),
        ("both/.amlint.toml", "ignore = [\"input-key-charset\"]\n"),
        ("both/amlint.toml", "select = [\"input-key-charset\"]\n"),
    ]);
    assert_eq!(code(&run(&["check", "dot"], dir.path())), 0);
    assert_eq!(code(&run(&["check", "both"], dir.path())), 0);
    let settings = out(&run(
        &["check", "--show-settings", "both/inputs.yml"],
        dir.path(),
    ));
    assert!(settings.contains(".amlint.toml"), "{settings}");
}

#[test]
fn extend_reads_the_base_config_first() {
    let dir = repo(&[
        (
            "shared/base.toml",
            "ignore = [\"input-key-charset\"]\n[severity]\nunknown-input-type = \"warning\"\n",
        ),
        ("ext/amlint.toml", "extend = \"../shared/base.toml\"\n"),
        ("ext/inputs.yml", BAD),
        (
            "own/amlint.toml",
            "extend = \"../shared/base.toml\"\nignore = []\n",
        ),
        ("own/inputs.yml", KEY_ONLY),
        ("loop/amlint.toml", "extend = \"amlint.toml\"\n"),
        ("loop/inputs.yml", KEY_ONLY),
        ("gone/amlint.toml", "extend = \"nowhere.toml\"\n"),
        ("gone/inputs.yml", KEY_ONLY),
    ]);
    // The base's ignore and severity apply.
    let o = run(&["check", "--format", "concise", "ext"], dir.path());
    assert_eq!(code(&o), 0, "{}{}", out(&o), err(&o));
    assert!(
        out(&o).contains("warning[unknown-input-type]"),
        "{}",
        out(&o)
    );
    // The extending config's own keys win.
    assert_eq!(code(&run(&["check", "own"], dir.path())), 1);
    // A cycle and a missing base are config errors.
    let o = run(&["check", "loop"], dir.path());
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("extend"), "{}", err(&o));
    let o = run(&["check", "gone"], dir.path());
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("nowhere.toml"), "{}", err(&o));
}

#[test]
fn file_level_noqa_silences_the_file() {
    let dir = repo(&[
        (
            "all/inputs.yml",
            &format!("# amlint: noqa\n# the nightly scoring job\n{BAD}"),
        ),
        (
            "one/inputs.yml",
            &format!("# amlint: noqa: input-key-charset\n{BAD}"),
        ),
    ]);
    assert_eq!(code(&run(&["check", "all"], dir.path())), 0);
    let o = run(&["check", "--format", "concise", "one"], dir.path());
    assert!(!out(&o).contains("input-key-charset") && out(&o).contains("unknown-input-type"));
}

#[test]
fn shell_completions_for_bash_zsh_and_fish() {
    for shell in ["bash", "zsh", "fish"] {
        for command in ["generate-shell-completion", "completions"] {
            let o = run(&[command, shell], Path::new("."));
            assert_eq!(code(&o), 0, "{command} {shell}");
            assert!(out(&o).contains("amlint") && out(&o).contains("exit-non-zero-on-fix"));
        }
    }
}

/// `--watch` checks, checks again when a file changes, and stops cleanly on Ctrl-C (SIGINT).
#[cfg(unix)]
#[test]
fn watch_checks_again_on_change_and_stops_on_ctrl_c() {
    use std::io::Read;
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let dir = repo(&[("w/inputs.yml", KEY_ONLY)]);
    let mut child = common::amlint()
        .args(["check", "--watch", "--format", "concise", "w"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut stderr = stderr;
        let mut buf = [0u8; 4096];
        while let Ok(n) = stderr.read(&mut buf) {
            if n == 0
                || tx
                    .send(String::from_utf8_lossy(&buf[..n]).into_owned())
                    .is_err()
            {
                break;
            }
        }
    });
    let mut said = String::new();
    let mut wait_for = |needle: &str| {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !said.contains(needle) {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(chunk) => said.push_str(&chunk),
                Err(_) => panic!("no `{needle}` from --watch: {said}"),
            }
        }
    };
    wait_for("watching for changes");
    std::thread::sleep(Duration::from_millis(300));
    fs::write(dir.path().join("w/inputs.yml"), BAD).unwrap();
    wait_for("checking again");
    std::thread::sleep(Duration::from_millis(500));
    // SAFETY: a plain kill(2) of our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "--watch did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
    let mut report = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut report)
        .unwrap();
    // The first check, then the second with the new finding.
    assert_eq!(report.matches("input-key-charset").count(), 2, "{report}");
    assert!(report.contains("unknown-input-type"), "{report}");
}

/// `server --stdio` (what editors pass) answers `initialize`, and a client that asks `shutdown`
/// before `initialized` still gets its answer and a clean exit.
#[test]
fn server_stdio_answers_initialize_and_shuts_down() {
    use std::io::Write;
    use std::process::Stdio;
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let input = [
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}"#,
        r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#,
        r#"{"jsonrpc":"2.0","method":"exit"}"#,
    ]
    .map(frame)
    .concat();
    let mut child = common::amlint()
        .args(["server", "--stdio"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains(r#""capabilities""#), "{said}");
    assert!(said.contains(r#""id":2"#), "no answer to shutdown: {said}");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
