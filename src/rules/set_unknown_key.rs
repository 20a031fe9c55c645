//! ## What it does
//! Reports a `--set` key that is neither under `inputs.`/`outputs.` nor a field of the batch job:
//! `output_file_name`, `mini_batch_size`, `error_threshold`, `retry_settings.max_retries`,
//! `retry_settings.timeout`, `compute.instance_count`, `job_name`, `properties.*`,
//! `output_dataset.*` (and `dataset`, `input_data`, `output_data`). `--set output_file_name=…` is
//! valid and documented.
//!
//! ## Why is this bad?
//! The CLI applies other `--set` keys to the batch job schema, which rejects unknown fields:
//! `--set output_action=summary_only` (a *deployment* setting) fails with
//! "{'output_action': ['Unknown field.']}".
//!
//! ## Example
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --input data --set output_action=summary_only
//! ```
//!
//! ## Fix
//! Set deployment settings in the deployment YAML; for the job, use a job field
//! (`--set output_file_name=predictions.csv`). This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::{Basis, Class, Context, Rule};
use crate::suggest;

pub struct SetUnknownKey;

/// The batch job fields `--set` may change (`BatchJobSchema`).
pub const JOB_FIELDS: &[&str] = &[
    "output_file_name",
    "mini_batch_size",
    "error_threshold",
    "retry_settings.max_retries",
    "retry_settings.timeout",
    "compute.instance_count",
    "job_name",
    "dataset",
    "input_data",
    "output_data",
    "output_dataset.datastore_id",
    "output_dataset.path",
];

/// Fields whose sub-keys are free (`properties.anything`, `compute.*`).
const OPEN_PREFIXES: &[&str] = &[
    "properties.",
    "compute.",
    "output_dataset.",
    "inputs.",
    "outputs.",
];

impl Rule for SetUnknownKey {
    fn id(&self) -> &'static str {
        "set-unknown-key"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for item in invocation.job_overrides() {
            let key = item.key.as_str();
            if key.is_empty()
                || JOB_FIELDS.contains(&key)
                || key == "properties"
                || OPEN_PREFIXES.iter().any(|p| key.starts_with(p))
            {
                continue;
            }
            let diagnostic = cx.report(
                item.key_span,
                format!(
                    "`{key}` is not a field of a batch job: azure-ai-ml rejects it with \"{{'{}': \
                     ['Unknown field.']}}\"",
                    key.split('.').next().unwrap_or(key)
                ),
            );
            match suggest::closest(key, JOB_FIELDS, 3) {
                Some(better) => diagnostic.help(format!("did you mean `{better}`?")),
                None if key.starts_with("input") || key.starts_with("output") => diagnostic.help(
                    "inputs and outputs are set as `inputs.NAME.FIELD=…` / `outputs.NAME.FIELD=…`",
                ),
                None => diagnostic.help(format!(
                    "`--set` on invoke takes `inputs.*`, `outputs.*` or a job field: {}",
                    JOB_FIELDS.join(", ")
                )),
            };
        }
    }
}
