//! The batch deployments and endpoints one file defines, read as the check reads it: Python (a
//! `.py` file, a notebook's code cells, a Markdown page's `python` fences) through the Python
//! front-end, and ARM JSON templates. Batch YAML is not read here (discovery reads it).

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::frontends::registry::FileKind;
use crate::frontends::{Language, Region, Sink, SinkParts};
use crate::model::Invocation;
use crate::model::deployment::{Defined, Definition, place};
use crate::project::DefinitionsReader;
use crate::source::SourceFile;

/// The batch deployments and endpoints a file defines where amlint reads them: Python (a `.py`
/// file, a notebook's code cells, a Markdown page's `python` fences) and ARM JSON templates.
/// Batch YAML is not read here (discovery reads it).
pub fn defined_in(file: &SourceFile) -> Defined {
    defined_with(
        file,
        Arc::from(file.path.as_path()),
        &mut |_, region, dir| {
            let mut ignore = |_| {};
            let mut sink = Sink::new(&mut ignore);
            crate::frontends::read(region, dir, &mut sink).ok()?;
            Some(
                sink.into_parts()
                    .1
                    .iter()
                    .flat_map(|d| d.iter().cloned())
                    .collect(),
            )
        },
    )
}

/// How a Python region's definitions are read (given the region's place among the file's
/// regions; `None`: beyond what the front-end reads safely).
type ReadPython<'r> = dyn FnMut(usize, &Region<'_>, &Path) -> Option<Vec<Definition>> + 'r;

/// [`defined_in`], placed in `path`, each Python region's definitions read by `read_python`
/// (given the region's place among the file's regions; `None`: beyond what the front-end reads
/// safely).
fn defined_with(file: &SourceFile, path: Arc<Path>, read_python: &mut ReadPython<'_>) -> Defined {
    let kind = FileKind::of(&file.path);
    if kind == FileKind::JSON {
        let (deployments, endpoints) = crate::project::arm::read(&path, &file.text);
        return Defined {
            deployments: deployments.into_iter().map(Arc::new).collect(),
            endpoints: endpoints.into_iter().map(Arc::new).collect(),
        };
    }
    defined_in_regions(
        file,
        path,
        &crate::frontends::regions(file, kind),
        read_python,
    )
}

