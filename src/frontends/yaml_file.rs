//! The YAML container: a YAML region is an inputs file, batch YAML (an endpoint, a deployment),
//! or a CI pipeline whose script steps are regions of their own — and most YAML of a
//! repository is none of these, and is not parsed.

use std::borrow::Cow;

use crate::frontends::registry::{Container, FileKind, Frontend};
use crate::frontends::{
    Language, Region, Role, Unit, ci_yaml, inputs_file, mentions_invoke_command,
};
use crate::keywords::{self, Keyword};
use crate::project;
use crate::source::SourceFile;
use crate::syntax::yaml::Document;

/// How the container tells project discovery what a YAML file on disk is, as it reads it.
pub type Learn<'a> = &'a dyn Fn(&SourceFile, Option<&Document>);
#[cfg(test)]
use std::path::Path;

/// YAML files, read whole as one YAML region.
pub static CONTAINER: Container = Container {
    kind: FileKind::YAML,
    extensions: crate::fs::walk::YAML_EXTENSIONS,
    max_bytes: crate::limits::MAX_FILE_BYTES,
    regions: |file| vec![Region::whole(Language::YAML, &file.text)],
};

/// YAML as a language: a YAML region (a fence, a file) is itself a container — an inputs file,
/// batch YAML or a CI pipeline — which the engine reads through [`read`].
pub static FRONTEND: Frontend = Frontend {
    language: Language::YAML,
    names: &["yaml", "yml"],
    mentions: |_| true,
    read: None,
};

/// A YAML region: an inputs file, batch YAML, or a CI pipeline whose script regions it
/// returns. A file is an inputs file only when it is recognisably one (or a command passes
/// it with `--file`); a file that does not parse is reported only when it matters to amlint.
pub fn read(
    file: &SourceFile,
    region: &Region<'_>,
    file_kind: FileKind,
    role: Role,
    parsed: &mut Option<Document>,
    learn: Option<Learn<'_>>,
    units: &mut Vec<Unit>,
) -> Vec<Region<'static>> {
    let text: &str = &region.text;
    // What a YAML file can be is decided before it is parsed, for a walked file and for a named
    // one alike (pre-commit names every staged file): most are none of amlint's.
    let skipped = match role {
        Role::Walked => !may_be_amlints(text),
        Role::Named => !may_be_amlints(text) && !misspells_inputs(text),
        Role::Followed => false,
    };
    if region.whole_file && file_kind == FileKind::YAML && skipped {
        if let Some(learn) = learn {
            learn(file, None);
        }
        return Vec::new();
    }
    let doc = if region.whole_file {
        parsed.take().unwrap_or_else(|| Document::parse(file))
    } else {
        Document::parse_str(text)
    };
    let parsed = doc.error.is_none();
    let followed = role == Role::Followed;
    let is_mapping = doc.root().is_some_and(|r| r.is_mapping());
    if file_kind == FileKind::OTHER && !followed && !(parsed && is_mapping) {
        // A named file of no known kind that is not YAML: commands, if anything.
        return if mentions_invoke_command(text) {
            vec![Region {
                text: Cow::Owned(text.to_string()),
                ..Region::whole(Language::SHELL, "")
            }]
        } else {
            Vec::new()
        };
    }
    if inputs_file::is_inputs_file(&doc, role)
        || (!parsed && (followed || inputs_file::looks_like_inputs_text(text)))
    {
        let invocation = inputs_file::build(file, &doc);
        units.push(Unit::Inputs { doc, invocation });
        return Vec::new();
    }
    if !region.whole_file {
        // A YAML block of a document: an inputs file, or a CI pipeline shown whole.
        return if parsed && is_mapping && mentions_invoke_command(text) {
            ci_yaml::regions(text, &doc)
        } else {
            Vec::new()
        };
    }
    if let Some(learn) = learn {
        learn(file, Some(&doc));
    }
    if let Some(kind) = project::classify(&doc) {
        units.push(Unit::Batch { doc, kind });
        return Vec::new();
    }
    let mentions = mentions_invoke_command(text);
    if !parsed {
        // Its commands cannot be read: worth saying only when the file is amlint's business.
        if mentions || project::looks_like_batch_text(text) {
            units.push(Unit::Broken(doc));
        }
        return Vec::new();
    }
    if mentions && is_mapping {
        ci_yaml::regions(text, &doc)
    } else {
        Vec::new()
    }
}

