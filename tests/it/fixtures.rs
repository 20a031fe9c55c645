//! Runs every fixture under `fixtures/<rule-id>/` through the binary and compares the findings with
//! the `# expect: RULE LINE:COLUMN` lines at the top of the fixture (`# args: …` adds flags).
//! `bad-*` fixtures must produce exactly what they expect (and expect their folder's rule);
//! `good-*` fixtures expect nothing, so they must produce no finding at all.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{check_json, diagnostics, positions, root};

struct Fixture {
    path: PathBuf,
    args: Vec<String>,
    expected: Vec<(String, u64, u64)>,
}

impl Fixture {
    /// Run amlint on the fixture with its `# args:`: its path from the root, and the report.
    fn run(&self) -> (String, (i32, serde_json::Value)) {
        let relative = self
            .path
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let mut args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        args.push(&relative);
        let report = check_json(&args, root());
        (relative, report)
    }
}

fn parse_fixture(path: &Path) -> Fixture {
    let text = std::fs::read_to_string(path).expect("fixture is text");
    let mut args = Vec::new();
    let mut expected = Vec::new();
    for line in text.lines() {
        // `# expect: …` in YAML, shell and Python, `<!-- expect: … -->` in Markdown and in a
        // notebook's Markdown cell (a JSON string: `"<!-- expect: … -->\n",`), and one
        // `"expect: …",` string per line of a `"$comment"` array in JSON (which has no comments).
        let line = line
            .trim()
            .trim_start_matches('"')
            .trim_end_matches(',')
            .trim_end_matches('"')
            .trim_end_matches("\\n")
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim();
        if let Some(rest) = line
            .strip_prefix("# args:")
            .or_else(|| line.strip_prefix("args:"))
        {
            args.extend(rest.split_whitespace().map(String::from));
        } else if let Some(rest) = line
            .strip_prefix("# expect:")
            .or_else(|| line.strip_prefix("expect:"))
        {
            let mut parts = rest.split_whitespace();
            let rule = parts.next().expect("rule id").to_string();
            let (l, c) = parts
                .next()
                .and_then(|p| p.split_once(':'))
                .unwrap_or_else(|| panic!("{}: `# expect: RULE LINE:COL`", path.display()));
            expected.push((rule, l.parse().unwrap(), c.parse().unwrap()));
        }
    }
    expected.sort();
    Fixture {
        path: path.to_path_buf(),
        args,
        expected,
    }
}

/// Every `bad-*`/`good-*` file under `fixtures/`, with the folder it belongs to: the rule id, or
/// `projects` for the fixture projects (which may expect any rule).
fn fixtures() -> Vec<(String, Fixture)> {
    let mut out = Vec::new();
    let mut folders = vec![root().join("fixtures")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with("bad-") || name.starts_with("good-") {
                let relative = path.strip_prefix(root().join("fixtures")).unwrap();
                let group = relative
                    .iter()
                    .next()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((group, parse_fixture(&path)));
            }
        }
    }
    out.sort_by(|a, b| a.1.path.cmp(&b.1.path));
    out
}

#[test]
fn every_fixture_produces_exactly_what_it_expects() {
    let mut failures = Vec::new();
    for (rule, fixture) in fixtures() {
        let name = fixture
            .path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let (relative, (code, report)) = fixture.run();
        let found = positions(&report);
        if name.starts_with("bad-")
            && rule != "projects"
            && !fixture.expected.iter().any(|(r, _, _)| *r == rule)
        {
            failures.push(format!(
                "{relative}: a bad fixture must expect its own rule `{rule}`"
            ));
        }
        if found != fixture.expected {
            failures.push(format!(
                "{relative}:\n  expected {:?}\n  found    {:?}",
                fixture.expected, found
            ));
        }
        let has_error = diagnostics(&report)
            .iter()
            .any(|d| d["severity"] == "error");
        let expected_code = i32::from(has_error);
        if code != expected_code {
            failures.push(format!(
                "{relative}: exit code {code}, expected {expected_code}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `read-error` is exercised in `tests/it/cli.rs` with files generated at test time (binary and
/// invalid UTF-8 files do not belong in the repository); `local-path-empty` in
/// `tests/it/local_path_empty.rs` (git cannot hold an empty folder).
const GENERATED_AT_TEST_TIME: &[&str] = &["read-error", "local-path-empty"];

#[test]
fn every_rule_has_a_triggering_and_a_clean_fixture() {
    let all = fixtures();
    let triggered: BTreeSet<&str> = all
        .iter()
        .flat_map(|(_, f)| f.expected.iter().map(|(r, _, _)| r.as_str()))
        .collect();
    let clean: BTreeSet<&str> = all
        .iter()
        .filter(|(_, f)| {
            f.path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("good-")
        })
        .map(|(rule, _)| rule.as_str())
        .collect();
    let mut missing = Vec::new();
    for rule in amlint::rules::RULES {
        let id = rule.id();
        if GENERATED_AT_TEST_TIME.contains(&id) {
            continue;
        }
        if !triggered.contains(id) {
            missing.push(format!("{id}: no fixture triggers it"));
        }
        if !clean.contains(id) {
            missing.push(format!("{id}: no good-* fixture in fixtures/{id}/"));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// Pairs of rules that may report the same span, each for a cause of its own (sorted by id).
/// `input-file-without-type` and `local-path-missing`: a missing local file sent without
/// `--input-type` has two mistakes (the path, and the type), each with its own fix.
/// `asset-missing-version` and `input-asset-without-type`: `--input azureml:NAME` without
/// `--input-type` fails in the CLI's lookup by name ("Must provide either version or label.") and,
/// typed, in azure-ai-ml's resolver ("Version must be provided."): two readers, two findings.
const COMPATIBLE_ON_ONE_SPAN: &[(&str, &str)] = &[
    ("asset-missing-version", "input-asset-without-type"),
    ("input-file-without-type", "local-path-missing"),
];

/// One mistake, one finding: across every fixture, no span carries two findings unless the
/// two rules are listed as reporting different causes there.
#[test]
fn no_span_has_two_findings_for_one_cause() {
    let mut clashes = Vec::new();
    for (_, fixture) in fixtures() {
        let (relative, (_, report)) = fixture.run();
        let mut by_span: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for d in diagnostics(&report) {
            let key = format!("{}:{}", d["file"], d["range"]);
            by_span
                .entry(key)
                .or_default()
                .push(d["rule"].as_str().unwrap().to_string());
        }
        for (span, mut rules) in by_span {
            rules.sort();
            rules.dedup();
            for (i, a) in rules.iter().enumerate() {
                for b in &rules[i + 1..] {
                    if !COMPATIBLE_ON_ONE_SPAN.contains(&(a.as_str(), b.as_str())) {
                        clashes.push(format!("{relative}: {a} and {b} on {span}"));
                    }
                }
            }
        }
    }
    assert!(clashes.is_empty(), "{}", clashes.join("\n"));
}
