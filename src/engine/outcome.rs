//! What a run hands back: one report per file with findings, the count of files checked, the
//! notes and config errors; and what it keeps of each file meanwhile (its report, or a hash).

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use crate::diagnostic::{FileReport, Severity};
use crate::engine::finish::{cap, sort_and_dedup};
use crate::engine::{Checker, Options};
use crate::settings::config::ConfigError;

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
    pub config_errors: Vec<ConfigError>,
    /// How long the run took.
    pub elapsed: std::time::Duration,
}

impl Outcome {
    /// A run that could not start: its `--config` is unusable (exit code 2).
    pub(super) fn config_error(error: ConfigError) -> Outcome {
        Outcome {
            config_errors: vec![error],
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

/// What a run keeps of one checked file: its report when it has findings, else a hash of its
/// name.
pub(super) enum Kept {
    /// Boxed: most of a tree's files are clean, and each costs only its hash.
    Findings(Box<FileReport>),
    Clean(NameHash),
}

/// A file's name as the count of checked files tells files apart (a file checked on its own
/// and as a command's `--file` counts once): 8 bytes for each clean file of the tree, not its
/// name. Two of a run's names sharing a 64-bit hash is a chance below 10⁻¹⁰ for a million
/// files, and it would cost one in the count, never a finding.
pub(super) type NameHash = u64;

pub(super) fn name_hash(display: &str) -> NameHash {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(display)
}

impl Kept {
    pub(super) fn of(mut report: FileReport, options: &Options) -> Kept {
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
pub(super) fn merge(reports: Vec<FileReport>) -> Vec<FileReport> {
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

impl Checker<'_> {
    pub(super) fn outcome(self, kept: Vec<Kept>, unreadable: usize) -> Outcome {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::rules;
    use crate::source::{SourceFile, Span};

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
