//! Every fixture under `fixtures/`, in process, one test each (`cargo test --test fixtures`; one
//! fixture: `cargo test --test fixtures input-key-charset/bad-hyphen`).
//!
//! A fixture is checked with the library, as `amlint check FIXTURE` would check it from the
//! repository's root, with the flags of its `# args: …` lines:
//! - its findings are exactly the `# expect: RULE LINE:COLUMN` lines at its top (the positions of
//!   the JSON report), and a `bad-*` fixture expects its folder's rule (`projects/` may expect any);
//! - a `good-*` fixture expects nothing, so it must produce no finding at all;
//! - the human report of a `bad-*` fixture is its golden beside it: `bad-NAME.EXT` → `bad-NAME.out`
//!   (as actionlint keeps `testdata/err/NAME.yaml` and `NAME.out`). `UPDATE_GOLDENS=1 cargo test
//!   --test fixtures` writes the goldens that differ or are missing; review them in the diff;
//! - one mistake, one finding: no span carries two findings unless the two rules are listed in
//!   [`COMPATIBLE_ON_ONE_SPAN`] as reporting different causes there.
//!
//! Which exit code the command line makes of a report is tested through the binary, in
//! `tests/it/cli.rs`; here a fixture must only be read (no `read-error`'s exit 2, no config error).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use amlint::engine::{self, Options, Outcome};
use amlint::output::Guard;
use amlint::report::{self, Format, Style};
use libtest_mimic::{Arguments, Failed, Trial};

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

/// `read-error` is exercised in `tests/it/cli.rs` with files generated at test time (binary and
/// invalid UTF-8 files do not belong in the repository); `local-path-empty` in
/// `tests/it/local_path_empty.rs` (git cannot hold an empty folder).
const GENERATED_AT_TEST_TIME: &[&str] = &["read-error", "local-path-empty"];

/// The extension of a golden, which replaces the fixture's own.
const GOLDEN: &str = "out";

struct Fixture {
    /// From the repository's root, with `/`: what the report calls the file.
    relative: String,
    /// The folder under `fixtures/` it belongs to: its rule id, or `projects`.
    group: String,
    bad: bool,
    args: Vec<String>,
    expected: Vec<(String, u64, u64)>,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn main() {
    let arguments = Arguments::from_args();
    // The reports name files as the command line does when it runs at the root.
    std::env::set_current_dir(root()).expect("the repository's root");
    let update = std::env::var_os("UPDATE_GOLDENS").is_some();
    let fixtures = fixtures();
    let mut trials = vec![
        every_rule_has_a_triggering_and_a_clean_fixture(&fixtures),
        every_golden_has_its_fixture(&fixtures),
    ];
    for fixture in fixtures {
        let name = fixture
            .relative
            .strip_prefix("fixtures/")
            .unwrap_or(&fixture.relative)
            .to_string();
        trials.push(Trial::test(name, move || fixture.check(update)));
    }
    libtest_mimic::run(&arguments, trials).exit();
}

impl Fixture {
    fn golden(&self) -> PathBuf {
        root().join(&self.relative).with_extension(GOLDEN)
    }

    /// The library run `amlint check [ARGS] FIXTURE` makes, for the given format's needs.
    fn run(&self, format: Format) -> Result<Outcome, Failed> {
        let mut options = options(&self.args)?;
        // As the command line decides it: only the human report quotes source.
        options.positions_only = !matches!(format, Format::Human);
        let outcome = engine::run(&[PathBuf::from(&self.relative)], &options);
        if !outcome.config_errors.is_empty() {
            return Err(format!("config errors: {:?}", outcome.config_errors).into());
        }
        if outcome.unreadable > 0 {
            return Err("unreadable (the command line would exit 2)".into());
        }
        Ok(outcome)
    }

