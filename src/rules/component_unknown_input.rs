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
use crate::rules::{Basis, Class, Context, Rule};

pub struct ComponentUnknownInput;

impl Rule for ComponentUnknownInput {
    fn id(&self) -> &'static str {
        "component-unknown-input"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide)
            .source("the deployment's component YAML: a pipeline deployment binds inputs to its declared inputs by name")
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

/// How many declared names a message lists; the rest are counted.
const LISTED: usize = 5;

/// Names quoted in a message are cut to this many characters (a generated name can be long).
const QUOTED_CHARS: usize = 64;

/// Report each of `given` that `declared` does not hold. The declared names are prepared once
/// (a set to look names up, normalised candidates to suggest from), and a message lists a few
/// of them: a component of thousands of inputs costs each unknown one a lookup and a few small
/// comparisons, and its message stays short.
pub(crate) fn report_unknown(
    given: &[Io],
    declared: &[Declared],
    component: &Component,
    noun: &str,
    cx: &mut Context<'_>,
) {
    let unknown: Vec<&Io> = {
        let names: std::collections::HashSet<&str> =
            declared.iter().map(|d| d.name.as_str()).collect();
        given
            .iter()
            .filter(|io| !io.from_flag && is_io_name(&io.name) && !names.contains(io.name.as_str()))
            .collect()
    };
    if unknown.is_empty() {
        return;
    }
    let candidates = crate::suggest::Candidates::new(declared.iter().map(|d| d.name.as_str()));
    let listed = if declared.is_empty() {
        "none".to_string()
    } else {
        let mut listed = declared
            .iter()
            .take(LISTED)
            .map(|d| format!("`{}`", cut(&d.name)))
            .collect::<Vec<_>>()
            .join(", ");
        if declared.len() > LISTED {
            listed.push_str(&format!(" and {} more", declared.len() - LISTED));
        }
        listed
    };
    for io in unknown {
        let closest = candidates.closest(&io.name, 3).or_else(|| {
            declared
                .iter()
                .map(|d| d.name.as_str())
                .find(|n| n.eq_ignore_ascii_case(&io.name))
        });
        let diagnostic = cx.report(
            io.name_span,
            format!(
                "`{}` is not an {noun} of the component `{}` ({}): it declares {listed}",
                cut(&io.name),
                cut(&component.name),
                component.display
            ),
        );
        if let Some(closest) = closest {
            let line = declared
                .iter()
                .find(|d| d.name == closest)
                .map_or(0, |d| d.line);
            diagnostic.help(format!(
                "did you mean `{}` (declared in {}:{line})?",
                cut(closest),
                component.display
            ));
        }
    }
}

/// A name as a message quotes it: at most [`QUOTED_CHARS`] characters, then `…`.
fn cut(name: &str) -> std::borrow::Cow<'_, str> {
    match name.char_indices().nth(QUOTED_CHARS) {
        Some((at, _)) => format!("{}…", &name[..at]).into(),
        None => name.into(),
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
