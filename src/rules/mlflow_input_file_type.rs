//! ## What it does
//! Reports an invocation of a batch deployment of an MLflow model **without** a scoring script
//! whose input path names a file the MLflow batch driver does not read: anything but `.csv`,
//! `.parquet`, `.pqt` and the images `.png`, `.jpg`, `.jpeg`, `.tif`, `.tiff`, `.bmp`, `.gif`.
//!
//! Only an invocation that a name ties to the deployment (its `--deployment-name`, or the
//! endpoint's default or only deployment) is judged, and only when the deployment's YAML says
//! the model is an MLflow model (`type: mlflow_model`) and has no `code_configuration`. A
//! folder input is not judged (its files are not known), nor a deployment with a scoring
//! script, which reads what its script reads.
//!
//! ## Why is this bad?
//! Without a scoring script the deployment runs the MLflow batch driver, which reads only those
//! file types (documentation: *Deploy MLflow models in batch deployments*, "File types
//! support"); any other file fails its mini-batch after the job is queued: "File type '…' is
//! not supported".
//!
//! ## Example
//! ```bash
//! az ml batch-endpoint invoke --name readmission-mlflow-batch \
//!   --deployment-name readmission-mlflow-simple \
//!   --input azureml://datastores/workspaceblobstore/paths/data/patients.json --input-type uri_file
//! ```
//!
//! ## Fix
//! Convert the data to CSV or Parquet, or add a scoring script (and an environment) that reads
//! JSON:
//! ```bash
//! az ml batch-endpoint invoke --name readmission-mlflow-batch \
//!   --deployment-name readmission-mlflow-simple \
//!   --input azureml://datastores/workspaceblobstore/paths/data/patients.csv --input-type uri_file
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::{Basis, Class, Context, Rule};

pub struct MlflowInputFileType;

/// What the MLflow batch driver reads.
const READ: &[&str] = &[
    "csv", "parquet", "pqt", "png", "jpg", "jpeg", "tif", "tiff", "bmp", "gif",
];

impl Rule for MlflowInputFileType {
    fn id(&self) -> &'static str {
        "mlflow-input-file-type"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide)
            .source("the MLflow batch driver reads csv, parquet and images (docs: MLflow models in batch deployments, file types)")
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        if !invocation
            .deployment
            .as_ref()
            .is_some_and(|d| d.mlflow_without_script)
        {
            return;
        }
        let mut found = Vec::new();
        for (_, path) in invocation.input_paths() {
            let text = path.text.trim_end();
            if text.ends_with('/') || text.ends_with('\\') {
                continue;
            }
            let last = text.rsplit(['/', '\\']).next().unwrap_or(text);
            if last.contains('$') || crate::placeholder::contains(last) {
                continue;
            }
            let Some((stem, extension)) = last.rsplit_once('.') else {
                continue;
            };
            if stem.is_empty()
                || extension.is_empty()
                || !extension.chars().all(|c| c.is_ascii_alphanumeric())
            {
                continue;
            }
            if READ.iter().any(|r| r.eq_ignore_ascii_case(extension)) {
                continue;
            }
            found.push((path.span, extension.to_string()));
        }
        for (span, extension) in found {
            cx.report(
                span,
                format!(
                    "the deployment runs an MLflow model without a scoring script, whose batch \
                     driver does not read `.{extension}` files (\"File type '{extension}' is not \
                     supported\")"
                ),
            )
            .help(
                "send CSV or Parquet (or images); or give the deployment a scoring script that \
                 reads this format",
            );
        }
    }
}
