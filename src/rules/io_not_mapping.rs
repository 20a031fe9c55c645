//! ## What it does
//! Reports `inputs:` or `outputs:` written as a list or a single value instead of a mapping from
//! names to definitions — in an inputs file, or as the SDK's `inputs=`/`outputs=` (an
//! `Input(…)`, a list, a string).
//!
//! ## Why is this bad?
//! The CLI turns `inputs:` into a dictionary of named inputs, as the documentation's examples
//! show. A list (the shape of some other tools' `inputs.yml`) or a scalar has no names, so nothing
//! reaches the deployment's inputs. azure-ai-ml stops: an `inputs:` list crashes `invoke` with
//! "AttributeError: 'list' object has no attribute 'items'", and a single value — the SDK's
//! `inputs=Input(…)` too — with "ValidationError: {'input_data': ['Not a valid mapping type.']}"
//! (`output_data` for outputs).
//!
//! ## Example
//! ```yaml
//! inputs:
//!   - type: uri_folder
//!     path: azureml:heart-data@latest
//! ```
//!
//! ## Fix
//! Give each input a name that matches the deployment's input:
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data@latest
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::{Direction, Invocation};
use crate::rules::{Basis, Class, Context, Rule};
use crate::syntax::yaml::Document;

pub struct IoNotMapping;

impl Rule for IoNotMapping {
    fn id(&self) -> &'static str {
        "io-not-mapping"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for given in &invocation.not_mappings {
            let (keyword, class, field) = match given.direction {
                Direction::Input => ("inputs", "Input", "input_data"),
                Direction::Output => ("outputs", "Output", "output_data"),
            };
            // `invoke` walks `inputs.items()` before its schema sees them: only an `Input` (which
            // has `items()`) reaches the schema's "Not a valid mapping type."
            let sdk_error = if given.direction == Direction::Input && given.python_type != "Input" {
                format!(
                    "AttributeError: '{}' object has no attribute 'items'",
                    given.python_type
                )
            } else {
                format!("ValidationError: {{'{field}': ['Not a valid mapping type.']}}")
            };
            cx.report(
                given.span,
                format!(
                    "`{keyword}=` is {}, not a dict of named {keyword}: azure-ai-ml raises \
                     \"{sdk_error}\"",
                    given.shape
                ),
            )
            .help(if given.direction == Direction::Input {
                "write `inputs={\"NAME\": Input(…)}` with the deployment's input name, or pass one \
                 data input as `input=Input(…)`"
                    .to_string()
            } else {
                format!("write `{keyword}={{\"NAME\": {class}(…)}}`")
            });
        }
    }

    fn check_document(&self, doc: &Document, cx: &mut Context<'_>) {
        let Some(root) = doc.root() else { return };
        for block in ["inputs", "outputs"] {
            let Some(value) = root.get(block) else {
                continue;
            };
            let shape = if value.is_sequence() {
                "a list"
            } else if value.as_scalar().is_some() && !value.is_null() {
                "a single value"
            } else {
                continue;
            };
            let noun = &block[..block.len() - 1];
            cx.report(
                value.span(),
                format!(
                    "`{block}:` is {shape}; it must be a mapping from {noun} names to their \
                     definitions"
                ),
            )
            .help(format!(
                "write `{block}:` as `NAME: {{type: …, {}}}` entries, one per {noun}",
                if block == "inputs" {
                    "path: … | default: …"
                } else {
                    "path: …"
                }
            ));
        }
    }
}
