//! Automatic fixes: the edits that diagnostics carry, applied byte for byte.
//!
//! An edit replaces one span of the file's text; every other byte — comments, quoting,
//! indentation, CRLF line endings, a BOM — stays as it was. Several edits in one file compose
//! (they are applied from the end, and an edit overlapping an earlier one is left for the next
//! run). A fix is never applied inside text built from shell expansions (`$VAR`, `$(…)`), whose
//! written form amlint cannot map back exactly. Files are written atomically, keeping their
//! permissions, and only if they did not change on disk since they were read.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostic::{FileReport, Fix};
use crate::engine::Outcome;

/// The fixes planned for one file.
#[derive(Debug)]
pub struct FileFix {
    pub display: String,
    pub path: PathBuf,
    /// The file as read (BOM included).
    pub original: String,
    /// The file with the fixes applied.
    pub fixed: String,
    /// The same two texts with credentials masked, for `--diff`.
    shown_original: String,
    shown_fixed: String,
    /// How many edits were applied.
    pub applied: usize,
    /// The rule of each applied edit (`--show-fixes`).
    pub rules: Vec<&'static str>,
}

/// Whether an edit may be applied to the text it replaces.
fn applicable(text: &str, fix: &Fix) -> bool {
    let Some(replaced) = text.get(fix.span.start..fix.span.end) else {
        return false;
    };
    !(replaced.contains('$') || replaced.contains('`'))
}

/// The edits of a file's diagnostics that may be applied: safe ones, and unsafe ones when asked.
pub fn edits(report: &FileReport, unsafe_fixes: bool) -> Vec<Fix> {
    let mut edits: Vec<Fix> = report
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.clone())
        .filter(|f| (f.safe || unsafe_fixes) && applicable(&report.source.text, f))
        .collect();
    edits.sort_by_key(|f| (f.span.start, f.span.end));
    edits.dedup_by(|a, b| a.span == b.span && a.replacement == b.replacement);
    // Overlapping edits cannot both be right: keep the first, the next run sees the rest.
    let mut kept: Vec<Fix> = Vec::new();
    for edit in edits {
        if kept
            .last()
            .is_none_or(|last| last.span.end <= edit.span.start)
        {
            kept.push(edit);
        }
    }
    kept
}

/// `text` with `edits` (sorted, non-overlapping) applied.
pub fn apply(text: &str, edits: &[Fix]) -> String {
    let mut out = text.to_string();
    for edit in edits.iter().rev() {
        out.replace_range(edit.span.start..edit.span.end, &edit.replacement);
    }
    out
}

/// Every file of a run that has something to fix.
pub fn plan(outcome: &Outcome, unsafe_fixes: bool) -> Vec<FileFix> {
    outcome
        .files
        .iter()
        .filter_map(|report| {
            let edits = edits(report, unsafe_fixes);
            if edits.is_empty() {
                return None;
            }
            let source = &report.source;
            let bom = if source.had_bom { "\u{feff}" } else { "" };
            // What `--diff` shows: the same edits on the masked text (no edit touches a
            // secret), so a credential never reaches the terminal.
            let masked = source.masked_text();
            Some(FileFix {
                display: source.display.clone(),
                path: source.path.clone(),
                original: format!("{bom}{}", source.text),
                fixed: format!("{bom}{}", apply(&source.text, &edits)),
                shown_original: masked.to_string(),
                shown_fixed: apply(&masked, &edits),
                applied: edits.len(),
                rules: edits
                    .iter()
                    .filter_map(|e| {
                        report
                            .diagnostics
                            .iter()
                            .find(|d| d.fix.as_ref() == Some(e))
                            .map(|d| d.rule)
                    })
                    .collect(),
            })
        })
        .collect()
}

/// A unified diff of the planned fixes.
pub fn diff(fix: &FileFix) -> String {
    let display = crate::escape::escape(&fix.display);
    let diff = similar::TextDiff::from_lines(&fix.shown_original, &fix.shown_fixed)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{display}"), &format!("b/{display}"))
        .to_string();
    crate::escape::neutralise(&diff).into_owned()
}

