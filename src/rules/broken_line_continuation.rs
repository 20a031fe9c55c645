//! ## What it does
//! Reports an `az ml batch-endpoint invoke` whose line ends without a working continuation while
//! the next line starts with a flag (`--mini-batch-size 50`, `-d scorer`): a trailing
//! `# comment`, a backslash followed by spaces, or no backslash at all (in PowerShell: a
//! backtick followed by spaces, or none; in `cmd`: `^`).
//!
//! ## Why is this bad?
//! The shell ends the command at that line break. The invoke runs without the flags of the next
//! line, and the next line runs as a command of its own (`--mini-batch-size: command not found`,
//! or PowerShell's "The term '--deployment-name' is not recognized"), so those flags never reach
//! the job — often after the job was already created with the deployment's defaults, or with the
//! endpoint's default deployment. A backslash continues a line only when it is the line's very
//! last character: `\` followed by a space escapes the space instead (bash's "Escape Character";
//! PowerShell's backtick and cmd's caret behave the same), and a comment runs to the end of the
//! line, so nothing after it can continue it. Real READMEs do this; an error, because the
//! command that runs is certainly not the one written.
//!
//! ## Example
//! ```bash
//! az ml batch-endpoint invoke --name heart-batch \
//!   --input azureml:heart-data:1 \
//!   --mini-batch-size 50
//! ```
//! (the second line's backslash is followed by two spaces)
//!
//! ## Fix
//! End each line but the last with the continuation character and nothing after it (`\` in a
//! shell, `` ` `` in PowerShell, `^` in `cmd`), and move comments to a line of their own. This
//! rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::model::command_line::CommandLine;
use crate::rules::{Basis, Class, Context, Rule};
use crate::source::{SourceFile, Span};

pub struct BrokenLineContinuation;

impl Rule for BrokenLineContinuation {
    fn id(&self) -> &'static str {
        "broken-line-continuation"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::CliSide)
            .source("shell semantics: a line break ends a command unless the line's last character is the continuation (bash's escape character, PowerShell's backtick, cmd's caret); real READMEs")
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(line) = &invocation.command else {
            return;
        };
        let Some(broken) = broken(line, cx.file) else {
            return;
        };
        let flag = cx.file.slice(broken.next_flag).to_string();
        let at = cx.file.line_col(broken.next_flag.start).line - 1;
        cx.report(
            broken.next_flag,
            format!(
                "`{flag}` starts a command of its own: line {at} ends the invoke {}, so the flags \
                 of this line never reach the job",
                broken.why
            ),
        )
        .help(format!(
            "end line {at} with `{}` and nothing after it (move a comment to a line of its own)",
            broken.continuation
        ));
    }
}

/// An invoke command cut short by its line break.
pub(crate) struct Broken {
    /// The first word of the next line (a flag).
    pub next_flag: Span,
    /// What ends the line instead of a continuation.
    pub why: &'static str,
    /// The continuation character the command's language takes.
    pub continuation: &'static str,
    /// Where a continuation character followed by spaces is (the shell makes an escaped space
    /// of it, a stray word of the command: this rule's finding, not unknown-flag's).
    pub dangling: Option<Span>,
}

