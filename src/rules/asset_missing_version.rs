//! ## What it does
//! Reports a data asset reference `azureml:NAME` with neither a `:VERSION` nor `@LABEL`.
//!
//! ## Why is this bad?
//! azure-ai-ml needs a version to build the asset's id, and raises "Failed to extract version
//! when parsing asset NAME of type data as arm id. Version must be provided."
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data
//! ```
//!
//! ## Fix
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data@latest
//! ```
//! This rule has no automatic fix: a pinned version may be meant.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::model::path_ref::PathRef;
use crate::rules::{Basis, Class, Context, Rule};

pub struct AssetMissingVersion;

impl Rule for AssetMissingVersion {
    fn id(&self) -> &'static str {
        "asset-missing-version"
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
                version,
                label,
                ..
            } = path.path_ref()
            else {
                continue;
            };
            if version.is_some_and(|v| !v.is_empty()) || label.is_some_and(|l| !l.is_empty()) {
                continue;
            }
            cx.report(
                path.span,
                format!(
                    "data asset `{name}` of input `{}` has no version: the SDK raises \"Version \
                     must be provided.\"",
                    io.name
                ),
            )
            .help(format!(
                "write `azureml:{name}@latest` or `azureml:{name}:VERSION`"
            ));
        }
    }
}
