//! Path arithmetic every layer shares: the current folder (asked of the kernel once per process),
//! absolute and normalised spellings, and the repository a folder belongs to (each folder looked
//! at once per cache).
//!
//! Everything here is lexical — `..` is resolved by its spelling, never through links — so a path
//! means what the user wrote, and no call touches the disk except [`holds_git`] and
//! [`RepositoryRoots`].

use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use foldhash::HashMap;

use crate::fs::folders::{self, FolderCells, FolderId};

/// A path as reports show it: as it is when it is UTF-8; otherwise each byte that is not UTF-8
/// as `\xNN` (a lossy `�` would make two such names one, and hide which file it is).
pub fn shown(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        if let Ok(text) = std::str::from_utf8(bytes) {
            return text.to_string();
        }
        let mut out = String::with_capacity(bytes.len() + 8);
        for chunk in bytes.utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().into_owned()
    }
}

/// A path's bytes as a URI reference (RFC 3986): the unreserved characters and `/` as they are,
/// every other byte percent-encoded — a name that is not UTF-8 too, so that two such names are
/// two URIs.
pub fn uri_bytes(path: &Path) -> String {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().replace('\\', "/").into_bytes();
    percent_encoding::percent_encode(&bytes, URI_PATH).to_string()
}

/// What a URI path escapes: everything but the unreserved characters (RFC 3986 §2.3) and `/`;
/// `#`, `?`, spaces and `%` would otherwise change its meaning.
pub const URI_PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// The current folder, read once: amlint never changes it, and `getcwd` per path was a tenth
/// of a large run's system calls.
pub fn cwd() -> Option<&'static Path> {
    static CWD: OnceLock<Option<PathBuf>> = OnceLock::new();
    CWD.get_or_init(|| std::env::current_dir().ok().map(|c| normalise(&c)))
        .as_deref()
}

/// `path` made absolute against the current folder, with `.` and `..` resolved by spelling (an
/// empty path is the current folder).
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return normalise(path);
    }
    match cwd() {
        Some(cwd) => {
            // Joined in one allocation; most joins are already normal and are returned as is.
            let mut joined =
                PathBuf::with_capacity(cwd.as_os_str().len() + 1 + path.as_os_str().len());
            joined.push(cwd);
            joined.push(path);
            if is_normal(&joined) {
                joined
            } else {
                normalise(&joined)
            }
        }
        None => normalise(path),
    }
}

/// `path`'s extension, as [`Path::extension`] gives it. On Unix it is cut from the bytes after
/// the last separator: `Path::extension` parses the path's last component, and every file a
/// walk finds is asked what it is by its extension several times.
pub fn extension(path: &Path) -> Option<&std::ffi::OsStr> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        let trimmed = bytes.strip_suffix(b"/").unwrap_or(bytes);
        let name = match memchr::memrchr(b'/', trimmed) {
            Some(at) => &trimmed[at + 1..],
            None => trimmed,
        };
        if name.is_empty() || name == b".." || bytes.ends_with(b"/.") || name == b"." {
            return path.extension();
        }
        let dot = memchr::memrchr(b'.', name)?;
        (dot > 0).then(|| std::ffi::OsStr::from_bytes(&name[dot + 1..]))
    }
    #[cfg(not(unix))]
    {
        path.extension()
    }
}

/// `path` and its ancestors, nearest first, as [`Path::ancestors`] gives them, for an absolute,
/// normal path ([`absolute`] makes them). On Unix the path's bytes are cut at each separator:
/// `Path::ancestors` parses components from the back for each, and discovery asks it of every
/// file the checker reads.
pub fn ancestors(path: &Path) -> impl Iterator<Item = &Path> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        let normal = path.is_absolute() && bytes.len() > 1 && !bytes.ends_with(b"/");
        let mut next = Some(bytes);
        let cut = std::iter::from_fn(move || {
            let current = next?;
            next = match current.iter().rposition(|&b| b == b'/') {
                Some(0) if current.len() > 1 => Some(&current[..1]),
                Some(at) if at > 0 => Some(&current[..at]),
                _ => None,
            };
            Some(Path::new(std::ffi::OsStr::from_bytes(current)))
        });
        let (cut, whole) = if normal {
            (Some(cut), None)
        } else {
            (None, Some(path.ancestors()))
        };
        cut.into_iter().flatten().chain(whole.into_iter().flatten())
    }
    #[cfg(not(unix))]
    {
        path.ancestors()
    }
}

