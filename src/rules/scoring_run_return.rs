//! ## What it does
//! Reports a path through the `run()` of a scoring script — a `.py` file that a model batch
//! deployment of the project names — that gives the batch driver nothing: a bare `return`, a
//! `return None`, or an end of the function that execution can reach (an `if` without `else`
//! as the last statement, a loop that may finish, an `except` that logs and goes on).
//!
//! A path that ends in `raise`, `sys.exit()` or a `while True` loop gives nothing and is fine.
//! A `run` that is a generator, `async`, decorated or bound more than once is not judged.
//!
//! ## Why is this bad?
//! `run` must return a list or a pandas DataFrame with one element per input it scored. When it
//! returns `None`, the batch driver fails the mini-batch — "The run() method in the entry
//! script should return a list or a pandas DataFrame … The actual type of output is NoneType."
//! (public report microsoft/MLOpsPython #328) — retries it, and the job ends with "There is no
//! succeeded mini batch item returned from run()" (MachineLearningNotebooks #1652). The mistake
//! surfaces only after the job is queued, on the inputs that take that path.
//!
//! ## Example
//! ```python
//! def run(mini_batch):
//!     results = []
//!     for file_path in mini_batch:
//!         if file_path.endswith(".csv"):
//!             results.append(score(file_path))
//!     if results:
//!         return pd.concat(results)
//! ```
//!
//! ## Fix
//! ```python
//! def run(mini_batch):
//!     results = []
//!     for file_path in mini_batch:
//!         if file_path.endswith(".csv"):
//!             results.append(score(file_path))
//!     return pd.concat(results) if results else pd.DataFrame([])
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::bundle::NoneReturn;
use crate::model::bundle::Scoring;
use crate::rules::{Basis, Class, Context, Rule};

pub struct ScoringRunReturn;

impl Rule for ScoringRunReturn {
    fn id(&self) -> &'static str {
        "scoring-run-return"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide)
            .source("the batch driver: run() must return a list or a pandas DataFrame (public reports MLOpsPython #328, MachineLearningNotebooks #1652)")
    }

    fn check_scoring_script(&self, scoring: &Scoring, cx: &mut Context<'_>) {
        for path in &scoring.script.none_returns {
            let (span, what) = match path {
                NoneReturn::Explicit(span) => (*span, "returns `None` here"),
                NoneReturn::FallsOff(span) => (
                    *span,
                    "can end after this statement without returning anything",
                ),
            };
            cx.report(
                span,
                format!(
                    "`run()` {what}: the batch driver fails the mini-batch (\"The run() method \
                     in the entry script should return a list or a pandas DataFrame … The actual \
                     type of output is NoneType.\")"
                ),
            )
            .help("return a list or a pandas DataFrame on every path (an empty one when nothing was scored)");
        }
    }
}
