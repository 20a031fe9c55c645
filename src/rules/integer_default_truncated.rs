//! ## What it does
//! Reports a `type: integer` literal whose default has a fraction (`5.7`).
//!
//! ## Why is this bad?
//! azure-ai-ml parses integer defaults with `int(float(value))`, so `5.7` is sent as `5` without a
//! word. Either the type or the value is not what was meant.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   threshold:
//!     type: integer
//!     default: 0.75
//! ```
//!
//! ## Fix
//! ```yaml
//! inputs:
//!   threshold:
//!     type: number
//!     default: 0.75
//! ```
//! This rule has no automatic fix: amlint cannot tell which of the two is wrong.

use crate::diagnostic::Severity;
use crate::model::{InputType, Invocation};
use crate::rules::{Basis, Class, Context, Rule};
use crate::spec::sdk_literals::{DefaultOutcome, literal_default};

pub struct IntegerDefaultTruncated;

impl Rule for IntegerDefaultTruncated {
    fn id(&self) -> &'static str {
        "integer-default-truncated"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkChanges)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for io in &invocation.inputs {
            if io.declared_input_type() != Some(InputType::Integer) {
                continue;
            }
            let Some(default) = io.field("default").filter(|f| f.value.known) else {
                continue;
            };
            if let DefaultOutcome::Truncated { to } =
                literal_default(InputType::Integer, &default.value)
            {
                cx.report(
                    default.value.span,
                    format!(
                        "`{}` is an integer input, so its default `{}` is silently sent as `{to}`",
                        io.name, default.value.text
                    ),
                )
                .help(format!(
                    "write `{to}`, or declare `type: number` to keep the fraction"
                ));
            }
        }
    }
}
