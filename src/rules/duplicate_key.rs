//! ## What it does
//! Reports a key written twice in the same mapping, at the second occurrence.
//!
//! ## Why is this bad?
//! PyYAML, which the CLI uses to load inputs files, does not complain about duplicate keys: it
//! silently keeps the **last** value. Two `path:` lines, or two inputs with the same name, mean
//! that one of them is thrown away without a word.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data@latest
//!     path: azureml://datastores/workspaceblobstore/paths/heart
//! ```
//!
//! ## Fix
//! Keep the one you mean and delete the other. This rule has no automatic fix: amlint cannot know
//! which one is right.

use crate::diagnostic::Severity;
use crate::rules::{Basis, Class, Context, Rule};
use crate::syntax::yaml::Document;

pub struct DuplicateKey;

impl Rule for DuplicateKey {
    fn id(&self) -> &'static str {
        "duplicate-key"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkChanges)
    }

    fn check_yaml(&self, doc: &Document, cx: &mut Context<'_>) {
        for dup in doc.duplicates() {
            let first = cx.file.line_col(dup.first.start);
            cx.report(
                dup.second,
                format!(
                    "key `{}` is duplicated in this mapping; the CLI's YAML loader keeps only the \
                     last one",
                    dup.key
                ),
            )
            .help(format!(
                "`{}` was first written at line {}, column {}; remove one of them",
                dup.key, first.line, first.column
            ));
        }
    }
}
