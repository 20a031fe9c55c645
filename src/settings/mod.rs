//! Settings: `amlint.toml` / `[tool.amlint]` and the command line's selections.

pub mod config;
pub mod rule_table;

use std::collections::HashSet;
use std::path::PathBuf;

use crate::model::DeploymentKind;

/// What a run was asked to do.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Force the deployment kind of every invocation.
    pub deployment_kind: Option<DeploymentKind>,
    /// Only these rules (all when `None`).
    pub select: Option<HashSet<String>>,
    pub ignore: HashSet<String>,
    /// Say which file decided each invocation's deployment kind, or why none could.
    pub verbose: bool,
    /// `--config FILE` instead of the `amlint.toml` found upward from each file.
    pub config: Option<PathBuf>,
    /// `--config 'KEY = VALUE'` (TOML), over whichever config applies.
    pub config_overrides: Vec<String>,
    /// `--force-exclude`: the config's `exclude` applies to named files too (pre-commit names
    /// every staged file).
    pub force_exclude: bool,
    /// The report quotes no source and nothing is fixed (JSON, SARIF, annotations): a file with
    /// findings keeps only the positions they point at, not its text.
    pub positions_only: bool,
}
