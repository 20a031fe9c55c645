//! ## What it does
//! Reports an output that the pipeline deployment's component does not declare, and suggests the
//! closest declared name.
//!
//! ## Why is this bad?
//! A pipeline deployment's job writes the outputs its component declares (`outputs:`); an output
//! of another name has nothing writing to it, so the location it names stays empty while the
//! declared output goes to its default place. amlint reads local and inline components only. No
//! public source shows the service rejecting such a job, so this is a warning.
//!
//! ## Example
//! ```yaml
//! # pipeline.yml declares the output `scores`
//! outputs:
//!   score:
//!     type: uri_folder
//!     path: azureml://datastores/workspaceblobstore/paths/scores/
//! ```
//!
//! ## Fix
//! Use the declared name (`scores`). This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::component_unknown_input::report_unknown;
use crate::rules::{Basis, Class, Context, Rule};

pub struct ComponentUnknownOutput;

impl Rule for ComponentUnknownOutput {
    fn id(&self) -> &'static str {
        "component-unknown-output"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide).source("the deployment's component YAML: declared outputs")
    }

    fn depends_on_kind(&self) -> bool {
        true
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(component) = &invocation.component else {
            return;
        };
        report_unknown(
            &invocation.outputs,
            &component.outputs,
            component,
            "output",
            cx,
        );
    }
}
