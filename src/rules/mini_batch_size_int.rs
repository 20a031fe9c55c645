//! ## What it does
//! Reports `--mini-batch-size`/`-m` or `--instance-count`/`-c` whose value is not a positive
//! integer (a value written in the command, not a `$VARIABLE`).
//!
//! ## Why is this bad?
//! Both become integer fields of the batch job; the schema stops the command with "Not a valid
//! integer.", and a count of zero cannot run anything.
//!
//! ## Example
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --input data --mini-batch-size 2.5
//! ```
//!
//! ## Fix
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --input data --mini-batch-size 2
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::set_value_type::is_python_int;
use crate::rules::{Context, Rule};

pub struct MiniBatchSizeInt;

impl Rule for MiniBatchSizeInt {
    fn id(&self) -> &'static str {
        "mini-batch-size-int"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(line) = &invocation.command else {
            return;
        };
        for long in ["--mini-batch-size", "--instance-count"] {
            for flag in line.uses(long) {
                let Some(value) = flag.values.first().filter(|v| v.known) else {
                    continue;
                };
                let positive = is_python_int(&value.text)
                    && value
                        .text
                        .trim()
                        .replace('_', "")
                        .parse::<i128>()
                        .is_ok_and(|n| n > 0);
                if positive {
                    continue;
                }
                cx.report(
                    value.span,
                    format!("`{long}` takes a positive integer, not `{}`", value.text),
                )
                .help("give a whole number greater than 0");
            }
        }
    }
}
