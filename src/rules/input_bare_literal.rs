//! ## What it does
//! Reports an input given as a bare string, number or boolean (`"score_mode": "append"`) instead
//! of a typed literal (`Input(type="string", default="append")`) in an SDK call. An inputs file
//! passed with `--file` is not reported: there the CLI makes every bare `str`, `bool`, `int` or
//! `float` a typed literal itself (`Input(type="string", default=…)`, its invoke logic as the
//! Ansible collection `azure.azcollection` ports it).
//!
//! ## Why is this bad?
//! Only `Input` objects get a type: the SDK sends a bare value raw, without the
//! `jobInputType: Literal` that the documentation's literal inputs carry. Whether the service
//! accepts it is not documented, so this is a warning; the typed form always works (for pipeline
//! component deployments — model deployments take no literals at all).
//!
//! ## Example
//! ```python
//! ml_client.batch_endpoints.invoke(
//!     endpoint_name="heart-batch",
//!     inputs={"heart_data": Input(type="uri_folder", path="azureml:heart-data:1"),
//!             "score_mode": "append"},
//! )
//! ```
//!
//! ## Fix
//! ```python
//! ml_client.batch_endpoints.invoke(
//!     endpoint_name="heart-batch",
//!     inputs={"heart_data": Input(type="uri_folder", path="azureml:heart-data:1"),
//!             "score_mode": Input(type="string", default="append")},
//! )
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::InputType;
use crate::model::{Direction, Invocation, IoValue, Origin, looks_like_data};
use crate::rules::{Basis, Class, Context, Rule};
use crate::syntax::yaml11::Value;

pub struct InputBareLiteral;

impl Rule for InputBareLiteral {
    fn id(&self) -> &'static str {
        "input-bare-literal"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkChanges)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        // Through `--file` the CLI makes a bare `str`/`bool`/`int`/`float` a typed literal
        // (`Input(type="string", default=…)`): nothing is sent raw there (SDK-BEHAVIOUR §30).
        if invocation.origin == Origin::InputsFile {
            return;
        }
        for io in &invocation.inputs {
            let IoValue::Bare(value) = &io.value else {
                continue;
            };
            if io.direction != Direction::Input || looks_like_data(value) {
                continue;
            }
            let ty = match value.loaded() {
                Value::Bool(_) => InputType::Boolean,
                Value::Int(_) => InputType::Integer,
                Value::Float(_) => InputType::Number,
                Value::Str => InputType::String,
                _ => continue,
            };
            cx.report(
                value.span,
                format!(
                    "input `{}` is a bare value; it is sent raw, without a literal type",
                    io.name
                ),
            )
            .help(format!(
                "write it as a typed literal: `{}: {{type: {ty}, default: {}}}`",
                io.name, value.text
            ));
        }
    }
}
