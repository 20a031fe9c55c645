//! ## What it does
//! Reports `--experiment-name` (a job property) on an invocation of a **model** deployment. Needs
//! the deployment kind; silent when it is unknown.
//! When the kind is only inferred — every deployment found around the file is a model
//! deployment, and nothing names one — the finding is a warning (see the README).
//!
//! ## Why is this bad?
//! The documentation: job properties such as the experiment name can be configured "only in batch
//! endpoints with pipeline component deployments". The SDK adds it to the request without a check,
//! so it is a warning: the job may simply not land in that experiment.
//!
//! ## Example
//! ```bash
//! az ml batch-endpoint invoke --name heart-classifier --deployment-name classifier-xgboost \
//!     --experiment-name nightly --input azureml:heart-data@latest
//! ```
//!
//! ## Fix
//! Drop `--experiment-name`, or invoke a pipeline component deployment. This rule has no
//! automatic fix.

use crate::diagnostic::Severity;
use crate::model::{DeploymentKind, Invocation};
use crate::rules::{Basis, Class, Context, Rule};

pub struct ExperimentNameModelDeployment;

impl Rule for ExperimentNameModelDeployment {
    fn id(&self) -> &'static str {
        "experiment-name-model-deployment"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide)
            .source("docs: job properties apply to pipeline component deployments only")
    }

    fn depends_on_kind(&self) -> bool {
        true
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        if invocation.kind != Some(DeploymentKind::Model) {
            return;
        }
        if let Some(name) = &invocation.experiment_name {
            cx.report(
                name.span,
                "`--experiment-name` is a job property, which only pipeline component deployments \
                 take",
            )
            .help("remove it for a model deployment");
        }
    }
}
