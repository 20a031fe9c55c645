//! The batch deployments and endpoints one file defines, read as the check reads it: Python (a
//! `.py` file, a notebook's code cells, a Markdown page's `python` fences) through the Python
//! front-end, and ARM JSON templates. Batch YAML is not read here (discovery reads it).

use std::path::Path;
use std::sync::Arc;

use crate::frontends::registry::FileKind;
use crate::frontends::{Language, Region, Sink};
use crate::model::deployment::{Defined, Definition, place};
use crate::project::DefinitionsReader;
use crate::source::SourceFile;

/// The batch deployments and endpoints a file defines where amlint reads them: Python (a `.py`
/// file, a notebook's code cells, a Markdown page's `python` fences) and ARM JSON templates.
/// Batch YAML is not read here (discovery reads it).
pub fn defined_in(file: &SourceFile) -> Defined {
    defined_with(file, &|region, dir| {
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
    })
}

/// [`defined_in`], each Python region's definitions read by `read_python` (`None`: beyond what
/// the front-end reads safely).
fn defined_with(
    file: &SourceFile,
    read_python: &dyn Fn(&Region<'_>, &Path) -> Option<Vec<Definition>>,
) -> Defined {
    let path: Arc<Path> = Arc::from(file.path.as_path());
    let kind = FileKind::of(&file.path);
    if kind == FileKind::JSON {
        let (deployments, endpoints) = crate::project::arm::read(&path, &file.text);
        return Defined {
            deployments: deployments.into_iter().map(Arc::new).collect(),
            endpoints: endpoints.into_iter().map(Arc::new).collect(),
        };
    }
    let mut defined = Defined::default();
    for region in crate::frontends::regions(file, kind) {
        if region.language != Language::PYTHON {
            continue;
        }
        let Some(definitions) = read_python(&region, file.dir()) else {
            continue;
        };
        let line_of = |offset: usize| file.line_col(offset).line;
        let placed = place(&definitions, &path, &line_of);
        defined.deployments.extend(placed.deployments);
        defined.endpoints.extend(placed.endpoints);
    }
    defined
}

/// How project discovery reads the deployments and endpoints of the other files of a project
/// (the engine hands it to [`crate::project::Projects`], whose layer does not import this one).
pub static PROJECT_READER: DefinitionsReader = DefinitionsReader {
    max_bytes: max_bytes_for_project,
    may_define: crate::frontends::python::mentions_definition,
    read: defined_for_project,
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

/// [`defined_in`], as an invocation in **another** file sees it: an endpoint name the Python
/// front-end could only make symbolic (`$endpoint_name`: the value of a variable amlint cannot
/// read, shared by that file's own uses of it) means nothing outside the file. A deployment's
/// such endpoint is unknown; an endpoint without a name read is left out (nothing outside its file
/// can name it, and it must not be taken for "the only endpoint" of an invocation whose
/// endpoint is unknown too).
pub fn defined_for_project(file: &SourceFile) -> Defined {
    let symbolic = |name: &Option<String>| {
        name.as_deref()
            .is_none_or(|n| n.starts_with(crate::frontends::python::SYMBOLIC))
    };
    // Only the definitions: the invocations of a file discovery reads are the checker's.
    let mut defined = defined_with(file, &|region, dir| {
        crate::frontends::python::definitions(&region.text, region.map.as_deref(), dir).ok()
    });
    for deployment in &mut defined.deployments {
        if deployment.endpoint_name.is_some() && symbolic(&deployment.endpoint_name) {
            Arc::make_mut(deployment).endpoint_name = None;
        }
    }
    defined.endpoints.retain(|e| !symbolic(&e.name));
    defined
}
