//! Which files to check: the paths the user named, and the candidate files inside named folders.
//!
//! Folders are walked with the `ignore` crate, so `.gitignore` (also outside a git checkout) is
//! respected; `.git/`, `target/` and `node_modules/` are skipped; symbolic links are never
//! followed into folders (no loops); and only regular files are ever opened — a FIFO or a device
//! found while walking is skipped without being touched, so the walk cannot block.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::fs::names::RelativePaths;
use crate::limits::MAX_WALK_DEPTH;

/// A file to check.
///
/// A walk holds one for every candidate file of the tree until it is checked, so it is kept
/// small: the path is allocated once, and how it is shown only when that differs from the
/// path as written (a walk of `.` shows `./a/b.yml` as `a/b.yml`, and reads it as that too).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    path: Box<Path>,
    /// How to show the path, when it is not the path itself.
    shown: Option<Box<str>>,
    /// Named on the command line (always checked) rather than found by walking.
    pub explicit: bool,
    /// Counts the targets alive at once (tests: [`probe`]).
    #[cfg(test)]
    probe: probe::Probe,
}

impl Target {
    /// A file shown as `display`: as named, or relative to the current folder when found by
    /// walking.
    pub fn new(display: String, path: PathBuf, explicit: bool) -> Target {
        let shown = (path.as_os_str() != display.as_str()).then(|| display.into_boxed_str());
        Target {
            #[cfg(test)]
            probe: probe::Probe::new(&path),
            path: path.into_boxed_path(),
            shown,
            explicit,
        }
    }

    /// A walked file shown as its path is written.
    fn new_shown_as_is(path: PathBuf) -> Target {
        Target {
            #[cfg(test)]
            probe: probe::Probe::new(&path),
            path: path.into_boxed_path(),
            shown: None,
            explicit: false,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How the path is shown in every report.
    pub fn display(&self) -> &str {
        match &self.shown {
            Some(shown) => shown,
            // `shown` is absent only when the path is this very text.
            None => self.path.to_str().unwrap_or_default(),
        }
    }
}

/// In the order reports list files: by how they are shown, then by path.
impl Ord for Target {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.display(), &self.path, self.explicit).cmp(&(
            other.display(),
            &other.path,
            other.explicit,
        ))
    }
}

impl PartialOrd for Target {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A named path that could not be used at all.
#[derive(Debug)]
pub struct PathProblem {
    pub display: String,
    pub path: PathBuf,
    pub message: String,
}

const SKIPPED_DIRS: &[&str] = &[".git", "target", "node_modules"];

/// What walking the named paths found, as `Target`s (`--show-files`; a run checks each file from
/// the walk's compact listing instead, [`walk`]).
#[derive(Debug, Default)]
pub struct Walked {
    /// The files to check, in path order.
    pub targets: Vec<Target>,
    pub problems: Vec<PathProblem>,
}

/// Which files a folder walk picks up (the front-end registry answers: a file some container
/// reads, by its name).
pub type IsCandidate = fn(&Path) -> bool;

/// The named paths, sorted out: the folders to walk, the files named, and the paths that cannot
/// be used (in the order they were named).
#[derive(Debug, Default)]
pub struct Named {
    pub folders: Vec<PathBuf>,
    /// By path, each once.
    pub files: Vec<Target>,
    pub problems: Vec<PathProblem>,
}

/// One look at each named path: a folder, a file, or a problem.
pub fn named(paths: &[PathBuf]) -> Named {
    let mut named = Named::default();
    for path in paths {
        let display = crate::fs::paths::shown(path);
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => named.folders.push(path.clone()),
            Ok(m) if m.is_file() => named.files.push(Target::new(display, path.clone(), true)),
            Ok(_) => named.problems.push(PathProblem {
                display,
                path: path.clone(),
                message: "not a regular file (a FIFO, socket or device is never read)".into(),
            }),
            Err(e) => named.problems.push(PathProblem {
                display,
                path: path.clone(),
                message: describe_io_error(&e),
            }),
        }
    }
    named.files.sort_unstable();
    named.files.dedup_by(|a, b| a.path == b.path);
    named
}

