//! ## What it does
//! Reports a batch deployment with `output_action: summary_only` together with
//! `output_file_name` (in `settings:` or, in the flat layout, at the top level) — in YAML, and
//! in Python (`ModelBatchDeploymentSettings(output_action=BatchDeploymentOutputAction.SUMMARY_ONLY,
//! output_file_name=…)`, or `BatchDeployment(output_action=…, output_file_name=…)`).
//!
//! ## Why is this bad?
//! With `summary_only` the deployment writes no output file, and azure-ai-ml refuses the
//! combination before anything is created: "When output_action is set to summary_only, the
//! output_file_name need not to be specified." (`BatchDeployment._validate_output_action`).
//! A deployment made in Python meets the same check when `begin_create_or_update` turns it
//! into a request; there the comparison is exact (`"summary_only"`, or the constant), and an
//! `output_file_name` that is empty or `None` passes, so only a known, non-empty name is
//! reported.
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
use crate::model::deployment::Definition;
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

    fn check_definition(&self, definition: &Definition, cx: &mut Context<'_>) {
        let summary_only = definition
            .setting("output_action")
            .and_then(|s| s.value.as_deref())
            == Some("summary_only");
        let Some(name) = definition
            .setting("output_file_name")
            .filter(|s| s.value.as_deref().is_some_and(|v| !v.is_empty()))
        else {
            return;
        };
        if !summary_only {
            return;
        }
        cx.report(
            name.key,
            "`output_file_name=` with `output_action` summary_only: azure-ai-ml raises \"When \
             output_action is set to summary_only, the output_file_name need not to be \
             specified.\" when the deployment is created",
        )
        .help(
            "remove `output_file_name=`, or use `BatchDeploymentOutputAction.APPEND_ROW` to \
             write the file",
        );
    }
}
