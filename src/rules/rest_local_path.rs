//! ## What it does
//! Reports a data input of a REST body whose `Uri` is a local path (`data/claims`,
//! `./exports/x.csv`, `C:\data`).
//!
//! ## Why is this bad?
//! Only the CLI and the SDK upload local data: they turn a local path into a datastore path
//! before the job is created. A REST call sends the `Uri` as written, and the service, which
//! cannot read the caller's disk, refuses it or fails the job when it looks for the data (the
//! documentation on data access: local data is supported "only with the Azure ML CLI or the
//! SDK"). Outputs are not reported: the service writes them.
//!
//! ## Example
//! ```json
//! {"properties": {"InputData": {"claims_raw": {
//!   "JobInputType": "UriFolder", "Uri": "exports/claims/2024-06"}}}}
//! ```
//!
//! ## Fix
//! Upload the data first (`az ml data create --path exports/claims/2024-06 …`, or a copy to a
//! datastore) and send its location:
//! ```json
//! {"properties": {"InputData": {"claims_raw": {
//!   "JobInputType": "UriFolder",
//!   "Uri": "azureml://datastores/workspaceblobstore/paths/claims/2024-06"}}}}
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::model::path_ref::PathRef;
use crate::rules::{Basis, Class, Context, Rule};
use crate::spec::rest::entry_type;

pub struct RestLocalPath;

impl Rule for RestLocalPath {
    fn id(&self) -> &'static str {
        "rest-local-path"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide)
            .source("the documentation on data access: local data is uploaded only by the Azure ML CLI and SDK; a REST Uri is sent as written")
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(rest) = &invocation.rest else { return };
        for entry in rest.inputs() {
            // A literal's `Uri` is `rest-literal-value`'s; an unknown type may be anything.
            if entry_type(entry).is_none_or(|t| t == "Literal") {
                continue;
            }
            let Some(uri) = entry.field("Uri").filter(|u| u.value.known) else {
                continue;
            };
            let text = uri.value.text.trim();
            if text.is_empty() || crate::model::is_placeholder(text) {
                continue;
            }
            if let PathRef::Local(path) = PathRef::parse(text) {
                cx.report(
                    uri.value.span,
                    format!(
                        "the `Uri` of input `{}` is a local path (`{path}`): the service cannot read the caller's disk; only the CLI and the SDK upload local data",
                        entry.name
                    ),
                )
                .help("upload it first (`az ml data create`, or a copy to a datastore) and give `azureml://datastores/NAME/paths/PATH` or an `https://` URL");
            }
        }
    }
}
