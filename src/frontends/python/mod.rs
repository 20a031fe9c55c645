//! Python SDK calls: `ml_client.batch_endpoints.invoke(...)` and REST requests
//! (`requests.post(URL, json=BODY)`) in `.py` files, notebook cells and Markdown fences, turned
//! into the same [`Invocation`] model. The code is parsed by ruff's parser
//! (`ruff_python_parser`), whose tree this module walks directly, once its depth is known to be
//! bounded ([`nesting`]).
//!
//! What a static reader can know is resolved: string literals (implicitly concatenated ones
//! too), f-strings whose parts are known, `AssetTypes.*`/`InputTypes.*` constants, names bound
//! exactly once in the file, literal dicts, and `Input(...)`/`Output(...)` calls. Anything else
//! — a name bound twice or by a loop, a parameter, an import; a call; a computed key — is
//! unknown, and rules stay silent on it.

use std::cell::RefCell;
// Keyed by names a file chooses, looked up for every name it uses: foldhash (seeded per run).
use foldhash::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{
    self as ast, Expr, FStringPart, InterpolatedStringElement, Number, Stmt, StringFlags,
};
use ruff_text_size::{Ranged, TextRange};

use crate::frontends::rest;
use crate::model::command_line::SetItem;
use crate::model::{Direction, Field, Invocation, Io, IoValue, NotMapping, Origin, Value};
use crate::project::deployment::Definition;
use crate::source::Span;
use crate::span::OffsetMap;
use crate::syntax::json;
use crate::syntax::yaml11;

pub mod bundle;
mod chunks;
mod collect;
mod credentials;
mod deployments;
mod nesting;
mod reader;

pub(crate) use deployments::SYMBOLIC;
pub use deployments::mentions_definition;

use collect::{Collector, Module};

/// The Python front-end (its registry line is in `frontends/registry.rs`).
use crate::frontends::{Frontend, Language};

pub static FRONTEND: Frontend = Frontend {
    language: Language::PYTHON,
    names: &["python", "py", "python3", "ipython", "ipython3", "jupyter"],
    mentions: |text| {
        use crate::keywords::{Keyword, REST_BODY};
        let found = crate::keywords::scan_for(
            text,
            [&Keyword::BatchEndpoints].into_iter().chain(REST_BODY),
        );
        found.has(Keyword::BatchEndpoints)
            || found.mentions_rest_body()
            || mentions_definition(text)
    },
    // Each invocation handed over as it is read, with the sources of the credentials the
    // strings Python makes hold (`python::Found::mask`).
    read: Some(|region, dir, sink| read(&region.text, region.map.as_deref(), dir, sink)),
};

/// Where the front-end puts what it reads.
pub trait Found {
    /// An invocation, as soon as it is read.
    fn invocation(&mut self, invocation: Invocation);
    /// File bytes every report must mask: the sources of a credential that only the string
    /// Python makes shows ([`credentials`]).
    fn mask(&mut self, span: Span);
    /// The batch deployments and endpoints a module defines ([`deployments`]), before its
    /// invocations (each of which holds them too).
    fn definitions(&mut self, _definitions: Arc<[Definition]>) {}
}

/// What [`read`] found, collected.
#[derive(Default)]
struct Collected {
    invocations: Vec<Invocation>,
    masks: Vec<Span>,
}

impl Found for Collected {
    fn invocation(&mut self, invocation: Invocation) {
        self.invocations.push(invocation);
    }

    fn mask(&mut self, span: Span) {
        self.masks.push(span);
    }
}

/// How deep name resolution and nested expressions are followed.
const MAX_DEPTH: usize = 16;

/// The stack a parse, its walk and the tree's drop may use: [`nesting::MAX_NESTING`] levels at
/// a generous 4 KiB each (an unoptimised build's frames included). On a thread with less left —
/// rayon's workers have 2 MiB — the work runs on a fresh stack segment of this size.
const STACK_NEEDED: usize = 8 << 20;
const STACK_SEGMENT: usize = 16 << 20;

