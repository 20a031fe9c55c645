//! Finding the batch deployments and endpoints around a file — batch YAML, ARM templates, and
//! those Python defines in `.py` files, notebooks and Markdown `python` fences — with no folder
//! listed twice and no file read twice.
//!
//! Discovery climbs from a file's folder towards the repository root, and at each level wants
//! every deployment below. Three caches, shared by a whole run, keep that to the floor:
//! - **listings**: the YAML, JSON and Python-holding files (by name: `fs::walk::is_discovery_name`)
//!   under each folder whose tree has been listed, their paths held compactly
//!   ([`crate::fs::names`]: a 300,000-file tree lists 240,000). A folder the run walks is
//!   listed by the walk, before checking begins ([`Projects::keep_walked`]); a folder above it
//!   is listed once, without going back down into what is listed: those listings are taken
//!   into the new one. Listing holds a lock, so a folder another thread is listing is waited
//!   for, not listed again.
//! - **files**: what each file is (a deployment, an endpoint, a datastore, the deployments and
//!   endpoints a template or Python defines, or nothing), read and parsed once — by discovery,
//!   or given by the checker, which parses the file anyway ([`Projects::learn`]). It is kept
//!   beside the file's path in the listing that holds it (a listing made later takes it over).
//!   A file discovery reads before the run's checker gets to it (it is in a walked tree) is
//!   handed over ([`Projects::take_read_ahead`]): its text and, when parsed, its document —
//!   within a budget of bytes held at once ([`MAX_READ_AHEAD_BYTES`]); beyond it the checker
//!   reads the file again.
//!   A Python-holding file is parsed only when its text may define a deployment (the
//!   front-ends' [`DefinitionsReader::may_define`]): most are read and scanned, no more.
//! - **levels** and **projects**: the project rooted at each level that holds a deployment (one,
//!   shared by every folder below that finds it), and the project of each folder asked about.

// Keyed by paths, looked up for every file: foldhash, not SipHash.
use foldhash::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

mod listing;
mod walked;

use listing::{Known, Listing, Listings, OwnFiles, key};

use super::{
    BatchFileKind, Defined, Deployment, Endpoint, Project, Written, bundle, classify, datastore,
    text,
};
use crate::fs::folders::{self, FolderCells, FolderId};
use crate::fs::names::RelativePaths;
use crate::fs::paths::{self, Folder, RepositoryRoots};
use crate::keywords;
use crate::limits::MAX_DISCOVERY_LEVELS;
use crate::model::{DatastoreKind, DeploymentKind};
use crate::source::SourceFile;
use crate::syntax::yaml::Document;

/// A batch YAML file, as discovery uses it.
enum Found {
    /// Its name boxed (a `String` is 8 bytes bigger, in every deployment file's cell).
    Datastore(Box<str>, DatastoreKind),
    Deployment(Arc<Deployment>),
    Endpoint(Arc<Endpoint>),
    /// The batch deployments and endpoints an ARM template or a Python-holding file defines
    /// (boxed: rare, and every deployment file's cell holds this enum).
    Defines(Box<Defined>),
}

/// Batch YAML files are small; anything bigger is not one.
const MAX_BATCH_YAML_BYTES: u64 = 256 * 1024;

/// ARM templates are bigger (a whole workspace may be one), but not beyond this.
const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

mod definitions;
pub use definitions::DefinitionsReader;

pub use walked::MAX_READ_AHEAD_BYTES;

/// A walked file as discovery read it: its text as read, and its document when discovery
/// parsed it (the checker's parse of the same text).
pub struct ReadAhead {
    pub text: String,
    pub doc: Option<Document>,
    /// What the front-ends read of it, for a file whose Python discovery read whole
    /// ([`DefinitionsReader::read_for_check`]).
    pub front_end: Option<definitions::FrontEndRead>,
}

/// A discovery file's absolute path, as a deployment or endpoint read from it holds it.
type YamlPath = Arc<Path>;