/// A folder's absolute path, shared: a project's root and boundary, held by every folder below
/// that finds the project. (Caches keyed by folder use its number, [`crate::fs::folders::FolderId`].)
pub type Folder = Arc<Path>;

/// `a/b/../c/./d` → `a/c/d`, without touching the disk.
///
/// It runs for every path of a run (each walked file, each folder asked about), and almost every
/// path is normal already: that is checked first, and such a path is copied once.
pub fn normalise(path: &Path) -> PathBuf {
    if is_normal(path) {
        return path.to_path_buf();
    }
    resolve_dots(path)
}

/// [`normalise`] the long way: every component looked at.
fn resolve_dots(path: &Path) -> PathBuf {
    let mut kept: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(kept.last(), Some(Component::Normal(_))) => {
                kept.pop();
            }
            other => kept.push(other),
        }
    }
    let mut out = PathBuf::with_capacity(path.as_os_str().len());
    out.extend(kept);
    out
}

/// Whether [`normalise`] would give `path` back unchanged: no `.` or `..` component, no doubled
/// or trailing separator. Decided on the bytes where `/` is the only separator; elsewhere the
/// answer is "no" (and the components are walked).
fn is_normal(path: &Path) -> bool {
    if cfg!(not(unix)) {
        return false;
    }
    path.as_os_str()
        .as_encoded_bytes()
        .split(|&b| b == b'/')
        .enumerate()
        .all(|(i, part)| match part {
            b"." | b".." => false,
            // Only a leading `/` makes an empty part (the root).
            b"" => i == 0,
            _ => true,
        })
}

/// Whether `folder` is a repository's root: it holds `.git` (a folder in a clone, a file in a
/// worktree or submodule).
pub fn holds_git(folder: &Path) -> bool {
    folder.join(".git").exists()
}

/// The nearest folder at or above `dir` that holds `.git`, looked up on disk now (no more than
/// [`crate::limits::MAX_DISCOVERY_LEVELS`] levels up): for a one-off question outside a run's
/// cache ([`RepositoryRoots`]).
pub fn nearest_repository(dir: &Path) -> Option<&Path> {
    dir.ancestors()
        .take(crate::limits::MAX_DISCOVERY_LEVELS)
        .find(|a| holds_git(a))
}

/// The repository root (the nearest folder holding `.git`, a folder in a clone and a file in a
/// worktree or submodule) of each folder asked about, remembered for every folder on the way up:
/// a run asks about thousands of folders that share a handful of ancestors.
#[derive(Default)]
pub struct RepositoryRoots {
    /// Each folder's repository root, by number: twelve bytes a folder.
    known: FolderCells<Option<FolderId>>,
    /// The path of each root found (a run finds a handful).
    root_paths: Mutex<HashMap<FolderId, Folder>>,
}

impl RepositoryRoots {
    /// The repository holding the absolute folder `dir`, if any.
    pub fn of(&self, dir: &Path) -> Option<PathBuf> {
        let root = self.root_of(dir, folders::id_of(dir))?;
        let paths = self.root_paths.lock().ok()?;
        paths.get(&root).map(|path| path.to_path_buf())
    }

    /// Whether the absolute folder `dir` is a repository's root (holds `.git`).
    pub fn is_root(&self, dir: &Path) -> bool {
        let id = folders::id_of(dir);
        self.root_of(dir, id) == Some(id)
    }

