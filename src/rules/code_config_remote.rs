//! ## What it does
//! Reports a model batch deployment whose `code_configuration.code` is a remote location — an
//! `azureml://` data store path or an `https://` URL — instead of a local folder or a
//! registered code asset (`azureml:score-code:1`); in YAML, or in Python (`code_path=`,
//! `CodeConfiguration(code=…)`).
//!
//! ## Why is this bad?
//! azure-ai-ml treats `code` as a local folder: it opens the scoring script there and uploads
//! the folder as a new code asset when the deployment is created, so a remote location fails
//! on the client (public report azure-sdk-for-python #33802: a `code` on a data store). Code
//! that is already in the workspace is referenced as a code asset.
//!
//! ## Example
//! ```yaml
//! code_configuration:
//!   code: azureml://datastores/workspaceblobstore/paths/scoring/
//!   scoring_script: batch_driver.py
//! ```
//!
//! ## Fix
//! ```yaml
//! code_configuration:
//!   code: code                  # a local folder, uploaded on create
//!   scoring_script: batch_driver.py
//! ```
//! or a registered code asset, `code: azureml:scoring-code:1`. This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::bundle::{DeploymentBundle, ScriptAt};
use crate::rules::{Basis, Class, Context, Rule};

pub struct CodeConfigRemote;

impl Rule for CodeConfigRemote {
    fn id(&self) -> &'static str {
        "code-config-remote"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide)
            .source("azure-ai-ml opens the code folder on local disk when it creates the deployment (upload_dependencies; not run by the suite); public report azure-sdk-for-python #33802")
    }

    fn check_deployment(&self, deployment: &DeploymentBundle, cx: &mut Context<'_>) {
        let ScriptAt::Remote(span) = deployment.script else {
            return;
        };
        let code = if deployment.python {
            "the code folder"
        } else {
            "`code_configuration.code`"
        };
        cx.report(
            span,
            format!(
                "{code} is a remote location: azure-ai-ml opens the scoring script on local \
                 disk and uploads the folder as a code asset"
            ),
        )
        .help(
            "point `code` at a local folder, or at a registered code asset \
             (`azureml:NAME:VERSION`)",
        );
    }
}
