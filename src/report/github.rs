//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=amlint (RULE)::message`, which the
//! runner turns into annotations on the pull request.

use std::io::{self, Write};

use super::location::Anchors;
use crate::engine::Outcome;
use crate::output::Guard;

/// Escaping of a command's message (GitHub's `escapeData`).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a command's property values (GitHub's `escapeProperty`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(outcome: &Outcome, out: &mut Guard<dyn Write + '_>) -> io::Result<()> {
    // `file=` is relative to the checkout root, as the runner resolves it.
    let mut anchors = Anchors::new(Some("GITHUB_WORKSPACE"));
    for file in &outcome.files {
        if file.diagnostics.is_empty() {
            continue;
        }
        let path = anchors.locate(&file.source).relative;
        for d in &file.diagnostics {
            let start = file.source.line_col(d.span.start);
            let end = file.source.line_col(d.span.end);
            let message = d.message_with_help();
            // amlint's own command: the guard neutralises any other that text from the
            // checked tree would open.
            out.command("::")?;
            out.command(d.severity.as_str())?;
            out.command(" file=")?;
            writeln!(
                out,
                "{},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(&crate::escape::escape(&path)),
                start.line,
                start.column,
                end.line,
                end.column,
                // The title names the tool, as ruff's `title=Ruff (F401)`: a check run's
                // annotations come from several tools.
                escape_property(&format!("amlint ({})", d.rule)),
                escape_data(&message)
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