/// Expand the named paths into the files to check, in a stable order.
pub fn collect(paths: &[PathBuf], is_candidate: IsCandidate) -> Walked {
    let Named {
        folders,
        files,
        problems,
    } = named(paths);
    let found = Mutex::new(Vec::new());
    let keep = |_: &Path, paths: RelativePaths| -> Arc<dyn Listed> { Arc::new(paths) };
    let unwalked = walk(&folders, files, is_candidate, &keep, &|target| {
        if let Ok(mut found) = found.lock() {
            found.push(target);
        }
    });
    let mut targets = found.into_inner().unwrap_or_else(|e| e.into_inner());
    targets.extend(unwalked);
    targets.sort_unstable();
    Walked { targets, problems }
}

/// A walked folder's discovery files, as the run keeps them (project discovery's listing of
/// the folder), for the walk to check them from: the walk lists each folder once, for both.
pub trait Listed: Send + Sync {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The `i`th file, relative to the walked folder.
    fn relative(&self, i: usize) -> &Path;
}

impl Listed for RelativePaths {
    fn len(&self) -> usize {
        RelativePaths::len(self)
    }

    fn relative(&self, i: usize) -> &Path {
        self.get(i)
    }
}

/// Given a walked folder and its discovery files (relative to it), keeps them and gives back
/// the list to check them from.
pub type KeepListing<'a> = dyn Fn(&Path, RelativePaths) -> Arc<dyn Listed> + Sync + 'a;

/// Walk `folders`, handing each file to check to `visit`, on the run's threads. Each folder is
/// walked once, into a listing: its discovery files, kept by `keep` (project discovery would
/// otherwise walk the folder a second time, for those), and its other files to check, held
/// compactly (a few dozen bytes a file). Every folder is listed before any file is checked,
/// so discovery knows each walked folder from the start. A file found by two walks (a folder
/// named inside another) is handed over once. A named file that a walk also finds is checked
/// as the walk found it (as it always was); the named `files` no walk found are handed back,
/// for the caller to check.
pub fn walk(
    folders: &[PathBuf],
    files: Vec<Target>,
    is_candidate: IsCandidate,
    keep: &KeepListing<'_>,
    visit: &(dyn Fn(Target) + Sync),
) -> Vec<Target> {
    let cwd = crate::fs::paths::cwd();
    let walked_named: Vec<AtomicBool> = files.iter().map(|_| AtomicBool::new(false)).collect();
    let named_at: HashMap<&Path, usize> = files
        .iter()
        .enumerate()
        .map(|(at, f)| (f.path(), at))
        .collect();
    // Only when one named folder holds another can a file be found twice: then (and only then)
    // the paths handed over are remembered.
    let absolute: Vec<PathBuf> = folders
        .iter()
        .map(|f| crate::fs::paths::absolute(f))
        .collect();
    let overlap = absolute.iter().enumerate().any(|(i, a)| {
        absolute
            .iter()
            .enumerate()
            .any(|(j, b)| i != j && a.starts_with(b))
    });
    let handed: Option<Mutex<HashSet<Box<Path>>>> = overlap.then(Mutex::default);
    let hand = |target: Target| {
        if let Some(&at) = named_at.get(target.path()) {
            walked_named[at].store(true, Ordering::Relaxed);
        }
        if let Some(handed) = &handed
            && handed
                .lock()
                .is_ok_and(|mut handed| !handed.insert(target.path.clone()))
        {
            return;
        }
        visit(target);
    };
    let listed: Vec<(&PathBuf, Arc<dyn Listed>, RelativePaths)> = folders
        .iter()
        .map(|root| {
            let Tree { discovery, others } = list(root, is_candidate);
            (root, keep(root, discovery), others)
        })
        .collect();
    for (root, discovery, others) in &listed {
        let check = |relative: &Path| hand(target_at(root, relative, cwd));
        (0..discovery.len()).into_par_iter().for_each(|i| {
            let relative = discovery.relative(i);
            if is_candidate(relative) {
                check(relative);
            }
        });
        (0..others.len())
            .into_par_iter()
            .for_each(|i| check(others.get(i)));
    }
    drop(listed);
    drop(named_at);
    files
        .into_iter()
        .zip(walked_named)
        .filter(|(_, walked)| !walked.load(Ordering::Relaxed))
        .map(|(file, _)| file)
        .collect()
}

