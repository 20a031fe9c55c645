//! ## What it does
//! Reports an `azureml://datastores/…` URI (or the long
//! `azureml://subscriptions/…/workspaces/W/datastores/…` form) that is not
//! `…/datastores/NAME/paths/PATH`: the `/paths/` segment is missing, or the name or path is empty.
//!
//! ## Why is this bad?
//! azure-ai-ml recognises datastore paths with `azureml://datastores/([^/]+)/paths/(.+)` (and its
//! long form). A URI that does not match is treated as a data asset name and fails to resolve
//! ("Could not parse …" or an asset that does not exist).
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
use crate::model::Invocation;
use crate::path_ref::PathRef;
use crate::rules::{Context, Rule};

pub struct DatastoreUriMalformed;

impl Rule for DatastoreUriMalformed {
    fn id(&self) -> &'static str {
        "datastore-uri-malformed"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for (io, path) in invocation.input_paths().chain(invocation.output_paths()) {
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
            cx.report(
                path.span,
                format!(
                    "the datastore URI of {} `{}` {problem}",
                    io.direction.noun(),
                    io.name
                ),
            )
            .help("write `azureml://datastores/NAME/paths/PATH`");
        }
    }
}
