//! ## What it does
//! Reports a file that is not valid YAML, at the place where the parser gave up, with what it
//! expected there.
//!
//! ## Why is this bad?
//! `az ml batch-endpoint invoke --file` loads the file with PyYAML before anything else; a syntax
//! error stops the command after the login, with "ValidationException: Error while parsing yaml
//! file: <file>" and PyYAML's own text (`mapping values are not allowed here`, `while scanning a
//! quoted scalar … found unexpected end of stream`) instead of a position in your editor. amlint reads the rest of the file as far as it can, but nothing after the error is
//! checked.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: [azureml://datastores/workspaceblobstore/paths/data
//! ```
//!
//! ## Fix
//! Close the collection or quote the value:
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml://datastores/workspaceblobstore/paths/data
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::rules::{Basis, Class, Context, Rule};
use crate::syntax::yaml::Document;

pub struct YamlSyntax;

pub const YAML_SYNTAX: &str = "yaml-syntax";

impl Rule for YamlSyntax {
    fn id(&self) -> &'static str {
        YAML_SYNTAX
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_yaml(&self, doc: &Document, cx: &mut Context<'_>) {
        if let Some(error) = &doc.error {
            cx.report(error.span, format!("invalid YAML: {}", error.message));
        }
    }
}
