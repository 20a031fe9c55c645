//! ## What it does
//! Reports a plain (unquoted) value that the CLI's YAML 1.1 loader reads as something other than
//! the text it looks like: `yes`/`no`/`on`/`off` (booleans; `y`/`n` for other YAML 1.1 loaders),
//! `010` (octal: 8), `0o17` (a string to PyYAML, 15 to YAML 1.2 tools), `1_000` (1000) and `1:30`
//! (sexagesimal: 90).
//!
//! ## Why is this bad?
//! `az ml` loads inputs files with PyYAML's `safe_load`, which implements YAML 1.1. A
//! `type: string` literal with `default: no` is sent as the string `"False"`, and
//! `type: integer` with `default: 010` as `8` — silently. Editors and most linters use YAML 1.2,
//! where these are plain strings or decimal numbers, so the file looks right everywhere but in the
//! job.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   overwrite:
//!     type: string
//!     default: no
//! ```
//!
//! ## Fix
//! Quote the value:
//! ```yaml
//! inputs:
//!   overwrite:
//!     type: string
//!     default: "no"
//! ```
//! The diagnostic carries the quoted text as a safe fix. Values that already mean what the type
//! asks for (`default: yes` under `type: boolean`) are not reported.

use crate::diagnostic::Severity;
use crate::model::{Invocation, IoValue, Value};
use crate::rules::{Context, Rule};
use crate::yaml11::{self, is_spec_only_bool};

pub struct Yaml11ImplicitType;

impl Rule for Yaml11ImplicitType {
    fn id(&self) -> &'static str {
        "yaml11-implicit-type"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for io in invocation.all_io() {
            match &io.value {
                IoValue::Bare(value) => check(value, None, cx),
                IoValue::Spec { .. } => {
                    let declared = io.declared_type();
                    for field in io.fields() {
                        let intended = (field.key == "default").then_some(declared).flatten();
                        check(&field.value, intended, cx);
                    }
                }
                IoValue::Other(_) => {}
            }
        }
    }
}

/// What a surprising plain scalar becomes, or `None` when it reads as it looks.
fn surprise(value: &Value, intended: Option<&str>) -> Option<String> {
    let text = value.text.as_str();
    match value.loaded {
        yaml11::Value::Bool(b) => {
            let obvious = matches!(text, "true" | "True" | "TRUE" | "false" | "False" | "FALSE");
            (!obvious && intended != Some("boolean"))
                .then(|| format!("the boolean `{}`", if b { "true" } else { "false" }))
        }
        yaml11::Value::Str if is_spec_only_bool(text) => (intended != Some("boolean"))
            .then(|| "a boolean by other YAML 1.1 loaders (PyYAML keeps it a string)".into()),
        yaml11::Value::Str if is_yaml12_octal(text) => {
            Some("a string by PyYAML, but the number 0o… by YAML 1.2 tools".into())
        }
        yaml11::Value::Int(n) => {
            let digits = text.trim_start_matches(['-', '+']);
            let octal = digits.len() > 1
                && digits.starts_with('0')
                && !digits.starts_with("0x")
                && !digits.starts_with("0b");
            let sexagesimal = text.contains(':');
            let underscored = text.contains('_');
            let numeric = matches!(intended, Some("integer" | "number"));
            let shown = n.map_or_else(
                || "a large integer".to_string(),
                |n| format!("the integer `{n}`"),
            );
            if octal || sexagesimal || (underscored && !numeric) {
                Some(shown)
            } else {
                None
            }
        }
        yaml11::Value::Float(_)
            if text.contains(':') || (text.contains('_') && intended != Some("number")) =>
        {
            Some("a number".into())
        }
        _ => None,
    }
}

fn is_yaml12_octal(text: &str) -> bool {
    let digits = text.trim_start_matches(['-', '+']);
    digits
        .strip_prefix("0o")
        .is_some_and(|d| !d.is_empty() && d.chars().all(|c| ('0'..='7').contains(&c)))
}

fn check(value: &Value, intended: Option<&str>, cx: &mut Context<'_>) {
    if !value.plain {
        return;
    }
    let Some(becomes) = surprise(value, intended) else {
        return;
    };
    let quoted = format!("\"{}\"", value.text);
    cx.report(
        value.span,
        format!(
            "`{}` is read as {becomes} by the CLI's YAML 1.1 loader, not as the text `{}`",
            value.text, value.text
        ),
    )
    .help(format!("quote it: {quoted}"))
    .fix(value.span, quoted);
}
