//! ## What it does
//! Reports an output that gives no `type`.
//!
//! ## Why is this bad?
//! `Output()` defaults to `uri_folder`. That is fine for a pipeline component deployment whose
//! output is a folder, but a model deployment writes one file and its output must be `uri_file`
//! (the service answers "Job output type must be 'uri_file'."). Stating the type makes the file
//! say what it sends.
//!
//! Through `--file` that default does not apply: the CLI builds
//! `Output(type=entry.get("type"), path=…, mode=…)` from each entry (its invoke logic, as the
//! Ansible collection `azure.azcollection` ports it), so an untyped output is `type=None`, and
//! azure-ai-ml 1.35.2's `BatchJobSchema._output_to_wire` looks it up in its type map: `KeyError:
//! None`. The message says so instead of claiming the SDK's default; it stays a warning (the
//! extension's own code is not public).
//!
//! ## Example
//! ```yaml
//! outputs:
//!   score:
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
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::{DeploymentKind, Invocation, IoValue, Origin};
use crate::rules::{Basis, Class, Context, Rule};

pub struct OutputMissingType;

impl Rule for OutputMissingType {
    fn id(&self) -> &'static str {
        "output-missing-type"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkChanges)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for io in &invocation.outputs {
            if !matches!(io.value, IoValue::Spec { .. }) || io.has("type") {
                continue;
            }
            // For a model deployment the default is wrong, not only implicit: the more specific
            // `model-deployment-output-type` reports it (one mistake, one finding).
            if invocation.kind == Some(DeploymentKind::Model) {
                continue;
            }
            let message = if invocation.origin == Origin::InputsFile {
                format!(
                    "output `{}` has no `type`: through `--file` the CLI builds \
                     `Output(type=None)` from it, which azure-ai-ml rejects (`KeyError: None`)",
                    io.name
                )
            } else {
                format!(
                    "output `{}` has no `type`: it defaults to `uri_folder`",
                    io.name
                )
            };
            cx.report(io.name_span, message).help(
                "add `type: uri_file` (model deployments write one file) or `type: uri_folder`",
            );
        }
    }
}
