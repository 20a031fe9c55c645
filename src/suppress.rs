//! Inline suppressions: `# amlint: ignore[rule-id, other-id]` (or `<!-- amlint: ignore[…] -->`
//! in Markdown) on the line of a finding or on the line before it; and, as ruff's `# ruff: noqa`,
//! file-level ones on a line of their own anywhere in the file: `# amlint: noqa` silences the
//! whole file, `# amlint: noqa: rule-id, other-id` those rules in it.

use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{self, UNUSED_IGNORE};
use crate::source::{SourceFile, Span};

static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:#|<!--)[ \t]*amlint:[ \t]*ignore\[([^\]\n]*)\]").expect("suppression pattern")
});

static FILE_LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*(?:#|<!--)[ \t]*amlint:[ \t]*noqa(?:[ \t]*:[ \t]*([A-Za-z0-9_, \t-]*))?[ \t]*(?:-->)?[ \t]*\r?$")
        .expect("file-level suppression pattern")
});

/// What the file-level comments silence: the whole file, or these rules (with where each is
/// named, for `unused-ignore`).
#[derive(Default)]
struct FileLevel {
    all: bool,
    rules: Vec<(String, Span)>,
}

fn file_level(file: &SourceFile) -> FileLevel {
    let mut out = FileLevel::default();
    for captures in FILE_LEVEL.captures_iter(&file.text) {
        let Some(list) = captures.get(1).filter(|l| !l.as_str().trim().is_empty()) else {
            out.all = true;
            continue;
        };
        let mut offset = list.start();
        for part in list.as_str().split(',') {
            let id = part.trim();
            let start = offset + (part.len() - part.trim_start().len());
            offset += part.len() + 1;
            if !id.is_empty() {
                out.rules
                    .push((id.to_string(), Span::new(start, start + id.len())));
            }
        }
    }
    out
}

/// One id in one suppression comment.
struct Entry {
    line: usize,
    id: String,
    span: Span,
    used: bool,
}

fn entries(file: &SourceFile) -> Vec<Entry> {
    if !file.text.contains("amlint:") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for captures in COMMENT.captures_iter(&file.text) {
        let Some(list) = captures.get(1) else {
            continue;
        };
        let line = file.line_col(list.start()).line;
        let mut offset = list.start();
        for part in list.as_str().split(',') {
            let id = part.trim();
            let start = offset + (part.len() - part.trim_start().len());
            offset += part.len() + 1;
            if !id.is_empty() {
                out.push(Entry {
                    line,
                    id: id.to_string(),
                    span: Span::new(start, start + id.len()),
                    used: false,
                });
            }
        }
    }
    out
}

/// Drop the findings an inline comment silences; with `unused-ignore` enabled, report the
/// comments that silence nothing (or name a rule that does not exist).
pub fn apply(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>, enabled: &dyn Fn(&str) -> bool) {
    if !file.text.contains("amlint:") {
        return;
    }
    let whole = file_level(file);
    if whole.all {
        diagnostics.clear();
        return;
    }
    diagnostics.retain(|d| !whole.rules.iter().any(|(id, _)| id == d.rule));
    if enabled(UNUSED_IGNORE) {
        for (id, span) in whole
            .rules
            .iter()
            .filter(|(id, _)| rules::find(id).is_none())
        {
            let message = format!("`amlint: noqa: {id}` names no amlint rule");
            let mut diagnostic = Diagnostic::new(UNUSED_IGNORE, Severity::Warning, *span, message);
            diagnostic.help("remove it (or correct the rule id)");
            diagnostics.push(diagnostic);
        }
    }
    let mut entries = entries(file);
    if entries.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        let line = file.line_col(d.span.start).line;
        let mut silenced = false;
        for entry in entries.iter_mut() {
            if entry.id == d.rule && (entry.line == line || entry.line + 1 == line) {
                entry.used = true;
                silenced = true;
            }
        }
        !silenced
    });
    if !enabled(UNUSED_IGNORE) {
        return;
    }
    for entry in entries.iter().filter(|e| !e.used) {
        let message = if rules::find(&entry.id).is_none() {
            format!("`amlint: ignore[{}]` names no amlint rule", entry.id)
        } else if !enabled(&entry.id) {
            // The rule does not run in this configuration: the comment may well be needed.
            continue;
        } else {
            format!(
                "`amlint: ignore[{}]` silences nothing on this line or the next",
                entry.id
            )
        };
        let mut diagnostic = Diagnostic::new(UNUSED_IGNORE, Severity::Warning, entry.span, message);
        diagnostic.help("remove it (or correct the rule id)");
        diagnostics.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(file: &SourceFile, rule: &'static str, needle: &str) -> Diagnostic {
        let at = file.text.find(needle).unwrap();
        Diagnostic::new(
            rule,
            Severity::Error,
            Span::new(at, at + needle.len()),
            String::new(),
        )
    }

    #[test]
    fn silences_on_the_line_and_the_line_before_and_reports_the_unused() {
        let text = "inputs:\n  # amlint: ignore[input-key-charset]\n  heart-data:  # amlint: ignore[literal-type-float, no-such-rule]\n    type: float\n  other-data: {}  # amlint: ignore[asset-missing-version]\n";
        let file = SourceFile::new("t.yml", "t.yml", text.to_string());
        let mut diagnostics = vec![
            diag(&file, "input-key-charset", "heart-data"),
            diag(&file, "literal-type-float", "float"),
            diag(&file, "input-key-charset", "other-data"),
        ];
        apply(&file, &mut diagnostics, &|_| true);
        let rules: Vec<(&str, usize)> = diagnostics
            .iter()
            .map(|d| (d.rule, file.line_col(d.span.start).line))
            .collect();
        assert_eq!(
            rules,
            [
                ("input-key-charset", 5),
                ("unused-ignore", 3),
                ("unused-ignore", 5)
            ]
        );
        assert!(diagnostics[1].message.contains("no-such-rule"));
    }

    #[test]
    fn file_level_comments_silence_the_file_or_their_rules() {
        let body = "inputs:\n  heart-data:\n    type: float\n";
        let run = |head: &str| {
            let file = SourceFile::new("t.yml", "t.yml", format!("{head}{body}"));
            let mut diagnostics = vec![
                diag(&file, "input-key-charset", "heart-data"),
                diag(&file, "literal-type-float", "float"),
            ];
            apply(&file, &mut diagnostics, &|_| true);
            diagnostics.iter().map(|d| d.rule).collect::<Vec<_>>()
        };
        assert!(run("# amlint: noqa\n").is_empty());
        assert!(run("<!-- amlint: noqa -->\n").is_empty());
        assert_eq!(
            run("# amlint: noqa: input-key-charset\n"),
            ["literal-type-float"]
        );
        assert_eq!(
            run("# amlint: noqa: input-key-charset, no-such-rule\n"),
            ["literal-type-float", "unused-ignore"]
        );
        // Not on a line of its own: not a file-level comment.
        assert_eq!(run("x: 1  # amlint: noqa\n").len(), 2);
    }
}