/// A statically evaluated Python expression.
#[derive(Clone, Debug)]
enum Py<'t> {
    Str {
        text: String,
        span: Span,
        known: bool,
    },
    Int(i128, Span),
    Float(f64, Span),
    Bool(bool, Span),
    None(Span),
    /// A call, in the scope it is written in.
    Call {
        func: String,
        call: &'t ast::ExprCall,
        scope: ScopeId,
    },
    /// A dict literal, in the scope it is written in.
    Dict(&'t ast::ExprDict, ScopeId),
    Unknown,
}

/// A scope's number: the module is 0.
type ScopeId = usize;

/// What opens a scope, for name lookup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ScopeKind {
    Module,
    /// A `def`, a `lambda` or a comprehension.
    Function,
    /// A class body: its names are not seen from the functions inside it.
    Class,
}

#[derive(Clone, Copy, Debug)]
struct Scope {
    kind: ScopeKind,
    parent: Option<ScopeId>,
}

/// What a name is bound to, each time it is bound.
#[derive(Clone, Copy, Debug)]
enum Binding<'t> {
    /// `NAME = value` (`NAME: T = value`, `(NAME := value)`), the value read in the scope of
    /// the binding.
    Value(&'t Expr, ScopeId),
    /// Bound by something amlint does not evaluate: a loop, `with … as`, a parameter, an
    /// import, `NAME += …`, unpacking.
    Opaque,
}

/// The module read from one scope: where names are looked up.
#[derive(Clone, Copy)]
struct Reader<'m, 't> {
    module: &'m Module<'t>,
    scope: ScopeId,
}

impl<'t> std::ops::Deref for Reader<'_, 't> {
    type Target = Module<'t>;

    fn deref(&self) -> &Module<'t> {
        self.module
    }
}

/// The invocations of every `….batch_endpoints.invoke(...)` call in a Python source, or why
/// the source is beyond what the front-end reads.
pub fn invocations(text: &str, base_dir: &Path) -> Result<Vec<Invocation>, String> {
    invocations_mapped(text, None, base_dir)
}

/// As [`invocations`], for code decoded from another file: `map[i]` is the offset in that file
/// of byte `i` of `text`, and every span of the result is an offset in that file.
pub fn invocations_mapped(
    text: &str,
    map: Option<&OffsetMap>,
    base_dir: &Path,
) -> Result<Vec<Invocation>, String> {
    let mut found = Collected::default();
    read(text, map, base_dir, &mut found)?;
    Ok(found.invocations)
}

/// The spans [`read`] asks to mask in `text`.
#[cfg(test)]
fn masks(text: &str, base_dir: &Path) -> Vec<Span> {
    let mut found = Collected::default();
    read(text, None, base_dir, &mut found).expect("within the bounds");
    found.masks
}

/// As [`invocations_mapped`], each invocation handed over as it is read, with the spans to mask:
/// a large text is parsed in pieces ([`chunks`]), and no piece's tree outlives it.
pub fn read(
    text: &str,
    map: Option<&OffsetMap>,
    base_dir: &Path,
    found: &mut dyn Found,
) -> Result<(), String> {
    // Every call this reads is named `….invoke` or `….post` (Python names are case-sensitive and
    // cannot be split): code naming neither — most cells and fences — is never parsed.
    use crate::keywords::holds;
    if !holds(text, "invoke") && !holds(text, "post") && !mentions_definition(text) {
        return Ok(());
    }
    modules(text, map, base_dir, &mut |module| {
        module.read(base_dir, found)
    })
}

/// The batch deployments and endpoints `text` defines, as [`read`] finds them, without reading
/// its invocations: what project discovery needs of the project's other files.
pub fn definitions(
    text: &str,
    map: Option<&OffsetMap>,
    base_dir: &Path,
) -> Result<Vec<Definition>, String> {
    let mut definitions = Vec::new();
    if mentions_definition(text) {
        modules(text, map, base_dir, &mut |module| {
            definitions.extend(module.definitions())
        })?;
    }
    Ok(definitions)
}

