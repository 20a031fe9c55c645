//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers: the rules with their
//! descriptions (from the rules' own docs) and every finding with its physical location.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::check::Outcome;
use crate::diagnostic::Severity;
use crate::rules::{self, RULES};

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
            let docs = rules::docs(rule.id()).unwrap_or("");
            json!({
                "id": rule.id(),
                "name": rule.id(),
                "shortDescription": {"text": rules::summary(rule.id())},
                "fullDescription": {"text": docs},
                // The full documentation travels in the report (`amlint rule ID` prints the same).
                "help": {"text": docs, "markdown": docs},
                "defaultConfiguration": {"level": level(rule.severity())},
            })
        })
        .collect()
}

pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    let index = |id: &str| RULES.iter().position(|r| r.id() == id);
    let mut results = Vec::new();
    for file in &outcome.files {
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
                "physicalLocation": {
                    "artifactLocation": {"uri": uri(&file.source.display), "uriBaseId": "%SRCROOT%"},
                    "region": region,
                }
            });
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
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
                result["fixes"] = json!([{
                    "description": {"text": d.help.clone().unwrap_or_else(|| "apply the fix".into())},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri(&file.source.display), "uriBaseId": "%SRCROOT%"},
                        "replacements": [{
                            "deletedRegion": {"startLine": fs.line, "startColumn": fs.column, "endLine": fe.line, "endColumn": fe.column},
                            "insertedContent": {"text": fix.replacement},
                        }],
                    }],
                }]);
            }
            results.push(result);
        }
    }
    let report = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "amlint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rule_descriptors(),
            }},
            // Columns count Unicode scalar values, as in every amlint output.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

/// A relative path as a URI reference: forward slashes, spaces and `%` escaped.
fn uri(path: &str) -> String {
    path.replace('\\', "/")
        .replace('%', "%25")
        .replace(' ', "%20")
}
