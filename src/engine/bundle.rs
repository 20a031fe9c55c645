//! The deployment bundle's units (RULES.md §10): a `.py` file that a model deployment of its
//! project names as its scoring script, read as one; the `load_*batch_deployment("…")` calls of
//! a Python region; and, for an invocation, the model deployment a name ties it to.

use std::sync::Arc;

use super::Checker;
use crate::frontends::FileKind;
use crate::frontends::python::bundle::{loader_calls, scoring_script};
use crate::frontends::{Language, Region, Role, Unit};
use crate::fs::paths;
use crate::model::bundle::{Facts, Scoring};
use crate::model::{DeploymentKind, Invocation};
use crate::project::{KindDecision, bundle};
use crate::source::{SourceFile, Span};

impl Checker<'_> {
    /// The `load_*batch_deployment("…")` calls of a Python region (a `.py` file, a notebook's
    /// code cells, a Markdown `python` fence), each with the file it loads, at their places in
    /// the file (a `--file` a command follows is not read for them).
    pub(super) fn loader_units(
        &self,
        file: &SourceFile,
        region: &Region<'_>,
        role: Role,
        units: &mut Vec<Unit>,
    ) {
        if region.language != Language::PYTHON || role == Role::Followed {
            return;
        }
        let calls = loader_calls(&region.text);
        if calls.is_empty() {
            return;
        }
        let in_file = |span: Span| region.map.as_ref().map_or(span, |map| map.span(span));
        let boundary = self.projects.boundary_of(file.dir());
        for mut call in calls {
            call.name = in_file(call.name);
            call.file_span = in_file(call.file_span);
            if let Some(deployment) =
                bundle::from_loader_call(call, file.dir(), &boundary, &bundle::shown)
            {
                units.push(Unit::Deployment(Box::new(deployment)));
            }
        }
    }

    /// A `.py` file as a scoring script, when a model deployment of its project names it as
    /// one (a `--file` a command follows is not one).
    pub(super) fn script_unit(
        &self,
        file: &SourceFile,
        file_kind: FileKind,
        role: Role,
        units: &mut Vec<Unit>,
    ) {
        if file_kind != FileKind::PYTHON || role == Role::Followed {
            return;
        }
        let project = self.projects.around(file.dir());
        if project.deployments.is_empty() {
            return;
        }
        let me = paths::absolute(&file.path);
        let Some(deployment) = project.deployments.iter().find(|d| {
            d.kind == DeploymentKind::Model && d.bundle.script.as_deref() == Some(me.as_path())
        }) else {
            return;
        };
        if let Some(script) = scoring_script(&file.text) {
            units.push(Unit::Script(Box::new(Scoring {
                script,
                deployment: bundle::shown(&deployment.path),
                name: deployment.bundle.name.clone(),
            })));
        }
    }

    /// What the kind decision says of an invocation: its kind, whether its inputs are all in
    /// view, and the model deployment a name ties it to (for the bundle rules).
    pub(super) fn apply(&self, invocation: &mut Invocation, decision: &KindDecision) {
        invocation.kind = decision.kind;
        if decision.inputs_elsewhere {
            invocation.inputs_whole = false;
        }
        invocation.deployment = self.tied(decision);
    }

    /// The model deployment a name ties an invocation to (not one only inferred).
    fn tied(&self, decision: &KindDecision) -> Option<Arc<Facts>> {
        if !decision.certain || decision.kind != Some(DeploymentKind::Model) {
            return None;
        }
        decision.deployment.as_ref().map(|d| d.bundle.clone())
    }
}
