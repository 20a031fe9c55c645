//! The files whose Python may define batch deployments and endpoints (a `.py` file, a notebook,
//! a Markdown page's `python` fences), as discovery reads them: with the front-ends' reader,
//! which the engine hands over (this layer does not import the front-ends).

use std::any::Any;
use std::path::Path;
use std::sync::Arc;

use super::{Found, Projects, ReadAhead, YamlPath};
use crate::fs::paths;
use crate::project::Defined;
use crate::source::SourceFile;

/// What the front-ends read of a file, opaque to discovery (see [`super::ReadAhead::front_end`]).
pub type FrontEndRead = Box<dyn Any + Send>;

/// How discovery reads the batch deployments and endpoints that Python defines (a `.py` file, a
/// notebook's code cells, a Markdown page's `python` fences): the front-ends read them, whose
/// layer this one does not import, so the engine hands this over when it makes [`Projects`]
/// ([`Projects::reading_definitions`]). Without one, those files define nothing.
#[derive(Clone, Copy)]
pub struct DefinitionsReader {
    /// The largest such file discovery reads (by its name); a bigger one defines nothing here.
    pub max_bytes: fn(&Path) -> u64,
    /// A cheap test on a file's text: one that fails it defines nothing and is not parsed.
    pub may_define: fn(&str) -> bool,
    /// What the file defines, as an invocation in **another** file may be tied to it, placed
    /// in the file's absolute path (the second argument).
    pub read: fn(&SourceFile, Arc<Path>) -> Defined,
    /// The same for a file the run will check, given as the check names it: with what the
    /// front-ends read of it, which the check takes instead of reading it again
    /// ([`super::ReadAhead::front_end`]; opaque here).
    pub read_for_check: fn(&SourceFile, Arc<Path>) -> (Defined, FrontEndRead),
}

/// The largest text of a Python-holding file kept for the checker (a notebook may be many MB:
/// read again rather than held).
pub(super) const MAX_HANDED_OVER_BYTES: usize = 1024 * 1024;

impl Projects {
    /// What discovery read of the walked file at `path` for the checker: a file whose Python
    /// may define deployments is read by discovery now if it has not been yet, so that it is
    /// read (and its Python parsed) once, whichever needs it first.
    pub fn read_for_check(&self, path: &Path) -> Option<ReadAhead> {
        if self.definitions.is_some() && crate::fs::walk::is_definitions_name(path) {
            let path = paths::absolute(path);
            // Only a file discovery would hand over (see `read_definitions`); another is read
            // by the check, and by discovery only if it needs it.
            let kept = paths::cwd().is_some_and(|cwd| path.starts_with(cwd))
                && std::fs::symlink_metadata(&path)
                    .is_ok_and(|m| m.len() <= MAX_HANDED_OVER_BYTES as u64);
            let cell = kept
                .then(|| self.listings.lock().ok()?.cell(&path))
                .flatten();
            if let Some((listing, i)) = cell {
                self.file(&listing, i);
            }
        }
        self.take_read_ahead(path)
    }

