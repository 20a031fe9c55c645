//! ## What it does
//! Reports an invocation of a **model** deployment that gives more than one input, or an empty
//! `inputs:` block. Needs the deployment kind (`--deployment-kind`, or the deployment found in the
//! project); silent when it is unknown.
//! When the kind is only inferred — every deployment found around the file is a model
//! deployment, and nothing names one — the finding is a warning (see the README).
//!
//! ## Why is this bad?
//! The documentation: "Model deployments always require one data input and produce one data
//! output." The extra inputs have nowhere to go.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data@latest
//!   extra_data:
//!     type: uri_folder
//!     path: azureml:extra@latest
//! ```
//!
//! ## Fix
//! Send one input per job (or deploy a pipeline component that takes several). This rule has no
//! automatic fix.

use crate::diagnostic::Severity;
use crate::model::{DeploymentKind, Invocation};
use crate::rules::{Basis, Class, Context, Rule};

pub struct ModelDeploymentInputCount;

impl Rule for ModelDeploymentInputCount {
    fn id(&self) -> &'static str {
        "model-deployment-input-count"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide)
            .source("docs: 'Model deployments always require one data input'")
    }

    fn depends_on_kind(&self) -> bool {
        true
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        if invocation.kind != Some(DeploymentKind::Model) {
            return;
        }
        let count = invocation.inputs.len();
        let inputs_not_a_mapping = invocation
            .not_mappings
            .iter()
            .any(|m| m.direction == crate::model::Direction::Input);
        // Entries amlint cannot read may hold the one input.
        if count == 0
            && !invocation.inputs_anchor.is_empty()
            && !inputs_not_a_mapping
            && !invocation.inputs_unread
        {
            cx.report(
                invocation.inputs_anchor,
                "a model deployment requires one data input, and `inputs:` holds none",
            )
            .help("add one `uri_folder` or `uri_file` input");
        }
        for extra in invocation.inputs.iter().skip(1) {
            cx.report(
                extra.name_span,
                format!(
                    "a model deployment takes exactly one data input, but this invocation gives \
                     {count}; `{}` has nowhere to go",
                    extra.name
                ),
            )
            .help(format!(
                "send one input (`{}`) per job, or deploy a pipeline component that takes several",
                invocation.inputs[0].name
            ));
        }
    }
}
