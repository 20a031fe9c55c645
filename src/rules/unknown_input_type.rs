//! ## What it does
//! Reports an input `type` that azure-ai-ml does not know, and suggests the closest one
//! (`uri-folder` → `uri_folder`; REST spellings such as `UriFolder` → `uri_folder`).
//!
//! ## Why is this bad?
//! The input types are `uri_folder`, `uri_file`, `mltable`, `mlflow_model`, `custom_model`,
//! `triton_model` (data) and `string`, `integer`, `number`, `boolean` (literals). Any other
//! spelling — `uri-folder`, the REST name `UriFile`, `dataset`, `URI_FOLDER` — stops azure-ai-ml
//! when it builds the request body: "KeyError: 'uri-folder'" (`BatchJobSchema._JOB_DATA_TYPE_MAP`
//! in `_input_to_wire`), after the login and any upload. (`float` has its own rule,
//! `literal-type-float`.)
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: UriFolder
//!     path: azureml:heart-data@latest
//! ```
//!
//! ## Fix
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data@latest
//! ```
//! When one type is clearly meant, the diagnostic carries it as a safe fix.

use crate::diagnostic::Severity;
use crate::model::{InputType, Invocation};
use crate::rules::{Basis, Class, Context, Rule};
use crate::suggest;

pub struct UnknownInputType;

impl Rule for UnknownInputType {
    fn id(&self) -> &'static str {
        "unknown-input-type"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        // `--input-type` has its own rule (input-type-value).
        for io in invocation.inputs.iter().filter(|io| !io.from_flag) {
            let Some(value) = io.type_value() else {
                continue;
            };
            let ty = value.text.as_str();
            if InputType::parse(ty).is_some() || ty == "float" {
                continue;
            }
            let diagnostic = cx.report(
                value.span,
                format!("input `{}` has unknown type `{ty}`", io.name),
            );
            let known = InputType::names(|_| true);
            match suggest::closest(ty, &known, 3) {
                Some(better) => {
                    diagnostic
                        .help(format!("did you mean `{better}`?"))
                        .fix(value.span, better);
                }
                None => {
                    diagnostic.help(format!("use one of: {}", known.join(", ")));
                }
            }
        }
    }
}
