//! Running the rules over one unit of a file: each enabled rule sees the unit through the hooks
//! of its subject — YAML of any kind, an inputs file, batch YAML, an invocation, a deployment's
//! bundle, a scoring script — and the
//! runner skips what a rule may not judge (content after a YAML syntax error; client-side
//! rules on a REST body, which goes to the service directly).

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::frontends::Unit;
use crate::model::{DatastoreKind, DeploymentKind, Origin};
use crate::project::{BatchFileKind, bundle};
use crate::rules::{Context, RULES, Sink};
use crate::source::SourceFile;

pub fn run(
    file: &SourceFile,
    unit: &Unit,
    enabled: &dyn Fn(&str) -> bool,
    datastores: Option<&HashMap<String, DatastoreKind>>,
    out: &mut dyn Sink,
) {
    let (doc, invocation) = match unit {
        Unit::Inputs { doc, invocation } => (Some(doc), Some(invocation)),
        Unit::Batch { doc, .. } | Unit::Broken(doc) => (Some(doc), None),
        Unit::Invocation(invocation) => (None, Some(invocation)),
        Unit::Deployment(_) | Unit::Script(_) => (None, None),
    };
    let syntax_error = doc.is_some_and(|d| d.error.is_some());
    let kind = invocation.and_then(|i| i.kind);
    // A model deployment YAML's bundle (its code and script looked up on disk), once for every
    // rule.
    let yaml_bundle = match unit {
        Unit::Batch {
            doc,
            kind: BatchFileKind::Deployment(DeploymentKind::Model),
        } if !syntax_error => bundle::from_yaml(doc, &file.path),
        _ => None,
    };
    for rule in RULES.iter().copied().filter(|r| enabled(r.id())) {
        let mut cx = Context::new(file, kind, rule, out);
        cx.datastores = datastores;
        match unit {
            Unit::Deployment(deployment) => rule.check_deployment(deployment, &mut cx),
            Unit::Script(script) => rule.check_scoring_script(script, &mut cx),
            _ => {}
        }
        if let Some(deployment) = &yaml_bundle {
            rule.check_deployment(deployment, &mut cx);
        }
        if let Some(doc) = doc {
            rule.check_yaml(doc, &mut cx);
        }
        match unit {
            Unit::Inputs { doc, .. } => rule.check_document(doc, &mut cx),
            Unit::Batch { doc, kind } if !syntax_error => {
                rule.check_batch_file(doc, *kind, &mut cx)
            }
            _ => {}
        }
        // After a syntax error the tree is cut short (a value may be half read): judging its
        // content would report the parser's confusion, not the user's mistake.
        // A REST body goes to the service directly: what the CLI and the SDK would do with it
        // does not happen.
        if let Some(invocation) = invocation
            && !syntax_error
            && !(invocation.origin == Origin::RestBody && rule.client_side())
        {
            rule.check_invocation(invocation, &mut cx);
        }
    }
}

/// Run every enabled rule on the batch deployments and endpoints a region of `file` defines
/// (Python), where each is written — the definition itself and, for a model deployment, its
/// bundle; whether there were any.
pub fn definitions(
    file: &SourceFile,
    definitions: &[std::sync::Arc<[crate::model::deployment::Definition]>],
    enabled: &dyn Fn(&str) -> bool,
    out: &mut Vec<Diagnostic>,
) -> bool {
    for definition in definitions.iter().flat_map(|d| d.iter()) {
        for rule in RULES.iter().copied().filter(|r| enabled(r.id())) {
            let mut cx = Context::new(file, None, rule, out);
            rule.check_definition(definition, &mut cx);
            if let Some(bundle) = &definition.bundle {
                rule.check_deployment(bundle, &mut cx);
            }
        }
    }
    !definitions.is_empty()
}
