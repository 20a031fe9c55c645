//! The deployment bundle: what a model batch deployment runs besides its model — its code
//! folder and scoring script, its environment — read from its YAML (or, for a Python
//! `load_*batch_deployment("…")` call, which file it loads and with which loader), with the
//! files it names looked up on disk once, when the bundle is built, so that the rules only read
//! the result (RULES.md §10).
//!
//! A value amlint cannot read (a template placeholder, a variable) is unknown and satisfies
//! every rule. A code folder that is missing is reported only when the deployment's own folder
//! holds Python code somewhere below it: a tree with no Python at all near its deployment —
//! a partial copy, or code fetched by CI before it deploys — says nothing about the code.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::fs::paths;
use crate::model::bundle::{
    DeploymentBundle, Facts, Layout, Loader, LoaderCall, ScriptAt, Written, layout,
};
use crate::placeholder;
use crate::source::SourceFile;
use crate::syntax::yaml::{Document, NodeRef};

/// Batch YAML larger than this is not read to learn a bundle (a real deployment is a page).
const MAX_YAML_BYTES: u64 = 1 << 20;

/// How deep, and how many entries, the search for Python code below a deployment's folder goes.
const EVIDENCE_DEPTH: usize = 4;
const EVIDENCE_ENTRIES: usize = 2_000;

fn written(node: Option<NodeRef<'_>>) -> Option<Written> {
    let node = node?;
    Some(Written {
        text: node.as_str()?.to_string(),
        span: node.span(),
    })
}

/// Whether a model, as a deployment YAML writes it, is an MLflow model: an inline model says
/// its `type` (none: `custom_model`); a reference (`azureml:name@latest`) is unknown.
fn mlflow(model: NodeRef<'_>) -> Option<bool> {
    if !model.is_mapping() {
        return None;
    }
    match model.get("type") {
        None => Some(false),
        Some(ty) => {
            let ty = ty.as_str()?;
            if placeholder::contains(ty) {
                return None;
            }
            Some(ty.eq_ignore_ascii_case("mlflow_model"))
        }
    }
}

/// The bundle of a model deployment YAML at `path` (its document `doc`).
pub fn from_yaml(doc: &Document, path: &Path) -> Option<DeploymentBundle> {
    let root = doc.root().filter(|r| r.is_mapping())?;
    let mut bundle = DeploymentBundle::empty(false);
    bundle.name = root.get("name").and_then(|n| n.as_str()).map(String::from);
    if let Some((key, value)) = root.get_entry("model") {
        bundle.model = Some(key.span());
        bundle.mlflow = mlflow(value);
    }
    bundle.environment = Some(root.get("environment").is_some_and(|e| !e.is_null()));
    if let Some((key, config)) = root
        .get_entry("code_configuration")
        .filter(|(_, v)| !v.is_null())
    {
        bundle.code_configuration = Some(key.span());
        bundle.code = written(config.get("code"));
        bundle.scoring_script = written(config.get("scoring_script"));
        let base = paths::absolute(path.parent().unwrap_or(Path::new(".")));
        bundle.script = locate(
            std::slice::from_ref(&base),
            bundle.code.as_ref(),
            bundle.scoring_script.as_ref(),
            &base,
        );
    }
    Some(bundle)
}

/// Whether a code value is a place on disk amlint can look at; `Err` with the verdict when not.
fn local(code: &Written) -> Result<&str, ScriptAt> {
    let text = code.text.trim();
    let lower = text.to_ascii_lowercase();
    if text.is_empty() || placeholder::contains(text) || text.contains('$') {
        return Err(ScriptAt::Unknown);
    }
    if lower.starts_with("azureml://")
        || lower.starts_with("https://")
        || lower.starts_with("http://")
    {
        return Err(ScriptAt::Remote(code.span));
    }
    // A registered code asset (`azureml:name:1`), an ARM id, a registry: nothing local.
    if lower.starts_with("azureml:")
        || lower.starts_with("/subscriptions/")
        || lower.contains("://")
    {
        return Err(ScriptAt::Unknown);
    }
    Ok(text)
}

/// A path as written on Windows (`.\\src\\score.py`) as the file system here spells it: the SDK
/// opens it on the writer's machine, where `\\` separates folders.
fn portable(path: &str) -> String {
    path.replace('\\', "/")
}

