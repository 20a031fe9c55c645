//! The deployment bundle as the rules read it (RULES.md §10): a model deployment's code folder,
//! scoring script, environment and model; a Python `load_*batch_deployment("…")` call; and a
//! scoring script as the batch driver uses it. Built by the project (files on disk) and the
//! Python front-end (the script's text); the rules only read them.

use std::path::PathBuf;

use crate::source::Span;
use crate::syntax::yaml::NodeRef;

/// A value as written, with its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub text: String,
    pub span: Span,
}

/// Where a deployment's scoring script is, as far as amlint can tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScriptAt {
    /// No local code to look at: no `code_configuration`, a registered code asset
    /// (`azureml:name:1`, an ARM id), or a value amlint cannot read.
    Unknown,
    /// `code` is a remote location (`azureml://…`, `https://…`), at its value.
    Remote(Span),
    /// The code folder does not exist, at its value (the path it resolves to).
    MissingFolder(Span, PathBuf),
    /// The code folder exists but the script does not, at the script's value.
    MissingScript(Span, PathBuf),
    /// The script is not a `.py` file, at its value.
    NotPython(Span),
    /// The script, as an absolute path (dots resolved by spelling).
    Found(PathBuf),
}

/// The layout of a batch deployment file, by where its job settings are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// A `settings:` block (the `type: model` layout of `load_model_batch_deployment`).
    Settings,
    /// Job settings at the top level and no `settings:` (the flat layout of
    /// `load_batch_deployment`).
    Flat,
    /// Neither: any loader reads it.
    Either,
}

/// The job settings the flat layout has at the top level and the `type: model` layout only under
/// `settings:` (azure-ai-ml 1.35: `BatchDeploymentSchema` vs `ModelBatchDeploymentSchema`).
pub const FLAT_ONLY_SETTINGS: &[&str] = &[
    "mini_batch_size",
    "output_action",
    "output_file_name",
    "retry_settings",
    "logging_level",
    "max_concurrency_per_instance",
];

/// A file's layout, from its top-level keys.
pub fn layout(root: NodeRef<'_>) -> Layout {
    if root.get("settings").is_some() {
        Layout::Settings
    } else if FLAT_ONLY_SETTINGS.iter().any(|k| root.get(k).is_some()) {
        Layout::Flat
    } else {
        Layout::Either
    }
}

/// A Python `load_*batch_deployment("file")` call and the file it loads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loader {
    pub call: LoaderCall,
    /// The file as found (beside the Python file or from the repository root), shown.
    pub shown: String,
    /// Its layout (every place it was found agrees).
    pub layout: Layout,
    /// It is a pipeline component deployment (`type: pipeline`, or a `component:`).
    pub pipeline: bool,
}

/// A model batch deployment as the bundle rules read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeploymentBundle {
    /// Defined in Python (paths resolve against the process's working folder) rather than in a
    /// YAML file (paths resolve against the file's folder).
    pub python: bool,
    pub name: Option<String>,
    /// The `code_configuration` key.
    pub code_configuration: Option<Span>,
    pub code: Option<Written>,
    pub scoring_script: Option<Written>,
    /// Whether an environment is given: `None` when unknown.
    pub environment: Option<bool>,
    /// The `model` key, and whether the model is an MLflow model (`None`: unknown, such as a
    /// registered `azureml:name@latest`).
    pub model: Option<Span>,
    pub mlflow: Option<bool>,
    pub script: ScriptAt,
    /// For a Python loader call: the call and what it loads (the other fields are then empty).
    pub loader: Option<Loader>,
}

impl DeploymentBundle {
    pub fn empty(python: bool) -> Self {
        DeploymentBundle {
            python,
            name: None,
            code_configuration: None,
            code: None,
            scoring_script: None,
            environment: None,
            model: None,
            mlflow: None,
            script: ScriptAt::Unknown,
            loader: None,
        }
    }
}

impl DeploymentBundle {
    /// What a run needs of it besides checking it: the scoring script found, and whether it
    /// is an MLflow model without one.
    pub fn facts(&self) -> Facts {
        Facts {
            name: self.name.clone(),
            script: match &self.script {
                ScriptAt::Found(path) => Some(path.clone()),
                _ => None,
            },
            mlflow_without_script: self.code_configuration.is_none() && self.mlflow == Some(true),
        }
    }
}

/// What a run needs to know of a deployment YAML apart from checking it: the scoring script it
/// names (to judge that `.py` file as one) and whether it is an MLflow model without a script
/// (to judge the files its invocations send).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub name: Option<String>,
    pub script: Option<PathBuf>,
    pub mlflow_without_script: bool,
}

/// A `.py` file that a model deployment names as its scoring script, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scoring {
    pub script: ScoringScript,
    /// The deployment that names it: its file as shown, and its name.
    pub deployment: String,
    pub name: Option<String>,
}

/// Whether a module-level name is there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Defined {
    /// No module-level binding of it, and nothing that could make one unseen.
    Missing,
    /// Bound (a `def`, an import, an assignment, …).
    Yes,
    /// Not bound where amlint can see, but a star import or `globals()` may bind it.
    Unknown,
}

/// A path through `run()` that gives the batch driver nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoneReturn {
    /// `return` or `return None`, at this statement.
    Explicit(Span),
    /// The end of the body is reachable: the statement through which it falls off the end (its
    /// first line).
    FallsOff(Span),
}

/// What the batch driver needs of a scoring script, as read from its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoringScript {
    /// The first syntax error, where the parser found it (nothing else is judged then).
    pub syntax_error: Option<(Span, String)>,
    pub init: Defined,
    pub run: Defined,
    /// The `def run` name, when `run` is one plain module-level function.
    pub run_name: Option<Span>,
    /// Why `run(mini_batch)` cannot be called: where, and what is wrong.
    pub run_parameters: Option<(Span, String)>,
    /// The paths through `run` that return nothing (only for a plain, synchronous, non-generator
    /// `run`).
    pub none_returns: Vec<NoneReturn>,
}

/// A `load_*batch_deployment(…)` call whose file is a string literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoaderCall {
    /// `load_batch_deployment`, `load_model_batch_deployment`, …
    pub function: String,
    /// The function's name in the call (`load_batch_deployment` of `x.load_batch_deployment`).
    pub name: Span,
    /// The file, as written (the string's value), and the string's span.
    pub file: String,
    pub file_span: Span,
}
