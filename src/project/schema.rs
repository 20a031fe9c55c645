//! JSON Schema validation of batch endpoint and deployment YAML, with every error mapped back to
//! the key or value it is about (taplo's technique: walk the error's instance path down the
//! spanned tree). The schemas are amlint's own (`schemas/`), compiled once per process, and no
//! reference is ever fetched from the network.

use std::sync::LazyLock;

use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, Validator};
use serde_json::{Map, Number, Value};

use crate::model::DeploymentKind;
use crate::placeholder;
use crate::project::BatchFileKind;
use crate::source::Span;
use crate::suggest;
use crate::syntax::yaml::{Document, Kind, NodeRef};
use crate::syntax::yaml11;

pub const MODEL_DEPLOYMENT: &str = include_str!("../../schemas/model-batch-deployment.schema.json");
pub const PIPELINE_DEPLOYMENT: &str =
    include_str!("../../schemas/pipeline-component-batch-deployment.schema.json");
pub const ENDPOINT: &str = include_str!("../../schemas/batch-endpoint.schema.json");
pub const INPUTS: &str = include_str!("../../schemas/inputs.schema.json");

struct Compiled {
    schema: Value,
    validator: Validator,
}

fn compile(text: &str) -> Compiled {
    let schema: Value = serde_json::from_str(text).expect("vendored schema is JSON");
    let validator = jsonschema::options()
        .with_draft(Draft::Draft7)
        .build(&schema)
        .expect("vendored schema compiles");
    Compiled { schema, validator }
}

static MODEL: LazyLock<Compiled> = LazyLock::new(|| compile(MODEL_DEPLOYMENT));
static PIPELINE: LazyLock<Compiled> = LazyLock::new(|| compile(PIPELINE_DEPLOYMENT));
static ENDPOINT_SCHEMA: LazyLock<Compiled> = LazyLock::new(|| compile(ENDPOINT));

/// One schema violation, at the key or value it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

/// Converting aliases copies their target; this many values at most (an alias bomb stops here).
const MAX_VALUES: usize = 100_000;

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

fn scalar_value(node: NodeRef<'_>) -> Value {
    let text = node.as_str().unwrap_or_default();
    match node.yaml11() {
        yaml11::Value::Null => Value::Null,
        yaml11::Value::Bool(b) => Value::Bool(b),
        yaml11::Value::Int(Some(n)) => i64::try_from(n)
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(text.to_string())),
        yaml11::Value::Float(f) => {
            Number::from_f64(f).map_or_else(|| Value::String(text.to_string()), Value::Number)
        }
        _ => Value::String(text.to_string()),
    }
}

/// The YAML tree as JSON. `None` past [`MAX_VALUES`].
fn to_json(node: NodeRef<'_>, budget: &mut usize) -> Option<Value> {
    *budget = budget.checked_sub(1)?;
    Some(match node.kind() {
        Kind::Mapping => {
            let mut map = Map::new();
            for (k, v) in node.entries() {
                let key = k.as_str().unwrap_or_default().to_string();
                map.insert(key, to_json(v, budget)?);
            }
            Value::Object(map)
        }
        Kind::Sequence => {
            let mut items = Vec::new();
            for item in node.items() {
                items.push(to_json(item, budget)?);
            }
            Value::Array(items)
        }
        _ => scalar_value(node),
    })
}

/// The key span and value span of what a JSON pointer into [`to_json`]'s conversion names, found
/// in the YAML tree only for the few pointers an error names (recording every node's pointer
/// was most of a validation's cost). A repeated key names its last entry, as in the conversion.
fn spans_at(root: NodeRef<'_>, pointer: &str) -> Option<(Option<Span>, Span)> {
    let mut node = root;
    let mut key_span = None;
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        match node.kind() {
            Kind::Mapping => {
                let (key, value) = node
                    .entries()
                    .filter(|(k, _)| k.as_str().unwrap_or_default() == segment)
                    .last()?;
                key_span = Some(key.span());
                node = value;
            }
            Kind::Sequence => {
                node = node.items().nth(segment.parse().ok()?)?;
                key_span = None;
            }
            _ => return None,
        }
    }
    Some((key_span, node.span()))
}