/// Where the scoring script is: `code` and `scoring_script` resolved against each folder of
/// `bases` (the first that has it wins). `evidence` is the folder whose holding Python code
/// makes a missing code folder worth reporting.
pub fn locate(
    bases: &[PathBuf],
    code: Option<&Written>,
    script: Option<&Written>,
    evidence: &Path,
) -> ScriptAt {
    let (Some(code), Some(script)) = (code, script) else {
        return ScriptAt::Unknown;
    };
    let folder = match local(code) {
        Ok(folder) => portable(folder),
        Err(verdict) => return verdict,
    };
    let script_text = portable(script.text.trim());
    let script_text = script_text.as_str();
    if script_text.is_empty() || placeholder::contains(script_text) || script_text.contains('$') {
        return ScriptAt::Unknown;
    }
    let folders: Vec<PathBuf> = bases
        .iter()
        .map(|b| paths::normalise(&b.join(&folder)))
        .collect();
    let Some(found) = folders.iter().find(|f| f.is_dir()) else {
        // A code path that names a file, or exists as something else: not judged.
        if folders.iter().any(|f| f.exists()) || !holds_python(evidence) || ignored(&folders[0]) {
            return ScriptAt::Unknown;
        }
        return ScriptAt::MissingFolder(code.span, folders[0].clone());
    };
    let path = paths::normalise(&found.join(script_text));
    if !path.is_file() {
        if path.exists() {
            return ScriptAt::Unknown;
        }
        return ScriptAt::MissingScript(script.span, path);
    }
    let python = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("py"));
    if !python {
        return ScriptAt::NotPython(script.span);
    }
    ScriptAt::Found(path)
}

/// Whether the repository holding `path` ignores it (a `.gitignore` from the repository root
/// down to `path`'s folder names it or a folder above it): an ignored folder is made by a build
/// step and is absent from a checkout by design.
fn ignored(path: &Path) -> bool {
    let Some(root) = path.parent().and_then(paths::nearest_repository) else {
        return false;
    };
    let mut builder = ignore::gitignore::GitignoreBuilder::new(root);
    let mut folders: Vec<&Path> = path
        .ancestors()
        .skip(1)
        .take_while(|a| a.starts_with(root))
        .collect();
    folders.reverse();
    for folder in folders {
        let file = folder.join(".gitignore");
        if file.is_file() {
            builder.add(file);
        }
    }
    builder
        .build()
        .is_ok_and(|ignore| ignore.matched_path_or_any_parents(path, true).is_ignore())
}

/// What [`holds_python`] found of each folder, while a run goes on ([`remember_evidence`]): a
/// folder holding several deployments whose code folder is missing was read once for each of
/// them (corpus x20: 900 folder reads, 45 a copy, of 12 folders). Between runs it is forgotten —
/// an editor's checks, and `--watch`'s runs, look at the disk afresh, as files change.
static EVIDENCE: Mutex<Evidence> = Mutex::new(Evidence {
    runs: 0,
    found: None,
});

struct Evidence {
    /// The runs going on (tests run several at once in one process).
    runs: usize,
    found: Option<HashMap<PathBuf, bool>>,
}

fn evidence() -> MutexGuard<'static, Evidence> {
    EVIDENCE.lock().unwrap_or_else(|e| e.into_inner())
}

/// While it lives, whether a folder holds Python is looked up on disk once ([`EVIDENCE`]).
#[must_use]
pub struct EvidenceRemembered(());

/// Remember what the search for Python below a deployment's folder finds, for one run.
pub fn remember_evidence() -> EvidenceRemembered {
    evidence().runs += 1;
    EvidenceRemembered(())
}

impl Drop for EvidenceRemembered {
    fn drop(&mut self) {
        let mut evidence = evidence();
        evidence.runs -= 1;
        if evidence.runs == 0 {
            evidence.found = None;
        }
    }
}

/// Whether `folder` holds a `.py` file ([`search_python`]), remembered while a run goes on.
fn holds_python(folder: &Path) -> bool {
    {
        let evidence = evidence();
        if evidence.runs == 0 {
            drop(evidence);
            return search_python(folder);
        }
        if let Some(&known) = evidence.found.as_ref().and_then(|f| f.get(folder)) {
            return known;
        }
    }
    // Searched without the lock: two threads may search the same folder, and agree.
    let found = search_python(folder);
    let mut evidence = evidence();
    if evidence.runs > 0 {
        evidence
            .found
            .get_or_insert_with(HashMap::new)
            .insert(folder.to_path_buf(), found);
    }
    found
}

/// Whether `folder` holds a `.py` file, at most [`EVIDENCE_DEPTH`] levels down and looking at
/// no more than [`EVIDENCE_ENTRIES`] entries (hidden folders skipped, links not followed).
fn search_python(folder: &Path) -> bool {
    let mut budget = EVIDENCE_ENTRIES;
    let mut stack = vec![(folder.to_path_buf(), 0)];
    while let Some((dir, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            if budget == 0 {
                return false;
            }
            budget -= 1;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_file() && name.ends_with(".py") {
                return true;
            }
            if kind.is_dir() && !name.starts_with('.') && depth + 1 < EVIDENCE_DEPTH {
                stack.push((entry.path(), depth + 1));
            }
        }
    }
    false
}

