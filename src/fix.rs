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

use crate::check::Outcome;
use crate::diagnostic::{FileReport, Fix};

/// The fixes planned for one file.
#[derive(Debug)]
pub struct FileFix {
    pub display: String,
    pub path: PathBuf,
    /// The file as read (BOM included).
    pub original: String,
    /// The file with the fixes applied.
    pub fixed: String,
    /// How many edits were applied.
    pub applied: usize,
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
            Some(FileFix {
                display: source.display.clone(),
                path: source.path.clone(),
                original: format!("{bom}{}", source.text),
                fixed: format!("{bom}{}", apply(&source.text, &edits)),
                applied: edits.len(),
            })
        })
        .collect()
}

/// A unified diff of the planned fixes.
pub fn diff(fix: &FileFix) -> String {
    similar::TextDiff::from_lines(&fix.original, &fix.fixed)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{}", fix.display), &format!("b/{}", fix.display))
        .to_string()
}

/// Write the fixed file atomically (a temporary file beside it, then a rename), keeping its
/// permissions — unless it changed on disk since it was read.
pub fn write(fix: &FileFix) -> Result<(), String> {
    let current = std::fs::read(&fix.path).map_err(|e| format!("{}: {e}", fix.display))?;
    if current != fix.original.as_bytes() {
        return Err(format!(
            "{}: changed on disk while amlint ran; not overwritten",
            fix.display
        ));
    }
    let permissions = std::fs::metadata(&fix.path)
        .map_err(|e| format!("{}: {e}", fix.display))?
        .permissions();
    let dir = fix
        .path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = fix
        .path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("file");
    let temporary = dir.join(format!(".{name}.amlint-{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(fix.fixed.as_bytes())?;
        file.sync_all()?;
        std::fs::set_permissions(&temporary, permissions)?;
        std::fs::rename(&temporary, &fix.path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temporary);
        return Err(format!("{}: {e}", fix.display));
    }
    Ok(())
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
