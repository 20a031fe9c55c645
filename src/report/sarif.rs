//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers: the rules with their
//! descriptions (from the rules' own docs) and every finding with its physical location.
//!
//! Locations are relative to the repository root (`uriBaseId: "%SRCROOT%"`, the root itself in
//! `originalUriBaseIds`): `upload-sarif` resolves a relative URI against the checkout, so a report
//! made in a sub-folder, or from paths spelt `../x` or absolute, still points at the right files
//! and gets stable fingerprints.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;

use serde_json::{Value, json};

use super::location::{Anchors, folder_uri, uri_reference};
use crate::check::Outcome;
use crate::diagnostic::Severity;
use crate::rules::{self, RULES};

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
            if let Some(class) = rules::class(id) {
                tags.push(class);
            }
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

pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    let index = |id: &str| RULES.iter().position(|r| r.id() == id);
    let mut anchors = Anchors::new(Some("GITHUB_WORKSPACE"));
    // One `%SRCROOT%`: the root of the first file; files under another root (a second
    // repository named on the command line) get their own `file:` URI.
    let mut srcroot: Option<PathBuf> = None;
    let mut results = Vec::new();
    for file in &outcome.files {
        if file.diagnostics.is_empty() {
            continue;
        }
        let located = anchors.locate(&file.source);
        if srcroot.is_none() {
            srcroot = located.root.clone();
        }
        let artifact = match &located.root {
            Some(root) if Some(root) == srcroot.as_ref() => {
                json!({"uri": uri_reference(&located.relative), "uriBaseId": ROOT})
            }
            Some(root) => json!({
                "uri": format!("{}{}", folder_uri(root), uri_reference(&located.relative))
            }),
            None => json!({"uri": uri_reference(&located.relative)}),
        };
        for d in &file.diagnostics {
            let start = file.source.line_col(d.span.start);
            let end = file.source.line_col(d.span.end);
            let region = json!({
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
            });
            let location = json!({
                "physicalLocation": {"artifactLocation": artifact, "region": region}
            });
            let message = d.message_with_help();
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": {"text": message},
                "locations": [location],
            });
            if let Some(i) = index(d.rule) {
                result["ruleIndex"] = json!(i);
            }
            if let Some(fix) = &d.fix {
                let fs = file.source.line_col(fix.span.start);
                let fe = file.source.line_col(fix.span.end);
                let (safety, how) = if fix.safe {
                    ("safe", "--fix")
                } else {
                    ("unsafe", "--fix --unsafe-fixes")
                };
                result["fixes"] = json!([{
                    "description": {"text": format!(
                        "{} ({safety} fix: `amlint check {how}`)",
                        d.help.as_deref().unwrap_or("replace the text")
                    )},
                    "artifactChanges": [{
                        "artifactLocation": artifact,
                        "replacements": [{
                            "deletedRegion": {"startLine": fs.line, "startColumn": fs.column, "endLine": fe.line, "endColumn": fe.column},
                            "insertedContent": {"text": fix.replacement},
                        }],
                    }],
                    "properties": {"safety": safety},
                }]);
            }
            results.push(result);
        }
    }
    let mut run = json!({
        "tool": {"driver": {
            "name": "amlint",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": env!("CARGO_PKG_REPOSITORY"),
            "rules": rule_descriptors(),
        }},
        // Columns count Unicode scalar values, as in every amlint output.
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if let Some(root) = &srcroot {
        run["originalUriBaseIds"] =
            json!(BTreeMap::from([(ROOT, json!({"uri": folder_uri(root)}))]));
    }
    let report = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    });
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}
