//! ## What it does
//! Reports an `mltable` input sent to a **model** deployment. Needs the deployment kind; silent
//! when it is unknown. MLTable inputs work for pipeline component deployments.
//! When the kind is only inferred — every deployment found around the file is a model
//! deployment, and nothing names one — the finding is a warning (see the README).
//!
//! ## Why is this bad?
//! The documentation: "Data assets of type table (MLTable) aren't currently supported" for model
//! deployments, and the SDK's single-input path rejects it ("Unsupported input type").
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: mltable
//!     path: azureml:heart-table:1
//! ```
//!
//! ## Fix
//! Pass the files behind the table as `uri_folder`:
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data@latest
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::{DeploymentKind, InputType, Invocation};
use crate::rules::{Basis, Class, Context, Rule};

pub struct MltableInput;

impl Rule for MltableInput {
    fn id(&self) -> &'static str {
        "mltable-input"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide)
            .source("docs: MLTable inputs are not supported by model deployments")
    }

    fn depends_on_kind(&self) -> bool {
        true
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        if invocation.kind != Some(DeploymentKind::Model) {
            return;
        }
        for io in &invocation.inputs {
            let Some(ty) = io
                .type_value()
                .filter(|v| InputType::parse(&v.text) == Some(InputType::Mltable))
            else {
                continue;
            };
            cx.report(
                ty.span,
                format!(
                    "`{}` is an `mltable` input, and model deployments do not take MLTable data",
                    io.name
                ),
            )
            .help("pass the data as `uri_folder` (or deploy a pipeline component, which takes MLTable)");
        }
    }
}
