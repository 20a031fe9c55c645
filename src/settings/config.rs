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
//!
//! exclude = ["vendor/**"]       # files and folders a walk skips (default: none)
//! extend-exclude = ["docs/wrong-on-purpose/**"]   # added to `exclude`
//!
//! [per-file-ignores]            # rules off for the files a glob matches
//! "examples/broken/**" = ["input-key-charset"]
//!
//! extend = "../shared/amlint.toml"   # read that config first; this one's keys win
//! ```
//!
//! A folder's `.amlint.toml` is read before its `amlint.toml`. `--config 'KEY = VALUE'` (TOML)
//! overrides a key of whichever config applies, or stands alone where none is found.
//!
//! The same settings can live in `pyproject.toml` under `[tool.amlint]` (an `amlint.toml` in the
//! same folder wins). Globs are relative to the config's folder; a glob without `/` also matches
//! a file or folder of that name anywhere below it (`exclude = ["generated"]`).
//!
//! Unknown keys, unknown rule ids and bad globs are errors (exit code 2), never ignored: a typo in
//! a config must not silently turn a check off.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use std::ops::Range;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::fs::boundary::{FILE_NAME, FILE_NAMES, PYPROJECT, mentions_amlint_table};
use crate::model::DatastoreKind;
use crate::model::DeploymentKind;
use crate::rules;
use crate::suggest;

/// A config that cannot be used: which file, where in it (when known), and what is wrong. Shown
/// as `PATH: MESSAGE`; an editor puts a diagnostic at `span` in the file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct ConfigError {
    pub path: PathBuf,
    /// Byte range in the config file: TOML's own, or the first key, rule or glob the message
    /// quotes that the file holds.
    pub span: Option<Range<usize>>,
    pub message: String,
}

impl ConfigError {
    fn new(path: &Path, message: impl Into<String>) -> ConfigError {
        ConfigError {
            path: path.to_path_buf(),
            span: None,
            message: message.into(),
        }
    }

    fn toml(path: &Path, error: &toml::de::Error) -> ConfigError {
        ConfigError {
            span: error.span(),
            ..ConfigError::new(path, error.to_string().trim_end())
        }
    }

    /// Place an error that has no position at what its message quotes (`` `rule-id` ``, a
    /// glob), when the file's text holds it.
    fn located_in(mut self, text: &str) -> ConfigError {
        if self.span.is_none() {
            self.span = self
                .message
                .split('`')
                .skip(1)
                .step_by(2)
                .filter(|quoted| !quoted.is_empty())
                .find_map(|quoted| text.find(quoted).map(|at| at..at + quoted.len()));
        }
        self
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
    exclude: Option<Vec<String>>,
    #[serde(default, rename = "extend-exclude")]
    extend_exclude: Vec<String>,
    #[serde(default, rename = "per-file-ignores")]
    per_file_ignores: BTreeMap<String, Vec<String>>,
    /// Another config to read first (resolved before the raw config is used).
    extend: Option<String>,
}

/// How many configs an `extend` chain may hold (a longer one is taken for a cycle).
const MAX_EXTEND_DEPTH: usize = 8;

/// `over`'s keys replace `into`'s; tables (`[severity]`, `[per-file-ignores]`, …) merge key by key.
fn merge(into: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (into.get_mut(&key), value) {
            (Some(toml::Value::Table(old)), toml::Value::Table(new)) => old.extend(new),
            (_, value) => {
                into.insert(key, value);
            }
        }
    }
}

