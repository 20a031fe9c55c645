//! ## What it does
//! Reports `--input` naming a file (a path ending in `.csv`, `.parquet`, `.png`, `.json`, …)
//! without `--input-type`. An `--input` without `--input-type` is otherwise fine: it is
//! documented, and the type defaults to `uri_folder`.
//!
//! ## Why is this bad?
//! Without `--input-type uri_file` the file is sent as a folder: a local file is uploaded and the
//! job is pointed at `…/heart.csv/`; an absolute local path fails with "There is no folder on
//! target path".
//!
//! ## Example
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --input data/heart.csv
//! ```
//!
//! ## Fix
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --input data/heart.csv --input-type uri_file
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::{Basis, Class, Context, Rule};

pub struct InputFileWithoutType;

impl Rule for InputFileWithoutType {
    fn id(&self) -> &'static str {
        "input-file-without-type"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkChanges)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for io in invocation
            .inputs
            .iter()
            .filter(|io| io.from_flag && !io.has("type"))
        {
            let Some(path) = io.path() else { continue };
            if !path.path_ref().names_a_file() {
                continue;
            }
            cx.report(
                path.span,
                "`--input` names a file, but without `--input-type` it is sent as a `uri_folder`",
            )
            .help("add `--input-type uri_file`");
        }
    }
}
