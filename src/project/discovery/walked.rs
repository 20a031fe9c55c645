//! The run's walked folders, as discovery knows them: listed by the run's walk before checking
//! began (their listings are discovery's), and what discovery read of their files ahead of the
//! checker, kept for it.

use std::path::Path;

use super::{Listing, Projects, ReadAhead, YamlPath};
use crate::fs::names::RelativePaths;
use crate::fs::paths::{self, Folder};
use crate::fs::walk::Listed;
use std::sync::Arc;

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
        self.add_listing(root, paths);
    }

    /// The run's walk listed `root` before checking began: `paths` are its discovery files,
    /// relative to it. Kept as the folder's listing (discovery does not list it again), which
    /// the walk checks those files from.
    pub fn keep_walked(&self, root: &Path, paths: RelativePaths) -> Arc<dyn Listed> {
        self.add_listing(root, paths)
    }

    /// `paths`: the discovery files under the walked `root`, relative to it.
    fn add_listing(&self, root: &Path, paths: RelativePaths) -> Arc<Listing> {
        let root = Folder::from(paths::absolute(root));
        if let Ok(mut walked) = self.walked.lock() {
            walked.push(root.clone());
        }
        let listing = Arc::new(Listing::new(root.clone(), paths, |_| None));
        if let Ok(mut listings) = self.listings.lock() {
            // What the checker read before the listing was made is not read again.
            self.adopt(&listings, &listing);
            listings.trees.insert(super::key(&root), listing.clone());
        }
        listing
    }

    /// Whether discovery keeps what it read of the file at `path` for the checker: a file of
    /// a walked root, which the checker has still to check, or is checking (a Python-holding
    /// file's check asks discovery to read it first, [`Projects::read_for_check`]; a YAML file
    /// the checker read is learned, and not read again). A file discovery reads after the
    /// checker did — a race, or a JSON file — is kept in vain, within the budget.
    pub(super) fn for_the_checker(&self, path: &Path) -> bool {
        self.walked
            .lock()
            .is_ok_and(|roots| roots.iter().any(|root| path.starts_with(root)))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{DEPLOYMENT, repository};
    use super::*;
    use crate::source::SourceFile;
    use crate::syntax::yaml::Document;

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
    fn a_walked_folder_is_listed_by_the_walk_and_not_again() {
        let (_tmp, root) = repository();
        let projects = Projects::default();
        let mut paths = RelativePaths::default();
        for file in ["a/deployment.yml", "b/ci.yml"] {
            paths.push(Path::new(file));
        }
        std::fs::write(root.join("b/ci.yml"), "steps: []\n").unwrap();
        let listing = projects.keep_walked(&root, paths);
        assert_eq!(
            listing.len(),
            2,
            "the walk checks both from discovery's listing"
        );
        // The checker read the deployment before anything asked discovery: the listing takes
        // what it is, and discovery does not read it again.
        let deployment = root.join("a/deployment.yml");
        let file = SourceFile::new("", &deployment, DEPLOYMENT.to_string());
        projects.learn(&file, Some(&Document::parse(&file)));
        assert!(projects.unlisted.lock().unwrap().is_empty());
        assert_eq!(projects.around(&root.join("b/c")).deployments.len(), 1);
        assert!(
            projects.take_read_ahead(&deployment).is_none(),
            "the checker's reading was kept: discovery did not read it again"
        );
        assert!(
            projects.take_read_ahead(&root.join("b/ci.yml")).is_some(),
            "what discovery read of a walked file is kept for the checker"
        );
        let listed = projects.listings.lock().unwrap().trees.len();
        assert_eq!(listed, 1, "listed once, by the walk");
    }
}
