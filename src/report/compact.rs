//! `file:line:col: severity[rule] message`, one finding per line — for editors' problem matchers
//! and for grep.

use std::io::{self, Write};

use crate::engine::Outcome;
use crate::output::Guard;

pub fn write(outcome: &Outcome, out: &mut Guard<dyn Write + '_>) -> io::Result<()> {
    for file in &outcome.files {
        for d in &file.diagnostics {
            let at = file.source.line_col(d.span.start);
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                crate::escape::escape(&file.source.display),
                at.line,
                at.column,
                d.severity.as_str(),
                d.rule,
                one_line(&d.message)
            )?;
        }
        if file.omitted > 0 {
            writeln!(
                out,
                "{}: {} more finding(s) not shown (at most {} per file)",
                crate::escape::escape(&file.source.display),
                file.omitted,
                crate::diagnostic::MAX_FINDINGS_PER_FILE
            )?;
        }
    }
    Ok(())
}

/// Messages are one line already; make sure of it for line-based consumers.
pub(crate) fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}
