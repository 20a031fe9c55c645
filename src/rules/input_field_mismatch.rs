//! ## What it does
//! Reports a field that does not belong to the input's kind: `path` or `mode` on a literal,
//! `default`, `min` or `max` on a data input, `min`/`max` on a string or boolean.
//!
//! ## Why is this bad?
//! azure-ai-ml checks the combination when it builds the input
//! (`Input._validate_parameter_combinations`) and stops with "Invalid parameter for '<type>'
//! Input, parameter '<p>' should be None but got '<v>'"; a `default` on a data input fails with
//! "Non-primitive type Input has no default value.". An input with a `default` but no `type` is a
//! data input (`uri_folder`) to the SDK — usually a forgotten `type: string`.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   score_mode:
//!     type: string
//!     path: append
//! ```
//!
//! ## Fix
//! ```yaml
//! inputs:
//!   score_mode:
//!     type: string
//!     default: append
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::InputType;
use crate::model::Invocation;
use crate::rules::{Basis, Class, Context, Rule};

pub struct InputFieldMismatch;

/// `IOConstants.INPUT_TYPE_COMBINATION`: the fields each type may set.
const COMBINATIONS: &[(InputType, &[&str])] = &[
    (InputType::UriFolder, &["path", "mode"]),
    (InputType::UriFile, &["path", "mode"]),
    (InputType::Mltable, &["path", "mode"]),
    (InputType::MlflowModel, &["path", "mode"]),
    (InputType::CustomModel, &["path", "mode"]),
    (InputType::Integer, &["default", "min", "max"]),
    (InputType::Number, &["default", "min", "max"]),
    (InputType::String, &["default"]),
    (InputType::Boolean, &["default"]),
];
const CHECKED: &[&str] = &["path", "mode", "default", "min", "max"];

impl Rule for InputFieldMismatch {
    fn id(&self) -> &'static str {
        "input-field-mismatch"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for io in &invocation.inputs {
            let Some(ty) = io.input_type() else {
                continue;
            };
            let Some((_, allowed)) = COMBINATIONS.iter().find(|(t, _)| *t == ty) else {
                continue;
            };
            for field in io.fields() {
                let key = field.key.as_str();
                if !CHECKED.contains(&key) || allowed.contains(&key) || field.value.is_null() {
                    continue;
                }
                let diagnostic = cx.report(
                    field.key_span,
                    format!(
                        "`{key}` does not belong on a `{ty}` input; the SDK raises \"Invalid \
                         parameter for '{ty}' Input, parameter '{key}' should be None\""
                    ),
                );
                if !io.has("type") && key == "default" {
                    diagnostic.help(
                        "without a `type` the input is a `uri_folder`; add `type: string` (or \
                         integer, number, boolean) to make it a literal",
                    );
                } else if key == "path" {
                    diagnostic.help("a literal's value goes under `default:`");
                } else if key == "default" {
                    diagnostic.help("a data input's location goes under `path:`");
                } else {
                    diagnostic.help(format!(
                        "remove `{key}`; a `{ty}` input takes {}",
                        allowed
                            .iter()
                            .map(|a| format!("`{a}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
            }
        }
    }
}
