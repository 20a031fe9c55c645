//! ## What it does
//! Reports a data input (`uri_folder`, `uri_file`, `mltable` or a model type) without a `path`,
//! or with an empty one.
//!
//! ## Why is this bad?
//! A data input is its location. azure-ai-ml raises "MlException: Input path can't be empty for
//! batch endpoint invoke" for an empty path, and crashes with "TypeError: argument of type
//! 'NoneType' is not iterable" (`HTTP_PREFIX not in input_data.path`, before anything is
//! resolved) when there is no `path` key at all — a misspelt `paht:` included.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//! ```
//!
//! ## Fix
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data@latest
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::{Invocation, IoValue, Origin};
use crate::rules::{Basis, Class, Context, Rule};

pub struct DataInputMissingPath;

impl Rule for DataInputMissingPath {
    fn id(&self) -> &'static str {
        "data-input-missing-path"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for io in &invocation.inputs {
            // `--input` without a value is argparse's own error ("expected one argument").
            let command_line_flag = io.from_flag && invocation.origin == Origin::CommandLine;
            if command_line_flag || !matches!(io.value, IoValue::Spec { .. }) || !io.is_data() {
                continue;
            }
            // An untyped input with a `default` is a literal missing its type: that is what
            // input-field-mismatch reports.
            if !io.has("type") && io.has("default") {
                continue;
            }
            // `--set inputs.x.type uri_folder` (no `=`): set-missing-equals reports the item, and
            // what the CLI builds from it is unknown (one mistake, one finding).
            if written_without_equals(invocation, &io.name) {
                continue;
            }
            let path = io.field("path").map(|f| &f.value).filter(|v| !v.is_null());
            match path {
                None => {
                    cx.report(
                        io.name_span,
                        format!(
                            "data input `{}` (`{}`) has no `path`: azure-ai-ml crashes with \
                             \"TypeError: argument of type 'NoneType' is not iterable\"",
                            io.name,
                            io.effective_type().unwrap_or("uri_folder")
                        ),
                    )
                    .help(
                        "add `path:` with a data asset (`azureml:NAME@latest`), a datastore path \
                         (`azureml://datastores/NAME/paths/P`), a URL or a local path",
                    );
                }
                Some(path) if path.known && path.text.trim().is_empty() => {
                    cx.report(
                        path.span,
                        format!(
                            "data input `{}` has an empty `path`: the SDK raises \"Input path \
                             can't be empty for batch endpoint invoke\"",
                            io.name
                        ),
                    )
                    .help("give the data's location");
                }
                Some(_) => {}
            }
        }
    }
}

/// Whether a `--set inputs.NAME.…` item of the command line is written without `=`.
fn written_without_equals(invocation: &Invocation, name: &str) -> bool {
    invocation.command.as_ref().is_some_and(|line| {
        line.set_items.iter().any(|item| {
            !item.has_equals
                && item
                    .key
                    .strip_prefix("inputs.")
                    .and_then(|rest| rest.strip_prefix(name))
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    })
}
