//! ## What it does
//! Reports a data asset given in an `azureml://` asset form —
//! `azureml://registries/R/data/N/versions/V`, `azureml://subscriptions/…/data/N/versions/V`,
//! `azureml://locations/…`, `azureml://jobs/…` — where batch invoke expects `azureml:N:V`,
//! `azureml:N@latest` or the data asset ARM id.
//!
//! ## Why is this bad?
//! Batch invoke does not resolve these URIs: azure-ai-ml strips the prefix, parses the rest as
//! `name:version`, and raises "Failed to extract version when parsing asset //registries/… of type
//! data as arm id. Version must be provided." (an open bug in the CLI and the SDK:
//! Azure/azure-cli#27685, Azure/azure-sdk-for-python#32761).
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml://registries/shared/data/heart-data/versions/1
//! ```
//!
//! ## Fix
//! Use the workspace asset (`azureml:heart-data:1`) or its ARM id. This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::model::path_ref::PathRef;
use crate::rules::{Basis, Class, Context, Rule};

pub struct AzuremlUriAssetForm;

impl Rule for AzuremlUriAssetForm {
    fn id(&self) -> &'static str {
        "azureml-uri-asset-form"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for (io, path) in invocation.input_paths() {
            let PathRef::AzuremlAssetUri { kind } = path.path_ref() else {
                continue;
            };
            cx.report(
                path.span,
                format!(
                    "input `{}` uses an `azureml://{kind}/…` asset URI, which batch invoke does \
                     not resolve (\"Failed to extract version … Version must be provided.\")",
                    io.name
                ),
            )
            .help("write `azureml:NAME:VERSION`, `azureml:NAME@latest` or the data asset ARM id");
        }
    }
}
