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
    /// No `select`, `ignore` or `[per-file-ignores]` applies: every rule is on. The question
    /// is asked for every rule of every unit a run checks, and most runs restrict nothing.
    every_rule: bool,
}

impl<'o> Settings<'o> {
    /// The settings for a file at `path`: its folder's config, folded with the command line's.
    pub fn for_path(options: &'o Options, configs: &Configs, path: &Path) -> Settings<'o> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let config = configs.for_dir(dir);
        let per_file_ignored = config
            .as_ref()
            .map(|c| c.ignored_for(path))
            .unwrap_or_default();
        let every_rule = options.select.is_none()
            && options.ignore.is_empty()
            && per_file_ignored.is_empty()
            && config
                .as_ref()
                .is_none_or(|c| c.select.is_none() && c.ignore.is_empty());
        Settings {
            options,
            per_file_ignored,
            config,
            every_rule,
        }
    }

    /// `--select` replaces the config's `select`; `--ignore` adds to the config's `ignore`.
    pub fn enabled(&self, id: &str) -> bool {
        if self.every_rule {
            return true;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Which of two rules are on for a file, under a command line and a config.
    fn on(options: Options, config: &str) -> (bool, bool) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(dir.path().join("amlint.toml"), config).expect("written");
        std::fs::create_dir(dir.path().join(".git")).expect("a repository root");
        let configs = Configs::from_options(&options).expect("configs");
        let settings = Settings::for_path(&options, &configs, &dir.path().join("inputs.yml"));
        (
            settings.enabled("unknown-flag"),
            settings.enabled("input-type-value"),
        )
    }

    fn set(ids: &[&str]) -> std::collections::HashSet<String> {
        ids.iter().map(|id| id.to_string()).collect()
    }

    /// Nothing restricts: every rule is on. Each restriction, alone, turns off what it names
    /// (the short cut for the first case must not hide any of them).
    #[test]
    fn every_restriction_turns_off_what_it_names() {
        assert_eq!(on(Options::default(), ""), (true, true));
        let cli_select = Options {
            select: Some(set(&["unknown-flag"])),
            ..Options::default()
        };
        assert_eq!(on(cli_select, ""), (true, false));
        let cli_ignore = Options {
            ignore: set(&["unknown-flag"]),
            ..Options::default()
        };
        assert_eq!(on(cli_ignore, ""), (false, true));
        let config_select = "select = [\"input-type-value\"]\n";
        assert_eq!(on(Options::default(), config_select), (false, true));
        let config_ignore = "ignore = [\"input-type-value\"]\n";
        assert_eq!(on(Options::default(), config_ignore), (true, false));
        let per_file = "[per-file-ignores]\n\"*.yml\" = [\"unknown-flag\"]\n";
        assert_eq!(on(Options::default(), per_file), (false, true));
        let other_files = "[per-file-ignores]\n\"*.py\" = [\"unknown-flag\"]\n";
        assert_eq!(on(Options::default(), other_files), (true, true));
    }
}
