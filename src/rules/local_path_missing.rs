//! ## What it does
//! Reports a local input path that does not exist, resolved from the folder of the file that
//! names it (the inputs file's folder; the script's folder for scripts).
//!
//! ## Why is this bad?
//! Local data is uploaded by the CLI when the job is created; a missing folder fails only then,
//! after the login: "ValidationException: No such file or directory: <absolute path>" (for an
//! absolute path, "There is no folder on target path: <path>"). Scripts often create the data
//! just before they invoke, so this is a warning.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: data/unlabelled
//! ```
//!
//! ## Fix
//! Correct the path (here: `data/unlabeled`), or create the data before invoking. This rule has no
//! automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::{Basis, Class, Context, Rule, checkable_local_paths};

pub struct LocalPathMissing;

impl Rule for LocalPathMissing {
    fn id(&self) -> &'static str {
        "local-path-missing"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for (io, path, p, resolved) in checkable_local_paths(invocation, cx.file) {
            if resolved.exists() {
                continue;
            }
            // The path as written (`./data/x.csv`, `../d/`), and where it was looked for.
            let folder = invocation.base_dir.display().to_string();
            let looked_in = if folder.is_empty() || folder == "." {
                "the current folder".to_string()
            } else {
                format!("`{folder}`")
            };
            cx.report(
                path.span,
                format!(
                    "the local path `{p}` of `{}` does not exist (looked for it from {looked_in})",
                    io.name
                ),
            )
            .help("local paths are resolved from the folder of the file that names them; create the data first or correct the path");
        }
    }
}
