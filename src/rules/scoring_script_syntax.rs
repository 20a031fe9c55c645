//! ## What it does
//! Reports a scoring script — a `.py` file that a model batch deployment of the project names in
//! its `code_configuration` — that does not parse as Python, at the place where the parser gave
//! up. Any other Python file is not a scoring script, and is not judged.
//!
//! A UTF-8 byte-order mark at the top of the script is not a finding: azure-ai-ml reads the
//! script as `utf-8-sig` since 2023 (azure-sdk-for-python PR #30714), and 1.35 accepts it. Older
//! clients failed on it at line 1 (public report mlops-starter-sklearn #20): if an old `az ml`
//! extension reports a syntax error on line 1 of a script that looks right, save it without the
//! mark.
//!
//! ## Why is this bad?
//! Before it uploads anything, `az ml batch-deployment create` parses the scoring script
//! (`validate_scoring_script`: `ast.parse`) and stops: "Failed to submit deployment
//! readmit-broken due to syntax errors in scoring script batch_driver.py. Error on line 15: …
//! If you wish to bypass this validation use --skip-script-validation paramater." (azure-ai-ml
//! 1.35, run in the conformance suite). With `--skip-script-validation`, every mini-batch of
//! every job fails after it is queued, when the batch driver imports the script.
//!
//! ## Example
//! ```python
//! def run(mini_batch):
//!     for file_path in mini_batch
//!         ...
//! ```
//!
//! ## Fix
//! ```python
//! def run(mini_batch):
//!     for file_path in mini_batch:
//!         ...
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::bundle::Scoring;
use crate::rules::{Basis, Class, Context, Rule};

pub struct ScoringScriptSyntax;

impl Rule for ScoringScriptSyntax {
    fn id(&self) -> &'static str {
        "scoring-script-syntax"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_scoring_script(&self, scoring: &Scoring, cx: &mut Context<'_>) {
        let Some((span, error)) = &scoring.script.syntax_error else {
            return;
        };
        let file = cx
            .file
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let line = cx.file.line_col(span.start).line;
        cx.report(
            *span,
            format!(
                "the scoring script of {} does not parse ({error}): azure-ai-ml refuses the \
                 deployment before upload (\"Failed to submit deployment {} due to syntax errors \
                 in scoring script {file}. Error on line {line}\")",
                scoring.deployment,
                scoring.name.as_deref().unwrap_or("…"),
            ),
        )
        .help("fix the syntax error; the batch driver imports this file as a Python module");
    }
}
