//! The run's walked folders, as discovery knows them: listed when discovery first needs them
//! (a run checks each file as its walk finds it, and most trees never ask), and what the checker
//! read of them before that.

use std::path::Path;
use std::sync::atomic::Ordering;

use super::{Listing, Projects, ReadAhead, YamlPath};
use crate::fs::names::RelativePaths;
use crate::fs::paths::{self, Folder};
use crate::fs::walk::Listed;
use std::sync::Arc;

/// How many walked files the checker read before their root was listed are remembered (of
/// each kind, [`Projects::learned_early`] and [`Projects::checked_early`]): a run that needs
/// discovery early (a Python file, an invocation) has read a few; one that never does would
/// remember the whole tree.
const MAX_LEARNED_EARLY: usize = 4096;

/// Walked files the checker read before their root was listed: YAML files that cannot be
/// batch YAML ([`Projects::learned_early`]), or Python-holding files (`.py`, notebooks,
/// Markdown) it began to check before discovery read them ([`Projects::checked_early`]), so
/// that what discovery reads of them later is not kept for a checker that is done with them.
#[derive(Default)]
pub(super) struct ReadEarly {
    paths: foldhash::HashSet<YamlPath>,
    /// More than [`MAX_LEARNED_EARLY`] were read: `paths` was forgotten, and a walked file of
    /// the kind is no longer handed to the checker (it may have checked it already).
    overflowed: bool,
}

impl ReadEarly {
    /// Remember `path` (past [`MAX_LEARNED_EARLY`], forget them all and say so).
    fn remember(&mut self, path: &Path) {
        if self.paths.len() < MAX_LEARNED_EARLY {
            self.paths.insert(YamlPath::from(path));
        } else {
            self.paths = Default::default();
            self.overflowed = true;
        }
    }

    /// The files of the new `listing` remembered here start known to be nothing, and are
    /// forgotten.
    pub(super) fn known_nothing(&mut self, listing: &Listing) {
        self.paths.retain(|path| match listing.find(path) {
            Some(i) => {
                let _ = listing.known(i).set(None);
                false
            }
            None => true,
        });
    }

    /// Whether the checker surely has not read `path` yet.
    fn surely_unread(&self, path: &Path) -> bool {
        !self.overflowed && !self.paths.contains(path)
    }
}

/// What discovery read ahead of the checker, kept for it ([`Projects::take_read_ahead`]): at
/// most [`MAX_READ_AHEAD_BYTES`] (a parsed document counted at nine times its text),
/// beyond which the checker reads a file itself. Discovery climbing to a tree's root reads every
/// YAML file of it at once, far ahead of the checker: kept whole, the texts of a 300,000-file
/// tree's YAML files were most of its run's memory.
#[derive(Default)]
pub(super) struct ReadAheads {
    pub(super) files: foldhash::HashMap<YamlPath, ReadAhead>,
    pub(super) bytes: usize,
}

/// See [`ReadAheads`]. Python files discovery reads whole for their definitions are handed
/// over with what the front-ends read of them, so that the check does not parse them again: the
/// budget holds a few of those, and stays a small constant beside the largest file. 2 MiB: at
/// 8 MiB a 300,000-file tree's peak held 14 MiB of small texts, and corpus x20 parses the same
/// documents with either.
pub const MAX_READ_AHEAD_BYTES: usize = 2 << 20;

/// What keeping `read` of the file at `path` costs: its text (and document), its entry in the
/// table (twice its size: a table is up to half empty), and the allocations of its text and
/// path. Measured, an 8 MiB budget that counted neither the path nor the allocations' rounding
/// held 14 MiB on a tree of small files.
fn cost(path: &Path, read: &ReadAhead) -> usize {
    ENTRY
        + 16
        + path.as_os_str().len()
        + read.text.len().next_multiple_of(16) * if read.doc.is_some() { 9 } else { 1 }
}

const ENTRY: usize = 2 * std::mem::size_of::<(YamlPath, ReadAhead)>() + 32;

impl ReadAheads {
    pub(super) fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub(super) fn keep(&mut self, path: YamlPath, read: ReadAhead) {
        let size = cost(&path, &read);
        if self.bytes + size > MAX_READ_AHEAD_BYTES {
            return;
        }
        self.bytes += size;
        if let Some(before) = self.files.insert(path.clone(), read) {
            self.bytes -= cost(&path, &before);
        }
    }

