//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers: the rules with their
//! descriptions (from the rules' own docs) and every finding with its physical location.
//!
//! Locations are relative to the repository root (`uriBaseId: "%SRCROOT%"`, the root itself in
//! `originalUriBaseIds`): `upload-sarif` resolves a relative URI against the checkout, so a report
//! made in a sub-folder, or from paths spelt `../x` or absolute, still points at the right files
//! and gets stable fingerprints.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;

use serde::Serialize;
use serde_json::{Value, json};

use super::location::{Anchors, folder_uri};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Outcome;
use crate::output::Guard;
use crate::rules::{self, RULES};
use crate::source::{SourceFile, Span};

/// GitHub shows a rule's `fullDescription` atop each alert, up to 1,024 characters.
const MAX_FULL_DESCRIPTION: usize = 1000;

const ROOT: &str = "%SRCROOT%";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn rule_descriptors() -> Vec<Value> {
    RULES
        .iter()
        .map(|rule| {
            let id = rule.id();
            let docs = rules::docs(id).unwrap_or("");
            let mut tags = vec!["azure-ml", "batch-endpoint"];
            tags.push(rule.basis().class.as_str());
            if id == "embedded-credential" {
                tags.push("security");
            }
            json!({
                "id": id,
                "name": rules::name(id),
                "shortDescription": {"text": rules::summary(id)},
                "fullDescription": {"text": rules::description(id, MAX_FULL_DESCRIPTION)},
                // The full documentation travels in the report (`amlint rule ID` prints the same).
                "help": {"text": docs, "markdown": docs},
                "helpUri": rules::help_uri(id),
                "defaultConfiguration": {"level": level(rule.severity())},
                "properties": {
                    "tags": tags,
                    // Errors are what the SDK or the service certainly rejects; warnings are
                    // likely mistakes (docs of each rule say why).
                    "precision": match rule.severity() {
                        Severity::Error => "very-high",
                        Severity::Warning => "high",
                    },
                    "problem.severity": level(rule.severity()),
                },
            })
        })
        .collect()
}

pub fn write(outcome: &Outcome, out: &mut Guard<dyn Write + '_>) -> io::Result<()> {
    let mut anchors = Anchors::new(Some("GITHUB_WORKSPACE"));
    // One `%SRCROOT%`: the root of the first file with findings that has one; files under
    // another root (a second repository named on the command line) get their own `file:` URI.
    let srcroot = outcome
        .files
        .iter()
        .filter(|file| !file.diagnostics.is_empty())
        .find_map(|file| anchors.locate(&file.source).root);
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: json!({"driver": {
                "name": "amlint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rule_descriptors(),
            }}),
            // Columns count Unicode scalar values, as in every amlint output.
            column_kind: "unicodeCodePoints",
            original_uri_base_ids: srcroot
                .as_ref()
                .map(|root| BTreeMap::from([(ROOT, json!({"uri": folder_uri(root)}))])),
            results: Results {
                outcome,
                anchors: RefCell::new(anchors),
                srcroot,
            },
        }],
    };
    super::write_json(out, &log)
}

// The log is typed, its fields declared in name order: serde_json writes a `json!` object's
// keys sorted (without its `preserve_order` feature, as amlint is built), and a SARIF report is
// the same bytes whatever order it is made in.

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    column_kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<BTreeMap<&'static str, Value>>,
    results: Results<'a>,
    tool: Value,
}

/// Every finding as a SARIF result, made and written one at a time: a large run's results
/// (megabytes of JSON) are never all held at once.
struct Results<'a> {
    outcome: &'a Outcome,
    anchors: RefCell<Anchors>,
    srcroot: Option<PathBuf>,
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let files = self.outcome.files.iter();
        serializer.collect_seq(
            files
                .filter(|file| !file.diagnostics.is_empty())
                .flat_map(|file| {
                    let artifact = self.artifact(&file.source);
                    file.diagnostics
                        .iter()
                        .map(move |d| result(&file.source, d, artifact.clone()))
                }),
        )
    }
}

impl Results<'_> {
    fn artifact(&self, source: &SourceFile) -> ArtifactLocation {
        let located = self.anchors.borrow_mut().locate(source);
        let relative = located.uri.clone();
        match &located.root {
            Some(root) if Some(root) == self.srcroot.as_ref() => ArtifactLocation {
                uri: relative,
                uri_base_id: Some(ROOT),
            },
            Some(root) => ArtifactLocation {
                uri: format!("{}{relative}", folder_uri(root)),
                uri_base_id: None,
            },
            None => ArtifactLocation {
                uri: relative,
                uri_base_id: None,
            },
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    fixes: Option<[Fix<'a>; 1]>,
    level: &'static str,
    locations: [Location; 1],
    message: Text<String>,
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
}

#[derive(Serialize)]
struct Text<T> {
    text: T,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

impl Region {
    fn of(source: &SourceFile, span: Span) -> Region {
        let start = source.line_col(span.start);
        let end = source.line_col(span.end);
        Region {
            end_column: end.column,
            end_line: end.line,
            start_column: start.column,
            start_line: start.line,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix<'a> {
    artifact_changes: [ArtifactChange<'a>; 1],
    description: Text<String>,
    properties: FixProperties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: [Replacement<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<&'a str>,
}

#[derive(Serialize)]
struct FixProperties {
    safety: &'static str,
}

/// One finding as a SARIF result, its file at `artifact`.
fn result<'a>(
    source: &SourceFile,
    d: &'a Diagnostic,
    artifact: ArtifactLocation,
) -> SarifResult<'a> {
    let fixes = d.fix.as_ref().map(|fix| {
        let (safety, how) = if fix.safe {
            ("safe", "--fix")
        } else {
            ("unsafe", "--fix --unsafe-fixes")
        };
        [Fix {
            artifact_changes: [ArtifactChange {
                artifact_location: artifact.clone(),
                replacements: [Replacement {
                    deleted_region: Region::of(source, fix.span),
                    inserted_content: Text {
                        text: &fix.replacement,
                    },
                }],
            }],
            description: Text {
                text: format!(
                    "{} ({safety} fix: `amlint check {how}`)",
                    d.help.as_deref().unwrap_or("replace the text")
                ),
            },
            properties: FixProperties { safety },
        }]
    });
    SarifResult {
        fixes,
        level: level(d.severity),
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: artifact,
                region: Region::of(source, d.span),
            },
        }],
        message: Text {
            text: d.message_with_help(),
        },
        rule_id: d.rule,
        rule_index: RULES.iter().position(|r| r.id() == d.rule),
    }
}
