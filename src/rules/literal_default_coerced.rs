//! ## What it does
//! Reports a `type: string` literal whose default is a plain (unquoted) scalar that YAML 1.2
//! reads as another type too: `3.10` (a number), `true` (a boolean), `0x1F` (an integer), `~` or
//! `null` (nothing) — so what is sent is not the text written.
//!
//! ## Why is this bad?
//! The CLI's YAML loader turns the value into a number, a boolean or null before azure-ai-ml
//! sees it, and the SDK sends a string literal as Python's `str()` of what it got: `3.10` is sent
//! as `"3.1"`, `true` as `"True"`, `0x1F` as `"31"`, `1.0e+3` as `"1000.0"`; `~` and `null` send
//! the literal with no value at all. No message says so: the conformance suite (`conformance/`)
//! shows each body the real SDK sends. Values that read back as written (`5`, `1.5`, `True`) are
//! not reported, and readings only YAML 1.1 makes (`no`, `010`, `1:30`) are
//! `yaml11-implicit-type`'s: one value never gets both.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   python_version:
//!     type: string
//!     default: 3.10
//! ```
//!
//! ## Fix
//! Quote the value:
//! ```yaml
//! inputs:
//!   python_version:
//!     type: string
//!     default: "3.10"
//! ```
//! The quoted text is offered as an **unsafe** fix (`--unsafe-fixes`): it changes what the job
//! receives — to what the file says.

use crate::diagnostic::Severity;
use crate::model::{InputType, Invocation};
use crate::rules::{Basis, Class, Context, Rule};
use crate::spec::sdk_literals::string_sent_as;
use crate::syntax::yaml11;

pub struct LiteralDefaultCoerced;

impl Rule for LiteralDefaultCoerced {
    fn id(&self) -> &'static str {
        "literal-default-coerced"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkChanges)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for io in &invocation.inputs {
            if io.declared_input_type() != Some(InputType::String) {
                continue;
            }
            let Some(default) = io.field("default").map(|f| &f.value) else {
                continue;
            };
            let text = default.text.as_str();
            if !default.plain
                || !default.known
                || yaml11::surprising_reading(text, default.loaded(), Some("string")).is_some()
            {
                continue;
            }
            let becomes = match default.loaded() {
                // An empty `default:` says "no default"; `~` and `null` look like a value.
                yaml11::Value::Null if !text.is_empty() => {
                    format!("null, so `{}` is sent with no value at all", io.name)
                }
                _ => match string_sent_as(default) {
                    Some(sent) if sent != text => format!(
                        "{} {}, so `{}` is sent as the string \"{sent}\"",
                        article(default.loaded().python_type()),
                        default.loaded().python_type(),
                        io.name
                    ),
                    _ => continue,
                },
            };
            let quoted = format!("\"{text}\"");
            cx.report(
                default.span,
                format!("`{text}` is read by the CLI's YAML loader as {becomes}"),
            )
            .help(format!("quote it to send the text as written: {quoted}"))
            .unsafe_fix(default.span, quoted);
        }
    }
}

fn article(python_type: &str) -> &'static str {
    if python_type.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
