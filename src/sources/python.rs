//! Python SDK calls: `ml_client.batch_endpoints.invoke(...)` in `.py` files, turned into the same
//! [`Invocation`] model. The code is parsed by a hand-written reader ([`fast`]) when it is sure to
//! read it as tree-sitter-python does, by tree-sitter otherwise; either tree is reduced to the one
//! [`syntax::Tree`] this module walks.
//!
//! What a static reader can know is resolved: string literals, f-strings whose parts are known,
//! `AssetTypes.*`/`InputTypes.*` constants, names assigned exactly once in the file, literal dicts,
//! and `Input(...)`/`Output(...)` calls. Anything else is unknown, and rules stay silent on it.

use std::collections::HashMap;
use std::path::Path;

use crate::json;
use crate::model::{Direction, Field, Invocation, Io, IoValue, NotMapping, Origin, Value};
use crate::source::Span;
use crate::sources::command_line::SetItem;
use crate::sources::rest;
use crate::word::{offset_through, remap_span};
use crate::yaml11;

mod fast;
mod syntax;

use syntax::{Kind, Node, Tree};

/// How deep name resolution and nested expressions are followed.
const MAX_DEPTH: usize = 16;

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
    Call {
        func: String,
        node: Node<'t>,
    },
    Dict(Node<'t>),
    Unknown,
}

struct Module<'t> {
    text: &'t str,
    /// For text decoded from another file (a notebook's JSON strings): each byte's offset there.
    map: Option<&'t [usize]>,
    /// Every `NAME = expression` in the file, by name.
    assignments: HashMap<&'t str, Vec<Node<'t>>>,
}

/// CPython stops at 100 levels of indentation ("too many levels of indentation") and 200 nested
/// brackets ("too many nested parentheses"); no real program comes near. Text beyond them is not
/// given to tree-sitter, whose external scanner aborts the process on deep indentation.
const MAX_INDENT_LEVELS: usize = 100;
const MAX_BRACKET_NESTING: usize = 200;

/// Why a Python text is beyond what Python itself accepts, if it is: read without parsing, in
/// one pass (strings and comments are not told apart, which only ever overcounts brackets).
pub fn beyond_limits(text: &str) -> Option<String> {
    let mut indents: Vec<usize> = vec![0];
    let mut nesting: usize = 0;
    let mut deepest_nesting: usize = 0;
    for line in text.lines() {
        let body = line.trim_start_matches([' ', '\t']);
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if nesting == 0 {
            let width = line.len() - body.len();
            while indents.last().is_some_and(|&top| top > width) {
                indents.pop();
            }
            if indents.last().is_some_and(|&top| width > top) {
                indents.push(width);
            }
            if indents.len() - 1 > MAX_INDENT_LEVELS {
                return Some(format!(
                    "it has more than {MAX_INDENT_LEVELS} levels of indentation, which Python rejects"
                ));
            }
        }
        for b in body.bytes() {
            match b {
                b'(' | b'[' | b'{' => {
                    nesting += 1;
                    deepest_nesting = deepest_nesting.max(nesting);
                }
                b')' | b']' | b'}' => nesting = nesting.saturating_sub(1),
                _ => {}
            }
        }
        if deepest_nesting > MAX_BRACKET_NESTING {
            return Some(format!(
                "it nests brackets more than {MAX_BRACKET_NESTING} deep, which Python rejects"
            ));
        }
    }
    None
}

/// The invocations of every `….batch_endpoints.invoke(...)` call in a Python source.
pub fn invocations(text: &str, base_dir: &Path) -> Vec<Invocation> {
    invocations_mapped(text, None, base_dir)
}