    fn check(&self, update: bool) -> Result<(), Failed> {
        let mut failures = Vec::new();
        let report: serde_json::Value =
            serde_json::from_slice(&written(Format::Json, &self.run(Format::Json)?))
                .map_err(|e| format!("the JSON report does not parse: {e}"))?;
        let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
        if self.bad
            && self.group != "projects"
            && !self.expected.iter().any(|(r, _, _)| *r == self.group)
        {
            failures.push(format!(
                "a bad fixture must expect its own rule `{}`",
                self.group
            ));
        }
        let found = positions(diagnostics);
        if found != self.expected {
            failures.push(format!(
                "expected {:?}\n  found    {:?}",
                self.expected, found
            ));
        }
        failures.extend(clashes(diagnostics));
        let golden = self.golden();
        if self.bad {
            let human = written(Format::Human, &self.run(Format::Human)?);
            let human = String::from_utf8(human).map_err(|_| "the human report is not UTF-8")?;
            let kept = std::fs::read_to_string(&golden).ok();
            if kept.as_deref() != Some(human.as_str()) {
                if update {
                    std::fs::write(&golden, &human).map_err(|e| e.to_string())?;
                    eprintln!("wrote {}", golden.display());
                } else {
                    failures.push(golden_mismatch(&golden, kept.as_deref(), &human));
                }
            }
        } else if golden.exists() {
            failures.push(format!(
                "{}: a good fixture has no golden (it reports nothing)",
                golden.display()
            ));
        }
        if failures.is_empty() {
            Ok(())
        } else {
            Err(format!("{}:\n  {}", self.relative, failures.join("\n  ")).into())
        }
    }
}

/// The `Options` the command line makes of the flags fixtures use. A fixture that needs another
/// flag adds it here (or becomes a test of the command line in `tests/it/`).
fn options(args: &[String]) -> Result<Options, Failed> {
    let mut options = Options::default();
    let mut args = args.iter();
    let rule_ids = |value: &str| -> std::collections::HashSet<String> {
        value
            .split(',')
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(String::from)
            .collect()
    };
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag, Some(value.to_string())),
            None => (arg.as_str(), None),
        };
        let mut value = || -> Result<String, Failed> {
            inline
                .clone()
                .or_else(|| args.next().cloned())
                .ok_or_else(|| format!("`# args: {flag}` needs a value").into())
        };
        match flag {
            "--deployment-kind" => {
                let value = value()?;
                options.deployment_kind = Some(
                    clap::ValueEnum::from_str(&value, false)
                        .map_err(|e| format!("--deployment-kind {value}: {e}"))?,
                );
            }
            "--select" => {
                let ids = rule_ids(&value()?);
                options
                    .select
                    .get_or_insert_with(Default::default)
                    .extend(ids);
            }
            "--ignore" => options.ignore.extend(rule_ids(&value()?)),
            "--config" => options.config = Some(PathBuf::from(value()?)),
            "--force-exclude" => options.force_exclude = true,
            other => {
                return Err(format!(
                    "`# args: {other}`: the in-process runner does not know this flag (tests/fixtures.rs)"
                )
                .into());
            }
        }
    }
    Ok(options)
}

/// A report as the command line writes it to a pipe (no colour, the summary line).
fn written(format: Format, outcome: &Outcome) -> Vec<u8> {
    let style = Style {
        color: false,
        width: None,
        verbose: false,
        summary: true,
        unsafe_fixes: false,
    };
    let mut bytes = Vec::new();
    {
        let mut out = Guard::new(&mut bytes);
        report::write(format, outcome, style, &mut out).expect("a report in memory");
        out.flush().expect("a report in memory");
    }
    bytes
}