/// The cache of discovered projects, shared by a whole run (and by the language server across
/// edits, until files change).
#[derive(Default)]
pub struct Projects {
    roots: Arc<RepositoryRoots>,
    listings: Mutex<Listings>,
    /// What the YAML files the checker read that no listing held (yet) are: a listing made
    /// later takes it from here, so the file is not read again.
    unlisted: Mutex<HashMap<YamlPath, Known>>,
    /// The project rooted at each folder (its tree's batch YAML), if it holds a deployment.
    tree_levels: FolderCells<Option<Arc<Project>>>,
    /// The same from the folder's own files only: an ancestor outside any repository.
    own_levels: FolderCells<Option<Arc<Project>>>,
    /// Whether a folder holds amlint's config (the top of a project outside a repository).
    holds_config: FolderCells<bool>,
    by_dir: FolderCells<Arc<Project>>,
    /// The roots the run walks, listed before checking began ([`Projects::keep_walked`]):
    /// every file under them is checked.
    walked: Mutex<Vec<Folder>>,
    /// Files of the walked trees that discovery read before the checker did, until it takes
    /// them: so many as discovery is ahead of the checker, within a budget of bytes
    /// ([`walked::ReadAheads`]).
    read_ahead: Mutex<walked::ReadAheads>,
    /// How the files whose Python may define deployments are read (none: they are not).
    definitions: Option<DefinitionsReader>,
    /// The project of the folders that found no deployment, one per boundary: thousands of
    /// folders share a handful of boundaries.
    none_found: Mutex<HashMap<FolderId, Arc<Project>>>,
}

impl Projects {
    /// Discovery that shares its cache of repository roots (with the configs' search).
    pub fn with_roots(roots: Arc<RepositoryRoots>) -> Projects {
        Projects {
            roots,
            ..Projects::default()
        }
    }

    /// Discovery that also reads the deployments and endpoints Python defines, with `reader`.
    pub fn reading_definitions(self, reader: DefinitionsReader) -> Projects {
        Projects {
            definitions: Some(reader),
            ..self
        }
    }

    /// What discovery read of the walked file at `path`, if it got there first: the checker
    /// then neither reads nor parses it again.
    pub fn take_read_ahead(&self, path: &Path) -> Option<ReadAhead> {
        let mut read_ahead = self.read_ahead.lock().ok()?;
        if read_ahead.is_empty() {
            return None;
        }
        read_ahead.take(paths::absolute(path).as_path())
    }

    /// The checker read `file` as a whole YAML document (`doc`, or not parsed at all when its
    /// text cannot be amlint's): what it is for discovery, so that discovery does not read it
    /// again.
    pub fn learn(&self, file: &SourceFile, doc: Option<&Document>) {
        // What a Python-holding file defines is its Python's, which discovery reads itself.
        if crate::fs::walk::is_definitions_name(&file.path) {
            return;
        }
        let path = paths::absolute(&file.path);
        let size = file.text.len() as u64 + if file.had_bom { 3 } else { 0 };
        let known = |path: YamlPath| {
            let may_be_batch = size <= MAX_BATCH_YAML_BYTES && may_be_batch_yaml(&file.text);
            may_be_batch
                .then(|| doc.and_then(|doc| describe(&path, doc)))
                .flatten()
                .map(Arc::new)
        };
        let Ok(listings) = self.listings.lock() else {
            return;
        };
        if let Some((listing, i)) = listings.cell(&path) {
            drop(listings);
            listing
                .known(i)
                .get_or_init(|| known(path.as_path().into()));
            return;
        }
        // The listings stay locked until the file is in `unlisted`: a listing being made
        // takes it from there.
        if let Ok(mut unlisted) = self.unlisted.lock() {
            unlisted
                .entry(YamlPath::from(path.as_path()))
                .or_insert_with_key(|path| known(path.clone()));
        }
    }

