//! ## What it does
//! Reports an output `type` that is not a data type: outputs take `uri_file`, `uri_folder`,
//! `mltable`, `mlflow_model`, `custom_model` or `triton_model`.
//!
//! ## Why is this bad?
//! The SDK maps an output's type to its REST name in `_output_to_wire`; an unknown type (a literal
//! type, a REST spelling such as `UriFile`, a typo) fails there with a bare `KeyError` — or, in
//! older versions, "Attribute None in object Output cannot be serialized".
//!
//! ## Example
//! ```yaml
//! outputs:
//!   score:
//!     type: UriFile
//!     path: azureml://datastores/workspaceblobstore/paths/batch/scores
//! ```
//!
//! ## Fix
//! ```yaml
//! outputs:
//!   score:
//!     type: uri_file
//!     path: azureml://datastores/workspaceblobstore/paths/batch/scores
//! ```
//! When one type is clearly meant, the diagnostic carries it as a safe fix.

use crate::diagnostic::Severity;
use crate::model::{InputType, Invocation};
use crate::rules::{Basis, Class, Context, Rule};
use crate::suggest;

pub struct UnknownOutputType;

impl Rule for UnknownOutputType {
    fn id(&self) -> &'static str {
        "unknown-output-type"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for io in &invocation.outputs {
            let Some(value) = io.type_value() else {
                continue;
            };
            let ty = value.text.as_str();
            if InputType::parse(ty).is_some_and(InputType::is_data) {
                continue;
            }
            let diagnostic = cx.report(
                value.span,
                format!(
                    "output `{}` has type `{ty}`, which is not a data type an output can have",
                    io.name
                ),
            );
            let data_types = InputType::names(InputType::is_data);
            match suggest::closest(ty, &data_types, 3) {
                Some(better) => {
                    diagnostic
                        .help(format!("did you mean `{better}`?"))
                        .fix(value.span, better);
                }
                None => {
                    diagnostic.help(format!("use one of: {}", data_types.join(", ")));
                }
            }
        }
    }
}
