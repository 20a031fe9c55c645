//! `--verbose`: a note at each invocation saying how its deployment kind was decided (and which
//! component it was checked against), `FILE:LINE:COL: …`.

use crate::engine::Checker;
use crate::model::Invocation;
use crate::project::KindDecision;
use crate::source::SourceFile;

/// A `--verbose` note at the invocation: the `az` word of a command, the `invoke(` call of the
/// SDK (or a REST body), the top of an inputs file. Not masked yet (the file's secrets are not
/// all known while its invocations are read).
pub(super) fn note_at_invocation(file: &SourceFile, invocation: &Invocation, text: &str) -> String {
    let at = invocation
        .command
        .as_ref()
        .map(|c| c.command_span.start)
        .or(invocation.call_span.map(|c| c.start))
        .unwrap_or(0);
    let position = file.line_col(at);
    format!(
        "{}:{}:{}: {text}",
        file.display, position.line, position.column
    )
}

impl Checker<'_> {
    pub(super) fn note(
        &self,
        file: &SourceFile,
        invocation: &Invocation,
        decision: &KindDecision,
    ) -> String {
        let verdict = match decision.kind {
            Some(kind) => format!("deployment kind {} ({})", kind.as_str(), decision.reason),
            None => format!(
                "deployment kind unknown: {}; kind rules stay silent",
                decision.reason
            ),
        };
        note_at_invocation(file, invocation, &verdict)
    }
}
