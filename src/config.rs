//! `amlint.toml`: found upward from each checked file (or given with `--config`).
//!
//! ```toml
//! select = ["input-key-charset", "literal-type-float"]   # only these rules (default: all)
//! ignore = ["local-path-missing"]                        # never these
//!
//! [severity]                    # severity overrides
//! input-missing-type = "error"
//!
//! [deployment-kind]             # per-glob kind, relative to this file's folder
//! "scoring/**" = "model"
//!
//! [datastores]                  # kinds of data stores the project does not declare
//! lake = "adls_gen2"            # blob | file | adls_gen1 | adls_gen2
//! ```
//!
//! Unknown keys, unknown rule ids and bad globs are errors (exit code 2), never ignored: a typo in
//! a config must not silently turn a check off.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::model::DeploymentKind;
use crate::rules;
use crate::suggest;

pub const FILE_NAME: &str = "amlint.toml";

/// What kind of storage a data store is (for `output-datastore-not-blob`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatastoreKind {
    Blob,
    File,
    AdlsGen1,
    AdlsGen2,
}

impl DatastoreKind {
    pub fn describe(self) -> &'static str {
        match self {
            DatastoreKind::Blob => "Blob Storage",
            DatastoreKind::File => "Azure Files",
            DatastoreKind::AdlsGen1 => "Azure Data Lake Gen1",
            DatastoreKind::AdlsGen2 => "Azure Data Lake Gen2",
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    select: Option<Vec<String>>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
    #[serde(default, rename = "deployment-kind")]
    deployment_kind: BTreeMap<String, DeploymentKind>,
    #[serde(default)]
    datastores: BTreeMap<String, DatastoreKind>,
}

/// One loaded `amlint.toml`.
#[derive(Debug)]
pub struct Config {
    pub path: PathBuf,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub severity: BTreeMap<String, Severity>,
    kind_globs: GlobSet,
    /// (pattern length, kind) of each glob, in the order of `kind_globs`.
    kinds: Vec<(usize, DeploymentKind)>,
    pub datastores: HashMap<String, DatastoreKind>,
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Config::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, String> {
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| format!("{}: {}", path.display(), e.to_string().trim_end()))?;
        let known = |id: &String| -> Result<(), String> {
            if rules::find(id).is_some() {
                return Ok(());
            }
            let ids: Vec<&str> = rules::RULES.iter().map(|r| r.id()).collect();
            Err(format!(
                "{}: unknown rule `{id}`{}",
                path.display(),
                suggest::closest(id, &ids, 3)
                    .map(|c| format!("; did you mean `{c}`?"))
                    .unwrap_or_default()
            ))
        };
        for id in raw
            .select
            .iter()
            .flatten()
            .chain(&raw.ignore)
            .chain(raw.severity.keys())
        {
            known(id)?;
        }
        let mut globs = GlobSetBuilder::new();
        let mut kinds = Vec::new();
        for (pattern, kind) in &raw.deployment_kind {
            let glob = Glob::new(pattern).map_err(|e| {
                format!(
                    "{}: bad glob `{pattern}` in [deployment-kind]: {e}",
                    path.display()
                )
            })?;
            globs.add(glob);
            kinds.push((pattern.len(), *kind));
        }
        Ok(Config {
            path: path.to_path_buf(),
            select: raw.select,
            ignore: raw.ignore,
            severity: raw.severity,
            kind_globs: globs
                .build()
                .map_err(|e| format!("{}: {e}", path.display()))?,
            kinds,
            datastores: raw.datastores.into_iter().collect(),
        })
    }

    /// The folder globs are relative to.
    fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// The deployment kind the config gives the file at `path`, if a glob matches it; when
    /// several match, the longest (most specific) pattern wins.
    pub fn deployment_kind(&self, path: &Path) -> Option<DeploymentKind> {
        let absolute = std::path::absolute(path).ok()?;
        let dir = std::path::absolute(self.dir()).ok()?;
        let relative = crate::check::normalise(&absolute);
        let relative = relative.strip_prefix(crate::check::normalise(&dir)).ok()?;
        self.kind_globs
            .matches(relative)
            .into_iter()
            .map(|i| self.kinds[i])
            .max_by_key(|(len, _)| *len)
            .map(|(_, kind)| kind)
    }
}