/// A walked folder's files, relative to it, listed in one pass.
pub struct Tree {
    /// Its discovery files: regular files named as [`is_discovery_name`] says.
    pub discovery: RelativePaths,
    /// Its other files to check: candidates by name that are no discovery files, and links
    /// to regular files inside the folder.
    pub others: RelativePaths,
}

/// The files under `root`, walked by `ignore`'s parallel walker: its discovery files, and the
/// other files to check (`is_candidate`).
pub fn list(root: &Path, is_candidate: IsCandidate) -> Tree {
    let discovery = Mutex::new(RelativePaths::default());
    let others = Mutex::new(RelativePaths::default());
    // A link is checked only when it leads to a regular file inside the walked folder.
    let real_root = std::sync::OnceLock::new();
    builder(root, MAX_WALK_DEPTH)
        .filter_entry(|entry| {
            !(entry.file_type().is_some_and(|t| t.is_dir()) && is_skipped_dir(entry.file_name()))
        })
        .build_parallel()
        .run(|| {
            let mut discovery = Keep(&discovery, RelativePaths::default());
            let mut others = Keep(&others, RelativePaths::default());
            let real_root = &real_root;
            Box::new(move |entry| {
                let Ok(entry) = entry else {
                    return ignore::WalkState::Continue;
                };
                let path = entry.path();
                let relative =
                    crate::fs::names::below(path, root).or_else(|| path.strip_prefix(root).ok());
                let Some(relative) = relative else {
                    return ignore::WalkState::Continue;
                };
                match entry.file_type() {
                    Some(t) if t.is_file() => {
                        if is_discovery_name(path) {
                            discovery.push(relative);
                        } else if is_candidate(path) {
                            others.push(relative);
                        }
                    }
                    Some(t) if t.is_symlink() && is_candidate(path) => {
                        let real_root = real_root
                            .get_or_init(|| std::fs::canonicalize(root).ok())
                            .as_deref();
                        if links_inside(path, real_root) {
                            others.push(relative);
                        }
                    }
                    _ => {}
                }
                ignore::WalkState::Continue
            })
        });
    Tree {
        discovery: discovery.into_inner().unwrap_or_else(|e| e.into_inner()),
        others: others.into_inner().unwrap_or_else(|e| e.into_inner()),
    }
}

/// One walker thread's files of one kind (discovery files, or the others), added to the shared
/// list a batch at a time (a thread's whole list beside the shared one would double what a big
/// tree's listing holds).
struct Keep<'a>(&'a Mutex<RelativePaths>, RelativePaths);

impl Keep<'_> {
    const BATCH: usize = 1024;

    fn push(&mut self, path: &Path) {
        self.1.push(path);
        if self.1.len() >= Self::BATCH {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if let Ok(mut found) = self.0.lock() {
            found.append_below(Path::new(""), self.1.iter());
        }
        self.1 = RelativePaths::default();
    }
}

impl Drop for Keep<'_> {
    fn drop(&mut self) {
        self.flush();
    }
}

