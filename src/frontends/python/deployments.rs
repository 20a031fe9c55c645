//! Batch deployments and endpoints defined in Python: `ModelBatchDeployment(…)`,
//! `PipelineComponentBatchDeployment(…)`, `BatchDeployment(…)` (a model deployment: azure-ai-ml
//! 1.35's takes no `component=`), `BatchEndpoint(…)`, the `load_*batch_deployment("x.yml")` /
//! `load_batch_endpoint("x.yml")` calls (the YAML they name, read as discovery reads it), and an
//! endpoint's default deployment set after it is made (`endpoint.defaults.deployment_name = …`,
//! `endpoint.defaults = {…}`).
//!
//! Names are read as the rest of the front-end reads values: literals, names bound once,
//! f-strings of known parts, and the `name`/`endpoint_name` of an object made in the same file by
//! one of these calls (`endpoint.name`, `deployment.name`). Anything else is unknown.

use crate::project::component::normalise;
use std::path::Path;
use std::sync::Arc;

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::{Binding, Module, Py, Reader, ScopeId};
use crate::model::DeploymentKind;
use crate::model::bundle::{DeploymentBundle, Written};
use crate::project::deployment::{
    ComponentRef, Definition, Deployment, Endpoint, Item, Setting, SettingsCall, Written as Source,
};
use crate::project::{BatchFileKind, classify};
use crate::source::Span;
use crate::syntax::yaml::Document;

/// The constructors and loaders this reads, by the last part of the callee's name.
pub(super) fn is_definition_call(last: &str) -> bool {
    matches!(
        last,
        "ModelBatchDeployment"
            | "PipelineComponentBatchDeployment"
            | "BatchDeployment"
            | "BatchEndpoint"
            | "load_batch_deployment"
            | "load_model_batch_deployment"
            | "load_pipeline_component_batch_deployment"
            | "load_batch_endpoint"
    )
}

/// Whether a text may define a batch deployment or endpoint in Python (a cheap test before
/// parsing): it names `BatchDeployment`, `BatchEndpoint`, `batch_deployment` or
/// `load_batch_endpoint`. Two vectorised searches, for `Batch` and `batch_`, each hit then
/// compared around: discovery asks it of every `.py` file, notebook and Markdown page of a
/// project, and `str::contains` (a searcher built per call, a byte at a time) or an
/// Aho-Corasick automaton over the four took a twentieth of a run on a Python-heavy repository.
pub fn mentions_definition(text: &str) -> bool {
    use memchr::memmem::Finder;
    use std::sync::LazyLock;
    static CLASS: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("Batch"));
    static NAME: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("batch_"));
    let bytes = text.as_bytes();
    let after = |at: usize, len: usize| &bytes[at + len..];
    CLASS
        .find_iter(bytes)
        .any(|at| after(at, 5).starts_with(b"Deployment") || after(at, 5).starts_with(b"Endpoint"))
        || NAME.find_iter(bytes).any(|at| {
            after(at, 6).starts_with(b"deployment")
                || (after(at, 6).starts_with(b"endpoint") && bytes[..at].ends_with(b"load_"))
        })
}

/// A batch YAML file a loader names, as read.
#[derive(Clone, Debug)]
pub(super) struct Loaded {
    path: Arc<Path>,
    kind: Option<BatchFileKind>,
    name: Option<String>,
    endpoint_name: Option<String>,
    default_deployment: Option<String>,
}

/// Batch YAML files are small; anything bigger is not one.
const MAX_LOADED_BYTES: u64 = 256 * 1024;