/// The sub-schema at an instance path, following `properties` (for names and descriptions).
fn sub_schema<'a>(schema: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut current = schema;
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        current = current.get("properties")?.get(&segment)?;
    }
    Some(current)
}

fn what(kind: BatchFileKind) -> &'static str {
    match kind {
        BatchFileKind::Endpoint => "a batch endpoint",
        BatchFileKind::Deployment(DeploymentKind::Model) => "a model batch deployment",
        BatchFileKind::Deployment(DeploymentKind::Pipeline) => {
            "a pipeline component batch deployment"
        }
    }
}

/// Validate a batch YAML document against amlint's schema for its kind.
pub fn validate(doc: &Document, kind: BatchFileKind) -> Vec<SchemaError> {
    let Some(root) = doc.root() else {
        return Vec::new();
    };
    let compiled: &Compiled = match kind {
        BatchFileKind::Endpoint => &ENDPOINT_SCHEMA,
        BatchFileKind::Deployment(DeploymentKind::Model) => &MODEL,
        BatchFileKind::Deployment(DeploymentKind::Pipeline) => &PIPELINE,
    };
    let mut budget = MAX_VALUES;
    let Some(instance) = to_json(root, &mut budget) else {
        return Vec::new();
    };
    let mut errors: Vec<SchemaError> = Vec::new();
    for error in compiled.validator.iter_errors(&instance) {
        // A templated value (`$(name)`, `${{ parameters.x }}`, `#{TOKEN}#`, …) is filled in
        // before azure-ai-ml validates it (`--set name=…` is applied first too): unknown, so it
        // satisfies any type, pattern or enum.
        if error.instance().as_str().is_some_and(placeholder::contains) {
            continue;
        }
        let pointer = error.instance_path().as_str().to_string();
        let (key_span, value_span) = spans_at(root, &pointer).unwrap_or((None, root.span()));
        let field = pointer
            .rsplit('/')
            .next()
            .unwrap_or("")
            .replace("~1", "/")
            .replace("~0", "~");
        let sub = sub_schema(&compiled.schema, &pointer);
        let description = sub
            .and_then(|s| s.get("description"))
            .and_then(Value::as_str);
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let known: Vec<&str> = sub
                    .and_then(|s| s.get("properties"))
                    .and_then(Value::as_object)
                    .map(|p| p.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                for key in unexpected.iter().filter(|k| !placeholder::contains(k)) {
                    let child = format!("{pointer}/{}", escape(key));
                    let span = spans_at(root, &child)
                        .and_then(|(k, _)| k)
                        .unwrap_or(value_span);
                    let place = if pointer.is_empty() {
                        what(kind).to_string()
                    } else {
                        format!("`{field}` of {}", what(kind))
                    };
                    errors.push(SchemaError {
                        span,
                        message: format!(
                            "`{key}` is not a key of {place}; azure-ai-ml rejects it (\"Unknown field.\")"
                        ),
                        help: Some(match suggest::closest(key, &known, 3) {
                            Some(better) => format!("did you mean `{better}`?"),
                            None => format!("remove it; the keys here are: {}", known.join(", ")),
                        }),
                    });
                }
            }
            ValidationErrorKind::Required { property } => errors.push(SchemaError {
                span: key_span.unwrap_or(value_span),
                message: format!("{} lacks the required key {property}", what(kind)),
                help: None,
            }),
            // `PipelineComponentFileRefField` reads a file name only.
            ValidationErrorKind::Type { .. }
                if pointer == "/component"
                    && kind == BatchFileKind::Deployment(DeploymentKind::Pipeline)
                    && error.instance().is_object() =>
            {
                errors.push(SchemaError {
                    span: key_span.unwrap_or(value_span),
                    message: "an inline `component:` mapping is refused by azure-ai-ml \
                              (\"Not supporting non file for component\"): a pipeline \
                              component deployment names its component by file or reference"
                        .to_string(),
                    help: Some(
                        "move the component to its own file (`component: pipeline.yml`), or \
                         register it and write `component: azureml:NAME@latest`"
                            .to_string(),
                    ),
                });
            }
            ValidationErrorKind::Type { .. } => {
                let expected = sub
                    .and_then(|s| s.get("type"))
                    .map(|t| match t {
                        Value::Array(a) => a
                            .iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join(" or "),
                        other => other.as_str().unwrap_or("?").to_string(),
                    })
                    .unwrap_or_default();
                errors.push(SchemaError {
                    span: value_span,
                    message: format!("`{field}` must be {} {expected}", article(&expected)),
                    help: description.map(String::from),
                });
            }
            ValidationErrorKind::Pattern { .. } | ValidationErrorKind::Enum { .. } => {
                let shown = error
                    .instance()
                    .as_str()
                    .map(String::from)
                    .unwrap_or_else(|| error.instance().to_string());
                errors.push(SchemaError {
                    span: value_span,
                    message: format!("`{shown}` is not a valid `{field}`"),
                    help: description.map(String::from),
                });
            }
            _ => errors.push(SchemaError {
                span: value_span,
                message: format!("`{field}`: {}", error.masked()),
                help: description.map(String::from),
            }),
        }
    }
    if kind == BatchFileKind::Deployment(DeploymentKind::Model) {
        layout_errors(root, &mut errors);
    }
    errors.sort_by_key(|e| (e.span.start, e.span.end));
    errors.dedup();
    errors
}