    /// What is known already of the files of the new `listing`: what the checker learned of
    /// them before (in `unlisted`), and what was read through another
    /// listing that holds them (of a tree above, or of their folder's own files) — so that
    /// each file is read once. Called with the listings locked (see [`Projects::learn`]).
    fn adopt(&self, listings: &Listings, listing: &Listing) {
        if let Some(above) = listing.root().parent().and_then(|p| listings.covering(p)) {
            listing.copy_known(above, above.under(listing.root()));
        }
        for (folder, own) in &listings.own_files {
            if Path::new(folder).starts_with(listing.root()) {
                listing.copy_known(&own.listing, own.iter());
            }
        }
        if let Ok(mut unlisted) = self.unlisted.lock() {
            unlisted.retain(|path, known| match listing.find(path) {
                Some(i) => {
                    let _ = listing.known(i).set(known.take());
                    false
                }
                None => true,
            });
        }
    }

    /// The repository holding the folder `dir`, if any.
    pub fn repository_of(&self, dir: &Path) -> Option<PathBuf> {
        self.roots.of(&paths::absolute(dir))
    }

    /// Where a search upward from `dir` stops: the repository root; without one, the current
    /// folder if `dir` is inside it (never the whole file system), else `dir` itself.
    pub fn boundary_of(&self, dir: &Path) -> PathBuf {
        let dir = paths::absolute(dir);
        if let Some(repository) = self.roots.of(&dir) {
            return repository;
        }
        match paths::cwd() {
            Some(cwd) if dir.starts_with(cwd) => cwd.to_path_buf(),
            _ => dir,
        }
    }

    /// The project around `dir`.
    pub fn around(&self, dir: &Path) -> Arc<Project> {
        let dir = paths::absolute(dir);
        self.by_dir
            .get_or_init(folders::id_of(&dir), || self.discover(&dir))
            .clone()
    }

    fn discover(&self, dir: &Path) -> Arc<Project> {
        // In a repository, discovery covers the repository up to its root. Outside one (a
        // download, a home folder), it walks the file's own folder tree and, above it, reads
        // only each folder's own files — never down into a sibling tree, which may be anything
        // (ruff's rule) — up to the file system root or the first folder holding a config.
        let repository = self.roots.of(dir);
        // Each level's number, found once for the whole climb.
        let ids = folders::ids_up_from(dir);
        let mut boundary = match &repository {
            Some(root) => folders::id_of(root),
            None => ids[0],
        };
        for (levels, (folder, &id)) in (1..).zip(dir.ancestors().zip(&ids)) {
            let own_files_only = repository.is_none() && levels > 1;
            if own_files_only {
                boundary = id;
            }
            if let Some(project) = self.level(folder, id, own_files_only, boundary) {
                return project;
            }
            let top = match &repository {
                Some(root) => folder == root,
                None => *self.holds_config.get_or_init(id, || holds_config(folder)),
            };
            if top || levels >= MAX_DISCOVERY_LEVELS {
                break;
            }
        }
        match self.none_found.lock() {
            Ok(mut known) => known
                .entry(boundary)
                .or_insert_with(|| Arc::new(Project::empty(boundary)))
                .clone(),
            Err(_) => Arc::new(Project::empty(boundary)),
        }
    }

    /// The project whose root is `folder` (the batch YAML under it, or in it only), if it holds
    /// a deployment: one for every folder below that finds it, not a copy each.
    /// `id` is the folder's number; `boundary` the number of where the search stops.
    fn level(
        &self,
        folder: &Path,
        id: FolderId,
        own_files_only: bool,
        boundary: FolderId,
    ) -> Option<Arc<Project>> {
        let levels = if own_files_only {
            &self.own_levels
        } else {
            &self.tree_levels
        };
        levels
            .get_or_init(id, || {
                let (listing, files): (Arc<Listing>, Vec<usize>) = if own_files_only {
                    let own = self.own_files(folder);
                    (own.listing.clone(), own.iter().collect())
                } else {
                    let (listing, range) = self.tree(folder);
                    (listing, range.collect())
                };
                let found: Vec<&Found> = files
                    .into_iter()
                    .filter_map(|i| self.file(&listing, i))
                    .collect();
                let holds_deployment = |f: &&Found| match f {
                    Found::Deployment(_) => true,
                    Found::Defines(defined) => !defined.deployments.is_empty(),
                    _ => false,
                };
                if !found.iter().any(holds_deployment) {
                    return None;
                }
                let mut project = Project {
                    root: Some(id),
                    ..Project::empty(boundary)
                };
                for found in found {
                    match found {
                        Found::Deployment(d) => project.deployments.push(d.clone()),
                        Found::Endpoint(e) => project.endpoints.push(e.clone()),
                        Found::Defines(defined) => {
                            project
                                .deployments
                                .extend(defined.deployments.iter().cloned());
                            project.endpoints.extend(defined.endpoints.iter().cloned());
                        }
                        Found::Datastore(name, kind) => {
                            project.datastores.insert(name.to_string(), *kind);
                        }
                    }
                }
                Some(Arc::new(project))
            })
            .clone()
    }

