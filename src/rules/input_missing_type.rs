//! ## What it does
//! Reports a data input (one with a `path`) that gives no `type`.
//!
//! ## Why is this bad?
//! `Input(type="uri_folder")` is the SDK's default, so an untyped input is sent as a folder. That
//! is right for a folder and wrong for a single file, and the reader of the file cannot tell which
//! was meant.
//!
//! Through `--file` no default applies: the CLI builds `Input(type=entry.get("type"), path=…)`
//! from each entry (its invoke logic, as the Ansible collection `azure.azcollection` ports it with
//! azure-ai-ml's own `BatchEndpointInvoke` constants), so an untyped entry becomes
//! `Input(type=None)`, which azure-ai-ml 1.35.2's `invoke()` rejects with `KeyError: None`. It
//! stays a warning (the extension's own code is not public), and its message says what the CLI
//! does there rather than claiming the SDK's default.
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
use crate::model::{Invocation, IoValue, Origin};
use crate::rules::{Basis, Class, Context, Rule};

pub struct InputMissingType;

impl Rule for InputMissingType {
    fn id(&self) -> &'static str {
        "input-missing-type"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkChanges)
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
            // Through `--file` the CLI passes the missing type on as `None`; azure-ai-ml's
            // default applies to the SDK's own `Input(path=…)` only (SDK-BEHAVIOUR §30).
            let message = if invocation.origin == Origin::InputsFile {
                format!(
                    "input `{}` has no `type`: through `--file` the CLI builds \
                     `Input(type=None)` from it, which azure-ai-ml rejects (`KeyError: None`)",
                    io.name
                )
            } else {
                format!(
                    "input `{}` has no `type`: it defaults to `uri_folder`",
                    io.name
                )
            };
            cx.report(io.name_span, message)
                .help("add `type: uri_folder` (a folder) or `type: uri_file` (a single file)");
        }
    }
}