/// A folder walker with amlint's rules: `.gitignore`, `.ignore` and `.git/info/exclude` files
/// are respected (also outside a git checkout), hidden files are not skipped, links are not
/// followed, and the user's global gitignore (`core.excludesFile`) is not read — a check's
/// result depends on the repository alone, so it is the same on a laptop and in CI.
pub fn builder(root: &Path, depth: usize) -> ignore::WalkBuilder {
    // Reading every ancestor's ignore files costs a folder's depth per walk; past any real
    // depth (a hostile chain of nested folders), the walk reads only its own.
    let shallow = root.components().count() <= 2 * crate::limits::MAX_DISCOVERY_LEVELS;
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .max_depth(Some(depth))
        .parents(shallow)
        .git_global(false)
        .hidden(false)
        .require_git(false)
        .follow_links(false);
    builder
}

/// Folders no walk enters.
pub fn is_skipped_dir(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| SKIPPED_DIRS.contains(&n))
}

/// A `.yml`/`.yaml` name (in any case).
pub fn is_yaml_name(path: &Path) -> bool {
    crate::fs::paths::extension(path)
        .and_then(|e| e.to_str())
        .is_some_and(|e| YAML_EXTENSIONS.iter().any(|y| e.eq_ignore_ascii_case(y)))
}

/// The extensions of YAML files (the YAML container's, and what discovery lists).
pub const YAML_EXTENSIONS: &[&str] = &["yml", "yaml"];

/// Whether discovery reads the file at `path` for batch deployments and endpoints: batch YAML,
/// ARM JSON templates, and the files whose Python may define them (a `.py` file, a notebook, a
/// Markdown page's `python` fences).
pub fn is_discovery_name(path: &Path) -> bool {
    is_yaml_name(path) || is_json_name(path) || is_definitions_name(path)
}

/// The extensions of the files whose Python may define batch deployments and endpoints: the
/// Python, notebook and Markdown containers' (the front-end registry's test keeps them equal).
pub const DEFINITIONS_EXTENSIONS: &[&str] = &["py", "ipynb", "md", "markdown"];

/// Whether `path` names a file whose Python may define batch deployments (in any case).
pub fn is_definitions_name(path: &Path) -> bool {
    crate::fs::paths::extension(path)
        .and_then(|e| e.to_str())
        .is_some_and(|e| {
            DEFINITIONS_EXTENSIONS
                .iter()
                .any(|d| e.eq_ignore_ascii_case(d))
        })
}