    /// What the `i`th file of `listing` is (read once per run).
    fn file<'a>(&self, listing: &'a Listing, i: usize) -> Option<&'a Found> {
        listing
            .known(i)
            .get_or_init(|| {
                self.read_batch_yaml(&YamlPath::from(listing.path(i)))
                    .map(Arc::new)
            })
            .as_deref()
    }

    /// What the file at `path` is, read now; kept for the checker if it will check it.
    fn read_batch_yaml(&self, path: &YamlPath) -> Option<Found> {
        let definitions = if crate::fs::walk::is_definitions_name(path) {
            Some(self.definitions?)
        } else {
            None
        };
        let template = crate::fs::walk::is_json_name(path);
        let limit = match definitions {
            Some(reader) => (reader.max_bytes)(path),
            None if template => MAX_TEMPLATE_BYTES,
            None => MAX_BATCH_YAML_BYTES,
        };
        let text = crate::fs::read::read_regular(path, limit)?;
        if let Some(reader) = definitions {
            return self.read_definitions(path, text, reader);
        }
        if template {
            let (deployments, endpoints) = super::arm::read(path, &text);
            // Only a template is kept for the checker: a tree's other JSON (data, lock files)
            // is read again when checked rather than held until then.
            if super::arm::may_be_arm(&text) {
                self.hand_over(path, text, None, None);
            }
            return (!deployments.is_empty() || !endpoints.is_empty()).then(|| {
                Found::Defines(Box::new(Defined {
                    deployments: deployments.into_iter().map(Arc::new).collect(),
                    endpoints: endpoints.into_iter().map(Arc::new).collect(),
                }))
            });
        }
        let (text, parsed) = if may_be_batch_yaml(&text) {
            // Parsed as the checker parses a file (a byte order mark is not part of it); the
            // text is handed back as read, so the checker sees the same bytes.
            let file = SourceFile::new("", path.to_path_buf(), text);
            let doc = Document::parse(&file);
            let text = if file.had_bom {
                format!("\u{feff}{}", file.text)
            } else {
                file.text.to_string()
            };
            (text, Some(doc))
        } else {
            (text, None)
        };
        let found = parsed.as_ref().and_then(|doc| describe(path, doc));
        self.hand_over(path, text, parsed, None);
        found
    }

    /// Keep what discovery read of a walked file for the checker, which will check it (within
    /// the read-ahead budget: beyond it the checker reads it again).
    fn hand_over(
        &self,
        path: &YamlPath,
        text: String,
        doc: Option<Document>,
        front_end: Option<definitions::FrontEndRead>,
    ) {
        if self.for_the_checker(path)
            && let Ok(mut read_ahead) = self.read_ahead.lock()
        {
            read_ahead.keep(
                path.clone(),
                ReadAhead {
                    text,
                    doc,
                    front_end,
                },
            );
        }
    }

    /// The discovery files under `folder` (a listing, and the part of it under `folder`): from
    /// a listing of it or of an ancestor, else listed now (without going down into the folders
    /// below it that are listed already: their listings are taken into the new one).
    fn tree(&self, folder: &Path) -> (Arc<Listing>, Range<usize>) {
        let Ok(mut listings) = self.listings.lock() else {
            return (Arc::new(Listing::empty(folder)), 0..0);
        };
        if let Some(listing) = listings.covering(folder) {
            return (listing.clone(), listing.under(folder));
        }
        let known: Vec<PathBuf> = listings
            .trees
            .keys()
            .map(Path::new)
            .filter(|k| k.starts_with(folder))
            .map(Path::to_path_buf)
            .collect();
        let (mut paths, reached) = list_yaml(folder, crate::limits::MAX_WALK_DEPTH, known);
        let taken: Vec<Arc<Listing>> = reached
            .iter()
            .filter_map(|r| listings.trees.remove(r.as_os_str()))
            .collect();
        // Where each taken listing's files begin among `paths`.
        let mut starts = Vec::with_capacity(taken.len());
        let listed_here = paths.len();
        for below in &taken {
            starts.push(paths.len());
            let prefix = below.root().strip_prefix(folder).unwrap_or(Path::new(""));
            paths.append_below(prefix, below.paths().iter());
        }
        let listing = Listing::new(Folder::from(folder), paths, |i| {
            if i < listed_here {
                return None;
            }
            let k = starts.partition_point(|&start| start <= i) - 1;
            taken[k].known(i - starts[k]).get().cloned()
        });
        self.adopt(&listings, &listing);
        let listing = Arc::new(listing);
        listings.trees.insert(key(folder), listing.clone());
        let all = 0..listing.len();
        (listing, all)
    }

    /// The discovery files in `folder` itself.
    fn own_files(&self, folder: &Path) -> Arc<OwnFiles> {
        let Ok(mut listings) = self.listings.lock() else {
            return Arc::new(OwnFiles::of(Listing::empty(folder)));
        };
        if let Some(own) = listings.own_files.get(folder.as_os_str()) {
            return own.clone();
        }
        let own = match listings.covering(folder) {
            Some(tree) => {
                let relative = folder.strip_prefix(tree.root()).unwrap_or(Path::new(""));
                OwnFiles {
                    listing: tree.clone(),
                    files: tree
                        .under(folder)
                        .filter(|&i| tree.relative(i).parent() == Some(relative))
                        .map(|i| i as u32)
                        .collect(),
                }
            }
            None => {
                let listing = Listing::new(
                    Folder::from(folder),
                    list_yaml(folder, 1, Vec::new()).0,
                    |_| None,
                );
                self.adopt(&listings, &listing);
                OwnFiles::of(listing)
            }
        };
        let own = Arc::new(own);
        listings.own_files.insert(key(folder), own.clone());
        own
    }
}

