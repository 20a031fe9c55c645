//! The invocation model: what one `az ml batch-endpoint invoke` (or one inputs file) sends.
//!
//! Every front-end — inputs files today, command lines and SDK calls tomorrow — produces
//! [`Invocation`]s, and the rules of sections 2–4 read nothing else. Every name and value keeps the
//! [`Span`] it came from, so a rule can point at the exact key or value in the user's file.

pub mod bundle;
pub mod command_line;
pub mod deployment;
pub mod input_type;

pub use input_type::InputType;
pub mod path_ref;

use std::path::{Path, PathBuf};

pub use compact_str::CompactString;

use crate::model::path_ref::PathRef;
use crate::source::Span;
use crate::syntax::yaml::NodeRef;
use crate::syntax::yaml11;

/// Whether the target deployment runs a model or a pipeline component.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum DeploymentKind {
    Model,
    Pipeline,
}

impl DeploymentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DeploymentKind::Model => "model",
            DeploymentKind::Pipeline => "pipeline",
        }
    }
}

/// A value as written: its text (empty for collections), where it is, and what the CLI's YAML
/// loader makes of it.
///
/// A dense inputs file holds hundreds of thousands of values: the text is kept inline when it
/// is short (most names and values are), and the loader's reading in one byte.
#[derive(Clone, Debug)]
pub struct Value {
    pub text: CompactString,
    pub span: Span,
    /// PyYAML's reading of the value (`Str` for every value that did not come from YAML); see
    /// [`Value::loaded`].
    pub reading: Reading,
    /// A plain (unquoted) YAML scalar: the only kind PyYAML resolves to non-strings.
    pub plain: bool,
    /// False when the value holds an expansion amlint cannot resolve (`$DATA_PATH`): rules that
    /// judge a value's content stay silent on it.
    pub known: bool,
}

/// PyYAML's reading of a [`Value`], without its content: a number, a boolean or a date is read
/// again from the value's text when asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// What [`yaml11::resolve`] makes of the text.
    Resolved,
    Str,
    Null,
    /// A Python float literal, its text Rust's shortest spelling of it (`1.0` is `1`).
    Float,
    Sequence,
    Mapping,
}

impl Reading {
    /// The reading of `loaded`, a reading of `text`.
    pub fn of(text: &str, loaded: yaml11::Value) -> Reading {
        match loaded {
            yaml11::Value::Str => Reading::Str,
            yaml11::Value::Null => Reading::Null,
            yaml11::Value::Sequence => Reading::Sequence,
            yaml11::Value::Mapping => Reading::Mapping,
            _ if same_reading(yaml11::resolve(text), loaded) => Reading::Resolved,
            // A float whose text reads as another value (a Python `1.0`, written `1`).
            yaml11::Value::Float(f) => {
                debug_assert_eq!(text.parse::<f64>().ok(), Some(f), "{text}");
                Reading::Float
            }
            _ => {
                debug_assert!(false, "{text} is not read as {loaded:?}");
                Reading::Resolved
            }
        }
    }
}

/// Whether two readings are the same (a NaN is the same as a NaN).
fn same_reading(a: yaml11::Value, b: yaml11::Value) -> bool {
    match (a, b) {
        (yaml11::Value::Float(a), yaml11::Value::Float(b)) => {
            a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
        }
        (a, b) => a == b,
    }
}

impl Value {
    pub fn from_node(node: NodeRef<'_>) -> Value {
        let (text, plain) = node
            .as_scalar()
            .map_or((CompactString::default(), false), |(t, s)| {
                (CompactString::from(t), s.is_plain())
            });
        // A templated value (`path: ${{ parameters.data }}`) is filled in before the CLI reads it.
        let known = !crate::placeholder::contains(&text);
        Value {
            reading: Reading::of(&text, node.yaml11()),
            text,
            span: node.span(),
            plain,
            known,
        }
    }

    /// A value from a command-line word or a string literal: always a string, unknown when it
    /// holds a template placeholder.
    pub fn from_word(text: impl Into<CompactString>, span: Span) -> Value {
        let text = text.into();
        let known = !crate::placeholder::contains(&text);
        Value {
            text,
            span,
            reading: Reading::Str,
            plain: false,
            known,
        }
    }

