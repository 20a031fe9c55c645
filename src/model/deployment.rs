//! A batch deployment or endpoint found in the project, wherever it is written: batch YAML,
//! Python (a `.py` file, notebook cells, Markdown `python` fences: `ModelBatchDeployment(…)`,
//! `load_model_batch_deployment("x.yml")`, …) or an ARM template
//! (`Microsoft.MachineLearningServices/workspaces/batchEndpoints/deployments`).
//!
//! One type for all of them, so that kind resolution, the component-interface rules and the
//! deployment-bundle rules (scoring script, code, environment) read a deployment the same way
//! whatever its source. A field that the source does not say, or says with a value amlint cannot
//! read (a variable, a call), is `None`: unknown, never guessed.

use std::path::Path;
use std::sync::Arc;

use crate::model::DeploymentKind;
use crate::source::Span;

/// Where a deployment or endpoint is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// A batch deployment or endpoint YAML file.
    Yaml,
    /// A Python constructor or `load_*` call (a `.py` file, a notebook cell, a Markdown fence).
    Python,
    /// A resource of an ARM JSON template.
    Arm,
}

impl Written {
    pub fn as_str(self) -> &'static str {
        match self {
            Written::Yaml => "YAML",
            Written::Python => "Python",
            Written::Arm => "ARM template",
        }
    }
}

/// The pipeline component a pipeline deployment runs, as its source names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ComponentRef {
    /// A local component YAML (absolute path): `component=load_component("x.yml")`,
    /// `component="x.yml"` in Python.
    File(Arc<Path>),
    /// Written in a way amlint does not read here (`azureml:NAME@latest`, a registry, an ARM
    /// id, a variable): why, for `--verbose`.
    Other(String),
}

/// A batch deployment found in the project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deployment {
    /// The file that defines it. Shared with discovery's listing of the file (allocated once
    /// per run).
    pub path: Arc<Path>,
    /// The 1-based line of the definition in `path` (1 for a YAML file; the constructor or
    /// `load_*` call in Python — its line in the notebook or Markdown file as written; the
    /// resource in an ARM template).
    pub line: usize,
    pub written: Written,
    pub name: Option<String>,
    pub endpoint_name: Option<String>,
    pub kind: DeploymentKind,
    /// For a deployment a Python `load_*` call reads from YAML: that YAML file.
    pub loaded_from: Option<Arc<Path>>,
    /// A pipeline deployment's component, when its source names one (Python and ARM; a YAML
    /// deployment's component is read from its file when needed: `project::component`).
    pub component: Option<ComponentRef>,
    /// `code_configuration.code` / `code_path=` as written (Python and ARM; `None` for YAML,
    /// whose document says it).
    pub code: Option<String>,
    /// `code_configuration.scoring_script` / `scoring_script=` as written.
    pub scoring_script: Option<String>,
    /// `environment=` as written, when it is a string (an `Environment(…)` object is `Some("")`).
    pub environment: Option<String>,
    /// Whether the model is an MLflow model, when the source says (`Model(type=AssetTypes.MLFLOW_MODEL)`).
    pub mlflow_model: Option<bool>,
    /// What the bundle rules need of a model deployment's YAML (its scoring script, whether it
    /// is an MLflow model without one), read once by discovery.
    pub bundle: Arc<crate::model::bundle::Facts>,
}

impl Deployment {
    /// A deployment defined at `line` of `path`, with nothing else known yet.
    pub fn new(path: Arc<Path>, line: usize, written: Written, kind: DeploymentKind) -> Deployment {
        Deployment {
            path,
            line,
            written,
            name: None,
            endpoint_name: None,
            kind,
            loaded_from: None,
            component: None,
            code: None,
            scoring_script: None,
            environment: None,
            mlflow_model: None,
            bundle: Arc::default(),
        }
    }

    /// Whether `name` is this deployment's name: Azure Machine Learning names are
    /// case-insensitive (azure-ai-ml lower-cases a deployment's name).
    pub fn is_named(&self, name: &str) -> bool {
        self.name
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    }

    /// Whether it belongs to the endpoint `name` (or says no endpoint).
    pub fn may_be_of(&self, endpoint: &str) -> bool {
        self.endpoint_name
            .as_deref()
            .is_none_or(|n| n.eq_ignore_ascii_case(endpoint))
    }

    /// Where it is defined, as `--verbose` says it: `FILE:LINE`.
    pub fn place(&self, shown: &dyn Fn(&Path) -> String) -> String {
        format!("{}:{}", shown(&self.path), self.line)
    }
}

