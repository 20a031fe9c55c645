//! CI log injection: a file name, a YAML key, a `--set` key, a source line or a config value
//! holding `##vso[…]` or a leading `::` never reaches standard output or standard error as an
//! Azure Pipelines or GitHub Actions command, in any format or side channel. The mechanism is one
//! guard (`src/output.rs`); the first test fails when anything else in the crate writes to the
//! standard streams, so that a new output channel cannot skip it.

use crate::common;

use std::path::Path;

use common::{amlint, root};

/// What may name the standard streams outside `src/output.rs` (nothing), by the spellings that
/// reach them.
const WRITERS: &[&str] = &[
    "println!(",
    "print!(",
    "eprintln!(",
    "eprint!(",
    "dbg!(",
    "io::stdout(",
    "io::stderr(",
    "io::stdout()",
    "io::stderr()",
    "/dev/stdout",
    "/dev/stderr",
    "from_raw_fd(1)",
    "from_raw_fd(2)",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn nothing_but_the_guard_writes_to_the_standard_streams() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    assert!(files.len() > 20, "the sources are found");
    let mut found = Vec::new();
    for file in &files {
        if file.ends_with("src/output.rs") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        // Unit tests (a module at the end of a file) may print what they like.
        let code = text.split("\n#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in code.lines().enumerate() {
            let line = line.split("//").next().unwrap_or_default();
            if let Some(writer) = WRITERS.iter().find(|w| line.contains(*w)) {
                found.push(format!("{}:{}: {writer}", file.display(), n + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "write through amlint::output (a Guard, eprintln_guarded!) instead:\n{}",
        found.join("\n")
    );
}

/// The lines a CI agent would act on: `##vso[` anywhere (any case), `##[` anywhere, a trimmed
/// line starting with `::` — but amlint's own leading `##vso[task.logissue ` (azure) and
/// `::error|warning|notice file=` (github).
fn agent_commands(output: &[u8], format: Option<&str>) -> Vec<String> {
    let text = String::from_utf8_lossy(output);
    text.split(['\n', '\r'])
        .filter(|line| {
            let lower = line.to_ascii_lowercase();
            let own_azure = format == Some("azure") && line.starts_with("##vso[task.logissue ");
            let own_github = format == Some("github")
                && ["::error file=", "::warning file=", "::notice file="]
                    .iter()
                    .any(|p| line.starts_with(p));
            let rest = if own_azure {
                &lower["##vso[".len()..]
            } else {
                &lower[..]
            };
            rest.contains("##vso[")
                || rest.contains("##[")
                || (!own_github && line.trim_start().starts_with("::"))
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn no_channel_prints_an_agent_command_from_the_checked_tree() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    let write = |name: &str, text: &str| std::fs::write(d.join(name), text).unwrap();
    write(
        "run.sh",
        "az ml batch-endpoint invoke --name e --input-path x  # ##VSO[task.setvariable variable=A]1 ##[add-mask]x\n",
    );
    write(
        "##vso[task.setvariable variable=B]1.sh",
        "az ml batch-endpoint invoke --name e --input-path x\n",
    );
    write(
        "::notice title=C::x.sh",
        "az ml batch-endpoint invoke --name e --input-path x\n",
    );
    write(
        "inputs.yml",
        "inputs:\n  \"a##vso[task.setvariable variable=D]1\":\n    type: uri_folder\n    path: azureml:x:1\n  \"::warning::e\":\n    type: uri-folder\n    path: azureml:x:1\n",
    );
    write(
        "set.sh",
        "az ml batch-endpoint invoke --name e --set \"inputs.b##vso[task.setvariable variable=E]1.type=uri_folder\"\n",
    );
    write(
        "pyproject.toml",
        "[tool.amlint]\nexclude = [\"##vso[task.setvariable variable=F]1/**\"]\n",
    );
    let mut runs: Vec<(Vec<&str>, Option<&str>, bool)> = Vec::new();
    for format in ["human", "compact", "json", "sarif", "github", "azure"] {
        runs.push((vec!["check", "--format", format, "."], Some(format), false));
        runs.push((
            vec!["check", "--format", format, "-v", "."],
            Some(format),
            false,
        ));
        runs.push((
            vec!["check", "--format", format, "--statistics", "."],
            Some(format),
            false,
        ));
    }
    runs.push((vec!["check", "-v", "."], Some("azure"), true));
    runs.push((vec!["check", "--show-files", "."], None, false));
    runs.push((vec!["check", "--show-settings", "."], None, false));
    runs.push((vec!["check", "--diff", "--unsafe-fixes", "."], None, false));
    for (args, format, tf_build) in runs {
        let mut command = amlint();
        command.args(&args).current_dir(d).env("NO_COLOR", "1");
        if tf_build {
            command.env("TF_BUILD", "True");
        }
        let out = command.output().unwrap();
        assert!(matches!(out.status.code(), Some(0..=2)), "{args:?}");
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let found = agent_commands(bytes, format);
            assert!(
                found.is_empty(),
                "{args:?} {stream}: {found:#?}\n{}",
                String::from_utf8_lossy(bytes)
            );
        }
        if args.contains(&"json") && !args.contains(&"--statistics") {
            let report: serde_json::Value =
                serde_json::from_slice(&out.stdout).expect("the JSON report stays valid");
            // The escape is JSON's own: the report holds the text as found.
            assert!(report.to_string().contains("##vso["), "{report}");
        }
        if args.contains(&"sarif") && !args.contains(&"--statistics") {
            serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("valid SARIF");
        }
    }
}
