//! ## What it does
//! Reports `--input` together with `--set inputs.…`, `--inputs`, or a `--file` that declares
//! inputs (in the SDK: `input=` together with `inputs=`).
//!
//! ## Why is this bad?
//! `BatchEndpointOperations.invoke` reads `if input: … elif inputs: …`: when both are given, one
//! of them is silently dropped, and the job runs on data you did not mean.
//!
//! ## Example
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --input azureml:heart-data@latest \
//!     --set inputs.score_mode.type=string inputs.score_mode.default=append
//! ```
//!
//! ## Fix
//! Give every input the same way, for example all with `--set inputs.NAME.…` or all in the
//! `--file`. This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::{Context, Rule};

pub struct InputOverridesSetInputs;

impl Rule for InputOverridesSetInputs {
    fn id(&self) -> &'static str {
        "input-overrides-set-inputs"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        if let Some((span, dropped)) = &invocation.single_input_drops {
            cx.report(
                *span,
                format!("`input=` is given together with {dropped}, which the SDK silently drops"),
            )
            .help("give every input in `inputs={…}`, or only the one `input=`");
        }
        let Some(line) = &invocation.command else {
            return;
        };
        let Some(input) = line.uses("--input").last() else {
            return;
        };
        let other = if let Some(item) = line.set_items.iter().find(|i| i.key.starts_with("inputs."))
        {
            Some(format!("`--set {}`", item.key))
        } else if line.uses("--inputs").next().is_some() {
            Some("`--inputs`".to_string())
        } else if line.file_has_inputs == Some(true) {
            Some("the inputs of `--file`".to_string())
        } else {
            None
        };
        if let Some(other) = other {
            cx.report(
                input.span,
                format!("`--input` is given together with {other}; one of them is silently dropped"),
            )
            .help("give all inputs one way: with `--set inputs.NAME.…`, in the `--file`, or one `--input`");
        }
    }
}
