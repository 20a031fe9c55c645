//! The listings of a run: each listed folder's discovery files, and what each is once read —
//! the paths held compactly ([`RelativePaths`]), and beside each a cell that is set once.

use std::ffi::OsStr;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use foldhash::HashMap;

use super::Found;
use crate::fs::names::{self, RelativePaths, SortedPaths};
use crate::fs::paths::{self, Folder};

/// What a listed file is, once read: `None`, nothing discovery looks for (most files).
pub(super) type Known = Option<Arc<Found>>;

/// The discovery files under a folder (its whole tree, or its own files only), in path order.
pub(super) struct Listing {
    root: Folder,
    paths: SortedPaths,
    known: Box<[OnceLock<Known>]>,
}

impl Listing {
    /// The files at `paths` (relative to the absolute `root`, in any order), each known as
    /// `known` says (given the path's index in `paths`), else not yet.
    pub(super) fn new(
        root: Folder,
        paths: RelativePaths,
        known: impl Fn(usize) -> Option<Known>,
    ) -> Listing {
        let paths = paths.sorted();
        let known = (0..paths.len())
            .map(|i| match known(paths.added_as(i)) {
                Some(k) => OnceLock::from(k),
                None => OnceLock::new(),
            })
            .collect();
        Listing { root, paths, known }
    }

    /// No files, under `root`.
    pub(super) fn empty(root: &Path) -> Listing {
        Listing::new(Folder::from(root), RelativePaths::default(), |_| None)
    }

    pub(super) fn root(&self) -> &Path {
        &self.root
    }

    pub(super) fn len(&self) -> usize {
        self.paths.len()
    }

    /// The absolute path of the `i`th file.
    pub(super) fn path(&self, i: usize) -> PathBuf {
        self.root.join(self.paths.get(i))
    }

    /// The `i`th file's path below the root.
    pub(super) fn relative(&self, i: usize) -> &Path {
        self.paths.get(i)
    }

    /// The relative paths, in order.
    pub(super) fn paths(&self) -> &SortedPaths {
        &self.paths
    }

    /// What the `i`th file is, once read.
    pub(super) fn known(&self, i: usize) -> &OnceLock<Known> {
        &self.known[i]
    }

    /// What is known of the `files` of `from` (another listing holding them), for the same
    /// files here.
    pub(super) fn copy_known(&self, from: &Listing, files: impl Iterator<Item = usize>) {
        for i in files {
            if let Some(known) = from.known(i).get()
                && let Some(here) = self.find(&from.path(i))
            {
                let _ = self.known[here].set(known.clone());
            }
        }
    }

    /// The files at or below the absolute `folder`.
    pub(super) fn under(&self, folder: &Path) -> Range<usize> {
        match names::below(folder, &self.root) {
            Some(relative) => self.paths.under(relative),
            None if self.root.starts_with(folder) => 0..self.len(),
            None => 0..0,
        }
    }

    /// Where the file at the absolute `path` is in the listing.
    pub(super) fn find(&self, path: &Path) -> Option<usize> {
        self.paths.find(names::below(path, &self.root)?)
    }
}

/// The listings made so far: of a folder's whole tree, and of a folder's own files. Keyed by the
/// folder's absolute, normal path as bytes: a `Path` hashes component by component, and every
/// file the checker reads is looked up at each of its ancestors.
#[derive(Default)]
pub(super) struct Listings {
    pub(super) trees: HashMap<FolderKey, Arc<Listing>>,
    pub(super) own_files: HashMap<FolderKey, Arc<OwnFiles>>,
}

pub(super) type FolderKey = Arc<OsStr>;

pub(super) fn key(folder: &Path) -> FolderKey {
    Arc::from(folder.as_os_str())
}

/// A folder's own files: a listing of them, or those of a listing of a tree above it (the
/// files then have one cell each, read once).
pub(super) struct OwnFiles {
    pub(super) listing: Arc<Listing>,
    pub(super) files: Box<[u32]>,
}

impl OwnFiles {
    /// Every file of `listing`.
    pub(super) fn of(listing: Listing) -> OwnFiles {
        OwnFiles {
            files: (0..listing.len() as u32).collect(),
            listing: Arc::new(listing),
        }
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.files.iter().map(|&i| i as usize)
    }
}

impl Listings {
    /// The listing of the nearest folder at or above `path` whose tree has been listed.
    pub(super) fn covering(&self, path: &Path) -> Option<&Arc<Listing>> {
        paths::ancestors(path).find_map(|a| self.trees.get(a.as_os_str()))
    }

    /// Where the file at `path` is in a listing made so far: of a tree above it, or of its
    /// folder's own files.
    pub(super) fn cell(&self, path: &Path) -> Option<(Arc<Listing>, usize)> {
        let find = |listing: &Arc<Listing>| Some((listing.clone(), listing.find(path)?));
        self.covering(path).and_then(find).or_else(|| {
            self.own_files
                .get(path.parent()?.as_os_str())
                .and_then(|own| find(&own.listing))
        })
    }
}

/// A walked folder's listing is what the walk checks its discovery files from.
impl crate::fs::walk::Listed for Listing {
    fn len(&self) -> usize {
        Listing::len(self)
    }

    fn relative(&self, i: usize) -> &Path {
        Listing::relative(self, i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_found_and_ranged_by_absolute_paths() {
        let mut paths = RelativePaths::default();
        for p in ["b/c.yml", "a.yml", "b/d/e.yml", "b0.yml"] {
            paths.push(Path::new(p));
        }
        // The file first given ("b/c.yml") is known to be nothing.
        let listing = Listing::new(Folder::from(Path::new("/r")), paths, |i| {
            (i == 0).then_some(None)
        });
        assert_eq!(listing.path(0), Path::new("/r/a.yml"));
        assert_eq!(listing.under(Path::new("/r/b")), 1..3);
        assert_eq!(listing.under(Path::new("/")), 0..4);
        assert!(listing.under(Path::new("/s")).is_empty());
        let c = listing.find(Path::new("/r/b/c.yml")).unwrap();
        assert_eq!(c, 1);
        assert!(listing.known(c).get().is_some_and(|k| k.is_none()));
        assert!(listing.known(0).get().is_none(), "not read yet");
        assert_eq!(listing.find(Path::new("/s/b/c.yml")), None);
    }
}