/// What azure-ai-ml's loader for the file's layout rejects and the schema of both layouts
/// accepts (RULES.md §10): under `type: model` (`ModelBatchDeploymentSchema`) the job settings
/// live under `settings:`, and a top-level `mini_batch_size`, `output_action`, … — or a
/// pipeline's `component`/`job_definition` — is "Unknown field."; a file without `type:` that
/// has both a `settings:` block and top-level job settings fails whichever loader reads it (the
/// flat `BatchDeploymentSchema` has no `settings`). `error_threshold` and
/// `environment_variables` load at the top level of both.
fn layout_errors(root: NodeRef<'_>, errors: &mut Vec<SchemaError>) {
    use crate::model::bundle::FLAT_ONLY_SETTINGS;
    if !root.is_mapping() {
        return;
    }
    let ty = root.get("type").and_then(|t| t.as_str());
    if ty.is_some_and(placeholder::contains) {
        return;
    }
    let model = ty.is_some_and(|t| t.eq_ignore_ascii_case("model"));
    let mixed = ty.is_none() && root.get("settings").is_some();
    if !model && !mixed {
        return;
    }
    for (key, _) in root.entries() {
        let Some(name) = key.as_str() else {
            continue;
        };
        let setting = FLAT_ONLY_SETTINGS.contains(&name);
        if setting && model {
            errors.push(SchemaError {
                span: key.span(),
                message: format!(
                    "`{name}` at the top level of a `type: model` deployment: azure-ai-ml's \
                     model loader reads job settings only under `settings:` (\"{name}\": \
                     [\"Unknown field.\"])"
                ),
                help: Some(format!("move `{name}` under `settings:`")),
            });
        } else if setting {
            errors.push(SchemaError {
                span: key.span(),
                message: format!(
                    "`{name}` at the top level beside a `settings:` block: no azure-ai-ml loader \
                     reads this file — the model layout keeps job settings under `settings:` \
                     (\"{name}\": [\"Unknown field.\"]) and the flat layout has no `settings:` \
                     ({{'settings': ['Unknown field.']}})"
                ),
                help: Some(format!(
                    "move `{name}` under `settings:`, and say `type: model`"
                )),
            });
        } else if model && matches!(name, "component" | "job_definition") {
            errors.push(SchemaError {
                span: key.span(),
                message: format!(
                    "`{name}` in a `type: model` deployment: azure-ai-ml's model loader does not \
                     know it (\"{name}\": [\"Unknown field.\"]); a pipeline component deployment \
                     says `type: pipeline`"
                ),
                help: Some(
                    "use `type: pipeline` for a pipeline component deployment, or remove it"
                        .to_string(),
                ),
            });
        }
    }
}

fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str, kind: BatchFileKind) -> Vec<(String, String)> {
        let doc = Document::parse_str(text);
        validate(&doc, kind)
            .into_iter()
            .map(|e| (text[e.span.start..e.span.end].to_string(), e.message))
            .collect()
    }

    #[test]
    fn the_schemas_compile_and_accept_the_documented_layouts() {
        let model = "$schema: https://x/modelBatchDeployment.schema.json\nname: d\nendpoint_name: e\ntype: model\nmodel: azureml:m@latest\ncompute: azureml:c\nresources:\n  instance_count: 2\nsettings:\n  mini_batch_size: 2\n  output_action: append_row\n  output_file_name: predictions.csv\n  retry_settings:\n    max_retries: 3\n    timeout: 300\n  error_threshold: -1\n  logging_level: info\n";
        assert!(errors(model, BatchFileKind::Deployment(DeploymentKind::Model)).is_empty());
        let flat = "name: blue\nendpoint_name: e\nmodel:\n  name: m\n  version: 5\n  path: ./m.pkl\nmini_batch_size: 5\noutput_action: Append_Row\n";
        assert!(errors(flat, BatchFileKind::Deployment(DeploymentKind::Model)).is_empty());
        let pipeline = "name: d\nendpoint_name: e\ntype: pipeline\ncomponent: azureml:c@latest\nsettings:\n  default_compute: c\n";
        assert!(
            errors(
                pipeline,
                BatchFileKind::Deployment(DeploymentKind::Pipeline)
            )
            .is_empty()
        );
    }

    #[test]
    fn pointers_are_found_in_the_yaml_tree() {
        let text = "a:\n  - x\n  - y: 1\nb/c~d: 2\n";
        let doc = Document::parse_str(text);
        let root = doc.root().unwrap();
        let shown = |pointer: &str| {
            spans_at(root, pointer).map(|(key, value)| {
                (
                    key.map(|k| &text[k.start..k.end]),
                    &text[value.start..value.end],
                )
            })
        };
        assert_eq!(shown("/a/1/y"), Some((Some("y"), "1")));
        assert_eq!(shown("/a/0"), Some((None, "x")));
        assert_eq!(shown("/b~1c~0d"), Some((Some("b/c~d"), "2")));
        assert_eq!(
            shown(""),
            Some((None, &text[root.span().start..root.span().end]))
        );
        assert_eq!(shown("/a/2"), None);
        assert_eq!(shown("/nope"), None);
    }

    #[test]
    fn errors_point_at_the_key_or_value() {
        let endpoint =
            "name: my-endpoint\ntype: batch\nauth_mode: aad_token\ntraffic:\n  blue: 100\n";
        let found = errors(endpoint, BatchFileKind::Endpoint);
        assert_eq!(
            found.iter().map(|(s, _)| s.as_str()).collect::<Vec<_>>(),
            ["type", "traffic"]
        );
        let model = "name: d\nendpoint_name: e\nsettings:\n  mini_batch_size: ten\n  output_action: summary\n  ouput_file_name: x\n";
        let found = errors(model, BatchFileKind::Deployment(DeploymentKind::Model));
        let spans: Vec<&str> = found.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(spans, ["ten", "summary", "ouput_file_name"], "{found:?}");
    }
}

#[cfg(test)]
mod inputs_schema_tests {
    use super::*;

    fn valid(yaml: &str) -> bool {
        let compiled = compile(INPUTS);
        let doc = Document::parse_str(yaml);
        let mut budget = MAX_VALUES;
        let instance = to_json(doc.root().unwrap(), &mut budget).unwrap();
        compiled.validator.is_valid(&instance)
    }

    #[test]
    fn the_editor_schema_for_inputs_files_agrees_with_the_rules() {
        assert!(valid(
            "inputs:\n  heart_data:\n    type: uri_folder\n    path: azureml:h@latest\noutputs:\n  score:\n    type: uri_file\n    path: azureml://datastores/workspaceblobstore/paths/x\n"
        ));
        assert!(valid(
            "inputs:\n  score_mode:\n    type: string\n    default: append\n"
        ));
        assert!(!valid(
            "inputs:\n  heart-data:\n    type: uri_folder\n    path: x\n"
        ));
        assert!(!valid("inputs:\n  t:\n    type: float\n    default: 0.5\n"));
        assert!(!valid("input:\n  t: {}\n"));
        assert!(valid(
            "endpoint: e\ndeployment: d\ninputs:\n  t:\n    type: string\n    default: x\n"
        ));
        assert!(!valid("inputs:\n  t:\n    type: string\n    value: x\n"));
    }
}
