//! What CI services and editors get: the report in a file, exit codes they can rely on, paths
//! relative to the repository root whatever the current folder, the Azure DevOps format, the
//! defaults CI environments pick, and ruff's flags (`--statistics`, `-q`, `-s`, `--color`,
//! `--show-files`, `--fix` through standard input).

use crate::common;

use std::fs;
use std::path::Path;
use std::process::Output;

use common::{amlint, root, run};
use serde_json::Value;

const FLOAT: &str = "fixtures/literal-type-float/bad-float.yml";
const HYPHEN: &str = "fixtures/input-key-charset/bad-hyphen.yml";

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// A repository (a `.git` folder) with an inputs file whose name needs escaping, checked from a
/// sub-folder.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join(".git")).unwrap();
    fs::create_dir_all(dir.path().join("jobs/my jobs")).unwrap();
    fs::create_dir_all(dir.path().join("tools")).unwrap();
    fs::copy(
        root().join(HYPHEN),
        dir.path().join("jobs/my jobs/run#1.yml"),
    )
    .unwrap();
    dir
}

#[test]
fn output_file_holds_the_report_and_the_exit_code_still_says_findings() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("reports/amlint.sarif");
    let out = run(
        &[
            "check",
            "--format",
            "sarif",
            "-o",
            report.to_str().unwrap(),
            HYPHEN,
        ],
        root(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "{}", stdout(&out));
    let sarif: Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"][0]["ruleId"],
        "input-key-charset"
    );
}

#[test]
fn exit_zero_keeps_findings_but_not_usage_errors() {
    let out = run(&["check", "--exit-zero", HYPHEN], root());
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("input-key-charset"));
    let out = run(&["check", "--exit-zero", "no/such/file.yml"], root());
    assert_eq!(out.status.code(), Some(2));
    let out = run(
        &["check", "--exit-zero", "--select", "no-such-rule", "."],
        root(),
    );
    assert_eq!(out.status.code(), Some(2));
}