/// The batch YAML at `path` relative to `base_dir` (a regular file, never an absolute path,
/// within the size of a batch YAML file), read as discovery reads it.
fn load(base_dir: &Path, written: &str) -> Option<Loaded> {
    let relative = Path::new(written);
    if relative.is_absolute() || written.contains("://") || written.starts_with("azureml:") {
        return None;
    }
    let path = normalise(&crate::fs::paths::absolute(&base_dir.join(relative)));
    let metadata = std::fs::symlink_metadata(&path).ok()?;
    if !metadata.is_file()
        || metadata.len() > MAX_LOADED_BYTES
        || !inside_repository(base_dir, &path)
    {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let doc = Document::parse_str(&text);
    let root = doc.root();
    let field = |key: &str| crate::project::text(root.and_then(|r| r.get(key))).map(String::from);
    Some(Loaded {
        kind: classify(&doc),
        name: field("name"),
        endpoint_name: field("endpoint_name"),
        default_deployment: crate::project::text(
            root.and_then(|r| r.get("defaults"))
                .and_then(|d| d.get("deployment_name")),
        )
        .map(String::from),
        path: Arc::from(path.as_path()),
    })
}

/// Whether `path` lies inside the repository holding `base_dir` (the nearest folder above it
/// with a `.git`), or inside `base_dir` when there is none, and outside `.git/`: a file outside
/// the project is not its deployment, and is never opened (as with `--file`).
fn inside_repository(base_dir: &Path, path: &Path) -> bool {
    let Ok(base) = std::fs::canonicalize(base_dir) else {
        return false;
    };
    let top = crate::fs::paths::nearest_repository(&base)
        .unwrap_or(&base)
        .to_path_buf();
    std::fs::canonicalize(path).is_ok_and(|real| {
        real.starts_with(&top) && !real.components().any(|c| c.as_os_str() == ".git")
    })
}

/// A placeholder path: the engine places each definition in its file.
fn unplaced() -> Arc<Path> {
    Arc::from(Path::new(""))
}

impl<'t> Module<'t> {
    /// The deployments and endpoints the module defines, in the order they are written.
    pub(super) fn definitions(&self) -> Vec<Definition> {
        let mut out = Vec::new();
        for &(call, scope) in &self.definition_calls {
            if let Some(definition) = self.at(scope).definition(call) {
                out.push(definition);
            }
        }
        for &(target, value, scope) in &self.attribute_assigns {
            if let Some(definition) = self.at(scope).default_assignment(target, value) {
                out.push(definition);
            }
        }
        out.sort_by_key(|d| d.span.start);
        out
    }

    /// The YAML a loader call names (read once per module and path).
    fn loaded(&self, written: &str) -> Option<Loaded> {
        let mut cache = self.loaded.borrow_mut();
        cache
            .entry(written.to_string())
            .or_insert_with(|| load(&self.base_dir, written))
            .clone()
    }

    /// Where the first deployment or endpoint is made (the end of the text if none is).
    fn first_definition(&self) -> usize {
        self.definition_calls
            .iter()
            .map(|(call, _)| call.start().to_usize())
            .min()
            .unwrap_or(usize::MAX)
    }

    /// Whether `NAME.attr = …` is written anywhere: the object's attribute is then not the one
    /// it was made with.
    fn reassigned(&self, name: &str, attr: &str) -> bool {
        self.attribute_assigns.iter().any(|(target, _, _)| {
            target.attr.as_str() == attr
                && matches!(&*target.value, Expr::Name(n) if n.id.as_str() == name)
        })
    }
}

/// The prefix of a symbolic endpoint name: no Azure name holds a `$`.
pub(crate) const SYMBOLIC: char = '$';

impl<'t> Reader<'_, 't> {
    /// What an endpoint name given as `expr` is: its text when known; otherwise, when it is
    /// certainly the value of one variable of the module — `endpoint_name` bound only before
    /// any deployment or endpoint is made (`endpoint_name = f"{prefix}-{random_suffix}"`), or
    /// `endpoint.name` of an object every binding of which makes or gets the endpoint of that
    /// variable — a symbolic name (`$endpoint_name`) that the file's other uses of it share.
    /// Anything else is unknown.
    pub(super) fn endpoint_key(&self, expr: &'t Expr, depth: usize) -> Option<String> {
        if depth > 4 {
            return None;
        }
        if let Some(text) = self.known_str(expr, depth) {
            return Some(text);
        }
        match expr {
            Expr::Name(name) => {
                let (scope, bindings) = self.bindings_of(name.id.as_str())?;
                let first_definition = self.module.first_definition();
                let before = bindings.iter().all(|b| match b {
                    Binding::Value(value, _) => value.start().to_usize() < first_definition,
                    Binding::Opaque => false,
                });
                // Module-level variables only: a function's are its own each call.
                (before && scope == 0).then(|| format!("{SYMBOLIC}{}", name.id))
            }
            Expr::Attribute(attribute) if attribute.attr.as_str() == "name" => {
                let Expr::Name(object) = &*attribute.value else {
                    return None;
                };
                if self.module.reassigned(&object.id, "name") {
                    return None;
                }
                let (_, bindings) = self.bindings_of(object.id.as_str())?;
                let mut key: Option<String> = None;
                for binding in bindings {
                    let Binding::Value(value, scope) = binding else {
                        return None;
                    };
                    let this = self.module.at(scope).made_endpoint_key(value, depth + 1)?;
                    match &key {
                        Some(seen) if !seen.eq_ignore_ascii_case(&this) => return None,
                        _ => key = Some(this),
                    }
                }
                key
            }
            _ => None,
        }
    }

    /// The endpoint key of what `value` makes: `BatchEndpoint(name=…)`,
    /// `….batch_endpoints.get(NAME)`, `load_batch_endpoint("x.yml")`.
    fn made_endpoint_key(&self, value: &'t Expr, depth: usize) -> Option<String> {
        let Py::Call { func, call, scope } = self.eval(value, depth) else {
            return None;
        };
        let there = self.module.at(scope);
        let func = func.replace(char::is_whitespace, "");
        if func.ends_with("BatchEndpoint") {
            there.endpoint_key(there.argument(call, "name", false)?, depth + 1)
        } else if func.ends_with("batch_endpoints.get") {
            there.endpoint_key(there.argument(call, "name", true)?, depth + 1)
        } else if func.ends_with("load_batch_endpoint") {
            there
                .argument(call, "source", true)
                .and_then(|s| there.known_str(s, 0))
                .and_then(|w| self.module.loaded(&w))
                .and_then(|l| l.name)
        } else {
            None
        }
    }

    /// The bindings of `name` where it is used, and the scope that holds them.
    fn bindings_of(&self, name: &str) -> Option<(ScopeId, Vec<Binding<'t>>)> {
        let mut scope = Some(self.scope);
        while let Some(id) = scope {
            let here = self.module.scopes[id];
            let visible = id == self.scope || here.kind != super::ScopeKind::Class;
            if visible && let Some(bindings) = self.module.bindings.get(&(id, name)) {
                return Some((id, bindings.clone()));
            }
            scope = here.parent;
        }
        None
    }

    /// A known string, or `None`.
    fn known_str(&self, expr: &'t Expr, depth: usize) -> Option<String> {
        match self.eval(expr, depth) {
            Py::Str {
                text, known: true, ..
            } if !text.is_empty() => Some(text),
            _ => None,
        }
    }

    /// The keyword `name` of a call, or its first positional argument when `positional`.
    fn argument(&self, call: &'t ast::ExprCall, name: &str, positional: bool) -> Option<&'t Expr> {
        call.arguments
            .keywords
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == name))
            .map(|k| &k.value)
            .or_else(|| positional.then(|| call.arguments.args.first()).flatten())
    }

    /// `X.name` / `X.endpoint_name` of an object made in the file by a definition call: its
    /// value, when known.
    pub(super) fn definition_attribute(
        &self,
        attribute: &'t ast::ExprAttribute,
        depth: usize,
    ) -> Option<String> {
        let Expr::Name(object) = &*attribute.value else {
            return None;
        };
        let attr = attribute.attr.as_str();
        if !matches!(attr, "name" | "endpoint_name") || self.module.reassigned(&object.id, attr) {
            return None;
        }
        let (value, scope) = self.bound_once(object.id.as_str())?;
        let Py::Call { func, call, scope } = self.module.at(scope).eval(value, depth + 1) else {
            return None;
        };
        let last = func.rsplit('.').next().unwrap_or("").trim();
        let there = self.module.at(scope);
        if last.starts_with("load_") && is_definition_call(last) {
            let source = there.argument(call, "source", true)?;
            let written = there.known_str(source, depth + 1)?;
            let loaded = self.module.loaded(&written)?;
            if call.arguments.keywords.iter().any(|k| {
                k.arg
                    .as_ref()
                    .is_none_or(|a| a.as_str() == "params_override")
            }) {
                return None;
            }
            return match attr {
                "name" => loaded.name,
                _ => loaded.endpoint_name,
            };
        }
        if !is_definition_call(last) || (last == "BatchEndpoint" && attr != "name") {
            return None;
        }
        let expr = there.argument(call, attr, false)?;
        there.known_str(expr, depth + 1)
    }

    /// The definition a constructor or loader call makes, if it makes one amlint can use.
    fn definition(&self, call: &'t ast::ExprCall) -> Option<Definition> {
        let callee = self
            .slice(call.func.range())
            .replace(char::is_whitespace, "");
        let last = callee.rsplit('.').next().unwrap_or("").to_string();
        let span = self.span(call.range());
        let keywords: Vec<(String, crate::source::Span)> = self
            .keywords(call)
            .into_iter()
            .map(|(name, range, _)| (name.to_string(), self.span(range)))
            .collect();
        let spread = call.arguments.keywords.iter().any(|k| k.arg.is_none());
        let mut settings = (Vec::new(), None);
        let mut bundle = None;
        let string = |name: &str| {
            self.argument(call, name, false)
                .and_then(|e| self.known_str(e, 0))
        };
        let item = match last.as_str() {
            "ModelBatchDeployment" | "BatchDeployment" | "PipelineComponentBatchDeployment" => {
                let kind = if last == "PipelineComponentBatchDeployment" {
                    DeploymentKind::Pipeline
                } else {
                    DeploymentKind::Model
                };
                let mut d = Deployment::new(unplaced(), 0, Source::Python, kind);
                d.name = string("name");
                d.endpoint_name = self
                    .argument(call, "endpoint_name", false)
                    .and_then(|e| self.endpoint_key(e, 0));
                if kind == DeploymentKind::Pipeline {
                    d.component = Some(self.component(call));
                } else {
                    let read = self.bundle(call, &mut d);
                    d.bundle = Arc::new(read.facts());
                    bundle = Some(Box::new(read));
                    settings = self.settings(call);
                }
                Item::Deployment(d)
            }
            "BatchEndpoint" => {
                let mut e = Endpoint::new(unplaced(), 0, Source::Python);
                e.name = self
                    .argument(call, "name", false)
                    .and_then(|n| self.endpoint_key(n, 0));
                e.default_deployment = self
                    .argument(call, "defaults", false)
                    .and_then(|d| self.default_in(d))
                    .or_else(|| string("default_deployment_name"));
                Item::Endpoint(e)
            }
            loader => {
                let source = self.argument(call, "source", true)?;
                let written = self.known_str(source, 0);
                let loaded = written.as_deref().and_then(|w| self.module.loaded(w));
                let overridden = call.arguments.keywords.iter().any(|k| {
                    k.arg
                        .as_ref()
                        .is_none_or(|a| a.as_str() == "params_override")
                });
                let field = |f: fn(&Loaded) -> Option<String>| {
                    loaded.as_ref().filter(|_| !overridden).and_then(f)
                };
                if loader == "load_batch_endpoint" {
                    let mut e = Endpoint::new(unplaced(), 0, Source::Python);
                    e.name = field(|l| l.name.clone());
                    e.default_deployment = field(|l| l.default_deployment.clone());
                    Item::Endpoint(e)
                } else {
                    let kind = match loader {
                        "load_model_batch_deployment" => DeploymentKind::Model,
                        "load_pipeline_component_batch_deployment" => DeploymentKind::Pipeline,
                        _ => match loaded.as_ref().and_then(|l| l.kind) {
                            Some(BatchFileKind::Deployment(kind)) => kind,
                            _ => return None,
                        },
                    };
                    let mut d = Deployment::new(unplaced(), 0, Source::Python, kind);
                    d.name = field(|l| l.name.clone());
                    d.endpoint_name = field(|l| l.endpoint_name.clone());
                    d.loaded_from = loaded.as_ref().map(|l| l.path.clone());
                    if d.loaded_from.is_none() && kind == DeploymentKind::Pipeline {
                        d.component = Some(ComponentRef::Other(format!(
                            "the YAML `{}` it is loaded from is not read",
                            written.as_deref().unwrap_or("?")
                        )));
                    }
                    Item::Deployment(d)
                }
            }
        };
        Some(Definition {
            span,
            item,
            callee: last,
            keywords,
            spread,
            settings: settings.0,
            settings_call: settings.1,
            bundle,
        })
    }

    /// A pipeline deployment's `component=`: a local file (`load_component("x.yml")`, a path)
    /// or something else.
    fn component(&self, call: &'t ast::ExprCall) -> ComponentRef {
        let Some(expr) = self.argument(call, "component", false) else {
            return ComponentRef::Other("it names no component".into());
        };
        let written = match self.eval(expr, 0) {
            Py::Str {
                text, known: true, ..
            } => Some(text),
            Py::Call { func, call, scope } if func.ends_with("load_component") => {
                let there = self.module.at(scope);
                there
                    .argument(call, "source", true)
                    .and_then(|s| there.known_str(s, 0))
            }
            _ => None,
        };
        let Some(written) = written else {
            return ComponentRef::Other(
                "its `component=` is not a literal path or `load_component(\"…\")`".into(),
            );
        };
        let reference = written.trim();
        if reference.starts_with("azureml:") || reference.contains("://") {
            return ComponentRef::Other(format!(
                "its component `{reference}` is remote; its interface is not in the repository"
            ));
        }
        let relative = reference.trim_start_matches("file:");
        if Path::new(relative).is_absolute() {
            return ComponentRef::Other(format!("its component `{reference}` is an absolute path"));
        }
        let path = normalise(&crate::fs::paths::absolute(
            &self.module.base_dir.join(relative),
        ));
        ComponentRef::File(Arc::from(path.as_path()))
    }

    /// A model deployment's code, scoring script, environment and model, as written (on `d`,
    /// for the project index), and as the bundle rules read them: each value at its place,
    /// the scoring script looked up beside the file and from the repository root (the SDK
    /// resolves it against the process's working folder, which amlint cannot know).
    fn bundle(&self, call: &'t ast::ExprCall, d: &mut Deployment) -> DeploymentBundle {
        let mut bundle = DeploymentBundle::empty(true);
        bundle.name = d.name.clone();
        // `code_path=`/`scoring_script=` are promoted from `code_configuration`: either form.
        let mut code = self.keyword_value(call, "code_path");
        let mut script = self.keyword_value(call, "scoring_script");
        let config = self.keyword_value(call, "code_configuration");
        if let Some(config) = &config {
            match &config.value {
                Py::Call { func, call, scope } if func.ends_with("CodeConfiguration") => {
                    let there = self.module.at(*scope);
                    code = there.keyword_value(call, "code");
                    script = there.keyword_value(call, "scoring_script");
                }
                Py::None(_) => {}
                // A configuration amlint cannot read: its code is unknown.
                _ => bundle.code_configuration = Some(config.key),
            }
        }
        let given = |found: &Option<KeywordValue<'t>>| {
            found
                .as_ref()
                .filter(|k| !matches!(k.value, Py::None(_)))
                .map(|k| k.key)
        };
        let code_key = given(&code).or(given(&script));
        if bundle.code_configuration.is_none() && code_key.is_some() {
            bundle.code_configuration = config.as_ref().map(|c| c.key).or(code_key);
        }
        bundle.code = code.and_then(KeywordValue::written);
        bundle.scoring_script = script.and_then(KeywordValue::written);
        d.code = bundle.code.as_ref().map(|w| w.text.clone());
        d.scoring_script = bundle.scoring_script.as_ref().map(|w| w.text.clone());
        if bundle.code.is_some() && bundle.scoring_script.is_some() {
            let here = crate::fs::paths::absolute(&self.module.base_dir);
            let mut bases = vec![here.clone()];
            if let Some(root) = crate::fs::paths::nearest_repository(&here) {
                bases.push(root.to_path_buf());
            }
            bases.dedup();
            bundle.script = crate::project::bundle::locate(
                &bases,
                bundle.code.as_ref(),
                bundle.scoring_script.as_ref(),
                &here,
            );
        }
        // Not written, or written `None`: no environment; anything else is one, or unknown.
        let environment = self.keyword_value(call, "environment").map(|e| e.value);
        bundle.environment = match &environment {
            None | Some(Py::None(_)) => Some(false),
            Some(Py::Str { known: true, .. } | Py::Call { .. }) => Some(true),
            Some(_) => None,
        };
        d.environment = match environment {
            Some(Py::Str {
                text, known: true, ..
            }) => Some(text),
            Some(Py::Call { func, .. }) if func.ends_with("Environment") => Some(String::new()),
            _ => None,
        };
        if let Some(model) = self.keyword_value(call, "model") {
            bundle.model = Some(model.key);
            bundle.mlflow = self
                .model_type(model.expr, 0)
                .map(|ty| ty == "mlflow_model");
        }
        d.mlflow_model = bundle.mlflow;
        bundle
    }

    /// The keyword `name` of a call: where the keyword is written, its value's expression and
    /// place, and what that value is (evaluated once).
    fn keyword_value(&self, call: &'t ast::ExprCall, name: &str) -> Option<KeywordValue<'t>> {
        let (_, key, expr) = self
            .keywords(call)
            .into_iter()
            .find(|(k, _, _)| *k == name)?;
        Some(KeywordValue {
            key: self.span(key),
            expr,
            span: self.span(expr.range()),
            value: self.eval(expr, 0),
        })
    }

    /// A model deployment's job settings: the keywords of `settings=…Settings(…)` when it is
    /// one amlint can read (azure-ai-ml then ignores the call's own), with that call; else the
    /// call's own (`BatchDeployment(output_action=…)`).
    fn settings(&self, call: &'t ast::ExprCall) -> (Vec<Setting>, Option<SettingsCall>) {
        let (reader, call, settings_call) = match self.argument(call, "settings", false) {
            None => (self.module.at(self.scope), call, None),
            Some(settings) => match self.eval(settings, 0) {
                Py::Call { func, call, scope } if func.ends_with("Settings") => {
                    let reader = self.module.at(scope);
                    let class = func.rsplit('.').next().unwrap_or("").trim().to_string();
                    let name = match &*call.func {
                        Expr::Attribute(attribute) => reader.span(attribute.attr.range()),
                        other => reader.span(other.range()),
                    };
                    let spread = call.arguments.keywords.iter().any(|k| k.arg.is_none());
                    (
                        reader,
                        call,
                        Some(SettingsCall {
                            class,
                            name,
                            spread,
                        }),
                    )
                }
                Py::None(_) => (self.module.at(self.scope), call, None),
                _ => return (Vec::new(), None),
            },
        };
        let settings = reader
            .keywords(call)
            .into_iter()
            .filter(|(name, _, _)| *name != "settings")
            .map(|(name, range, value)| Setting {
                name: name.to_string(),
                key: reader.span(range),
                value: match reader.eval(value, 0) {
                    Py::Str {
                        text, known: true, ..
                    } => Some(text),
                    _ => None,
                },
            })
            .collect();
        (settings, settings_call)
    }

    /// The `type=` of a `Model(…)` (also inside `ml_client.models.create_or_update(Model(…))`).
    fn model_type(&self, expr: &'t Expr, depth: usize) -> Option<String> {
        if depth > 2 {
            return None;
        }
        let Py::Call { func, call, scope } = self.eval(expr, depth) else {
            return None;
        };
        let there = self.module.at(scope);
        if func.ends_with("create_or_update") {
            return there.model_type(call.arguments.args.first()?, depth + 1);
        }
        if func.rsplit('.').next() != Some("Model") {
            return None;
        }
        // azure-ai-ml's `Model` defaults to `custom_model`.
        match there.argument(call, "type", false) {
            Some(ty) => there.known_str(ty, 0).map(|t| t.to_ascii_lowercase()),
            None => Some("custom_model".into()),
        }
    }

    /// The deployment name in `{"deployment_name": …}` or `BatchEndpointDefaults(deployment_name=…)`.
    fn default_in(&self, expr: &'t Expr) -> Option<String> {
        match self.eval(expr, 0) {
            Py::Dict(dict, scope) => {
                let there = self.module.at(scope);
                let pairs = there.string_pairs(dict);
                let (_, _, value) = pairs
                    .iter()
                    .rev()
                    .find(|(k, _, _)| k == "deployment_name" || k == "deploymentName")?;
                there.known_str(value, 0)
            }
            Py::Call { func, call, scope } if func.ends_with("BatchEndpointDefaults") => {
                let there = self.module.at(scope);
                let value = there.argument(call, "deployment_name", false)?;
                there.known_str(value, 0)
            }
            _ => None,
        }
    }

    /// `X.defaults.deployment_name = V` / `X.defaults = {…}` where `X` is an endpoint whose name
    /// is known: that endpoint's default deployment.
    fn default_assignment(
        &self,
        target: &'t ast::ExprAttribute,
        value: &'t Expr,
    ) -> Option<Definition> {
        let (object, default) = match (&*target.value, target.attr.as_str()) {
            (Expr::Attribute(defaults), "deployment_name")
                if defaults.attr.as_str() == "defaults" =>
            {
                (&*defaults.value, self.known_str(value, 0))
            }
            (object, "defaults") => (object, self.default_in(value)),
            _ => return None,
        };
        let Expr::Name(object) = object else {
            return None;
        };
        let default = default?;
        let mut e = Endpoint::new(unplaced(), 0, Source::Python);
        e.name = self.endpoint_name_of(object.id.as_str());
        e.default_deployment = Some(default);
        Some(Definition {
            span: self.span(TextRangeOf::range(target, value)),
            item: Item::Endpoint(e),
            callee: "defaults".into(),
            keywords: Vec::new(),
            spread: false,
            settings: Vec::new(),
            settings_call: None,
            bundle: None,
        })
    }

    /// The endpoint name (or its symbolic key) of the object `object`: see
    /// [`Reader::endpoint_key`].
    fn endpoint_name_of(&self, object: &str) -> Option<String> {
        let (_, bindings) = self.bindings_of(object)?;
        let mut key: Option<String> = None;
        for binding in bindings {
            let Binding::Value(value, scope) = binding else {
                return None;
            };
            let this = self.module.at(scope).made_endpoint_key(value, 0)?;
            match &key {
                Some(seen) if !seen.eq_ignore_ascii_case(&this) => return None,
                _ => key = Some(this),
            }
        }
        key
    }
}

/// A keyword argument as the bundle reads it ([`Reader::keyword_value`]).
struct KeywordValue<'t> {
    key: Span,
    expr: &'t Expr,
    span: Span,
    value: Py<'t>,
}

impl KeywordValue<'_> {
    /// The value as written, when it is a known string.
    fn written(self) -> Option<Written> {
        match self.value {
            Py::Str {
                text, known: true, ..
            } => Some(Written {
                text,
                span: self.span,
            }),
            _ => None,
        }
    }
}

/// The range from an assignment's target to the end of its value.
struct TextRangeOf;

impl TextRangeOf {
    fn range(target: &ast::ExprAttribute, value: &Expr) -> ruff_text_size::TextRange {
        ruff_text_size::TextRange::new(target.start(), value.end())
    }
}

#[cfg(test)]
mod tests;
