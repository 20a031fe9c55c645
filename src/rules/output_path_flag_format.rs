//! ## What it does
//! Reports `--output-path` that is not a data store path (`azureml://datastores/NAME/paths/P`,
//! its long form, or `DATASTORE_ARM_ID/paths/P`).
//!
//! ## Why is this bad?
//! The documentation only shows `--output-path azureml://datastores/<ds>/paths/<p>`; the CLI
//! turns it into a datastore output. How it parses other forms is not public, so this is a
//! warning. (The `folder:` prefix of 2022 is `legacy-invoke-syntax`.)
//!
//! ## Example
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --input data \
//!     --output-path https://myaccount.blob.core.windows.net/results
//! ```
//!
//! ## Fix
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --input data \
//!     --output-path azureml://datastores/workspaceblobstore/paths/results
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::{Invocation, is_placeholder};
use crate::path_ref::{ArmResource, PathRef};
use crate::rules::{Context, Rule};

pub struct OutputPathFlagFormat;

impl Rule for OutputPathFlagFormat {
    fn id(&self) -> &'static str {
        "output-path-flag-format"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(line) = &invocation.command else {
            return;
        };
        for flag in line.uses("--output-path") {
            let Some(value) = flag.values.first().filter(|v| v.known) else {
                continue;
            };
            if is_placeholder(&value.text)
                || value.text.starts_with("folder:")
                || value.text.starts_with("file:")
            {
                continue;
            }
            let parsed = value.path_ref();
            if matches!(
                parsed,
                PathRef::Datastore { .. }
                    | PathRef::ArmId(ArmResource::Datastore { path: Some(_), .. })
            ) {
                continue;
            }
            cx.report(
                value.span,
                format!(
                    "`--output-path` is {}, not a data store path",
                    parsed.describe()
                ),
            )
            .help("write `--output-path azureml://datastores/NAME/paths/PATH`");
        }
    }
}
