//! ## What it does
//! Checks batch endpoint and deployment YAML against amlint's JSON schemas (`schemas/`, written
//! from the MIT-licensed marshmallow schemas of azure-ai-ml): unknown keys, wrong types, bad
//! enum values. Each error points at the offending key or value, never at line 1.
//!
//! A value that is wholly or partly a template placeholder — `$(endpoint_name)` (Azure DevOps),
//! `${{ parameters.x }}`, `${ENV}`, `{{ jinja }}`, `#{TOKEN}#` (replace-tokens tasks), `%NAME%`,
//! `<placeholder>` — is an unknown value and satisfies any pattern, enum or type: templates are
//! filled in before the CLI reads them, and `az ml batch-endpoint create --file … --set name=…`
//! applies its overrides before azure-ai-ml validates the file.
//!
//! Each layout is checked as the azure-ai-ml 1.35 loader that reads it does (the conformance
//! suite loads every fixture with the real loaders):
//! - `type: model` (`load_model_batch_deployment`, `ModelBatchDeploymentSchema`) keeps the job
//!   settings under `settings:`. At the top level `mini_batch_size`, `output_action`,
//!   `output_file_name`, `retry_settings`, `logging_level` and `max_concurrency_per_instance` —
//!   and a pipeline's `component`/`job_definition` — are "Unknown field." (the SDK's words:
//!   `"mini_batch_size": ["Unknown field."]`); `error_threshold` and `environment_variables`
//!   load at the top level too. The documentation has shown both places (public report
//!   azure-docs #113367).
//! - The flat layout (no `type:`, `load_batch_deployment`, `BatchDeploymentSchema`) has the job
//!   settings at the top level and no `settings:` (`{'settings': ['Unknown field.']}`). Which
//!   loader `az ml batch-deployment create` uses for a file without `type:` is not public, so
//!   such a file is an error only when it has both a `settings:` block and top-level job
//!   settings: no loader reads that.
//! - `type: pipeline` (`load_pipeline_component_batch_deployment`) names its component by file
//!   or reference: an inline `component:` mapping fails "Not supporting non file for
//!   component".
//!
//! ## Why is this bad?
//! `az ml batch-deployment create` and `az ml batch-endpoint create` load the file through those
//! marshmallow schemas and stop — after the login — with every problem of the file in one
//! message: "ValidationError: Validation for ModelBatchDeploymentSchema failed: {"settings":
//! {"mini_batch_size": ["Not a valid integer."], "output_action": ["Value 'append' passed is not
//! in set ['append_row', 'summary_only']"], "ouput_file_name": ["Unknown field."]}}" (the
//! conformance suite loads each fixture with the loader its `type:` picks). The preview-era endpoint keys `type: batch` and
//! `traffic:` are among what they reject today.
//!
//! ## Example
//! ```yaml
//! $schema: https://azuremlschemas.azureedge.net/latest/batchEndpoint.schema.json
//! name: heart-classifier-batch
//! type: batch
//! auth_mode: aad_token
//! traffic:
//!   blue: 100
//! ```
//!
//! ## Fix
//! ```yaml
//! $schema: https://azuremlschemas.azureedge.net/latest/batchEndpoint.schema.json
//! name: heart-classifier-batch
//! auth_mode: aad_token
//! defaults:
//!   deployment_name: blue
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::project::{BatchFileKind, schema};
use crate::rules::{Basis, Class, Context, Rule};
use crate::syntax::yaml::Document;

pub struct DeploymentSchema;

impl Rule for DeploymentSchema {
    fn id(&self) -> &'static str {
        "deployment-schema"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_batch_file(&self, doc: &Document, kind: BatchFileKind, cx: &mut Context<'_>) {
        for error in schema::validate(doc, kind) {
            let diagnostic = cx.report(error.span, error.message);
            if let Some(help) = error.help {
                diagnostic.help(help);
            }
        }
    }
}
