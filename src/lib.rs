//! amlint: a linter for Azure Machine Learning batch endpoints — the inputs of their jobs and the
//! deployments those jobs run on.
//!
//! The pipeline: [`fs::walk`] finds the files; a front-end in [`frontends`] turns each into a
//! spanned [`model::Invocation`] (over the [`syntax::yaml`] tree for YAML files); the [`rules`]
//! run over the model and report [`diagnostic::Diagnostic`]s; the [`engine`] orchestrates and
//! finishes them; a [`report`]er formats them. The modules sit in layers, each importing only
//! from the ones before it (`tests/it/architecture.rs` keeps it so):
//!
//! foundation (span, escape, secrets, source, placeholder, suggest, limits, fs, output) →
//! syntax → model (model, diagnostic) → spec → project → frontends → rules →
//! settings (settings, suppress) → engine → outputs (fix, report, server, fuzzing).

// 0. Foundation: no domain knowledge.
pub mod escape;
pub mod fs;
pub mod keywords;
pub mod limits;
pub mod output;
pub mod placeholder;
pub mod secrets;
pub mod source;
pub mod span;
pub mod suggest;
#[cfg(test)]
mod testing;
// 1. Syntax: parsers that know nothing of Azure ML.
pub mod syntax;
// 2. Model: what front-ends fill and rules read.
pub mod diagnostic;
pub mod model;
// 3. Spec: what az, azure-ai-ml and the service accept.
pub mod spec;
// 4. Facts around a file.
pub mod project;
// 5. Text → model.
pub mod frontends;
// 6.
pub mod rules;
// 7. Settings and suppressions.
pub mod settings;
pub mod suppress;
// 8. Orchestration.
pub mod engine;
// 9. Outputs.
pub mod fix;
pub mod fuzzing;
pub mod report;
pub mod server;