/// A path as messages show it: relative to the current folder when under it.
pub fn shown(path: &Path) -> String {
    match paths::cwd().and_then(|c| path.strip_prefix(c).ok()) {
        Some(relative) if !relative.as_os_str().is_empty() => paths::shown(relative),
        _ => paths::shown(path),
    }
}

/// A small regular file, read whole (`None`: absent, too large, not a file, not text).
fn read_small(path: &Path) -> Option<String> {
    use std::io::Read;
    let size = std::fs::symlink_metadata(path)
        .ok()
        .filter(|m| m.is_file())?
        .len();
    if size > MAX_YAML_BYTES {
        return None;
    }
    let mut text = String::with_capacity(size as usize + 1);
    std::fs::File::open(path)
        .ok()?
        .take(MAX_YAML_BYTES + 1)
        .read_to_string(&mut text)
        .ok()?;
    Some(text)
}

fn parse(path: &Path) -> Option<Document> {
    let text = read_small(path)?;
    let file = SourceFile::new("", path.to_path_buf(), text);
    let doc = Document::parse(&file);
    doc.error.is_none().then_some(doc)
}

/// What a run needs of the model deployment YAML `doc` at `path` besides checking it (read
/// by discovery, with no look at the disk): the scoring script it names, spelt as an absolute
/// path, and whether it is an MLflow model without a script.
pub fn facts(doc: &Document, path: &Path) -> Facts {
    let Some(root) = doc.root().filter(|r| r.is_mapping()) else {
        return Facts::default();
    };
    let config = root.get("code_configuration").filter(|c| !c.is_null());
    let script = config.and_then(|config| {
        let code = written(config.get("code"))?;
        let script = written(config.get("scoring_script"))?;
        let folder = portable(local(&code).ok()?);
        let script = portable(script.text.trim());
        let script = script.as_str();
        if script.is_empty() || placeholder::contains(script) || script.contains('$') {
            return None;
        }
        let base = paths::absolute(path.parent().unwrap_or(Path::new(".")));
        Some(paths::normalise(&base.join(folder).join(script)))
    });
    Facts {
        name: root.get("name").and_then(|n| n.as_str()).map(String::from),
        script,
        mlflow_without_script: config.is_none() && root.get("model").and_then(mlflow) == Some(true),
    }
}

