//! ## What it does
//! Reports a model batch deployment whose local `code_configuration.code` folder does not exist,
//! whose `scoring_script` does not exist in it, or whose scoring script is not a `.py` file.
//! Paths of a deployment YAML resolve from the YAML file's folder. A deployment defined in
//! Python resolves them from the process's working folder, which amlint does not know: such a
//! deployment (`ModelBatchDeployment(code_path=…, scoring_script=…)`, `BatchDeployment(…)`,
//! `code_configuration=CodeConfiguration(code=…, scoring_script=…)`, in a `.py` file, a notebook
//! or a Markdown `python` fence) is reported as a warning, only when the path exists neither
//! beside the Python file nor from the repository root.
//!
//! A missing code folder is reported only when the deployment's folder holds Python code
//! somewhere below it — a tree with no Python near its deployment (a partial copy, or code that
//! a CI step fetches before it deploys) says nothing about the code — and when the repository
//! does not ignore it (a `.gitignore`d folder such as `dist/` is made by a build step). A path
//! written with `\` resolves as it does on Windows. A registered code asset
//! (`code: azureml:score-code:1`) is not local and is not looked for; a remote `azureml://` or
//! `https://` folder is `code-config-remote`.
//!
//! A scoring script that is not a `.py` file is a warning: azure-ai-ml parses whatever the file
//! is and lets a file that happens to parse as Python through; the batch driver, which imports
//! the script as a module, is what fails.
//!
//! ## Why is this bad?
//! Before it uploads anything, `az ml batch-deployment create` (azure-ai-ml's
//! `validate_scoring_script`) opens the scoring script at `code` + `scoring_script` on local
//! disk and stops: "Failed to open scoring script …/code/batch_driver.py." (azure-ai-ml 1.35, run
//! in the conformance suite; public report MachineLearningNotebooks #1753). With
//! `--skip-script-validation` the deployment is created, and every mini-batch fails after the job
//! is queued, because the batch driver cannot import its entry script.
//!
//! ## Example
//! ```yaml
//! type: model
//! code_configuration:
//!   code: scoring          # the folder is code/
//!   scoring_script: batch_driver.py
//! ```
//!
//! ## Fix
//! ```yaml
//! type: model
//! code_configuration:
//!   code: code
//!   scoring_script: batch_driver.py
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::bundle::{DeploymentBundle, ScriptAt};
use crate::project::bundle;
use crate::rules::{Basis, Class, Context, Rule};

pub struct ScoringScriptMissing;

impl Rule for ScoringScriptMissing {
    fn id(&self) -> &'static str {
        "scoring-script-missing"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_deployment(&self, deployment: &DeploymentBundle, cx: &mut Context<'_>) {
        let from = if deployment.python {
            "beside the Python file or from the repository root"
        } else {
            "from the deployment's folder"
        };
        let (span, message, help) = match &deployment.script {
            ScriptAt::MissingFolder(span, path) => (
                *span,
                format!(
                    "the code folder `{}` does not exist ({from}: {}): azure-ai-ml stops \
                     before upload (\"Failed to open scoring script …\")",
                    as_written(deployment.code.as_ref(), *span, cx),
                    bundle::shown(path)
                ),
                "point `code` at the folder that holds the scoring script",
            ),
            ScriptAt::MissingScript(span, path) => (
                *span,
                format!(
                    "the scoring script `{}` is not in the code folder ({}): azure-ai-ml stops \
                     before upload (\"Failed to open scoring script {}.\")",
                    as_written(deployment.scoring_script.as_ref(), *span, cx),
                    bundle::shown(path),
                    path.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default()
                ),
                "`scoring_script` is relative to `code`: name a `.py` file in that folder",
            ),
            ScriptAt::NotPython(span) => (
                *span,
                format!(
                    "the scoring script `{}` is not a `.py` file: the batch driver imports it as \
                     a Python module",
                    as_written(deployment.scoring_script.as_ref(), *span, cx)
                ),
                "name the Python file that defines `init()` and `run(mini_batch)`",
            ),
            _ => return,
        };
        let not_python = matches!(deployment.script, ScriptAt::NotPython(_));
        let diagnostic = cx.report(span, message);
        diagnostic.help(help);
        if deployment.python || not_python {
            diagnostic.severity = Severity::Warning;
        }
    }
}

/// A path value as the user wrote it: its text (a Python value may be a constant defined
/// elsewhere), else the text at its place.
fn as_written<'a>(
    value: Option<&'a crate::model::bundle::Written>,
    span: crate::source::Span,
    cx: &'a Context<'_>,
) -> &'a str {
    match value {
        Some(value) => value.text.trim(),
        None => cx.file.slice(span).trim_matches(['"', '\'']),
    }
}
