//! ## What it does
//! Reports a data **store** ARM id (`/subscriptions/…/workspaces/W/datastores/NAME/paths/P`)
//! used as an input path.
//!
//! ## Why is this bad?
//! The documentation uses the datastore ARM id only for *outputs*. For inputs, azure-ai-ml accepts
//! an ARM id only when it names a data asset, and raises "Invalid input path" otherwise (a path
//! that happens to contain `/data/` slips through the SDK's regex and is sent raw).
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: /subscriptions/…/workspaces/ws/datastores/workspaceblobstore/paths/heart
//! ```
//!
//! ## Fix
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml://datastores/workspaceblobstore/paths/heart
//! ```
//! The diagnostic carries this rewrite as a safe fix when the id has a path.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::model::path_ref::{ArmResource, PathRef};
use crate::rules::{Basis, Class, Context, Rule};

pub struct DatastoreArmIdAsInput;

impl Rule for DatastoreArmIdAsInput {
    fn id(&self) -> &'static str {
        "datastore-arm-id-as-input"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for (io, path) in invocation.input_paths() {
            let PathRef::ArmId(ArmResource::Datastore { name, path: p }) = path.path_ref() else {
                continue;
            };
            let diagnostic = cx.report(
                path.span,
                format!(
                    "input `{}` is a datastore ARM id; inputs take `azureml://datastores/NAME/paths/PATH` (the SDK raises \"Invalid input path\")",
                    io.name
                ),
            );
            match p {
                Some(p) => {
                    let uri = format!("azureml://datastores/{name}/paths/{p}");
                    diagnostic
                        .help(format!("write `{uri}`"))
                        .fix(path.span, uri);
                }
                None => {
                    diagnostic.help(format!("write `azureml://datastores/{name}/paths/PATH`"));
                }
            }
        }
    }
}
