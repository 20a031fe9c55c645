//! ## What it does
//! Reports a `--set` batch job field given a value of the wrong type: `mini_batch_size`,
//! `error_threshold`, `retry_settings.max_retries`, `retry_settings.timeout` and
//! `compute.instance_count` take integers.
//!
//! ## Why is this bad?
//! The batch job schema validates the override before anything is sent and stops with
//! "{'mini_batch_size': ['Not a valid integer.']}".
//!
//! ## Example
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --input data --set mini_batch_size=ten
//! ```
//!
//! ## Fix
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --input data --set mini_batch_size=10
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::{Basis, Class, Context, Rule};

pub struct SetValueType;

const INTEGER_FIELDS: &[&str] = &[
    "mini_batch_size",
    "error_threshold",
    "retry_settings.max_retries",
    "retry_settings.timeout",
    "compute.instance_count",
];

/// What Python's `int()` accepts: optional sign, digits, `_` between digits, surrounding spaces.
pub fn is_python_int(text: &str) -> bool {
    let t = text.trim();
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'_')
        && !digits.starts_with('_')
        && !digits.ends_with('_')
        && !digits.contains("__")
}

impl Rule for SetValueType {
    fn id(&self) -> &'static str {
        "set-value-type"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for item in invocation.job_overrides() {
            if !INTEGER_FIELDS.contains(&item.key.as_str()) {
                continue;
            }
            let Some(value) = item.value.as_ref().filter(|v| v.known) else {
                continue;
            };
            if is_python_int(&value.text) {
                continue;
            }
            let field = item.key.split('.').next_back().unwrap_or(&item.key);
            cx.report(
                value.span,
                format!(
                    "`{}` takes an integer, not `{}`: azure-ai-ml rejects it with \"{{'{field}': \
                     ['Not a valid integer.']}}\"",
                    item.key, value.text
                ),
            )
            .help("give a whole number");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_python_int;

    #[test]
    fn integers_as_python_reads_them() {
        for ok in ["5", "-1", "+3", " 7 ", "1_000"] {
            assert!(is_python_int(ok), "{ok}");
        }
        for bad in ["", "abc", "5.5", "1e3", "_1", "1__0", "x1"] {
            assert!(!is_python_int(bad), "{bad}");
        }
    }
}
