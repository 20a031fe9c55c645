//! ## What it does
//! Reports a keyword argument of `ml_client.batch_endpoints.invoke(…)` that azure-ai-ml never
//! reads, and suggests what was meant (`output_path=` → `outputs=`).
//!
//! ## Why is this bad?
//! `invoke()` takes `endpoint_name`, `deployment_name` and `inputs`, and reads from its
//! `**kwargs` only `input`, `outputs`, `job_name`, `params_override` and `experiment_name`
//! (azure-ai-ml 1.35, `BatchEndpointOperations.invoke`). Any other keyword is accepted and
//! silently dropped: no error, and the job runs without it — the scores land in the default
//! location, the output file keeps its default name, the environment variables are never set.
//!
//! ## Example
//! ```python
//! job = ml_client.batch_endpoints.invoke(
//!     endpoint_name="churn-batch",
//!     input=Input(type="uri_folder", path="azureml:churn-data@latest"),
//!     output_path={"score": "azureml://datastores/workspaceblobstore/paths/scores/"},
//! )
//! ```
//!
//! ## Fix
//! ```python
//! job = ml_client.batch_endpoints.invoke(
//!     endpoint_name="churn-batch",
//!     input=Input(type="uri_folder", path="azureml:churn-data@latest"),
//!     outputs={"score": Output(type="uri_folder", path="azureml://datastores/workspaceblobstore/paths/scores/")},
//! )
//! ```
//! A job setting such as `output_file_name` goes through
//! `params_override=[{"output_file_name": "predictions.csv"}]`. When one keyword is clearly meant,
//! the diagnostic carries that rename as an **unsafe** fix: the value may need reshaping too.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::{Basis, Class, Context, Rule};
use crate::suggest;

/// The keywords `invoke()` reads.
const READ: &[&str] = &[
    "endpoint_name",
    "deployment_name",
    "inputs",
    "input",
    "outputs",
    "job_name",
    "params_override",
    "experiment_name",
];

/// Job settings people pass as keywords, which belong in `params_override`.
const JOB_SETTINGS: &[&str] = &[
    "output_file_name",
    "mini_batch_size",
    "error_threshold",
    "retry_settings",
    "instance_count",
    "environment_variables",
    "logging_level",
];

pub struct UnknownInvokeKeyword;

impl Rule for UnknownInvokeKeyword {
    fn id(&self) -> &'static str {
        "unknown-invoke-keyword"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkChanges)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for keyword in &invocation.ignored_arguments {
            let name = keyword.text.as_str();
            let meant = match name {
                "output" | "output_path" | "output_data" | "outputs_path" => Some("outputs"),
                "input_data" | "data" => Some("inputs"),
                "endpoint" | "name" => Some("endpoint_name"),
                "deployment" => Some("deployment_name"),
                "experiment" => Some("experiment_name"),
                _ => suggest::closest(name, READ, 3),
            };
            let verbatim = cx.file.slice(keyword.span) == name;
            let diagnostic = cx.report(
                keyword.span,
                format!(
                    "`batch_endpoints.invoke()` never reads `{name}=`: azure-ai-ml accepts it and \
                     silently drops it"
                ),
            );
            if JOB_SETTINGS.contains(&name) {
                diagnostic.help(format!(
                    "job settings go through `params_override=[{{\"{name}\": …}}]`"
                ));
            } else if let Some(meant) = meant {
                let help = if meant == "outputs" {
                    "did you mean `outputs=`? it takes a dict of `Output(type=…, path=…)`"
                        .to_string()
                } else {
                    format!("did you mean `{meant}=`?")
                };
                diagnostic.help(help);
                if verbatim {
                    diagnostic.unsafe_fix(keyword.span, meant);
                }
            } else {
                diagnostic.help(format!("the keywords it reads are: {}", READ.join(", ")));
            }
        }
    }
}
