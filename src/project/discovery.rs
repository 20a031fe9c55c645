//! Finding the batch deployments and endpoints around a file — batch YAML, ARM templates, and
//! those Python defines in `.py` files, notebooks and Markdown `python` fences — with no folder
//! listed twice and no file read twice.
//!
//! Discovery climbs from a file's folder towards the repository root, and at each level wants
//! every deployment below. Three caches, shared by a whole run, keep that to the floor:
//! - **listings**: the YAML, JSON and Python-holding files (by name: `fs::walk::is_discovery_name`)
//!   under each folder whose tree has been listed. The run's own
//!   walk fills them first ([`Projects::add_walked`]), so a folder that `amlint check .` walked
//!   is never listed again; a folder above it is listed once, without going back down into
//!   what is known. Listing holds a lock, so a folder another thread is listing is waited for,
//!   not listed again.
//! - **files**: what each file is (a deployment, an endpoint, a datastore, the deployments and
//!   endpoints a template or Python defines, or nothing), read and parsed once — by discovery, or given by the checker, which parses the file anyway
//!   ([`Projects::learn`]). It is kept with the file's one record, which every listing holding
//!   the file shares.
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
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, OnceLock};

mod walked;

use super::{
    BatchFileKind, Defined, Deployment, Endpoint, Project, Written, bundle, classify, datastore,
    text,
};
use crate::fs::folders::{self, FolderCells, FolderId};
use crate::fs::paths::{self, Folder, RepositoryRoots};
use crate::keywords;
use crate::limits::MAX_DISCOVERY_LEVELS;
use crate::model::{DatastoreKind, DeploymentKind};
use crate::source::SourceFile;
use crate::syntax::yaml::Document;

/// A batch YAML file, as discovery uses it.
enum Found {
    /// Its name boxed: one record per YAML file holds this enum, and a `String` made every
    /// record 16 bytes bigger.
    Datastore(Box<str>, DatastoreKind),
    Deployment(Arc<Deployment>),
    Endpoint(Arc<Endpoint>),
    /// The batch deployments and endpoints an ARM template or a Python-holding file defines
    /// (boxed: rare, and every record holds this enum).
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

/// A YAML file's absolute path, allocated once: the file's listings and the deployment or
/// endpoint it describes share it.
type YamlPath = Arc<Path>;

/// A YAML file discovery knows of, and what it is (read once per run). Every listing that
/// holds the file holds this one record: what a file is lives with it, not in a map beside
/// the listings keyed by its path again.
struct YamlFile {
    path: YamlPath,
    found: OnceLock<Option<Found>>,
}

impl YamlFile {
    fn new(path: YamlPath) -> Arc<YamlFile> {
        Arc::new(YamlFile {
            path,
            found: OnceLock::new(),
        })
    }
}

impl AsRef<Path> for YamlFile {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

/// The YAML files (sorted by path) under each folder listed so far.
type Listing = Arc<[Arc<YamlFile>]>;

#[derive(Default)]
struct Listings {
    trees: HashMap<Folder, Listing>,
    own_files: HashMap<Folder, Listing>,
}

impl Listings {
    /// The listing of the nearest folder at or above `path` whose tree has been listed.
    fn covering(&self, path: &Path) -> Option<&Listing> {
        path.ancestors().find_map(|a| self.trees.get(a))
    }

