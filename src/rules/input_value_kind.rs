//! ## What it does
//! Reports an input (or output) whose value cannot be one: a list, an empty value, a YAML
//! timestamp (`2024-01-01`, which the loader turns into a date), or a bare string that is a data
//! path (`azureml:…`, `https://…`, `./…`) instead of a `{type, path}` mapping.
//!
//! ## Why is this bad?
//! The SDK resolves and types only `Input` objects; anything else is put into the request as it
//! is, with no `jobInputType`. A bare `azureml:heart-data@latest` is sent as a raw string that the
//! service cannot type (the 2023 revision of the documentation showed this form; the current page
//! replaced it with a `type`/`path` mapping).
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_dataset: azureml:heart-dataset-unlabeled@latest
//! ```
//!
//! ## Fix
//! ```yaml
//! inputs:
//!   heart_dataset:
//!     type: uri_folder
//!     path: azureml:heart-dataset-unlabeled@latest
//! ```
//! This rule has no automatic fix: the right `type` depends on the data.

use crate::diagnostic::Severity;
use crate::model::{Direction, Invocation, IoValue, Origin, looks_like_data};
use crate::rules::{Basis, Class, Context, Rule};
use crate::syntax::yaml11;

pub struct InputValueKind;

impl Rule for InputValueKind {
    fn id(&self) -> &'static str {
        "input-value-kind"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkChanges)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for io in invocation.all_io() {
            let noun = io.direction.noun();
            let name = &io.name;
            match &io.value {
                IoValue::Spec { .. } => {}
                IoValue::Other(value) => {
                    let what = if value.is_null() { "empty" } else { "a list" };
                    cx.report(
                        if value.span.is_empty() {
                            io.name_span
                        } else {
                            value.span
                        },
                        format!(
                            "{noun} `{name}` is {what}; it needs a `type` and a `path`{}",
                            if io.direction == Direction::Input {
                                " or a `default`"
                            } else {
                                ""
                            }
                        ),
                    )
                    .help(format!(
                        "write `{name}:` as a mapping: `{{type: uri_folder, path: …}}`"
                    ));
                }
                IoValue::Bare(value) if matches!(value.loaded(), yaml11::Value::Timestamp) => {
                    cx.report(
                        value.span,
                        format!(
                            "{noun} `{name}` is `{}`, which the CLI's YAML loader turns into a \
                             date; a date is not an input value",
                            value.text
                        ),
                    )
                    .help(format!(
                        "write it as a quoted string literal: `{name}: {{type: string, default: \
                         \"{}\"}}`",
                        value.text
                    ));
                }
                IoValue::Bare(value)
                    if looks_like_data(value) || io.direction == Direction::Output =>
                {
                    let ty = if value
                        .path_ref()
                        .last_segment()
                        .is_some_and(|s| s.contains('.'))
                    {
                        "uri_file"
                    } else {
                        "uri_folder"
                    };
                    // Through `--file` the CLI makes a bare input a typed literal, and reads an
                    // output as a mapping (SDK-BEHAVIOUR §30).
                    let what = match (invocation.origin == Origin::InputsFile, io.direction) {
                        (true, Direction::Input) => {
                            "the CLI makes it a `string` literal, not a data input".to_string()
                        }
                        (true, Direction::Output) => {
                            "the CLI reads an output only as a mapping of `type` and `path`"
                                .to_string()
                        }
                        (false, _) => format!(
                            "it is sent raw, with no {noun} type, instead of as a data {noun}"
                        ),
                    };
                    cx.report(
                        value.span,
                        format!("{noun} `{name}` is a bare string; {what}"),
                    )
                    .help(format!(
                        "write it as a mapping: `{name}: {{type: {ty}, path: {}}}`",
                        value.text
                    ));
                }
                IoValue::Bare(_) => {}
            }
        }
    }
}
