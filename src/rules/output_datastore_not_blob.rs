//! ## What it does
//! Reports an output on a data store that is not Blob Storage: the default file-share stores
//! `workspacefilestore` and `workspaceworkingdirectory`, or a store that the project's datastore
//! YAML (or amlint's configuration) declares `azure_file`, `azure_data_lake_gen1` or
//! `azure_data_lake_gen2`.
//!
//! ## Why is this bad?
//! The documentation: "Batch endpoints only support writing outputs in Blob Storage data
//! stores." The SDK does not check it, so the job is queued and fails (or writes nothing) later.
//!
//! ## Example
//! ```yaml
//! outputs:
//!   score:
//!     type: uri_file
//!     path: azureml://datastores/workspacefilestore/paths/batch/scores.csv
//! ```
//!
//! ## Fix
//! ```yaml
//! outputs:
//!   score:
//!     type: uri_file
//!     path: azureml://datastores/workspaceblobstore/paths/batch/scores.csv
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::DatastoreKind;
use crate::model::Invocation;
use crate::model::path_ref::{ArmResource, PathRef};
use crate::rules::{Basis, Class, Context, Rule};

pub struct OutputDatastoreNotBlob;

/// The file-share data stores every workspace has.
const FILE_SHARE_STORES: &[&str] = &["workspacefilestore", "workspaceworkingdirectory"];

impl Rule for OutputDatastoreNotBlob {
    fn id(&self) -> &'static str {
        "output-datastore-not-blob"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide).source(
            "docs: 'Batch endpoints only support writing outputs in Blob Storage data stores'",
        )
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for (io, path) in invocation.output_paths() {
            let name = match path.path_ref() {
                PathRef::Datastore {
                    name: Some(name), ..
                } => name,
                PathRef::ArmId(ArmResource::Datastore { name, .. }) => name,
                _ => continue,
            };
            let declared = cx.datastores.and_then(|d| d.get(name)).copied();
            let kind = match declared {
                Some(DatastoreKind::Blob) => continue,
                Some(kind) => kind.describe(),
                None if FILE_SHARE_STORES
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(name)) =>
                {
                    DatastoreKind::File.describe()
                }
                None => continue,
            };
            cx.report(
                path.span,
                format!(
                    "output `{}` is written to `{name}`, an {kind} data store; \"Batch \
                     endpoints only support writing outputs in Blob Storage data stores\"",
                    io.name
                ),
            )
            .help("write to a blob data store such as `workspaceblobstore`");
        }
    }
}
