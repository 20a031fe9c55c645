//! Azure DevOps logging commands: `##vso[task.logissue type=error;sourcepath=…;linenumber=…;
//! columnnumber=…;code=RULE]message`, which the agent shows as the run's errors and warnings and
//! on the pull request. Paths are relative to the repository root (the agent resolves them
//! against the sources folder).

use std::io::{self, Write};

use super::location::Anchors;
use crate::engine::Outcome;
use crate::output::Guard;

/// The escaping of azure-pipelines-task-lib's `TaskCommand` (`escapedata`/`escape`): `%` first,
/// then the characters that end a property or the command. The agent undoes it on both.
fn escape(text: &str) -> String {
    text.replace('%', "%AZP25")
        .replace(';', "%3B")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace(']', "%5D")
}

pub fn write(outcome: &Outcome, out: &mut Guard<dyn Write + '_>) -> io::Result<()> {
    let mut anchors = Anchors::new(Some("BUILD_SOURCESDIRECTORY"));
    for file in &outcome.files {
        if file.diagnostics.is_empty() {
            continue;
        }
        let path = anchors.locate(&file.source).relative;
        let path = crate::escape::escape(&path);
        for d in &file.diagnostics {
            let at = file.source.line_col(d.span.start);
            let kind = d.severity.as_str();
            let message = d.message_with_help();
            // amlint's own command: the guard neutralises any other that text from the
            // checked tree would open.
            out.command("##vso[task.logissue type=")?;
            out.command(kind)?;
            writeln!(
                out,
                ";sourcepath={};linenumber={};columnnumber={};code={}]{}",
                escape(&path),
                at.line,
                at.column,
                escape(d.rule),
                escape(&message)
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_task_library() {
        assert_eq!(escape("50% a;b]\r\nc"), "50%AZP25 a%3Bb%5D%0D%0Ac");
    }
}
