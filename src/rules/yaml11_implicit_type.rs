//! ## What it does
//! Reports a plain (unquoted) value that the CLI's YAML 1.1 loader reads as something other than
//! the text it looks like: `yes`/`no`/`on`/`off` (booleans; `y`/`n` for other YAML 1.1 loaders),
//! `010` (octal: 8), `0o17` (a string to PyYAML, 15 to YAML 1.2 tools), `1_000` (1000) and `1:30`
//! (sexagesimal: 90), `0b101` (binary: 5).
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
use crate::rules::{Basis, Class, Context, Rule};
use crate::syntax::yaml11;

pub struct Yaml11ImplicitType;

impl Rule for Yaml11ImplicitType {
    fn id(&self) -> &'static str {
        "yaml11-implicit-type"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkChanges)
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

fn check(value: &Value, intended: Option<&str>, cx: &mut Context<'_>) {
    if !value.plain {
        return;
    }
    let Some(becomes) = yaml11::surprising_reading(&value.text, value.loaded(), intended) else {
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
