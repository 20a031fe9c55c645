//! Every batch deployment and endpoint that amlint reads from the real Python of
//! `../shared/corpus-deployments/` (azureml-examples' notebooks and scripts that create batch
//! deployments), listed with its kind: a change in what is read shows here. Checking the corpus
//! overlaid on `../shared/corpus/azureml-examples/` (as a checkout holds both) gives no error
//! that checking without the Python deployments does not give.

use crate::common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use amlint::frontends::definitions::defined_in;
use amlint::source::SourceFile;

fn corpus_deployments() -> Option<PathBuf> {
    let path = common::root().join("../shared/corpus-deployments");
    path.is_dir().then_some(path)
}

fn files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "py" || e == "ipynb" || e == "md" || e == "json")
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_python_deployment_of_the_corpus_is_read_with_its_kind() {
    let Some(root) = corpus_deployments() else {
        eprintln!("skipped: ../shared/corpus-deployments is not beside this checkout");
        return;
    };
    let mut listing = String::new();
    for path in files(&root) {
        let text = std::fs::read_to_string(&path).unwrap();
        let shown = path.strip_prefix(&root).unwrap().display().to_string();
        let file = SourceFile::new(shown.clone(), &path, text);
        let defined = defined_in(&file);
        for d in &defined.deployments {
            writeln!(
                listing,
                "{shown}:{} deployment {} of {} kind={}",
                d.line,
                d.name.as_deref().unwrap_or("?"),
                d.endpoint_name.as_deref().unwrap_or("?"),
                d.kind.as_str()
            )
            .unwrap();
        }
        for e in &defined.endpoints {
            writeln!(
                listing,
                "{shown}:{} endpoint {} default={}",
                e.line,
                e.name.as_deref().unwrap_or("?"),
                e.default_deployment.as_deref().unwrap_or("?"),
            )
            .unwrap();
        }
    }
    insta::assert_snapshot!(listing);
}

/// What discovery reads of each corpus file for the project index (definitions only, names that
/// mean something only inside the file dropped) is what the check of that file reads.
#[test]
fn discovery_reads_the_same_deployments_as_the_check() {
    use amlint::frontends::definitions::{defined_for_project, read_for_check};
    let Some(root) = corpus_deployments() else {
        eprintln!("skipped: ../shared/corpus-deployments is not beside this checkout");
        return;
    };
    let mut compared = 0;
    for path in files(&root) {
        let text = std::fs::read_to_string(&path).unwrap();
        let file = SourceFile::new("", &path, text);
        let checked = defined_in(&file);
        let discovered = defined_for_project(&file, std::sync::Arc::from(path.as_path()));
        // Read whole for the check (a walked file): the same definitions.
        let (whole, _) = read_for_check(&file, std::sync::Arc::from(path.as_path()));
        assert_eq!(
            format!("{:?}", whole.deployments),
            format!("{:?}", discovered.deployments)
        );
        assert_eq!(
            format!("{:?}", whole.endpoints),
            format!("{:?}", discovered.endpoints)
        );
        assert_eq!(
            discovered.deployments.len(),
            checked.deployments.len(),
            "{}",
            path.display()
        );
        for (d, c) in discovered.deployments.iter().zip(&checked.deployments) {
            let symbolic = c
                .endpoint_name
                .as_deref()
                .is_some_and(|e| e.starts_with('$'));
            let endpoint = if symbolic {
                None
            } else {
                c.endpoint_name.clone()
            };
            assert_eq!(
                (&d.name, d.kind, d.line, &d.endpoint_name, &d.component),
                (&c.name, c.kind, c.line, &endpoint, &c.component),
                "{}",
                path.display()
            );
            compared += 1;
        }
        let named = |e: &&std::sync::Arc<amlint::project::Endpoint>| {
            e.name.as_deref().is_some_and(|n| !n.starts_with('$'))
        };
        let kept: Vec<_> = checked.endpoints.iter().filter(named).collect();
        assert_eq!(discovered.endpoints.len(), kept.len(), "{}", path.display());
    }
    assert!(compared > 40, "{compared} deployments compared");
}
