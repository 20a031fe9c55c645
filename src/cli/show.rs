//! `--show-files` and `--show-settings`: what the walk finds and what the settings resolve to,
//! as text (the command line prints it).

use std::path::{Path, PathBuf};

use amlint::engine::{Checker, Options};
use amlint::fs::walk::{self, Target};
use amlint::rules::RULES;

/// What `--show-files` lists: each file, with the glob that excludes it (if one does), and the
/// paths that cannot be read.
pub struct Listing {
    pub files: Vec<(Target, Option<String>)>,
    pub problems: Vec<walk::PathProblem>,
}

/// `--show-files`: every file the paths name or hold.
pub fn list_files(paths: &[PathBuf], options: &Options) -> Result<Listing, String> {
    let checker = Checker::new(options).map_err(|e| e.to_string())?;
    let walk::Walked {
        targets, problems, ..
    } = walk::collect(paths, amlint::frontends::registry::is_candidate);
    let listed = targets
        .into_iter()
        .map(|target| {
            let excluded = checker.excluded(&target);
            (target, excluded)
        })
        .collect();
    let errors = checker.config_errors();
    if !errors.is_empty() {
        return Err(joined(&errors));
    }
    Ok(Listing {
        files: listed,
        problems,
    })
}

/// `--show-settings`: what applies to the file or folder `path` — the config file, its
/// settings, the command line's, and whether the path is excluded.
pub fn describe_settings(path: &Path, options: &Options) -> Result<String, String> {
    let checker = Checker::new(options).map_err(|e| e.to_string())?;
    // A folder's settings are those of a file inside it.
    let probe = if path.is_dir() {
        path.join("amlint-settings-probe")
    } else {
        path.to_path_buf()
    };
    let settings = checker.settings(&probe);
    let errors = checker.config_errors();
    if !errors.is_empty() {
        return Err(joined(&errors));
    }
    let mut out = format!("path: {}\n", path.display());
    match &settings.config {
        Some(config) => {
            out.push_str(&format!("config: {}\n", config.path.display()));
            out.push_str(&config.describe());
            if let Some(kind) = config.deployment_kind(&probe) {
                out.push_str(&format!("[deployment-kind]: {}\n", kind.as_str()));
            }
        }
        None => out.push_str("config: (none found; defaults)\n"),
    }
    let target = Target::new(path.display().to_string(), probe.clone(), !path.is_dir());
    out.push_str(&format!(
        "excluded: {}\n",
        checker
            .excluded(&target)
            .unwrap_or_else(|| "no".to_string())
    ));
    if !settings.per_file_ignored.is_empty() {
        out.push_str(&format!(
            "per-file ignored here: {}\n",
            settings.per_file_ignored.join(", ")
        ));
    }
    let enabled: Vec<&str> = RULES
        .iter()
        .map(|r| r.id())
        .filter(|id| settings.enabled(id))
        .collect();
    out.push_str(&format!(
        "rules enabled: {} of {}{}\n",
        enabled.len(),
        RULES.len(),
        if enabled.len() < RULES.len() {
            let off: Vec<&str> = RULES
                .iter()
                .map(|r| r.id())
                .filter(|id| !settings.enabled(id))
                .collect();
            format!(" (off: {})", off.join(", "))
        } else {
            String::new()
        }
    ));
    if let Some(kind) = options.deployment_kind {
        out.push_str(&format!("--deployment-kind: {}\n", kind.as_str()));
    }
    out.push_str(&format!("force-exclude: {}\n", options.force_exclude));
    // Paths and the config's values come from the checked tree: masked and escaped, line by line.
    Ok(amlint::output::shown_lines(&out))
}

/// Config errors, one per line, as a usage error prints them.
fn joined(errors: &[amlint::settings::config::ConfigError]) -> String {
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    lines.join("\n")
}
