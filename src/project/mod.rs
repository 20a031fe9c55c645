//! The project around a checked file: its batch endpoint and deployment YAML, and which kind of
//! deployment (model or pipeline component) an invocation targets.
//!
//! Discovery follows SPEC.md: from the file's folder, look for deployments in that folder and its
//! sub-folders; if there are none, in the parent and its sub-folders; and so on up to the
//! repository root (the folder holding `.git`). The first level that holds any deployment YAML is
//! the project. No folder is listed twice in a run and no file read twice ([`discovery`]).

pub mod arm;
pub mod bundle;
pub mod component;
pub mod deployment;
mod discovery;
pub mod schema;

pub use deployment::{ComponentRef, Defined, Deployment, Endpoint, Written};

pub(crate) use discovery::{BATCH_YAML, may_be_batch_yaml_found};
pub use discovery::{DefinitionsReader, MAX_READ_AHEAD_BYTES, Projects, ReadAhead};

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::fs::folders::{self, FolderId};
use crate::model::DatastoreKind;
use crate::model::DeploymentKind;
use crate::syntax::yaml::{Document, NodeRef};

/// What a batch YAML file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchFileKind {
    Endpoint,
    Deployment(DeploymentKind),
}

/// The batch YAML of one project.
#[derive(Clone, Debug)]
pub struct Project {
    /// Shared with discovery's cache and every other project that holds them: a deployment
    /// deep in a tree is in the project of each folder above it.
    pub deployments: Vec<Arc<Deployment>>,
    pub endpoints: Vec<Arc<Endpoint>>,
    /// Data stores declared by datastore YAML (`type: azure_blob|azure_file|…`), by name.
    pub datastores: HashMap<String, DatastoreKind>,
    /// The folder whose sub-tree holds them (`None` when no deployment was found).
    pub root: Option<FolderId>,
    /// Where the search stopped (the repository root, or the boundary amlint chose).
    pub boundary: FolderId,
}

/// The kind an invocation targets, and what decided it (or why it is unknown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KindDecision {
    pub kind: Option<DeploymentKind>,
    pub reason: String,
    /// A name ties the invocation to the deployment (or the user said the kind). When the kind
    /// is only inferred from the deployments around the file, the findings it enables are
    /// warnings: in a monorepo, those deployments may belong to another project.
    pub certain: bool,
    /// The deployment a name tied the invocation to (for an inferred kind, the only deployment
    /// around, if there is one).
    pub deployment: Option<Arc<Deployment>>,
    /// For a file a command passes with `--file`: the command gives inputs of its own
    /// (`--set inputs.…`), so the file alone does not show them all.
    pub inputs_elsewhere: bool,
}

/// A templated name (`name: $(endpoint_name)`) is unknown: it names nothing amlint can match.
pub(crate) fn text<'a>(node: Option<NodeRef<'a>>) -> Option<&'a str> {
    node.and_then(|n| n.as_str())
        .filter(|s| !s.is_empty() && !crate::placeholder::contains(s))
}

/// Keys that only a batch deployment has (an online deployment has none of them).
const BATCH_DEPLOYMENT_KEYS: &[&str] = &[
    "compute",
    "resources",
    "settings",
    "mini_batch_size",
    "output_action",
    "output_file_name",
    "retry_settings",
    "error_threshold",
    "max_concurrency_per_instance",
    "component",
    "job_definition",
];

/// Whether the raw text of a YAML file that does not parse looks like batch endpoint or
/// deployment YAML (read without parsing: its `$schema`, or `endpoint_name:` with a deployment's
/// keys, at column 0).
pub fn looks_like_batch_text(text: &str) -> bool {
    let mut endpoint_name = false;
    let mut deployment_key = false;
    for line in text.lines() {
        if let Some(schema) = line.strip_prefix("$schema:") {
            let schema = schema.to_ascii_lowercase();
            if schema.contains("batchendpoint") || schema.contains("batchdeployment") {
                return true;
            }
        }
        endpoint_name |= line.starts_with("endpoint_name:");
        deployment_key |= [
            "model:",
            "component:",
            "job_definition:",
            "mini_batch_size:",
        ]
        .iter()
        .any(|k| line.starts_with(k))
            || line.starts_with("type: model")
            || line.starts_with("type: pipeline");
    }
    endpoint_name && deployment_key
}

