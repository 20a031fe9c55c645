//! ## What it does
//! Reports a keyword argument that a batch deployment or endpoint class of azure-ai-ml does not
//! take — `ModelBatchDeployment(endpoint=…)`, `BatchDeployment(component=…)`,
//! `BatchEndpoint(endpoint_name=…)` — as an error, and a keyword the class takes and then drops
//! (never sent to the service) as a warning: `PipelineComponentBatchDeployment(compute=…)`, or a
//! flat job setting (`mini_batch_size=`, `instance_count=`, …) beside `settings=`.
//!
//! ## Why is this bad?
//! The classes pass unknown keywords up to `object.__init__`, so azure-ai-ml 1.35 raises
//! `TypeError: object.__init__() takes exactly one argument (the instance to initialize)` when
//! the deployment is built: the notebook stops before anything is deployed. The keywords each
//! class takes were read from azure-ai-ml 1.35.2 and confirmed by building each class with each
//! keyword (conformance suite):
//! - `BatchDeployment`, `ModelBatchDeployment`, `PipelineComponentBatchDeployment`: `name`,
//!   `endpoint_name`, `description`, `tags`, `properties`, `model`, `code_configuration`,
//!   `code_path`, `scoring_script`, `environment`, `environment_variables`, `compute`,
//!   `resources`, `instance_count`, `settings`, `mini_batch_size`, `max_concurrency_per_instance`,
//!   `output_action`, `output_file_name`, `error_threshold`, `retry_settings`, `logging_level`;
//!   the two subclasses also `type`, and `PipelineComponentBatchDeployment` `component` and
//!   `job_definition`. `BatchDeployment` takes no `component=`/`job_definition=`: it is a model
//!   deployment.
//! - `BatchEndpoint`: `name`, `description`, `tags`, `properties`, `auth_mode`, `location`,
//!   `defaults`, `default_deployment_name`, `scoring_uri`, `openapi_uri`.
//!
//! A pipeline component deployment sends only its name, description, tags, component and
//! `settings`: every model-deployment keyword it takes (`compute=`, `model=`, `code_path=`,
//! `mini_batch_size=`, …) is dropped. A model deployment given `settings=` builds its job
//! settings from that object alone: the flat `mini_batch_size=`, `instance_count=`,
//! `output_action=`, `output_file_name=`, `error_threshold=`, `retry_settings=`, `logging_level=`,
//! `max_concurrency_per_instance=` and `environment_variables=` beside it are dropped.
//! `environment_variables=` on a pipeline deployment is `pipeline-deployment-env-vars`.
//!
//! It also reports a `settings=ModelBatchDeploymentSettings(…)` without `mini_batch_size=`: that
//! keyword has no default (`mini_batch_size: Optional[int]` is keyword-only and required in
//! every azure-ai-ml from 1.28 to 1.35; the signature is quoted in azure-sdk-for-python #30616),
//! so building the settings raises `TypeError: ModelBatchDeploymentSettings.__init__() missing 1
//! required keyword-only argument: 'mini_batch_size'`. A call that spreads `**kwargs` may pass it.
//!
//! ## Example
//! ```python
//! deployment = ModelBatchDeployment(
//!     name="invoice-layoutlm",
//!     endpoint="invoice-batch",
//!     model="azureml:invoice-layoutlm:2",
//!     compute="gpu-cluster",
//! )
//! ```
//!
//! ## Fix
//! ```python
//! deployment = ModelBatchDeployment(
//!     name="invoice-layoutlm",
//!     endpoint_name="invoice-batch",
//!     model="azureml:invoice-layoutlm:2",
//!     compute="gpu-cluster",
//! )
//! ```
//! When one keyword is clearly meant (`endpoint=` → `endpoint_name=`), the diagnostic carries the
//! rename as an **unsafe** fix: the value may need reshaping too. A dropped keyword has no
//! automatic fix: move it where the class reads it (into `settings=`, or onto the component).

use crate::diagnostic::Severity;
use crate::project::deployment::Definition;
use crate::rules::{Basis, Class, Context, Rule};
use crate::suggest;

/// The keywords of `BatchDeployment.__init__` (azure-ai-ml 1.35.2).
const BATCH_DEPLOYMENT: &[&str] = &[
    "name",
    "endpoint_name",
    "description",
    "tags",
    "properties",
    "model",
    "code_configuration",
    "environment",
    "compute",
    "resources",
    "output_file_name",
    "output_action",
    "error_threshold",
    "retry_settings",
    "logging_level",
    "mini_batch_size",
    "max_concurrency_per_instance",
    "environment_variables",
    "code_path",
    "scoring_script",
    "instance_count",
    "settings",
];

/// Read-only fields every resource takes from `**kwargs` (what the SDK passes when it builds
/// the object from a REST answer or a file).
const RESOURCE: &[&str] = &[
    "id",
    "source_path",
    "base_path",
    "creation_context",
    "print_as_yaml",
    "provisioning_state",
];

const BATCH_ENDPOINT: &[&str] = &[
    "name",
    "description",
    "tags",
    "properties",
    "auth_mode",
    "location",
    "defaults",
    "default_deployment_name",
    "scoring_uri",
    "openapi_uri",
];

