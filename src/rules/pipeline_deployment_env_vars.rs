//! ## What it does
//! Reports `environment_variables=` on a `PipelineComponentBatchDeployment(…)` written in Python.
//!
//! ## Why is this bad?
//! azure-ai-ml 1.35 accepts the keyword (it is inherited from `BatchDeployment`) and never sends
//! it: a pipeline component deployment's request holds only its component, `settings`,
//! description and tags (checked by building the request with and without the keyword in the
//! conformance suite; public report azure-sdk-for-python #42255). The deployment is created
//! without error, and the jobs it runs never see the variables. In YAML the same key under a
//! pipeline deployment is a `deployment-schema` error.
//!
//! ## Example
//! ```python
//! post = PipelineComponentBatchDeployment(
//!     name="invoice-postprocess",
//!     endpoint_name="invoice-postprocess-batch",
//!     component="azureml:invoice_postprocess@latest",
//!     settings={"default_compute": "cpu-cluster"},
//!     environment_variables={"CURRENCY_TABLE": "ecb-daily"},
//! )
//! ```
//!
//! ## Fix
//! Set the variables on the component's jobs (`environment_variables:` of each command job of the
//! pipeline component), where they reach the code that reads them. There is no automatic fix.

use crate::diagnostic::Severity;
use crate::project::deployment::Definition;
use crate::rules::{Basis, Class, Context, Rule};

pub struct PipelineDeploymentEnvVars;

impl Rule for PipelineDeploymentEnvVars {
    fn id(&self) -> &'static str {
        "pipeline-deployment-env-vars"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkChanges)
    }

    fn check_definition(&self, definition: &Definition, cx: &mut Context<'_>) {
        if definition.callee != "PipelineComponentBatchDeployment" {
            return;
        }
        if let Some(span) = definition.keyword("environment_variables") {
            cx.report(
                span,
                "`PipelineComponentBatchDeployment` takes `environment_variables=` and drops it: \
                 azure-ai-ml never sends it for a pipeline component deployment",
            )
            .help(
                "set the variables on the component's jobs (`environment_variables:` of each job)",
            );
        }
    }
}
