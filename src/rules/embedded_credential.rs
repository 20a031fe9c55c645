//! ## What it does
//! Reports a path that carries a credential: a SAS token (`sig=`), a storage account key
//! (`AccountKey=`), a `user:password@` in a URL, a bearer token. The secret is **never printed**:
//! in every output format, source snippets included, it is masked with `*`.
//!
//! ## Why is this bad?
//! An inputs file or a script is committed, shared and logged. A SAS token in it grants access to
//! the storage account to anyone who reads the repository or the CI log, until it expires or the
//! key is rotated.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_file
//!     path: https://acct.blob.core.windows.net/data/heart.csv?sv=2022-11-02&sp=r&sig=****
//! ```
//!
//! ## Fix
//! Register the storage as a datastore (identity-based access) and use
//! `azureml://datastores/NAME/paths/P`, or a data asset. Rotate the exposed key. This rule has no
//! automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::{Basis, Class, Context, Rule};
use crate::secrets;

pub struct EmbeddedCredential;

impl Rule for EmbeddedCredential {
    fn id(&self) -> &'static str {
        "embedded-credential"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::Policy).source(
            "a SAS token or key in a committed file is a leak, whatever the job does with it",
        )
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for io in invocation.all_io() {
            let values = io.fields().iter().map(|f| &f.value).chain(match &io.value {
                crate::model::IoValue::Bare(v) => Some(v),
                _ => None,
            });
            for value in values {
                let Some((kind, secret)) = secrets::find_with_kind(&value.text).into_iter().next()
                else {
                    continue;
                };
                // Point at the secret itself when the value is written verbatim; at the value
                // otherwise (a quoted scalar with escapes, say).
                let verbatim = cx.file.slice(value.span) == value.text;
                let span = if verbatim {
                    value.span.sub(secret.start, secret.end)
                } else {
                    value.span
                };
                cx.report(
                    span,
                    format!(
                        "the path of {} `{}` carries {}; it is exposed to everyone who reads \
                         this file",
                        io.direction.noun(),
                        io.name,
                        kind.describe()
                    ),
                )
                .help(
                    "use a datastore (`azureml://datastores/NAME/paths/P`) or a data asset \
                     instead, and rotate the exposed credential",
                );
            }
        }
    }
}
