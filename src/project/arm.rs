//! Batch endpoints and deployments in ARM JSON templates: resources of type
//! `Microsoft.MachineLearningServices/workspaces/batchEndpoints` and
//! `…/batchEndpoints/deployments` (also nested under their parent with a relative type).
//!
//! A resource's name is `WORKSPACE/ENDPOINT[/DEPLOYMENT]`, written as a literal or as an ARM
//! expression. amlint evaluates the few forms templates use for names — string literals,
//! `parameters('x')` with a literal `defaultValue`, `variables('x')` with a literal value,
//! `concat(…)` and `format('{0}/{1}', …)` of those — segment by segment: a segment that holds
//! anything else is unknown (the workspace name usually is), never guessed. The kind is the
//! resource's own: `properties.deploymentConfiguration.deploymentConfigurationType`
//! `PipelineComponent` is a pipeline component deployment; `properties.model` (or a
//! `ModelDeployment` configuration) a model deployment.
//!
//! Bicep files are not read: no maintained Rust parser of Bicep exists (the language's only
//! parser is the .NET compiler); `az bicep build` turns a `.bicep` file into the JSON read here.

use std::path::Path;
use std::sync::Arc;

use super::deployment::{ComponentRef, Deployment, Endpoint, Written};
use crate::model::DeploymentKind;
use crate::syntax::json::{self, Json, Node};

const ENDPOINTS: &str = "microsoft.machinelearningservices/workspaces/batchendpoints";
const DEPLOYMENTS: &str = "microsoft.machinelearningservices/workspaces/batchendpoints/deployments";

/// Whether a JSON text may hold a batch endpoint or deployment resource (checked before
/// parsing: most JSON names neither).
pub fn may_be_arm(text: &str) -> bool {
    use crate::keywords::holds;
    (holds(text, "batchEndpoints") || holds(text, "batchendpoints")) && holds(text, "resources")
}

/// The batch deployments and endpoints of an ARM template at `path` (its text), each at the
/// line of its resource.
pub fn read(path: &Arc<Path>, text: &str) -> (Vec<Deployment>, Vec<Endpoint>) {
    let mut out = (Vec::new(), Vec::new());
    if !may_be_arm(text) {
        return out;
    }
    let Ok(root) = json::parse(text) else {
        return out;
    };
    let template = Template { root: &root };
    if let Some(resources) = root.get_ignore_case("resources") {
        template.resources(&resources.value, None, path, text, &mut out, 0);
    }
    out
}

struct Template<'a> {
    root: &'a Node,
}

/// A piece of an evaluated name: known text, or something amlint does not evaluate.
#[derive(Clone, Debug, PartialEq)]
enum Piece {
    Text(String),
    Unknown,
}

/// How deep nested `resources` (and expressions) are followed.
const MAX_DEPTH: usize = 8;