    pub(super) fn take(&mut self, path: &Path) -> Option<ReadAhead> {
        let read = self.files.remove(path)?;
        self.bytes -= cost(path, &read);
        Some(read)
    }
}

impl Projects {
    /// As if the run's walk of `root` had found `files` (absolute paths) before checking began.
    #[cfg(test)]
    pub(super) fn add_walked(&self, root: &Path, files: Vec<YamlPath>) {
        let mut paths = RelativePaths::default();
        for file in &files {
            paths.push(file.strip_prefix(root).expect("below the root"));
        }
        self.add_listing(root, paths, true);
    }

    /// The run walks `root`, checking each file as it is found: its discovery files are listed
    /// (once, [`crate::fs::walk::discovery_files`]) when discovery first needs them, and not at
    /// all in a run that needs none — a tree of files none of which invokes anything.
    pub fn add_walk(&self, root: &Path) {
        let absolute = paths::absolute(root);
        if let Ok(mut walked) = self.walked.lock() {
            walked.push((Folder::from(absolute.as_path()), false));
        }
        if let Ok(mut pending) = self.pending.lock() {
            pending.push((root.to_path_buf(), absolute));
            self.any_pending.store(true, Ordering::Release);
        }
    }

    /// The walked roots' listings, made now if they are not yet (another thread making them is
    /// waited for).
    pub(super) fn list_pending(&self) {
        if !self.any_pending.load(Ordering::Acquire) {
            return;
        }
        let Ok(mut pending) = self.pending.lock() else {
            return;
        };
        for (root, _) in std::mem::take(&mut *pending) {
            let files = crate::fs::walk::discovery_files(&root);
            self.add_listing(&root, files, false);
        }
        self.any_pending.store(false, Ordering::Release);
    }

    /// The run's walk listed `root` before checking began: `paths` are its discovery files,
    /// relative to it. Kept as the folder's listing (discovery does not list it again), which
    /// the walk checks those files from.
    pub fn keep_walked(&self, root: &Path, paths: RelativePaths) -> Arc<dyn Listed> {
        self.add_listing(root, paths, true)
    }

    /// `paths`: the discovery files under the walked `root`, relative to it.
    fn add_listing(
        &self,
        root: &Path,
        paths: RelativePaths,
        before_checking: bool,
    ) -> Arc<Listing> {
        let root = Folder::from(paths::absolute(root));
        if before_checking && let Ok(mut walked) = self.walked.lock() {
            walked.push((root.clone(), true));
        }
        let listing = Arc::new(Listing::new(root.clone(), paths, |_| None));
        if let Ok(mut listings) = self.listings.lock() {
            // What the checker read before the listing was made is not read again.
            self.adopt(&listings, &listing);
            listings.trees.insert(super::key(&root), listing.clone());
        }
        listing
    }

    /// Under a walked root not listed yet, a file the checker read that cannot be batch YAML
    /// is not kept in `unlisted` (a tree's every YAML file would be): it is remembered in
    /// `learned_early` (up to [`MAX_LEARNED_EARLY`] files), and starts known when the
    /// root is listed. Whether `path` was such a file.
    pub(super) fn learned_before_listing(
        &self,
        path: &Path,
        may_be_batch: impl FnOnce() -> bool,
    ) -> bool {
        if !self.any_pending.load(Ordering::Acquire) {
            return false;
        }
        // Held until the file is remembered: a listing being made waits.
        let Ok(pending) = self.pending.lock() else {
            return false;
        };
        if !pending.iter().any(|(_, root)| path.starts_with(root)) || may_be_batch() {
            return false;
        }
        if let Ok(mut early) = self.learned_early.lock() {
            early.remember(path);
        }
        true
    }

    /// The checker begins to check the walked file at `path`, which it did not find read
    /// ahead: if it is a Python-holding file discovery may read (a `.py` file, a notebook, a
    /// Markdown page) and discovery has not read it yet, what discovery reads of it later is not
    /// kept for the checker. Cheap when no walked root waits for its listing (the listing then
    /// came first, and discovery read what it needed of the file already).
    pub fn checking(&self, path: &Path) {
        if !self.any_pending.load(Ordering::Acquire)
            || !crate::fs::walk::is_discovery_name(path)
            || crate::fs::walk::is_yaml_name(path)
            || crate::fs::walk::is_json_name(path)
        {
            return;
        }
        if let Ok(mut early) = self.checked_early.lock() {
            early.remember(&paths::absolute(path));
        }
    }

