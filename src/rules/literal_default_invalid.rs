//! ## What it does
//! Reports a literal input whose `default` cannot be parsed as its type: `integer` given `abc`,
//! `boolean` given anything but true/false (`"yes"`, `1`), a date under `string`, `.inf`/`.nan`
//! under any type, and `true`/`false` under `integer` or `number`.
//!
//! ## Why is this bad?
//! azure-ai-ml parses literal defaults before it sends anything (`Input._update_default`), and
//! stops with "UserErrorException: Default value of Input cannot be parsed, got 'abc', type =
//! <class 'str'>.", "ValidationException: Boolean parameter 'None' only accept True/False, got
//! yes." or, for a date that the YAML loader made of `2024-01-01`, "UserErrorException: Default
//! value of Input cannot be set: type must be one of ['integer', 'string', 'number', 'boolean'],
//! got '<class 'datetime.date'>'.". A non-finite default (`.inf`, `-.inf`, `.nan`) is dropped
//! ("nan/inf cannot be stored in the backend") and the SDK then crashes with "AttributeError:
//! 'Input' object has no attribute 'default'".
//!
//! A boolean under `number` or `integer` is not rejected — Python's `bool` is an `int` — but it is
//! sent as `1.0`/`0.0` (number) or as the JSON `true` (integer): never the number that was meant.
//! (`yes`/`no` there are reported by `yaml11-implicit-type`, which says what the loader made of
//! them.) The conformance suite (`conformance/`) runs each case through the real SDK.
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
use crate::model::{InputType, Invocation};
use crate::rules::{Basis, Class, Context, Rule};
use crate::spec::sdk_literals::{DefaultOutcome, NON_FINITE_DEFAULT, literal_default};
use crate::syntax::yaml11;

pub struct LiteralDefaultInvalid;

impl Rule for LiteralDefaultInvalid {
    fn id(&self) -> &'static str {
        "literal-default-invalid"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for io in &invocation.inputs {
            let Some(ty) = io.declared_input_type().filter(|t| t.is_literal()) else {
                continue;
            };
            let Some(default) = io.field("default").filter(|f| f.value.known) else {
                continue;
            };
            let sdk_message = match literal_default(ty, &default.value) {
                DefaultOutcome::Rejected(message) => message,
                DefaultOutcome::BooleanSentAs(sent) if is_obvious_boolean(&default.value.text) => {
                    cx.report(
                        default.value.span,
                        format!(
                            "the default of `{}` is the boolean `{}`, not {}: the SDK sends it as `{sent}`",
                            io.name,
                            default.value.text,
                            if ty == InputType::Integer { "an integer" } else { "a number" }
                        ),
                    )
                    .help(if ty == InputType::Integer {
                        "write a whole number (`1`, `0`), or declare `type: boolean`"
                    } else {
                        "write a number (`1.0`, `0.0`), or declare `type: boolean`"
                    });
                    continue;
                }
                _ => continue,
            };
            let help = match (ty, default.value.loaded()) {
                (_, yaml11::Value::Float(_)) if sdk_message == NON_FINITE_DEFAULT => {
                    "give a finite value: the service cannot store infinity or NaN".to_string()
                }
                (InputType::String, yaml11::Value::Timestamp) => {
                    format!(
                        "quote it so that it stays a string: \"{}\"",
                        default.value.text
                    )
                }
                (InputType::Boolean, _) => "write `true` or `false`".to_string(),
                (InputType::Integer, _) => "write a whole number, such as `10`".to_string(),
                (InputType::Number, _) => "write a number, such as `0.5`".to_string(),
                _ => format!("give a value of type `{}`", ty.as_str()),
            };
            let message = if sdk_message == NON_FINITE_DEFAULT {
                format!(
                    "the default `{}` of `{}` is not a finite number: the SDK drops it and then \
                     crashes with \"{sdk_message}\"",
                    default.value.text, io.name
                )
            } else {
                format!(
                    "the default of `{}` is not a valid `{ty}`: the SDK raises \"{sdk_message}\"",
                    io.name
                )
            };
            cx.report(default.value.span, message).help(help);
        }
    }
}

/// `true`/`false` as YAML 1.2 writes them: what a reader takes for a boolean at a glance.
fn is_obvious_boolean(text: &str) -> bool {
    matches!(text, "true" | "True" | "TRUE" | "false" | "False" | "FALSE")
}
