//! ## What it does
//! Reports an output of a **model** deployment that is not `uri_file` — an output with no type
//! (which defaults to `uri_folder`) included. Needs the deployment kind; silent when it is unknown.
//! When the kind is only inferred — every deployment found around the file is a model
//! deployment, and nothing names one — the finding is a warning (see the README).
//!
//! ## Why is this bad?
//! A model deployment writes one file (`output_file_name` in the output folder). The service
//! rejects anything else with "Job output type must be 'uri_file'." (MicrosoftDocs/azure-docs#118447).
//!
//! ## Example
//! ```yaml
//! outputs:
//!   score:
//!     type: uri_folder
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
//! The diagnostic carries `uri_file` as a safe fix when a type is written.

use crate::diagnostic::Severity;
use crate::model::{DeploymentKind, InputType, Invocation, Origin};
use crate::rules::{Basis, Class, Context, Rule};

pub struct ModelDeploymentOutputType;

impl Rule for ModelDeploymentOutputType {
    fn id(&self) -> &'static str {
        "model-deployment-output-type"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide)
            .source(
                "service: 'Job output type must be 'uri_file'.' (MicrosoftDocs/azure-docs#118447)",
            )
            .covers(&["output-missing-type"])
    }

    fn depends_on_kind(&self) -> bool {
        true
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        if invocation.kind != Some(DeploymentKind::Model) {
            return;
        }
        for io in &invocation.outputs {
            if io.effective_type().is_none() || io.input_type() == Some(InputType::UriFile) {
                continue;
            }
            match io.type_value() {
                Some(ty) => {
                    // A REST body spells the type as the service does.
                    let (written, help) = if invocation.origin == Origin::RestBody {
                        ("UriFile", "write `\"JobOutputType\": \"UriFile\"`")
                    } else {
                        ("uri_file", "write `type: uri_file`")
                    };
                    cx.report(
                        ty.span,
                        format!(
                            "output `{}` of a model deployment is `{}`; the service requires \
                             \"Job output type must be 'uri_file'.\"",
                            io.name, ty.text
                        ),
                    )
                    .help(help)
                    .fix(ty.span, written);
                }
                // A REST output without `JobOutputType` has no default: `rest-unknown-input-type`.
                None if invocation.origin == Origin::RestBody => {}
                None => {
                    cx.report(
                        io.name_span,
                        format!(
                            "output `{}` of a model deployment has no type, so it is a \
                             `uri_folder`; the service requires \"Job output type must be \
                             'uri_file'.\"",
                            io.name
                        ),
                    )
                    .help("add `type: uri_file`");
                }
            }
        }
    }
}
