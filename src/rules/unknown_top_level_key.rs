//! ## What it does
//! Reports a top-level key of an inputs file other than `inputs`, `outputs` and `$schema`, and
//! suggests the closest one (`input` → `inputs`).
//!
//! ## Why is this bad?
//! The documentation's inputs files hold only `inputs:` and `outputs:` ("Create jobs and input
//! data for batch endpoints"). A misspelt `input:` block is not read at all, so the job starts
//! with the deployment's defaults — or fails for want of an input — long after the typo was made.
//!
//! ## Example
//! ```yaml
//! input:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data@latest
//! ```
//!
//! ## Fix
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data@latest
//! ```
//! When one key is clearly meant, the diagnostic carries that replacement as a safe fix.

use crate::diagnostic::Severity;
use crate::rules::{Context, Rule};
use crate::sources::inputs_file::ALLOWED_TOP_LEVEL;
use crate::suggest;
use crate::yaml::Document;

pub struct UnknownTopLevelKey;

impl Rule for UnknownTopLevelKey {
    fn id(&self) -> &'static str {
        "unknown-top-level-key"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn check_document(&self, doc: &Document, cx: &mut Context<'_>) {
        let Some(root) = doc.root() else { return };
        for (key, _) in root.entries() {
            let name = key.as_str().unwrap_or_default();
            if ALLOWED_TOP_LEVEL.contains(&name) {
                continue;
            }
            let diagnostic = cx.report(
                key.span(),
                format!(
                    "unknown top-level key `{name}`; an inputs file holds only `inputs` and \
                     `outputs`"
                ),
            );
            match suggest::closest(name, &["inputs", "outputs"], 2) {
                Some(better) => {
                    diagnostic
                        .help(format!("did you mean `{better}`?"))
                        .fix(key.span(), better);
                }
                None => {
                    diagnostic.help("remove it, or move it under an input or output");
                }
            }
        }
    }
}
