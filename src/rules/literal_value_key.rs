//! ## What it does
//! Reports a literal input that carries its value under `value:` (or another key the SDK does not
//! know) instead of `default:`.
//!
//! ## Why is this bad?
//! Literals take their value from `default` (the documentation: "Create jobs with literal
//! inputs"). `Input(type="string", value="x")` swallows `value` without a word and sends
//! `{"jobInputType": "Literal"}` with **no value**: the job runs with the component's default, or
//! fails far from the cause.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   score_mode:
//!     type: string
//!     value: append
//! ```
//!
//! ## Fix
//! ```yaml
//! inputs:
//!   score_mode:
//!     type: string
//!     default: append
//! ```
//! When the literal has no `default`, the diagnostic carries the rename to `default` as a safe fix.

use crate::diagnostic::Severity;
use crate::model::{InputType, Invocation};
use crate::rules::{Basis, Class, Context, Rule};

pub struct LiteralValueKey;

/// The keyword arguments `Input(...)` accepts; anything else is swallowed by `**kwargs`.
const INPUT_PARAMETERS: &[&str] = &[
    "type",
    "path",
    "mode",
    "default",
    "optional",
    "min",
    "max",
    "enum",
    "description",
    "datastore",
    "path_on_compute",
    "intellectual_property",
];

impl Rule for LiteralValueKey {
    fn id(&self) -> &'static str {
        "literal-value-key"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkChanges)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for io in &invocation.inputs {
            if !io.declared_input_type().is_some_and(InputType::is_literal) {
                continue;
            }
            let has_default = io.has("default");
            for field in io.fields() {
                let key = field.key.as_str();
                if INPUT_PARAMETERS.contains(&key) {
                    continue;
                }
                if has_default {
                    cx.report(
                        field.key_span,
                        format!(
                            "`{key}:` is ignored on the literal `{}`; only `default:` is sent",
                            io.name
                        ),
                    )
                    .help(format!("remove `{key}:`"));
                } else {
                    cx.report(
                        field.key_span,
                        format!(
                            "the literal `{}` has its value under `{key}:`, which the SDK \
                             ignores; no value is sent",
                            io.name
                        ),
                    )
                    .help(format!("rename `{key}` to `default`"))
                    .fix(field.key_span, "default");
                }
            }
        }
    }
}
