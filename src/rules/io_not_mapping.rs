//! ## What it does
//! Reports `inputs:` or `outputs:` written as a list or a single value instead of a mapping from
//! names to definitions.
//!
//! ## Why is this bad?
//! The CLI turns `inputs:` into a dictionary of named inputs, as the documentation's examples
//! show. A list (the shape of some other tools' `inputs.yml`) or a scalar has no names, so nothing
//! reaches the deployment's inputs.
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
use crate::rules::{Context, Rule};
use crate::yaml::Document;

pub struct IoNotMapping;

impl Rule for IoNotMapping {
    fn id(&self) -> &'static str {
        "io-not-mapping"
    }

    fn severity(&self) -> Severity {
        Severity::Error
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
