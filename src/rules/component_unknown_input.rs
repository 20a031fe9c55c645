//! ## What it does
//! Reports an input that the pipeline deployment's component does not declare, and suggests the
//! closest declared name (`heart_dat` → `heart_data`).
//!
//! ## Why is this bad?
//! A pipeline component deployment binds the job's inputs to its component's `inputs:` by name. An
//! input the component does not declare reaches nothing: the value is lost, and the input that
//! was meant keeps its default (or is missing). amlint reads the component when the deployment
//! names a local file (`component: pipeline.yml`, relative to the deployment), inline, or through
//! a `job_definition:`; a remote component (`azureml:NAME@latest`) is not checked. No public
//! source shows what the service does with an undeclared input, so this is a warning. A name that
//! is not a valid input name at all is `input-key-charset`'s.
//!
//! ## Example
//! ```yaml
//! # pipeline.yml declares `heart_data` and `score_mode`
//! inputs:
//!   heart_dat:
//!     type: uri_folder
//!     path: azureml:heart-data@latest
//! ```
//!
//! ## Fix
//! Use the declared name (`heart_data`). This rule has no automatic fix: the closest name is a
//! guess.

use crate::diagnostic::Severity;
use crate::model::{Component, Declared, Invocation, Io};
use crate::rules::{Context, Rule};

pub struct ComponentUnknownInput;

impl Rule for ComponentUnknownInput {
    fn id(&self) -> &'static str {
        "component-unknown-input"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn depends_on_kind(&self) -> bool {
        true
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(component) = &invocation.component else {
            return;
        };
        report_unknown(
            &invocation.inputs,
            &component.inputs,
            component,
            "input",
            cx,
        );
    }
}

/// Report each of `given` that `declared` does not hold.
pub(crate) fn report_unknown(
    given: &[Io],
    declared: &[Declared],
    component: &Component,
    noun: &str,
    cx: &mut Context<'_>,
) {
    for io in given.iter().filter(|io| !io.from_flag) {
        if !is_io_name(&io.name) || declared.iter().any(|d| d.name == io.name) {
            continue;
        }
        let names: Vec<&str> = declared.iter().map(|d| d.name.as_str()).collect();
        let closest = crate::suggest::closest(&io.name, &names, 3).or_else(|| {
            names
                .iter()
                .copied()
                .find(|n| n.eq_ignore_ascii_case(&io.name))
        });
        let listed = if names.is_empty() {
            "none".to_string()
        } else {
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let diagnostic = cx.report(
            io.name_span,
            format!(
                "`{}` is not an {noun} of the component `{}` ({}): it declares {listed}",
                io.name, component.name, component.display
            ),
        );
        if let Some(closest) = closest {
            let line = declared
                .iter()
                .find(|d| d.name == closest)
                .map_or(0, |d| d.line);
            diagnostic.help(format!(
                "did you mean `{closest}` (declared in {}:{line})?",
                component.display
            ));
        }
    }
}

/// A name a component can declare (`IOConstants.VALID_KEY_PATTERN`, without parameter groups).
fn is_io_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