/// Recognise a batch endpoint or deployment by its `$schema`, else by its keys.
pub fn classify(doc: &Document) -> Option<BatchFileKind> {
    let root = doc.root().filter(|r| r.is_mapping())?;
    let ty = text(root.get("type")).map(str::to_ascii_lowercase);
    let keyed_kind = || -> Option<DeploymentKind> {
        match ty.as_deref() {
            Some("model") => return Some(DeploymentKind::Model),
            Some("pipeline" | "component") => return Some(DeploymentKind::Pipeline),
            _ => {}
        }
        if root.get("component").is_some() || root.get("job_definition").is_some() {
            Some(DeploymentKind::Pipeline)
        } else {
            Some(DeploymentKind::Model)
        }
    };
    if let Some(schema) = text(root.get("$schema")) {
        let lower = schema.to_ascii_lowercase();
        if lower.contains("batchendpoint") {
            return Some(BatchFileKind::Endpoint);
        }
        if lower.contains("modelbatchdeployment") {
            return Some(BatchFileKind::Deployment(DeploymentKind::Model));
        }
        if lower.contains("pipelinecomponentbatchdeployment") {
            return Some(BatchFileKind::Deployment(DeploymentKind::Pipeline));
        }
        if lower.contains("batchdeployment") {
            return keyed_kind().map(BatchFileKind::Deployment);
        }
        if lower.contains("online") || lower.contains(".schema.json") {
            return None;
        }
    }
    if root.get("endpoint_name").is_some() {
        let batch = matches!(ty.as_deref(), Some("model" | "pipeline" | "component"))
            || BATCH_DEPLOYMENT_KEYS.iter().any(|k| root.get(k).is_some());
        if batch && root.get("instance_type").is_none() {
            return keyed_kind().map(BatchFileKind::Deployment);
        }
        return None;
    }
    let batch_endpoint = ty.as_deref() == Some("batch")
        || text(root.get("auth_mode")).is_some_and(|m| m.eq_ignore_ascii_case("aad_token"))
        || root
            .get("defaults")
            .and_then(|d| d.get("deployment_name"))
            .is_some();
    (batch_endpoint && root.get("name").is_some()).then_some(BatchFileKind::Endpoint)
}

/// The `settings` value or, in the flat layout, the top-level one.
pub fn setting<'a>(root: NodeRef<'a>, key: &str) -> Option<(NodeRef<'a>, NodeRef<'a>)> {
    root.get("settings")
        .and_then(|s| s.get_entry(key))
        .or_else(|| root.get_entry(key))
}

/// A datastore YAML (`az ml datastore create --file`): its name and storage kind.
pub fn datastore(doc: &Document) -> Option<(String, DatastoreKind)> {
    let root = doc.root().filter(|r| r.is_mapping())?;
    let kind = match text(root.get("type"))? {
        "azure_blob" => DatastoreKind::Blob,
        "azure_file" => DatastoreKind::File,
        "azure_data_lake_gen1" => DatastoreKind::AdlsGen1,
        "azure_data_lake_gen2" => DatastoreKind::AdlsGen2,
        _ => return None,
    };
    Some((text(root.get("name"))?.to_string(), kind))
}

/// Which deployment an invocation names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Named<'a> {
    /// None: the endpoint's default deployment runs.
    Nothing,
    /// This one, by a name amlint reads.
    Deployment(&'a str),
    /// One, by a value amlint cannot read.
    Unknown,
}

impl Project {
    /// A project with no batch YAML, whose search stopped at `boundary`.
    pub fn empty(boundary: FolderId) -> Project {
        Project {
            deployments: Vec::new(),
            endpoints: Vec::new(),
            datastores: HashMap::new(),
            root: None,
            boundary,
        }
    }

    /// The kind an invocation targets, in SPEC.md's order (after `--deployment-kind`): the
    /// deployment it names; the endpoint's default deployment or its only deployment; the one
    /// kind every deployment found shares; otherwise unknown.
    pub fn resolve(
        &self,
        named: Named<'_>,
        endpoint: Option<&str>,
        shown: &dyn Fn(&Path) -> String,
    ) -> KindDecision {
        self.resolve_with(&Defined::default(), None, named, endpoint, shown)
    }

