//! ## What it does
//! Reports a data input of a REST body (`UriFolder`, `UriFile`, `MLTable` or a model type) without
//! a `Uri`, or with an empty one.
//!
//! ## Why is this bad?
//! A data input is its location: the REST specification's data inputs require `uri`
//! (`UriFolderJobInput`: `'uri': {'required': True}`), so the service refuses the job. Outputs are
//! not reported: their `uri` is optional in the specification, and without one the job writes to
//! its default location.
//!
//! ## Example
//! ```json
//! {"properties": {"InputData": {"heart_data": {"JobInputType": "UriFolder"}}}}
//! ```
//!
//! ## Fix
//! ```json
//! {"properties": {"InputData": {"heart_data": {
//!   "JobInputType": "UriFolder",
//!   "Uri": "azureml://datastores/workspaceblobstore/paths/heart"}}}}
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::{Direction, Invocation};
use crate::rules::{Basis, Class, Context, Rule};
use crate::spec::rest::{entry_type, stands_for};

pub struct RestMissingUri;

impl Rule for RestMissingUri {
    fn id(&self) -> &'static str {
        "rest-missing-uri"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide)
            .source("REST specification: UriFolderJobInput and the other data inputs require `uri`")
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(rest) = &invocation.rest else { return };
        for entry in rest.inputs() {
            let Some(fields) = &entry.fields else {
                continue;
            };
            let Some(rest_type) = entry_type(entry).filter(|t| *t != "Literal") else {
                continue;
            };
            match entry.field("Uri") {
                Some(uri) if !uri.value.text.trim().is_empty() || !uri.value.known => {}
                Some(uri) => {
                    cx.report(
                        uri.value.span,
                        format!("the `Uri` of input `{}` is empty", entry.name),
                    )
                    .help("give the data's location: `azureml://datastores/NAME/paths/PATH` or an `https://` URL");
                }
                None => {
                    // `"path": …` for `Uri` is `rest-body-shape`'s.
                    if fields
                        .iter()
                        .any(|f| stands_for(&f.key, Direction::Input) == Some("Uri"))
                    {
                        continue;
                    }
                    cx.report(
                        entry.name_span,
                        format!(
                            "input `{}` (`{rest_type}`) has no `Uri`: the service requires one for a data input",
                            entry.name
                        ),
                    )
                    .help("add `\"Uri\": \"azureml://datastores/NAME/paths/PATH\"` (or an `https://` URL)");
                }
            }
        }
    }
}
