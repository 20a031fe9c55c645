//! ## What it does
//! Reports an inline `# amlint: ignore[RULE]` comment that silences nothing on its line or the
//! next, or that names a rule amlint does not have.
//!
//! ## Why is this bad?
//! A stale suppression hides the next real finding on that line, and a misspelt id silences
//! nothing while looking as if it did (ruff's RUF100 does the same). Comments naming a rule that
//! is switched off in the current configuration are not reported.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:  # amlint: ignore[input-key-charset]
//!     type: uri_folder
//!     path: azureml:heart-data@latest
//! ```
//!
//! ## Fix
//! Remove the comment (or correct the rule id):
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data@latest
//! ```
//! This rule has no automatic fix yet.

use crate::diagnostic::Severity;
use crate::rules::{Basis, Class, Rule};

/// Its id, for the suppression pass that reports it.
pub const UNUSED_IGNORE: &str = "unused-ignore";

pub struct UnusedIgnore;

impl Rule for UnusedIgnore {
    fn id(&self) -> &'static str {
        UNUSED_IGNORE
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::Policy).source("ruff's RUF100")
    }
}
