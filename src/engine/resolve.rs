//! What the project around an invocation says about it: its deployment kind, its pipeline
//! component, the kinds of its data stores, and the component's declarations the editor shows.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::engine::Checker;
use crate::engine::notes::note_at_invocation;
use crate::fs::paths;
use crate::model::{DatastoreKind, DeploymentKind, Invocation};
use crate::project::{KindDecision, Projects, component};
use crate::settings::rule_table::Settings;
use crate::source::{SourceFile, Span};

/// Project discovery for a run or an editor session: batch YAML and ARM templates, and the
/// deployments and endpoints Python defines in the project's other files (read by the
/// front-ends, handed to discovery here: `project` does not import them).
pub fn projects(roots: Arc<crate::fs::paths::RepositoryRoots>) -> Projects {
    Projects::with_roots(roots).reading_definitions(crate::frontends::definitions::PROJECT_READER)
}

impl Checker<'_> {
    /// The kinds of the data stores an invocation's outputs may name: those the project's
    /// datastore YAML declares, overridden by the config's `[datastores]`.
    pub(super) fn datastores(
        &self,
        file: &SourceFile,
        invocation: &Invocation,
        settings: &Settings<'_>,
    ) -> Option<HashMap<String, DatastoreKind>> {
        if invocation.outputs.is_empty() {
            return None;
        }
        let mut kinds = self.projects.around(file.dir()).datastores.clone();
        if let Some(configured) = settings.datastores() {
            kinds.extend(configured.iter().map(|(k, v)| (k.clone(), *v)));
        }
        Some(kinds)
    }
}

impl Checker<'_> {
    /// The deployment kind of an invocation: `--deployment-kind`, else the project around it.
    pub(super) fn decide_kind(
        &self,
        file: &SourceFile,
        invocation: &Invocation,
        settings: &Settings<'_>,
    ) -> KindDecision {
        if let Some(kind) = self.options.deployment_kind {
            return KindDecision {
                kind: Some(kind),
                reason: "--deployment-kind".into(),
                certain: true,
                deployment: None,
                inputs_elsewhere: false,
            };
        }
        if let Some(config) = &settings.config
            && let Some(kind) = config.deployment_kind(&file.path)
        {
            return KindDecision {
                kind: Some(kind),
                reason: format!("[deployment-kind] in {}", config.path.display()),
                certain: true,
                deployment: None,
                inputs_elsewhere: false,
            };
        }
        let known = |value: &Option<crate::model::Value>| {
            value
                .as_ref()
                .filter(|v| v.known)
                .map(|v| v.text.to_string())
        };
        let deployment = known(&invocation.deployment_name);
        let named = match (&invocation.deployment_name, &deployment) {
            (_, Some(name)) => crate::project::Named::Deployment(name),
            (Some(_), None) => crate::project::Named::Unknown,
            (None, None) => crate::project::Named::Nothing,
        };
        let endpoint = known(&invocation.endpoint_name).or_else(|| invocation.endpoint_key.clone());
        let project = self.projects.around(file.dir());
        let shown = |p: &Path| shown_relative(paths::cwd(), p);
        match &invocation.defined {
            // Deployments defined in the same file are the nearest of all.
            // Deployments defined in the same file are the nearest of all; what discovery read of
            // the file (the same definitions, or in an editor the file as saved) is left out of
            // the project's.
            Some(definitions) => {
                let path: Arc<Path> = Arc::from(file.path.as_path());
                let line_of = |offset: usize| file.line_col(offset).line;
                let local = crate::project::deployment::place(definitions, &path, &line_of);
                let here = paths::absolute(&file.path);
                project.resolve_with(&local, Some(&here), named, endpoint.as_deref(), &shown)
            }
            None => project.resolve(named, endpoint.as_deref(), &shown),
        }
    }
}

impl Checker<'_> {
    /// The component of the pipeline deployment a name ties the invocation to, when it is a local
    /// file (read once per run); `--verbose` says which one, or why there is none.
    pub(super) fn component(
        &self,
        file: &SourceFile,
        invocation: &Invocation,
        decision: &KindDecision,
        notes: &mut Vec<String>,
    ) -> Option<Arc<crate::model::Component>> {
        if decision.kind != Some(DeploymentKind::Pipeline) {
            return None;
        }
        let source = component::source_of(decision.deployment.as_ref()?);
        let resolved = match source {
            Err(known) => known,
            Ok(source) => {
                let cached = self
                    .components
                    .lock()
                    .ok()
                    .and_then(|c| c.get(&*source).cloned());
                match cached {
                    Some(resolved) => resolved,
                    None => {
                        let boundary = self.projects.boundary_of(file.dir());
                        let shown = |p: &Path| shown_relative(paths::cwd(), p);
                        let resolved = component::resolve(&source, &boundary, &shown);
                        if let Ok(mut cache) = self.components.lock() {
                            cache.insert(source.clone(), resolved.clone());
                        }
                        resolved
                    }
                }
            }
        };
        if self.options.verbose {
            let what = match &resolved {
                component::Resolved::Local(c) => {
                    format!(
                        "checked against the component `{}` in {}",
                        c.name, c.display
                    )
                }
                component::Resolved::Unknown(why) => {
                    format!("the deployment's component is not checked: {why}")
                }
            };
            notes.push(note_at_invocation(file, invocation, &what));
        }
        match resolved {
            component::Resolved::Local(c) => Some(c),
            component::Resolved::Unknown(_) => None,
        }
    }
}

/// A path as messages show it: relative to `cwd` (the current folder) when under it (`.` for the
/// folder itself).
pub(super) fn shown_relative(cwd: Option<&Path>, path: &Path) -> String {
    cwd.and_then(|c| path.strip_prefix(c).ok()).map_or_else(
        || path.display().to_string(),
        |r| {
            if r.as_os_str().is_empty() {
                ".".to_string()
            } else {
                r.display().to_string()
            }
        },
    )
}

/// For each input and output of `invocation` that its pipeline component declares: where its name
/// is, and the declaration (for the editor's hover).
pub(super) fn declarations_of(invocation: &Invocation) -> Vec<(Span, String)> {
    let Some(component) = &invocation.component else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for io in invocation.all_io().filter(|io| !io.from_flag) {
        let declared = match io.direction {
            crate::model::Direction::Input => component.input(&io.name),
            crate::model::Direction::Output => component.output(&io.name),
        };
        if let Some(d) = declared {
            let mut text = format!(
                "**{}**: {} of the component `{}`, declared in {}:{}",
                d.name,
                io.direction.noun(),
                component.name,
                component.display,
                d.line
            );
            if let Some(ty) = &d.ty {
                text.push_str(&format!(" as `{ty}`"));
            }
            if d.has_default {
                text.push_str(" (has a default)");
            } else if d.optional {
                text.push_str(" (optional)");
            }
            out.push((io.name_span, text));
        }
    }
    out
}

impl Checker<'_> {
    /// What a front-end's sink held once it was done with a region: the spans to mask, and the
    /// batch deployments and endpoints the region defines (Python), checked where written.
    pub(super) fn take_parts(
        &self,
        file: &SourceFile,
        (masked, definitions): crate::frontends::SinkParts,
        settings: &Settings<'_>,
        found: &mut super::Found,
    ) {
        found.hidden.extend(masked);
        let enabled = |id: &str| settings.enabled(id);
        found.any |=
            crate::rules::runner::definitions(file, &definitions, &enabled, &mut found.diagnostics);
    }
}