    /// [`Project::resolve`] for an invocation written in a file that defines deployments and
    /// endpoints itself (`local`: Python, a notebook, a Markdown page): those are the nearest of
    /// all, searched before the project's. `here` is that file (absolute): what discovery read
    /// of it is `local` again (or, in an editor, the file as saved), so the project's
    /// definitions from it are left out.
    pub fn resolve_with(
        &self,
        local: &Defined,
        here: Option<&Path>,
        named: Named<'_>,
        endpoint: Option<&str>,
        shown: &dyn Fn(&Path) -> String,
    ) -> KindDecision {
        let merged;
        let (deployments, endpoints): (&[Arc<Deployment>], &[Arc<Endpoint>]) =
            if local.is_empty() && here.is_none() {
                (&self.deployments, &self.endpoints)
            } else {
                let elsewhere = |path: &Path| here.is_none_or(|here| path != here);
                merged = (
                    local
                        .deployments
                        .iter()
                        .chain(self.deployments.iter().filter(|d| elsewhere(&d.path)))
                        .cloned()
                        .collect::<Vec<_>>(),
                    local
                        .endpoints
                        .iter()
                        .chain(self.endpoints.iter().filter(|e| elsewhere(&e.path)))
                        .cloned()
                        .collect::<Vec<_>>(),
                );
                (&merged.0, &merged.1)
            };
        // The deployments called `name` (of the endpoint, if it is known and `of_endpoint`),
        // nearest first: those of the invocation's own file if any, else the project's. Two of
        // different kinds there tie nothing: which one the name reaches is not known.
        let local_count = local.deployments.len();
        let called = |name: &str,
                      of_endpoint: bool|
         -> Result<Option<&Arc<Deployment>>, KindDecision> {
            let matching = |range: std::ops::Range<usize>| -> Vec<&Arc<Deployment>> {
                deployments[range]
                    .iter()
                    .filter(|d| !of_endpoint || endpoint.is_none_or(|e| d.may_be_of(e)))
                    .filter(|d| d.is_named(name))
                    .collect()
            };
            let mut found = matching(0..local_count);
            if found.is_empty() {
                found = matching(local_count..deployments.len());
            }
            let Some(first) = found.first() else {
                return Ok(None);
            };
            match found.iter().find(|d| d.kind != first.kind) {
                None => Ok(Some(first)),
                Some(other) => Err(KindDecision {
                    kind: None,
                    reason: format!(
                        "two deployments are called `{name}`, of both kinds: a {} deployment at {} and a {} deployment at {}",
                        first.kind.as_str(),
                        first.place(shown),
                        other.kind.as_str(),
                        other.place(shown)
                    ),
                    certain: false,
                    deployment: None,
                    inputs_elsewhere: false,
                }),
            }
        };
        let deployment = match named {
            Named::Deployment(name) => Some(name),
            Named::Nothing | Named::Unknown => None,
        };
        // Only an invocation that names no deployment runs the endpoint's default one: a
        // deployment named by a value amlint cannot read (`deployment_name=deployment.name`,
        // `-d "$X"`) may be any of the endpoint's.
        let names_none = named == Named::Nothing;
        let decided = |d: &Arc<Deployment>, how: &str, certain: bool| KindDecision {
            kind: Some(d.kind),
            reason: format!(
                "{how} `{}` {}{}",
                d.name.as_deref().unwrap_or("?"),
                match d.written {
                    Written::Yaml => "in ".to_string(),
                    other => format!("defined in {} at ", other.as_str()),
                },
                d.place(shown)
            ),
            certain,
            deployment: Some(d.clone()),
            inputs_elsewhere: false,
        };
        if deployments.is_empty() {
            return KindDecision {
                kind: None,
                reason: format!(
                    "no batch deployment found between the file's folder and {}",
                    shown(&folders::path_of(self.boundary))
                ),
                certain: false,
                deployment: None,
                inputs_elsewhere: false,
            };
        }
        if let Some(name) = deployment {
            match called(name, true) {
                Ok(Some(d)) => return decided(d, "deployment", true),
                Ok(None) => {}
                Err(conflict) => return conflict,
            }
        }
        // The endpoint: the one named, or the only one in the project. An endpoint Python
        // defines in another file is reached by its name only: that file makes and uses it in
        // its own run, and an invocation naming its endpoint by a value amlint cannot read
        // (`os.environ["ENDPOINT"]`) may be any other.
        let shared: Vec<Arc<Endpoint>>;
        let only_candidates: &[Arc<Endpoint>] = if endpoint.is_none()
            && endpoints[local.endpoints.len()..]
                .iter()
                .any(|e| e.written == Written::Python)
        {
            shared = endpoints
                .iter()
                .enumerate()
                .filter(|(i, e)| *i < local.endpoints.len() || e.written != Written::Python)
                .map(|(_, e)| e.clone())
                .collect();
            &shared
        } else {
            endpoints
        };
        let endpoint_defs: Vec<&Arc<Endpoint>> = match endpoint {
            Some(name) => endpoints.iter().filter(|e| e.is_named(name)).collect(),
            None => match only_candidates {
                [only] => vec![only],
                // One endpoint defined several times (created, then its default set).
                [first, rest @ ..]
                    if first.name.is_some()
                        && rest
                            .iter()
                            .all(|e| e.name.as_deref() == first.name.as_deref()) =>
                {
                    only_candidates.iter().collect()
                }
                _ => Vec::new(),
            },
        };
        if names_none
            && let Some(default) = endpoint_defs
                .iter()
                .find_map(|e| e.default_deployment.as_deref())
        {
            match called(default, false) {
                Ok(Some(d)) => return decided(d, "the endpoint's default deployment", true),
                Ok(None) => {}
                Err(conflict) => return conflict,
            }
        }
        let endpoint_name =
            endpoint.or_else(|| endpoint_defs.first().and_then(|e| e.name.as_deref()));
        if names_none && let Some(name) = endpoint_name {
            let of_endpoint: Vec<&Arc<Deployment>> = deployments
                .iter()
                .filter(|d| {
                    d.endpoint_name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
                })
                .collect();
            if let [only] = of_endpoint.as_slice() {
                return decided(only, "the endpoint's only deployment", true);
            }
        }
        let first = deployments[0].kind;
        if deployments.iter().all(|d| d.kind == first) {
            return KindDecision {
                kind: Some(first),
                reason: format!(
                    "inferred: every deployment found under {} is a {} deployment",
                    shown(&folders::path_of(self.root.unwrap_or(self.boundary))),
                    first.as_str()
                ),
                certain: false,
                // The only deployment around is the one the invocation most likely runs (its
                // component's findings are warnings in any case).
                deployment: match deployments {
                    [only] => Some(only.clone()),
                    _ => None,
                },
                inputs_elsewhere: false,
            };
        }
        KindDecision {
            kind: None,
            reason: format!(
                "the deployments under {} are of both kinds, and the invocation names none of them{}",
                shown(&folders::path_of(self.root.unwrap_or(self.boundary))),
                deployment.map_or(String::new(), |d| format!(
                    " (no deployment is called `{d}`)"
                ))
            ),
            certain: false,
            deployment: None,
            inputs_elsewhere: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Option<BatchFileKind> {
        classify(&Document::parse_str(text))
    }

    #[test]
    fn recognises_datastore_yaml() {
        let doc = Document::parse_str("name: lake\ntype: azure_data_lake_gen2\naccount_name: a\n");
        assert_eq!(
            datastore(&doc),
            Some(("lake".into(), DatastoreKind::AdlsGen2))
        );
        assert_eq!(
            datastore(&Document::parse_str("name: x\ntype: pipeline\n")),
            None
        );
    }

    #[test]
    fn classifies_by_schema_type_and_keys() {
        use DeploymentKind::*;
        assert_eq!(
            kind("$schema: https://x/latest/batchEndpoint.schema.json\nname: e\n"),
            Some(BatchFileKind::Endpoint)
        );
        assert_eq!(
            kind("$schema: https://x/latest/modelBatchDeployment.schema.json\nname: d\n"),
            Some(BatchFileKind::Deployment(Model))
        );
        assert_eq!(
            kind("name: d\nendpoint_name: e\ntype: pipeline\ncomponent: azureml:c@latest\n"),
            Some(BatchFileKind::Deployment(Pipeline))
        );
        assert_eq!(
            kind("name: d\nendpoint_name: e\ntype: component\njob_definition: {type: pipeline}\n"),
            Some(BatchFileKind::Deployment(Pipeline))
        );
        assert_eq!(
            kind(
                "name: blue\nendpoint_name: e\nmodel: azureml:m:1\ncompute: azureml:c\nmini_batch_size: 5\n"
            ),
            Some(BatchFileKind::Deployment(Model))
        );
        assert_eq!(
            kind("name: e\ntype: batch\nauth_mode: aad_token\n"),
            Some(BatchFileKind::Endpoint)
        );
        // Online deployments and endpoints are not batch.
        assert_eq!(
            kind(
                "name: blue\nendpoint_name: e\nmodel: m\ninstance_type: Standard_DS3_v2\ninstance_count: 1\n"
            ),
            None
        );
        assert_eq!(kind("name: e\nauth_mode: key\n"), None);
        assert_eq!(kind("inputs: {}\n"), None);
    }

    fn project(
        deployments: &[(&str, &str, DeploymentKind)],
        endpoints: &[(&str, Option<&str>)],
    ) -> Project {
        Project {
            deployments: deployments
                .iter()
                .map(|(n, e, k)| {
                    let mut d = Deployment::new(
                        Path::new(&format!("{n}.yml")).into(),
                        1,
                        Written::Yaml,
                        *k,
                    );
                    d.name = Some(n.to_string());
                    d.endpoint_name = Some(e.to_string());
                    Arc::new(d)
                })
                .collect(),
            endpoints: endpoints
                .iter()
                .map(|(n, d)| {
                    let mut e = Endpoint::new(Path::new("endpoint.yml").into(), 1, Written::Yaml);
                    e.name = Some(n.to_string());
                    e.default_deployment = d.map(String::from);
                    Arc::new(e)
                })
                .collect(),
            datastores: HashMap::new(),
            root: Some(folders::id_of(Path::new("."))),
            boundary: folders::id_of(Path::new(".")),
        }
    }

    #[test]
    fn a_deployment_named_by_an_unknown_value_is_not_the_default_one() {
        use DeploymentKind::*;
        let show = |p: &Path| p.display().to_string();
        let with_default = project(
            &[("m", "e", Model), ("p", "e", Pipeline)],
            &[("e", Some("m"))],
        );
        assert_eq!(
            with_default.resolve(Named::Nothing, Some("e"), &show).kind,
            Some(Model)
        );
        let unknown = with_default.resolve(Named::Unknown, Some("e"), &show);
        assert_eq!(unknown.kind, None);
        // Nor the endpoint's only deployment: a certain kind would need its name.
        let only = project(&[("m", "e", Model)], &[("e", None)]);
        let decision = only.resolve(Named::Unknown, Some("e"), &show);
        assert!(!decision.certain, "{}", decision.reason);
    }

    #[test]
    fn deployments_of_the_same_file_come_first() {
        use DeploymentKind::*;
        let show = |p: &Path| p.display().to_string();
        // The project around holds a pipeline deployment of the same name in YAML.
        let around = project(&[("scorer", "e", Pipeline)], &[]);
        let mut local = Defined::default();
        let mut here = Deployment::new(Path::new("nb.ipynb").into(), 40, Written::Python, Model);
        here.name = Some("Scorer".into());
        here.endpoint_name = Some("$endpoint_name".into());
        local.deployments.push(Arc::new(here));
        let mut endpoint = Endpoint::new(Path::new("nb.ipynb").into(), 30, Written::Python);
        endpoint.name = Some("$endpoint_name".into());
        endpoint.default_deployment = Some("scorer".into());
        local.endpoints.push(Arc::new(endpoint));
        let named = around.resolve_with(&local, None, Named::Deployment("scorer"), None, &show);
        assert_eq!((named.kind, named.certain), (Some(Model), true));
        assert!(
            named.reason.contains("defined in Python at nb.ipynb:40"),
            "{}",
            named.reason
        );
        let default =
            around.resolve_with(&local, None, Named::Nothing, Some("$endpoint_name"), &show);
        assert_eq!((default.kind, default.certain), (Some(Model), true));
        // An unknown deployment of a known endpoint: not the default, and the kinds differ.
        let unknown =
            around.resolve_with(&local, None, Named::Unknown, Some("$endpoint_name"), &show);
        assert_eq!(unknown.kind, None);
        // Another endpoint: nothing ties it; the kinds around differ.
        let other = around.resolve_with(&local, None, Named::Nothing, Some("shared"), &show);
        assert_eq!(other.kind, None);
    }

    /// A Python deployment of another file of the project (`written`, at `path:line`).
    fn python(
        path: &str,
        line: usize,
        name: &str,
        endpoint: Option<&str>,
        kind: DeploymentKind,
    ) -> Arc<Deployment> {
        let mut d = Deployment::new(Path::new(path).into(), line, Written::Python, kind);
        d.name = Some(name.into());
        d.endpoint_name = endpoint.map(String::from);
        Arc::new(d)
    }

    #[test]
    fn a_python_deployment_elsewhere_ties_by_name_only() {
        use DeploymentKind::*;
        let show = |p: &Path| p.display().to_string();
        let mut around = project(&[], &[]);
        around
            .deployments
            .push(python("/r/deploy.py", 12, "d", Some("e"), Model));
        let mut endpoint = Endpoint::new(Path::new("/r/deploy.py").into(), 5, Written::Python);
        endpoint.name = Some("e".into());
        around.endpoints.push(Arc::new(endpoint));
        let named = around.resolve(Named::Deployment("d"), Some("e"), &show);
        assert_eq!((named.kind, named.certain), (Some(Model), true));
        assert!(
            named
                .reason
                .contains("defined in Python at /r/deploy.py:12"),
            "{}",
            named.reason
        );
        // Its endpoint, named: its only deployment.
        let by_endpoint = around.resolve(Named::Nothing, Some("e"), &show);
        assert_eq!((by_endpoint.kind, by_endpoint.certain), (Some(Model), true));
        // An endpoint amlint cannot read is not "the only endpoint" when that one is Python's
        // elsewhere: inferred at most.
        let unknown_endpoint = around.resolve(Named::Nothing, None, &show);
        assert_eq!(
            (unknown_endpoint.kind, unknown_endpoint.certain),
            (Some(Model), false)
        );
        // The file itself, read by discovery, is left out when it is the invocation's own.
        let here = around.resolve_with(
            &Defined::default(),
            Some(Path::new("/r/deploy.py")),
            Named::Deployment("d"),
            Some("e"),
            &show,
        );
        assert_eq!(here.kind, None, "{}", here.reason);
    }

    #[test]
    fn two_deployments_of_one_name_and_both_kinds_tie_nothing() {
        use DeploymentKind::*;
        let show = |p: &Path| p.display().to_string();
        let mut around = project(&[("scorer", "e", Pipeline)], &[("e", Some("scorer"))]);
        around
            .deployments
            .push(python("/r/nb.ipynb", 40, "Scorer", None, Model));
        for named in [Named::Deployment("scorer"), Named::Nothing] {
            let decision = around.resolve(named, Some("e"), &show);
            assert_eq!(decision.kind, None, "{named:?}");
            assert!(
                decision.reason.contains("both kinds"),
                "{}",
                decision.reason
            );
            assert!(
                decision.reason.contains("/r/nb.ipynb:40"),
                "{}",
                decision.reason
            );
        }
        // The same file's own deployment is nearer than both.
        let mut local = Defined::default();
        local
            .deployments
            .push(python("x.py", 3, "scorer", None, Model));
        let nearest =
            around.resolve_with(&local, None, Named::Deployment("scorer"), Some("e"), &show);
        assert_eq!((nearest.kind, nearest.certain), (Some(Model), true));
        // One name, one kind, twice (a notebook and the script made from it): a tie.
        let mut twice = project(&[("m", "e", Model)], &[]);
        twice
            .deployments
            .push(python("/r/m.py", 7, "m", Some("e"), Model));
        let decision = twice.resolve(Named::Deployment("m"), Some("e"), &show);
        assert_eq!((decision.kind, decision.certain), (Some(Model), true));
    }

    #[test]
    fn resolution_order() {
        use DeploymentKind::*;
        let show = |p: &Path| p.display().to_string();
        let mixed = project(&[("m", "e", Model), ("p", "e", Pipeline)], &[("e", None)]);
        assert_eq!(
            mixed.resolve(Named::Deployment("m"), None, &show).kind,
            Some(Model)
        );
        assert_eq!(
            mixed.resolve(Named::Deployment("p"), Some("e"), &show).kind,
            Some(Pipeline)
        );
        assert_eq!(mixed.resolve(Named::Nothing, None, &show).kind, None);
        assert_eq!(
            mixed.resolve(Named::Deployment("other"), None, &show).kind,
            None
        );
        let with_default = project(
            &[("m", "e", Model), ("p", "e", Pipeline)],
            &[("e", Some("p"))],
        );
        assert_eq!(
            with_default.resolve(Named::Nothing, None, &show).kind,
            Some(Pipeline)
        );
        assert_eq!(
            with_default.resolve(Named::Nothing, Some("e"), &show).kind,
            Some(Pipeline)
        );
        let two_endpoints = project(&[("m", "e1", Model), ("p", "e2", Pipeline)], &[]);
        assert_eq!(
            two_endpoints
                .resolve(Named::Nothing, Some("e2"), &show)
                .kind,
            Some(Pipeline)
        );
        let all_model = project(&[("a", "e", Model), ("b", "e", Model)], &[]);
        let decision = all_model.resolve(Named::Nothing, None, &show);
        assert_eq!(decision.kind, Some(Model));
        assert!(decision.reason.contains("every deployment"));
    }
}