impl Template<'_> {
    /// The resources of an array (or, in a `languageVersion: 2.0` template, an object of
    /// symbolic names), `parent` the type of the resource they are nested in.
    fn resources(
        &self,
        resources: &Node,
        parent: Option<&str>,
        path: &Arc<Path>,
        text: &str,
        out: &mut (Vec<Deployment>, Vec<Endpoint>),
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let list: Vec<&Node> = match &resources.value {
            Json::Array(items) => items.iter().collect(),
            Json::Object(members) => members.iter().map(|m| &m.value).collect(),
            _ => return,
        };
        for resource in list {
            let Some(ty) = resource
                .get_ignore_case("type")
                .and_then(|t| t.value.as_str())
            else {
                continue;
            };
            let ty = ty.to_ascii_lowercase();
            // A nested resource's type is relative to its parent's.
            let full = match parent {
                Some(parent) if !ty.contains('/') || !ty.starts_with("microsoft.") => {
                    format!("{parent}/{ty}")
                }
                _ => ty,
            };
            let line = line_of(text, resource.span.start);
            let segments = resource
                .get_ignore_case("name")
                .map(|n| self.segments(&n.value))
                .unwrap_or_default();
            // A nested resource's name is its own last segment only.
            let last = |i_from_end: usize| -> Option<String> {
                segments
                    .len()
                    .checked_sub(i_from_end + 1)
                    .and_then(|i| segments[i].clone())
            };
            let properties = resource.get_ignore_case("properties").map(|p| &p.value);
            if full == ENDPOINTS {
                let mut endpoint = Endpoint::new(path.clone(), line, Written::Arm);
                endpoint.name = last(0);
                endpoint.default_deployment = properties
                    .and_then(|p| p.get_ignore_case("defaults"))
                    .and_then(|d| d.value.get_ignore_case("deploymentName"))
                    .and_then(|n| self.single(&n.value));
                out.1.push(endpoint);
                if let Some(children) = resource.get_ignore_case("resources") {
                    self.resources(&children.value, Some(&full), path, text, out, depth + 1);
                }
            } else if full == DEPLOYMENTS {
                let Some(kind) = properties.and_then(kind_of) else {
                    continue;
                };
                let mut deployment = Deployment::new(path.clone(), line, Written::Arm, kind);
                deployment.name = last(0);
                deployment.endpoint_name = last(1);
                let properties = properties.expect("the kind came from them");
                let string = |node: Option<&json::Member>| node.and_then(|n| self.single(&n.value));
                let code = properties.get_ignore_case("codeConfiguration");
                deployment.code = string(code.and_then(|c| c.value.get_ignore_case("codeId")));
                deployment.scoring_script =
                    string(code.and_then(|c| c.value.get_ignore_case("scoringScript")));
                deployment.environment = string(properties.get_ignore_case("environmentId"));
                if kind == DeploymentKind::Pipeline {
                    deployment.component = Some(ComponentRef::Other(
                        "an ARM template's component is an asset id in the workspace".into(),
                    ));
                }
                out.0.push(deployment);
            } else if let Some(children) = resource.get_ignore_case("resources") {
                self.resources(&children.value, Some(&full), path, text, out, depth + 1);
            }
        }
    }

    /// The `/`-separated segments of a resource name: each known, or `None`.
    fn segments(&self, name: &Node) -> Vec<Option<String>> {
        let Some(pieces) = name.as_str().map(|n| self.expression(n, 0)) else {
            return Vec::new();
        };
        let mut segments = vec![Some(String::new())];
        for piece in pieces {
            match piece {
                Piece::Unknown => *segments.last_mut().expect("one") = None,
                Piece::Text(text) => {
                    let mut parts = text.split('/');
                    if let Some(first) = parts.next()
                        && let Some(Some(current)) = segments.last_mut()
                    {
                        current.push_str(first);
                    }
                    for part in parts {
                        segments.push(Some(part.to_string()));
                    }
                }
            }
        }
        segments
            .into_iter()
            .map(|s| s.filter(|s| !s.is_empty()))
            .collect()
    }

    /// A value that is one whole known string (a default deployment's name).
    fn single(&self, node: &Node) -> Option<String> {
        let pieces = self.expression(node.as_str()?, 0);
        let mut out = String::new();
        for piece in pieces {
            match piece {
                Piece::Text(t) => out.push_str(&t),
                Piece::Unknown => return None,
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// A JSON string value of a template: a literal (`[[` escapes a leading `[`) or an
    /// expression in brackets.
    fn expression(&self, value: &str, depth: usize) -> Vec<Piece> {
        if let Some(literal) = value.strip_prefix("[[") {
            return vec![Piece::Text(format!("[{literal}"))];
        }
        match value
            .strip_prefix('[')
            .and_then(|v| v.trim_end().strip_suffix(']'))
        {
            Some(expression) => self.call(expression.trim(), depth),
            None => vec![Piece::Text(value.to_string())],
        }
    }

    /// An expression: `'literal'`, `parameters('x')`, `variables('x')`, `concat(…)`,
    /// `format('…', …)`; anything else is unknown.
    fn call(&self, expression: &str, depth: usize) -> Vec<Piece> {
        if depth > MAX_DEPTH {
            return vec![Piece::Unknown];
        }
        if let Some(literal) = string_literal(expression) {
            return vec![Piece::Text(literal)];
        }
        let Some((function, args)) = expression
            .split_once('(')
            .and_then(|(f, rest)| Some((f.trim(), rest.trim_end().strip_suffix(')')?)))
        else {
            return vec![Piece::Unknown];
        };
        let args = split_arguments(args);
        match (function.to_ascii_lowercase().as_str(), args.as_slice()) {
            ("parameters", [name]) => match string_literal(name) {
                Some(name) => self.lookup("parameters", &name, true, depth),
                None => vec![Piece::Unknown],
            },
            ("variables", [name]) => match string_literal(name) {
                Some(name) => self.lookup("variables", &name, false, depth),
                None => vec![Piece::Unknown],
            },
            ("concat", args) => args
                .iter()
                .flat_map(|a| self.call(a.trim(), depth + 1))
                .collect(),
            ("format", [pattern, rest @ ..]) => {
                let Some(pattern) = string_literal(pattern) else {
                    return vec![Piece::Unknown];
                };
                let mut out = Vec::new();
                let mut literal = String::new();
                let mut chars = pattern.chars().peekable();
                while let Some(c) = chars.next() {
                    if c == '{' {
                        let index: String = chars.by_ref().take_while(|c| *c != '}').collect();
                        match index.trim().parse::<usize>().ok().and_then(|i| rest.get(i)) {
                            Some(arg) => {
                                out.push(Piece::Text(std::mem::take(&mut literal)));
                                out.extend(self.call(arg.trim(), depth + 1));
                            }
                            None => return vec![Piece::Unknown],
                        }
                    } else {
                        literal.push(c);
                    }
                }
                out.push(Piece::Text(literal));
                out
            }
            _ => vec![Piece::Unknown],
        }
    }

    /// A parameter's `defaultValue` or a variable's value, when it is a string.
    fn lookup(&self, section: &str, name: &str, parameter: bool, depth: usize) -> Vec<Piece> {
        let value = self
            .root
            .get_ignore_case(section)
            .and_then(|s| s.value.get_ignore_case(name))
            .map(|m| &m.value);
        let value = if parameter {
            value.and_then(|p| p.get_ignore_case("defaultValue").map(|d| &d.value))
        } else {
            value
        };
        match value.and_then(Node::as_str) {
            Some(text) => self.expression(text, depth + 1),
            None => vec![Piece::Unknown],
        }
    }
}

/// The kind a deployment resource's properties say.
fn kind_of(properties: &Node) -> Option<DeploymentKind> {
    let configuration = properties
        .get_ignore_case("deploymentConfiguration")
        .and_then(|c| c.value.get_ignore_case("deploymentConfigurationType"))
        .and_then(|t| t.value.as_str());
    match configuration {
        Some(t) if t.eq_ignore_ascii_case("PipelineComponent") => Some(DeploymentKind::Pipeline),
        Some(t) if t.eq_ignore_ascii_case("ModelDeployment") => Some(DeploymentKind::Model),
        Some(_) => None,
        None => properties
            .get_ignore_case("model")
            .is_some()
            .then_some(DeploymentKind::Model),
    }
}

/// `'text'` (a doubled `''` is a quote), or `None`.
fn string_literal(expression: &str) -> Option<String> {
    let inner = expression.trim().strip_prefix('\'')?.strip_suffix('\'')?;
    if inner.replace("''", "").contains('\'') {
        return None;
    }
    Some(inner.replace("''", "'"))
}

/// The top-level, comma-separated arguments of a call (quotes and brackets respected).
fn split_arguments(args: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut quoted, mut start) = (0usize, false, 0);
    for (i, c) in args.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' | '[' if !quoted => depth += 1,
            ')' | ']' if !quoted => depth = depth.saturating_sub(1),
            ',' if !quoted && depth == 0 => {
                out.push(&args[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if !args[start..].trim().is_empty() || !out.is_empty() {
        out.push(&args[start..]);
    }
    out
}

/// The 1-based line of byte `offset` of `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> (Vec<Deployment>, Vec<Endpoint>) {
        read(&Arc::from(Path::new("t.json")), text)
    }

    #[test]
    fn names_from_literals_parameters_and_concat() {
        let text = r#"{
  "parameters": {"ws": {"type": "string"}, "ep": {"type": "string", "defaultValue": "fraud-batch"},
                 "dep": {"type": "string", "defaultValue": "fraud-xgb"}},
  "variables": {"pipe": "features"},
  "resources": [
    {"type": "Microsoft.MachineLearningServices/workspaces/batchEndpoints",
     "name": "[concat(parameters('ws'), '/', parameters('ep'))]",
     "properties": {"defaults": {"deploymentName": "[parameters('dep')]"}}},
    {"type": "Microsoft.MachineLearningServices/workspaces/batchEndpoints/deployments",
     "name": "[concat(parameters('ws'), '/', parameters('ep'), '/', parameters('dep'))]",
     "properties": {"model": {"referenceType": "Id", "assetId": "x"}}},
    {"type": "Microsoft.MachineLearningServices/workspaces/batchEndpoints/deployments",
     "name": "[format('{0}/{1}/{2}', parameters('ws'), 'other-ep', variables('pipe'))]",
     "properties": {"deploymentConfiguration": {"deploymentConfigurationType": "PipelineComponent"}}},
    {"type": "Microsoft.MachineLearningServices/workspaces/batchEndpoints/deployments",
     "name": "ws/ep/[[literal",
     "properties": {"model": {}}},
    {"type": "Microsoft.MachineLearningServices/workspaces/batchEndpoints/deployments",
     "name": "[concat(parameters('ws'), '/', uniqueString('x'))]",
     "properties": {"model": {}}}
  ]
}"#;
        let (deployments, endpoints) = read_str(text);
        assert_eq!(endpoints.len(), 1);
        assert_eq!(endpoints[0].name.as_deref(), Some("fraud-batch"));
        assert_eq!(
            endpoints[0].default_deployment.as_deref(),
            Some("fraud-xgb")
        );
        assert_eq!(endpoints[0].line, 6);
        let described: Vec<_> = deployments
            .iter()
            .map(|d| {
                (
                    d.name.as_deref(),
                    d.endpoint_name.as_deref(),
                    d.kind,
                    d.line,
                )
            })
            .collect();
        use DeploymentKind::*;
        assert_eq!(
            described,
            [
                (Some("fraud-xgb"), Some("fraud-batch"), Model, 9),
                (Some("features"), Some("other-ep"), Pipeline, 12),
                (Some("[[literal"), Some("ep"), Model, 15),
                (None, None, Model, 18),
            ]
        );
    }
}
