//! amlint: a linter for the inputs of Azure Machine Learning batch endpoint jobs.
//!
//! The pipeline: [`walk`] finds the files; a front-end in [`sources`] turns each into a spanned
//! [`model::Invocation`] (over the [`yaml`] tree for YAML files); the [`rules`] run over the model
//! and report [`diagnostic::Diagnostic`]s; a [`report`]er formats them.

pub mod check;
pub mod config;
pub mod controls;
pub mod diagnostic;
pub mod fix;
pub mod folders;
pub mod fuzzing;
pub mod json;
pub mod model;
pub mod offset_map;
pub mod output;
pub mod path_ref;
pub mod paths;
pub mod placeholder;
pub mod project;
pub mod report;
pub mod rest_spec;
pub mod rules;
pub mod sdk;
pub mod secrets;
pub mod server;
pub mod source;
pub mod sources;
pub mod suggest;
pub mod suppress;
pub mod walk;
pub mod word;
pub mod yaml;
pub mod yaml11;
