//! ## What it does
//! Reports `--set inputs.NAME=VALUE` — an input set as a whole, without `.type`, `.path` or
//! `.default`.
//!
//! ## Why is this bad?
//! `inputs.*` keys are not batch job fields (the job schema answers "{'inputs': ['Unknown
//! field.']}"), so the CLI handles them itself; what it builds from a bare `inputs.NAME=VALUE` is
//! not documented — most likely an untyped string. The documented form states the type.
//!
//! ## Example
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --set inputs.max_rows=500
//! ```
//!
//! ## Fix
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME \
//!     --set inputs.max_rows.type=integer inputs.max_rows.default=500
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::{Basis, Class, Context, Rule};

pub struct SetScalarIsString;

impl Rule for SetScalarIsString {
    fn id(&self) -> &'static str {
        "set-scalar-is-string"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::CliSide)
            .source("the extension intercepts --set inputs.* itself; what it builds without .type/.path/.default is not public")
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(line) = &invocation.command else {
            return;
        };
        for item in &line.set_items {
            let mut parts = item.key.split('.');
            let (Some(direction @ ("inputs" | "outputs")), Some(name), None) =
                (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            if name.is_empty() {
                continue;
            }
            let help = if direction == "inputs" {
                format!(
                    "write `{direction}.{name}.type=… {direction}.{name}.default=…` (or `.path=…` for data)"
                )
            } else {
                format!("write `{direction}.{name}.type=uri_file {direction}.{name}.path=…`")
            };
            cx.report(
                item.key_span,
                format!(
                    "`--set {}=…` sets the {} as a bare value; what the CLI makes of it is \
                     undocumented",
                    item.key,
                    &direction[..direction.len() - 1]
                ),
            )
            .help(help);
        }
    }
}
