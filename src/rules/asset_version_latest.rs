//! ## What it does
//! Reports `azureml:NAME:latest`, which asks for a version *named* `latest`.
//!
//! ## Why is this bad?
//! After `:` comes a version: azure-ai-ml sends `…/data/NAME/versions/latest`, not the newest
//! version. The label form `azureml:NAME@latest` is the one that resolves to the newest version.
//! Whether the service also accepts the version form is not documented, so this is a warning.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data:latest
//! ```
//!
//! ## Fix
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data@latest
//! ```
//! The diagnostic carries this rewrite as a safe fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::model::path_ref::PathRef;
use crate::rules::{Basis, Class, Context, Rule};

pub struct AssetVersionLatest;

impl Rule for AssetVersionLatest {
    fn id(&self) -> &'static str {
        "asset-version-latest"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkChanges)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for (io, path) in invocation.input_paths() {
            let PathRef::Asset {
                name,
                version: Some("latest"),
                prefixed,
                ..
            } = path.path_ref()
            else {
                continue;
            };
            let better = format!("{}{name}@latest", if prefixed { "azureml:" } else { "" });
            // Only rewrite text that is written exactly as it reads (no quotes or escapes inside).
            let verbatim = cx.file.slice(path.span) == path.text;
            let diagnostic = cx.report(
                path.span,
                format!(
                    "input `{}` asks for a version named `latest` (`{}`); the newest version is \
                     the label `@latest`",
                    io.name,
                    path.text.trim()
                ),
            );
            diagnostic.help(format!("write `{better}`"));
            if verbatim {
                diagnostic.fix(path.span, better);
            }
        }
    }
}
