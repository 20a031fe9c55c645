//! ## What it does
//! Reports a literal input whose `default` cannot be parsed as its type: `integer` given `abc`,
//! `boolean` given anything but true/false (`"yes"`, `1`), a date under `string`.
//!
//! ## Why is this bad?
//! azure-ai-ml parses literal defaults before it sends anything (`Input._update_default`), and
//! stops with "Default value of Input cannot be parsed, got 'abc'", "Boolean parameter … only
//! accept True/False, got yes." or, for a date that the YAML loader made of `2024-01-01`,
//! "Default value of Input cannot be set: type must be one of ['integer', 'string', 'number',
//! 'boolean']".
//!
//! ## Example
//! ```yaml
//! inputs:
//!   max_rows:
//!     type: integer
//!     default: all
//! ```
//!
//! ## Fix
//! Give a value of the declared type (or change the type):
//! ```yaml
//! inputs:
//!   max_rows:
//!     type: integer
//!     default: 500
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::{Invocation, LITERAL_TYPES};
use crate::rules::{Context, Rule};
use crate::sdk::{DefaultOutcome, literal_default};
use crate::yaml11;

pub struct LiteralDefaultInvalid;

impl Rule for LiteralDefaultInvalid {
    fn id(&self) -> &'static str {
        "literal-default-invalid"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for io in &invocation.inputs {
            let Some(ty) = io.declared_type().filter(|t| LITERAL_TYPES.contains(t)) else {
                continue;
            };
            let Some(default) = io.field("default").filter(|f| f.value.known) else {
                continue;
            };
            let DefaultOutcome::Rejected(sdk_message) = literal_default(ty, &default.value) else {
                continue;
            };
            let help = match (ty, default.value.loaded) {
                ("string", yaml11::Value::Timestamp) => {
                    format!(
                        "quote it so that it stays a string: \"{}\"",
                        default.value.text
                    )
                }
                ("boolean", _) => "write `true` or `false`".to_string(),
                ("integer", _) => "write a whole number, such as `10`".to_string(),
                ("number", _) => "write a number, such as `0.5`".to_string(),
                _ => format!("give a value of type `{ty}`"),
            };
            cx.report(
                default.value.span,
                format!(
                    "the default of `{}` is not a valid `{ty}`: the SDK raises \"{sdk_message}\"",
                    io.name
                ),
            )
            .help(help);
        }
    }
}
