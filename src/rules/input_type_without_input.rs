//! ## What it does
//! Reports `--input-type` on a command without `--input`.
//!
//! ## Why is this bad?
//! `--input-type` only qualifies `--input`; alone (for example beside `--set inputs.…` or
//! `--file`) it is ignored, and the type it names applies to nothing.
//!
//! ## Example
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --file inputs.yml --input-type uri_file
//! ```
//!
//! ## Fix
//! Remove it, or state the type where the input is defined (`type:` in the inputs file,
//! `--set inputs.NAME.type=…`). This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::{Basis, Class, Context, Rule};

pub struct InputTypeWithoutInput;

impl Rule for InputTypeWithoutInput {
    fn id(&self) -> &'static str {
        "input-type-without-input"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::CliSide).source("CLI reference: --input-type qualifies --input")
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(line) = &invocation.command else {
            return;
        };
        if line.incomplete || line.uses("--input").next().is_some() {
            return;
        }
        for flag in line.uses("--input-type") {
            cx.report(flag.span, "`--input-type` without `--input` is ignored")
                .help("remove it, or give the input with `--input PATH`");
        }
    }
}