    /// Part `[a, b)` of a shell word, as a value (unknown if it holds an unresolved expansion).
    pub fn from_word_part(word: &crate::syntax::words::Word, a: usize, b: usize) -> Value {
        let text = CompactString::from(word.text.get(a..b).unwrap_or_default());
        let known = word.is_known_range(a, b) && !crate::placeholder::contains(&text);
        Value {
            text,
            span: word.source_span(a, b),
            reading: Reading::Str,
            plain: false,
            known,
        }
    }

    /// What PyYAML's `safe_load` makes of the value.
    pub fn loaded(&self) -> yaml11::Value {
        match self.reading {
            Reading::Resolved => yaml11::resolve(&self.text),
            Reading::Str => yaml11::Value::Str,
            Reading::Null => yaml11::Value::Null,
            Reading::Float => yaml11::Value::Float(self.text.parse().unwrap_or(f64::NAN)),
            Reading::Sequence => yaml11::Value::Sequence,
            Reading::Mapping => yaml11::Value::Mapping,
        }
    }

    pub fn is_scalar(&self) -> bool {
        !matches!(self.reading, Reading::Sequence | Reading::Mapping)
    }

    pub fn is_null(&self) -> bool {
        self.reading == Reading::Null
    }

    pub fn path_ref(&self) -> PathRef<'_> {
        PathRef::parse(&self.text)
    }
}

/// One `key: value` of an input or output mapping.
#[derive(Clone, Debug)]
pub struct Field {
    pub key: CompactString,
    pub key_span: Span,
    pub value: Value,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Input,
    Output,
}

impl Direction {
    pub fn noun(self) -> &'static str {
        match self {
            Direction::Input => "input",
            Direction::Output => "output",
        }
    }
}

/// How an input or output is given.
#[derive(Clone, Debug)]
pub enum IoValue {
    /// `name: {type: …, path: …, default: …}` (or the same through `--set`). The fields are
    /// shared: YAML aliases of one mapping (`a: *spec`, a hundred thousand times) are one list.
    Spec {
        span: Span,
        fields: std::sync::Arc<[Field]>,
    },
    /// `name: value`, a scalar where a mapping belongs (sent raw, without a type).
    Bare(Value),
    /// A sequence, or an empty value.
    Other(Value),
}

/// One named input or output.
#[derive(Clone, Debug)]
pub struct Io {
    pub direction: Direction,
    pub name: CompactString,
    pub name_span: Span,
    pub value: IoValue,
    /// Made from `--input`/`--output-path` rather than named by the user: name rules skip it,
    /// and the command-line rules judge the flag itself.
    pub from_flag: bool,
}

impl Io {
    pub fn fields(&self) -> &[Field] {
        match &self.value {
            IoValue::Spec { fields, .. } => fields,
            _ => &[],
        }
    }

    /// The last field called `key` (YAML's loader keeps the last duplicate).
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields().iter().rev().find(|f| f.key == key)
    }

    /// Whether a non-empty `key:` is written (known or not).
    pub fn has(&self, key: &str) -> bool {
        self.field(key).is_some_and(|f| !f.value.is_null())
    }

    /// The `type` value, when it is written and known.
    pub fn type_value(&self) -> Option<&Value> {
        self.field("type")
            .map(|f| &f.value)
            .filter(|v| v.known && !v.is_null())
    }

    /// The declared type, when it is written and known.
    pub fn declared_type(&self) -> Option<&str> {
        self.type_value().map(|v| v.text.as_str())
    }

    /// The type the SDK uses: the declared one, or `uri_folder` (the `Input`/`Output` default);
    /// `None` when the type is written but unknown (`type=$TYPE`).
    pub fn effective_type(&self) -> Option<&str> {
        // One look-up of `type` ([`Io::has`] then [`Io::declared_type`] would be three): every
        // rule that judges an input asks it of every input.
        match self.field("type").map(|f| &f.value) {
            Some(v) if !v.is_null() => v.known.then_some(v.text.as_str()),
            _ => Some(InputType::UriFolder.as_str()),
        }
    }

    /// [`Io::effective_type`] when it is one azure-ai-ml knows.
    pub fn input_type(&self) -> Option<InputType> {
        self.effective_type().and_then(InputType::parse)
    }

    /// [`Io::declared_type`] when it is one azure-ai-ml knows.
    pub fn declared_input_type(&self) -> Option<InputType> {
        self.declared_type().and_then(InputType::parse)
    }

    pub fn is_literal(&self) -> bool {
        match &self.value {
            IoValue::Spec { .. } => self.input_type().is_some_and(InputType::is_literal),
            IoValue::Bare(v) => !matches!(v.path_ref(), PathRef::Empty) && !looks_like_data(v),
            IoValue::Other(_) => false,
        }
    }

    pub fn is_data(&self) -> bool {
        match &self.value {
            IoValue::Spec { .. } => self.input_type().is_some_and(InputType::is_data),
            IoValue::Bare(v) => looks_like_data(v),
            IoValue::Other(_) => false,
        }
    }

    /// The `path` value, when it is written and known.
    pub fn path(&self) -> Option<&Value> {
        self.field("path")
            .map(|f| &f.value)
            .filter(|v| v.known && !v.is_null())
    }

    /// The span that best stands for the whole input: its spec, bare value, or name.
    pub fn value_span(&self) -> Span {
        match &self.value {
            IoValue::Spec { span, .. } => *span,
            IoValue::Bare(v) | IoValue::Other(v) => v.span,
        }
    }
}