/// Each module of `text` (one, or a large text's pieces), parsed and walked, given to `each`.
fn modules(
    text: &str,
    map: Option<&OffsetMap>,
    base_dir: &Path,
    each: &mut dyn FnMut(&Module<'_>),
) -> Result<(), String> {
    if let Some(why) = nesting::too_deep(text) {
        return Err(why);
    }
    let pieces = chunks::pieces(text);
    // The trees are bounded; their parse, walk and drop get the stack that bound needs.
    stacker::maybe_grow(STACK_NEEDED, STACK_SEGMENT, || {
        // Pieces see each other's module-level names only through how often each is bound:
        // a name bound once in the whole text and in this piece is read; one bound in another
        // piece is unknown here.
        let elsewhere = (pieces.len() > 1).then(|| {
            let mut counts: HashMap<String, usize> = HashMap::default();
            for piece in &pieces {
                let piece_text = &text[piece.clone()];
                let parsed = parse(piece_text);
                let collector = Collector::walk(&parsed.syntax().body, piece_text);
                for ((scope, name), bindings) in collector.bindings {
                    if scope == 0 {
                        *counts.entry(name.to_string()).or_default() += bindings.len();
                    }
                }
            }
            counts
        });
        for piece in pieces {
            let piece_text = &text[piece.clone()];
            let parsed = parse(piece_text);
            let collector = Collector::walk(&parsed.syntax().body, piece_text);
            let mut module =
                Module::new(collector, piece_text, piece.start, map, elsewhere.as_ref());
            module.base_dir = base_dir.to_path_buf();
            each(&module);
        }
    });
    Ok(())
}

fn parse(text: &str) -> ruff_python_parser::Parsed<ast::ModModule> {
    ruff_python_parser::parse_unchecked_source(text, ast::PySourceType::Python)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Vec<Invocation> {
        invocations(src, Path::new(".")).expect("within the bounds")
    }

    #[test]
    fn finds_calls_and_resolves_what_a_static_reader_can() {
        let src = r#"
from azure.ai.ml import Input
from azure.ai.ml.constants import AssetTypes
dataset_name = "heart-dataset-unlabeled"
data = ml_client.data.get(dataset_name, label="latest")
heart = Input(type=AssetTypes.URI_FOLDER, path=f"azureml:{dataset_name}@latest")
job = ml_client.batch_endpoints.invoke(
    endpoint_name=endpoint.name,
    deployment_name="classifier-xgboost",
    input=heart,
)
job = ml_client.batch_endpoints.invoke(
    endpoint_name="e",
    inputs={"score-mode": Input(type="string", default="append"), "data": Input(path=data.id)},
    outputs={"scores": Output(type=AssetTypes.URI_FILE, path="azureml://datastores/workspaceblobstore/paths/x")},
)
"#;
        let found = parse(src);
        assert_eq!(found.len(), 2);
        let first = &found[0];
        assert_eq!(
            first.deployment_name.as_ref().unwrap().text,
            "classifier-xgboost"
        );
        assert!(!first.endpoint_name.as_ref().unwrap().known);
        let input = &first.inputs[0];
        assert!(input.from_flag);
        assert_eq!(input.declared_type(), Some("uri_folder"));
        assert_eq!(
            input.path().unwrap().text,
            "azureml:heart-dataset-unlabeled@latest"
        );
        let second = &found[1];
        assert_eq!(second.inputs.len(), 2);
        assert_eq!(
            &src[second.inputs[0].name_span.start..second.inputs[0].name_span.end],
            "score-mode"
        );
        assert!(second.inputs[1].path().is_none(), "data.id is unknown");
        assert!(second.inputs[1].has("path"));
        assert_eq!(second.outputs[0].declared_type(), Some("uri_file"));
    }

    #[test]
    fn input_with_inputs_and_v1_datasets() {
        let src = "ds = Dataset.get_by_name(ws, 'heart')\nml_client.batch_endpoints.invoke(endpoint_name='e', input=Input(path='x'), inputs={'a': Input(path='y')})\nml_client.batch_endpoints.invoke(endpoint_name='e', input=ds)\n";
        let found = parse(src);
        assert!(found[0].single_input_drops.is_some());
        assert_eq!(found[0].inputs.len(), 1);
        assert_eq!(found[1].v1_datasets.len(), 1);
    }

    /// The endpoint name each call reads, `None` when it is unknown.
    fn endpoint_names(src: &str) -> Vec<Option<String>> {
        parse(src)
            .iter()
            .map(|i| {
                let value = i.endpoint_name.as_ref().unwrap();
                value.known.then(|| value.text.to_string())
            })
            .collect()
    }

    #[test]
    fn names_are_looked_up_in_their_scope() {
        let src = r#"
name = "module"
def pipeline(name: str):
    ml_client.batch_endpoints.invoke(endpoint_name=name)
ml_client.batch_endpoints.invoke(endpoint_name=name)
def local():
    name = "local"
    ml_client.batch_endpoints.invoke(endpoint_name=name)
def inherits():
    ml_client.batch_endpoints.invoke(endpoint_name=name)
class Job:
    name = "class"
    def run(self):
        ml_client.batch_endpoints.invoke(endpoint_name=name)
"#;
        assert_eq!(
            endpoint_names(src),
            [
                None,
                Some("module".into()),
                Some("local".into()),
                Some("module".into()),
                Some("module".into()),
            ]
        );
    }

    #[test]
    fn a_name_bound_twice_or_opaquely_is_unknown() {
        for rebinding in [
            "name = \"b\"",
            "name += \"x\"",
            "for name in names: pass",
            "with open(f) as name: pass",
            "import name",
            "from m import name",
            "name, other = pair",
            "def set_it():\n    global name\n    name = \"b\"",
            "try:\n    pass\nexcept E as name:\n    pass",
        ] {
            let src = format!(
                "name = \"a\"\n{rebinding}\nml_client.batch_endpoints.invoke(endpoint_name=name)\n"
            );
            assert_eq!(endpoint_names(&src), [None], "{rebinding}");
        }
        // A comprehension's target and a lambda's parameter are their own.
        let src = "name = \"a\"\nxs = [name for name in names]\nf = lambda name: name\nml_client.batch_endpoints.invoke(endpoint_name=name)\n";
        assert_eq!(endpoint_names(src), [Some("a".into())]);
        // `a = b = value` binds both.
        let src = "a = b = \"v\"\nml_client.batch_endpoints.invoke(endpoint_name=b)\n";
        assert_eq!(endpoint_names(src), [Some("v".into())]);
    }

    #[test]
    fn implicit_concatenation_and_escapes() {
        let src = "ml_client.batch_endpoints.invoke(endpoint_name='my-' \"endpoint\")\nml_client.batch_endpoints.invoke(endpoint_name='a\\x2db')\nml_client.batch_endpoints.invoke(endpoint_name=f'{x!r}')\n";
        assert_eq!(
            endpoint_names(src),
            [Some("my-endpoint".into()), None, None]
        );
        let found = parse(src);
        let span = found[0].endpoint_name.as_ref().unwrap().span;
        assert_eq!(&src[span.start..span.end], "my-' \"endpoint");
    }

    #[test]
    fn a_large_text_is_read_in_pieces_at_its_place() {
        let call = "ml_client.batch_endpoints.invoke(endpoint_name=name, deployment_name=d, inputs={'a-b': Input(path='x')})\n";
        let mut src = String::from("name = 'e'\n");
        while src.len() <= chunks::WHOLE_UP_TO + chunks::PIECE {
            src.push_str("x = 1\n");
        }
        let at = src.len();
        src.push_str("d = 'dep'\n");
        src.push_str(call);
        let found = parse(&src);
        assert_eq!(found.len(), 1);
        let input = &found[0].inputs[0];
        assert_eq!(&src[input.name_span.start..input.name_span.end], "a-b");
        assert!(input.name_span.start > at);
        // A module-level name bound in another piece is unknown; one bound in this piece (and
        // nowhere else) is read.
        assert!(!found[0].endpoint_name.as_ref().unwrap().known);
        assert_eq!(found[0].deployment_name.as_ref().unwrap().text, "dep");
    }

    #[test]
    fn broken_python_does_not_panic() {
        for src in [
            "ml_client.batch_endpoints.invoke(",
            "x = (((",
            "ml_client.batch_endpoints.invoke(inputs={1: 2, **x})",
        ] {
            let _ = parse(src);
        }
    }
}