/// The configs of a run: `--config`, or the nearest `amlint.toml` above each file (cached).
#[derive(Default)]
pub struct Configs {
    forced: Option<Arc<Config>>,
    by_dir: Mutex<HashMap<PathBuf, Option<Arc<Config>>>>,
    errors: Mutex<Vec<String>>,
}

impl Configs {
    /// Where the upward search stops, as project discovery does: the repository root (the
    /// folder holding `.git`); outside a repository, the current folder. An `amlint.toml` above
    /// it belongs to someone else (a home folder, a CI runner's work folder).
    fn is_boundary(&self, dir: &Path) -> bool {
        if dir.join(".git").exists() {
            return true;
        }
        let cwd = std::env::current_dir()
            .ok()
            .and_then(|c| std::path::absolute(c).ok());
        cwd.is_some_and(|cwd| {
            dir == cwd && !cwd.ancestors().skip(1).any(|a| a.join(".git").exists())
        })
    }

    /// With `--config FILE`: that file for every checked file.
    pub fn forced(path: &Path) -> Result<Configs, String> {
        Ok(Configs {
            forced: Some(Arc::new(Config::load(path)?)),
            ..Configs::default()
        })
    }

    /// The config that applies to files in `dir`.
    pub fn for_dir(&self, dir: &Path) -> Option<Arc<Config>> {
        self.for_dir_at(dir, 0)
    }

    /// [`Configs::for_dir`], `level` folders above the file's.
    fn for_dir_at(&self, dir: &Path, level: usize) -> Option<Arc<Config>> {
        if let Some(forced) = &self.forced {
            return Some(forced.clone());
        }
        let dir = std::path::absolute(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
        .unwrap_or_else(|_| dir.to_path_buf());
        if let Some(found) = self.by_dir.lock().ok().and_then(|m| m.get(&dir).cloned()) {
            return found;
        }
        let candidate = dir.join(FILE_NAME);
        let found = if candidate.is_file() {
            match Config::load(&candidate) {
                Ok(config) => Some(Arc::new(config)),
                Err(message) => {
                    if let Ok(mut errors) = self.errors.lock()
                        && !errors.contains(&message)
                    {
                        errors.push(message);
                    }
                    None
                }
            }
        } else if self.is_boundary(&dir) || level + 1 >= crate::project::MAX_DISCOVERY_LEVELS {
            None
        } else {
            dir.parent()
                .and_then(|parent| self.for_dir_at(parent, level + 1))
        };
        if let Ok(mut map) = self.by_dir.lock() {
            map.insert(dir, found.clone());
        }
        found
    }

    /// Every config that could not be used (each is a usage error: exit code 2).
    pub fn errors(&self) -> Vec<String> {
        self.errors.lock().map(|e| e.clone()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(Path::new("/p/amlint.toml"), text)
    }

    #[test]
    fn a_full_config_parses() {
        let config = parse(
            "select = [\"input-key-charset\"]\nignore = [\"local-path-missing\"]\n[severity]\ninput-missing-type = \"error\"\n[deployment-kind]\n\"scoring/**\" = \"model\"\n[datastores]\nlake = \"adls_gen2\"\n",
        )
        .unwrap();
        assert_eq!(config.severity["input-missing-type"], Severity::Error);
        assert_eq!(config.datastores["lake"], DatastoreKind::AdlsGen2);
        assert_eq!(
            config.deployment_kind(Path::new("/p/scoring/run.sh")),
            Some(DeploymentKind::Model)
        );
        assert_eq!(config.deployment_kind(Path::new("/p/other/run.sh")), None);
    }

    #[test]
    fn unknown_keys_rules_and_values_are_errors() {
        assert!(parse("selec = []\n").unwrap_err().contains("unknown field"));
        assert!(
            parse("ignore = [\"input-key-charst\"]\n")
                .unwrap_err()
                .contains("did you mean `input-key-charset`")
        );
        assert!(parse("[severity]\ninput-missing-type = \"fatal\"\n").is_err());
        assert!(parse("[datastores]\nlake = \"s3\"\n").is_err());
        assert!(parse("[deployment-kind]\n\"a/[\" = \"model\"\n").is_err());
    }
}
