//! ## What it does
//! Reports an input or output name with a character other than letters, digits and `_` (a
//! hyphen, a dot, a space), or one that starts with a digit, and suggests the underscored name.
//!
//! ## Why is this bad?
//! The documentation says of input names: "Keys can contain only alphanumeric characters and
//! underscore characters" and asks to "replace any hyphens in the data asset name with underscore
//! characters". A pipeline component's inputs must match `^[a-zA-Z_][a-zA-Z0-9_]*` (the SDK
//! raises "is not a valid parameter name, must be composed letters, numbers, and underscores"),
//! so an invocation key like `heart-data` can never match one of them: the job fails or the input
//! is ignored. For a **model** deployment the name is not used by the service, so there the
//! finding is only a warning; the reported severity is the one in effect.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart-data:
//!     type: uri_folder
//!     path: azureml:heart-data@latest
//! ```
//!
//! ## Fix
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data@latest
//! ```
//! The fix is **unsafe**: the deployment's input of the same name must be renamed as well.

use crate::diagnostic::Severity;
use crate::model::{DeploymentKind, Invocation};
use crate::rules::{Basis, Class, Context, Rule};

pub struct InputKeyCharset;

impl Rule for InputKeyCharset {
    fn id(&self) -> &'static str {
        "input-key-charset"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide)
            .source("Component._validate_io_names (pipeline inputs); the CLI reference: names of letters, digits and underscores")
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for io in invocation.all_io().filter(|io| !io.from_flag) {
            let name = io.name.as_str();
            let noun = io.direction.noun();
            let problem = if name.is_empty() {
                "is empty".to_string()
            } else if let Some(bad) = name
                .chars()
                .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
            {
                let shown = match bad {
                    ' ' => "a space".to_string(),
                    '\t' => "a tab".to_string(),
                    c => format!("`{c}`"),
                };
                format!("contains {shown}")
            } else if name.starts_with(|c: char| c.is_ascii_digit()) {
                "starts with a digit".to_string()
            } else {
                continue;
            };
            let renamed = underscored(name);
            let verbatim = cx.file.slice(io.name_span) == name;
            let diagnostic = cx.report(
                io.name_span,
                format!(
                    "{noun} name `{name}` {problem}; names may hold only letters, digits and `_`"
                ),
            );
            // A name holding a credential is never re-spelt into the report (`…&sig=S` would
            // become `…_sig_S`, past every mask).
            if crate::secrets::find(name).is_empty() {
                diagnostic.help(format!(
                    "rename it to `{renamed}` (and the deployment's {noun} of the same name)"
                ));
                if verbatim {
                    diagnostic.unsafe_fix(io.name_span, renamed);
                }
            } else {
                diagnostic.help(format!(
                    "rename it with letters, digits and `_` only (and the deployment's {noun} of the same name)"
                ));
            }
            if invocation.kind == Some(DeploymentKind::Model) {
                diagnostic.severity(Severity::Warning);
            }
        }
    }
}

/// `heart-data` → `heart_data`, `2nd input` → `_2nd_input`.
fn underscored(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}
