//! ## What it does
//! Reports `--input` together with `--set inputs.…`, `--inputs` or `--file` (in the SDK:
//! `input=` together with `inputs=`).
//!
//! ## Why is this bad?
//! `BatchEndpointOperations.invoke` reads `if input: … elif inputs: …`: when both are given, one
//! of them is silently dropped, and the job runs on data you did not mean. With `--file` it is
//! certain which: the CLI builds the job from the file and never reads `--input` or
//! `--input-type` (its invoke logic, as the Ansible collection `azure.azcollection` ports it:
//! `if invocation_definition: … elif input or input_type: …`). When the file declares inputs
//! that is an error; when it holds only outputs (a common way to give an output next to
//! `--input`) the job gets no input at all — a warning, since it rests on the ported logic alone.
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
use crate::rules::{Basis, Class, Context, Rule};

pub struct InputOverridesSetInputs;

impl Rule for InputOverridesSetInputs {
    fn id(&self) -> &'static str {
        "input-overrides-set-inputs"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkChanges)
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
        // With `--file`, the CLI builds the job from the file and never reads `--input`
        // (`if invocation_definition: … elif input or input_type:`), whatever the file holds.
        if line.uses("--file").next().is_some() {
            let diagnostic = cx.report(
                input.span,
                match line.file_has_inputs {
                    Some(true) => "`--input` is given together with `--file`, which declares \
                                   inputs: the CLI reads only the file, and `--input` is never \
                                   read"
                        .to_string(),
                    Some(false) => "`--input` is given together with `--file`: the CLI reads \
                                    only the file and never reads `--input`, so the job gets no \
                                    input from it (the file holds no inputs)"
                        .to_string(),
                    None => "`--input` is given together with `--file`: the CLI reads only the \
                             file and never reads `--input`"
                        .to_string(),
                },
            );
            diagnostic.help(
                "declare the input under `inputs:` in the file, or drop `--file` and give the \
                 outputs with `--output-path`/`--set outputs.NAME.…`",
            );
            // Certain when the file's inputs replace it (one of the two is dropped, whichever
            // reads first); the file's silence about inputs rests on the CLI's logic alone.
            if line.file_has_inputs != Some(true) {
                diagnostic.severity(Severity::Warning);
            }
            return;
        }
        let other = if let Some(item) = line.set_items.iter().find(|i| i.key.starts_with("inputs."))
        {
            Some(format!("`--set {}`", item.key))
        } else if line.uses("--inputs").next().is_some() {
            Some("`--inputs`".to_string())
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