/// Whether `line`'s command ends at a line break that its next line, starting with a flag, was
/// meant to continue.
pub(crate) fn broken(line: &CommandLine, file: &SourceFile) -> Option<Broken> {
    let text: &str = &file.text;
    if text.is_empty() {
        return None;
    }
    let start = line.command_span.start;
    let end = command_end(line).min(text.len());
    if start >= end || !text.is_char_boundary(end) {
        return None;
    }
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let line_start = text[..end].rfind('\n').map_or(0, |i| i + 1);
    let physical = text[line_start..line_end].trim_end_matches('\r');
    let rest = text[end..line_end].trim_end_matches('\r');
    let trimmed = physical.trim_end();
    let spaces_after = physical.len() > trimmed.len();
    // The language's continuation, from how the command's earlier lines end.
    let earlier = &text[start..line_start.max(start)];
    let ends = |c: char| {
        earlier
            .lines()
            .any(|l| l.trim_end_matches('\r').ends_with(c))
    };
    let continuation = if ends('`') || trimmed.ends_with('`') {
        "`"
    } else if ends('^') || trimmed.ends_with('^') {
        "^"
    } else {
        "\\"
    };
    let rest_trimmed = rest.trim();
    let (why, dangling) = if rest_trimmed.starts_with('#') {
        ("at a comment (nothing after `#` continues a line)", None)
    } else if !(rest_trimmed.is_empty() || matches!(rest_trimmed, "\\" | "`" | "^")) {
        // `| jq`, `&& …`, `;`, `)`: the command ends there on purpose.
        return None;
    } else if let Some(c) = ['\\', '`', '^'].into_iter().find(|c| trimmed.ends_with(*c)) {
        if !spaces_after {
            // A working continuation the lexer did not join: not this rule's to judge.
            return None;
        }
        let at = line_start + trimmed.len() - c.len_utf8();
        let why = match c {
            '\\' => "with a backslash followed by spaces (it escapes a space instead)",
            '`' => "with a backtick followed by spaces (it escapes a space instead)",
            _ => "with a caret followed by spaces (it escapes a space instead)",
        };
        (why, Some(Span::new(at, line_end.min(at + physical.len()))))
    } else {
        ("without a continuation character", None)
    };
    // The next line, and its first word.
    let next_start = (line_end + 1).min(text.len());
    let next_end = text[next_start..]
        .find('\n')
        .map_or(text.len(), |i| next_start + i);
    let next = text[next_start..next_end].trim_end_matches('\r');
    let indent = next.len() - next.trim_start().len();
    let word = next.split_whitespace().next()?;
    if !is_flag(word) {
        return None;
    }
    let flag_start = next_start + indent;
    Some(Broken {
        next_flag: Span::new(flag_start, flag_start + word.len()),
        why,
        continuation,
        dangling: dangling.map(|s| Span::new(s.start, s.end.min(line_end))),
    })
}

/// `--name`, `-d`: a dash, an optional second dash, then a letter.
fn is_flag(word: &str) -> bool {
    let rest = word
        .strip_prefix("--")
        .or_else(|| word.strip_prefix('-'))
        .unwrap_or("");
    word.starts_with('-') && rest.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

/// Where the command's last word ends.
fn command_end(line: &CommandLine) -> usize {
    let mut end = line.command_span.end;
    for flag in &line.flags {
        end = end.max(flag.span.end);
        for value in &flag.values {
            end = end.max(value.span.end);
        }
    }
    for item in &line.set_items {
        end = end.max(item.span.end);
    }
    for word in &line.stray_words {
        end = end.max(word.span.end);
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(src: &str) -> Option<(String, &'static str)> {
        let commands = crate::frontends::shell::commands(src);
        let invocations =
            crate::frontends::command_line::invocations(&commands, std::path::Path::new("."));
        let line = invocations.first()?.command.as_ref()?.clone();
        let file = SourceFile::new("x.sh", "x.sh", src.to_string());
        broken(&line, &file).map(|b| (file.slice(b.next_flag).to_string(), b.why))
    }

    #[test]
    fn a_line_that_ends_the_command_before_a_flag() {
        let spaces = "az ml batch-endpoint invoke --name e \\\n  --input azureml:d:7 \\  \n  --mini-batch-size 50\n";
        assert_eq!(found(spaces).unwrap().0, "--mini-batch-size");
        let comment = "az ml batch-endpoint invoke --name e # the endpoint\n  -d scorer\n";
        assert!(found(comment).unwrap().1.contains("comment"));
        let missing = "az ml batch-endpoint invoke --name e\n  --input azureml:d:7\n";
        assert!(found(missing).unwrap().1.contains("without"));
    }

    #[test]
    fn a_command_that_ends_on_purpose_is_left_alone() {
        for src in [
            "az ml batch-endpoint invoke --name e \\\n  --input azureml:d:7  # tuned\n",
            "az ml batch-endpoint invoke --name e --query name -o tsv | jq .\n  --x\n",
            "az ml batch-endpoint invoke --name e\necho done\n",
            "az ml batch-endpoint invoke --name e\n- az ml job show\n",
            "az ml batch-endpoint invoke --name e\n",
        ] {
            assert!(found(src).is_none(), "{src}");
        }
    }
}