/// Where `--fix` may write: under the paths named on the command line, symbolic links resolved.
/// A file reached by following `--file`, a symbolic link or `..` out of them is not fixed.
#[derive(Debug, Default)]
pub struct Scope {
    roots: Vec<PathBuf>,
}

impl Scope {
    pub fn of(paths: &[PathBuf]) -> Scope {
        Scope {
            roots: paths
                .iter()
                .filter_map(|p| std::fs::canonicalize(p).ok())
                .collect(),
        }
    }

    fn contains(&self, path: &Path) -> bool {
        std::fs::canonicalize(path).is_ok_and(|real| self.roots.iter().any(|r| real.starts_with(r)))
    }
}

/// Write the fixed file atomically — a new temporary file beside it (created exclusively, with a
/// random name, so a planted file or link at that name is never followed), then a rename —
/// keeping its permissions. Refused for a file outside `scope`, a symbolic link, a read-only
/// file, a file with other hard links (a rename would break them), or one that changed on disk
/// since it was read.
pub fn write(fix: &FileFix, scope: &Scope) -> Result<(), WriteError> {
    let refuse = |why: &'static str| {
        Err(WriteError::Refused {
            file: fix.display.clone(),
            why,
        })
    };
    let io = |error: std::io::Error| WriteError::Io {
        file: fix.display.clone(),
        error,
    };
    let metadata = std::fs::symlink_metadata(&fix.path).map_err(io)?;
    if metadata.file_type().is_symlink() {
        return refuse("is a symbolic link (fix the file it points to by naming it)");
    }
    if !metadata.is_file() {
        return refuse("is not a regular file");
    }
    if metadata.permissions().readonly() {
        return refuse("is read-only");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if metadata.nlink() > 1 {
            return refuse("has other hard links, which a rewrite would break");
        }
    }
    if !scope.contains(&fix.path) {
        return refuse("is outside the paths named on the command line");
    }
    let current = std::fs::read(&fix.path).map_err(io)?;
    if current != fix.original.as_bytes() {
        return Err(WriteError::Changed {
            file: fix.display.clone(),
        });
    }
    let dir = fix
        .path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let result = (|| -> std::io::Result<()> {
        let mut temporary = tempfile::Builder::new()
            .prefix(".amlint-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        temporary.write_all(fix.fixed.as_bytes())?;
        temporary.as_file().sync_all()?;
        temporary
            .as_file()
            .set_permissions(metadata.permissions())?;
        temporary.persist(&fix.path).map_err(|e| e.error)?;
        Ok(())
    })();
    result.map_err(io)
}

/// Why a fixed file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file is one amlint does not rewrite (a link, read-only, outside the named paths…).
    #[error("{file}: {why}; fix not applied")]
    Refused { file: String, why: &'static str },
    /// The file changed on disk since amlint read it.
    #[error("{file}: changed on disk while amlint ran; not overwritten")]
    Changed { file: String },
    #[error("{file}: {error}")]
    Io {
        file: String,
        #[source]
        error: std::io::Error,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn edit(text: &str, from: &str, to: &str) -> Fix {
        let at = text.find(from).unwrap();
        Fix {
            span: Span::new(at, at + from.len()),
            replacement: to.into(),
            safe: true,
        }
    }

    #[test]
    fn edits_compose_and_keep_every_other_byte() {
        let text = "inputs:\r\n  a:\r\n    type: float  # keep\r\n    path: azureml:x:latest\r\n";
        let edits = vec![
            edit(text, "float", "number"),
            edit(text, "azureml:x:latest", "azureml:x@latest"),
        ];
        assert_eq!(
            apply(text, &edits),
            "inputs:\r\n  a:\r\n    type: number  # keep\r\n    path: azureml:x@latest\r\n"
        );
    }

    #[test]
    fn expansions_are_never_rewritten() {
        let text = "az x --input-type $TYPE";
        assert!(!applicable(text, &edit(text, "$TYPE", "uri_file")));
    }
}
