//! ## What it does
//! Reports an output path that is not on a data store: outputs take
//! `azureml://datastores/NAME/paths/PATH` (or the long form) or `DATASTORE_ARM_ID/paths/PATH`.
//! An https URL or a local path is not checked by the SDK and is not a documented output. The
//! datastore ARM id may carry the `azureml:` prefix: the REST page's output `Uri` is
//! `azureml:/subscriptions/…/workspaces/W/datastores/D/paths/P`.
//!
//! ## Why is this bad?
//! The documentation's outputs are always data store paths ("Create jobs with data outputs").
//! azure-ai-ml sends any other string as it is; what the service does with it is not documented,
//! so this is a warning.
//!
//! ## Example
//! ```yaml
//! outputs:
//!   score:
//!     type: uri_file
//!     path: https://myaccount.blob.core.windows.net/results/scores.csv
//! ```
//!
//! ## Fix
//! ```yaml
//! outputs:
//!   score:
//!     type: uri_file
//!     path: azureml://datastores/workspaceblobstore/paths/results/scores.csv
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::path_ref::{ArmResource, PathRef};
use crate::model::{Invocation, is_placeholder};
use crate::rules::{Basis, Class, Context, Rule};

pub struct OutputPathForm;

impl Rule for OutputPathForm {
    fn id(&self) -> &'static str {
        "output-path-form"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide).source(
            "docs: outputs are written to data stores (azureml://datastores/NAME/paths/PATH)",
        )
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        // `--output-path` has its own rule (output-path-flag-format).
        for (io, path) in invocation.output_paths().filter(|(io, _)| !io.from_flag) {
            // `azureml:/subscriptions/…/datastores/D/paths/P`: the datastore ARM id with the
            // `azureml:` prefix, the documented REST output `Uri`.
            let text = path.text.trim();
            let parsed = match text.strip_prefix("azureml:") {
                Some(arm) if arm.to_ascii_lowercase().starts_with("/subscriptions/") => {
                    PathRef::parse(arm)
                }
                _ => path.path_ref(),
            };
            match parsed {
                PathRef::Datastore { .. }
                | PathRef::ArmId(ArmResource::Datastore { path: Some(_), .. }) => continue,
                // `<data-store-ID>/paths/…`: the documentation's placeholder for a datastore id.
                _ if is_placeholder(&path.text) => continue,
                _ => {}
            }
            cx.report(
                path.span,
                format!(
                    "output `{}` goes to {}, not to a data store",
                    io.name,
                    parsed.describe()
                ),
            )
            .help("write outputs to `azureml://datastores/NAME/paths/PATH`");
        }
    }
}
