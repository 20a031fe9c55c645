//! The engine: read a file, run its front-end, run the rules, and hand back clean diagnostics.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, FileReport, MAX_FINDINGS_PER_FILE, Severity};
use crate::escape;
pub use crate::frontends::Role;
use crate::frontends::{
    self, Language, Region, ci_yaml, contains_ignoring_case, inputs_file, mentions_invoke_command,
};
use crate::fs::paths;
use crate::fs::walk::{self, FileKind, Target};
use crate::model::{DeploymentKind, Invocation, IoValue, Origin};
use crate::project::component;
use crate::project::{self, BatchFileKind, KindDecision, Projects, ReadAhead};
use crate::rules::{self, Context, RULES};
use crate::settings::config::{Config, Configs, DatastoreKind};
use crate::source::{SourceFile, Span};
use crate::suppress;
use crate::syntax::yaml::Document;

/// Files larger than this are reported and skipped: no real inputs file or script comes close,
/// and it keeps a pre-commit run bounded whatever lands in the repository.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Notebooks carry their outputs (images, tables), so they get a larger limit.
pub const MAX_NOTEBOOK_BYTES: u64 = 64 * 1024 * 1024;

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
    /// `--force-exclude`: the config's `exclude` applies to named files too (pre-commit names
    /// every staged file).
    pub force_exclude: bool,
    /// The report quotes no source and nothing is fixed (JSON, SARIF, annotations): a file with
    /// findings keeps only the positions they point at, not its text.
    pub positions_only: bool,
}

/// The rule settings for one file: the command line's, then its `amlint.toml`'s.
pub struct Settings<'a> {
    options: &'a Options,
    config: Option<Arc<Config>>,
    /// The rules `[per-file-ignores]` turns off for this file.
    per_file_ignored: Vec<String>,
}

impl Settings<'_> {
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

    fn severity_override(&self, id: &str) -> Option<Severity> {
        self.config
            .as_ref()
            .and_then(|c| c.severity.get(id).copied())
    }

    pub fn datastores(&self) -> Option<&HashMap<String, DatastoreKind>> {
        self.config.as_ref().map(|c| &c.datastores)
    }
}

/// The outcome of a whole run.
#[derive(Debug, Default)]
pub struct Outcome {
    /// One report per file with findings, by path.
    pub files: Vec<FileReport>,
    /// How many files were checked (with findings or without).
    pub checked: usize,
    /// Named paths that could not be read at all (exit code 2).
    pub unreadable: usize,
    /// With `--verbose`: how each invocation's deployment kind was decided (file, line, note).
    pub notes: Vec<String>,
    /// `amlint.toml` files that could not be used (usage errors: exit code 2).
    pub config_errors: Vec<String>,
    /// How long the run took.
    pub elapsed: std::time::Duration,
}

impl Outcome {
    /// A run that could not start: its `--config` is unusable (exit code 2).
    fn config_error(message: String) -> Outcome {
        Outcome {
            config_errors: vec![message],
            ..Outcome::default()
        }
    }

    /// Findings left out of the reports by the per-file cap.
    pub fn omitted(&self) -> usize {
        self.files.iter().map(|f| f.omitted).sum()
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| d.severity == severity)
            .count()
    }

    pub fn worst(&self) -> Option<Severity> {
        self.files
            .iter()
            .flat_map(|f| {
                f.diagnostics
                    .iter()
                    .map(|d| d.severity)
                    .chain(f.omitted_worst)
            })
            .max()
    }
}

/// Check everything under the named paths.
pub fn run(paths: &[PathBuf], options: &Options) -> Outcome {
    let started = std::time::Instant::now();
    let checker = match Checker::new(options) {
        Ok(checker) => Checker {
            texts_are_files: true,
            ..checker.with_roots(paths)
        },
        Err(message) => return Outcome::config_error(message),
    };
    let walk::Walked {
        targets,
        problems,
        yaml_files,
    } = walk::collect(paths);
    for (root, files) in yaml_files {
        checker.projects.add_walked(&root, files);
    }
    let mut reports = Vec::new();
    let mut unreadable = 0;
    for problem in problems {
        unreadable += 1;
        let file = SourceFile::new(problem.display, problem.path, String::new());
        let diagnostic = read_error(format!(
            "cannot read `{}`: {}",
            file.display, problem.message
        ));
        reports.push(Kept::of(
            checker.finish(Arc::new(file), vec![diagnostic]),
            options,
        ));
    }
    // Files are independent: check them in parallel (the caches are shared and locked) — but
    // one file (an editor's save, a one-file pre-commit run) does not pay for a thread pool.
    // What a report is kept as is decided as soon as it is built: a clean file keeps only a
    // hash of its name, so a run's memory grows with its findings, not with the tree.
    // Each target is dropped as soon as it is checked: the list shrinks as the reports grow.
    // Whether a file is excluded is asked there too: finding its config costs a few lookups
    // per folder, on the pool rather than before it.
    let check = |target: Target| {
        let reports = if checker.excluded(&target).is_some() {
            Vec::new()
        } else {
            checker.check_target(&target)
        };
        reports.into_iter().map(|r| Kept::of(r, options))
    };
    if targets.len() == 1 {
        reports.extend(targets.into_iter().flat_map(check));
    } else {
        // In chunks, each freed once checked: the list of a 20,000-file tree is 800 KB, and a
        // run's memory peaks at its end, when all but its last files are checked.
        reports.par_extend(
            chunks(targets, TARGETS_PER_CHUNK)
                .into_par_iter()
                .flat_map_iter(|chunk| chunk.into_iter().flat_map(check)),
        );
    }
    let mut outcome = checker.outcome(reports, unreadable);
    outcome.elapsed = started.elapsed();
    outcome
}

/// How many files a thread takes from the list at a time: small enough to share a few hundred
/// files between threads, large enough that the chunks' own list is small.
const TARGETS_PER_CHUNK: usize = 32;

/// `items` cut into lists of `size` (the last one shorter), in order.
fn chunks<T>(items: Vec<T>, size: usize) -> Vec<Vec<T>> {
    let mut chunks = Vec::with_capacity(items.len().div_ceil(size));
    let mut items = items.into_iter();
    loop {
        let chunk: Vec<T> = items.by_ref().take(size).collect();
        if chunk.is_empty() {
            return chunks;
        }
        chunks.push(chunk);
    }
}

/// What `--show-files` lists: each file, with the glob that excludes it (if one does), and the
/// paths that cannot be read.
pub struct Listing {
    pub files: Vec<(Target, Option<String>)>,
    pub problems: Vec<walk::PathProblem>,
}