/// A Python loader call as a bundle: the file it loads, looked up beside the Python file and
/// from `boundary` (the repository root; the SDK opens it from the process's working folder),
/// read for its layout. `None` when the file is found nowhere, its places disagree, or it is
/// not a regular file inside `boundary` (a file outside the repository is not the project's,
/// and `.git/` is never read).
pub fn from_loader_call(
    call: LoaderCall,
    dir: &Path,
    boundary: &Path,
    shown: &dyn Fn(&Path) -> String,
) -> Option<DeploymentBundle> {
    if placeholder::contains(&call.file) || call.file.contains('$') || call.file.is_empty() {
        return None;
    }
    let inside = std::fs::canonicalize(boundary).ok()?;
    let mut places = vec![paths::absolute(&dir.join(&call.file))];
    places.push(paths::absolute(&boundary.join(&call.file)));
    places.dedup();
    let mut found: Option<(PathBuf, Layout, bool)> = None;
    for place in places {
        let Ok(real) = std::fs::canonicalize(&place) else {
            continue;
        };
        let in_git = real
            .strip_prefix(&inside)
            .map_or(true, |r| r.components().any(|c| c.as_os_str() == ".git"));
        if in_git || !real.is_file() {
            continue;
        }
        let doc = parse(&real)?;
        let root = doc.root().filter(|r| r.is_mapping())?;
        let layout = layout(root);
        let pipeline = root
            .get("type")
            .and_then(|t| t.as_str())
            .is_some_and(|t| t.eq_ignore_ascii_case("pipeline"))
            || root.get("component").is_some();
        match &found {
            Some((_, seen, _)) if *seen != layout => return None,
            Some(_) => {}
            None => found = Some((place, layout, pipeline)),
        }
    }
    let (place, layout, pipeline) = found?;
    let mut bundle = DeploymentBundle::empty(true);
    bundle.loader = Some(Loader {
        call,
        shown: shown(&place),
        layout,
        pipeline,
    });
    Some(bundle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// During a run, a folder's Python is looked for once: what the first look found stands.
    #[test]
    fn a_run_looks_for_python_below_a_folder_once() {
        let tmp = tempfile::tempdir().unwrap();
        let folder = paths::absolute(tmp.path());
        let run = remember_evidence();
        assert!(!holds_python(&folder));
        std::fs::create_dir(folder.join("src")).unwrap();
        std::fs::write(folder.join("src/score.py"), "def run(b): return b\n").unwrap();
        assert!(!holds_python(&folder), "remembered for the run");
        assert!(search_python(&folder), "on disk now");
        drop(run);
    }
    use crate::source::Span;

    #[test]
    fn layouts() {
        let of = |t: &str| layout(Document::parse_str(t).root().unwrap());
        assert_eq!(
            of("name: d\nsettings:\n  mini_batch_size: 1\n"),
            Layout::Settings
        );
        assert_eq!(of("name: d\nmini_batch_size: 1\n"), Layout::Flat);
        assert_eq!(of("name: d\nerror_threshold: 1\n"), Layout::Either);
    }

    #[test]
    fn mlflow_models_and_code() {
        let doc = Document::parse_str(
            "name: d\nmodel:\n  path: m\n  type: mlflow_model\ncode_configuration:\n  code: azureml://datastores/x/paths/y\n  scoring_script: s.py\n",
        );
        let bundle = from_yaml(&doc, Path::new("/nowhere/d.yml")).unwrap();
        assert_eq!(bundle.mlflow, Some(true));
        assert_eq!(bundle.environment, Some(false));
        assert!(matches!(bundle.script, ScriptAt::Remote(_)));
        let registered = Document::parse_str(
            "name: d\nmodel: azureml:m@latest\ncode_configuration:\n  code: azureml:code:1\n  scoring_script: s.py\n",
        );
        let bundle = from_yaml(&registered, Path::new("/nowhere/d.yml")).unwrap();
        assert_eq!((bundle.mlflow, bundle.script), (None, ScriptAt::Unknown));
    }

    #[test]
    fn a_missing_code_folder_needs_python_near_the_deployment() {
        let dir = tempfile::tempdir().unwrap();
        let code = Written {
            text: "code".into(),
            span: Span::new(0, 4),
        };
        let script = Written {
            text: "score.py".into(),
            span: Span::new(5, 13),
        };
        let bases = [dir.path().to_path_buf()];
        // No Python anywhere: the code is not in this tree.
        assert_eq!(
            locate(&bases, Some(&code), Some(&script), dir.path()),
            ScriptAt::Unknown
        );
        std::fs::create_dir(dir.path().join("src")).unwrap();
        std::fs::write(dir.path().join("src/score.py"), "").unwrap();
        assert!(matches!(
            locate(&bases, Some(&code), Some(&script), dir.path()),
            ScriptAt::MissingFolder(..)
        ));
        let src = Written {
            text: "./src/".into(),
            span: Span::new(0, 4),
        };
        assert!(matches!(
            locate(&bases, Some(&src), Some(&script), dir.path()),
            ScriptAt::Found(_)
        ));
        let other = Written {
            text: "other.py".into(),
            span: Span::new(5, 13),
        };
        assert!(matches!(
            locate(&bases, Some(&src), Some(&other), dir.path()),
            ScriptAt::MissingScript(..)
        ));
    }

    #[test]
    fn a_loader_reads_only_files_inside_the_repository() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        let yaml = "name: d\ntype: model\nsettings:\n  mini_batch_size: 1\n";
        std::fs::write(dir.path().join("outside.yml"), yaml).unwrap();
        std::fs::write(repo.join("inside.yml"), yaml).unwrap();
        std::fs::write(repo.join(".git/config.yml"), yaml).unwrap();
        let call = |file: &str| LoaderCall {
            function: "load_batch_deployment".into(),
            name: Span::new(0, 1),
            file: file.into(),
            file_span: Span::new(0, 1),
        };
        let shown = |p: &Path| p.display().to_string();
        let load = |file: &str| from_loader_call(call(file), &repo, &repo, &shown);
        assert_eq!(
            load("inside.yml").and_then(|b| b.loader).map(|l| l.layout),
            Some(Layout::Settings)
        );
        assert!(load("../outside.yml").is_none());
        assert!(load(".git/config.yml").is_none());
        assert!(load("/dev/null").is_none());
    }

    #[test]
    fn windows_paths_and_ignored_build_folders() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        std::fs::write(dir.path().join("src/score.py"), "").unwrap();
        std::fs::write(dir.path().join(".gitignore"), "dist/\n").unwrap();
        let written = |text: &str| Written {
            text: text.into(),
            span: Span::new(0, 1),
        };
        let bases = [dir.path().to_path_buf()];
        let script = written("score.py");
        assert!(matches!(
            locate(
                &bases,
                Some(&written(".\\src\\")),
                Some(&script),
                dir.path()
            ),
            ScriptAt::Found(_)
        ));
        // Made by a build step: not committed, not reported.
        assert_eq!(
            locate(
                &bases,
                Some(&written("dist/scoring")),
                Some(&script),
                dir.path()
            ),
            ScriptAt::Unknown
        );
        assert!(matches!(
            locate(&bases, Some(&written("scoring")), Some(&script), dir.path()),
            ScriptAt::MissingFolder(..)
        ));
    }
}
