//! Which files to check: the paths the user named, and the candidate files inside named folders.
//!
//! Folders are walked with the `ignore` crate, so `.gitignore` (also outside a git checkout) is
//! respected; `.git/`, `target/` and `node_modules/` are skipped; symbolic links are never
//! followed into folders (no loops); and only regular files are ever opened — a FIFO or a device
//! found while walking is skipped without being touched, so the walk cannot block.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

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
}

impl Target {
    /// A file shown as `display`: as named, or relative to the current folder when found by
    /// walking.
    pub fn new(display: String, path: PathBuf, explicit: bool) -> Target {
        let shown = (path.as_os_str() != display.as_str()).then(|| display.into_boxed_str());
        Target {
            path: path.into_boxed_path(),
            shown,
            explicit,
        }
    }

    /// A walked file shown as its path is written.
    fn new_shown_as_is(path: PathBuf) -> Target {
        Target {
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

/// What walking the named paths found.
#[derive(Debug, Default)]
pub struct Walked {
    /// The files to check, in path order.
    pub targets: Vec<Target>,
    pub problems: Vec<PathProblem>,
    /// Each walked folder (absolute) with every YAML file under it (absolute paths, regular
    /// files only), whether or not it is a candidate for checking: project discovery reads
    /// these instead of listing the folders again (and share each path, allocated once).
    pub yaml_files: Vec<(PathBuf, Vec<Arc<Path>>)>,
}

/// Which files a folder walk picks up (the front-end registry answers: a file some container
/// reads, by its name).
pub type IsCandidate = fn(&Path) -> bool;

/// Expand the named paths into the files to check, in a stable order.
pub fn collect(paths: &[PathBuf], is_candidate: IsCandidate) -> Walked {
    let cwd = crate::fs::paths::cwd();
    let mut walked = Walked::default();
    for named in paths {
        let display = crate::fs::paths::shown(named);
        let metadata = match std::fs::metadata(named) {
            Ok(m) => m,
            Err(e) => {
                walked.problems.push(PathProblem {
                    display,
                    path: named.clone(),
                    message: describe_io_error(&e),
                });
                continue;
            }
        };
        if metadata.is_dir() {
            let (targets, yaml_files) = walk_folder(named, cwd, is_candidate);
            append(&mut walked.targets, targets);
            walked
                .yaml_files
                .push((crate::fs::paths::absolute(named), yaml_files));
        } else if metadata.is_file() {
            walked
                .targets
                .push(Target::new(display, named.clone(), true));
        } else {
            walked.problems.push(PathProblem {
                display,
                path: named.clone(),
                message: "not a regular file (a FIFO, socket or device is never read)".into(),
            });
        }
    }
    // In place: a stable sort's buffer would be half the list again (no two targets are
    // equal unless they are the same).
    walked.targets.sort_unstable();
    walked.targets.dedup_by(|a, b| a.path == b.path);
    walked
}

/// `more` added to `list`, which takes it over when it is empty: a walk's lists are large, and
/// each copy of one is freed memory the run keeps.
fn append<T>(list: &mut Vec<T>, more: Vec<T>) {
    if list.is_empty() {
        *list = more;
    } else {
        list.extend(more);
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
    path.extension()
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
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        DEFINITIONS_EXTENSIONS
            .iter()
            .any(|d| e.eq_ignore_ascii_case(d))
    })
}

/// Whether `path` names a JSON file (an ARM template may be one).
pub fn is_json_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// The files of one folder, found by `ignore`'s parallel walker; each thread collects its own,
/// and the lists are joined (then sorted by the caller) when the walk ends.
fn walk_folder(root: &Path, cwd: Option<&Path>, is_candidate: IsCandidate) -> Found {
    let real_root = std::fs::canonicalize(root).ok();
    let found = Mutex::new((Vec::new(), Vec::new()));
    let mut visitors = Visitors {
        found: &found,
        real_root: real_root.as_deref(),
        cwd,
        is_candidate,
    };
    builder(root, MAX_WALK_DEPTH)
        .filter_entry(|entry| {
            !(entry.file_type().is_some_and(|t| t.is_dir()) && is_skipped_dir(entry.file_name()))
        })
        .build_parallel()
        .visit(&mut visitors);
    found.into_inner().unwrap_or_else(|e| e.into_inner())
}

type Found = (Vec<Target>, Vec<Arc<Path>>);

struct Visitors<'a> {
    found: &'a Mutex<Found>,
    real_root: Option<&'a Path>,
    cwd: Option<&'a Path>,
    is_candidate: IsCandidate,
}

impl<'s> ignore::ParallelVisitorBuilder<'s> for Visitors<'s> {
    fn build(&mut self) -> Box<dyn ignore::ParallelVisitor + 's> {
        Box::new(Visitor {
            found: self.found,
            real_root: self.real_root,
            cwd: self.cwd,
            is_candidate: self.is_candidate,
            local: Found::default(),
        })
    }
}

/// One walker thread's share of the files.
struct Visitor<'a> {
    found: &'a Mutex<Found>,
    real_root: Option<&'a Path>,
    cwd: Option<&'a Path>,
    is_candidate: IsCandidate,
    local: Found,
}

impl ignore::ParallelVisitor for Visitor<'_> {
    fn visit(&mut self, entry: Result<ignore::DirEntry, ignore::Error>) -> ignore::WalkState {
        let Ok(entry) = entry else {
            return ignore::WalkState::Continue;
        };
        let path = entry.path();
        let file_type = entry.file_type();
        if file_type.is_some_and(|t| t.is_file()) && is_discovery_name(path) {
            self.local.1.push(crate::fs::paths::absolute(path).into());
        }
        if !(self.is_candidate)(path) {
            return ignore::WalkState::Continue;
        }
        let regular = match file_type {
            Some(t) if t.is_file() => true,
            // A symlink to a regular file inside the walked folder is checked; to anything
            // else — a device, a folder, a file outside (`link.yml -> /etc/passwd`) — not.
            Some(t) if t.is_symlink() => {
                std::fs::metadata(path).is_ok_and(|m| m.is_file())
                    && std::fs::canonicalize(path)
                        .ok()
                        .zip(self.real_root)
                        .is_some_and(|(real, root)| real.starts_with(root))
            }
            _ => false,
        };
        if regular {
            let display = display_path(path, self.cwd);
            // Keep the shorter, cleaner relative path for messages that quote the path: the
            // text shown becomes the path itself (one allocation a file, not a copy of it).
            // A name that is not UTF-8 keeps its real bytes to be read by, and is shown escaped.
            let target = if Path::new(&display).is_relative()
                && path.is_relative()
                && path.to_str().is_some()
            {
                Target::new_shown_as_is(PathBuf::from(display))
            } else {
                Target::new(display, path.to_path_buf(), false)
            };
            self.local.0.push(target);
        }
        ignore::WalkState::Continue
    }
}

impl Drop for Visitor<'_> {
    fn drop(&mut self) {
        let (targets, yaml_files) = std::mem::take(&mut self.local);
        if let Ok(mut found) = self.found.lock() {
            append(&mut found.0, targets);
            append(&mut found.1, yaml_files);
        }
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
}
