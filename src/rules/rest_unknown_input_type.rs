//! ## What it does
//! Reports a REST body's input whose `JobInputType` (or output whose `JobOutputType`) is not one
//! of the specification's values — `UriFolder`, `UriFile`, `MLTable`, `Literal`, `CustomModel`,
//! `MLFlowModel`, `TritonModel` (outputs: all but `Literal`) — or that has none, and suggests the
//! closest (`uri_folder` → `UriFolder`).
//!
//! ## Why is this bad?
//! The batch job's `JobInput` is polymorphic: `JobInputType` is its discriminator (required in the
//! REST specification's `BatchJob`, api-version 2020-09-01-dataplanepreview). The SDK's names
//! (`uri_folder`, `mlflow_model`) are not values of that enum, and without a type the service
//! cannot tell a folder from a literal: the request is refused after it is sent. The values are
//! matched without regard to case (`urifolder` is accepted), as the service's enum reader does.
//!
//! An **output** typed the ARM way (`uri_file`, `uri_folder`, `mltable`, `mlflow_model`, …) is a
//! warning: the service's own vocabulary for outputs is that one — a body with
//! `"JobOutputType": "UriFolder"` was answered `"ErrorMessage": "Job output type must be
//! 'uri_file'.", "AttemptedValue": "uri_folder"` (public report MicrosoftDocs/azure-docs #118447)
//! — so whether it refuses `uri_file` is unsure. An input so typed stays an error: `JobInput` is
//! polymorphic on `jobInputType`, whose enum has no such value (azure-ai-ml's vendored `mfe.json`).
//!
//! ## Example
//! ```json
//! {"properties": {"InputData": {"heart_data": {
//!   "JobInputType": "uri_folder",
//!   "Uri": "azureml://datastores/workspaceblobstore/paths/heart"}}}}
//! ```
//!
//! ## Fix
//! ```json
//! {"properties": {"InputData": {"heart_data": {
//!   "JobInputType": "UriFolder",
//!   "Uri": "azureml://datastores/workspaceblobstore/paths/heart"}}}}
//! ```
//! When the value is an SDK name (`uri_folder`, `MLFLOW_MODEL`), the diagnostic carries its REST
//! spelling as a safe fix (the body is refused as written, so nothing that worked changes).

use crate::diagnostic::Severity;
use crate::model::{Direction, Invocation};
use crate::rules::{Basis, Class, Context, Rule};
use crate::spec::rest::{JOB_INPUT_TYPES, job_type, stands_for, type_key};

pub struct RestUnknownInputType;

impl Rule for RestUnknownInputType {
    fn id(&self) -> &'static str {
        "rest-unknown-input-type"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide)
            .source("REST specification: BatchJob (2020-09-01-dataplanepreview) JobInput discriminator jobInputType, enum JobInputType")
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(rest) = &invocation.rest else { return };
        for entry in &rest.entries {
            let Some(fields) = &entry.fields else {
                continue;
            };
            let (key, noun) = (type_key(entry.direction), entry.direction.noun());
            let Some(written) = entry.field(key) else {
                // A type under another name (`type:`) is `rest-body-shape`'s.
                let elsewhere = fields
                    .iter()
                    .any(|f| stands_for(&f.key, entry.direction) == Some(key));
                if !elsewhere {
                    cx.report(
                        entry.name_span,
                        format!(
                            "{noun} `{}` has no `{key}`: the service cannot tell what kind of {noun} it is",
                            entry.name
                        ),
                    )
                    .help(format!(
                        "add `\"{key}\": \"UriFolder\"` (or `UriFile`, `MLTable`{})",
                        if entry.direction == Direction::Input {
                            ", `Literal`, …"
                        } else {
                            ", …"
                        }
                    ));
                }
                continue;
            };
            let value = &written.value;
            if !value.known || job_type(&value.text, entry.direction).is_some() {
                continue;
            }
            let values: Vec<&str> = JOB_INPUT_TYPES
                .iter()
                .map(|(rest, _)| *rest)
                .filter(|t| entry.direction == Direction::Input || *t != "Literal")
                .collect();
            // The SDK's name of the same type (`uri_folder`, `URI_FILE`, `mlflow-model`).
            let sdk_name = value.text.to_ascii_lowercase().replace('-', "_");
            let equivalent = JOB_INPUT_TYPES
                .iter()
                .filter(|(rest, _)| entry.direction == Direction::Input || *rest != "Literal")
                .find(|(_, sdk)| *sdk == sdk_name && *sdk != "string")
                .map(|(rest, _)| *rest);
            let lower = value.text.to_ascii_lowercase();
            let suggestion = equivalent.or_else(|| {
                values
                    .iter()
                    .map(|v| {
                        (
                            crate::suggest::distance(&v.to_ascii_lowercase(), &lower),
                            *v,
                        )
                    })
                    .filter(|(distance, _)| *distance <= 3)
                    .min_by_key(|(distance, _)| *distance)
                    .map(|(_, v)| v)
            });
            let verbatim = cx.file.slice(value.span) == value.text;
            // An output spelled the ARM way (`uri_folder`, `uri_file`, `mltable`): the service
            // echoes that spelling in its own answers ("AttemptedValue": "uri_folder"), so it may
            // well read it: unsure, a warning. An input so spelled stays an error.
            let arm_output = entry.direction == Direction::Output
                && equivalent.is_some()
                && value.text == sdk_name;
            let list = values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let message = if arm_output {
                format!(
                    "`{}` is the ARM spelling of an output type; the REST contract's `{key}` values are {list} (the service echoes `{}` in its own answers, so it may accept it)",
                    value.text, value.text
                )
            } else {
                format!(
                    "`{}` is not a `{key}`: the service takes {list}",
                    value.text
                )
            };
            let diagnostic = cx.report(value.span, message);
            if arm_output {
                diagnostic.severity(Severity::Warning);
            }
            match suggestion {
                Some(better) => {
                    diagnostic.help(format!("write `{better}`"));
                    if equivalent.is_some() && verbatim {
                        diagnostic.fix(value.span, better);
                    }
                }
                None if entry.direction == Direction::Output
                    && value.text.eq_ignore_ascii_case("literal") =>
                {
                    diagnostic.help("outputs are data: `UriFile` or `UriFolder`");
                }
                None => {}
            }
        }
    }
}
