//! Helpers shared by the end-to-end tests: run the real binary, read its JSON report.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// The binary, in an environment that does not depend on where the tests run: no CI service's
/// variables (they pick the default format and the repository root) and no forced colour.
pub fn amlint() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_amlint"));
    for variable in [
        "GITHUB_ACTIONS",
        "GITHUB_WORKSPACE",
        "TF_BUILD",
        "BUILD_SOURCESDIRECTORY",
        "FORCE_COLOR",
    ] {
        command.env_remove(variable);
    }
    command
}

pub fn run(args: &[&str], cwd: &Path) -> Output {
    amlint()
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("amlint runs")
}

/// `amlint ARGS` in `cwd` with `input` on its standard input (`-` paths, editors).
pub fn run_with_stdin(args: &[&str], cwd: &Path, input: &str) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = amlint()
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("amlint runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("amlint reads its input");
    child.wait_with_output().expect("amlint ends")
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

/// The marker every planted credential holds: no output may ever contain it.
pub const SECRET_MARKER: &str = "S3CR3TM4RK3Rq7";

/// Credential shapes, as (name, text in a path), each holding [`SECRET_MARKER`] where only the
/// secret belongs.
pub fn secret_shapes() -> Vec<(&'static str, String)> {
    let m = SECRET_MARKER;
    vec![
        (
            "sas",
            format!("https://acct.blob.core.windows.net/c/d?sv=2022-11-02&sig={m}%3D"),
        ),
        (
            "url-encoded sas",
            format!("https://x.net/y?next=https%3A%2F%2Fa%2Fb%3Fsv%3D1%26sig%3D{m}%253D%26se%3D2"),
        ),
        (
            "account key",
            format!(
                "DefaultEndpointsProtocol=https;AccountName=a;AccountKey={m}==;EndpointSuffix=core.windows.net"
            ),
        ),
        (
            "password",
            format!("https://bob:pa{m}@files.example.com/data/"),
        ),
        (
            "jwt",
            format!("https://x.net/d?token=eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwcyJ9.{m}abc"),
        ),
    ]
}

/// Files of every kind that put `path` (a credential shape) beside findings, by file name.
/// `path` is written as each language writes a string.
pub fn credential_places(path: &str) -> Vec<(String, String)> {
    // In a double-quoted YAML scalar: `\x26` stays an escape (the YAML-escape shape needs it).
    let yaml_path = path.replace('"', "\\\"");
    let python = format!(
        "job = ml_client.batch_endpoints.invoke(endpoint_name=\"e\", inputs={{\"bad-name\": Input(type=\"uri-folder\", path=\"{path}\")}})\n"
    );
    let command = format!(
        "az ml batch-endpoint invoke --name e --set inputs.bad-name.type=uri-folder inputs.bad-name.path='{path}'\n"
    );
    let notebook = format!(
        "{{\"cells\": [{{\"cell_type\": \"code\", \"metadata\": {{}}, \"source\": [\"{}\"]}}], \"metadata\": {{}}, \"nbformat\": 4, \"nbformat_minor\": 5}}\n",
        python.trim_end().replace('\\', "\\\\").replace('"', "\\\"")
    );
    vec![
        (
            "inputs.yml".into(),
            format!("inputs:\n  bad-name:\n    type: uri-folder\n    path: \"{yaml_path}\"\n"),
        ),
        ("run.sh".into(), command.clone()),
        (
            ".github/workflows/score.yml".into(),
            format!(
                "on: [push]\njobs:\n  s:\n    runs-on: ubuntu-latest\n    steps:\n      - run: {}",
                command
            ),
        ),
        (
            "README.md".into(),
            format!("# Score\n\n```bash\n{command}```\n"),
        ),
        ("score.py".into(), python),
        ("score.ipynb".into(), notebook),
        (
            "deployment.yml".into(),
            format!(
                "$schema: https://azuremlschemas.azureedge.net/latest/modelBatchDeployment.schema.json\nname: d\nendpoint_name: e\ntype: model\nmodel: azureml:m:1\ncompute: c\nbad_key: \"{yaml_path}\"\n"
            ),
        ),
    ]
}

/// A scratch repository (a `.git` folder marks its root) holding `files`.
pub fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    dir
}

/// Whether this is the process that should run the test `name` (`module::test`): `false` after
/// running it again in a process of its own, which is then the one that decides (its failure
/// fails the caller).
///
/// For measurements of a child's peak memory: the kernel starts a spawned process's peak
/// (`ru_maxrss`) at its parent's peak, and this binary holds every module's tests, some of which
/// hold tens of MiB; a test process of its own is as small as a test binary of its own was.
pub fn alone(name: &str) -> bool {
    const ALONE: &str = "AMLINT_TEST_ALONE";
    if std::env::var_os(ALONE).is_some_and(|v| v == name) {
        return true;
    }
    let out = Command::new(std::env::current_exe().expect("the test binary"))
        .args([name, "--exact", "--test-threads=1", "--nocapture"])
        .env(ALONE, name)
        .output()
        .expect("the test binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{name}, alone:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    false
}

/// The test binary's allocator: the system's, counting the bytes held and the most held since
/// [`peak_held_during`] last asked — what amlint's library allocates, the same in a debug and a
/// release build, whatever allocator the program uses.
pub struct Counting;

static HELD: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static PEAK: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn held_more(bytes: usize) {
    use std::sync::atomic::Ordering::Relaxed;
    let now = HELD.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(now, Relaxed);
}

fn held_less(bytes: usize) {
    HELD.fetch_sub(bytes, std::sync::atomic::Ordering::Relaxed);
}

// SAFETY: every call is the system allocator's, with the caller's own arguments; the counting
// only reads the layouts.
unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: as the caller's contract for `alloc`.
        let p = unsafe { std::alloc::System.alloc(layout) };
        if !p.is_null() {
            held_more(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: as the caller's contract for `alloc_zeroed`.
        let p = unsafe { std::alloc::System.alloc_zeroed(layout) };
        if !p.is_null() {
            held_more(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        // SAFETY: as the caller's contract for `dealloc`.
        unsafe { std::alloc::System.dealloc(ptr, layout) };
        held_less(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new: usize) -> *mut u8 {
        // SAFETY: as the caller's contract for `realloc`.
        let p = unsafe { std::alloc::System.realloc(ptr, layout, new) };
        if !p.is_null() {
            // Both blocks may be held at once while the contents move.
            held_more(new);
            held_less(layout.size());
        }
        p
    }
}

/// The most bytes held at once while `f` ran, beyond what was held before it. Meaningful only
/// in a test process of its own ([`alone`]): the count is the whole process's.
pub fn peak_held_during(f: impl FnOnce()) -> usize {
    use std::sync::atomic::Ordering::Relaxed;
    let before = HELD.load(Relaxed);
    PEAK.store(before, Relaxed);
    f();
    PEAK.load(Relaxed) - before
}
