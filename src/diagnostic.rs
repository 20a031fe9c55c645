//! Diagnostics are data: a rule id, a severity, where, what, and how to fix it. Reporters only
//! format them.

use std::sync::Arc;

use serde::Serialize;

use crate::model::DeploymentKind;
use crate::source::{SourceFile, Span};

#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A replacement of the text at `span`, when a finding has exactly one right spelling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub span: Span,
    pub replacement: String,
    /// Safe fixes keep what the deployment receives; unsafe ones (renaming an input the
    /// deployment must also rename) apply only with `--unsafe-fixes`.
    pub safe: bool,
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
    pub fix: Option<Fix>,
    /// The deployment kind the finding was checked against, when one was known.
    pub deployment_kind: Option<DeploymentKind>,
    /// What decided that kind (a deployment YAML, `--deployment-kind`), for `--verbose`.
    /// Shared by the findings of one invocation.
    pub kind_source: Option<std::sync::Arc<str>>,
    /// The kind was inferred from the deployments around the file, not tied by a name.
    pub kind_inferred: bool,
}

impl Diagnostic {
    /// The message with its help on a second line (`help: …`), as the one-text formats (SARIF,
    /// annotations, Azure DevOps issues, LSP) show it.
    pub fn message_with_help(&self) -> String {
        match &self.help {
            Some(help) => format!("{}\nhelp: {help}", self.message),
            None => self.message.clone(),
        }
    }

    pub fn new(rule: &'static str, severity: Severity, span: Span, message: String) -> Self {
        Diagnostic {
            rule,
            severity,
            span,
            message,
            help: None,
            fix: None,
            deployment_kind: None,
            kind_source: None,
            kind_inferred: false,
        }
    }

    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    pub fn severity(&mut self, severity: Severity) -> &mut Self {
        self.severity = severity;
        self
    }

    /// A safe fix: replace the text at `span`.
    pub fn fix(&mut self, span: Span, replacement: impl Into<String>) -> &mut Self {
        self.fix = Some(Fix {
            span,
            replacement: replacement.into(),
            safe: true,
        });
        self
    }

    /// A fix that changes what the deployment receives (applied only with `--unsafe-fixes`).
    pub fn unsafe_fix(&mut self, span: Span, replacement: impl Into<String>) -> &mut Self {
        self.fix = Some(Fix {
            span,
            replacement: replacement.into(),
            safe: false,
        });
        self
    }
}

/// The findings for one file, with the file they point into.
#[derive(Debug)]
pub struct FileReport {
    pub source: Arc<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
    /// Findings past [`MAX_FINDINGS_PER_FILE`], counted but not reported.
    pub omitted: usize,
    /// The worst severity among them (it still decides the exit code).
    pub omitted_worst: Option<Severity>,
    /// What the editor shows over an input or output name that a pipeline component declares:
    /// its declaration (`declared in pipeline.yml:5 as uri_folder`).
    pub declarations: Vec<(Span, String)>,
}

/// A file with more findings than this (a generated or hostile file) reports the first ones and
/// how many more there are: the output stays bounded, and nobody reads the 501st anyway.
pub const MAX_FINDINGS_PER_FILE: usize = 500;
