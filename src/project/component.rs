//! The pipeline component a pipeline deployment runs: its declared inputs and outputs, which a
//! batch job's inputs are bound to by name.
//!
//! A deployment names its component as a local file (`component: pipeline.yml`, relative to the
//! deployment file), writes it inline (`component: {inputs: …, jobs: …}`), or — in the preview
//! layout — gives a `job_definition:` whose own `component:` (or `inputs:`/`outputs:`) is used. A
//! remote reference (`azureml:NAME@latest`, `azureml://registries/…`) is unknown: its interface is
//! in the workspace, not in the repository.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::model::{Component, Declared};
use crate::source::SourceFile;
use crate::syntax::yaml::{Document, NodeRef};

/// A component file larger than this is not read (a component is a few kilobytes).
const MAX_COMPONENT_BYTES: u64 = 256 * 1024;

/// What a deployment's component is.
#[derive(Clone, Debug)]
pub enum Resolved {
    Local(Arc<Component>),
    /// A reference to a component amlint cannot read (`azureml:…`), or one it could not open:
    /// why, for `--verbose`.
    Unknown(String),
}

/// The component of the pipeline deployment `deployment_file` (its document `doc`), read from
/// a file inside `boundary`.
fn of_deployment(
    deployment_file: &SourceFile,
    doc: &Document,
    boundary: &Path,
    shown: &dyn Fn(&Path) -> String,
) -> Resolved {
    let deployment = deployment_file.path.as_path();
    let Some(root) = doc.root() else {
        return Resolved::Unknown("the deployment does not parse".into());
    };
    let job_definition = root
        .get("job_definition")
        .filter(|j| j.get("component").is_some() || j.get("inputs").is_some());
    let holder = job_definition.unwrap_or(root);
    let dir = deployment.parent().unwrap_or(Path::new("."));
    match holder.get("component") {
        Some(node) if node.as_str().is_some() => {
            let reference = node.as_str().unwrap_or_default().trim();
            if reference.starts_with("azureml:")
                || reference.contains("://")
                || crate::placeholder::contains(reference)
            {
                return Resolved::Unknown(format!(
                    "its component `{reference}` is remote; its interface is not in the repository"
                ));
            }
            let path = normalise(&dir.join(reference.trim_start_matches("file:")));
            of_file(&path, reference, boundary, shown)
        }
        Some(inline) if inline.is_mapping() => {
            Resolved::Local(Arc::new(read_interface(inline, deployment_file)))
        }
        // A preview job definition that declares the interface itself.
        _ => match job_definition.filter(|j| j.get("inputs").is_some()) {
            Some(job) => Resolved::Local(Arc::new(read_interface(job, deployment_file))),
            None => Resolved::Unknown("it names no component".into()),
        },
    }
}

/// The component in the local file `path` (written `reference` where it is named).
fn of_file(
    path: &Path,
    reference: &str,
    boundary: &Path,
    shown: &dyn Fn(&Path) -> String,
) -> Resolved {
    match read_bounded(path, boundary) {
        Some(text) => {
            let file = SourceFile::new(shown(path), path, text);
            let doc = Document::parse(&file);
            of_component_file(&file, &doc, reference)
        }
        None => unreadable(reference),
    }
}

/// The component `file` (its document `doc`) declares.
fn of_component_file(file: &SourceFile, doc: &Document, reference: &str) -> Resolved {
    match doc.root() {
        Some(root) if doc.error.is_none() => Resolved::Local(Arc::new(read_interface(root, file))),
        _ => Resolved::Unknown(format!("its component `{reference}` does not parse")),
    }
}

fn unreadable(reference: &str) -> Resolved {
    Resolved::Unknown(format!(
        "its component `{reference}` is not a readable file in the repository"
    ))
}

fn read_interface(node: NodeRef<'_>, file: &SourceFile) -> Component {
    let display = file.display.as_str();
    let declared = |block: &str| -> Vec<Declared> {
        node.get(block)
            .map(|b| {
                b.entries()
                    .filter_map(|(key, value)| {
                        let name = key.as_str()?.to_string();
                        let field = |k: &str| value.get(k);
                        Some(Declared {
                            name,
                            ty: field("type").and_then(|t| t.as_str()).map(String::from),
                            has_default: field("default").is_some_and(|d| !d.is_null()),
                            optional: field("optional")
                                .and_then(|o| o.as_str())
                                .is_some_and(|o| o.eq_ignore_ascii_case("true")),
                            line: file.line_col(key.span().start).line,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let name = node
        .get("name")
        .and_then(|n| n.as_str())
        .map(String::from)
        .unwrap_or_else(|| {
            Path::new(display)
                .file_name()
                .map_or_else(|| display.to_string(), |f| f.to_string_lossy().into_owned())
        });
    Component {
        name,
        display: display.to_string(),
        inputs: declared("inputs"),
        outputs: declared("outputs"),
    }
}

/// A regular file inside `boundary` (links resolved), at most [`MAX_COMPONENT_BYTES`].
fn read_bounded(path: &Path, boundary: &Path) -> Option<String> {
    let real = std::fs::canonicalize(path).ok()?;
    let inside = std::fs::canonicalize(boundary).is_ok_and(|b| real.starts_with(b));
    let metadata = std::fs::metadata(&real).ok()?;
    if !inside || !metadata.is_file() || metadata.len() > MAX_COMPONENT_BYTES {
        return None;
    }
    std::fs::read_to_string(&real).ok()
}

/// `path` with `.` dropped and each `..` taking the part before it away (lexically; a `..` with
/// nothing before it is dropped too).
pub(crate) fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Where a deployment's component is read from: the file whose reading decides it (the cache
/// key), or what it is already known to be.
pub fn source_of(deployment: &super::Deployment) -> Result<Arc<Path>, Resolved> {
    use super::{ComponentRef, Written};
    match (
        &deployment.component,
        &deployment.loaded_from,
        deployment.written,
    ) {
        (Some(ComponentRef::File(path)), _, _) => Ok(path.clone()),
        (Some(ComponentRef::Other(why)), _, _) => Err(Resolved::Unknown(why.clone())),
        (None, Some(yaml), _) => Ok(yaml.clone()),
        (None, None, Written::Yaml) => Ok(deployment.path.clone()),
        (None, None, _) => Err(Resolved::Unknown("it names no component".into())),
    }
}

/// The component read from `source` ([`source_of`]): a deployment YAML names it, a component
/// YAML is it. The file is read and parsed once, for both questions.
pub fn resolve(source: &Path, boundary: &Path, shown: &dyn Fn(&Path) -> String) -> Resolved {
    let Some(text) = read_bounded(source, boundary) else {
        return unreadable(&shown(source));
    };
    let file = SourceFile::new(shown(source), source, text);
    let doc = Document::parse(&file);
    let is_deployment = crate::project::classify(&doc)
        .is_some_and(|k| matches!(k, crate::project::BatchFileKind::Deployment(_)));
    if is_deployment {
        of_deployment(&file, &doc, boundary, shown)
    } else {
        of_component_file(&file, &doc, &file.display)
    }
}