/// Whether a value is (or starts with) a documentation placeholder such as `<data-store-ID>` or
/// `$DATA_PATH`: its real value is unknown, so rules that judge the value stay silent.
pub fn is_placeholder(text: &str) -> bool {
    crate::placeholder::starts_with(text)
}

/// A bare string value that reads as a data path rather than a literal.
pub fn looks_like_data(v: &Value) -> bool {
    if !v.loaded().is_str() {
        return false;
    }
    let t = v.text.trim();
    t.starts_with("azureml:")
        || t.contains("://")
        || t.starts_with("./")
        || t.starts_with("../")
        || t.starts_with('/')
        || t.starts_with("~/")
}

/// Where an invocation was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// An inputs file (`az ml batch-endpoint invoke --file`).
    InputsFile,
    /// An `az ml batch-endpoint invoke` command line.
    CommandLine,
    /// A `ml_client.batch_endpoints.invoke(…)` call of the Python SDK.
    SdkCall,
    /// A REST request body (`POST …/jobs`): `curl -d`, Python `requests.post(json=…)`, a `.json`
    /// file, a Data Factory Web activity. It reaches the service without the CLI or the SDK.
    RestBody,
}

/// A REST batch job body as written: the spellings the service reads case-insensitively
/// (`InputData`/`inputData`), kept as written for the REST rules. The same inputs and outputs are
/// also in [`Invocation::inputs`]/[`Invocation::outputs`], with the SDK's names (`type`, `path`,
/// `default`, `mode`), for every other rule.
#[derive(Clone, Debug, Default)]
pub struct RestBody {
    /// The `properties` key, when the body has one.
    pub properties: Option<Span>,
    /// Every input and output entry, as written.
    pub entries: Vec<RestEntry>,
    /// Keys where no job field is (a top-level `InputData`, `properties.inputs`,
    /// `properties.InputDatas`): the key as written and its place.
    pub misplaced: Vec<(String, Span)>,
    /// A body in the 2021 preview shape (`properties.dataset`, `properties.outputDataset`): the
    /// key that shows it.
    pub legacy: Option<Span>,
    /// Where the text around the request obtains bearer tokens (read once per region).
    pub tokens: std::sync::Arc<[TokenRequest]>,
}

/// A place where a script obtains a bearer token: `az account get-access-token`,
/// `Get-AzAccessToken`, a credential's `.get_token("…")`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRequest {
    pub command: &'static str,
    /// The resource or scope asked for, when written (`None`: the command's default).
    pub audience: Option<String>,
    /// The audience as written, or the command when none is.
    pub span: Span,
    /// How to ask for Azure Machine Learning's audience with this command.
    pub fix: &'static str,
}

/// One entry of `InputData`/`OutputData`.
#[derive(Clone, Debug)]
pub struct RestEntry {
    pub direction: Direction,
    pub name: String,
    pub name_span: Span,
    /// `None` when the entry is not a JSON object.
    pub fields: Option<Vec<Field>>,
}

impl RestBody {
    /// The entries of `InputData`, as written.
    pub fn inputs(&self) -> impl Iterator<Item = &RestEntry> {
        self.entries
            .iter()
            .filter(|e| e.direction == Direction::Input)
    }
}

impl RestEntry {
    /// The field called `key`, compared without regard to ASCII case (the last one written).
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields
            .as_deref()
            .unwrap_or_default()
            .iter()
            .rev()
            .find(|f| f.key.eq_ignore_ascii_case(key))
    }
}

