//! ## What it does
//! Reports a literal input declared `type: float`.
//!
//! ## Why is this bad?
//! The documentation's table of literal types lists "float", but azure-ai-ml knows only `number`:
//! `Input(type="float", default=1.5)` raises "Default value of Input cannot be set: Non-primitive
//! type Input has no default value.", and without a default `invoke` crashes with
//! `TypeError: argument of type 'NoneType' is not iterable`.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   threshold:
//!     type: float
//!     default: 0.5
//! ```
//!
//! ## Fix
//! ```yaml
//! inputs:
//!   threshold:
//!     type: number
//!     default: 0.5
//! ```
//! The diagnostic carries `number` as a safe fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::{Basis, Class, Context, Rule};

pub struct LiteralTypeFloat;

impl Rule for LiteralTypeFloat {
    fn id(&self) -> &'static str {
        "literal-type-float"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for io in &invocation.inputs {
            let Some(value) = io.type_value().filter(|v| v.text == "float") else {
                continue;
            };
            cx.report(
                value.span,
                format!(
                    "input `{}` has type `float`, which azure-ai-ml does not know (\"Non-primitive \
                     type Input has no default value.\"); the literal type for numbers is `number`",
                    io.name
                ),
            )
            .help("write `type: number`")
            .fix(value.span, "number");
        }
    }
}
