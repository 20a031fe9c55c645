//! ## What it does
//! Reports `--mini-batch-size`/`-m` or `--instance-count`/`-c` whose value is not a positive
//! integer (a value written in the command, not a `$VARIABLE`). A value that is not an integer
//! at all (`2.5`, `ten`) is an error; zero or a negative integer is a warning.
//!
//! ## Why is this bad?
//! Both become integer fields of the batch job; for a non-integer the schema stops the command
//! with "Not a valid integer.". `0` and negative values pass azure-ai-ml (`fields.Int()` has no
//! range check) and are sent to the service, which documents no behaviour for them — a batch
//! job of zero instances or zero-file mini-batches cannot do useful work, but since the outcome
//! is not documented the finding is a warning, not an error. The CLI does not even send `0`: its
//! invoke logic reads `if mini_batch_size:` and `if instance_count:` (as the Ansible collection
//! `azure.azcollection` ports it), so a zero leaves the deployment's own setting in force — still
//! a warning, since it says something the job will not do.
//!
//! ## Example
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --input data --mini-batch-size 2.5
//! ```
//!
//! ## Fix
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --input data --mini-batch-size 2
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::set_value_type::is_python_int;
use crate::rules::{Basis, Class, Context, Rule};

pub struct MiniBatchSizeInt;

impl Rule for MiniBatchSizeInt {
    fn id(&self) -> &'static str {
        "mini-batch-size-int"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(line) = &invocation.command else {
            return;
        };
        for long in ["--mini-batch-size", "--instance-count"] {
            for flag in line.uses(long) {
                let Some(value) = flag.values.first().filter(|v| v.known) else {
                    continue;
                };
                if !is_python_int(&value.text) {
                    cx.report(
                        value.span,
                        format!(
                            "`{long}` takes an integer, not `{}`; azure-ai-ml rejects it (\"Not a valid integer.\")",
                            value.text
                        ),
                    )
                    .help("give a whole number greater than 0");
                    continue;
                }
                // Python's int() of the text: `0`, `-1`, `1_000`, big numbers all parse.
                let number = value.text.trim().replace('_', "");
                let zero = number
                    .trim_start_matches(['-', '+'])
                    .trim_start_matches('0')
                    .is_empty();
                if zero {
                    // `if mini_batch_size:` / `if instance_count:` (SDK-BEHAVIOUR §30).
                    cx.report(
                        value.span,
                        format!(
                            "`{long} {}` is not sent: the CLI skips a zero, so the deployment's \
                             own setting applies",
                            value.text
                        ),
                    )
                    .help("give a whole number greater than 0, or leave the flag out to use the deployment's setting")
                    .severity(Severity::Warning);
                } else if number.starts_with('-') {
                    cx.report(
                        value.span,
                        format!(
                            "`{long}` is `{}`; the CLI sends it, but a batch job needs at least 1",
                            value.text
                        ),
                    )
                    .help("give a whole number greater than 0 (what the service does with a negative value is not documented)")
                    .severity(Severity::Warning);
                }
            }
        }
    }
}
