//! The JSON report: a stable interface (SPEC.md "JSON report"), written even when empty.

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Outcome;
use crate::model::DeploymentKind;
use crate::output::Guard;
use crate::source::{SourceFile, Span};

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    diagnostics: Diagnostics<'a>,
    summary: Summary,
}

/// Every file's findings in order, serialised one at a time as they are converted: a large
/// run's list is never held a second time.
struct Diagnostics<'a>(&'a Outcome);

impl Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.0
                .files
                .iter()
                .flat_map(|f| f.diagnostics.iter().map(|d| convert(&f.source, d))),
        )
    }
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: Severity,
    file: &'a str,
    range: Range,
    message: &'a str,
    help: Option<&'a str>,
    deployment_kind: Option<DeploymentKind>,
    /// Present (and true) when the kind was inferred from the deployments around the file.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    deployment_kind_inferred: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    replacement: &'a str,
    range: Range,
    /// Applied by `--fix`; unsafe fixes only with `--unsafe-fixes`.
    safe: bool,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    /// Findings past the per-file cap, not listed (present only when there are some).
    #[serde(skip_serializing_if = "is_zero")]
    omitted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn range(file: &SourceFile, span: Span) -> Range {
    let start = file.line_col(span.start);
    let end = file.line_col(span.end);
    Range {
        start: Position {
            line: start.line,
            column: start.column,
        },
        end: Position {
            line: end.line,
            column: end.column,
        },
    }
}

fn convert<'a>(file: &'a SourceFile, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        rule: d.rule,
        severity: d.severity,
        file: &file.display,
        range: range(file, d.span),
        message: &d.message,
        help: d.help.as_deref(),
        deployment_kind: d.deployment_kind,
        deployment_kind_inferred: d.kind_inferred,
        fix: d.fix.as_ref().map(|f| JsonFix {
            replacement: &f.replacement,
            range: range(file, f.span),
            safe: f.safe,
        }),
    }
}

pub fn write(outcome: &Outcome, out: &mut Guard<dyn Write + '_>) -> io::Result<()> {
    let report = Report {
        version: 1,
        diagnostics: Diagnostics(outcome),
        summary: Summary {
            files: outcome.checked,
            errors: outcome.count(Severity::Error),
            warnings: outcome.count(Severity::Warning),
            omitted: outcome.omitted(),
        },
    };
    super::write_json(out, &report)
}
