//! The run's targets: each checked from the walk's listing, read (or taken from what discovery read
//! ahead), a file that cannot be read reported as such.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, FileReport, Severity};
use crate::engine::Checker;
use crate::engine::outcome::Kept;
use crate::frontends::definitions::PreRead;
use crate::frontends::{Region, Role, Sink, SinkParts, registry};
use crate::fs::read::{looks_binary, read_text};
use crate::fs::walk::{self, Target};
use crate::model::Invocation;
use crate::project::{KindDecision, ReadAhead};
use crate::rules;
use crate::settings::rule_table::Settings;
use crate::source::{SourceFile, Span};
use crate::syntax::yaml::Document;

impl<'o> Checker<'o> {
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
        self.check_file(file, role, kind, 0, &mut Ahead::default())
    }

    /// Check every file of the walked `folders` from the walk's listing, in parallel, then the
    /// named `files` no walk found (in parallel too; one file alone — an editor's save, a
    /// one-file pre-commit run — without a thread pool). Each folder is listed once, compactly
    /// (its discovery files are discovery's listing of it, which discovery would make anyway:
    /// a tree of Python files always asks), and no `Target` is held beyond its check; what is
    /// kept of each file is decided as soon as it is checked: a file none of amlint's kinds
    /// keeps nothing, a clean one a hash of its name. Whether a file is excluded is asked there
    /// too (finding its config costs a few lookups per folder, on the checking threads).
    pub(super) fn check_all(&self, folders: &[PathBuf], files: Vec<Target>) -> Vec<Kept> {
        let kept = Mutex::new(Vec::new());
        let check = |target: Target| {
            if self.excluded(&target).is_some() {
                return;
            }
            let reports = self.check_target(&target);
            if reports.is_empty() {
                return;
            }
            let reports = reports.into_iter().map(|r| Kept::of(r, self.options));
            if let Ok(mut kept) = kept.lock() {
                kept.extend(reports);
            }
        };
        let keep = |root: &Path, paths| self.projects.keep_walked(root, paths);
        let unwalked = walk::walk(folders, files, registry::is_candidate, &keep, &check);
        if unwalked.len() == 1 {
            unwalked.into_iter().for_each(check);
        } else {
            unwalked.into_par_iter().for_each(check);
        }
        kept.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    /// The named paths the walk could not read, each reported as a `read-error`.
    pub(super) fn unreadable(&self, problems: Vec<walk::PathProblem>) -> Vec<Kept> {
        let mut reports = Vec::new();
        for problem in problems {
            let file = SourceFile::new(problem.display, problem.path, String::new());
            let diagnostic = read_error(format!(
                "cannot read `{}`: {}",
                file.display, problem.message
            ));
            reports.push(Kept::of(
                self.finish(Arc::new(file), vec![diagnostic]),
                self.options,
            ));
        }
        reports
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
    pub fn settings(&self, path: &Path) -> Settings<'o> {
        Settings::for_path(self.options, &self.configs, path)
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
            .then(|| self.projects.read_for_check(target.path()))
            .flatten();
        let mut ahead = Ahead::default();
        let read = match read_ahead {
            Some(ReadAhead {
                text,
                doc,
                front_end,
            }) if !looks_binary(text.as_bytes()) => {
                ahead.doc = doc;
                // What the front-ends read of it, when read under the name the check uses.
                ahead.python = front_end
                    .and_then(|f| f.downcast::<PreRead>().ok())
                    .filter(|read| read.path == target.path());
                Ok(Some(text))
            }
            Some(_) => Ok(None),
            None => {
                // Every target was seen to be a regular file: by the walk, or by the look at a
                // named path (`walk::named`). It is opened at once, then asked again.
                let limit = registry::max_bytes(target.path());
                read_text(target.path(), true, limit)
            }
        };
        match read {
            Ok(Some(text)) => {
                if target.explicit {
                    self.check_named(target.display().to_string(), target.path(), text)
                } else {
                    let file = SourceFile::new(target.display().to_string(), target.path(), text);
                    self.check_file(file, Role::Walked, None, 0, &mut ahead)
                }
            }
            Ok(None) if target.explicit => unreadable("it is a binary file".into()),
            Ok(None) => Vec::new(),
            Err(message) => unreadable(message),
        }
    }

    /// Check a file the user named (or stdin): one that is none of amlint's kinds is still
    /// reported, checked and clean.
    pub(super) fn check_named(
        &self,
        display: String,
        path: &Path,
        text: String,
    ) -> Vec<FileReport> {
        let mut reports = self.check_text(display.clone(), path, text, Role::Named, None);
        if reports.is_empty() {
            let file = SourceFile::new(display, path, String::new());
            reports.push(self.finish(Arc::new(file), Vec::new()));
        }
        reports
    }
}

/// What discovery read of a walked file before the checker got to it: its YAML document, and
/// what the front-ends read of its Python regions.
#[derive(Default)]
pub(super) struct Ahead {
    pub doc: Option<Document>,
    pub python: Option<Box<PreRead>>,
}

impl Checker<'_> {
    /// The regions of `file`: as discovery cut them, if it did.
    pub(super) fn regions_of<'f>(
        &self,
        file: &'f SourceFile,
        kind: crate::frontends::FileKind,
        ahead: &mut Ahead,
    ) -> Vec<Region<'f>> {
        match ahead.python.as_mut().and_then(|p| p.regions.take()) {
            Some(regions) => regions,
            None => crate::frontends::regions(file, kind),
        }
    }

    /// Read `region` (the `index`th of `file`'s own, if it is one) with its front-end, each
    /// invocation given to `take` — or replay what discovery read of it already.
    pub(super) fn read_region(
        &self,
        region: &Region<'_>,
        index: Option<usize>,
        file: &SourceFile,
        ahead: &mut Ahead,
        take: &mut dyn FnMut(Invocation),
    ) -> (Result<(), String>, SinkParts) {
        let python = ahead.python.as_mut();
        if let Some(read) = index.zip(python).and_then(|(i, p)| p.take(i, region)) {
            read.invocations.into_iter().for_each(&mut *take);
            return (read.result, read.parts);
        }
        let mut sink = Sink::new(take);
        let read = crate::frontends::read(region, file.dir(), &mut sink);
        (read, sink.into_parts())
    }
}

pub(super) fn read_error(message: String) -> Diagnostic {
    Diagnostic::new(rules::READ_ERROR, Severity::Error, Span::empty(0), message)
}

#[cfg(test)]
mod tests {
    use crate::fs::walk::probe;
    use crate::settings::Options;

    /// A run holds no `Target` per walked file (it did: 160 bytes a file, most of a
    /// 300,000-file run's memory): its listing is compact, and each target lives for its check.
    #[test]
    fn a_run_holds_no_list_of_the_files_it_walks() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join(probe::MARK);
        let files = 3_000;
        for i in 0..files {
            let folder = root.join(format!("d{}", i % 100));
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join(format!("f{i}.yml")), "name: web\nreplicas: 2\n").unwrap();
        }
        let outcome = crate::engine::run(std::slice::from_ref(&root), &Options::default());
        assert!(outcome.files.is_empty());
        let peak = probe::peak();
        assert!(
            peak <= 64,
            "{peak} of the walk's {files} files were held at once"
        );
    }
}