/// `--show-files`: every file the paths name or hold.
pub fn list_files(paths: &[PathBuf], options: &Options) -> Result<Listing, String> {
    let checker = Checker::new(options)?;
    let walk::Walked {
        targets, problems, ..
    } = walk::collect(paths);
    let listed = targets
        .into_iter()
        .map(|target| {
            let excluded = checker.excluded(&target);
            (target, excluded)
        })
        .collect();
    let errors = checker.configs.errors();
    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    Ok(Listing {
        files: listed,
        problems,
    })
}

/// `--show-settings`: what applies to the file or folder `path` — the config file, its
/// settings, the command line's, and whether the path is excluded.
pub fn describe_settings(path: &Path, options: &Options) -> Result<String, String> {
    let checker = Checker::new(options)?;
    // A folder's settings are those of a file inside it.
    let probe = if path.is_dir() {
        path.join("amlint-settings-probe")
    } else {
        path.to_path_buf()
    };
    let settings = checker.settings(&probe);
    let errors = checker.configs.errors();
    if !errors.is_empty() {
        return Err(errors.join("\n"));
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
    Ok(crate::output::shown_lines(&out))
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

/// What a run keeps of one checked file: its report when it has findings, else a hash of its
/// name.
enum Kept {
    /// Boxed: most of a tree's files are clean, and each costs only its hash.
    Findings(Box<FileReport>),
    Clean(NameHash),
}

/// A file's name as the count of checked files tells files apart (a file checked on its own
/// and as a command's `--file` counts once): 8 bytes for each clean file of the tree, not its
/// name. Two of a run's names sharing a 64-bit hash is a chance below 10⁻¹⁰ for a million
/// files, and it would cost one in the count, never a finding.
type NameHash = u64;

fn name_hash(display: &str) -> NameHash {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(display)
}

impl Kept {
    fn of(mut report: FileReport, options: &Options) -> Kept {
        if report.diagnostics.is_empty() && report.omitted == 0 {
            return Kept::Clean(name_hash(&report.source.display));
        }
        // What an editor shows on hover; a run reports none of it.
        report.declarations = Vec::new();
        // Kept to the end of the run: a list grown for four findings that holds one is 450
        // bytes a file of nothing.
        report.diagnostics.shrink_to_fit();
        if options.positions_only
            && let Some(source) = Arc::get_mut(&mut report.source)
        {
            let spans = report
                .diagnostics
                .iter()
                .flat_map(|d| std::iter::once(d.span).chain(d.fix.as_ref().map(|f| f.span)));
            source.keep_positions_only(spans.flat_map(|s| [s.start, s.end]));
        }
        Kept::Findings(Box::new(report))
    }
}

/// One report per file: a file checked on its own and again as the `--file` of a command has
/// its findings merged, and the same finding is kept once.
fn merge(reports: Vec<FileReport>) -> Vec<FileReport> {
    let mut by_path: BTreeMap<String, FileReport> = BTreeMap::new();
    for report in reports {
        match by_path.get_mut(&report.source.display) {
            Some(existing) => {
                // The same file checked twice (on its own and as a `--file`): each report kept
                // the positions of its own findings.
                if existing.source.is_positions_only() {
                    if !report.source.is_positions_only() {
                        existing.source = report.source.clone();
                    } else if let Some(source) = Arc::get_mut(&mut existing.source) {
                        source.absorb_positions(&report.source);
                    }
                }
                existing.diagnostics.extend(report.diagnostics);
                sort_and_dedup(&mut existing.diagnostics);
                existing.omitted += report.omitted;
                existing.omitted_worst = existing.omitted_worst.max(report.omitted_worst);
                cap(existing);
            }
            None => {
                by_path.insert(report.source.display.clone(), report);
            }
        }
    }
    by_path.into_values().collect()
}

fn read_error(message: String) -> Diagnostic {
    Diagnostic::new(rules::READ_ERROR, Severity::Error, Span::empty(0), message)
}

/// Read a file as UTF-8 text, within the size limit. `Ok(None)` for a binary file. Only a
/// regular file is opened (a FIFO or a device could block or never end), and never more than
/// the limit is read, whatever the file's size says (`/proc` files say 0).
fn read_text(path: &Path, regular: bool) -> Result<Option<String>, String> {
    use std::io::Read;
    let limit = if FileKind::of(path) == FileKind::Notebook {
        MAX_NOTEBOOK_BYTES
    } else {
        MAX_FILE_BYTES
    };
    let too_large =
        |len: u64| format!("it is {len} bytes, larger than amlint's limit of {limit} bytes");
    let check = |m: std::fs::Metadata| -> Result<u64, String> {
        if !m.is_file() {
            Err("it is not a regular file".into())
        } else if m.len() > limit {
            Err(too_large(m.len()))
        } else {
            Ok(m.len())
        }
    };
    let (file, size) = if regular {
        // The walk saw a regular file: opened at once, then asked what it is (one path lookup
        // instead of two; the walk opens every file of a tree).
        let file = open_without_blocking(path).map_err(|e| walk::describe_io_error(&e))?;
        let size = check(file.metadata().map_err(|e| walk::describe_io_error(&e))?)?;
        (file, size)
    } else {
        // Looked up before opening: opening a FIFO would block until someone writes to it,
        // and opening a device can do something.
        let size = check(std::fs::metadata(path).map_err(|e| walk::describe_io_error(&e))?)?;
        let file = std::fs::File::open(path).map_err(|e| walk::describe_io_error(&e))?;
        (file, size)
    };
    // Sized from the length, so a file is read in one call and the one that sees its end.
    let mut bytes = Vec::with_capacity(size as usize + 1);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| walk::describe_io_error(&e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    if looks_binary(&bytes) {
        return Ok(None);
    }
    String::from_utf8(bytes).map(Some).map_err(|e| {
        format!(
            "it is not valid UTF-8 (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// A NUL byte in the first 8 KiB: a binary file, as git decides it.
fn looks_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some()
}

/// Open `path` for reading without waiting: should a walked file have become a FIFO since the
/// walk saw it, the open returns at once (and the file is then found not to be regular).
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// How deep `--file` is followed from a file that was itself reached by `--file`.
const MAX_FOLLOW_DEPTH: usize = 4;
/// How many files `--file` may bring into one run.
const MAX_FOLLOWED_FILES: usize = 1_000;

/// One run's shared state: the options, and the project discovery cache.
pub struct Checker<'o> {
    options: &'o Options,
    /// Shared with the language server across checks (it drops them when files change).
    projects: Arc<Projects>,
    configs: Arc<Configs>,
    notes: Mutex<Vec<String>>,
    /// The paths named on the command line, symbolic links resolved: a file that `--file`
    /// reaches outside them is checked but never quoted. Empty: no such limit (stdin, editors).
    roots: Vec<PathBuf>,
    /// Every file `--file` has brought in so far (each is checked once per run).
    followed: Mutex<HashSet<PathBuf>>,
    /// Each pipeline deployment's component, read once per run.
    components: Mutex<HashMap<Arc<Path>, component::Resolved>>,
    /// The texts checked are the files on disk (a run over files, not an editor's buffer or
    /// stdin): what a YAML file is may be handed to project discovery.
    texts_are_files: bool,
}

impl<'o> Checker<'o> {
    pub fn new(options: &'o Options) -> Result<Self, String> {
        let configs = Arc::new(match &options.config {
            Some(path) => Configs::forced(path)?,
            None => Configs::default(),
        });
        Ok(Checker::with_caches(
            options,
            Arc::new(Projects::with_roots(configs.roots())),
            configs,
        ))
    }

    /// The paths named on the command line (see [`Checker::roots`]).
    pub fn with_roots(mut self, paths: &[PathBuf]) -> Self {
        self.roots = paths
            .iter()
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .collect();
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
            followed: Mutex::new(HashSet::new()),
            components: Mutex::new(HashMap::new()),
            texts_are_files: false,
        }
    }

    /// The configs that could not be used so far (each a usage error).
    pub fn config_errors(&self) -> Vec<String> {
        self.configs.errors()
    }

    fn outcome(self, kept: Vec<Kept>, unreadable: usize) -> Outcome {
        let mut clean = Vec::new();
        let mut reports = Vec::new();
        for one in kept {
            match one {
                Kept::Findings(report) => reports.push(*report),
                Kept::Clean(name) => clean.push(name),
            }
        }
        let files = merge(reports);
        // A file checked twice (on its own, and as a command's `--file`) counts once.
        let mut names: HashSet<NameHash> = clean.into_iter().collect();
        names.extend(files.iter().map(|f| name_hash(&f.source.display)));
        let checked = names.len();
        Outcome {
            checked,
            files,
            unreadable,
            config_errors: self.configs.errors(),
            notes: self.notes.into_inner().unwrap_or_default(),
            elapsed: std::time::Duration::ZERO,
        }
    }

    /// The `exclude` glob (and the config holding it) that keeps `target` out of the run: a
    /// walked file, or a named one with `--force-exclude`.
    pub fn excluded(&self, target: &Target) -> Option<String> {
        if target.explicit && !self.options.force_exclude {
            return None;
        }
        let dir = target.path().parent().unwrap_or(Path::new("."));
        let config = self.configs.for_dir(dir)?;
        config
            .excluded_by(target.path())
            .map(|glob| format!("`{glob}` in {}", config.path.display()))
    }

    /// The settings for a file at `path`.
    fn settings(&self, path: &Path) -> Settings<'o> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let config = self.configs.for_dir(dir);
        Settings {
            options: self.options,
            per_file_ignored: config
                .as_ref()
                .map(|c| c.ignored_for(path))
                .unwrap_or_default(),
            config,
        }
    }

    /// Read and check one file. Nothing for a walked file that turns out not to be one amlint
    /// checks; more than one report when a command's `--file` is followed.
    pub fn check_target(&self, target: &Target) -> Vec<FileReport> {
        let unreadable = |message: String| {
            let file = SourceFile::new(target.display().to_string(), target.path(), String::new());
            let diagnostic =
                read_error(format!("`{}` was not checked: {message}", target.display()));
            vec![self.finish(Arc::new(file), vec![diagnostic])]
        };
        // A walked file discovery has read already is not read again, nor parsed if it was.
        let read_ahead = (!target.explicit && self.texts_are_files)
            .then(|| self.projects.take_read_ahead(target.path()))
            .flatten();
        let (read, mut doc) = match read_ahead {
            Some(ReadAhead { text, doc }) if !looks_binary(text.as_bytes()) => {
                (Ok(Some(text)), doc)
            }
            Some(_) => (Ok(None), None),
            None => (read_text(target.path(), !target.explicit), None),
        };
        match read {
            Ok(Some(text)) => {
                if target.explicit {
                    self.check_named(target.display().to_string(), target.path(), text)
                } else {
                    let file = SourceFile::new(target.display().to_string(), target.path(), text);
                    self.check_file(file, Role::Walked, None, 0, &mut doc)
                }
            }
            Ok(None) if target.explicit => unreadable("it is a binary file".into()),
            Ok(None) => Vec::new(),
            Err(message) => unreadable(message),
        }
    }

    /// Check a file the user named (or stdin): one that is none of amlint's kinds is still
    /// reported, checked and clean.
    fn check_named(&self, display: String, path: &Path, text: String) -> Vec<FileReport> {
        let mut reports = self.check_text(display.clone(), path, text, Role::Named, None);
        if reports.is_empty() {
            let file = SourceFile::new(display, path, String::new());
            reports.push(self.finish(Arc::new(file), Vec::new()));
        }
        reports
    }

    /// Check a text as the file `path` (shown as `display`), in its `role`. `kind` is the
    /// decision of the command whose `--file` this is, if it is one.
    pub fn check_text(
        &self,
        display: String,
        path: &Path,
        text: String,
        role: Role,
        kind: Option<&KindDecision>,
    ) -> Vec<FileReport> {
        let file = SourceFile::new(display, path, text);
        self.check_file(file, role, kind, 0, &mut None)
    }

    /// [`Checker::check_text`] for a file reached through `depth` `--file`s; `parsed` is its
    /// document when discovery parsed it already.
    fn check_file(
        &self,
        file: SourceFile,
        role: Role,
        kind: Option<&KindDecision>,
        depth: usize,
        parsed: &mut Option<Document>,
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
        let mut regions = frontends::regions(&file, file_kind);
        regions.reverse();
        while let Some(region) = regions.pop() {
            if region.language == Language::Yaml {
                let more = self.yaml_region(&file, &region, file_kind, role, parsed, &mut units);
                regions.extend(more.into_iter().rev());
                continue;
            }
            // Each invocation is checked as the front-end reads it, then let go: a file of
            // 60,000 invocations holds their findings, not their models.
            let mut take = |invocation: Invocation| {
                found.any = true;
                let mut unit = Unit::Invocation(invocation);
                self.check_unit(&file, &mut unit, kind, depth, &settings, &mut found);
            };
            let mut sink = frontends::Sink::new(&mut take);
            let read = frontends::read(&region, file.dir(), &mut sink);
            let (masked, definitions) = sink.into_parts();
            found.hidden.extend(masked);
            for definition in definitions.iter().flat_map(|d| d.iter()) {
                found.any = true;
                let enabled = |id: &str| settings.enabled(id);
                rules::check_definition(&file, definition, &enabled, &mut found.diagnostics);
            }
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
        for unit in &mut units {
            found.any = true;
            self.check_unit(&file, unit, kind, depth, &settings, &mut found);
        }
        drop(units);
        if !found.any {
            return Vec::new();
        }
        let Found {
            diagnostics,
            declarations,
            mut reports,
            hidden,
            notes,
            omitted,
            omitted_worst,
            ..
        } = found;
        let mut file = file;
        file.add_secrets(hidden);
        // `--verbose` notes quote the file: masked once every secret of it is known.
        if !notes.is_empty()
            && let Ok(mut shared) = self.notes.lock()
        {
            shared.extend(
                notes
                    .iter()
                    .map(|n| escape::escape(&file.mask(n)).into_owned()),
            );
        }
        let file = Arc::new(file);
        let mut report = self.finish(file, diagnostics);
        report.omitted += omitted;
        report.omitted_worst = report.omitted_worst.max(omitted_worst);
        report.declarations = declarations
            .into_iter()
            .map(|(span, text)| {
                (
                    span,
                    escape::escape(&report.source.mask(&text)).into_owned(),
                )
            })
            .collect();
        reports.push(report);
        reports
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
        // A credential the raw text hides (`\x26sig=` in YAML, `"…&sig="'S'` or a
        // backslash-newline in shell) shows in the decoded values: their bytes are masked too.
        if let Some(invocation) = unit.invocation() {
            found.hidden.extend(decoded_secrets(invocation, file));
        }
        if let Some(doc) = unit.document() {
            found.hidden.extend(
                doc.scalars()
                    .filter(|(value, span)| hidden_by_raw(value, file.slice(*span)))
                    .map(|(_, span)| span),
            );
        }
        let Some(invocation) = unit.invocation_mut() else {
            run_rules(file, unit, settings, None, &mut found.diagnostics);
            return;
        };
        self.route_by_file(file, invocation);
        let decision = match kind {
            Some(decision) => decision.clone(),
            None => self.decide_kind(file, invocation, settings),
        };
        invocation.kind = decision.kind;
        if decision.inputs_elsewhere {
            invocation.inputs_whole = false;
        }
        if self.options.verbose {
            found.notes.push(self.note(file, invocation, &decision));
        }
        invocation.component = self.component(file, invocation, &decision, &mut found.notes);
        found.declarations.extend(declarations_of(invocation));
        found
            .reports
            .extend(self.follow_file(file, invocation, &decision, depth));
        let first = found.diagnostics.len();
        let datastores = self.datastores(file, invocation, settings);
        let call_span = invocation.call_span;
        let caller = match invocation.origin {
            Origin::RestBody => "request",
            _ => "`batch_endpoints.invoke` call",
        };
        run_rules(
            file,
            unit,
            settings,
            datastores.as_ref(),
            &mut found.diagnostics,
        );
        let kind_source: Option<Arc<str>> = decision
            .kind
            .is_some()
            .then(|| decision.reason.as_str().into());
        for d in &mut found.diagnostics[first..] {
            d.kind_source.clone_from(&kind_source);
            if decision.kind.is_some() && !decision.certain {
                d.kind_inferred = true;
                if rules::find(d.rule).is_some_and(|r| r.depends_on_kind()) {
                    inferred_kind_is_a_warning(d);
                }
            }
            // A value defined away from the call: say which call uses it.
            if let Some(call) = call_span
                && !call.contains(d.span)
            {
                let line = file.line_col(call.start).line;
                d.message
                    .push_str(&format!(" (used by the {caller} on line {line})"));
            }
        }
        self.compact(file, settings, found);
    }

    /// Let go of the findings the per-file cap will drop, once there are many: a file whose
    /// every line has findings (80,000 in a 7.5 MB script) would otherwise hold them all, and
    /// their messages, until its end. Those kept are the first by place, as the cap keeps; the
    /// others are counted. Not in a file with inline ignores: which of its findings an ignore
    /// silences, and whether an ignore silences any, is known only at the end.
    fn compact(&self, file: &SourceFile, settings: &Settings<'_>, found: &mut Found) {
        if found.diagnostics.len() < COMPACT_AT {
            return;
        }
        // Asked once per file: the text is not scanned again for each unit after.
        if !*found
            .compactable
            .get_or_insert_with(|| !file.text.contains("amlint:"))
        {
            return;
        }
        found.diagnostics.retain(|d| settings.enabled(d.rule));
        for d in &mut found.diagnostics {
            if let Some(severity) = settings.severity_override(d.rule) {
                d.severity = severity;
            }
        }
        sort_and_dedup(&mut found.diagnostics);
        if found.diagnostics.len() > MAX_FINDINGS_PER_FILE {
            let rest = found.diagnostics.split_off(MAX_FINDINGS_PER_FILE);
            found.omitted += rest.len();
            found.omitted_worst = found
                .omitted_worst
                .max(rest.iter().map(|d| d.severity).max());
        }
    }

    /// The kinds of the data stores an invocation's outputs may name: those the project's
    /// datastore YAML declares, overridden by the config's `[datastores]`.
    fn datastores(
        &self,
        file: &SourceFile,
        invocation: &Invocation,
        settings: &Settings<'_>,
    ) -> Option<HashMap<String, DatastoreKind>> {
        if invocation.outputs.is_empty() {
            return None;
        }
        let mut kinds = self.projects.around(file.dir()).datastores.clone();
        if let Some(configured) = settings.datastores() {
            kinds.extend(configured.iter().map(|(k, v)| (k.clone(), *v)));
        }
        Some(kinds)
    }

    /// The deployment kind of an invocation: `--deployment-kind`, else the project around it.
    fn decide_kind(
        &self,
        file: &SourceFile,
        invocation: &Invocation,
        settings: &Settings<'_>,
    ) -> KindDecision {
        if let Some(kind) = self.options.deployment_kind {
            return KindDecision {
                kind: Some(kind),
                reason: "--deployment-kind".into(),
                certain: true,
                deployment: None,
                inputs_elsewhere: false,
            };
        }
        if let Some(config) = &settings.config
            && let Some(kind) = config.deployment_kind(&file.path)
        {
            return KindDecision {
                kind: Some(kind),
                reason: format!("[deployment-kind] in {}", config.path.display()),
                certain: true,
                deployment: None,
                inputs_elsewhere: false,
            };
        }
        let known = |value: &Option<crate::model::Value>| {
            value.as_ref().filter(|v| v.known).map(|v| v.text.clone())
        };
        let deployment = known(&invocation.deployment_name);
        let named = match (&invocation.deployment_name, &deployment) {
            (_, Some(name)) => crate::project::Named::Deployment(name),
            (Some(_), None) => crate::project::Named::Unknown,
            (None, None) => crate::project::Named::Nothing,
        };
        let endpoint = known(&invocation.endpoint_name).or_else(|| invocation.endpoint_key.clone());
        let project = self.projects.around(file.dir());
        let shown = |p: &Path| shown_relative(paths::cwd(), p);
        match &invocation.defined {
            // Deployments defined in the same file are the nearest of all.
            Some(definitions) => {
                let path: Arc<Path> = Arc::from(file.path.as_path());
                let line_of = |offset: usize| file.line_col(offset).line;
                let local = project::deployment::place(definitions, &path, &line_of);
                project.resolve_with(&local, named, endpoint.as_deref(), &shown)
            }
            None => project.resolve(named, endpoint.as_deref(), &shown),
        }
    }

    /// The component of the pipeline deployment a name ties the invocation to, when it is a local
    /// file (read once per run); `--verbose` says which one, or why there is none.
    fn component(
        &self,
        file: &SourceFile,
        invocation: &Invocation,
        decision: &KindDecision,
        notes: &mut Vec<String>,
    ) -> Option<Arc<crate::model::Component>> {
        if decision.kind != Some(DeploymentKind::Pipeline) {
            return None;
        }
        let source = component::source_of(decision.deployment.as_ref()?);
        let resolved = match source {
            Err(known) => known,
            Ok(source) => {
                let cached = self
                    .components
                    .lock()
                    .ok()
                    .and_then(|c| c.get(&*source).cloned());
                match cached {
                    Some(resolved) => resolved,
                    None => {
                        let boundary = self.projects.boundary_of(file.dir());
                        let shown = |p: &Path| shown_relative(paths::cwd(), p);
                        let resolved = component::resolve(&source, &boundary, &shown);
                        if let Ok(mut cache) = self.components.lock() {
                            cache.insert(source.clone(), resolved.clone());
                        }
                        resolved
                    }
                }
            }
        };
        if self.options.verbose {
            let what = match &resolved {
                component::Resolved::Local(c) => {
                    format!(
                        "checked against the component `{}` in {}",
                        c.name, c.display
                    )
                }
                component::Resolved::Unknown(why) => {
                    format!("the deployment's component is not checked: {why}")
                }
            };
            notes.push(note_at_invocation(file, invocation, &what));
        }
        match resolved {
            component::Resolved::Local(c) => Some(c),
            component::Resolved::Unknown(_) => None,
        }
    }

    fn note(&self, file: &SourceFile, invocation: &Invocation, decision: &KindDecision) -> String {
        let verdict = match decision.kind {
            Some(kind) => format!("deployment kind {} ({})", kind.as_str(), decision.reason),
            None => format!(
                "deployment kind unknown: {}; kind rules stay silent",
                decision.reason
            ),
        };
        note_at_invocation(file, invocation, &verdict)
    }

    /// `--file inputs.yml` of a command: note whether the file declares inputs (for
    /// `input-overrides-set-inputs`) and check it as an inputs file of this invocation.
    ///
    /// Only a regular file inside the repository (and outside `.git/`) is opened: an absolute
    /// path elsewhere, `../..` out of the tree, `/dev/stdin`, a FIFO or `/proc/self/environ` is
    /// not (a `--verbose` note says so). Each file is followed once per run and at most
    /// [`MAX_FOLLOW_DEPTH`] deep, so a script that names itself, or `a.sh` → `b.sh` → `a.sh`,
    /// ends. A file outside the named paths is checked but never quoted in a report.
    fn follow_file(
        &self,
        script: &SourceFile,
        invocation: &mut Invocation,
        decision: &KindDecision,
        depth: usize,
    ) -> Vec<FileReport> {
        // `--file inputs.yml`, or the request body a REST call reads (`curl -d @body.json`).
        let named_file = match invocation.command.as_ref() {
            Some(line) => line.value_of("--file").cloned(),
            None => invocation.body_file.clone(),
        };
        let Some(value) = named_file.filter(|v| v.known) else {
            return Vec::new();
        };
        let flag = if invocation.command.is_some() {
            "--file "
        } else {
            "@"
        };
        let not_followed = |why: &str| {
            if self.options.verbose {
                let at = script.line_col(value.span.start);
                let note = format!(
                    "{}:{}:{}: `{flag}{}` {why}; not opened",
                    script.display, at.line, at.column, value.text
                );
                if let Ok(mut notes) = self.notes.lock() {
                    notes.push(escape::escape(&script.mask(&note)).into_owned());
                }
            }
            Vec::new()
        };
        let (real, path, display) = match self.followable(script, &value) {
            Ok(found) => found,
            Err(Some(why)) => return not_followed(why),
            Err(None) => return Vec::new(), // missing: the command's own business
        };
        if depth >= MAX_FOLLOW_DEPTH {
            return not_followed("is followed from too many `--file`s deep");
        }
        let first = self.followed.lock().is_ok_and(|mut followed| {
            followed.len() < MAX_FOLLOWED_FILES && followed.insert(real.clone())
        });
        let Ok(Some(text)) = read_text(&real, false) else {
            return Vec::new();
        };
        if let Some(line) = invocation.command.as_mut() {
            let doc = Document::parse_str(&text);
            line.file_has_inputs = Some(
                doc.root()
                    .and_then(|r| r.get("inputs"))
                    .is_some_and(|i| i.entries().next().is_some()),
            );
        }
        if !first {
            return Vec::new(); // checked already in this run
        }
        let mut file = SourceFile::new(display, &path, text);
        file.quotable = self.roots.is_empty() || self.roots.iter().any(|r| real.starts_with(r));
        let mut decision = decision.clone();
        decision.inputs_elsewhere = !invocation.inputs.is_empty();
        self.check_file(file, Role::Followed, Some(&decision), depth + 1, &mut None)
    }

    /// The file a command's `--file` (or `curl -d @FILE`) names, when amlint may open it: its
    /// real path, its path as the script's folder gives it, and its name as reports show it.
    /// `Err(None)` when it does not exist; `Err(Some(why))` when it is outside the repository or
    /// not a regular file.
    fn followable(
        &self,
        script: &SourceFile,
        value: &crate::model::Value,
    ) -> Result<(PathBuf, PathBuf, String), Option<&'static str>> {
        let named = Path::new(value.text.trim());
        let display_dir = Path::new(&script.display).parent().unwrap_or(Path::new(""));
        let (path, display) = if named.is_absolute() {
            (named.to_path_buf(), named.to_string_lossy().into_owned())
        } else {
            (
                paths::normalise(&script.dir().join(named)),
                paths::normalise(&display_dir.join(named))
                    .to_string_lossy()
                    .into_owned(),
            )
        };
        let real = std::fs::canonicalize(&path).map_err(|_| None)?;
        let boundary = self.projects.boundary_of(script.dir());
        let inside = std::fs::canonicalize(&boundary).is_ok_and(|b| real.starts_with(b));
        if !inside || real.components().any(|c| c.as_os_str() == ".git") {
            return Err(Some("is outside the repository"));
        }
        if !std::fs::metadata(&real).is_ok_and(|m| m.is_file()) {
            return Err(Some("is not a regular file"));
        }
        Ok((real, path, display))
    }

    /// The `deployment:` and `endpoint:` of a command's `--file`: the CLI routes the job by them
    /// when `-d` (`--name`) is absent, so the kind is decided with them; both are noted on the
    /// command line, where a contradiction with `-d`/`--name` is reported.
    fn route_by_file(&self, script: &SourceFile, invocation: &mut Invocation) {
        let Some(line) = invocation.command.as_mut() else {
            return;
        };
        let Some(value) = line.value_of("--file").filter(|v| v.known).cloned() else {
            return;
        };
        let Ok((real, _, _)) = self.followable(script, &value) else {
            return;
        };
        let Ok(Some(text)) = read_text(&real, false) else {
            return;
        };
        let doc = Document::parse_str(&text);
        let Some(root) = doc.root().filter(|r| r.is_mapping()) else {
            return;
        };
        let name = |key: &str| {
            inputs_file::routing_name(root, key)
                .filter(|v| v.known)
                .map(|v| v.text)
        };
        line.file_deployment = name("deployment");
        line.file_endpoint = name("endpoint");
        if invocation.deployment_name.is_none()
            && let Some(deployment) = &line.file_deployment
        {
            invocation.deployment_name = Some(crate::model::Value::from_word(
                deployment.clone(),
                value.span,
            ));
        }
        if invocation.endpoint_name.is_none()
            && let Some(endpoint) = &line.file_endpoint
        {
            invocation.endpoint_name =
                Some(crate::model::Value::from_word(endpoint.clone(), value.span));
        }
    }

    /// A YAML region: an inputs file, batch YAML, or a CI pipeline whose script regions it
    /// returns. A file is an inputs file only when it is recognisably one (or a command passes
    /// it with `--file`); a file that does not parse is reported only when it matters to amlint.
    fn yaml_region(
        &self,
        file: &SourceFile,
        region: &Region<'_>,
        file_kind: FileKind,
        role: Role,
        parsed: &mut Option<Document>,
        units: &mut Vec<Unit>,
    ) -> Vec<Region<'static>> {
        let text: &str = &region.text;
        if region.whole_file
            && role == Role::Walked
            && file_kind == FileKind::Yaml
            && !may_be_amlints(text)
        {
            if self.texts_are_files {
                self.projects.learn(file, None);
            }
            return Vec::new();
        }
        let doc = if region.whole_file {
            parsed.take().unwrap_or_else(|| Document::parse(file))
        } else {
            Document::parse_str(text)
        };
        let parsed = doc.error.is_none();
        let followed = role == Role::Followed;
        let is_mapping = doc.root().is_some_and(|r| r.is_mapping());
        if file_kind == FileKind::Other && !followed && !(parsed && is_mapping) {
            // A named file of no known kind that is not YAML: commands, if anything.
            return if mentions_invoke_command(text) {
                vec![Region {
                    text: Cow::Owned(text.to_string()),
                    ..Region::whole(Language::Shell, "")
                }]
            } else {
                Vec::new()
            };
        }
        if inputs_file::is_inputs_file(&doc, role)
            || (!parsed && (followed || inputs_file::looks_like_inputs_text(text)))
        {
            let invocation = inputs_file::build(file, &doc);
            units.push(Unit::Inputs { doc, invocation });
            return Vec::new();
        }
        if !region.whole_file {
            // A YAML block of a document: an inputs file, or a CI pipeline shown whole.
            return if parsed && is_mapping && mentions_invoke_command(text) {
                ci_yaml::regions(text, &doc)
            } else {
                Vec::new()
            };
        }
        if self.texts_are_files {
            self.projects.learn(file, Some(&doc));
        }
        if let Some(kind) = project::classify(&doc) {
            units.push(Unit::Batch { doc, kind });
            return Vec::new();
        }
        let mentions = mentions_invoke_command(text);
        if !parsed {
            // Its commands cannot be read: worth saying only when the file is amlint's business.
            if mentions || project::looks_like_batch_text(text) {
                units.push(Unit::Broken(doc));
            }
            return Vec::new();
        }
        if mentions && is_mapping {
            ci_yaml::regions(text, &doc)
        } else {
            Vec::new()
        }
    }
}

/// Whether a walked YAML file can be amlint's at all — an inputs file, batch YAML (an
/// endpoint, a deployment, a datastore), or a pipeline that invokes — by the words each kind
/// must contain: most YAML of a repository (manifests, conda files, CI without an invoke)
/// contains none, and is not parsed. A key spelt with escapes (`"\x69nputs"`) is not seen.
/// Everything discovery would read as batch YAML passes (its own test is part of this one).
fn may_be_amlints(text: &str) -> bool {
    text.contains("inputs")
        || text.contains("outputs")
        || text.contains("deployment_name")
        || mentions_invoke_command(text)
        || contains_ignoring_case(text, "batch")
        || project::may_be_batch_yaml(text)
}

/// A path as messages show it: relative to `cwd` (the current folder) when under it (`.` for the
/// folder itself).
fn shown_relative(cwd: Option<&Path>, path: &Path) -> String {
    cwd.and_then(|c| path.strip_prefix(c).ok()).map_or_else(
        || path.display().to_string(),
        |r| {
            if r.as_os_str().is_empty() {
                ".".to_string()
            } else {
                r.display().to_string()
            }
        },
    )
}

/// For each input and output of `invocation` that its pipeline component declares: where its name
/// is, and the declaration (for the editor's hover).
fn declarations_of(invocation: &Invocation) -> Vec<(Span, String)> {
    let Some(component) = &invocation.component else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for io in invocation.all_io().filter(|io| !io.from_flag) {
        let declared = match io.direction {
            crate::model::Direction::Input => component.input(&io.name),
            crate::model::Direction::Output => component.output(&io.name),
        };
        if let Some(d) = declared {
            let mut text = format!(
                "**{}**: {} of the component `{}`, declared in {}:{}",
                d.name,
                io.direction.noun(),
                component.name,
                component.display,
                d.line
            );
            if let Some(ty) = &d.ty {
                text.push_str(&format!(" as `{ty}`"));
            }
            if d.has_default {
                text.push_str(" (has a default)");
            } else if d.optional {
                text.push_str(" (optional)");
            }
            out.push((io.name_span, text));
        }
    }
    out
}

/// A piece of a file to run the rules on.
enum Unit {
    /// An inputs file: its YAML, and the invocation it describes.
    Inputs {
        doc: Document,
        invocation: Invocation,
    },
    /// A batch endpoint or deployment YAML.
    Batch { doc: Document, kind: BatchFileKind },
    /// YAML that matters to amlint but does not parse: only its syntax is reported.
    Broken(Document),
    /// An invocation written in a command line or an SDK call.
    Invocation(Invocation),
}

impl Unit {
    fn invocation(&self) -> Option<&Invocation> {
        match self {
            Unit::Inputs { invocation, .. } | Unit::Invocation(invocation) => Some(invocation),
            Unit::Batch { .. } | Unit::Broken(_) => None,
        }
    }

    fn document(&self) -> Option<&Document> {
        match self {
            Unit::Inputs { doc, .. } | Unit::Batch { doc, .. } | Unit::Broken(doc) => Some(doc),
            Unit::Invocation(_) => None,
        }
    }

    fn invocation_mut(&mut self) -> Option<&mut Invocation> {
        match self {
            Unit::Inputs { invocation, .. } | Unit::Invocation(invocation) => Some(invocation),
            Unit::Batch { .. } | Unit::Broken(_) => None,
        }
    }
}

/// A `--verbose` note at the invocation: the `az` word of a command, the `invoke(` call of the
/// SDK (or a REST body), the top of an inputs file. Not masked yet (the file's secrets are not
/// all known while its invocations are read).
fn note_at_invocation(file: &SourceFile, invocation: &Invocation, text: &str) -> String {
    let at = invocation
        .command
        .as_ref()
        .map(|c| c.command_span.start)
        .or(invocation.call_span.map(|c| c.start))
        .unwrap_or(0);
    let position = file.line_col(at);
    format!(
        "{}:{}:{}: {text}",
        file.display, position.line, position.column
    )
}

/// How many findings a file's check holds before it lets go of those past the cap.
const COMPACT_AT: usize = 4 * MAX_FINDINGS_PER_FILE;

/// What checking a file's units gathers (see [`Checker::check_unit`]).
#[derive(Default)]
struct Found {
    /// Whether the file held any unit (or a region a front-end would not read): only then is it
    /// reported, clean or not.
    any: bool,
    diagnostics: Vec<Diagnostic>,
    declarations: Vec<(Span, String)>,
    /// The reports of the files that `--file`s led to.
    reports: Vec<FileReport>,
    /// Spans to mask beyond what the patterns find in the raw text.
    hidden: Vec<Span>,
    /// `--verbose` notes, not masked yet.
    notes: Vec<String>,
    /// Findings already let go past the per-file cap (see [`Checker::compact`]), and the worst
    /// of their severities.
    omitted: usize,
    omitted_worst: Option<Severity>,
    /// Whether the file holds no inline ignore, so that its findings may be let go early (asked
    /// when it first matters).
    compactable: Option<bool>,
}

fn run_rules(
    file: &SourceFile,
    unit: &Unit,
    settings: &Settings<'_>,
    datastores: Option<&HashMap<String, DatastoreKind>>,
    out: &mut Vec<Diagnostic>,
) {
    let (doc, invocation) = match unit {
        Unit::Inputs { doc, invocation } => (Some(doc), Some(invocation)),
        Unit::Batch { doc, .. } | Unit::Broken(doc) => (Some(doc), None),
        Unit::Invocation(invocation) => (None, Some(invocation)),
    };
    let syntax_error = doc.is_some_and(|d| d.error.is_some());
    let kind = invocation.and_then(|i| i.kind);
    for rule in RULES.iter().copied().filter(|r| settings.enabled(r.id())) {
        let mut cx = Context::new(file, kind, rule, out);
        cx.datastores = datastores;
        if let Some(doc) = doc {
            rule.check_yaml(doc, &mut cx);
        }
        match unit {
            Unit::Inputs { doc, .. } => rule.check_document(doc, &mut cx),
            Unit::Batch { doc, kind } if !syntax_error => {
                rule.check_batch_file(doc, *kind, &mut cx)
            }
            _ => {}
        }
        // After a syntax error the tree is cut short (a value may be half read): judging its
        // content would report the parser's confusion, not the user's mistake.
        // A REST body goes to the service directly: what the CLI and the SDK would do with it
        // does not happen.
        if let Some(invocation) = invocation
            && !syntax_error
            && !(invocation.origin == Origin::RestBody && rule.client_side())
        {
            rule.check_invocation(invocation, &mut cx);
        }
    }
}

/// Whether a value's decoded text holds a credential that its raw text does not show whole
/// (there the patterns mask it exactly): `\x26sig=`, a quote inside the word, or a secret that
/// a line break or an escape splits in two (the raw text shows its first half only). Such a
/// value is masked whole.
fn hidden_by_raw(decoded: &str, raw: &str) -> bool {
    let secrets = crate::secrets::find(decoded);
    if secrets.is_empty() {
        return false;
    }
    let shown = crate::secrets::find(raw);
    secrets.iter().any(|s| {
        let secret = &decoded[s.start..s.end];
        !shown
            .iter()
            .any(|r| raw.get(r.start..r.end) == Some(secret))
    })
}

/// The source spans of every decoded value of an invocation that holds a credential.
fn decoded_secrets(invocation: &Invocation, file: &SourceFile) -> Vec<Span> {
    let mut values: Vec<(&str, Span)> = Vec::new();
    for io in invocation.all_io() {
        values.push((&io.name, io.name_span));
        for field in io.fields() {
            values.push((&field.value.text, field.value.span));
        }
        if let IoValue::Bare(v) | IoValue::Other(v) = &io.value {
            values.push((&v.text, v.span));
        }
    }
    for item in invocation.job_overrides() {
        values.push((&item.key, item.key_span));
        if let Some(v) = &item.value {
            values.push((&v.text, v.span));
        }
    }
    if let Some(line) = &invocation.command {
        for flag in &line.flags {
            values.extend(flag.values.iter().map(|v| (v.text.as_str(), v.span)));
        }
        values.extend(line.stray_words.iter().map(|v| (v.text.as_str(), v.span)));
    }
    values
        .into_iter()
        .filter(|(text, span)| hidden_by_raw(text, file.slice(*span)))
        .map(|(_, span)| span)
        .collect()
}

/// A kind rule's finding when no name ties the invocation to the deployments whose kind it
/// borrowed: in a monorepo they may be another project's, so it is a warning that says how to
/// make it certain.
fn inferred_kind_is_a_warning(d: &mut Diagnostic) {
    d.severity = d.severity.min(Severity::Warning);
    let kind = d.deployment_kind.map_or("?", |k| k.as_str());
    d.message.push_str(&format!(
        " (the {kind} deployment kind was inferred from the deployments around the file)"
    ));
    let how = "name the deployment (`-d NAME`, `deployment_name=`), pass `--deployment-kind`, \
               or set `[deployment-kind]` in amlint.toml to make the kind certain";
    d.help = Some(match d.help.take() {
        Some(help) => format!("{help}; {how}"),
        None => how.to_string(),
    });
}

impl Checker<'_> {
    /// Apply inline ignores, the rule selection and severity overrides of the file's settings,
    /// mask credentials, then order and de-duplicate the findings of one file.
    fn finish(&self, source: Arc<SourceFile>, mut diagnostics: Vec<Diagnostic>) -> FileReport {
        let settings = self.settings(&source.path);
        suppress::apply(&source, &mut diagnostics, &|id| settings.enabled(id));
        diagnostics.retain(|d| settings.enabled(d.rule));
        for d in &mut diagnostics {
            if let Some(severity) = settings.severity_override(d.rule) {
                d.severity = severity;
            }
            // Masked, and no control or bidi character of the file reaches a terminal or a log.
            d.message = escape::escape(&source.mask(&d.message)).into_owned();
            d.help = d
                .help
                .as_deref()
                .map(|h| escape::escape(&source.mask(h)).into_owned());
            if let Some(fix) = &mut d.fix
                && source.overlaps_secret(fix.span)
            {
                d.fix = None;
            }
        }
        sort_and_dedup(&mut diagnostics);
        let mut report = FileReport {
            source,
            diagnostics,
            omitted: 0,
            omitted_worst: None,
            declarations: Vec::new(),
        };
        cap(&mut report);
        report
    }
}

/// Keep the first [`MAX_FINDINGS_PER_FILE`] findings of a sorted report; count the rest.
fn cap(report: &mut FileReport) {
    if report.diagnostics.len() <= MAX_FINDINGS_PER_FILE {
        return;
    }
    let rest = report.diagnostics.split_off(MAX_FINDINGS_PER_FILE);
    report.omitted += rest.len();
    report.omitted_worst = report
        .omitted_worst
        .max(rest.iter().map(|d| d.severity).max());
}

fn sort_and_dedup(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule, &a.message).cmp(&(
            b.span.start,
            b.span.end,
            b.rule,
            &b.message,
        ))
    });
    diagnostics.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_keep_every_item_in_order() {
        for len in [0, 1, 31, 32, 33, 100] {
            let items: Vec<usize> = (0..len).collect();
            let cut = chunks(items.clone(), 32);
            assert!(cut.iter().all(|c| !c.is_empty() && c.len() <= 32), "{len}");
            assert_eq!(cut.len(), len.div_ceil(32));
            assert_eq!(cut.concat(), items);
        }
    }

    /// A walked file that is a FIFO by the time it is read (the walk saw a regular file) is
    /// opened without waiting for a writer, and found not to be regular.
    #[cfg(unix)]
    #[test]
    fn a_walked_file_that_became_a_fifo_is_not_waited_on() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let fifo = dir.path().join("inputs.yml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here: nothing to test
        }
        assert_eq!(
            read_text(&fifo, true),
            Err("it is not a regular file".to_string())
        );
        assert_eq!(
            read_text(&fifo, false),
            Err("it is not a regular file".to_string())
        );
    }

    /// The pre-filter of walked YAML never drops a file amlint reads: every YAML of the
    /// fixtures and the shared corpus (when beside the checkout) that is an inputs file, batch
    /// YAML, a datastore or a pipeline that invokes passes it.
    #[test]
    fn no_yaml_amlint_reads_is_left_unparsed() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut read = 0;
        for folder in [root.join("fixtures"), root.join("../shared/corpus")] {
            for entry in ignore::WalkBuilder::new(&folder).build().flatten() {
                if FileKind::of(entry.path()) != FileKind::Yaml {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(entry.path()) else {
                    continue;
                };
                let file = SourceFile::new("f.yml", entry.path(), text);
                let doc = Document::parse(&file);
                let amlints = inputs_file::is_inputs_file(&doc, Role::Walked)
                    || project::classify(&doc).is_some()
                    || project::datastore(&doc).is_some()
                    || mentions_invoke_command(&file.text);
                if amlints {
                    read += 1;
                    assert!(may_be_amlints(&file.text), "{}", entry.path().display());
                }
            }
        }
        assert!(read > 20, "only {read} YAML files of amlint's found");
    }

    /// What a repository holds besides amlint's files is not parsed.
    #[test]
    fn yaml_that_is_not_amlints_is_left_unparsed() {
        let manifest =
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n";
        let conda = "name: env\nchannels: [conda-forge]\ndependencies:\n  - python=3.10\n  - pip:\n    - azure-ai-ml\n";
        let workflow = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n";
        for text in [manifest, conda, workflow] {
            assert!(!may_be_amlints(text), "{text}");
        }
        let invoking = "steps:\n  - run: az ml batch-endpoint invoke --name e\n";
        let deployment = "$schema: https://x/modelBatchDeployment.schema.json\nname: d\n";
        for text in [invoking, deployment, "inputs:\n  a: 1\n"] {
            assert!(may_be_amlints(text), "{text}");
        }
    }

    #[test]
    fn a_walked_file_is_read_whole() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("inputs.yml");
        std::fs::write(&file, "inputs: {}\n").expect("written");
        assert_eq!(read_text(&file, true), Ok(Some("inputs: {}\n".to_string())));
    }

    fn report(text: &str, at: usize) -> Kept {
        let source = SourceFile::new("f.yml", "f.yml", text.to_string());
        let diagnostic = Diagnostic::new(
            rules::READ_ERROR,
            Severity::Error,
            Span::empty(at),
            "x".into(),
        );
        let report = FileReport {
            source: Arc::new(source),
            diagnostics: vec![diagnostic],
            omitted: 0,
            omitted_worst: None,
            declarations: Vec::new(),
        };
        let options = Options {
            positions_only: true,
            ..Options::default()
        };
        Kept::of(report, &options)
    }

    #[test]
    fn merged_reports_keep_the_positions_of_both() {
        let text = "a: 1\nbb: 2\nccc: 3\n";
        let reports: Vec<FileReport> = [report(text, 5), report(text, 12)]
            .into_iter()
            .map(|kept| match kept {
                Kept::Findings(report) => *report,
                Kept::Clean(_) => panic!("a report with a finding is kept"),
            })
            .collect();
        assert!(reports.iter().all(|r| r.source.text.is_empty()));
        let merged = merge(reports);
        let [file] = merged.as_slice() else {
            panic!("one file")
        };
        let at = |offset| file.source.line_col(offset);
        assert_eq!((at(5).line, at(5).column), (2, 1));
        assert_eq!((at(12).line, at(12).column), (3, 2));
    }
}
