//! `file:line:col: severity[rule] message`, one finding per line — for editors' problem matchers
//! and for grep.

use std::io::{self, Write};

use crate::check::Outcome;

pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    for file in &outcome.files {
        for d in &file.diagnostics {
            let at = file.source.line_col(d.span.start);
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                file.source.display,
                at.line,
                at.column,
                d.severity.as_str(),
                d.rule,
                one_line(&d.message)
            )?;
        }
    }
    Ok(())
}

/// Messages are one line already; make sure of it for line-based consumers.
pub(crate) fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}
