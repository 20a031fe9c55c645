//! The batch deployments and endpoints one file defines, read as the check reads it: Python (a
//! `.py` file, a notebook's code cells, a Markdown page's `python` fences) through the Python
//! front-end, and ARM JSON templates. Batch YAML is not read here (discovery reads it).

use std::path::Path;
use std::sync::Arc;

use crate::frontends::registry::FileKind;
use crate::frontends::{Language, Sink};
use crate::model::deployment::{Defined, place};
use crate::source::SourceFile;

/// The batch deployments and endpoints a file defines where amlint reads them: Python (a `.py`
/// file, a notebook's code cells, a Markdown page's `python` fences) and ARM JSON templates.
/// Batch YAML is not read here (discovery reads it).
pub fn defined_in(file: &SourceFile) -> Defined {
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
        let mut ignore = |_| {};
        let mut sink = Sink::new(&mut ignore);
        if crate::frontends::read(&region, file.dir(), &mut sink).is_err() {
            continue;
        }
        let line_of = |offset: usize| file.line_col(offset).line;
        for definitions in sink.into_parts().1 {
            let placed = place(&definitions, &path, &line_of);
            defined.deployments.extend(placed.deployments);
            defined.endpoints.extend(placed.endpoints);
        }
    }
    defined
}