/// Whether `folder` holds amlint's config: outside a repository, that is the project's top.
fn holds_config(folder: &Path) -> bool {
    crate::fs::boundary::FILE_NAMES
        .iter()
        .any(|name| folder.join(name).is_file())
        || std::fs::read_to_string(folder.join(crate::fs::boundary::PYPROJECT))
            .is_ok_and(|text| crate::fs::boundary::mentions_amlint_table(&text))
}

/// The discovery files (regular files, not links) under `root`, relative to it, at most
/// `depth` levels down, with the same rules as the run's own walk; the folders of `known` are
/// not entered, and those the walk reached are returned (their files are known already).
fn list_yaml(root: &Path, depth: usize, known: Vec<PathBuf>) -> (RelativePaths, Vec<PathBuf>) {
    let reached = Arc::new(Mutex::new(Vec::new()));
    let seen = reached.clone();
    let walker = crate::fs::walk::builder(root, depth)
        .filter_entry(move |e| {
            if !e.file_type().is_some_and(|t| t.is_dir()) {
                return true;
            }
            if crate::fs::walk::is_skipped_dir(e.file_name()) {
                return false;
            }
            if e.depth() > 0 && known.iter().any(|k| k == e.path()) {
                if let Ok(mut seen) = seen.lock() {
                    seen.push(e.path().to_path_buf());
                }
                return false;
            }
            true
        })
        .build();
    let mut files = RelativePaths::default();
    for entry in walker.flatten() {
        if entry.file_type().is_some_and(|t| t.is_file())
            && crate::fs::walk::is_discovery_name(entry.path())
            && let Ok(relative) = entry.path().strip_prefix(root)
        {
            files.push(relative);
        }
    }
    let reached = std::mem::take(&mut *reached.lock().unwrap_or_else(|e| e.into_inner()));
    (files, reached)
}

