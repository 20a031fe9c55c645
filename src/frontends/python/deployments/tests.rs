//! Tests of the Python definitions reader.
use super::*;
use crate::project::deployment::Definition;

/// The definitions of `src` (read from `dir`), and the endpoint key of each invocation.
fn read(src: &str, dir: &Path) -> (Vec<Definition>, Vec<Option<String>>, Vec<Option<String>>) {
    #[derive(Default)]
    struct Found {
        definitions: Vec<Definition>,
        keys: Vec<Option<String>>,
        deployments: Vec<Option<String>>,
    }
    impl super::super::Found for Found {
        fn invocation(&mut self, invocation: crate::model::Invocation) {
            self.keys.push(
                invocation
                    .endpoint_name
                    .filter(|v| v.known)
                    .map(|v| v.text.into_string())
                    .or(invocation.endpoint_key),
            );
            self.deployments.push(
                invocation
                    .deployment_name
                    .filter(|v| v.known)
                    .map(|v| v.text.into_string()),
            );
        }
        fn mask(&mut self, _: crate::source::Span) {}
        fn definitions(&mut self, definitions: Arc<[Definition]>) {
            self.definitions.extend(definitions.iter().cloned());
        }
    }
    let mut found = Found::default();
    super::super::read(src, None, dir, &mut found).unwrap();
    (found.definitions, found.keys, found.deployments)
}

fn deployment(d: &Definition) -> &Deployment {
    match &d.item {
        Item::Deployment(d) => d,
        Item::Endpoint(_) => panic!("an endpoint"),
    }
}

fn endpoint(d: &Definition) -> &Endpoint {
    match &d.item {
        Item::Endpoint(e) => e,
        Item::Deployment(_) => panic!("a deployment"),
    }
}

#[test]
fn classes_give_kinds_names_and_endpoints() {
    let src = r#"
NAME = "scorer"
endpoint = BatchEndpoint(name="claims", defaults={"deployment_name": NAME})
a = ModelBatchDeployment(name=NAME, endpoint_name=endpoint.name, model=Model(path="m", type=AssetTypes.MLFLOW_MODEL))
b = BatchDeployment(name=f"{NAME}-legacy", endpoint_name="claims", code_path="src", scoring_script="score.py")
c = PipelineComponentBatchDeployment(name="prep", endpoint_name="claims", component=load_component(source="prep.yml"))
d = ModelBatchDeployment(name=compute_name(), endpoint_name=endpoint.name)
"#;
    let (defs, _, _) = read(src, Path::new("/repo/nb"));
    assert_eq!(defs.len(), 5);
    assert_eq!(endpoint(&defs[0]).name.as_deref(), Some("claims"));
    assert_eq!(
        endpoint(&defs[0]).default_deployment.as_deref(),
        Some("scorer")
    );
    let a = deployment(&defs[1]);
    assert_eq!(
        (
            a.name.as_deref(),
            a.endpoint_name.as_deref(),
            a.kind,
            a.mlflow_model
        ),
        (
            Some("scorer"),
            Some("claims"),
            DeploymentKind::Model,
            Some(true)
        )
    );
    let b = deployment(&defs[2]);
    assert_eq!(b.name.as_deref(), Some("scorer-legacy"));
    assert_eq!(
        b.kind,
        DeploymentKind::Model,
        "BatchDeployment takes no component"
    );
    assert_eq!(
        (b.code.as_deref(), b.scoring_script.as_deref()),
        (Some("src"), Some("score.py"))
    );
    let c = deployment(&defs[3]);
    assert_eq!(c.kind, DeploymentKind::Pipeline);
    assert_eq!(
        c.component,
        Some(ComponentRef::File(Arc::from(Path::new(
            "/repo/nb/prep.yml"
        ))))
    );
    assert_eq!(
        deployment(&defs[4]).name,
        None,
        "a computed name is unknown"
    );
}

