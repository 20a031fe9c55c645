//! ## What it does
//! Reports a scoring script — a `.py` file that a model batch deployment of the project names —
//! that has no module-level `init()`, no module-level `run`, or a `run` that cannot be called
//! with one positional argument (`def run(mini_batch, context)`: extra parameters need defaults;
//! a required keyword-only parameter is never passed).
//!
//! A name bound in a way a static reader cannot follow satisfies the rule: `from helpers import
//! *`, `globals()`, `exec`, a decorated `run`, or a `run` bound more than once. An imported
//! `init` or `run` (`from scoring import init, run`) is there.
//!
//! ## Why is this bad?
//! The batch driver imports the script, calls `init()` once per worker and `run(mini_batch)`
//! for each mini-batch (documentation: *Author scoring scripts for batch deployments*). A
//! missing function or an extra required parameter is found only after the job is queued,
//! when every mini-batch fails and is retried, and the job ends with "There is no succeeded
//! mini batch item returned from run()".
//!
//! ## Example
//! ```python
//! model = joblib.load(os.path.join(os.environ["AZUREML_MODEL_DIR"], "model.pkl"))
//!
//! def run(mini_batch, context):
//!     ...
//! ```
//!
//! ## Fix
//! ```python
//! def init():
//!     global model
//!     model = joblib.load(os.path.join(os.environ["AZUREML_MODEL_DIR"], "model.pkl"))
//!
//! def run(mini_batch):
//!     ...
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::bundle::Defined;
use crate::model::bundle::Scoring;
use crate::rules::{Basis, Class, Context, Rule};
use crate::source::Span;

pub struct ScoringEntryPoints;

impl Rule for ScoringEntryPoints {
    fn id(&self) -> &'static str {
        "scoring-entry-points"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide)
            .source("the batch driver imports the entry script and calls init() once and run(mini_batch) per mini-batch (docs: author scoring scripts for batch deployments)")
    }

    fn check_scoring_script(&self, scoring: &Scoring, cx: &mut Context<'_>) {
        let script = &scoring.script;
        if script.syntax_error.is_some() {
            return;
        }
        for (name, defined, call) in [
            (
                "init",
                script.init,
                "once per worker before the first mini-batch",
            ),
            ("run", script.run, "for each mini-batch"),
        ] {
            if defined == Defined::Missing {
                cx.report(
                    Span::empty(0),
                    format!(
                        "the scoring script of {} has no module-level `{name}()`: the batch \
                         driver calls it {call}, and every mini-batch fails",
                        scoring.deployment
                    ),
                )
                .help(if name == "init" {
                    "define `def init():` at module level (load the model there, into a global)"
                } else {
                    "define `def run(mini_batch):` at module level, returning a list or a pandas \
                     DataFrame"
                });
            }
        }
        if let Some((span, message)) = &script.run_parameters {
            cx.report(*span, message.clone()).help(
                "give `run` one parameter, `def run(mini_batch):` (extra ones need defaults)",
            );
        }
    }
}
