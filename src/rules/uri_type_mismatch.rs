//! ## What it does
//! Reports a `uri_folder` whose path names a file (`….csv`, `….parquet`, an existing local file),
//! and a `uri_file` whose path ends in `/` or is an existing local folder. `--output-path` is
//! never reported: the CLI writes the job's `output_file_name` into it (its invoke logic, as the
//! Ansible collection `azure.azcollection` ports it, sends the path as `output_dataset.path`), so a
//! folder is right there, as the model-deployment page shows
//! (`--output-path azureml://datastores/<datastore-name>/paths/<path>/`).
//!
//! ## Why is this bad?
//! The type tells the deployment how to mount the data. A CSV sent as `uri_folder` is mounted as
//! a folder that does not exist (for an absolute local path the SDK raises "There is no folder on
//! target path"), and a folder sent as `uri_file` likewise. A file name can end in anything, so
//! this is a warning.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: https://azuremlexampledata.blob.core.windows.net/data/heart-disease-uci/data/heart.csv
//! ```
//!
//! ## Fix
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_file
//!     path: https://azuremlexampledata.blob.core.windows.net/data/heart-disease-uci/data/heart.csv
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::path_ref::PathRef;
use crate::model::{Direction, InputType, Invocation, is_placeholder};
use crate::rules::{Basis, Class, Context, Rule};

pub struct UriTypeMismatch;

impl Rule for UriTypeMismatch {
    fn id(&self) -> &'static str {
        "uri-type-mismatch"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide)
            .source("docs: uri_file names one file, uri_folder a folder; an absolute local path raises in the SDK ('There is no file on target path')")
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for (io, path) in invocation.input_paths().chain(invocation.output_paths()) {
            // `--output-path` names the folder the CLI writes `output_file_name` into: a folder
            // is right there (output-path-flag-format judges the flag).
            if io.from_flag && io.direction == Direction::Output {
                continue;
            }
            if is_placeholder(&path.text) {
                continue;
            }
            let parsed = path.path_ref();
            let local = match parsed {
                PathRef::Local(p) => Some(invocation.base_dir.join(p)),
                _ => None,
            };
            let noun = io.direction.noun();
            match io.declared_input_type() {
                Some(InputType::UriFolder) => {
                    let is_file =
                        parsed.names_a_file() || local.as_ref().is_some_and(|p| p.is_file());
                    if is_file && !parsed.ends_with_separator() {
                        cx.report(
                            path.span,
                            format!(
                                "{noun} `{}` is a `uri_folder`, but its path names a file",
                                io.name
                            ),
                        )
                        .help("use `type: uri_file` for a single file");
                    }
                }
                Some(InputType::UriFile) => {
                    let is_dir =
                        parsed.ends_with_separator() || local.as_ref().is_some_and(|p| p.is_dir());
                    if is_dir {
                        cx.report(
                            path.span,
                            format!(
                                "{noun} `{}` is a `uri_file`, but its path names a folder",
                                io.name
                            ),
                        )
                        .help("use `type: uri_folder` for a folder, or name the file");
                    }
                }
                _ => {}
            }
        }
    }
}