/// `table` with its `extend = "PATH"` chain read in (the base first, each config's keys over
/// it). `PATH` is relative to the config that names it; globs keep being relative to the config
/// that the run found (the one that names `extend`).
fn resolve_extend(
    path: &Path,
    mut table: toml::Table,
    depth: usize,
) -> Result<toml::Table, ConfigError> {
    let Some(value) = table.remove("extend") else {
        return Ok(table);
    };
    let Some(base) = value.as_str() else {
        return Err(ConfigError::new(path, "`extend` must be a path (a string)"));
    };
    if depth + 1 >= MAX_EXTEND_DEPTH {
        return Err(ConfigError::new(
            path,
            format!("`extend` chain longer than {MAX_EXTEND_DEPTH} configs (a cycle?) at `{base}`"),
        ));
    }
    let base_path = path.parent().unwrap_or(Path::new(".")).join(base);
    let text = std::fs::read_to_string(&base_path)
        .map_err(|e| ConfigError::new(path, format!("extend = `{base}`: cannot read it: {e}")))?;
    let mut document: toml::Table =
        toml::from_str(&text).map_err(|e| ConfigError::toml(&base_path, &e))?;
    if base_path.file_name().is_some_and(|n| n == PYPROJECT) {
        document = match document.get("tool").and_then(|t| t.get("amlint")) {
            Some(toml::Value::Table(table)) => table.clone(),
            _ => return Err(ConfigError::new(&base_path, "no [tool.amlint] table")),
        };
    }
    let mut merged = resolve_extend(&base_path, document, depth + 1)?;
    merge(&mut merged, table);
    Ok(merged)
}

/// `--config 'KEY = VALUE'` overrides, each a TOML snippet, merged in order.
pub fn parse_overrides(items: &[String]) -> Result<Option<toml::Table>, ConfigError> {
    if items.is_empty() {
        return Ok(None);
    }
    let mut table = toml::Table::new();
    for item in items {
        let parsed: toml::Table = toml::from_str(item).map_err(|e| {
            ConfigError::new(
                Path::new("--config"),
                format!(
                    "`{item}` is neither a config file nor a TOML `KEY = VALUE` override: {}",
                    e.message().trim_end()
                ),
            )
        })?;
        merge(&mut table, parsed);
    }
    Ok(Some(table))
}

/// Globs relative to a config's folder.
#[derive(Debug)]
struct PathGlobs {
    set: GlobSet,
    patterns: Vec<String>,
}

impl PathGlobs {
    fn new<'a>(
        path: &Path,
        section: &str,
        patterns: impl IntoIterator<Item = &'a String>,
    ) -> Result<PathGlobs, ConfigError> {
        let mut builder = GlobSetBuilder::new();
        let mut kept = Vec::new();
        for pattern in patterns {
            let trimmed = pattern.trim_start_matches("./").trim_end_matches('/');
            let bad = |e: globset::Error| {
                ConfigError::new(path, format!("bad glob `{pattern}` in {section}: {e}"))
            };
            builder.add(
                globset::GlobBuilder::new(trimmed)
                    .literal_separator(true)
                    .build()
                    .map_err(bad)?,
            );
            kept.push(pattern.clone());
        }
        Ok(PathGlobs {
            set: builder
                .build()
                .map_err(|e| ConfigError::new(path, e.to_string()))?,
            patterns: kept,
        })
    }

    /// The patterns that match `relative` (a path below the config's folder): the path itself,
    /// a folder above it, or — for a pattern without `/` — the name of either.
    fn matching(&self, relative: &Path) -> Vec<usize> {
        let mut found: Vec<usize> = Vec::new();
        let mut at = Some(relative);
        while let Some(path) = at.filter(|p| !p.as_os_str().is_empty()) {
            found.extend(self.set.matches(path));
            if let Some(name) = path.file_name() {
                found.extend(
                    self.set
                        .matches(Path::new(name))
                        .into_iter()
                        .filter(|i| !self.patterns[*i].contains('/')),
                );
            }
            at = path.parent();
        }
        found.sort_unstable();
        found.dedup();
        found
    }
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
    exclude: PathGlobs,
    per_file_globs: PathGlobs,
    /// The rules of each `[per-file-ignores]` glob, in the order of `per_file_globs`.
    per_file_rules: Vec<Vec<String>>,
}