#[test]
fn a_name_bound_again_after_the_definitions_is_not_a_key() {
    // One variable for two endpoints, one after the other: `endpoint_name` is no identity.
    let src = r#"
endpoint_name = "a-" + suffix
e = BatchEndpoint(name=endpoint_name)
endpoint_name = "b-" + suffix
job = ml_client.batch_endpoints.invoke(endpoint_name=endpoint_name, inputs={})
"#;
    let (defs, keys, _) = read(src, Path::new("."));
    assert_eq!(endpoint(&defs[0]).name, None);
    assert_eq!(keys, [None]);
    // Bound only before: one identity, shared by the object made from it and the one got.
    let src = r#"
endpoint_name = "a"
endpoint_name = f"{endpoint_name}-{suffix}"
endpoint = BatchEndpoint(name=endpoint_name)
d = ModelBatchDeployment(name="m", endpoint_name=endpoint.name)
endpoint = ml_client.batch_endpoints.get(endpoint_name)
endpoint.defaults.deployment_name = d.name
job = ml_client.batch_endpoints.invoke(endpoint_name=endpoint.name, inputs={})
"#;
    let (defs, keys, _) = read(src, Path::new("."));
    assert_eq!(endpoint(&defs[0]).name.as_deref(), Some("$endpoint_name"));
    assert_eq!(
        deployment(&defs[1]).endpoint_name.as_deref(),
        Some("$endpoint_name")
    );
    let default = endpoint(&defs[2]);
    assert_eq!(
        (
            default.name.as_deref(),
            default.default_deployment.as_deref()
        ),
        (Some("$endpoint_name"), Some("m"))
    );
    assert_eq!(keys, [Some("$endpoint_name".to_string())]);
    // A literal name, the object made and got again: the name.
    let src = r#"
endpoint_name = "claims"
endpoint = BatchEndpoint(name=endpoint_name)
endpoint = ml_client.batch_endpoints.get(name=endpoint_name)
job = ml_client.batch_endpoints.invoke(endpoint_name=endpoint.name, inputs={})
"#;
    assert_eq!(read(src, Path::new(".")).1, [Some("claims".to_string())]);
    // An object got from another name is another endpoint: no key.
    let src = r#"
endpoint_name = "a-" + suffix
endpoint = BatchEndpoint(name=endpoint_name)
endpoint = ml_client.batch_endpoints.get(other_name)
job = ml_client.batch_endpoints.invoke(endpoint_name=endpoint.name, inputs={})
"#;
    assert_eq!(read(src, Path::new(".")).1, [None]);
}

#[test]
fn an_attribute_set_again_is_unknown() {
    let src = r#"
d = ModelBatchDeployment(name="m", endpoint_name="e")
d.name = pick()
job = ml_client.batch_endpoints.invoke(endpoint_name="e", deployment_name=d.name, inputs={})
job = ml_client.batch_endpoints.invoke(endpoint_name="e", deployment_name=d.endpoint_name, inputs={})
"#;
    let (_, _, deployments) = read(src, Path::new("."));
    assert_eq!(deployments, [None, Some("e".to_string())]);
}

#[test]
fn loaders_read_the_yaml_they_name() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("lgbm.yml"),
        "$schema: https://azuremlschemas.azureedge.net/latest/modelBatchDeployment.schema.json\nname: lgbm\nendpoint_name: loans\ntype: model\nmodel: azureml:m:1\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("flat.yml"),
        "name: prep\nendpoint_name: loans\ncomponent: prep.yml\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("endpoint.yml"),
        "name: loans\nauth_mode: aad_token\ndefaults:\n  deployment_name: lgbm\n",
    )
    .unwrap();
    let src = r#"
a = load_model_batch_deployment("lgbm.yml")
b = load_batch_deployment(source="flat.yml")
c = load_batch_endpoint("endpoint.yml")
d = load_batch_deployment("missing.yml")
e = load_model_batch_deployment("lgbm.yml", params_override=[{"name": other}])
f = load_model_batch_deployment("/etc/hostname")
job = ml_client.batch_endpoints.invoke(endpoint_name=a.endpoint_name, deployment_name=a.name, inputs={})
"#;
    let (defs, keys, deployments) = read(src, dir);
    let a = deployment(&defs[0]);
    assert_eq!(
        (a.name.as_deref(), a.endpoint_name.as_deref(), a.kind),
        (Some("lgbm"), Some("loans"), DeploymentKind::Model)
    );
    assert!(a.loaded_from.is_some());
    let b = deployment(&defs[1]);
    assert_eq!(
        (b.name.as_deref(), b.kind),
        (Some("prep"), DeploymentKind::Pipeline)
    );
    assert_eq!(
        endpoint(&defs[2]).default_deployment.as_deref(),
        Some("lgbm")
    );
    // `missing.yml`: `load_batch_deployment` says no kind; it is not a deployment amlint knows.
    assert_eq!(defs.len(), 5);
    assert_eq!(
        deployment(&defs[3]).name,
        None,
        "params_override may rename it"
    );
    assert_eq!(
        deployment(&defs[4]).loaded_from,
        None,
        "absolute paths are not read"
    );
    // Nor a file above the repository.
    let repo = dir.join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let src = "a = load_model_batch_deployment(\"../lgbm.yml\")\n";
    let (defs, _, _) = read(src, &repo);
    assert_eq!(deployment(&defs[0]).loaded_from, None);
    assert_eq!(deployment(&defs[0]).name, None);
    assert_eq!(keys, [Some("loans".to_string())]);
    assert_eq!(deployments, [Some("lgbm".to_string())]);
}

