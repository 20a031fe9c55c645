//! ## What it does
//! Reports a `Literal` input of a REST body without a `Value`, or with a `Uri`.
//!
//! ## Why is this bad?
//! In the REST specification a `LiteralJobInput` carries its value in `value` and has no `uri`.
//! Without `Value` the job gets a parameter with nothing in it; a `Uri` on a literal is not read,
//! so whatever it points at never reaches the job.
//!
//! ## Example
//! ```json
//! {"properties": {"InputData": {"score_mode": {"JobInputType": "Literal", "Uri": "append"}}}}
//! ```
//!
//! ## Fix
//! ```json
//! {"properties": {"InputData": {"score_mode": {"JobInputType": "Literal", "Value": "append"}}}}
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::{Direction, Invocation};
use crate::rules::{Basis, Class, Context, Rule};
use crate::spec::rest::{entry_type, stands_for};

pub struct RestLiteralValue;

impl Rule for RestLiteralValue {
    fn id(&self) -> &'static str {
        "rest-literal-value"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide)
            .source("REST specification: LiteralJobInput carries `value` and has no `uri`")
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(rest) = &invocation.rest else { return };
        for entry in rest.inputs() {
            let Some(fields) = &entry.fields else {
                continue;
            };
            if entry_type(entry) != Some("Literal") {
                continue;
            }
            if let Some(uri) = entry.field("Uri") {
                cx.report(
                    uri.key_span,
                    format!(
                        "literal input `{}` has a `Uri`, which a literal does not read: its value goes in `Value`",
                        entry.name
                    ),
                )
                .help("write the value as `\"Value\": \"…\"`, or make the input data (`\"JobInputType\": \"UriFolder\"`)");
                continue;
            }
            let value = entry.field("Value");
            let missing = value.is_none_or(|v| v.value.known && v.value.is_null());
            // `"default": …` for `Value` is `rest-body-shape`'s.
            let elsewhere = fields
                .iter()
                .any(|f| stands_for(&f.key, Direction::Input) == Some("Value"))
                && value.is_none();
            if missing && !elsewhere {
                cx.report(
                    value.map_or(entry.name_span, |v| v.value.span),
                    format!(
                        "literal input `{}` has no `Value`: the job gets an empty parameter",
                        entry.name
                    ),
                )
                .help("add `\"Value\": \"…\"`");
            }
        }
    }
}