/// Whether a named file's top-level keys hold a misspelt `inputs:`/`outputs:` (`inptus:`), which
/// a named inputs file is read with (and told about).
fn misspells_inputs(text: &str) -> bool {
    inputs_file::top_level_keys(text)
        .any(|k| crate::suggest::closest(k, &["inputs", "outputs"], 2).is_some())
}

/// Whether a walked YAML file can be amlint's at all — an inputs file, batch YAML (an
/// endpoint, a deployment, a datastore), or a pipeline that invokes — by the words each kind
/// must contain: most YAML of a repository (manifests, conda files, CI without an invoke)
/// contains none, and is not parsed; nor is YAML that says `inputs` only in prose (reference
/// pages). A key spelt with escapes (`"\x69nputs"`) is not seen.
/// Everything discovery would read as batch YAML passes (its own test is part of this one).
fn may_be_amlints(text: &str) -> bool {
    const OWN: &[Keyword] = &[
        Keyword::InputsKey,
        Keyword::OutputsKey,
        Keyword::DeploymentName,
        Keyword::EndpointInvoke,
    ];
    let found = keywords::scan_for(text, OWN.iter().chain(project::BATCH_YAML));
    found.has_any(OWN) || project::may_be_batch_yaml_found(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pre-filter of walked YAML never drops a file amlint reads: every YAML of the
    /// fixtures and the shared corpus (when beside the checkout) that is an inputs file, batch
    /// YAML, a datastore or a pipeline that invokes passes it.
    #[test]
    fn no_yaml_amlint_reads_is_left_unparsed() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut read = 0;
        for folder in [root.join("fixtures"), root.join("../shared/corpus")] {
            for entry in ignore::WalkBuilder::new(&folder).build().flatten() {
                if FileKind::of(entry.path()) != FileKind::YAML {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(entry.path()) else {
                    continue;
                };
                let file = SourceFile::new("f.yml", entry.path(), text);
                let doc = Document::parse(&file);
                let amlints = inputs_file::is_inputs_file(&doc, Role::Walked)
                    || project::classify(&doc).is_some()
                    || project::datastore(&doc).is_some()
                    || mentions_invoke_command(&file.text);
                if amlints {
                    read += 1;
                    assert!(may_be_amlints(&file.text), "{}", entry.path().display());
                }
            }
        }
        assert!(read > 20, "only {read} YAML files of amlint's found");
    }

    /// What a repository holds besides amlint's files is not parsed.
    #[test]
    fn yaml_that_is_not_amlints_is_left_unparsed() {
        let manifest =
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n";
        let conda = "name: env\nchannels: [conda-forge]\ndependencies:\n  - python=3.10\n  - pip:\n    - azure-ai-ml\n";
        let workflow = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n";
        for text in [manifest, conda, workflow] {
            assert!(!may_be_amlints(text), "{text}");
        }
        let invoking = "steps:\n  - run: az ml batch-endpoint invoke --name e\n";
        let deployment = "$schema: https://x/modelBatchDeployment.schema.json\nname: d\n";
        for text in [invoking, deployment, "inputs:\n  a: 1\n"] {
            assert!(may_be_amlints(text), "{text}");
        }
        // A named file is also read when a top-level key misspells `inputs`/`outputs`.
        assert!(misspells_inputs("inptus:\n  a: 1\n"));
        assert!(!misspells_inputs(manifest));
    }
}