/// As [`invocations`], for code decoded from another file: `map[i]` is the offset in that file
/// of byte `i` of `text`, and every span of the result is an offset in that file.
pub fn invocations_mapped(text: &str, map: Option<&[usize]>, base_dir: &Path) -> Vec<Invocation> {
    // Every call this reads is named `….invoke` or `….post` (Python names are case-sensitive and
    // cannot be split): code naming neither — most cells and fences — is never parsed.
    if !text.contains("invoke") && !text.contains("post") {
        return Vec::new();
    }
    // The hand-written reader first (it refuses what Python's limits refuse); what it is not
    // sure to read as tree-sitter does, tree-sitter — never given what can abort it, whoever
    // calls (the engine reports that first).
    let tree = fast::parse(text).or_else(|| {
        beyond_limits(text)
            .is_none()
            .then(|| syntax::parse_with_tree_sitter(text))
            .flatten()
    });
    let Some(tree) = tree else {
        return Vec::new();
    };
    module_invocations(&tree, text, map, base_dir)
}

/// The invocations of a parsed module.
fn module_invocations(
    tree: &Tree,
    text: &str,
    map: Option<&[usize]>,
    base_dir: &Path,
) -> Vec<Invocation> {
    let mut module = Module {
        text,
        map,
        assignments: HashMap::new(),
    };
    let mut calls = Vec::new();
    // `requests.post(…)`, `httpx.post(…)`, `session.post(…)`: REST requests that may start a job.
    let mut posts = Vec::new();
    // An explicit stack walks the whole tree in order: no recursion, whatever the nesting.
    let mut stack = vec![tree.root()];
    while let Some(node) = stack.pop() {
        match node.kind() {
            Kind::Assignment => {
                if let (Some(left), Some(right)) = (node.kid(0), node.last_kid())
                    && left.kind() == Kind::Identifier
                {
                    module
                        .assignments
                        .entry(module.slice(left))
                        .or_default()
                        .push(right);
                }
            }
            Kind::Call => {
                if let Some(callee) = node.kid(0) {
                    let callee_text = module.slice(callee);
                    // `ml_client.batch_endpoints.invoke`, spaces allowed around the dots.
                    if callee_text.ends_with("invoke")
                        && callee_text
                            .replace(char::is_whitespace, "")
                            .ends_with("batch_endpoints.invoke")
                    {
                        calls.push(node);
                    } else if callee_text.ends_with(".post") {
                        posts.push(node);
                    }
                }
            }
            // A string's parts (an f-string's interpolations included) hold no call this reads.
            Kind::String => continue,
            _ => {}
        }
        let at = stack.len();
        stack.extend(node.kids());
        stack[at..].reverse();
    }
    calls.sort_by_key(Node::start_byte);
    posts.sort_by_key(Node::start_byte);
    let mut found: Vec<Invocation> = calls
        .into_iter()
        .map(|call| module.invocation(call, base_dir))
        .collect();
    for post in posts {
        found.extend(module.rest_invocations(post, base_dir));
    }
    found
}

impl<'t> Module<'t> {
    fn span(&self, node: Node<'_>) -> Span {
        self.map_span(Span::new(node.start_byte(), node.end_byte()))
    }

    /// A span of `text` as a span of the file it was decoded from.
    fn map_span(&self, span: Span) -> Span {
        let Some(map) = self.map else { return span };
        remap_span(span, &|i| offset_through(map, i))
    }