#[test]
fn job_settings_come_from_the_settings_object_when_there_is_one() {
    let src = r#"
FILE = "scores.csv"
a = ModelBatchDeployment(name="a", output_action="append_row", settings=ModelBatchDeploymentSettings(mini_batch_size=10, output_action=BatchDeploymentOutputAction.SUMMARY_ONLY, output_file_name=FILE))
b = BatchDeployment(name="b", output_action="summary_only", output_file_name=compute())
c = ModelBatchDeployment(name="c", output_action="summary_only", settings=make_settings())
"#;
    let (defs, _, _) = read(src, Path::new("/nowhere"));
    let value = |d: &Definition, name: &str| d.setting(name).map(|s| s.value.clone());
    assert_eq!(
        value(&defs[0], "output_action"),
        Some(Some("summary_only".into()))
    );
    assert_eq!(
        value(&defs[0], "output_file_name"),
        Some(Some("scores.csv".into()))
    );
    assert_eq!(
        value(&defs[1], "output_action"),
        Some(Some("summary_only".into()))
    );
    assert_eq!(
        value(&defs[1], "output_file_name"),
        Some(None),
        "unknown, not guessed"
    );
    assert!(defs[2].settings.is_empty(), "settings amlint cannot read");
}

#[test]
fn a_model_deployment_s_bundle_is_read_with_its_places() {
    let src = r#"
CODE = "src"
a = ModelBatchDeployment(name="a", model=Model(path="m", type=AssetTypes.MLFLOW_MODEL), code_path=CODE, scoring_script="score.py")
b = ModelBatchDeployment(name="b", environment=env, code_configuration=CodeConfiguration(code="azureml://datastores/d/paths/c", scoring_script="s.py"))
c = ModelBatchDeployment(name="c", code_configuration=config)
"#;
    let (defs, _, _) = read(src, Path::new("/nowhere"));
    let bundle = |i: usize| defs[i].bundle.as_deref().expect("a model deployment");
    let a = bundle(0);
    assert_eq!(a.code.as_ref().map(|c| c.text.as_str()), Some("src"));
    let text = |span: crate::source::Span| &src[span.start..span.end];
    assert_eq!(text(a.code.as_ref().unwrap().span), "CODE");
    assert_eq!(text(a.code_configuration.unwrap()), "code_path");
    assert_eq!((a.mlflow, a.environment), (Some(true), Some(false)));
    assert!(a.python);
    let b = bundle(1);
    assert!(matches!(
        b.script,
        crate::model::bundle::ScriptAt::Remote(_)
    ));
    assert_eq!(
        b.environment, None,
        "an environment amlint cannot read is unknown"
    );
    let c = bundle(2);
    assert!(c.code_configuration.is_some() && c.code.is_none());
    assert_eq!(c.script, crate::model::bundle::ScriptAt::Unknown);
}

#[test]
fn a_definition_is_named_by_one_of_four_words() {
    let words = [
        "BatchDeployment",
        "BatchEndpoint",
        "batch_deployment",
        "load_batch_endpoint",
    ];
    let reference = |text: &str| words.iter().any(|w| text.contains(w));
    for text in [
        "x = ModelBatchDeployment(name='d')",
        "from azure.ai.ml.entities import BatchEndpoint",
        "ml_client.batch_deployments.get('d')",
        "e = load_batch_endpoint('e.yml')",
        "load_batch_endpoints",
        "batch_endpoints.invoke(endpoint_name='e')",
        "batchdeployment BATCHENDPOINT",
        "BatchBatchDeployment batch_batch_deployment load_load_batch_endpoint",
        "Batch",
        "batch_",
        "load_batch_endpoin",
        "xload_batch_endpoint",
        "batch_endpoint",
        "",
    ] {
        assert_eq!(mentions_definition(text), reference(text), "{text}");
    }
}
