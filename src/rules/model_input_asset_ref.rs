//! ## What it does
//! Reports an `mlflow_model`, `custom_model` or `triton_model` input given as a short asset
//! reference — `azureml:NAME:VERSION` or `azureml:NAME@latest` (with or without `azureml:`).
//!
//! ## Why is this bad?
//! azure-ai-ml resolves every short asset reference of a batch invocation as a **data** asset,
//! whatever the input's type: `BatchEndpointOperations._resolve_input` asks for
//! `AzureMLResourceType.DATA`, so `azureml:heart-classifier:1` is sent as
//! `/subscriptions/…/workspaces/W/data/heart-classifier/versions/1`, the id of a data asset that
//! usually does not exist (or is not the model). The SDK raises nothing; the conformance suite
//! (`conformance/`) shows the body it sends. The service's answer to such an id is not
//! documented, so this is a warning. The other forms do not help either: a model's ARM id
//! (`…/models/NAME/versions/V`) is rejected ("Invalid input path", `non-data-arm-id`) and
//! `azureml://registries/…/models/…` too (`azureml-uri-asset-form`; Azure/azure-sdk-for-python#32761).
//!
//! ## Example
//! ```yaml
//! inputs:
//!   model:
//!     type: mlflow_model
//!     path: azureml:heart-classifier:1
//! ```
//!
//! ## Fix
//! Point the input at the model's files on a data store, which is sent as written:
//! ```yaml
//! inputs:
//!   model:
//!     type: mlflow_model
//!     path: azureml://datastores/workspaceblobstore/paths/models/heart-classifier/1/
//! ```
//! (or deploy the model as the batch deployment's model). This rule has no automatic fix: where
//! the model's files are is not in the reference.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::model::path_ref::PathRef;
use crate::rules::{Basis, Class, Context, Rule};

pub struct ModelInputAssetRef;

const MODEL_TYPES: &[&str] = &["mlflow_model", "custom_model", "triton_model"];

impl Rule for ModelInputAssetRef {
    fn id(&self) -> &'static str {
        "model-input-asset-ref"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkChanges)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for (io, path) in invocation.input_paths() {
            let Some(ty) = io.declared_type().filter(|t| MODEL_TYPES.contains(t)) else {
                continue;
            };
            let PathRef::Asset {
                name,
                version,
                label,
                ..
            } = path.path_ref()
            else {
                continue;
            };
            // A reference the SDK cannot resolve at all (no version, `:latest`, a label other
            // than `latest`) is reported by the asset rules.
            let resolved = match (version, label) {
                (Some(v), None) if v != "latest" => format!("`…/data/{name}/versions/{v}`"),
                (None, Some("latest")) => format!("the latest version of the data asset `{name}`"),
                _ => continue,
            };
            cx.report(
                path.span,
                format!(
                    "`{}` (type `{ty}`) is given `{}`, which azure-ai-ml resolves as a data \
                     asset — {resolved} — not as the model `{name}`",
                    io.name,
                    path.text.trim()
                ),
            )
            .help(
                "give the model's files on a data store (`azureml://datastores/NAME/paths/PATH`); \
                 the SDK has no short reference form for models",
            );
        }
    }
}