    fn slice(&self, node: Node<'_>) -> &'t str {
        self.text
            .get(node.start_byte()..node.end_byte())
            .unwrap_or("")
    }

    /// `name=value` keyword arguments of a call (keyword name node, value node).
    fn keywords(&self, call: Node<'t>) -> Vec<(&'t str, Node<'t>, Node<'t>)> {
        let Some(arguments) = call.kid(1) else {
            return Vec::new();
        };
        arguments
            .kids()
            .filter(|a| a.kind() == Kind::KeywordArgument)
            .filter_map(|a| {
                let name = a.kid(0)?;
                let value = a.kid(1)?;
                Some((self.slice(name), name, value))
            })
            .collect()
    }

    fn eval(&self, node: Node<'t>, depth: usize) -> Py<'t> {
        if depth > MAX_DEPTH {
            return Py::Unknown;
        }
        match node.kind() {
            Kind::String => self.string(node, depth),
            Kind::Integer => self
                .slice(node)
                .replace('_', "")
                .parse()
                .map_or(Py::Unknown, |n| Py::Int(n, self.span(node))),
            Kind::Float => self
                .slice(node)
                .replace('_', "")
                .parse()
                .map_or(Py::Unknown, |f| Py::Float(f, self.span(node))),
            Kind::True => Py::Bool(true, self.span(node)),
            Kind::False => Py::Bool(false, self.span(node)),
            Kind::None => Py::None(self.span(node)),
            Kind::Parenthesized => node
                .kid(0)
                .map_or(Py::Unknown, |inner| self.eval(inner, depth + 1)),
            Kind::Identifier => match self.assignments.get(self.slice(node)).map(Vec::as_slice) {
                Some([only]) => self.eval(*only, depth + 1),
                _ => Py::Unknown,
            },
            Kind::Attribute => {
                let text = self.slice(node);
                match text.split_once('.') {
                    Some(("AssetTypes" | "InputTypes", constant)) if !constant.contains('.') => {
                        Py::Str {
                            text: constant.to_ascii_lowercase(),
                            span: self.span(node),
                            known: true,
                        }
                    }
                    _ => Py::Unknown,
                }
            }
            Kind::Call => {
                let func = node
                    .kid(0)
                    .map(|f| self.slice(f).to_string())
                    .unwrap_or_default();
                Py::Call { func, node }
            }
            Kind::Dictionary => Py::Dict(node),
            _ => Py::Unknown,
        }
    }

    /// A string literal; an f-string is known when every interpolated part is.
    fn string(&self, node: Node<'t>, depth: usize) -> Py<'t> {
        let mut text = String::new();
        let mut known = true;
        let mut content_span: Option<Span> = None;
        for part in node.kids() {
            match part.kind() {
                Kind::Content => {
                    let raw = self.slice(part);
                    if raw.contains('\\') {
                        known = false;
                    }
                    text.push_str(raw);
                }
                Kind::Interpolation => match part.kid(0).map(|e| self.eval(e, depth + 1)) {
                    Some(Py::Str {
                        text: inner,
                        known: true,
                        ..
                    }) => text.push_str(&inner),
                    _ => {
                        known = false;
                        text.push_str(self.slice(part));
                    }
                },
                _ => continue,
            }
            let s = self.span(part);
            content_span = Some(content_span.map_or(s, |c| Span::new(c.start, s.end)));
        }
        let prefix = self.slice(node).split(['"', '\'']).next().unwrap_or("");
        if prefix.to_ascii_lowercase().contains('b') {
            known = false;
        }
        // An empty string points between its quotes.
        let span = content_span.unwrap_or_else(|| {
            let quote = self.slice(node).find(['"', '\'']).unwrap_or(0);
            let inside = (node.start_byte() + quote + 1).min(node.end_byte());
            self.map_span(Span::empty(inside))
        });
        Py::Str { text, span, known }
    }

    fn value(&self, py: &Py<'t>, node: Node<'t>) -> Value {
        let (text, span, loaded, known) = match py {
            Py::Str { text, span, known } => (text.clone(), *span, yaml11::Value::Str, *known),
            Py::Int(n, s) => (n.to_string(), *s, yaml11::Value::Int(Some(*n)), true),
            Py::Float(f, s) => (f.to_string(), *s, yaml11::Value::Float(*f), true),
            Py::Bool(b, s) => (
                if *b { "True" } else { "False" }.into(),
                *s,
                yaml11::Value::Bool(*b),
                true,
            ),
            Py::None(s) => (String::new(), *s, yaml11::Value::Null, true),
            _ => (
                self.slice(node).to_string(),
                self.span(node),
                yaml11::Value::Str,
                false,
            ),
        };
        Value {
            text,
            span,
            loaded,
            plain: false,
            known,
        }
    }

    /// `Input(type=…, path=…)` / `Output(…)` as an input or output spec; `None` if not one.
    fn io_spec(&self, node: Node<'t>, depth: usize) -> Option<(Span, Vec<Field>)> {
        let Py::Call { func, node: call } = self.eval(node, depth) else {
            return None;
        };
        let name = func.rsplit('.').next().unwrap_or("");
        if name != "Input" && name != "Output" {
            return None;
        }
        let fields = self
            .keywords(call)
            .into_iter()
            .map(|(key, key_node, value_node)| Field {
                key: key.to_string(),
                key_span: self.span(key_node),
                value: self.value(&self.eval(value_node, depth + 1), value_node),
            })
            .collect();
        Some((self.span(call), fields))
    }

    fn is_v1_dataset(&self, node: Node<'t>) -> bool {
        match self.eval(node, 0) {
            Py::Call { func, .. } => func.starts_with("Dataset.") || func.contains(".Dataset."),
            _ => false,
        }
    }

    /// The `"key": value` pairs of a dict literal whose key is a known string.
    fn string_pairs(&self, dict: Node<'t>) -> Vec<(String, Span, Node<'t>)> {
        dict.kids()
            .filter(|p| p.kind() == Kind::Pair)
            .filter_map(|pair| {
                let key = pair.kid(0)?;
                let value = pair.kid(1)?;
                match self.eval(key, 0) {
                    Py::Str {
                        text,
                        span,
                        known: true,
                    } => Some((text, span, value)),
                    _ => None,
                }
            })
            .collect()
    }

    fn io_dict(
        &self,
        node: Node<'t>,
        direction: Direction,
        invocation: &mut Invocation,
    ) -> Vec<Io> {
        let Py::Dict(dict) = self.eval(node, 0) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, name_span, value) in self.string_pairs(dict) {
            if self.is_v1_dataset(value) {
                invocation.v1_datasets.push(self.span(value));
                continue;
            }
            let io_value = match self.io_spec(value, 0) {
                Some((spec_span, fields)) => IoValue::Spec {
                    span: spec_span,
                    fields,
                },
                None => match self.eval(value, 0) {
                    py @ Py::Str { known: true, .. } => IoValue::Bare(self.value(&py, value)),
                    _ => continue,
                },
            };
            out.retain(|io: &Io| io.name != name);
            out.push(Io {
                direction,
                name,
                name_span,
                value: io_value,
                from_flag: false,
            });
        }
        out
    }

    /// A dict literal whose every entry amlint reads (a string key, an `Input(…)` or a string).
    fn dict_is_whole(&self, node: Node<'t>) -> bool {
        let Py::Dict(dict) = self.eval(node, 0) else {
            return false;
        };
        let pairs = dict.kids().count();
        let read = self.string_pairs(dict);
        read.len() == pairs
            && read.iter().all(|(_, _, value)| {
                self.io_spec(*value, 0).is_some()
                    || matches!(self.eval(*value, 0), Py::Str { known: true, .. })
            })
    }

    /// `inputs=`/`outputs=` given a value that is certainly not a dict: an `Input(…)`/`Output(…)`,
    /// a list, a string or a number. A variable amlint cannot follow stays unknown.
    fn note_not_mapping(&self, node: Node<'t>, direction: Direction, invocation: &mut Invocation) {
        let (shape, python_type) = match self.eval(node, 0) {
            Py::Call { func, .. } => match func.rsplit('.').next() {
                Some("Input") => ("an `Input(…)`", "Input"),
                Some("Output") => ("an `Output(…)`", "Output"),
                _ => return,
            },
            Py::Str { known: true, .. } => ("a single value", "str"),
            Py::Int(..) => ("a single value", "int"),
            Py::Float(..) => ("a single value", "float"),
            Py::Bool(..) => ("a single value", "bool"),
            _ if node.kind() == Kind::List => ("a list", "list"),
            _ if node.kind() == Kind::Tuple => ("a list", "tuple"),
            _ => return,
        };
        invocation.not_mappings.push(NotMapping {
            direction,
            span: self.span(node),
            shape,
            python_type,
        });
    }

    /// The batch job bodies a `….post(URL, json=BODY)` (or `data=json.dumps(BODY)`) sends.
    fn rest_invocations(&self, call: Node<'t>, base_dir: &Path) -> Vec<Invocation> {
        let keywords = self.keywords(call);
        let keyword = |name: &str| {
            keywords
                .iter()
                .find(|(k, _, _)| *k == name)
                .map(|(_, _, v)| *v)
        };
        let positional = call
            .kid(1)
            .and_then(|arguments| arguments.kids().find(|a| a.kind() != Kind::KeywordArgument));
        let body = match (keyword("json"), keyword("data")) {
            (Some(json), _) => json,
            (None, Some(data)) => match self.eval(data, 0) {
                Py::Call { func, node } if func.ends_with("dumps") => {
                    let Some(first) = node.kid(1).and_then(|a| a.kid(0)) else {
                        return Vec::new();
                    };
                    first
                }
                _ => data,
            },
            (None, None) => return Vec::new(),
        };
        let mut unknown = Vec::new();
        let Some(root) = self.to_json(body, 0, &mut unknown) else {
            return Vec::new();
        };
        let url = keyword("url").or(positional).map(|u| {
            let py = self.eval(u, 0);
            self.value(&py, u)
        });
        let deployment = keyword("headers").and_then(|h| match self.eval(h, 0) {
            Py::Dict(dict) => self
                .string_pairs(dict)
                .into_iter()
                .find(|(k, _, _)| k.eq_ignore_ascii_case("azureml-model-deployment"))
                .map(|(_, _, v)| self.value(&self.eval(v, 0), v)),
            _ => None,
        });
        let request = rest::Request { url, deployment };
        rest::body_invocations(&root, &request, base_dir, &|span| {
            !unknown.iter().any(|u| u.contains(span))
        })
    }

    /// A Python value as JSON, with file spans; what amlint cannot read statically (a variable
    /// from elsewhere, a call, an f-string of unknown parts) becomes a string whose span is listed
    /// in `unknown`.
    fn to_json(&self, node: Node<'t>, depth: usize, unknown: &mut Vec<Span>) -> Option<json::Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        let py = self.eval(node, depth);
        let leaf = |value: json::Json, span: Span| json::Node {
            value,
            span,
            map: Vec::new(),
        };
        Some(match py {
            Py::Dict(dict) => {
                let mut members = Vec::new();
                for (key, key_span, value) in self.string_pairs(dict) {
                    if let Some(value) = self.to_json(value, depth + 1, unknown) {
                        members.push(json::Member {
                            key,
                            key_span,
                            value,
                        });
                    }
                }
                leaf(json::Json::Object(members), self.span(dict))
            }
            Py::Str { text, span, known } => {
                if !known {
                    unknown.push(span);
                }
                // Each decoded byte at its place when the text is the source's; otherwise all
                // of it at the literal's span.
                let map: Vec<usize> = if span.end - span.start == text.len() {
                    (span.start..=span.end).collect()
                } else {
                    let mut map = vec![span.start; text.len()];
                    map.push(span.end);
                    map
                };
                json::Node {
                    value: json::Json::String(text),
                    span,
                    map,
                }
            }
            Py::Int(n, span) => leaf(json::Json::Number(n.to_string()), span),
            Py::Float(f, span) => leaf(json::Json::Number(f.to_string()), span),
            Py::Bool(b, span) => leaf(json::Json::Bool(b), span),
            Py::None(span) => leaf(json::Json::Null, span),
            _ if node.kind() == Kind::List => {
                let items = node
                    .kids()
                    .filter_map(|item| self.to_json(item, depth + 1, unknown))
                    .collect();
                leaf(json::Json::Array(items), self.span(node))
            }
            _ => {
                let span = self.span(node);
                unknown.push(span);
                json::Node {
                    value: json::Json::String(String::new()),
                    span,
                    map: vec![span.start],
                }
            }
        })
    }

    /// `params_override=[{"KEY": VALUE}, …]` (a list of one-entry dicts) as `KEY=VALUE` items.
    fn overrides(&self, node: Node<'t>) -> Vec<SetItem> {
        let list = match node.kind() {
            Kind::List => node,
            Kind::Identifier => match self.assignments.get(self.slice(node)).map(Vec::as_slice) {
                Some([only]) if only.kind() == Kind::List => *only,
                _ => return Vec::new(),
            },
            _ => return Vec::new(),
        };
        let mut items = Vec::new();
        for dict in list.kids() {
            let Py::Dict(dict) = self.eval(dict, 0) else {
                continue;
            };
            for (text, key_span, value) in self.string_pairs(dict) {
                items.push(SetItem {
                    key: text,
                    key_span,
                    value: Some(self.value(&self.eval(value, 0), value)),
                    has_equals: true,
                    span: Span::new(key_span.start, self.span(value).end),
                });
            }
        }
        items
    }

    fn invocation(&self, call: Node<'t>, base_dir: &Path) -> Invocation {
        let mut invocation = Invocation {
            origin: Origin::SdkCall,
            kind: None,
            inputs: Vec::new(),
            outputs: Vec::new(),
            inputs_anchor: Span::empty(call.start_byte()),
            outputs_anchor: Span::empty(call.start_byte()),
            base_dir: base_dir.to_path_buf(),
            experiment_name: None,
            deployment_name: None,
            endpoint_name: None,
            single_input_drops: None,
            not_mappings: Vec::new(),
            rest: None,
            body_file: None,
            component: None,
            inputs_whole: false,
            call_span: Some(self.span(call)),
            params_override: Vec::new(),
            v1_datasets: Vec::new(),
            ignored_arguments: Vec::new(),
            command: None,
        };
        let keywords = self.keywords(call);
        let mut single_input: Option<Span> = None;
        let mut has_inputs = false;
        for (name, key_node, value_node) in &keywords {
            let value = || self.value(&self.eval(*value_node, 0), *value_node);
            match *name {
                "endpoint_name" => invocation.endpoint_name = Some(value()),
                "deployment_name" => invocation.deployment_name = Some(value()),
                "experiment_name" => invocation.experiment_name = Some(value()),
                "input" => {
                    single_input = Some(self.span(*key_node));
                    if self.is_v1_dataset(*value_node) {
                        invocation.v1_datasets.push(self.span(*value_node));
                    } else if let Some((spec_span, fields)) = self.io_spec(*value_node, 0) {
                        invocation.inputs.push(Io {
                            direction: Direction::Input,
                            name: "input".into(),
                            name_span: self.span(*key_node),
                            value: IoValue::Spec {
                                span: spec_span,
                                fields,
                            },
                            from_flag: true,
                        });
                    }
                }
                "inputs" => {
                    has_inputs = true;
                    invocation.inputs_anchor = self.span(*key_node);
                    self.note_not_mapping(*value_node, Direction::Input, &mut invocation);
                    invocation.inputs_whole = self.dict_is_whole(*value_node);
                    let inputs = self.io_dict(*value_node, Direction::Input, &mut invocation);
                    invocation.inputs.extend(inputs);
                }
                "params_override" => {
                    invocation.params_override = self.overrides(*value_node);
                }
                "outputs" => {
                    invocation.outputs_anchor = self.span(*key_node);
                    self.note_not_mapping(*value_node, Direction::Output, &mut invocation);
                    let outputs = self.io_dict(*value_node, Direction::Output, &mut invocation);
                    invocation.outputs.extend(outputs);
                }
                "job_name" => {}
                _ => invocation
                    .ignored_arguments
                    .push(Value::from_word(*name, self.span(*key_node))),
            }
        }
        if let (Some(at), true) = (single_input, has_inputs) {
            invocation.single_input_drops = Some((at, "`inputs=`".into()));
            // The SDK uses `input=` only (`if input … elif inputs`): `inputs` never reach it.
            invocation.inputs.retain(|io| io.from_flag);
        }
        invocation
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_beyond_pythons_own_limits_is_refused() {
        let deep: String = (0..120)
            .map(|i| format!("{}if x:\n", " ".repeat(i)))
            .collect();
        assert!(beyond_limits(&deep).is_some());
        let nested = format!("x = {}", "[".repeat(300));
        assert!(beyond_limits(&nested).is_some());
        let normal = "def f():\n    if x:\n        return [1, (2, {3: 4})]\n";
        assert!(beyond_limits(normal).is_none());
    }

    fn parse(src: &str) -> Vec<Invocation> {
        invocations(src, Path::new("."))
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
