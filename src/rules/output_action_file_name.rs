//! ## What it does
//! Reports a batch deployment with `output_action: summary_only` together with
//! `output_file_name` (in `settings:` or, in the flat layout, at the top level).
//!
//! ## Why is this bad?
//! With `summary_only` the deployment writes no output file, and azure-ai-ml refuses the
//! combination before anything is created: "When output_action is set to summary_only, the
//! output_file_name need not to be specified." (`BatchDeployment._validate_output_action`).
//!
//! ## Example
//! ```yaml
//! settings:
//!   output_action: summary_only
//!   output_file_name: predictions.csv
//! ```
//!
//! ## Fix
//! Remove `output_file_name`, or use `output_action: append_row` to get the file:
//! ```yaml
//! settings:
//!   output_action: append_row
//!   output_file_name: predictions.csv
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::project::{BatchFileKind, setting};
use crate::rules::{Basis, Class, Context, Rule};
use crate::syntax::yaml::Document;

pub struct OutputActionFileName;

impl Rule for OutputActionFileName {
    fn id(&self) -> &'static str {
        "output-action-file-name"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_batch_file(&self, doc: &Document, kind: BatchFileKind, cx: &mut Context<'_>) {
        let (BatchFileKind::Deployment(_), Some(root)) = (kind, doc.root()) else {
            return;
        };
        let Some((_, action)) = setting(root, "output_action") else {
            return;
        };
        if !action
            .as_str()
            .is_some_and(|a| a.eq_ignore_ascii_case("summary_only"))
        {
            return;
        }
        let Some((key, _)) = setting(root, "output_file_name").filter(|(_, v)| !v.is_null()) else {
            return;
        };
        cx.report(
            key.span(),
            "`output_file_name` with `output_action: summary_only`: azure-ai-ml raises \"When \
             output_action is set to summary_only, the output_file_name need not to be specified.\"",
        )
        .help("remove `output_file_name`, or use `output_action: append_row` to write the file");
    }
}
