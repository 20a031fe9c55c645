//! ## What it does
//! Reports an `azureml://datastores/…` URI (or the long
//! `azureml://subscriptions/…/workspaces/W/datastores/…` form) that is not
//! `…/datastores/NAME/paths/PATH`: the `/paths/` segment is missing, or the name or path is empty.
//!
//! ## Why is this bad?
//! azure-ai-ml recognises datastore paths with `azureml://datastores/([^/]+)/paths/(.+)` (and its
//! long form). A URI that does not match is taken for a data asset reference, and the SDK stops:
//! "ValidationException: Failed to extract version when parsing asset
//! //datastores/workspaceblobstore/heart-disease-uci of type data as arm id. Version must be
//! provided." (the same for `//datastores//paths/x`, `…/paths/` with nothing after it, and the
//! long form without `/paths/`; checked by the conformance suite). An **output** path is not
//! looked at by the SDK — it is sent as written — and what the service does with a malformed one
//! is not documented, so for outputs this is a warning.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml://datastores/workspaceblobstore/heart-disease-uci
//! ```
//!
//! ## Fix
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml://datastores/workspaceblobstore/paths/heart-disease-uci
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::path_ref::PathRef;
use crate::model::{Direction, Invocation};
use crate::rules::{Basis, Class, Context, Rule};

pub struct DatastoreUriMalformed;

impl Rule for DatastoreUriMalformed {
    fn id(&self) -> &'static str {
        "datastore-uri-malformed"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for (io, path) in invocation.input_paths().chain(invocation.output_paths()) {
            // `--output-path` has its own rule, which knows what the CLI does with it.
            if io.from_flag && io.direction == Direction::Output {
                continue;
            }
            let PathRef::Datastore { name, path: p, .. } = path.path_ref() else {
                continue;
            };
            let problem = match (name, p) {
                (None, _) => "has no datastore name",
                (Some(_), None) if path.text.contains("/paths/") => {
                    "has an empty path after `/paths/`"
                }
                (Some(_), None) => "has no `/paths/` segment",
                _ => continue,
            };
            let consequence = match io.direction {
                Direction::Input => {
                    "azure-ai-ml takes it for a data asset and fails (\"Failed to extract version … \
                     Version must be provided.\")"
                }
                Direction::Output => {
                    "azure-ai-ml sends it as written, and the job has no datastore path to write to"
                }
            };
            let diagnostic = cx.report(
                path.span,
                format!(
                    "the datastore URI of {} `{}` {problem}: {consequence}",
                    io.direction.noun(),
                    io.name
                ),
            );
            diagnostic.help("write `azureml://datastores/NAME/paths/PATH`");
            if io.direction == Direction::Output {
                // The SDK does not look at output paths; what the service does with this one is
                // not documented.
                diagnostic.severity(Severity::Warning);
            }
        }
    }
}