    /// The record of the YAML file at `path` in a listing made so far: of a tree above it, or
    /// of its folder's own files.
    fn record(&self, path: &Path) -> Option<Arc<YamlFile>> {
        let find = |files: &Listing| {
            let at = files.binary_search_by(|f| (*f.path).cmp(path)).ok()?;
            Some(files[at].clone())
        };
        self.covering(path)
            .and_then(find)
            .or_else(|| self.own_files.get(path.parent()?).and_then(find))
    }
}

/// The cache of discovered projects, shared by a whole run (and by the language server across
/// edits, until files change).
#[derive(Default)]
pub struct Projects {
    roots: Arc<RepositoryRoots>,
    listings: Mutex<Listings>,
    /// The YAML files the checker read that no listing held (yet): a listing made later takes
    /// the file's record from here, so the file is not read again.
    unlisted: Mutex<HashMap<YamlPath, Arc<YamlFile>>>,
    /// The project rooted at each folder (its tree's batch YAML), if it holds a deployment.
    tree_levels: FolderCells<Option<Arc<Project>>>,
    /// The same from the folder's own files only: an ancestor outside any repository.
    own_levels: FolderCells<Option<Arc<Project>>>,
    /// Whether a folder holds amlint's config (the top of a project outside a repository).
    holds_config: FolderCells<bool>,
    by_dir: FolderCells<Arc<Project>>,
    /// The roots the run walks: every file under them is checked. `false` when the root's
    /// listing was made after checking began ([`Projects::add_walk`]).
    walked: Mutex<Vec<(Folder, bool)>>,
    /// The walked roots not listed yet: listed when discovery first needs them
    /// ([`Projects::add_walk`]).
    /// Each as named, and absolute.
    pending: Mutex<Vec<(PathBuf, PathBuf)>>,
    /// Whether `pending` may hold a root (read without its lock, on every question).
    any_pending: AtomicBool,
    /// Walked YAML files the checker read before their root was listed, and found to be no
    /// batch YAML: their records start known (discovery does not read them again).
    learned_early: Mutex<walked::ReadEarly>,
    /// Walked Python-holding files the checker began to check before their root was listed:
    /// discovery then keeps nothing of them for it.
    checked_early: Mutex<walked::ReadEarly>,
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
        let found = |path: &YamlPath| {
            (size <= MAX_BATCH_YAML_BYTES && may_be_batch_yaml(&file.text))
                .then(|| doc.and_then(|doc| describe(path, doc)))
                .flatten()
        };
        let may_be_batch = || size <= MAX_BATCH_YAML_BYTES && may_be_batch_yaml(&file.text);
        if self.learned_before_listing(&path, may_be_batch) {
            return;
        }
        let Ok(listings) = self.listings.lock() else {
            return;
        };
        let listed = listings.record(&path);
        // The listings stay locked until the record is in `unlisted`: a listing being made
        // takes it from there.
        let file = listed.unwrap_or_else(|| match self.unlisted.lock() {
            Ok(mut unlisted) => unlisted
                .entry(YamlPath::from(path.as_path()))
                .or_insert_with_key(|path| YamlFile::new(path.clone()))
                .clone(),
            Err(_) => YamlFile::new(path.as_path().into()),
        });
        drop(listings);
        file.found.get_or_init(|| found(&file.path));
    }

    /// The record of each of the newly listed `paths`: the one another listing holds, or the
    /// checker made if it read the file already, else a new one — one record a file, so that
    /// it is read once. Called with the listings locked (see [`Projects::learn`]).
    fn records(
        &self,
        listings: &Listings,
        paths: impl IntoIterator<Item = YamlPath>,
    ) -> Vec<Arc<YamlFile>> {
        let mut unlisted = self.unlisted.lock().ok();
        let mut early = self.learned_early.lock().ok();
        paths
            .into_iter()
            .map(|path| {
                listings
                    .record(&path)
                    .or_else(|| unlisted.as_mut().and_then(|u| u.remove(&path)))
                    .unwrap_or_else(|| walked::record(&mut early, path))
            })
            .collect()
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
                let (yaml_files, range) = if own_files_only {
                    let files = self.own_files(folder);
                    let all = 0..files.len();
                    (files, all)
                } else {
                    self.tree(folder)
                };
                let found: Vec<&Found> = yaml_files[range]
                    .iter()
                    .filter_map(|f| self.file(f))
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

    /// What the file at the absolute `path` is (read once per run).
    fn file<'a>(&self, file: &'a YamlFile) -> Option<&'a Found> {
        file.found
            .get_or_init(|| self.read_batch_yaml(&file.path))
            .as_ref()
    }