    /// The root of `dir`, whose number is `id`.
    fn root_of(&self, dir: &Path, id: FolderId) -> Option<FolderId> {
        if let Some(known) = self.known.get(id).get() {
            return *known;
        }
        // Up from `dir` to the first folder whose answer is known or that holds `.git`; every
        // folder on the way gets that answer. (Two threads on the same way find the same one.)
        let ids = folders::ids_up_from(dir);
        let mut found = None;
        let mut unknown = 0;
        for (folder, &id) in dir.ancestors().zip(&ids) {
            if let Some(answer) = self.known.get(id).get() {
                found = *answer;
                break;
            }
            unknown += 1;
            if holds_git(folder) {
                if let Ok(mut paths) = self.root_paths.lock() {
                    paths.entry(id).or_insert_with(|| Folder::from(folder));
                }
                found = Some(id);
                break;
            }
        }
        for &id in &ids[..unknown] {
            // Set unless another thread did, with the same answer.
            let _ = self.known.get(id).set(found);
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_removes_dots() {
        assert_eq!(
            normalise(Path::new("a/b/../c/./d.yml")),
            Path::new("a/c/d.yml")
        );
        assert_eq!(normalise(Path::new("./x.yml")), Path::new("x.yml"));
        assert_eq!(normalise(Path::new("../x.yml")), Path::new("../x.yml"));
    }

    /// The shortcut for normal paths gives what walking the components gives.
    #[test]
    fn normal_paths_are_recognised_exactly() {
        let parts = ["", "/", "a", "b.yml", ".", "..", "//", ".x", "..y", "a b"];
        for x in parts {
            for y in parts {
                for z in parts {
                    for text in [
                        format!("{x}{y}{z}"),
                        format!("{x}/{y}/{z}"),
                        format!("/{x}{y}/{z}"),
                    ] {
                        let path = Path::new(&text);
                        assert_eq!(normalise(path), resolve_dots(path), "{text:?}");
                        if is_normal(path) {
                            assert_eq!(path, resolve_dots(path).as_path(), "{text:?}");
                            assert_eq!(
                                path.as_os_str(),
                                resolve_dots(path).as_os_str(),
                                "{text:?}"
                            );
                        }
                    }
                }
            }
        }
        assert!(is_normal(Path::new("/tmp/a/b.yml")) == cfg!(unix));
        assert!(!is_normal(Path::new("/tmp/a/")));
        assert!(!is_normal(Path::new("a//b")));
    }

    #[test]
    fn extensions_are_those_path_gives() {
        for path in [
            "a.yml",
            "/x/a.yml",
            "a",
            ".bashrc",
            "/x/.bashrc",
            "a.",
            "a.b.c",
            "/x.y/z",
            "x/.",
            "x/..",
            "..",
            ".",
            "/",
            "",
            "a.yml/",
            "dir.d/",
            "/x/a..b",
            "a/b.YAML",
            ".x.y",
        ] {
            assert_eq!(
                extension(Path::new(path)),
                Path::new(path).extension(),
                "{path}"
            );
        }
    }

    #[test]
    fn ancestors_are_those_path_gives() {
        for path in ["/", "/a", "/a/b/c", "/a b/c.d", "relative/x", "/a/b/"] {
            let ours: Vec<&Path> = ancestors(Path::new(path)).collect();
            let std: Vec<&Path> = Path::new(path).ancestors().collect();
            assert_eq!(ours, std, "{path}");
        }
    }

    #[test]
    fn absolute_is_against_the_current_folder() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(absolute(Path::new("")), normalise(&cwd));
        assert_eq!(absolute(Path::new("a/../b")), normalise(&cwd.join("b")));
        assert_eq!(absolute(Path::new("/x/./y/..")), Path::new("/x"));
    }

    #[test]
    fn repository_roots_are_remembered_on_the_way_up() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("a/b")).unwrap();
        std::fs::create_dir_all(tmp.path().join("elsewhere")).unwrap();
        let roots = RepositoryRoots::default();
        assert_eq!(roots.of(&repo.join("a/b")), Some(repo.clone()));
        // Answered from what the first question learnt, even once `.git` is gone.
        std::fs::remove_dir(repo.join(".git")).unwrap();
        assert_eq!(roots.of(&repo.join("a")), Some(repo.clone()));
        assert_eq!(roots.of(&tmp.path().join("elsewhere")), None);
    }
}
