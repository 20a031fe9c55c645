//! ## What it does
//! Reports a local input path whose text contains `http` (`./http_logs/day1`).
//!
//! ## Why is this bad?
//! azure-ai-ml decides whether a path is a URL with a substring test (`HTTP_PREFIX not in path`),
//! so any local path containing `http` is taken for a URL: it is never uploaded, and the job is
//! sent a relative path that means nothing to the service.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   logs:
//!     type: uri_folder
//!     path: ./http_logs/day1
//! ```
//!
//! ## Fix
//! Rename the folder, or upload it as a data asset and use that:
//! ```yaml
//! inputs:
//!   logs:
//!     type: uri_folder
//!     path: ./web_logs/day1
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::model::path_ref::PathRef;
use crate::rules::{Basis, Class, Context, Rule};

pub struct LocalPathContainsHttp;

impl Rule for LocalPathContainsHttp {
    fn id(&self) -> &'static str {
        "local-path-contains-http"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkChanges)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for (io, path) in invocation.input_paths() {
            let PathRef::Local(p) = path.path_ref() else {
                continue;
            };
            let Some(at) = p.find("http") else { continue };
            let offset = path.text.find(p).unwrap_or(0) + at;
            cx.report(
                path.span.sub(offset, offset + 4),
                format!(
                    "the local path of `{}` contains `http`, so the SDK takes it for a URL and \
                     never uploads it",
                    io.name
                ),
            )
            .help("rename the folder so that its path does not contain `http`, or register it as a data asset");
        }
    }
}