/// The job settings a model deployment builds from its flat keywords only without `settings=`.
const FLAT_SETTINGS: &[&str] = &[
    "mini_batch_size",
    "instance_count",
    "max_concurrency_per_instance",
    "output_action",
    "output_file_name",
    "error_threshold",
    "retry_settings",
    "logging_level",
    "environment_variables",
];

/// What a pipeline component deployment sends (besides the endpoint it belongs to).
const PIPELINE_SENDS: &[&str] = &[
    "name",
    "endpoint_name",
    "description",
    "tags",
    "settings",
    "component",
    "job_definition",
    "type",
];

/// The keywords `class` takes, if it is one of the classes this rule knows.
fn taken(class: &str) -> Option<Vec<&'static str>> {
    let mut keywords: Vec<&'static str> = match class {
        "BatchDeployment" => [BATCH_DEPLOYMENT, &["_type", "_from_rest"]].concat(),
        "ModelBatchDeployment" => [BATCH_DEPLOYMENT, &["type"]].concat(),
        "PipelineComponentBatchDeployment" => {
            [BATCH_DEPLOYMENT, &["type", "component", "job_definition"]].concat()
        }
        "BatchEndpoint" => BATCH_ENDPOINT.to_vec(),
        _ => return None,
    };
    keywords.extend_from_slice(RESOURCE);
    Some(keywords)
}

pub struct DeploymentKeyword;

impl Rule for DeploymentKeyword {
    fn id(&self) -> &'static str {
        "deployment-keyword"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_definition(&self, definition: &Definition, cx: &mut Context<'_>) {
        let class = definition.callee.as_str();
        let Some(keywords) = taken(class) else {
            return;
        };
        let with_settings = definition.keyword("settings").is_some();
        for (name, span) in &definition.keywords {
            let name = name.as_str();
            if !keywords.contains(&name) {
                let public: Vec<&str> = keywords
                    .iter()
                    .copied()
                    .filter(|k| !k.starts_with('_') && !RESOURCE.contains(k))
                    .collect();
                let meant = match (class, name) {
                    (_, "endpoint") if class != "BatchEndpoint" => Some("endpoint_name"),
                    ("BatchEndpoint", "endpoint_name") => Some("name"),
                    ("BatchEndpoint", "deployment_name") => Some("default_deployment_name"),
                    _ => suggest::closest(name, &public, 3),
                };
                let verbatim = cx.file.slice(*span) == name;
                let diagnostic = cx.report(
                    *span,
                    format!(
                        "`{class}` takes no `{name}=`: azure-ai-ml 1.35 raises `TypeError: \
                         object.__init__() takes exactly one argument (the instance to initialize)`"
                    ),
                );
                if class == "BatchDeployment" && matches!(name, "component" | "job_definition") {
                    diagnostic.help(
                        "`BatchDeployment` is a model deployment; a pipeline component deployment \
                         is `PipelineComponentBatchDeployment(component=…)`",
                    );
                } else if let Some(meant) = meant {
                    diagnostic.help(format!("did you mean `{meant}=`?"));
                    if verbatim {
                        diagnostic.unsafe_fix(*span, meant);
                    }
                } else {
                    diagnostic.help(format!("the keywords it takes are: {}", public.join(", ")));
                }
                continue;
            }
            if class == "PipelineComponentBatchDeployment"
                && !PIPELINE_SENDS.contains(&name)
                && !RESOURCE.contains(&name)
                && name != "environment_variables"
            {
                let diagnostic = cx.report(
                    *span,
                    format!(
                        "`PipelineComponentBatchDeployment` takes `{name}=` and drops it: a \
                         pipeline component deployment sends only its component, `settings`, \
                         description and tags"
                    ),
                );
                diagnostic.severity = Severity::Warning;
                diagnostic.help(if name == "compute" {
                    "set the compute with `settings={\"default_compute\": …}` or on the component's jobs"
                        .to_string()
                } else {
                    format!("`{name}=` belongs to a model deployment; set it on the component's jobs")
                });
                continue;
            }
            if with_settings
                && class != "PipelineComponentBatchDeployment"
                && FLAT_SETTINGS.contains(&name)
            {
                let diagnostic = cx.report(
                    *span,
                    format!(
                        "`{class}` takes `{name}=` and drops it: with `settings=` given, the job \
                         settings come from that object alone"
                    ),
                );
                diagnostic.severity = Severity::Warning;
                diagnostic.help(format!("move `{name}` into `settings=`"));
            }
        }
        if let Some(call) = &definition.settings_call
            && call.class == "ModelBatchDeploymentSettings"
            && !call.spread
            && definition.setting("mini_batch_size").is_none()
        {
            cx.report(
                call.name,
                "`ModelBatchDeploymentSettings` needs `mini_batch_size=`: azure-ai-ml raises \
                 `TypeError: ModelBatchDeploymentSettings.__init__() missing 1 required \
                 keyword-only argument: 'mini_batch_size'`",
            )
            .help("give `mini_batch_size=`: the number of files each call of `run()` receives");
        }
    }
}