    /// What the file at `path` is, read now; kept for the checker if it will check it.
    fn read_batch_yaml(&self, path: &YamlPath) -> Option<Found> {
        use std::io::Read;
        let definitions = if crate::fs::walk::is_definitions_name(path) {
            Some(self.definitions?)
        } else {
            None
        };
        // Looked up before opening: opening a FIFO would block until someone writes to it.
        let size = std::fs::symlink_metadata(path)
            .ok()
            .filter(|m| m.is_file())?
            .len();
        let template = crate::fs::walk::is_json_name(path);
        let limit = match definitions {
            Some(reader) => (reader.max_bytes)(path),
            None if template => MAX_TEMPLATE_BYTES,
            None => MAX_BATCH_YAML_BYTES,
        };
        if size > limit {
            return None;
        }
        let file = std::fs::File::open(path).ok()?;
        let mut text = String::with_capacity(size as usize + 1);
        file.take(limit + 1).read_to_string(&mut text).ok()?;
        if text.len() as u64 > limit {
            return None;
        }
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

    /// Whether the run's walk holds `path` and the checker will still check it.
    fn is_walked(&self, path: &Path) -> bool {
        self.for_the_checker(path, false)
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
        if self.for_the_checker(path, doc.is_some())
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

    /// The YAML files under `folder` (a listing, and the part of it under `folder`): from a
    /// listing of it or of an ancestor, else listed now (without going down into the folders
    /// below it that are listed already).
    fn tree(&self, folder: &Path) -> (Listing, Range<usize>) {
        self.list_pending();
        let Ok(mut listings) = self.listings.lock() else {
            return (Arc::from([]), 0..0);
        };
        if let Some(files) = listings.covering(folder) {
            return (files.clone(), under(files, folder));
        }
        let known: Vec<PathBuf> = listings
            .trees
            .keys()
            .filter(|k| k.starts_with(folder))
            .map(|k| k.to_path_buf())
            .collect();
        let (files, reached) = list_yaml(folder, crate::limits::MAX_WALK_DEPTH, known);
        let mut files = self.records(&listings, files.into_iter().map(YamlPath::from));
        for listed in reached {
            if let Some(more) = listings.trees.get(listed.as_path()) {
                files.extend(more.iter().cloned());
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let files: Listing = files.into();
        listings.trees.insert(Folder::from(folder), files.clone());
        let all = 0..files.len();
        (files, all)
    }

    /// The YAML files in `folder` itself.
    fn own_files(&self, folder: &Path) -> Listing {
        self.list_pending();
        let Ok(mut listings) = self.listings.lock() else {
            return Arc::from([]);
        };
        if let Some(files) = listings.own_files.get(folder) {
            return files.clone();
        }
        let listed_above = listings.covering(folder).map(|files| {
            files[under(files, folder)]
                .iter()
                .filter(|f| f.path.parent() == Some(folder))
                .cloned()
                .collect::<Vec<_>>()
        });
        let mut files = listed_above.unwrap_or_else(|| {
            let listed = list_yaml(folder, 1, Vec::new()).0;
            self.records(&listings, listed.into_iter().map(YamlPath::from))
        });
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let files: Listing = files.into();
        listings
            .own_files
            .insert(Folder::from(folder), files.clone());
        files
    }
}

/// The part of a sorted list of paths that lies under `folder` (a contiguous run: paths sort
/// component by component, so those under `folder` follow it and one another).
fn under<P>(files: &[P], folder: &Path) -> Range<usize>
where
    P: std::ops::Deref,
    P::Target: AsRef<Path>,
{
    let start = files.partition_point(|p| (**p).as_ref() < folder);
    let len = files[start..].partition_point(|p| (**p).as_ref().starts_with(folder));
    start..start + len
}

/// Whether `folder` holds amlint's config: outside a repository, that is the project's top.
fn holds_config(folder: &Path) -> bool {
    crate::fs::boundary::FILE_NAMES
        .iter()
        .any(|name| folder.join(name).is_file())
        || std::fs::read_to_string(folder.join(crate::fs::boundary::PYPROJECT))
            .is_ok_and(|text| crate::fs::boundary::mentions_amlint_table(&text))
}

/// The YAML files (regular files, not links) under `root`, at most `depth` levels down, with the
/// same rules as the run's own walk; the folders of `known` are not entered, and those the walk
/// reached are returned (their files are known already).
fn list_yaml(root: &Path, depth: usize, known: Vec<PathBuf>) -> (Vec<PathBuf>, Vec<PathBuf>) {
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
    let files = walker
        .flatten()
        .filter(|e| {
            e.file_type().is_some_and(|t| t.is_file())
                && crate::fs::walk::is_discovery_name(e.path())
        })
        .map(|e| e.into_path())
        .collect();
    let reached = std::mem::take(&mut *reached.lock().unwrap_or_else(|e| e.into_inner()));
    (files, reached)
}

/// Whether a text can be batch YAML at all: every kind discovery looks for names one of these.
/// Most YAML (CI pipelines, conda files, inputs files) names none, and is never parsed for it.
pub(crate) fn may_be_batch_yaml(text: &str) -> bool {
    may_be_batch_yaml_found(keywords::scan(text))
}

/// [`may_be_batch_yaml`] from the keywords a scan of the text found.
pub(crate) fn may_be_batch_yaml_found(found: keywords::Found) -> bool {
    use keywords::Keyword;
    found.has_any(&[
        Keyword::EndpointName,
        Keyword::BatchEndpointName,
        Keyword::BatchDeploymentName,
        Keyword::AuthMode,
        Keyword::TypeBatch,
        Keyword::AzurePrefix,
    ])
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
    /// file has one record in both, so what it is is read once.
    #[test]
    fn a_file_in_two_listings_has_one_record() {
        let (_tmp, root) = repository();
        let projects = Projects::default();
        let folder = root.join("a");
        let own = projects.own_files(&folder);
        let (tree, range) = projects.tree(&folder);
        assert_eq!(own.len(), 1);
        assert_eq!(tree[range.clone()].len(), 1);
        assert!(Arc::ptr_eq(&own[0], &tree[range][0]));
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

    #[test]
    fn under_takes_the_run_below_a_folder() {
        let files: Vec<PathBuf> = [
            "/r/a.yml",
            "/r/b/c.yml",
            "/r/b/d/e.yml",
            "/r/b0.yml",
            "/r/c.yml",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let below_b: Vec<&str> = files[under(&files, Path::new("/r/b"))]
            .iter()
            .map(|p| p.to_str().unwrap())
            .collect();
        assert_eq!(below_b, ["/r/b/c.yml", "/r/b/d/e.yml"]);
        assert!(under(&files, Path::new("/r/x")).is_empty());
        assert!(under(&files, Path::new("/r/b/c.yml/x")).is_empty());
        assert_eq!(under(&files, Path::new("/r")).len(), 5);
    }
}
