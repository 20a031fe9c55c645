//! ## What it does
//! Reports an input path with a scheme that batch endpoints do not read: `abfss://`, `abfs://`,
//! `wasbs://`, `wasb://`, `adl://`, `s3://`, `gs://`, `file://`, `hdfs://` and any other
//! `scheme://` besides `http(s)://` and `azureml://`.
//!
//! ## Why is this bad?
//! azure-ai-ml resolves an input path as a URL (`http`), an ARM id, a datastore URI, a data asset
//! or a local path. Anything else falls through to the asset parser and fails with
//! "Could not parse <path>. If providing an ARM id, it should start with a '/'."
//!
//! The accepted forms are: an `https://` URL, `azureml://datastores/NAME/paths/PATH` (or its long
//! form `azureml://subscriptions/…/workspaces/W/datastores/NAME/paths/PATH`), `azureml:NAME:VERSION`,
//! `azureml:NAME@latest`, a data asset ARM id, and a local path.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: abfss://data@myaccount.dfs.core.windows.net/heart
//! ```
//!
//! ## Fix
//! Register the storage as a datastore and use its URI:
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml://datastores/mydatalake/paths/heart
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::model::path_ref::PathRef;
use crate::rules::{Basis, Class, Context, Rule};

pub struct UnsupportedStorageScheme;

impl Rule for UnsupportedStorageScheme {
    fn id(&self) -> &'static str {
        "unsupported-storage-scheme"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for (io, path) in invocation.input_paths() {
            let PathRef::OtherScheme { scheme } = path.path_ref() else {
                continue;
            };
            cx.report(
                path.span,
                format!(
                    "input `{}` uses a `{scheme}://` path, which batch endpoints do not read (the \
                     SDK raises \"Could not parse …\")",
                    io.name
                ),
            )
            .help(
                "use an https URL, `azureml://datastores/NAME/paths/PATH`, `azureml:NAME:VERSION`, \
                 `azureml:NAME@latest`, a data asset ARM id or a local path",
            );
        }
    }
}
