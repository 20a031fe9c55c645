//! Where a finding's file is, for the formats a CI service reads: relative to the repository
//! root, with forward slashes. GitHub's `upload-sarif` resolves a SARIF URI against the checkout
//! root, and annotations and Azure DevOps issues name files the same way — so a path spelt
//! `../docs/x.md` or `./x.yml`, or given absolute, or checked under `working-directory:`, must
//! still name the file the service knows.

use std::path::{Path, PathBuf};

use crate::source::SourceFile;

/// The folder that repository-relative paths are relative to, found once per folder.
#[derive(Default)]
pub struct Anchors {
    /// A CI checkout root that the environment names (`GITHUB_WORKSPACE`,
    /// `BUILD_SOURCESDIRECTORY`): it wins for the files under it.
    workspace: Option<PathBuf>,
    cwd: Option<PathBuf>,
    /// The repository root above each folder (the nearest folder holding `.git`).
    roots: crate::fs::paths::RepositoryRoots,
}

/// A file's place, relative to its root.
pub struct Located {
    /// The root, absolute (`None` when the file lies outside every root).
    pub root: Option<PathBuf>,
    /// The path from the root, with `/` separators; the path as given when there is no root.
    pub relative: String,
    /// `relative` as a URI reference: percent-encoded, from the path's bytes when they are not
    /// UTF-8 (SARIF then names two such files apart).
    pub uri: String,
}

impl Anchors {
    /// Anchors for a report; `workspace_variable` names the CI service's checkout-root variable.
    pub fn new(workspace_variable: Option<&str>) -> Anchors {
        let cwd = std::env::current_dir().ok();
        let workspace = workspace_variable
            .and_then(std::env::var_os)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .map(|w| normalise(&w, cwd.as_deref()));
        Anchors {
            workspace,
            cwd,
            roots: crate::fs::paths::RepositoryRoots::default(),
        }
    }

    pub fn locate(&mut self, source: &SourceFile) -> Located {
        let absolute = normalise(&source.path, self.cwd.as_deref());
        let root = match &self.workspace {
            Some(w) if absolute.starts_with(w) => Some(w.clone()),
            _ => absolute
                .parent()
                .and_then(|folder| self.roots.of(folder))
                .or_else(|| self.cwd.clone().filter(|c| absolute.starts_with(c))),
        };
        match root {
            Some(root) => {
                let path = absolute.strip_prefix(&root).unwrap_or(&absolute);
                let relative = slashed(path);
                let uri = uri_of(path, &relative);
                Located {
                    root: Some(root),
                    relative,
                    uri,
                }
            }
            None => {
                let relative = slashed(Path::new(&source.display));
                let uri = uri_of(&source.path, &relative);
                Located {
                    root: None,
                    relative,
                    uri,
                }
            }
        }
    }
}

/// An absolute path with `.` and `..` resolved by their spelling (not through links: the
/// repository is where the user's path says the file is).
fn normalise(path: &Path, cwd: Option<&Path>) -> PathBuf {
    let joined = match cwd {
        Some(cwd) if path.is_relative() => cwd.join(path),
        _ => path.to_path_buf(),
    };
    crate::fs::paths::normalise(&joined)
}

/// A path with `/` separators, as reports show it: a credential in a name masked; a name that
/// is not UTF-8 with its bytes as `\xNN` (two such names stay two).
fn slashed(path: &Path) -> String {
    let Some(text) = path.to_str() else {
        return crate::fs::paths::shown(path);
    };
    let text = text.strip_prefix("./").unwrap_or(text);
    crate::secrets::redact(text).replace('\\', "/")
}

/// The URI reference of a file shown as `relative`: from `relative` (masked) when the path is
/// UTF-8, else from the path's own bytes.
fn uri_of(path: &Path, relative: &str) -> String {
    if path.to_str().is_some() {
        uri_reference(relative)
    } else {
        crate::fs::paths::uri_bytes(path)
    }
}

/// A path as a URI reference (RFC 3986): everything but the unreserved characters and `/`
/// percent-encoded, byte by byte — `#`, `?`, spaces and `%` would otherwise change its meaning.
pub fn uri_reference(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, crate::fs::paths::URI_PATH).to_string()
}

/// A path as a `file:` URI: `/a/b c.yml` → `file:///a/b%20c.yml`, `C:\\x` → `file:///C:/x` (the
/// drive's colon kept, as most clients write it).
pub fn file_uri(path: &Path) -> String {
    let mut text = slashed(path);
    if !text.starts_with('/') {
        text.insert(0, '/');
    }
    format!("file://{}", uri_reference(&text).replace("%3A", ":"))
}

/// A folder as a `file:` URI ending in `/` (SARIF's `originalUriBaseIds`).
pub fn folder_uri(folder: &Path) -> String {
    let uri = file_uri(folder);
    if uri.ends_with('/') {
        uri
    } else {
        format!("{uri}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_resolve_by_spelling() {
        let cwd = Path::new("/repo/sub");
        assert_eq!(
            normalise(Path::new("../docs/./x.md"), Some(cwd)),
            Path::new("/repo/docs/x.md")
        );
        assert_eq!(
            normalise(Path::new("./x.yml"), Some(cwd)),
            Path::new("/repo/sub/x.yml")
        );
    }

    #[test]
    fn uri_references_escape_what_would_change_their_meaning() {
        assert_eq!(uri_reference("a b/#1/50%.yml"), "a%20b/%231/50%25.yml");
        assert_eq!(uri_reference("日.yml"), "%E6%97%A5.yml");
        assert_eq!(folder_uri(Path::new("/w/my repo")), "file:///w/my%20repo/");
    }
}
