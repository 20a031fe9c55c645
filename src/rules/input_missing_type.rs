//! ## What it does
//! Reports a data input (one with a `path`) that gives no `type`.
//!
//! ## Why is this bad?
//! `Input(type="uri_folder")` is the SDK's default, so an untyped input is sent as a folder. That
//! is right for a folder and wrong for a single file, and the reader of the file cannot tell which
//! was meant.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:
//!     path: azureml:heart-data@latest
//! ```
//!
//! ## Fix
//! State the type:
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data@latest
//! ```
//! This rule has no automatic fix (`uri_file` may be meant).

use crate::diagnostic::Severity;
use crate::model::{Invocation, IoValue};
use crate::rules::{Context, Rule};

pub struct InputMissingType;

impl Rule for InputMissingType {
    fn id(&self) -> &'static str {
        "input-missing-type"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for io in &invocation.inputs {
            // `--input` without `--input-type` is documented: input-file-without-type judges it.
            if io.from_flag
                || !matches!(io.value, IoValue::Spec { .. })
                || io.has("type")
                || !io.has("path")
            {
                continue;
            }
            cx.report(
                io.name_span,
                format!(
                    "input `{}` has no `type`: it defaults to `uri_folder`",
                    io.name
                ),
            )
            .help("add `type: uri_folder` (a folder) or `type: uri_file` (a single file)");
        }
    }
}
