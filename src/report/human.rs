//! The human report: miette's graphical diagnostics — the source line, an underline, the help —
//! with colours only on a terminal, then a one-line summary.

use std::fmt;
use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::snippet::Snippets;

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Outcome;
use crate::output::Guard;

/// Runs over more files than this show their time in the summary line.
const LARGE_RUN_FILES: usize = 2000;

/// A finding on a line longer than this (a minified notebook, a generated file) is shown
/// without its source line: printing a 100 KB line once per finding is no help to anyone.
const MAX_SNIPPET_LINE_BYTES: usize = 400;

/// One diagnostic, dressed for miette.
struct Rendered<'a> {
    diagnostic: &'a Diagnostic,
    /// The file's (masked) text, when the finding is shown with its source line.
    source: Option<&'a Snippets<'a>>,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.diagnostic.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source?;
        let span = self.diagnostic.span;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(None, (span.start, span.len())),
        )))
    }
}

pub fn write(
    outcome: &Outcome,
    style: super::Style,
    out: &mut Guard<dyn Write + '_>,
) -> io::Result<()> {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width.unwrap_or(100))
        .with_links(false);
    for file in &outcome.files {
        if file.diagnostics.is_empty() {
            continue;
        }
        // Only the masked text ever reaches the renderer: a credential never shows in a
        // snippet; nor does a control character (same-length replacements keep the offsets).
        let masked = file.source.masked_text();
        let shown = crate::escape::neutralise(&masked);
        let display = crate::escape::escape(&file.source.display);
        let source = Snippets::new(&display, &shown);
        for diagnostic in &file.diagnostics {
            let mut rendered = String::new();
            let quoted = file.source.quotable && short_lines(&file.source, diagnostic.span);
            let item = Rendered {
                diagnostic,
                source: quoted.then_some(&source),
            };
            handler
                .render_report(&mut rendered, &item)
                .map_err(|e| io::Error::other(e.to_string()))?;
            if !quoted {
                let at = file.source.line_col(diagnostic.span.start);
                rendered.push_str(&format!("  at {display}:{}:{}\n", at.line, at.column));
            }
            write!(out, "{rendered}")?;
            if let Some(fix) = &diagnostic.fix {
                let how = if fix.safe {
                    "--fix"
                } else {
                    "--fix --unsafe-fixes"
                };
                writeln!(out, "  fix: replace with `{}` ({how})", fix.replacement)?;
            }
            if style.verbose
                && let (Some(kind), Some(source)) =
                    (diagnostic.deployment_kind, &diagnostic.kind_source)
            {
                writeln!(
                    out,
                    "  note: checked against a {} deployment ({source})",
                    kind.as_str()
                )?;
            }
            writeln!(out)?;
        }
        if file.omitted > 0 {
            writeln!(
                out,
                "{display}: {} more finding(s) not shown (at most {} per file)\n",
                file.omitted,
                crate::diagnostic::MAX_FINDINGS_PER_FILE
            )?;
        }
    }
    if !style.summary {
        return Ok(());
    }
    let errors = outcome.count(Severity::Error);
    let warnings = outcome.count(Severity::Warning);
    let files = outcome.checked;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    // Big runs also say how long they took (small ones stay reproducible for snapshots).
    let timing = if files > LARGE_RUN_FILES {
        format!(" in {:.2} s", outcome.elapsed.as_secs_f64())
    } else {
        String::new()
    };
    if errors + warnings == 0 {
        return writeln!(
            out,
            "All clear: {} checked{timing}, no findings.",
            plural(files, "file")
        );
    }
    writeln!(
        out,
        "Found {} and {} in {} checked{timing}.",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(files, "file")
    )?;
    let fixes = outcome
        .files
        .iter()
        .flat_map(|f| &f.diagnostics)
        .filter_map(|d| d.fix.as_ref());
    let (safe, unsafe_): (Vec<_>, Vec<_>) = fixes.partition(|f| f.safe);
    match (safe.len(), unsafe_.len()) {
        (0, 0) => Ok(()),
        (safe, 0) => writeln!(out, "[*] {safe} fixable with `--fix`."),
        (safe, unsafe_) if style.unsafe_fixes => writeln!(
            out,
            "[*] {} fixable with `--fix --unsafe-fixes`.",
            safe + unsafe_
        ),
        (0, unsafe_) => writeln!(
            out,
            "{unsafe_} fixable with `--fix --unsafe-fixes` (unsafe: they change what the deployment receives)."
        ),
        (safe, unsafe_) => writeln!(
            out,
            "[*] {safe} fixable with `--fix` ({unsafe_} more with `--unsafe-fixes`)."
        ),
    }
}

/// Whether every line the span touches is short enough to print.
fn short_lines(source: &crate::source::SourceFile, span: crate::source::Span) -> bool {
    let mut at = span.start;
    loop {
        let line = source.line_bounds(at);
        if line.len() > MAX_SNIPPET_LINE_BYTES {
            return false;
        }
        if line.end >= span.end || line.end >= source.text.len() {
            return true;
        }
        at = line.end + 1;
    }
}
