//! ## What it does
//! Reports `JOB_NAME = $(az ml batch-endpoint invoke …)`: spaces around `=` in a shell assignment.
//!
//! ## Why is this bad?
//! With spaces, the shell runs a command named `JOB_NAME` with the arguments `=` and the job's
//! name (ShellCheck SC1068): the variable is never set, and the next `az ml job show -n
//! $JOB_NAME` fails — after the job was already submitted.
//!
//! ## Example
//! ```bash
//! JOB_NAME = $(az ml batch-endpoint invoke --name $ENDPOINT_NAME --input data --query name -o tsv)
//! ```
//!
//! ## Fix
//! ```bash
//! JOB_NAME=$(az ml batch-endpoint invoke --name $ENDPOINT_NAME --input data --query name -o tsv)
//! ```
//! The diagnostic carries `=` without the spaces as a safe fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::{Basis, Class, Context, Rule};

pub struct ShellAssignmentSpaces;

impl Rule for ShellAssignmentSpaces {
    fn id(&self) -> &'static str {
        "shell-assignment-spaces"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::CliSide)
            .source("POSIX shell grammar: `NAME = value` runs a command named NAME")
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(span) = invocation
            .command
            .as_ref()
            .and_then(|l| l.assignment_with_spaces)
        else {
            return;
        };
        cx.report(
            span,
            "spaces around `=`: the shell runs a command named after the variable instead of \
             assigning the job name",
        )
        .help("remove the spaces: `NAME=$(az ml batch-endpoint invoke …)`")
        .fix(span, "=");
    }
}