/// Whether a text can be batch YAML at all: every kind discovery looks for names one of these.
/// Most YAML (CI pipelines, conda files, inputs files) names none, and is never parsed for it.
pub(crate) fn may_be_batch_yaml(text: &str) -> bool {
    may_be_batch_yaml_found(keywords::scan_for(text, BATCH_YAML))
}

/// The words of [`may_be_batch_yaml`].
pub(crate) const BATCH_YAML: &[keywords::Keyword] = &[
    keywords::Keyword::EndpointName,
    keywords::Keyword::BatchEndpointName,
    keywords::Keyword::BatchDeploymentName,
    keywords::Keyword::AuthMode,
    keywords::Keyword::TypeBatch,
    keywords::Keyword::AzurePrefix,
];

/// [`may_be_batch_yaml`] from the keywords a scan of the text found.
pub(crate) fn may_be_batch_yaml_found(found: keywords::Found) -> bool {
    found.has_any(BATCH_YAML)
}

fn describe(path: &YamlPath, doc: &Document) -> Option<Found> {
    let root = doc.root()?;
    if let Some((name, kind)) = datastore(doc) {
        return Some(Found::Datastore(name.into(), kind));
    }
    Some(match classify(doc)? {
        BatchFileKind::Endpoint => {
            let mut endpoint = Endpoint::new(path.clone(), 1, Written::Yaml);
            endpoint.name = text(root.get("name")).map(String::from);
            endpoint.default_deployment =
                text(root.get("defaults").and_then(|d| d.get("deployment_name"))).map(String::from);
            Found::Endpoint(Arc::new(endpoint))
        }
        BatchFileKind::Deployment(kind) => {
            let mut deployment = Deployment::new(path.clone(), 1, Written::Yaml, kind);
            deployment.name = text(root.get("name")).map(String::from);
            deployment.endpoint_name = text(root.get("endpoint_name")).map(String::from);
            deployment.bundle = Arc::new(match kind {
                DeploymentKind::Model => bundle::facts(doc, path),
                DeploymentKind::Pipeline => Default::default(),
            });
            Found::Deployment(Arc::new(deployment))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) const DEPLOYMENT: &str = "$schema: https://azuremlschemas.azureedge.net/latest/modelBatchDeployment.schema.json\nname: d\nendpoint_name: e\n";

    /// A repository with a deployment at `a/deployment.yml` and an empty folder `b/c`.
    pub(super) fn repository() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = paths::absolute(&tmp.path().join("repo"));
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::create_dir_all(root.join("b/c")).unwrap();
        std::fs::write(root.join("a/deployment.yml"), DEPLOYMENT).unwrap();
        (tmp, root)
    }

    #[test]
    fn a_walked_folder_is_not_listed_again() {
        let (_tmp, root) = repository();
        let projects = Projects::default();
        // The run's walk of `a` saw no YAML (as if the file came later): discovery believes it.
        projects.add_walked(&root.join("a"), Vec::new());
        assert!(projects.around(&root.join("a")).deployments.is_empty());
        // Above the walked folder, the rest of the repository is listed, `a` is not re-entered.
        let fresh = Projects::default();
        fresh.add_walked(&root.join("a"), vec![root.join("a/deployment.yml").into()]);
        let project = fresh.around(&root.join("b/c"));
        assert_eq!(project.root.map(folders::path_of), Some(root.clone()));
        assert_eq!(project.deployments.len(), 1);
    }

    /// A folder's own files listed first (an ancestor outside a repository), then its tree: the
    /// tree's listing takes what was read through the first, so the file is read once.
    #[test]
    fn a_file_in_two_listings_is_read_once() {
        let (_tmp, root) = repository();
        let projects = Projects::default();
        let folder = root.join("a");
        let own = projects.own_files(&folder);
        let files: Vec<usize> = own.iter().collect();
        assert_eq!(files.len(), 1);
        assert!(
            projects.file(&own.listing, files[0]).is_some(),
            "a deployment"
        );
        let (tree, range) = projects.tree(&folder);
        assert_eq!(range.len(), 1);
        assert!(
            tree.known(range.start).get().is_some(),
            "known: not read again"
        );
        // Below a listed tree, a folder's own files are the tree's (one cell a file).
        let fresh = Projects::default();
        let (tree, _) = fresh.tree(&root);
        let own = fresh.own_files(&folder);
        assert!(Arc::ptr_eq(&tree, &own.listing));
    }

    #[test]
    fn a_file_the_checker_parsed_is_not_read_again() {
        let (_tmp, root) = repository();
        let projects = Projects::default();
        // The checker saw an endpoint there (the disk says a deployment): the checker wins.
        let endpoint = "name: e\nauth_mode: aad_token\n";
        let file = SourceFile::new("", root.join("a/deployment.yml"), endpoint.to_string());
        projects.learn(&file, Some(&Document::parse(&file)));
        let project = projects.around(&root.join("a"));
        assert!(project.deployments.is_empty());
    }

    #[test]
    fn a_walked_file_discovery_read_is_handed_to_the_checker_once() {
        let (_tmp, root) = repository();
        let projects = Projects::default();
        let deployment = root.join("a/deployment.yml");
        projects.add_walked(&root, vec![deployment.clone().into()]);
        assert!(
            projects.take_read_ahead(&deployment).is_none(),
            "nothing read yet"
        );
        assert_eq!(projects.around(&root.join("b")).deployments.len(), 1);
        let read = projects.take_read_ahead(&deployment).expect("handed over");
        assert_eq!(read.text, DEPLOYMENT);
        let doc = read.doc.expect("parsed, as batch YAML");
        assert!(doc.root().and_then(|r| r.get("endpoint_name")).is_some());
        assert!(
            projects.take_read_ahead(&deployment).is_none(),
            "taken once"
        );
    }

    #[test]
    fn a_read_ahead_file_keeps_its_byte_order_mark() {
        let (_tmp, root) = repository();
        let deployment = root.join("a/deployment.yml");
        std::fs::write(&deployment, format!("\u{feff}{DEPLOYMENT}")).unwrap();
        let projects = Projects::default();
        projects.add_walked(&root, vec![deployment.clone().into()]);
        assert_eq!(projects.around(&root.join("b")).deployments.len(), 1);
        let read = projects.take_read_ahead(&deployment).expect("handed over");
        assert_eq!(read.text, std::fs::read_to_string(&deployment).unwrap());
        assert!(read.doc.is_some());
    }

    #[test]
    fn a_file_outside_the_walk_is_not_kept_for_the_checker() {
        let (_tmp, root) = repository();
        let projects = Projects::default();
        // Only `b` is walked: `a/deployment.yml` is read by discovery, never checked.
        projects.add_walked(&root.join("b"), Vec::new());
        assert_eq!(projects.around(&root.join("b")).deployments.len(), 1);
        assert!(projects.read_ahead.lock().unwrap().files.is_empty());
    }

    #[test]
    fn sub_folders_of_a_listed_tree_come_from_its_listing() {
        let (_tmp, root) = repository();
        let projects = Projects::default();
        assert_eq!(projects.around(&root.join("b/c")).deployments.len(), 1);
        // Listed with the repository root: a new file below is not seen in this run.
        std::fs::write(root.join("b/deployment.yml"), DEPLOYMENT).unwrap();
        assert!(projects.tree(&root.join("b")).1.is_empty());
        assert_eq!(projects.tree(&root.join("a")).1.len(), 1);
    }
}