/// (rule, line, column) of every diagnostic, sorted.
fn positions(diagnostics: &[serde_json::Value]) -> Vec<(String, u64, u64)> {
    let mut found: Vec<(String, u64, u64)> = diagnostics
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

/// Two findings on one span, but for the pairs of [`COMPATIBLE_ON_ONE_SPAN`].
fn clashes(diagnostics: &[serde_json::Value]) -> Vec<String> {
    let mut by_span: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in diagnostics {
        by_span
            .entry(format!("{}:{}", d["file"], d["range"]))
            .or_default()
            .push(d["rule"].as_str().unwrap().to_string());
    }
    let mut clashes = Vec::new();
    for (span, mut rules) in by_span {
        rules.sort();
        rules.dedup();
        for (i, a) in rules.iter().enumerate() {
            for b in &rules[i + 1..] {
                if !COMPATIBLE_ON_ONE_SPAN.contains(&(a.as_str(), b.as_str())) {
                    clashes.push(format!("{a} and {b} on {span} (one mistake, one finding)"));
                }
            }
        }
    }
    clashes
}

/// The first line where the golden and the report part, with a few lines either side.
fn golden_mismatch(golden: &Path, kept: Option<&str>, human: &str) -> String {
    let Some(kept) = kept else {
        return format!(
            "no golden {}; UPDATE_GOLDENS=1 cargo test --test fixtures writes it:\n{human}",
            golden.display()
        );
    };
    let kept_lines: Vec<&str> = kept.lines().collect();
    let new_lines: Vec<&str> = human.lines().collect();
    let at = kept_lines
        .iter()
        .zip(&new_lines)
        .position(|(a, b)| a != b)
        .unwrap_or(kept_lines.len().min(new_lines.len()));
    let window = |lines: &[&str]| -> String {
        lines[at.saturating_sub(2)..(at + 3).min(lines.len())]
            .iter()
            .map(|l| format!("    |{l}\n"))
            .collect()
    };
    format!(
        "the human report differs from {} at line {} (UPDATE_GOLDENS=1 cargo test --test fixtures rewrites it)\n  golden:\n{}  now:\n{}",
        golden.display(),
        at + 1,
        window(&kept_lines),
        window(&new_lines)
    )
}

fn parse_fixture(path: &Path, group: String) -> Fixture {
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
    let name = path.file_name().unwrap().to_string_lossy();
    Fixture {
        relative: path
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/"),
        group,
        bad: name.starts_with("bad-"),
        args,
        expected,
    }
}

fn is_golden(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == GOLDEN)
}

/// Every `bad-*`/`good-*` file under `fixtures/` (goldens aside), sorted by path.
fn fixtures() -> Vec<Fixture> {
    let fixtures = root().join("fixtures");
    let mut out = Vec::new();
    for path in files_under(&fixtures) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if (name.starts_with("bad-") || name.starts_with("good-")) && !is_golden(&path) {
            let group = path
                .strip_prefix(&fixtures)
                .unwrap()
                .iter()
                .next()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.push(parse_fixture(&path, group));
        }
    }
    out.sort_by(|a, b| a.relative.cmp(&b.relative));
    out
}

fn files_under(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![folder.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

fn every_rule_has_a_triggering_and_a_clean_fixture(all: &[Fixture]) -> Trial {
    let triggered: BTreeSet<String> = all
        .iter()
        .flat_map(|f| f.expected.iter().map(|(r, _, _)| r.clone()))
        .collect();
    let clean: BTreeSet<String> = all
        .iter()
        .filter(|f| !f.bad)
        .map(|f| f.group.clone())
        .collect();
    Trial::test(
        "every_rule_has_a_triggering_and_a_clean_fixture",
        move || {
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
            if missing.is_empty() {
                Ok(())
            } else {
                Err(missing.join("\n").into())
            }
        },
    )
}

/// A golden whose fixture was renamed or removed goes with it; two fixtures never share one.
fn every_golden_has_its_fixture(all: &[Fixture]) -> Trial {
    let mut owners: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    for fixture in all.iter().filter(|f| f.bad) {
        owners
            .entry(fixture.golden())
            .or_default()
            .push(fixture.relative.clone());
    }
    Trial::test("every_golden_has_its_fixture", move || {
        let mut problems = Vec::new();
        for (golden, fixtures) in &owners {
            if fixtures.len() > 1 {
                problems.push(format!(
                    "{fixtures:?} would share the golden {}: rename one",
                    golden.display()
                ));
            }
        }
        for path in files_under(&root().join("fixtures")) {
            if is_golden(&path) && !owners.contains_key(&path) {
                problems.push(format!(
                    "{}: no bad-* fixture of that name beside it",
                    path.display()
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n").into())
        }
    })
}