/// Whether `path` names a JSON file (an ARM template may be one).
pub fn is_json_name(path: &Path) -> bool {
    crate::fs::paths::extension(path).is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Whether the link at `path` leads to a regular file inside the walked folder (really at
/// `real_root`): a link to anything else — a device, a folder, a file outside
/// (`link.yml -> /etc/passwd`) — is not checked.
fn links_inside(path: &Path, real_root: Option<&Path>) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
        && std::fs::canonicalize(path)
            .ok()
            .zip(real_root)
            .is_some_and(|(real, root)| real.starts_with(root))
}

/// The file to check at `relative` in the walked folder `root`, at the path the walk gives it
/// (`root` joined with it) and shown relative to the current folder.
fn target_at(root: &Path, relative: &Path, cwd: Option<&Path>) -> Target {
    let path = root.join(relative);
    let display = display_path(&path, cwd);
    // Keep the shorter, cleaner relative path for messages that quote the path: the text shown
    // becomes the path itself (one allocation a file, not a copy of it). A name that is not
    // UTF-8 keeps its real bytes to be read by, and is shown escaped.
    if Path::new(&display).is_relative() && path.is_relative() && path.to_str().is_some() {
        Target::new_shown_as_is(PathBuf::from(display))
    } else {
        Target::new(display, path, false)
    }
}

/// `./a/b.yml` → `a/b.yml`; an absolute path under the current folder → relative to it.
fn display_path(path: &Path, cwd: Option<&Path>) -> String {
    let relative = cwd.and_then(|c| path.strip_prefix(c).ok()).unwrap_or(path);
    let relative = relative.strip_prefix(".").unwrap_or(relative);
    crate::fs::paths::shown(relative)
}

pub fn describe_io_error(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// How many targets under a folder named [`probe::MARK`] are alive at once, at most: a test
/// that a walk holds no list of its files.
#[cfg(test)]
pub(crate) mod probe {
    use std::path::Path;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A folder name only the streaming tests use (tests run side by side in one process).
    pub(crate) const MARK: &str = "amlint-streaming-probe";
    static LIVE: AtomicUsize = AtomicUsize::new(0);
    static PEAK: AtomicUsize = AtomicUsize::new(0);

    #[derive(Debug, PartialEq, Eq)]
    pub(super) struct Probe(bool);

    impl Probe {
        pub(super) fn new(path: &Path) -> Probe {
            let counted = path.components().any(|c| c.as_os_str() == MARK);
            if counted {
                let live = LIVE.fetch_add(1, Ordering::SeqCst) + 1;
                PEAK.fetch_max(live, Ordering::SeqCst);
            }
            Probe(counted)
        }
    }

    impl Clone for Probe {
        fn clone(&self) -> Probe {
            if self.0 {
                let live = LIVE.fetch_add(1, Ordering::SeqCst) + 1;
                PEAK.fetch_max(live, Ordering::SeqCst);
            }
            Probe(self.0)
        }
    }

    impl Drop for Probe {
        fn drop(&mut self) {
            if self.0 {
                LIVE.fetch_sub(1, Ordering::SeqCst);
            }
        }
    }

    /// The most targets under [`MARK`] alive at once so far.
    pub(crate) fn peak() -> usize {
        PEAK.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_are_relative_and_clean() {
        assert_eq!(display_path(Path::new("./a/b.yml"), None), "a/b.yml");
        assert_eq!(
            display_path(Path::new("/w/p/a.yml"), Some(Path::new("/w"))),
            "p/a.yml"
        );
        assert_eq!(display_path(Path::new("dir/a.yml"), None), "dir/a.yml");
    }

    #[test]
    fn a_target_shows_its_path_or_the_name_it_was_given() {
        let walked = Target::new("a/b.yml".into(), PathBuf::from("a/b.yml"), false);
        assert_eq!(
            (walked.display(), walked.path()),
            ("a/b.yml", Path::new("a/b.yml"))
        );
        assert!(walked.shown.is_none(), "the same text is not stored twice");
        let named = Target::new("b.yml".into(), PathBuf::from("/w/a/b.yml"), true);
        assert_eq!(
            (named.display(), named.path()),
            ("b.yml", Path::new("/w/a/b.yml"))
        );
        // Reports list files by how they are shown, whatever their paths.
        assert!(walked < named);
    }

    /// One pass lists both: the discovery files (regular files only), and the other files to
    /// check (links among them, when they lead to a regular file inside the folder).
    #[cfg(unix)]
    #[test]
    fn a_folder_is_listed_once_for_discovery_and_the_check() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for (file, text) in [
            ("a/deploy.yml", "x: 1\n"),
            ("a/run.sh", "echo\n"),
            ("a/notes.txt", "text\n"),
            (".git/config.yml", "x: 1\n"),
            ("node_modules/m/m.yml", "x: 1\n"),
        ] {
            std::fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
            std::fs::write(root.join(file), text).unwrap();
        }
        std::os::unix::fs::symlink(root.join("a/run.sh"), root.join("a/link.sh")).unwrap();
        std::os::unix::fs::symlink(root.join("a/deploy.yml"), root.join("link.yml")).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", root.join("out.sh")).unwrap();
        let is_candidate: IsCandidate =
            |p| is_yaml_name(p) || p.extension().is_some_and(|e| e == "sh");
        let Tree { discovery, others } = list(root, is_candidate);
        let sorted = |paths: RelativePaths| {
            let mut paths: Vec<PathBuf> = paths.iter().map(Path::to_path_buf).collect();
            paths.sort();
            paths
        };
        assert_eq!(sorted(discovery), [PathBuf::from("a/deploy.yml")]);
        assert_eq!(
            sorted(others),
            ["a/link.sh", "a/run.sh", "link.yml"].map(PathBuf::from)
        );
    }
}