/// One batch endpoint invocation: what it sends, and to which kind of deployment.
#[derive(Clone, Debug)]
pub struct Invocation {
    pub origin: Origin,
    /// The target's kind, when known; kind-specific rules stay silent without it.
    pub kind: Option<DeploymentKind>,
    pub inputs: Vec<Io>,
    pub outputs: Vec<Io>,
    /// Where the inputs are declared (the `inputs:` key), for findings about inputs as a whole.
    pub inputs_anchor: Span,
    /// Where the outputs are declared (the `outputs:` key).
    pub outputs_anchor: Span,
    /// The folder relative local paths are resolved from.
    pub base_dir: PathBuf,
    /// `--experiment-name` (a job property), when given.
    pub experiment_name: Option<Value>,
    /// The deployment the invocation names (`--deployment-name`, `deployment_name=`).
    pub deployment_name: Option<Value>,
    /// The endpoint it invokes (`--name`, `endpoint_name=`).
    pub endpoint_name: Option<Value>,
    /// The single input (`input=`) given together with other inputs, which are then silently
    /// dropped: where it is, and what it drops.
    pub single_input_drops: Option<(Span, String)>,
    /// Job fields overridden by the SDK's `params_override=[{"KEY": VALUE}, …]` (the CLI's
    /// `--set KEY=VALUE` items are in `command`).
    pub params_override: Vec<crate::model::command_line::SetItem>,
    /// The SDK call itself, when the invocation is one (values may come from variables defined
    /// elsewhere; findings there mention the call).
    pub call_span: Option<Span>,
    /// Where a V1 dataset is used (a removed flag, an `azureml.core` `Dataset`).
    pub v1_datasets: Vec<Span>,
    /// Arguments the tool accepts and never reads, so they are silently dropped (an SDK call's
    /// `output_path=`): each keyword's name, at its place.
    pub ignored_arguments: Vec<Value>,
    /// The command line's own facts (flags, `--set` items), for command-line invocations.
    pub command: Option<crate::model::command_line::CommandLine>,
    /// `inputs`/`outputs` given as something other than a mapping of names (the SDK's
    /// `inputs=Input(…)`); an inputs file's own shape is judged on its YAML.
    pub not_mappings: Vec<NotMapping>,
    /// The body as written, for a REST invocation.
    pub rest: Option<RestBody>,
    /// A file the invocation reads its request from (`curl -d @body.json`), followed like
    /// `--file`.
    pub body_file: Option<Value>,
    /// The pipeline component of the deployment it targets, when that deployment is tied to it
    /// by a name and its component is a local file (set by the engine, like `kind`).
    pub component: Option<std::sync::Arc<Component>>,
    /// The model deployment a name ties it to, as the bundle rules need it (set by the engine).
    pub deployment: Option<std::sync::Arc<bundle::Facts>>,
    /// Whether the invocation shows all the inputs it sends (an inputs file, `--set inputs.…`
    /// alone, a literal `inputs={…}`, a REST body): only then can an input be missing.
    pub inputs_whole: bool,
    /// Whether the inputs hold entries amlint cannot read — a computed name, a `**spread`, a
    /// value it cannot follow, or the whole mapping in a variable: such an entry may be any
    /// input, so it satisfies every rule that counts inputs or asks for one.
    pub inputs_unread: bool,
    /// The deployments and endpoints the file defines where the invocation is read (Python,
    /// notebooks, Markdown fences): the nearest of all when its kind is resolved.
    pub defined: Option<std::sync::Arc<[deployment::Definition]>>,
    /// The endpoint, when `endpoint_name` is a value the front-end reads only through the same
    /// file's Python definitions: `endpoint.name` of an object made and got again from one name
    /// (that name), or a name amlint cannot read that one variable holds (`$endpoint_name`,
    /// which ties the invocation to that file's definitions only; see `frontends::python`).
    pub endpoint_key: Option<String>,
}

/// A pipeline component's interface: what a pipeline deployment's job binds the inputs to.
#[derive(Clone, Debug)]
pub struct Component {
    /// The component's name (`name:`), or its file name.
    pub name: String,
    /// The component file, as shown in messages.
    pub display: String,
    pub inputs: Vec<Declared>,
    pub outputs: Vec<Declared>,
}

/// One declared input or output of a component.
#[derive(Clone, Debug)]
pub struct Declared {
    pub name: String,
    /// The declared `type`, when written.
    pub ty: Option<String>,
    pub has_default: bool,
    pub optional: bool,
    /// The line of the component file that declares it (1-based).
    pub line: usize,
}