/// The report written under `working-directory:` with `../` paths names files from the
/// repository root, in every CI format.
#[test]
fn ci_formats_name_files_from_the_repository_root() {
    let repo = repository();
    let tools = repo.path().join("tools");
    let named = "../jobs/my jobs/run#1.yml";

    let sarif = run(&["check", "--format", "sarif", named], &tools);
    let sarif: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let run0 = &sarif["runs"][0];
    let artifact = &run0["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(artifact["uri"], "jobs/my%20jobs/run%231.yml");
    assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
    let base = run0["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );

    let github = stdout(&run(&["check", "--format", "github", named], &tools));
    assert!(
        github.starts_with("::error file=jobs/my jobs/run#1.yml,line=3,col=3,"),
        "{github}"
    );

    let azure = stdout(&run(&["check", "--format", "azure", named], &tools));
    assert!(
        azure.starts_with(
            "##vso[task.logissue type=error;sourcepath=jobs/my jobs/run#1.yml;linenumber=3;columnnumber=3;code=input-key-charset]"
        ),
        "{azure}"
    );

    // An absolute path and a `./` path say the same.
    let absolute = repo.path().join("jobs/my jobs/run#1.yml");
    let github_absolute = stdout(&run(
        &["check", "--format", "github", absolute.to_str().unwrap()],
        &tools,
    ));
    assert_eq!(github, github_absolute);
    let dotted = stdout(&run(
        &["check", "--format", "github", "./jobs/my jobs/run#1.yml"],
        repo.path(),
    ));
    assert_eq!(github, dotted);
}

/// `GITHUB_WORKSPACE` is the checkout root upload-sarif resolves against: it wins over `.git`.
#[test]
fn the_ci_workspace_is_the_root_when_it_holds_the_file() {
    let repo = repository();
    let out = amlint()
        .args(["check", "--format", "github", "run#1.yml"])
        .current_dir(repo.path().join("jobs/my jobs"))
        .env("GITHUB_WORKSPACE", repo.path().join("jobs"))
        .output()
        .unwrap();
    assert!(
        stdout(&out).starts_with("::error file=my jobs/run#1.yml,"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn azure_devops_logging_commands() {
    insta::assert_snapshot!(stdout(&run(
        &[
            "check",
            "--format",
            "azure",
            "fixtures/abbreviated-flag/bad-prefixes.sh"
        ],
        root()
    )));
}

fn check_in_env(variables: &[(&str, &str)], args: &[&str]) -> String {
    let mut command = amlint();
    command
        .arg("check")
        .args(args)
        .arg(HYPHEN)
        .current_dir(root());
    for (name, value) in variables {
        command.env(name, value);
    }
    stdout(&command.output().unwrap())
}

#[test]
fn ci_services_get_their_own_format_unless_one_is_asked_for() {
    assert!(check_in_env(&[("GITHUB_ACTIONS", "true")], &[]).starts_with("::error file="));
    assert!(check_in_env(&[("TF_BUILD", "True")], &[]).starts_with("##vso[task.logissue"));
    assert!(
        check_in_env(&[("GITHUB_ACTIONS", "true")], &["--format", "compact"])
            .starts_with("fixtures/input-key-charset/bad-hyphen.yml:3:3: error")
    );
    // `--output-format` is ruff's spelling of the same flag.
    assert!(
        check_in_env(&[("TF_BUILD", "True")], &["--output-format", "compact"])
            .starts_with("fixtures/input-key-charset/bad-hyphen.yml:3:3: error")
    );
    assert!(check_in_env(&[], &[]).contains("input-key-charset\n"));
    let help = stdout(&run(&["check", "--help"], root()));
    assert!(help.contains("GITHUB_ACTIONS=true") && help.contains("TF_BUILD=True"));
}

#[test]
fn statistics_count_findings_per_rule() {
    insta::assert_snapshot!(stdout(&run(
        &[
            "check",
            "--statistics",
            "fixtures/abbreviated-flag/bad-prefixes.sh",
            FLOAT,
            HYPHEN
        ],
        root()
    )));
    let json: Value = serde_json::from_slice(
        &run(
            &["check", "--statistics", "--format", "json", FLOAT, HYPHEN],
            root(),
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(
        json,
        serde_json::json!([
            {"rule": "input-key-charset", "name": "InputKeyCharset", "count": 1, "fixable": 0},
            {"rule": "literal-type-float", "name": "LiteralTypeFloat", "count": 1, "fixable": 1},
        ])
    );
}

#[test]
fn quiet_drops_the_summary_and_silent_everything() {
    let normal = stdout(&run(&["check", FLOAT], root()));
    assert!(normal.contains("Found 1 error and 0 warnings"), "{normal}");
    assert!(normal.contains("[*] 1 fixable with `--fix`."), "{normal}");
    let quiet = run(&["check", "-q", FLOAT], root());
    assert_eq!(quiet.status.code(), Some(1));
    assert!(stdout(&quiet).contains("literal-type-float"));
    assert!(!stdout(&quiet).contains("Found"), "{}", stdout(&quiet));
    let silent = run(&["check", "--silent", FLOAT], root());
    assert_eq!(silent.status.code(), Some(1));
    assert!(silent.stdout.is_empty() && silent.stderr.is_empty());
}

fn coloured(args: &[&str], variables: &[(&str, &str)]) -> bool {
    let mut command = amlint();
    command
        .arg("check")
        .args(args)
        .arg(FLOAT)
        .current_dir(root());
    command.env_remove("NO_COLOR");
    for (name, value) in variables {
        command.env(name, value);
    }
    stdout(&command.output().unwrap()).contains('\u{1b}')
}

#[test]
fn colour_follows_the_flag_then_no_color_and_force_color() {
    // Not a terminal: no colour by default.
    assert!(!coloured(&[], &[]));
    assert!(coloured(&["--color", "always"], &[("NO_COLOR", "1")]));
    assert!(!coloured(&["--color", "never"], &[("FORCE_COLOR", "1")]));
    assert!(coloured(&[], &[("FORCE_COLOR", "1")]));
    assert!(!coloured(&[], &[("FORCE_COLOR", "0")]));
    assert!(!coloured(&[], &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]));
}

#[test]
fn show_files_lists_what_would_be_checked() {
    let out = run(
        &["check", "--show-files", "fixtures/input-key-charset", FLOAT],
        root(),
    );
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("fixtures/input-key-charset/bad-notebook.ipynb  (notebook, walked)"),
        "{text}"
    );
    assert!(
        text.contains("fixtures/literal-type-float/bad-float.yml  (yaml, named)"),
        "{text}"
    );
    assert!(
        !text.contains("literal-type-float]"),
        "nothing is checked: {text}"
    );
}

fn fix_through_stdin(name: &str, text: &str, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--fix", "--stdin-filename", name];
    args.extend_from_slice(extra);
    args.push("-");
    common::run_with_stdin(&args, root(), text)
}

#[test]
fn fix_through_standard_input_prints_the_fixed_text() {
    let text = fs::read_to_string(root().join(FLOAT)).unwrap();
    let out = fix_through_stdin(FLOAT, &text, &[]);
    assert_eq!(stdout(&out), text.replace("type: float", "type: number"));
    // Nothing is left: exit 0, and the (empty) report goes to standard error.
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("no findings"), "{}", stderr(&out));
    // What cannot be fixed safely is left as written and reported.
    let text = fs::read_to_string(root().join(HYPHEN)).unwrap();
    let out = fix_through_stdin(HYPHEN, &text, &[]);
    assert_eq!(stdout(&out), text);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("input-key-charset"));
    let out = fix_through_stdin(HYPHEN, &text, &["--unsafe-fixes"]);
    assert_eq!(stdout(&out), text.replace("heart-data:", "heart_data:"));
    // The file on disk is never touched.
    assert_eq!(fs::read_to_string(root().join(HYPHEN)).unwrap(), text);
}

fn escape_stray_bracket(value: &mut Value) -> usize {
    const LENIENT: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match value {
        Value::Object(map) => map
            .iter_mut()
            .map(|(key, v)| {
                if key == "pattern" && v == LENIENT {
                    *v = LENIENT.replace("}]?", "}\\]?").into();
                    1
                } else {
                    escape_stray_bracket(v)
                }
            })
            .sum(),
        Value::Array(items) => items.iter_mut().map(escape_stray_bracket).sum(),
        _ => 0,
    }
}

/// Every SARIF report amlint writes is valid against the SARIF 2.1.0 schema (vendored:
/// `tests/schemas/README.md`).
#[test]
fn sarif_reports_are_valid_sarif_2_1_0() {
    let mut schema: Value = serde_json::from_str(
        &fs::read_to_string(root().join("tests/schemas/sarif-2.1.0-rtm.5.json")).unwrap(),
    )
    .unwrap();
    // The schema's one pattern that only ECMAScript's lenient regexes read (a stray `]`, which
    // the validator's engine rejects): the same language tags, written strictly. It constrains
    // `language` properties, which amlint does not write.
    assert!(escape_stray_bracket(&mut schema) >= 1);
    let validator = jsonschema::draft4::new(&schema).unwrap();
    let repo = repository();
    for (cwd, args) in [
        (root(), vec![FLOAT, HYPHEN, "fixtures/abbreviated-flag"]),
        (root(), vec!["examples"]),
        (
            root(),
            vec!["fixtures/input-key-charset/good-underscores.yml"],
        ),
        (repo.path(), vec!["jobs"]),
    ] {
        let mut all = vec!["check", "--format", "sarif"];
        all.extend(args.iter().copied());
        let out = run(&all, Path::new(cwd));
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
        // The validator does reject what SARIF forbids.
        if report["runs"][0]["results"][0].is_object() {
            let mut broken = report.clone();
            broken["runs"][0]["results"][0]["level"] = "fatal".into();
            assert!(!validator.is_valid(&broken));
        }
    }
}

/// The report is written as it is made: a reader that stops early (`amlint check | head`) ends
/// the run with the findings' exit code and no complaint, although most of the report was never
/// written (the SARIF of 400 files with findings is far more than a pipe holds).
#[test]
fn a_reader_that_closes_the_pipe_early_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let bad = fs::read_to_string(root().join(HYPHEN)).unwrap();
    for i in 0..400 {
        fs::write(dir.path().join(format!("job-{i}.yml")), &bad).unwrap();
    }
    let mut child = amlint()
        .args(["check", "--format", "sarif", "."])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    // The read end is dropped here: every later write fails with a broken pipe.
    let out = child.wait_with_output().unwrap();
    assert!(String::from_utf8_lossy(&head).contains("\"$schema\""));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}
