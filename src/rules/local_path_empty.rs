//! ## What it does
//! Reports a local input folder that exists and holds no file (in any subfolder), resolved from
//! the folder of the file that names it.
//!
//! ## Why is this bad?
//! The CLI uploads local inputs before it creates the job, and azure-ai-ml refuses an empty
//! folder: "EmptyDirectoryError: Directory … is empty. path or local_path must be a non-empty
//! directory." (`upload_directory`, after the login). A folder of empty folders is empty too.
//! Scripts often fill the folder just before they invoke, so this is a warning.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: data/unlabeled
//! ```
//! with `data/unlabeled/` empty.
//!
//! ## Fix
//! Put the data in the folder first (or point at the folder that has it). This rule has no
//! automatic fix.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::{Basis, Class, Context, Rule, checkable_local_paths};

pub struct LocalPathEmpty;

/// How many folder entries amlint looks at before it gives up on a folder (and says nothing):
/// a huge tree is not empty in any case that matters, and the check must stay cheap.
const MAX_ENTRIES: usize = 10_000;
/// How deep it looks.
const MAX_DEPTH: usize = 32;

impl Rule for LocalPathEmpty {
    fn id(&self) -> &'static str {
        "local-path-empty"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for (io, path, p, resolved) in checkable_local_paths(invocation, cx.file) {
            if holds_no_file(&resolved) != Some(true) {
                continue;
            }
            cx.report(
                path.span,
                format!(
                    "the local folder `{p}` of `{}` holds no file: azure-ai-ml refuses to upload it \
                     (\"EmptyDirectoryError: Directory … is empty. path or local_path must be a \
                     non-empty directory.\")",
                    io.name
                ),
            )
            .help("put the data in the folder before invoking, or point the input at the folder that holds it");
        }
    }
}

/// `Some(true)` when `dir` is a folder with no file at any depth; `Some(false)` when it holds
/// one; `None` when it is not a folder or the look is cut short (too many entries, too deep,
/// unreadable) — unknown, so the rule stays silent. Links count as files: the SDK uploads the
/// file a link points to.
fn holds_no_file(dir: &Path) -> Option<bool> {
    if !fs::metadata(dir).ok()?.is_dir() {
        return None;
    }
    let mut pending: Vec<(PathBuf, usize)> = vec![(dir.to_path_buf(), 0)];
    let mut seen = 0usize;
    while let Some((folder, depth)) = pending.pop() {
        for entry in fs::read_dir(&folder).ok()? {
            seen += 1;
            if seen > MAX_ENTRIES {
                return None;
            }
            let entry = entry.ok()?;
            let file_type = entry.file_type().ok()?;
            if !file_type.is_dir() {
                return Some(false);
            }
            if depth + 1 > MAX_DEPTH {
                return None;
            }
            pending.push((entry.path(), depth + 1));
        }
    }
    Some(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_of_empty_folders_is_empty_and_one_file_is_not() {
        let scratch = tempfile::tempdir().unwrap();
        assert_eq!(holds_no_file(scratch.path()), Some(true));
        fs::create_dir_all(scratch.path().join("a/b")).unwrap();
        assert_eq!(holds_no_file(scratch.path()), Some(true));
        fs::write(scratch.path().join("a/b/x.csv"), "1").unwrap();
        assert_eq!(holds_no_file(scratch.path()), Some(false));
        assert_eq!(holds_no_file(&scratch.path().join("a/b/x.csv")), None);
        assert_eq!(holds_no_file(&scratch.path().join("missing")), None);
    }
}
