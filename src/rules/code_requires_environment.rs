//! ## What it does
//! Reports a model batch deployment of an MLflow model (`model:` with `type: mlflow_model`) that
//! has a `code_configuration` and no `environment` — in YAML, or made in Python
//! (`ModelBatchDeployment(model=Model(type=AssetTypes.MLFLOW_MODEL, …), code_configuration=…)`
//! with no `environment=`). A registered model (`model: azureml:name@latest`) is not judged:
//! amlint does not know its type; nor is an `environment=` amlint cannot read.
//!
//! ## Why is this bad?
//! An MLflow model deployment without a scoring script runs in an environment the service
//! builds from the model's own `conda.yaml`. With a scoring script it does not: the deployment
//! must name its environment, and the service refuses it: "'Environment Id' must not be
//! empty." (public report azure-sdk-for-python #30741; the documentation *Deploy MLflow models in
//! batch deployments* says the same).
//!
//! ## Example
//! ```yaml
//! type: model
//! model:
//!   path: ../model
//!   type: mlflow_model
//! code_configuration:
//!   code: code
//!   scoring_script: batch_driver.py
//! ```
//!
//! ## Fix
//! ```yaml
//! type: model
//! model:
//!   path: ../model
//!   type: mlflow_model
//! code_configuration:
//!   code: code
//!   scoring_script: batch_driver.py
//! environment:
//!   image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest
//!   conda_file: ../model/conda.yaml
//! ```
//! Or remove `code_configuration` to let the MLflow batch driver score the model. This rule has
//! no automatic fix.

use crate::diagnostic::Severity;
use crate::model::bundle::DeploymentBundle;
use crate::rules::{Basis, Class, Context, Rule};

pub struct CodeRequiresEnvironment;

impl Rule for CodeRequiresEnvironment {
    fn id(&self) -> &'static str {
        "code-requires-environment"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide)
            .source("the service: 'Environment Id' must not be empty. (azure-sdk-for-python #30741; docs: MLflow models in batch deployments)")
    }

    fn check_deployment(&self, deployment: &DeploymentBundle, cx: &mut Context<'_>) {
        let Some(code) = deployment.code_configuration else {
            return;
        };
        if deployment.mlflow != Some(true) || deployment.environment != Some(false) {
            return;
        }
        cx.report(
            code,
            "an MLflow model deployment with a scoring script needs an `environment`: the \
             service refuses it (\"'Environment Id' must not be empty.\")",
        )
        .help(
            "add an `environment:` (the MLflow model's `conda.yaml` on an inference image), or \
             remove `code_configuration` to let the MLflow batch driver score the model",
        );
    }
}