impl Config {
    /// An `amlint.toml`, or the `[tool.amlint]` table of a `pyproject.toml`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        Config::load_with(path, None)
    }

    /// [`Config::load`] with `--config` overrides over it.
    pub fn load_with(path: &Path, overrides: Option<&toml::Table>) -> Result<Config, ConfigError> {
        let text =
            std::fs::read_to_string(path).map_err(|e| ConfigError::new(path, e.to_string()))?;
        if path.file_name().is_some_and(|n| n == PYPROJECT) {
            return Config::parse_pyproject_with(path, &text, overrides)?
                .ok_or_else(|| ConfigError::new(path, "no [tool.amlint] table"));
        }
        Config::parse_with(path, &text, overrides)
    }

    /// A config of the `--config` overrides alone, as if it were `path`.
    pub fn of_overrides(path: &Path, overrides: &toml::Table) -> Result<Config, ConfigError> {
        Config::from_table(path, toml::Table::new(), Some(overrides))
    }

    /// A config from its table: `extend` resolved, then the overrides over it.
    fn from_table(
        path: &Path,
        table: toml::Table,
        overrides: Option<&toml::Table>,
    ) -> Result<Config, ConfigError> {
        let mut table = resolve_extend(path, table, 0)?;
        if let Some(overrides) = overrides {
            merge(&mut table, overrides.clone());
        }
        let raw: RawConfig = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| ConfigError::new(path, e.message().trim_end()))?;
        Config::build(path, raw)
    }

    /// `[tool.amlint]` of a `pyproject.toml`: `None` when it has none. A pyproject that does not
    /// mention `tool.amlint` is not read at all (a broken one is some other tool's business).
    pub fn parse_pyproject(path: &Path, text: &str) -> Result<Option<Config>, ConfigError> {
        Config::parse_pyproject_with(path, text, None)
    }

    fn parse_pyproject_with(
        path: &Path,
        text: &str,
        overrides: Option<&toml::Table>,
    ) -> Result<Option<Config>, ConfigError> {
        if !mentions_amlint_table(text) {
            return Ok(None);
        }
        let document: toml::Table =
            toml::from_str(text).map_err(|e| ConfigError::toml(path, &e))?;
        let Some(table) = document.get("tool").and_then(|t| t.get("amlint")) else {
            return Ok(None);
        };
        let raw: RawConfig = table.clone().try_into().map_err(|e: toml::de::Error| {
            ConfigError::new(path, format!("[tool.amlint]: {}", e.message().trim_end()))
                .located_in(text)
        })?;
        if raw.extend.is_some() || overrides.is_some() {
            let Some(table) = table.as_table() else {
                return Err(ConfigError::new(path, "[tool.amlint] is not a table"));
            };
            return Config::from_table(path, table.clone(), overrides)
                .map(Some)
                .map_err(|e| e.located_in(text));
        }
        Config::build(path, raw)
            .map(Some)
            .map_err(|e| e.located_in(text))
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        Config::parse_with(path, text, None)
    }

    fn parse_with(
        path: &Path,
        text: &str,
        overrides: Option<&toml::Table>,
    ) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError::toml(path, &e))?;
        if raw.extend.is_none() && overrides.is_none() {
            return Config::build(path, raw).map_err(|e| e.located_in(text));
        }
        let table: toml::Table = toml::from_str(text).map_err(|e| ConfigError::toml(path, &e))?;
        Config::from_table(path, table, overrides).map_err(|e| e.located_in(text))
    }

    fn build(path: &Path, raw: RawConfig) -> Result<Config, ConfigError> {
        let known = |id: &String| -> Result<(), ConfigError> {
            if rules::find(id).is_some() {
                return Ok(());
            }
            let ids: Vec<&str> = rules::RULES.iter().map(|r| r.id()).collect();
            Err(ConfigError::new(
                path,
                format!(
                    "unknown rule `{id}`{}",
                    suggest::closest(id, &ids, 3)
                        .map(|c| format!("; did you mean `{c}`?"))
                        .unwrap_or_default()
                ),
            ))
        };
        for id in raw
            .select
            .iter()
            .flatten()
            .chain(&raw.ignore)
            .chain(raw.severity.keys())
            .chain(raw.per_file_ignores.values().flatten())
        {
            known(id)?;
        }
        let mut globs = GlobSetBuilder::new();
        let mut kinds = Vec::new();
        for (pattern, kind) in &raw.deployment_kind {
            let glob = Glob::new(pattern).map_err(|e| {
                ConfigError::new(
                    path,
                    format!("bad glob `{pattern}` in [deployment-kind]: {e}"),
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
                .map_err(|e| ConfigError::new(path, e.to_string()))?,
            kinds,
            datastores: raw.datastores.into_iter().collect(),
            exclude: PathGlobs::new(
                path,
                "exclude",
                raw.exclude.iter().flatten().chain(&raw.extend_exclude),
            )?,
            per_file_globs: PathGlobs::new(
                path,
                "[per-file-ignores]",
                raw.per_file_ignores.keys(),
            )?,
            per_file_rules: raw.per_file_ignores.into_values().collect(),
        })
    }

    /// `path` relative to the config's folder, when it lies below it.
    fn relative(&self, path: &Path) -> Option<PathBuf> {
        let absolute = crate::fs::paths::absolute(path);
        let dir = crate::fs::paths::absolute(self.dir());
        absolute.strip_prefix(dir).ok().map(Path::to_path_buf)
    }

    /// The `exclude`/`extend-exclude` glob that excludes `path`, if one does.
    pub fn excluded_by(&self, path: &Path) -> Option<&str> {
        let relative = self.relative(path)?;
        self.exclude
            .matching(&relative)
            .first()
            .map(|i| self.exclude.patterns[*i].as_str())
    }

    /// The rules `[per-file-ignores]` turns off for `path`.
    pub fn ignored_for(&self, path: &Path) -> Vec<String> {
        let Some(relative) = self.relative(path) else {
            return Vec::new();
        };
        self.per_file_globs
            .matching(&relative)
            .into_iter()
            .flat_map(|i| self.per_file_rules[i].iter().cloned())
            .collect()
    }

    /// What `--show-settings` prints of this config.
    pub fn describe(&self) -> String {
        let list = |v: &[String]| {
            if v.is_empty() {
                "(none)".to_string()
            } else {
                v.join(", ")
            }
        };
        let mut out = String::new();
        out.push_str(&format!(
            "select: {}\n",
            self.select
                .as_deref()
                .map(list)
                .unwrap_or_else(|| "(all rules)".into())
        ));
        out.push_str(&format!("ignore: {}\n", list(&self.ignore)));
        out.push_str(&format!("exclude: {}\n", list(&self.exclude.patterns)));
        for (pattern, rules) in self
            .per_file_globs
            .patterns
            .iter()
            .zip(&self.per_file_rules)
        {
            out.push_str(&format!("per-file-ignores: {pattern} = {}\n", list(rules)));
        }
        for (id, severity) in &self.severity {
            out.push_str(&format!("severity: {id} = {}\n", severity.as_str()));
        }
        let mut datastores: Vec<_> = self.datastores.iter().collect();
        datastores.sort_by_key(|(name, _)| *name);
        for (name, kind) in datastores {
            out.push_str(&format!("datastore: {name} = {}\n", kind.describe()));
        }
        out
    }

    /// The folder globs are relative to.
    fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// The deployment kind the config gives the file at `path`, if a glob matches it; when
    /// several match, the longest (most specific) pattern wins.
    pub fn deployment_kind(&self, path: &Path) -> Option<DeploymentKind> {
        let relative = self.relative(path)?;
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
    /// By folder: one cell per folder a file or a search was in.
    by_dir: crate::fs::folders::FolderCells<Option<Arc<Config>>>,
    errors: Mutex<Vec<ConfigError>>,
    /// Which folders are repository roots: shared with discovery (see [`Configs::roots`]), so
    /// that each folder is asked once per run.
    roots: Arc<crate::fs::paths::RepositoryRoots>,
    /// `--config 'KEY = VALUE'`: over every config found, or alone where none is.
    overrides: Option<Arc<toml::Table>>,
}

impl Configs {
    /// Where the upward search stops: the repository root (the folder holding `.git`); an
    /// `amlint.toml` above it belongs to someone else. Outside a repository the search goes on
    /// to the file system root, as ruff's does (the first config found wins).
    /// Each folder is asked once, by the cache of repository roots that discovery shares.
    fn is_boundary(&self, dir: &Path) -> bool {
        self.roots.is_root(dir)
    }

    /// The cache of repository roots, for discovery to share.
    pub fn roots(&self) -> Arc<crate::fs::paths::RepositoryRoots> {
        self.roots.clone()
    }

    /// The configs a run's options ask for: `--config FILE` for every file (or the config found
    /// upward from each), with the `--config 'KEY = VALUE'` overrides over it.
    pub fn from_options(options: &super::Options) -> Result<Configs, ConfigError> {
        let overrides = parse_overrides(&options.config_overrides)?;
        let forced = match &options.config {
            Some(path) => Some(Arc::new(Config::load_with(path, overrides.as_ref())?)),
            None => None,
        };
        Ok(Configs {
            forced,
            overrides: overrides.map(Arc::new),
            ..Configs::default()
        })
    }

    /// Where no config is found: the overrides alone (their globs relative to `dir`).
    fn overrides_alone(&self, dir: &Path) -> Option<Arc<Config>> {
        let overrides = self.overrides.as_ref()?;
        match Config::of_overrides(&dir.join(FILE_NAME), overrides) {
            Ok(config) => Some(Arc::new(config)),
            Err(error) => {
                self.record(error);
                None
            }
        }
    }

    fn record(&self, error: ConfigError) {
        if let Ok(mut errors) = self.errors.lock()
            && !errors.contains(&error)
        {
            errors.push(error);
        }
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
        let dir = crate::fs::paths::absolute(dir);
        self.by_dir
            .get_or_init(crate::fs::folders::id_of(&dir), || self.search(&dir, level))
            .clone()
    }

    /// The config of the absolute folder `dir`: its own `amlint.toml` (or `[tool.amlint]`), else
    /// its parent's, up to the boundary.
    fn search(&self, dir: &Path, level: usize) -> Option<Arc<Config>> {
        let candidate = FILE_NAMES
            .iter()
            .map(|name| dir.join(name))
            .find(|path| path.is_file());
        let pyproject = dir.join(PYPROJECT);
        let overrides = self.overrides.as_deref();
        let in_pyproject = || -> Option<Result<Config, ConfigError>> {
            let text = std::fs::read_to_string(&pyproject).ok()?;
            Config::parse_pyproject_with(&pyproject, &text, overrides).transpose()
        };
        let loaded = if let Some(candidate) = candidate {
            Some(Config::load_with(&candidate, overrides))
        } else if pyproject.is_file() {
            in_pyproject()
        } else {
            None
        };
        if let Some(loaded) = loaded {
            match loaded {
                Ok(config) => Some(Arc::new(config)),
                Err(message) => {
                    self.record(message);
                    None
                }
            }
        } else if self.is_boundary(dir)
            || level + 1 >= crate::limits::MAX_DISCOVERY_LEVELS
            || dir.parent().is_none()
        {
            self.overrides_alone(dir)
        } else {
            dir.parent()
                .and_then(|parent| self.for_dir_at(parent, level + 1))
        }
    }

    /// Every config that could not be used (each is a usage error: exit code 2).
    pub fn errors(&self) -> Vec<ConfigError> {
        self.errors.lock().map(|e| e.clone()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
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
        assert!(
            parse("selec = []\n")
                .unwrap_err()
                .to_string()
                .contains("unknown field")
        );
        assert!(
            parse("ignore = [\"input-key-charst\"]\n")
                .unwrap_err()
                .to_string()
                .contains("did you mean `input-key-charset`")
        );
        assert!(parse("[severity]\ninput-missing-type = \"fatal\"\n").is_err());
        assert!(parse("[datastores]\nlake = \"s3\"\n").is_err());
        assert!(parse("[deployment-kind]\n\"a/[\" = \"model\"\n").is_err());
    }

    /// An error reaches the editor as the config's path and the place in it: TOML's own
    /// position, or what the message quotes.
    #[test]
    fn errors_carry_their_path_and_place() {
        let text = "ignore = [\"input-key-charst\"]\n";
        let error = parse(text).unwrap_err();
        assert_eq!(error.path, Path::new("/p/amlint.toml"));
        assert_eq!(error.span, Some(11..27));
        assert_eq!(
            error.to_string(),
            "/p/amlint.toml: unknown rule `input-key-charst`; did you mean `input-key-charset`?"
        );
        let broken = parse("ig nore = 1\n").unwrap_err();
        assert!(
            broken.span.clone().is_some_and(|r| r.start <= 3),
            "{broken:?}"
        );
    }
}