/// A batch endpoint found in the project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// Shared with discovery's listing of the file.
    pub path: Arc<Path>,
    /// The 1-based line of the definition (see [`Deployment::line`]).
    pub line: usize,
    pub written: Written,
    pub name: Option<String>,
    pub default_deployment: Option<String>,
}

impl Endpoint {
    pub fn new(path: Arc<Path>, line: usize, written: Written) -> Endpoint {
        Endpoint {
            path,
            line,
            written,
            name: None,
            default_deployment: None,
        }
    }

    pub fn is_named(&self, name: &str) -> bool {
        self.name
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    }
}

/// The deployments and endpoints one file defines (a `.py` file, a notebook, a Markdown page,
/// an ARM template): an invocation in the same file is tied to them first.
#[derive(Clone, Debug, Default)]
pub struct Defined {
    pub deployments: Vec<Arc<Deployment>>,
    pub endpoints: Vec<Arc<Endpoint>>,
}

impl Defined {
    pub fn is_empty(&self) -> bool {
        self.deployments.is_empty() && self.endpoints.is_empty()
    }
}

/// What a definition in Python defines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Deployment(Deployment),
    Endpoint(Endpoint),
}

/// A deployment or endpoint as a language front-end reads it in a file (Python: a constructor
/// call, a `load_*` call, `endpoint.defaults.deployment_name = …`), with what the rules about
/// the definition itself need (`deployment-keyword`, `pipeline-deployment-env-vars`). Its
/// item's `path` and `line` are set by the engine, which knows the file ([`Definition::placed`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    /// The call or assignment, in the file.
    pub span: Span,
    pub item: Item,
    /// The class or function called (`ModelBatchDeployment`, `load_model_batch_deployment`), or
    /// `defaults` for an assignment of an endpoint's default deployment.
    pub callee: String,
    /// The keyword arguments written, each name at its place (`**kwargs` are not named).
    pub keywords: Vec<(String, Span)>,
    /// The call spreads a mapping (`**kwargs`): it may pass any keyword.
    pub spread: bool,
    /// The job settings written (`mini_batch_size=`, `output_action=`, …): the keywords of a
    /// readable `settings=ModelBatchDeploymentSettings(…)`, else the call's own. Empty when the
    /// settings are given in a way amlint cannot read.
    pub settings: Vec<Setting>,
    /// The `settings=…Settings(…)` call the job settings come from, when there is one.
    pub settings_call: Option<SettingsCall>,
    /// A model deployment's bundle (its code, scoring script, environment and model, the script
    /// looked up on disk), for the bundle rules (RULES.md §10).
    pub bundle: Option<Box<crate::model::bundle::DeploymentBundle>>,
}

/// A `settings=ModelBatchDeploymentSettings(…)` call of a deployment defined in Python.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsCall {
    /// The class called (the last part of its name), and where that name is.
    pub class: String,
    pub name: Span,
    /// The call spreads a mapping (`**kwargs`): it may pass any keyword.
    pub spread: bool,
}

/// A job setting of a deployment defined in Python.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    pub name: String,
    /// The keyword, in the file.
    pub key: Span,
    /// Its value, when it is a known string (`BatchDeploymentOutputAction.SUMMARY_ONLY` is
    /// `summary_only`); anything else is unknown.
    pub value: Option<String>,
}

impl Definition {
    /// The item, placed in `path` at `line` (1-based).
    pub fn placed(&self, path: &Arc<Path>, line: usize) -> Item {
        match &self.item {
            Item::Deployment(d) => Item::Deployment(Deployment {
                path: path.clone(),
                line,
                ..d.clone()
            }),
            Item::Endpoint(e) => Item::Endpoint(Endpoint {
                path: path.clone(),
                line,
                ..e.clone()
            }),
        }
    }

    /// The job setting `name`, when written.
    pub fn setting(&self, name: &str) -> Option<&Setting> {
        self.settings.iter().rev().find(|s| s.name == name)
    }

    pub fn keyword(&self, name: &str) -> Option<Span> {
        self.keywords
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, span)| *span)
    }
}

/// The items of `definitions`, placed in the file `path` (`line_of` a file offset's line).
pub fn place(
    definitions: &[Definition],
    path: &Arc<Path>,
    line_of: &dyn Fn(usize) -> usize,
) -> Defined {
    let mut defined = Defined::default();
    for definition in definitions {
        match definition.placed(path, line_of(definition.span.start)) {
            Item::Deployment(d) => defined.deployments.push(Arc::new(d)),
            Item::Endpoint(e) => defined.endpoints.push(Arc::new(e)),
        }
    }
    defined
}
