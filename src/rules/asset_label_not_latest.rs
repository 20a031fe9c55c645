//! ## What it does
//! Reports a data asset reference `azureml:NAME@LABEL` with a label other than `latest`.
//!
//! ## Why is this bad?
//! Data assets resolve only the `latest` label (azure-ai-ml registers no other label resolver for
//! data), so `@prod` fails with "Asset NAME with version label prod does not exist in workspace."
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data@prod
//! ```
//!
//! ## Fix
//! Pin the version, or use `@latest`:
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data:3
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::model::path_ref::PathRef;
use crate::rules::{Basis, Class, Context, Rule};

pub struct AssetLabelNotLatest;

impl Rule for AssetLabelNotLatest {
    fn id(&self) -> &'static str {
        "asset-label-not-latest"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for (io, path) in invocation.input_paths() {
            let PathRef::Asset {
                name,
                label: Some(label),
                ..
            } = path.path_ref()
            else {
                continue;
            };
            if label.is_empty() || label == "latest" || crate::model::is_placeholder(label) {
                continue;
            }
            // `NAME:VERSION@LABEL` is asset-version-and-label's (one mistake, one finding).
            if name.contains(':') {
                continue;
            }
            cx.report(
                path.span,
                format!(
                    "input `{}` asks for label `{label}` of `{name}`; data assets resolve only \
                     `@latest` (the SDK raises \"Asset {name} with version label {label} does \
                     not exist in workspace.\")",
                    io.name
                ),
            )
            .help(format!(
                "pin a version (`azureml:{name}:VERSION`) or use `azureml:{name}@latest`"
            ));
        }
    }
}