    /// Whether discovery keeps what it read of the file at `path` (`parsed`: its document too)
    /// for the checker: a file of a walked root. Of a root listed after checking began, not a
    /// file the checker read before the listing was made (it would never be taken): a YAML
    /// file it read was learned — a batch one is in `unlisted`, any other in `learned_early`
    /// — so discovery reads none again, unless more were read than are remembered; a JSON file
    /// it did not learn, so a template's text is not kept (the checker reads it again).
    pub(super) fn for_the_checker(&self, path: &Path, parsed: bool) -> bool {
        let unchecked_yaml = || {
            let early = if crate::fs::walk::is_yaml_name(path) {
                &self.learned_early
            } else if crate::fs::walk::is_json_name(path) {
                return false;
            } else {
                // A Python-holding file: kept unless the checker began to check it.
                &self.checked_early
            };
            early.lock().is_ok_and(|e| e.surely_unread(path))
        };
        self.walked.lock().is_ok_and(|roots| {
            roots.iter().any(|(root, before_checking)| {
                path.starts_with(root) && (*before_checking || parsed || unchecked_yaml())
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{DEPLOYMENT, repository};
    use super::*;
    use crate::source::SourceFile;
    use crate::syntax::yaml::Document;

    #[test]
    fn a_python_file_the_checker_read_first_is_not_kept_for_it() {
        let root = paths::absolute(Path::new("/nowhere-amlint-walked"));
        let projects = Projects::default();
        projects.add_walk(&root);
        let read = root.join("deploy/deploy.py");
        let unread = root.join("deploy/other.ipynb");
        projects.checking(&read);
        assert!(!projects.for_the_checker(&read, false), "checked already");
        assert!(
            projects.for_the_checker(&unread, false),
            "still to be checked"
        );
        // YAML and JSON are not its business (learned, and templates not kept).
        projects.checking(&root.join("a.yml"));
        assert!(projects.checked_early.lock().unwrap().paths.len() == 1);
    }

    #[test]
    fn what_is_read_ahead_is_bounded() {
        let mut kept = ReadAheads::default();
        let text = "x".repeat(100_000);
        for i in 0..100 {
            let path = YamlPath::from(Path::new(&format!("/r/{i:02}.yml")));
            let read = ReadAhead {
                text: text.clone(),
                doc: None,
                front_end: None,
            };
            kept.keep(path, read);
        }
        // A 100,000-byte text, its entry, and its path's 9 bytes in an allocation.
        let each = 100_000 + ENTRY + 16 + 9;
        assert_eq!(kept.files.len(), MAX_READ_AHEAD_BYTES / each);
        assert!(kept.take(Path::new("/r/00.yml")).is_some());
        assert!(kept.take(Path::new("/r/99.yml")).is_none(), "not kept");
        assert_eq!(kept.bytes, kept.files.len() * each);
    }

    #[test]
    fn a_walked_folder_is_listed_when_discovery_first_needs_it() {
        let (_tmp, root) = repository();
        let projects = Projects::default();
        projects.add_walk(&root);
        assert!(projects.listings.lock().unwrap().trees.is_empty());
        // The checker read a CI file and a deployment before anything asked discovery: only
        // what can be batch YAML is remembered, and the listing takes what it is.
        std::fs::write(root.join("b/ci.yml"), "steps: []\n").unwrap();
        let ci = SourceFile::new("", root.join("b/ci.yml"), "steps: []\n".to_string());
        projects.learn(&ci, None);
        assert!(projects.unlisted.lock().unwrap().is_empty());
        assert_eq!(projects.learned_early.lock().unwrap().paths.len(), 1);
        let deployment = root.join("a/deployment.yml");
        let file = SourceFile::new("", &deployment, DEPLOYMENT.to_string());
        projects.learn(&file, Some(&Document::parse(&file)));
        assert_eq!(projects.unlisted.lock().unwrap().len(), 1);
        assert_eq!(projects.around(&root.join("b/c")).deployments.len(), 1);
        assert!(projects.unlisted.lock().unwrap().is_empty());
        assert!(
            projects.learned_early.lock().unwrap().paths.is_empty(),
            "the CI file starts known"
        );
        assert!(
            projects.take_read_ahead(&deployment).is_none(),
            "the checker's reading was kept: discovery did not read it again"
        );
        let listed = projects.listings.lock().unwrap().trees.len();
        assert_eq!(listed, 1, "listed once, as a whole");
    }
}