/// [`defined_with`] over the file's `regions`.
fn defined_in_regions(
    file: &SourceFile,
    path: Arc<Path>,
    regions: &[Region<'_>],
    read_python: &mut ReadPython<'_>,
) -> Defined {
    let mut defined = Defined::default();
    for (index, region) in regions.iter().enumerate() {
        if region.language != Language::PYTHON {
            continue;
        }
        let Some(definitions) = read_python(index, region, file.dir()) else {
            continue;
        };
        let line_of = |offset: usize| file.line_col(offset).line;
        let placed = place(&definitions, &path, &line_of);
        defined.deployments.extend(placed.deployments);
        defined.endpoints.extend(placed.endpoints);
    }
    defined
}

/// [`defined_in`], as an invocation in **another** file sees it, placed in `path` (the file's
/// absolute path): an endpoint name the Python front-end could only make symbolic
/// (`$endpoint_name`: the value of a variable amlint cannot read, shared by that file's own uses
/// of it) means nothing outside the file. A deployment's such endpoint is unknown; an endpoint
/// without a name read is left out (nothing outside its file can name it, and it must not be
/// taken for "the only endpoint" of an invocation whose endpoint is unknown too). Only the
/// definitions are read: the invocations of a file discovery reads are the checker's.
pub fn defined_for_project(file: &SourceFile, path: Arc<Path>) -> Defined {
    for_project(defined_with(file, path, &mut |_, region, dir| {
        crate::frontends::python::definitions(&region.text, region.map.as_deref(), dir).ok()
    }))
}

fn for_project(mut defined: Defined) -> Defined {
    let symbolic = |name: &Option<String>| {
        name.as_deref()
            .is_none_or(|n| n.starts_with(crate::frontends::python::SYMBOLIC))
    };
    for deployment in &mut defined.deployments {
        if deployment.endpoint_name.is_some() && symbolic(&deployment.endpoint_name) {
            Arc::make_mut(deployment).endpoint_name = None;
        }
    }
    defined.endpoints.retain(|e| !symbolic(&e.name));
    defined
}

/// What the front-ends read of a file's Python regions when discovery reads a file the run will
/// check: the check takes it instead of reading those regions again ([`PreRead::take`]).
pub struct PreRead {
    /// The file as the check names it: what was read is used only for that path.
    pub path: PathBuf,
    /// The file's regions, when its container decoded them (a notebook's cells, a Markdown
    /// page's fences: not cut again).
    pub regions: Option<Vec<Region<'static>>>,
    reads: Vec<RegionRead>,
}

/// One Python region as the front-end read it.
pub struct RegionRead {
    /// Its place among the file's regions, and its length (the same text cuts the same way).
    index: usize,
    len: usize,
    pub invocations: Vec<Invocation>,
    pub parts: SinkParts,
    pub result: Result<(), String>,
}

impl PreRead {
    /// What was read of the region at `index` of the file, if it was read.
    pub fn take(&mut self, index: usize, region: &Region<'_>) -> Option<RegionRead> {
        let at = self
            .reads
            .iter()
            .position(|r| r.index == index && r.len == region.text.len())?;
        Some(self.reads.swap_remove(at))
    }
}

/// [`defined_for_project`] for a file the run will check (`file` named as the check names it),
/// its Python regions read whole — invocations and all — so the check does not read them again.
pub fn read_for_check(file: &SourceFile, path: Arc<Path>) -> (Defined, PreRead) {
    let regions = crate::frontends::regions(file, FileKind::of(&file.path));
    let mut reads = Vec::new();
    let defined = defined_in_regions(file, path, &regions, &mut |index, region, dir| {
        let mut invocations = Vec::new();
        let mut keep = |invocation| invocations.push(invocation);
        let mut sink = Sink::new(&mut keep);
        let result = crate::frontends::read(region, dir, &mut sink);
        let parts = sink.into_parts();
        let definitions = result
            .is_ok()
            .then(|| parts.1.iter().flat_map(|d| d.iter().cloned()).collect());
        reads.push(RegionRead {
            index,
            len: region.text.len(),
            invocations,
            parts,
            result,
        });
        definitions
    });
    // Regions that own their text (decoded, or blanked copies) are kept as they are; a region
    // that borrows the file's text is cut again by the check, for nothing.
    let owned = regions.iter().all(|r| matches!(r.text, Cow::Owned(_)));
    let regions = owned.then(|| {
        regions
            .into_iter()
            .map(|r| Region {
                text: Cow::Owned(r.text.into_owned()),
                language: r.language,
                map: r.map,
                indent: r.indent,
                whole_file: r.whole_file,
            })
            .collect()
    });
    let read = PreRead {
        path: file.path.clone(),
        regions,
        reads,
    };
    (for_project(defined), read)
}

/// How project discovery reads the deployments and endpoints of the other files of a project
/// (the engine hands it to [`crate::project::Projects`], whose layer does not import this one).
pub static PROJECT_READER: DefinitionsReader = DefinitionsReader {
    max_bytes: max_bytes_for_project,
    may_define: crate::frontends::python::mentions_definition,
    read: defined_for_project,
    read_for_check: |file, path| {
        let (defined, read) = read_for_check(file, path);
        (defined, Box::new(read))
    },
};

/// The largest file discovery reads for its definitions: a notebook within the notebook
/// container's limit (outputs make them big), any other file within 1 MiB — far past any real
/// deployment script or tutorial page.
fn max_bytes_for_project(path: &Path) -> u64 {
    if FileKind::of(path) == FileKind::NOTEBOOK {
        crate::limits::MAX_NOTEBOOK_BYTES
    } else {
        MAX_DEFINITIONS_BYTES
    }
}

/// See [`max_bytes_for_project`].
const MAX_DEFINITIONS_BYTES: u64 = 1024 * 1024;
