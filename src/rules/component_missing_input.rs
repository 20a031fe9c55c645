//! ## What it does
//! Reports an input that the pipeline deployment's component declares without a `default` and
//! without `optional: true`, which an invocation that shows all its inputs does not give.
//!
//! ## Why is this bad?
//! The component's job needs the value, and nothing supplies it: the job fails when the step that
//! reads it starts, long after it was queued. amlint reports it only where it sees every input the
//! invocation sends — an inputs file, `--set inputs.…` without `--file`/`--input`, a literal
//! `inputs={…}`, a REST body — and only for local or inline components. No public source shows
//! the service refusing the job up front, so this is a warning.
//!
//! ## Example
//! ```yaml
//! # pipeline.yml declares `heart_data` (no default) and `score_mode` (default: append)
//! inputs:
//!   score_mode:
//!     type: string
//!     default: append
//! ```
//!
//! ## Fix
//! Give the input (`heart_data: {type: uri_folder, path: …}`), or declare a default in the
//! component. This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::{Basis, Class, Context, Rule};

pub struct ComponentMissingInput;

impl Rule for ComponentMissingInput {
    fn id(&self) -> &'static str {
        "component-missing-input"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide).source(
            "the deployment's component YAML: an input with no default that is not optional",
        )
    }

    fn depends_on_kind(&self) -> bool {
        true
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(component) = &invocation.component else {
            return;
        };
        if !invocation.inputs_whole {
            return;
        }
        let at = if invocation.inputs_anchor.is_empty() {
            invocation
                .command
                .as_ref()
                .map(|c| c.command_span)
                .or(invocation.call_span)
                .unwrap_or(invocation.inputs_anchor)
        } else {
            invocation.inputs_anchor
        };
        for declared in &component.inputs {
            if declared.has_default
                || declared.optional
                || invocation.inputs.iter().any(|io| io.name == declared.name)
            {
                continue;
            }
            cx.report(
                at,
                format!(
                    "the component `{}` needs the input `{}` (declared in {}:{}{}, with no default), \
                     and this invocation does not give it",
                    component.name,
                    declared.name,
                    component.display,
                    declared.line,
                    declared
                        .ty
                        .as_deref()
                        .map_or(String::new(), |t| format!(" as {t}"))
                ),
            )
            .help(format!("add the input `{}`", declared.name));
        }
    }
}
