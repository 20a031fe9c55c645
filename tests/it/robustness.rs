//! Adversarial inputs, generated here (nothing big is committed): no panic, no hang, bounded run
//! time, a report for the good file beside the bad ones, and no secret in any output format.

use crate::common;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{amlint, diagnostics, positions};
use serde_json::Value;

const GOOD: &str = "inputs:\n  heart-data:\n    type: uri_folder\n    path: azureml://datastores/workspaceblobstore/paths/x\n";

fn write(dir: &Path, name: &str, data: &[u8]) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, data).unwrap();
}

/// Run with a deadline; the report must be JSON and the exit code 0, 1 or 2.
fn check_within(dir: &Path, args: &[&str], limit: Duration) -> (i32, Value) {
    let started = Instant::now();
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = amlint().args(&all).current_dir(dir).output().unwrap();
    let took = started.elapsed();
    assert!(took < limit, "{args:?} took {took:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
    let code = out.status.code().expect("exited normally");
    assert!((0..=2).contains(&code), "{args:?}: exit {code}");
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: no JSON report ({e}): {stderr}"));
    (code, report)
}

fn adversarial() -> Vec<(&'static str, Vec<u8>)> {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for i in 0..9u8 {
        let (name, prev) = ((b'b' + i) as char, (b'a' + i) as char);
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(", ")
        ));
    }
    bomb.push_str("inputs:\n  x: *j\n");
    let mut noise = Vec::with_capacity(200_000);
    let mut state: u32 = 7;
    for _ in 0..200_000 {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        noise.push((state >> 16) as u8);
    }
    vec![
        ("alias-bomb.yml", bomb.into_bytes()),
        ("deep-sequence.yml", format!("inputs: {}{}\n", "[".repeat(10_000), "]".repeat(10_000)).into_bytes()),
        ("deep-mapping.yml", {
            let mut s = String::from("inputs:\n");
            for i in 0..3000 {
                s.push_str(&format!("{}k{i}:\n", "  ".repeat(i + 1)));
            }
            s.into_bytes()
        }),
        ("deep-substitution.sh", format!("az ml batch-endpoint invoke {}\n", "$(".repeat(5000)).into_bytes()),
        ("binary.yml", noise),
        ("bad-utf8.sh", b"az ml batch-endpoint invoke --name x \\\n  --set inputs.a\xff\xfe.type=uri_folder\n".to_vec()),
        ("unterminated.sh", b"az ml batch-endpoint invoke --name x --set \"inputs.heart_data.type=uri_folder\n".to_vec()),
        ("empty.yml", Vec::new()),
        ("null.yml", b"inputs:\noutputs: ~\n".to_vec()),
        ("tabs.yml", b"inputs:\n\theart_data:\n\t\ttype: uri_folder\n".to_vec()),
        ("long-line.yml", format!("inputs:\n  a:\n    type: uri_folder\n    path: azureml://datastores/workspaceblobstore/paths/{}\n", "x".repeat(2_000_000)).into_bytes()),
        ("unclosed.md", b"```bash\naz ml batch-endpoint invoke --name x --input \"abc\n".to_vec()),
    ]
}

#[test]
fn adversarial_files_are_bounded_and_the_good_file_is_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    for (name, data) in adversarial() {
        write(dir.path(), &format!("each/{name}"), &data);
        write(dir.path(), &format!("all/{name}"), &data);
        check_within(
            dir.path(),
            &[&format!("each/{name}")],
            Duration::from_secs(5),
        );
    }
    write(dir.path(), "all/good.yml", GOOD.as_bytes());
    let (code, report) = check_within(dir.path(), &["all"], Duration::from_secs(10));
    assert_eq!(code, 1);
    let good: Vec<_> = diagnostics(&report)
        .iter()
        .filter(|d| d["file"] == "all/good.yml")
        .collect();
    assert_eq!(good.len(), 1, "{report}");
    assert_eq!(good[0]["rule"], "input-key-charset");
}

#[test]
fn a_big_file_is_skipped_with_a_clear_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("inputs:\n");
    while text.len() < 9 * 1024 * 1024 {
        text.push_str("  in_x:\n    type: uri_folder\n    path: azureml://datastores/workspaceblobstore/paths/p\n");
    }
    write(dir.path(), "huge.yml", text.as_bytes());
    write(dir.path(), "good.yml", GOOD.as_bytes());
    let (code, report) = check_within(
        dir.path(),
        &["huge.yml", "good.yml"],
        Duration::from_secs(5),
    );
    assert_eq!(code, 1);
    let found = positions(&report);
    assert!(found.contains(&("read-error".into(), 1, 1)), "{found:?}");
    assert!(
        found.contains(&("input-key-charset".into(), 2, 3)),
        "{found:?}"
    );
    let read_error = diagnostics(&report)
        .iter()
        .find(|d| d["rule"] == "read-error")
        .unwrap();
    let message = read_error["message"].as_str().unwrap();
    assert!(
        message.contains("huge.yml") && message.contains("limit"),
        "{message}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_unreadable_files_do_not_stop_the_run() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("loop")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("loop"), dir.path().join("loop/self")).unwrap();
    write(dir.path(), "loop/good.yml", GOOD.as_bytes());
    write(dir.path(), "locked.yml", GOOD.as_bytes());
    fs::set_permissions(
        dir.path().join("locked.yml"),
        fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let (code, report) = check_within(dir.path(), &["."], Duration::from_secs(5));
    assert!(code == 1, "{report}");
    let files: Vec<&str> = diagnostics(&report)
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert!(files.contains(&"loop/good.yml"), "{files:?}");
    // Root reads anything; elsewhere the locked file is a read-error, not a crash.
    fs::set_permissions(
        dir.path().join("locked.yml"),
        fs::Permissions::from_mode(0o644),
    )
    .unwrap();
}

#[test]
fn a_planted_secret_appears_in_no_output_format() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "c2VjcmV0U2lnbmF0dXJlVmFsdWU5ODc2NTQzMjE";
    let key = "bXlBY2NvdW50S2V5VmFsdWVXaXRoRW5vdWdoTGVuZ3Ro";
    write(
        dir.path(),
        "s/inputs.yml",
        format!("inputs:\n  d-x:\n    type: uri_folder\n    path: \"https://acct.blob.core.windows.net/c/d?sv=2022-11-02&sp=rl&sig={secret}%3D\"\n  k:\n    type: uri_folder\n    path: https://u:{key}@acct.blob.core.windows.net/c\n").as_bytes(),
    );
    write(
        dir.path(),
        "s/run.sh",
        format!("az ml batch-endpoint invoke --name x --input \"https://acct.blob.core.windows.net/c/d?sp=rl&sig={secret}\" --set output_action=AccountKey={key}\n").as_bytes(),
    );
    for format in ["human", "json", "sarif", "github", "compact"] {
        let out = amlint()
            .args(["check", "--format", format, "s"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(all.contains("embedded-credential"), "{format}: {all}");
        for planted in [secret, key] {
            assert!(
                !all.contains(&planted[..12]),
                "{format} leaked a credential: {all}"
            );
        }
    }
}
