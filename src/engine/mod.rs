//! The engine: read a file, run its front-end, run the rules, and hand back clean diagnostics.

mod bundle;
mod finish;
mod follow;
mod notes;
mod outcome;
mod resolve;
mod targets;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::diagnostic::FileReport;
use crate::frontends::FileKind;
pub use crate::frontends::Role;
use crate::frontends::{Language, Unit, yaml_file};
use crate::fs::walk::{self, Target};
use crate::model::{Invocation, Origin};
use crate::project::component;
use crate::project::{KindDecision, Projects};
pub use crate::settings::Options;
use crate::settings::config::{ConfigError, Configs};
use crate::settings::rule_table::Settings;
use crate::source::{SourceFile, Span};
use crate::syntax::yaml::Document;
use finish::{Found, attribute, secrets_only_decoded};
use outcome::Kept;
pub use outcome::Outcome;
use resolve::declarations_of;
pub use resolve::projects;
use targets::{Ahead, read_error};

/// Check everything under the named paths.
pub fn run(paths: &[PathBuf], options: &Options) -> Outcome {
    let started = std::time::Instant::now();
    // The disk does not change under a run: what a deployment's folder holds is read once.
    let _evidence = crate::project::bundle::remember_evidence();
    let checker = match Checker::new(options) {
        Ok(checker) => Checker {
            texts_are_files: true,
            ..checker.with_roots(paths)
        },
        Err(message) => return Outcome::config_error(message),
    };
    let walk::Named {
        folders,
        files,
        problems,
    } = walk::named(paths);
    let unreadable = problems.len();
    let mut reports = checker.unreadable(problems);
    reports.extend(checker.check_all(&folders, files));
    let mut outcome = checker.outcome(reports, unreadable);
    outcome.elapsed = started.elapsed();
    outcome
}

/// Check text read from standard input as the file `name` (its folder anchors the project and
/// the config, as for a file on disk).
pub fn run_stdin(name: &str, text: String, options: &Options) -> Outcome {
    let checker = match Checker::new(options) {
        Ok(checker) => checker,
        Err(message) => return Outcome::config_error(message),
    };
    let path = Path::new(name);
    // `--force-exclude`: an excluded file is not checked, even from an editor.
    let target = Target::new(name.to_string(), path.to_path_buf(), true);
    if checker.excluded(&target).is_some() {
        return checker.outcome(Vec::new(), 0);
    }
    let reports = checker.check_named(name.to_string(), path, text);
    checker.outcome(
        reports.into_iter().map(|r| Kept::of(r, options)).collect(),
        0,
    )
}

/// One run's shared state: the options, and the project discovery cache.
pub struct Checker<'o> {
    options: &'o Options,
    /// Shared with the language server across checks (it drops them when files change).
    projects: Arc<Projects>,
    configs: Arc<Configs>,
    notes: Mutex<Vec<String>>,
    /// The paths named on the command line: a file that `--file` reaches outside them (symbolic
    /// links resolved) is checked but never quoted. Empty: no such limit (stdin, editors).
    roots: Vec<PathBuf>,
    /// `roots` with symbolic links resolved, when a followed file first asks: resolving costs
    /// a `getcwd` and a `readlink` per component of each path, and pre-commit names hundreds of
    /// files that follow nothing.
    real_roots: OnceLock<Vec<PathBuf>>,
    /// Every file `--file` has brought in so far (each is checked once per run).
    followed: Mutex<HashSet<PathBuf>>,
    /// Each pipeline deployment's component, read once per run.
    components: Mutex<HashMap<Arc<Path>, component::Resolved>>,
    /// The texts checked are the files on disk (a run over files, not an editor's buffer or
    /// stdin): what a YAML file is may be handed to project discovery.
    texts_are_files: bool,
}

impl<'o> Checker<'o> {
    pub fn new(options: &'o Options) -> Result<Self, ConfigError> {
        let configs = Arc::new(Configs::from_options(options)?);
        Ok(Checker::with_caches(
            options,
            Arc::new(projects(configs.roots())),
            configs,
        ))
    }

    /// The paths named on the command line (see [`Checker::roots`]).
    pub fn with_roots(mut self, paths: &[PathBuf]) -> Self {
        self.roots = paths.to_vec();
        self
    }

    /// A checker that keeps what earlier checks discovered (the language server: a keystroke
    /// must not walk the project again). The caches are the caller's to drop when files change.
    pub fn with_caches(
        options: &'o Options,
        projects: Arc<Projects>,
        configs: Arc<Configs>,
    ) -> Self {
        Checker {
            options,
            projects,
            configs,
            notes: Mutex::new(Vec::new()),
            roots: Vec::new(),
            real_roots: OnceLock::new(),
            followed: Mutex::new(HashSet::new()),
            components: Mutex::new(HashMap::new()),
            texts_are_files: false,
        }
    }

