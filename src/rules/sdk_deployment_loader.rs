//! ## What it does
//! Reports a Python `load_batch_deployment("FILE")` call whose file has a `settings:` block (the
//! `type: model` layout), and a `load_model_batch_deployment("FILE")` call whose file keeps its
//! job settings (`mini_batch_size`, `output_action`, …) at the top level (the flat layout) — in
//! a `.py` file, a notebook's code cells or a Markdown `python` fence. The file is looked up beside the Python file and from the repository root (the SDK opens it from
//! the process's working folder); a file found nowhere, or found twice with different layouts,
//! is not judged.
//!
//! ## Why is this bad?
//! azure-ai-ml's loaders each read one layout. `load_batch_deployment` uses the flat
//! `BatchDeploymentSchema`, which has no `settings`: on a `type: model` file it raises
//! "ValidationError: {'settings': ['Unknown field.']}" (azure-ai-ml 1.35, run in the conformance
//! suite; public reports azure-sdk-for-python #33044 and #41952). `load_model_batch_deployment`
//! uses `ModelBatchDeploymentSchema`, which reads job settings only under `settings:`: on a flat
//! file it raises "mini_batch_size": ["Unknown field."]. A `type: model` file without a
//! `settings:` block loads with either.
//!
//! In azure-ai-ml 1.35 the layout-specific loaders are not exported from `azure.ai.ml`
//! (`from azure.ai.ml import load_model_batch_deployment` raises ImportError): they are
//! importable from `azure.ai.ml.entities._load_functions`.
//!
//! ## Example
//! ```python
//! from azure.ai.ml import load_batch_deployment
//!
//! deployment = load_batch_deployment("deployment.yml")  # type: model, with settings:
//! ml_client.batch_deployments.begin_create_or_update(deployment).result()
//! ```
//!
//! ## Fix
//! ```python
//! from azure.ai.ml.entities._load_functions import load_model_batch_deployment
//!
//! deployment = load_model_batch_deployment("deployment.yml")
//! ml_client.batch_deployments.begin_create_or_update(deployment).result()
//! ```
//! (`load_pipeline_component_batch_deployment`, from the same module, for a `type: pipeline`
//! file.) This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::bundle::{DeploymentBundle, Layout};
use crate::rules::{Basis, Class, Context, Rule};

pub struct SdkDeploymentLoader;

impl Rule for SdkDeploymentLoader {
    fn id(&self) -> &'static str {
        "sdk-deployment-loader"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_deployment(&self, deployment: &DeploymentBundle, cx: &mut Context<'_>) {
        let Some(loader) = &deployment.loader else {
            return;
        };
        let function = loader.call.function.as_str();
        match (function, loader.layout) {
            ("load_batch_deployment", Layout::Settings) => {
                let right = if loader.pipeline {
                    "load_pipeline_component_batch_deployment"
                } else {
                    "load_model_batch_deployment"
                };
                cx.report(
                    loader.call.name,
                    format!(
                        "`load_batch_deployment` reads the flat layout, and `{}` has a \
                         `settings:` block: azure-ai-ml raises \"ValidationError: {{'settings': \
                         ['Unknown field.']}}\"",
                        loader.shown
                    ),
                )
                .help(format!(
                    "use `{right}` — in azure-ai-ml 1.35 import it from \
                     `azure.ai.ml.entities._load_functions`"
                ));
            }
            ("load_model_batch_deployment", Layout::Flat) => {
                cx.report(
                    loader.call.name,
                    format!(
                        "`load_model_batch_deployment` reads job settings only under \
                         `settings:`, and `{}` has them at the top level: azure-ai-ml raises \
                         \"Unknown field.\" for each",
                        loader.shown
                    ),
                )
                .help(
                    "use `load_batch_deployment` for the flat layout, or move the job settings \
                     under `settings:`",
                );
            }
            _ => {}
        }
    }
}