    /// What the Python-holding file at `path` (its `text` read whole) defines: parsed only when
    /// the text may define something. The text is kept for the checker when it is small.
    pub(super) fn read_definitions(
        &self,
        path: &YamlPath,
        text: String,
        reader: DefinitionsReader,
    ) -> Option<Found> {
        let kept = text.len() <= MAX_HANDED_OVER_BYTES && self.for_the_checker(path);
        let (text, defined, front_end) = if (reader.may_define)(&text) {
            // A file the run will check (a walk names it relative to the current folder when
            // it is under it) is read whole, once, for discovery and the check.
            let as_checked = kept
                .then(|| Some(path.strip_prefix(paths::cwd()?).ok()?.to_path_buf()))
                .flatten();
            let file = SourceFile::new("", as_checked.as_deref().unwrap_or(path), text);
            let (defined, front_end) = match as_checked {
                Some(_) => {
                    let (defined, front_end) = (reader.read_for_check)(&file, path.clone());
                    (defined, Some(front_end))
                }
                None => ((reader.read)(&file, path.clone()), None),
            };
            let text = if file.had_bom {
                format!("\u{feff}{}", file.text)
            } else {
                file.text.to_string()
            };
            (text, Some(defined), front_end)
        } else {
            (text, None, None)
        };
        if kept {
            self.hand_over(path, text, None, front_end);
        }
        let defined = defined.filter(|d| !d.is_empty())?;
        Some(Found::Defines(Box::new(defined)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DeploymentKind;
    use crate::project::discovery::MAX_READ_AHEAD_BYTES;
    use crate::project::{Deployment, Written};

    /// A reader of "Python" for these tests: a line `deploy NAME` defines a model deployment.
    fn toy_reader() -> DefinitionsReader {
        DefinitionsReader {
            max_bytes: |_| 64,
            may_define: |text| text.contains("deploy "),
            read: |file, path| {
                let mut defined = Defined::default();
                for (i, line) in file.text.lines().enumerate() {
                    if let Some(name) = line.strip_prefix("deploy ") {
                        let mut d = Deployment::new(
                            path.clone(),
                            i + 1,
                            Written::Python,
                            DeploymentKind::Model,
                        );
                        d.name = Some(name.into());
                        defined.deployments.push(Arc::new(d));
                    }
                }
                defined
            },
            read_for_check: |file, path| ((toy_reader().read)(file, path), Box::new(())),
        }
    }

    #[test]
    fn python_elsewhere_in_the_project_defines_deployments() {
        let tmp = tempfile::tempdir().unwrap();
        let root = paths::absolute(&tmp.path().join("repo"));
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("deploy")).unwrap();
        std::fs::create_dir_all(root.join("jobs")).unwrap();
        let deploy = root.join("deploy/deploy.py");
        std::fs::write(&deploy, "import x\ndeploy d\n").unwrap();
        // Too big to be read for definitions; no definition; not a Python-holding name.
        std::fs::write(
            root.join("deploy/big.py"),
            format!("deploy big\n{}", "#".repeat(64)),
        )
        .unwrap();
        std::fs::write(root.join("deploy/score.py"), "def run(x):\n    return x\n").unwrap();
        std::fs::write(root.join("deploy/notes.txt"), "deploy txt\n").unwrap();
        let walked = |projects: &Projects| {
            let files = ["deploy/deploy.py", "deploy/big.py", "deploy/score.py"];
            projects.add_walked(&root, files.iter().map(|f| root.join(f).into()).collect());
        };
        let projects = Projects::default().reading_definitions(toy_reader());
        walked(&projects);
        let project = projects.around(&root.join("jobs"));
        let names: Vec<_> = project
            .deployments
            .iter()
            .map(|d| (d.name.clone(), d.line))
            .collect();
        assert_eq!(names, [(Some("d".to_string()), 2)]);
        // Both files read were handed over (the big one was never read).
        let read = projects.take_read_ahead(&deploy).expect("handed over");
        assert_eq!(read.text, "import x\ndeploy d\n");
        assert!(
            projects
                .take_read_ahead(&root.join("deploy/score.py"))
                .is_some()
        );
        assert!(
            projects
                .take_read_ahead(&root.join("deploy/big.py"))
                .is_none()
        );
        assert_eq!(projects.read_ahead.lock().unwrap().bytes, 0);
        // Without a reader (a layer that gives none), Python defines nothing.
        let blind = Projects::default();
        walked(&blind);
        assert!(blind.around(&root.join("jobs")).deployments.is_empty());
        // Listed by discovery itself (no walk): the same.
        let listed = Projects::default().reading_definitions(toy_reader());
        assert_eq!(listed.around(&root.join("jobs")).deployments.len(), 1);
    }

    #[test]
    fn the_read_ahead_holds_a_bounded_number_of_bytes() {
        let tmp = tempfile::tempdir().unwrap();
        let root = paths::absolute(tmp.path());
        let projects = Projects::default();
        projects.add_walked(&root, Vec::new());
        let big = "x".repeat(MAX_READ_AHEAD_BYTES / 2 + 1);
        projects.hand_over(&YamlPath::from(root.join("a.yml")), big.clone(), None, None);
        projects.hand_over(&YamlPath::from(root.join("b.yml")), big, None, None);
        assert!(
            projects.take_read_ahead(&root.join("b.yml")).is_none(),
            "over the budget"
        );
        assert!(projects.take_read_ahead(&root.join("a.yml")).is_some());
        assert_eq!(projects.read_ahead.lock().unwrap().bytes, 0);
    }
}