impl Component {
    pub fn input(&self, name: &str) -> Option<&Declared> {
        self.inputs.iter().find(|d| d.name == name)
    }

    pub fn output(&self, name: &str) -> Option<&Declared> {
        self.outputs.iter().find(|d| d.name == name)
    }
}

/// Inputs or outputs given whole as something that is not a mapping from names.
#[derive(Clone, Debug)]
pub struct NotMapping {
    pub direction: Direction,
    pub span: Span,
    /// What was given, for messages: "an `Input(…)`", "a list", "a single value".
    pub shape: &'static str,
    /// Its Python type (`Input`, `list`, `str`, …): the SDK's error depends on it.
    pub python_type: &'static str,
}

impl Invocation {
    /// An invocation from `origin` with nothing read yet: no inputs, outputs or names, its
    /// local paths resolved from `base_dir`.
    pub fn new(origin: Origin, base_dir: &Path) -> Invocation {
        Invocation {
            origin,
            kind: None,
            inputs: Vec::new(),
            outputs: Vec::new(),
            inputs_anchor: Span::empty(0),
            outputs_anchor: Span::empty(0),
            base_dir: base_dir.to_path_buf(),
            experiment_name: None,
            deployment_name: None,
            endpoint_name: None,
            single_input_drops: None,
            params_override: Vec::new(),
            call_span: None,
            v1_datasets: Vec::new(),
            ignored_arguments: Vec::new(),
            command: None,
            not_mappings: Vec::new(),
            rest: None,
            body_file: None,
            component: None,
            deployment: None,
            inputs_whole: true,
            inputs_unread: false,
            defined: None,
            endpoint_key: None,
        }
    }

    pub fn all_io(&self) -> impl Iterator<Item = &Io> {
        self.inputs.iter().chain(self.outputs.iter())
    }

    /// Every `KEY=VALUE` override of the job: `--set` items and `params_override` entries.
    pub fn job_overrides(&self) -> impl Iterator<Item = &crate::model::command_line::SetItem> {
        self.command
            .iter()
            .flat_map(|line| line.set_items.iter())
            .chain(self.params_override.iter())
    }

    /// The `path` of every input that is not a literal, with its input.
    pub fn input_paths(&self) -> impl Iterator<Item = (&Io, &Value)> {
        self.inputs
            .iter()
            .filter(|io| !io.is_literal())
            .filter_map(|io| io.path().map(|p| (io, p)))
    }

    /// The `path` of every output, with its output.
    pub fn output_paths(&self) -> impl Iterator<Item = (&Io, &Value)> {
        self.outputs
            .iter()
            .filter_map(|io| io.path().map(|p| (io, p)))
    }
}

/// What kind of storage a data store is (for `output-datastore-not-blob`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatastoreKind {
    Blob,
    File,
    AdlsGen1,
    AdlsGen2,
}

impl DatastoreKind {
    pub fn describe(self) -> &'static str {
        match self {
            DatastoreKind::Blob => "Blob Storage",
            DatastoreKind::File => "Azure Files",
            DatastoreKind::AdlsGen1 => "Azure Data Lake Gen1",
            DatastoreKind::AdlsGen2 => "Azure Data Lake Gen2",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dense inputs file holds hundreds of thousands of inputs (an input every eight bytes of
    /// `  a1234:`): their size is most of its memory.
    #[test]
    fn an_input_stays_small() {
        assert!(std::mem::size_of::<Value>() <= 48);
        assert!(std::mem::size_of::<Field>() <= 88);
        // An input's value is a spec or one of two kinds of value: a tag beside the value.
        assert!(std::mem::size_of::<Io>() <= 104);
    }

    /// What PyYAML makes of a value is read again from its text when asked, and a Python float
    /// whose text reads as an integer (`1.0` is written `1`) stays a float.
    #[test]
    fn a_value_reads_as_it_was_loaded() {
        for text in ["1", "0x1F", "yes", "1.5", "2024-01-01", "~", "x"] {
            let loaded = yaml11::resolve(text);
            let value = Value {
                reading: Reading::of(text, loaded),
                ..Value::from_word(text, Span::default())
            };
            assert_eq!(value.loaded(), loaded, "{text}");
        }
        let float = Value {
            reading: Reading::of("1", yaml11::Value::Float(1.0)),
            ..Value::from_word("1", Span::default())
        };
        assert_eq!(float.loaded(), yaml11::Value::Float(1.0));
    }
}