    /// The configs that could not be used so far (each a usage error).
    pub fn config_errors(&self) -> Vec<ConfigError> {
        self.configs.errors()
    }

    /// [`Checker::check_text`] for a file reached through `depth` `--file`s; `ahead` is what
    /// discovery read of it already.
    fn check_file(
        &self,
        file: SourceFile,
        role: Role,
        kind: Option<&KindDecision>,
        depth: usize,
        ahead: &mut Ahead,
    ) -> Vec<FileReport> {
        let path = file.path.clone();
        let path = path.as_path();
        let settings = self.settings(path);
        let file_kind = FileKind::of(path);
        let mut units: Vec<Unit> = Vec::new();
        // What checking the file's invocations and documents gathers, while their units come
        // and go.
        let mut found = Found::default();
        // A work list: a YAML region may turn out to be a container of more regions.
        let regions = self
            .regions_of(&file, file_kind, ahead)
            .into_iter()
            .enumerate();
        let mut regions: Vec<_> = regions.map(|(i, r)| (Some(i), r)).rev().collect();
        while let Some((index, region)) = regions.pop() {
            if region.language == Language::YAML {
                // Discovery learns what each YAML file on disk is as the check reads it.
                let learn =
                    |file: &SourceFile, doc: Option<&Document>| self.projects.learn(file, doc);
                let learn: Option<yaml_file::Learn<'_>> = self.texts_are_files.then_some(&learn);
                let parsed = &mut ahead.doc;
                let more =
                    yaml_file::read(&file, &region, file_kind, role, parsed, learn, &mut units);
                regions.extend(more.into_iter().rev().map(|r| (None, r)));
                continue;
            }
            // Each invocation is checked as the front-end reads it, then let go: a file of
            // 60,000 invocations holds their findings, not their models.
            let mut take = |invocation: Invocation| {
                found.any = true;
                let mut unit = Unit::Invocation(invocation);
                self.check_unit(&file, &mut unit, kind, depth, &settings, &mut found);
            };
            self.loader_units(&file, &region, role, &mut units);
            let (read, read_parts) = self.read_region(&region, index, &file, ahead, &mut take);
            self.take_parts(&file, read_parts, &settings, &mut found);
            if let Err(why) = read {
                let at = region.offset(region.text.len() - region.text.trim_start().len());
                let mut diagnostic =
                    read_error(format!("`{}` was not checked: {why}", file.display));
                diagnostic.span = Span::empty(at);
                found.any = true;
                found.diagnostics.push(diagnostic);
            }
        }
        drop(regions);
        self.script_unit(&file, file_kind, role, &mut units);
        for unit in &mut units {
            found.any = true;
            self.check_unit(&file, unit, kind, depth, &settings, &mut found);
        }
        drop(units);
        if !found.any {
            return Vec::new();
        }
        self.report_file(file, found)
    }

    /// Check one unit of a file (an invocation as it is read, or a YAML document), gathering
    /// its findings, the `--file`s it follows, the declarations the editor shows and the spans
    /// its decoded values ask to mask. The file's secrets are not all known yet: nothing here
    /// masks; [`Checker::finish`] does, at the end.
    fn check_unit(
        &self,
        file: &SourceFile,
        unit: &mut Unit,
        kind: Option<&KindDecision>,
        depth: usize,
        settings: &Settings<'_>,
        found: &mut Found,
    ) {
        found.hidden.extend(secrets_only_decoded(unit, file));
        let Some(invocation) = unit.invocation_mut() else {
            self.run_rules(file, unit, settings, None, found, &mut |_| {});
            return;
        };
        self.route_by_file(file, invocation);
        let decision = match kind {
            Some(decision) => decision.clone(),
            None => self.decide_kind(file, invocation, settings),
        };
        self.apply(invocation, &decision);
        if self.options.verbose {
            found.notes.push(self.note(file, invocation, &decision));
        }
        invocation.component = self.component(file, invocation, &decision, &mut found.notes);
        found.declarations.extend(declarations_of(invocation));
        found
            .reports
            .extend(self.follow_file(file, invocation, &decision, depth));
        let datastores = self.datastores(file, invocation, settings);
        let call_span = invocation.call_span;
        let caller = match invocation.origin {
            Origin::RestBody => "request",
            _ => "`batch_endpoints.invoke` call",
        };
        // Each finding is attributed before the list is compacted: what attribution adds to a
        // message is part of what the cap sorts by.
        self.run_rules(
            file,
            unit,
            settings,
            datastores.as_ref(),
            found,
            &mut |new| attribute(file, new, &decision, call_span, caller),
        );
    }
}
