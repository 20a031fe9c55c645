//! The rule settings of one file: the command line's selection folded over its `amlint.toml`'s
//! (and `[per-file-ignores]`), asked once per rule and finding.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::Severity;
use crate::model::DatastoreKind;
use crate::settings::Options;
use crate::settings::config::{Config, Configs};

/// The rule settings for one file: the command line's, then its `amlint.toml`'s.
pub struct Settings<'a> {
    pub options: &'a Options,
    pub config: Option<Arc<Config>>,
    /// The rules `[per-file-ignores]` turns off for this file.
    pub per_file_ignored: Vec<String>,
}

impl<'o> Settings<'o> {
    /// The settings for a file at `path`: its folder's config, folded with the command line's.
    pub fn for_path(options: &'o Options, configs: &Configs, path: &Path) -> Settings<'o> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let config = configs.for_dir(dir);
        Settings {
            options,
            per_file_ignored: config
                .as_ref()
                .map(|c| c.ignored_for(path))
                .unwrap_or_default(),
            config,
        }
    }

    /// `--select` replaces the config's `select`; `--ignore` adds to the config's `ignore`.
    pub fn enabled(&self, id: &str) -> bool {
        let selected = match (
            &self.options.select,
            self.config.as_ref().and_then(|c| c.select.as_ref()),
        ) {
            (Some(cli), _) => cli.contains(id),
            (None, Some(config)) => config.iter().any(|s| s == id),
            (None, None) => true,
        };
        selected
            && !self.options.ignore.contains(id)
            && !self.per_file_ignored.iter().any(|i| i == id)
            && !self
                .config
                .as_ref()
                .is_some_and(|c| c.ignore.iter().any(|i| i == id))
    }

    pub fn severity_override(&self, id: &str) -> Option<Severity> {
        self.config
            .as_ref()
            .and_then(|c| c.severity.get(id).copied())
    }

    pub fn datastores(&self) -> Option<&HashMap<String, DatastoreKind>> {
        self.config.as_ref().map(|c| &c.datastores)
    }
}
