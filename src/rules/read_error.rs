//! ## What it does
//! Reports a file that amlint could not check: it cannot be read (permissions, a vanished file),
//! it is not text (invalid UTF-8, binary), or it is larger than amlint's limit.
//!
//! ## Why is this bad?
//! A file the linter silently skips is a file nobody checked. The other files are still checked;
//! the run exits with 2 only when nothing that was named could be read at all.
//!
//! ## Example
//! ```text
//! inputs.yml: permission denied
//! ```
//!
//! ## Fix
//! Make the file readable UTF-8 text, or exclude it (`.gitignore`, or do not name it). This rule
//! has no automatic fix.

use crate::diagnostic::Severity;
use crate::rules::{Basis, Class, Rule};

pub struct ReadError;

pub const READ_ERROR: &str = "read-error";

impl Rule for ReadError {
    fn id(&self) -> &'static str {
        READ_ERROR
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::Policy)
            .source("a file amlint cannot read is reported, never skipped in silence")
    }
}
