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
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{
    self as ast, Expr, FStringPart, InterpolatedStringElement, Number, Stmt, StringFlags,
};
use ruff_text_size::{Ranged, TextRange};

use crate::frontends::command_line::SetItem;
use crate::frontends::rest;
use crate::model::{Direction, Field, Invocation, Io, IoValue, NotMapping, Origin, Value};
use crate::project::deployment::Definition;
use crate::source::Span;
use crate::span::OffsetMap;
use crate::syntax::json;
use crate::syntax::yaml11;

mod chunks;
mod credentials;
mod deployments;
mod nesting;

pub use deployments::mentions_definition;

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
    if !text.contains("invoke") && !text.contains("post") && !mentions_definition(text) {
        return Ok(());
    }
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
            let mut counts: HashMap<String, usize> = HashMap::new();
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
            module.read(base_dir, found);
        }
    });
    Ok(())
}

fn parse(text: &str) -> ruff_python_parser::Parsed<ast::ModModule> {
    ruff_python_parser::parse_unchecked_source(text, ast::PySourceType::Python)
}

/// Records what the walk looks for: calls, and the bindings of names, each in its scope.
struct Collector<'t> {
    scopes: Vec<Scope>,
    /// The scope the walk is in.
    scope: ScopeId,
    /// Names a scope declares `global` (bound in the module) or `nonlocal` (in its parent).
    redirected: HashMap<(ScopeId, &'t str), ScopeId>,
    bindings: HashMap<(ScopeId, &'t str), Vec<Binding<'t>>>,
    calls: Vec<(&'t ast::ExprCall, ScopeId)>,
    /// `requests.post(…)`, `httpx.post(…)`, `session.post(…)`: REST requests that may start a job.
    posts: Vec<(&'t ast::ExprCall, ScopeId)>,
    /// Batch deployment and endpoint constructors and loaders ([`deployments`]).
    definition_calls: Vec<(&'t ast::ExprCall, ScopeId)>,
    /// `OBJECT.attr = value` (an endpoint's `defaults`, a changed `name`).
    attribute_assigns: Vec<(&'t ast::ExprAttribute, &'t Expr, ScopeId)>,
    /// String expressions (literals, f-strings, `+` chains), outermost only.
    strings: Vec<(&'t Expr, ScopeId)>,
    /// Whether the walk is inside a `+` chain already listed in `strings`.
    in_chain: bool,
    text: &'t str,
}

impl<'t> Collector<'t> {
    fn bind(&mut self, name: &'t str, binding: Binding<'t>) {
        let scope = self
            .redirected
            .get(&(self.scope, name))
            .copied()
            .unwrap_or(self.scope);
        self.bindings
            .entry((scope, name))
            .or_default()
            .push(binding);
    }

    fn value(&self, expr: &'t Expr) -> Binding<'t> {
        Binding::Value(expr, self.scope)
    }

    /// Runs `walk` in a new scope of `kind`, inside the current one.
    fn in_scope(&mut self, kind: ScopeKind, walk: impl FnOnce(&mut Self)) {
        let outer = self.scope;
        self.scopes.push(Scope {
            kind,
            parent: Some(outer),
        });
        self.scope = self.scopes.len() - 1;
        walk(self);
        self.scope = outer;
    }

    /// Every name a target binds, opaquely (`a, *b = …`, `for (i, x) in …`).
    fn bind_opaque(&mut self, target: &'t Expr) {
        match target {
            Expr::Name(name) => self.bind(name.id.as_str(), Binding::Opaque),
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                for elt in elts {
                    self.bind_opaque(elt);
                }
            }
            Expr::Starred(starred) => self.bind_opaque(&starred.value),
            _ => {}
        }
    }

    fn bind_parameters(&mut self, parameters: &'t ast::Parameters) {
        for parameter in parameters.iter() {
            self.bind(parameter.name().as_str(), Binding::Opaque);
        }
    }

    /// A function's defaults, annotations and decorators are read where it is defined; its
    /// parameters and body in a scope of its own.
    fn function(&mut self, function: &'t ast::StmtFunctionDef) {
        self.bind(function.name.as_str(), Binding::Opaque);
        for decorator in &function.decorator_list {
            self.visit_decorator(decorator);
        }
        self.visit_parameters(&function.parameters);
        if let Some(returns) = &function.returns {
            self.visit_annotation(returns);
        }
        self.in_scope(ScopeKind::Function, |inner| {
            inner.bind_parameters(&function.parameters);
            inner.visit_body(&function.body);
        });
    }

    fn class(&mut self, class: &'t ast::StmtClassDef) {
        self.bind(class.name.as_str(), Binding::Opaque);
        for decorator in &class.decorator_list {
            self.visit_decorator(decorator);
        }
        if let Some(arguments) = &class.arguments {
            self.visit_arguments(arguments);
        }
        self.in_scope(ScopeKind::Class, |inner| inner.visit_body(&class.body));
    }

    /// `global NAME` binds in the module, `nonlocal NAME` in the enclosing scope.
    fn redirect(&mut self, names: &'t [ast::Identifier], to: ScopeId) {
        for name in names {
            self.redirected.insert((self.scope, name.as_str()), to);
        }
    }
}

impl<'t> Visitor<'t> for Collector<'t> {
    fn visit_stmt(&mut self, stmt: &'t Stmt) {
        match stmt {
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    match target {
                        Expr::Name(name) => self.bind(name.id.as_str(), self.value(&assign.value)),
                        Expr::Attribute(attribute) => {
                            self.attribute_assigns
                                .push((attribute, &assign.value, self.scope));
                        }
                        other => self.bind_opaque(other),
                    }
                }
            }
            // Without a value (`x: int`) nothing is bound.
            Stmt::AnnAssign(assign) => {
                if let (Expr::Name(name), Some(value)) = (&*assign.target, &assign.value) {
                    self.bind(name.id.as_str(), self.value(value));
                }
            }
            Stmt::AugAssign(assign) => self.bind_opaque(&assign.target),
            Stmt::For(for_) => self.bind_opaque(&for_.target),
            Stmt::With(with) => {
                for item in &with.items {
                    if let Some(target) = &item.optional_vars {
                        self.bind_opaque(target);
                    }
                }
            }
            Stmt::FunctionDef(function) => return self.function(function),
            Stmt::ClassDef(class) => return self.class(class),
            Stmt::Global(global) => self.redirect(&global.names, 0),
            Stmt::Nonlocal(nonlocal) => {
                let parent = self.scopes[self.scope].parent.unwrap_or(0);
                self.redirect(&nonlocal.names, parent);
            }
            Stmt::Import(import) => {
                for alias in &import.names {
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    // `import a.b` binds `a`.
                    let name = bound.as_str().split('.').next().unwrap_or_default();
                    self.bind(name, Binding::Opaque);
                }
            }
            Stmt::ImportFrom(import) => {
                for alias in &import.names {
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    self.bind(bound.as_str(), Binding::Opaque);
                }
            }
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'t Expr) {
        // A call's arguments are strings of their own, not pieces of a chain around the call.
        if let Expr::Call(_) = expr
            && self.in_chain
        {
            self.in_chain = false;
            self.visit_expr(expr);
            self.in_chain = true;
            return;
        }
        match expr {
            Expr::Call(call) => {
                let callee = self
                    .text
                    .get(call.func.range().to_std_range())
                    .unwrap_or("");
                // `ml_client.batch_endpoints.invoke`, spaces allowed around the dots.
                if callee.ends_with("invoke")
                    && callee
                        .replace(char::is_whitespace, "")
                        .ends_with("batch_endpoints.invoke")
                {
                    self.calls.push((call, self.scope));
                } else if callee.ends_with(".post") {
                    self.posts.push((call, self.scope));
                } else if deployments::is_definition_call(
                    callee.rsplit('.').next().unwrap_or("").trim(),
                ) {
                    self.definition_calls.push((call, self.scope));
                }
            }
            Expr::Named(named) => match &*named.target {
                Expr::Name(name) => self.bind(name.id.as_str(), self.value(&named.value)),
                other => self.bind_opaque(other),
            },
            Expr::Lambda(lambda) => {
                if let Some(parameters) = &lambda.parameters {
                    self.visit_parameters(parameters);
                }
                return self.in_scope(ScopeKind::Function, |inner| {
                    if let Some(parameters) = &lambda.parameters {
                        inner.bind_parameters(parameters);
                    }
                    inner.visit_expr(&lambda.body);
                });
            }
            // A comprehension's targets are its own.
            Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_) => {
                return self.in_scope(ScopeKind::Function, |inner| {
                    visitor::walk_expr(inner, expr);
                });
            }
            // A string's parts (an f-string's interpolations included) hold no call this reads.
            Expr::StringLiteral(_) | Expr::FString(_) => {
                if !self.in_chain {
                    self.strings.push((expr, self.scope));
                }
                return;
            }
            Expr::TString(_) | Expr::BytesLiteral(_) => return,
            Expr::BinOp(ast::ExprBinOp {
                op: ast::Operator::Add,
                ..
            }) if !self.in_chain => {
                self.strings.push((expr, self.scope));
                self.in_chain = true;
                visitor::walk_expr(self, expr);
                self.in_chain = false;
                return;
            }
            _ => {}
        }
        visitor::walk_expr(self, expr);
    }

    fn visit_comprehension(&mut self, comprehension: &'t ast::Comprehension) {
        self.bind_opaque(&comprehension.target);
        visitor::walk_comprehension(self, comprehension);
    }

    fn visit_except_handler(&mut self, handler: &'t ast::ExceptHandler) {
        let ast::ExceptHandler::ExceptHandler(handler_) = handler;
        if let Some(name) = &handler_.name {
            self.bind(name.as_str(), Binding::Opaque);
        }
        visitor::walk_except_handler(self, handler);
    }
}

impl<'t> Collector<'t> {
    /// The calls and bindings of a module's statements.
    fn walk(body: &'t [Stmt], text: &'t str) -> Collector<'t> {
        let mut collector = Collector {
            scopes: vec![Scope {
                kind: ScopeKind::Module,
                parent: None,
            }],
            scope: 0,
            redirected: HashMap::new(),
            bindings: HashMap::new(),
            calls: Vec::new(),
            posts: Vec::new(),
            definition_calls: Vec::new(),
            attribute_assigns: Vec::new(),
            strings: Vec::new(),
            in_chain: false,
            text,
        };
        collector.visit_body(body);
        collector.calls.sort_by_key(|(call, _)| call.start());
        collector.posts.sort_by_key(|(call, _)| call.start());
        collector
    }
}

/// What a module is read with, beside its calls.
struct Module<'t> {
    /// The piece of the text parsed, and where it starts in the whole text.
    text: &'t str,
    base: usize,
    /// For text decoded from another file (a notebook's JSON strings): each byte's offset there.
    map: Option<&'t OffsetMap>,
    scopes: Vec<Scope>,
    /// Every binding of every name in the piece, by scope and name.
    bindings: HashMap<(ScopeId, &'t str), Vec<Binding<'t>>>,
    calls: Vec<(&'t ast::ExprCall, ScopeId)>,
    posts: Vec<(&'t ast::ExprCall, ScopeId)>,
    strings: Vec<(&'t Expr, ScopeId)>,
    definition_calls: Vec<(&'t ast::ExprCall, ScopeId)>,
    attribute_assigns: Vec<(&'t ast::ExprAttribute, &'t Expr, ScopeId)>,
    /// The folder relative paths are read from (a loader's YAML, a local component).
    base_dir: PathBuf,
    /// The YAML files loader calls name, read once each.
    loaded: RefCell<HashMap<String, Option<deployments::Loaded>>>,
}

impl<'t> Module<'t> {
    /// `elsewhere`: when the text is read in pieces, how often each module-level name is bound
    /// in the whole text.
    fn new(
        collector: Collector<'t>,
        text: &'t str,
        base: usize,
        map: Option<&'t OffsetMap>,
        elsewhere: Option<&HashMap<String, usize>>,
    ) -> Module<'t> {
        let Collector {
            scopes,
            mut bindings,
            calls,
            posts,
            strings,
            definition_calls,
            attribute_assigns,
            ..
        } = collector;
        if let Some(counts) = elsewhere {
            for ((scope, name), here) in &mut bindings {
                if *scope == 0 && counts.get(*name).copied().unwrap_or(0) > here.len() {
                    here.push(Binding::Opaque);
                }
            }
        }
        Module {
            text,
            base,
            map,
            scopes,
            bindings,
            calls,
            posts,
            strings,
            definition_calls,
            attribute_assigns,
            base_dir: PathBuf::new(),
            loaded: RefCell::new(HashMap::new()),
        }
    }

    /// Every invocation the module's calls make, in order (SDK calls first, then REST
    /// requests), and the sources of the credentials its strings make.
    fn read(&self, base_dir: &Path, found: &mut dyn Found) {
        let definitions = self.definitions();
        let defined: Option<Arc<[Definition]>> =
            (!definitions.is_empty()).then(|| definitions.into());
        if let Some(defined) = &defined {
            found.definitions(defined.clone());
        }
        for &(call, scope) in &self.calls {
            let mut invocation = self.at(scope).invocation(call, base_dir);
            invocation.defined = defined.clone();
            found.invocation(invocation);
        }
        for &(post, scope) in &self.posts {
            for invocation in self.at(scope).rest_invocations(post, base_dir) {
                found.invocation(invocation);
            }
        }
        for &(string, scope) in &self.strings {
            for span in self.at(scope).credential_sources(string) {
                found.mask(span);
            }
        }
    }

    fn at(&self, scope: ScopeId) -> Reader<'_, 't> {
        Reader {
            module: self,
            scope,
        }
    }

    fn span(&self, range: TextRange) -> Span {
        self.map_span(Span::new(
            self.base + range.start().to_usize(),
            self.base + range.end().to_usize(),
        ))
    }

    /// A span of `text` as a span of the file it was decoded from.
    fn map_span(&self, span: Span) -> Span {
        let Some(map) = self.map else { return span };
        map.span(span)
    }

    fn slice(&self, range: TextRange) -> &'t str {
        self.text.get(range.to_std_range()).unwrap_or("")
    }

    /// `name=value` keyword arguments of a call (`**kwargs` are not named).
    fn keywords(&self, call: &'t ast::ExprCall) -> Vec<(&'t str, TextRange, &'t Expr)> {
        call.arguments
            .keywords
            .iter()
            .filter_map(|keyword| {
                let name = keyword.arg.as_ref()?;
                Some((name.as_str(), name.range(), &keyword.value))
            })
            .collect()
    }
}

impl<'t> Reader<'_, 't> {
    /// The one value a name is bound to where it is used, if it is bound exactly once there,
    /// to a value. As in Python, a name bound anywhere in a scope is that scope's; a class body's
    /// names are not seen from the functions inside it.
    fn bound_once(&self, name: &str) -> Option<(&'t Expr, ScopeId)> {
        let mut scope = Some(self.scope);
        while let Some(id) = scope {
            let here = self.module.scopes[id];
            let visible = id == self.scope || here.kind != ScopeKind::Class;
            if visible && let Some(bindings) = self.module.bindings.get(&(id, name)) {
                return match bindings.as_slice() {
                    [Binding::Value(value, scope)] => Some((value, *scope)),
                    _ => None,
                };
            }
            scope = here.parent;
        }
        None
    }

    fn eval(&self, expr: &'t Expr, depth: usize) -> Py<'t> {
        if depth > MAX_DEPTH {
            return Py::Unknown;
        }
        match expr {
            Expr::StringLiteral(string) => {
                self.string(string.value.iter().map(StringPart::Literal), depth)
            }
            Expr::FString(string) => self.string(
                string.value.iter().map(|part| match part {
                    FStringPart::Literal(literal) => StringPart::Literal(literal),
                    FStringPart::FString(f_string) => StringPart::Interpolated(f_string),
                }),
                depth,
            ),
            // Bytes are not text: the SDK sends `str(b'…')`, never what is written.
            Expr::BytesLiteral(bytes) => {
                let (first, last) = (bytes.value.iter().next(), bytes.value.iter().last());
                let span = match (first, last) {
                    (Some(first), Some(last)) => TextRange::new(
                        first.start() + first.flags.opener_len(),
                        last.end() - last.flags.closer_len(),
                    ),
                    _ => bytes.range(),
                };
                Py::Str {
                    text: self.slice(span).to_string(),
                    span: self.span(span),
                    known: false,
                }
            }
            Expr::NumberLiteral(number) => {
                // As written, in decimal: `0x10` and `1j` are not read.
                let written = self.slice(number.range()).replace('_', "");
                match number.value {
                    Number::Int(_) => written
                        .parse()
                        .map_or(Py::Unknown, |n| Py::Int(n, self.span(number.range()))),
                    Number::Float(_) => written
                        .parse()
                        .map_or(Py::Unknown, |f| Py::Float(f, self.span(number.range()))),
                    Number::Complex { .. } => Py::Unknown,
                }
            }
            Expr::BooleanLiteral(boolean) => Py::Bool(boolean.value, self.span(boolean.range())),
            Expr::NoneLiteral(none) => Py::None(self.span(none.range())),
            Expr::Name(name) => match self.bound_once(name.id.as_str()) {
                Some((value, scope)) => self.module.at(scope).eval(value, depth + 1),
                None => Py::Unknown,
            },
            Expr::Attribute(attribute) => {
                let text = self.slice(attribute.range());
                match text.split_once('.') {
                    Some(("AssetTypes" | "InputTypes", constant)) if !constant.contains('.') => {
                        Py::Str {
                            text: constant.to_ascii_lowercase(),
                            span: self.span(attribute.range()),
                            known: true,
                        }
                    }
                    // `endpoint.name`, `deployment.name` of an object made in the file.
                    _ => match self.definition_attribute(attribute, depth) {
                        Some(text) => Py::Str {
                            text,
                            span: self.span(attribute.range()),
                            known: true,
                        },
                        None => Py::Unknown,
                    },
                }
            }
            Expr::Call(call) => Py::Call {
                func: self.slice(call.func.range()).to_string(),
                call,
                scope: self.scope,
            },
            Expr::Dict(dict) => Py::Dict(dict, self.scope),
            _ => Py::Unknown,
        }
    }

    /// A string, implicitly concatenated or not; it is known when every part is: a literal
    /// written without escapes (its text is then exactly its bytes), an f-string part whose
    /// interpolations are known strings with no conversion or format.
    fn string(&self, parts: impl Iterator<Item = StringPart<'t>>, depth: usize) -> Py<'t> {
        let mut text = String::new();
        let mut known = true;
        let mut content: Option<TextRange> = None;
        let mut cover = |range: TextRange| {
            content = Some(content.map_or(range, |c| c.cover(range)));
        };
        for part in parts {
            match part {
                StringPart::Literal(literal) => {
                    let range = literal.content_range();
                    let raw = self.slice(range);
                    if raw != literal.as_str() {
                        known = false;
                    }
                    text.push_str(raw);
                    cover(range);
                }
                StringPart::Interpolated(f_string) => {
                    let range = TextRange::new(
                        f_string.start() + f_string.flags.opener_len(),
                        f_string.end() - f_string.flags.closer_len(),
                    );
                    cover(range);
                    for element in &f_string.elements {
                        match element {
                            InterpolatedStringElement::Literal(literal) => {
                                let raw = self.slice(literal.range());
                                // `{{` is written for `{`: not the text as written.
                                if raw != &*literal.value {
                                    known = false;
                                }
                                text.push_str(raw);
                            }
                            InterpolatedStringElement::Interpolation(interpolation) => {
                                let plain = interpolation.debug_text.is_none()
                                    && interpolation.conversion == ast::ConversionFlag::None
                                    && interpolation.format_spec.is_none();
                                match self.eval(&interpolation.expression, depth + 1) {
                                    Py::Str {
                                        text: inner,
                                        known: true,
                                        ..
                                    } if plain => text.push_str(&inner),
                                    _ => {
                                        known = false;
                                        text.push_str(self.slice(interpolation.range()));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let span = content.map_or(Span::empty(0), |range| self.span(range));
        Py::Str { text, span, known }
    }

    fn value(&self, py: &Py<'t>, expr: &'t Expr) -> Value {
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
                self.slice(expr.range()).to_string(),
                self.span(expr.range()),
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
    fn io_spec(&self, expr: &'t Expr, depth: usize) -> Option<(Span, Vec<Field>)> {
        let Py::Call { func, call, scope } = self.eval(expr, depth) else {
            return None;
        };
        let name = func.rsplit('.').next().unwrap_or("");
        if name != "Input" && name != "Output" {
            return None;
        }
        let there = self.module.at(scope);
        let fields = self
            .keywords(call)
            .into_iter()
            .map(|(key, key_range, value)| Field {
                key: key.to_string(),
                key_span: self.span(key_range),
                value: self.value(&there.eval(value, depth + 1), value),
            })
            .collect();
        Some((self.span(call.range()), fields))
    }

    fn is_v1_dataset(&self, expr: &'t Expr) -> bool {
        match self.eval(expr, 0) {
            Py::Call { func, .. } => func.starts_with("Dataset.") || func.contains(".Dataset."),
            _ => false,
        }
    }

    /// The `"key": value` pairs of a dict literal whose key is a known string.
    fn string_pairs(&self, dict: &'t ast::ExprDict) -> Vec<(String, Span, &'t Expr)> {
        dict.items
            .iter()
            .filter_map(|item| match self.eval(item.key.as_ref()?, 0) {
                Py::Str {
                    text,
                    span,
                    known: true,
                } => Some((text, span, &item.value)),
                _ => None,
            })
            .collect()
    }

    fn io_dict(
        &self,
        expr: &'t Expr,
        direction: Direction,
        invocation: &mut Invocation,
    ) -> Vec<Io> {
        let Py::Dict(dict, scope) = self.eval(expr, 0) else {
            return Vec::new();
        };
        let there = self.module.at(scope);
        there.dict_entries(dict, direction, invocation)
    }

    /// The entries of a dict literal written in this reader's scope.
    fn dict_entries(
        &self,
        dict: &'t ast::ExprDict,
        direction: Direction,
        invocation: &mut Invocation,
    ) -> Vec<Io> {
        let mut out = Vec::new();
        for (name, name_span, value) in self.string_pairs(dict) {
            if self.is_v1_dataset(value) {
                invocation.v1_datasets.push(self.span(value.range()));
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

    /// A dict literal whose every entry amlint reads (a string key, an `Input(…)` or a string):
    /// a computed key or a `**spread` is an entry amlint cannot read.
    fn dict_is_whole(&self, expr: &'t Expr) -> bool {
        let Py::Dict(dict, scope) = self.eval(expr, 0) else {
            return false;
        };
        let there = self.module.at(scope);
        let read = there.string_pairs(dict);
        read.len() == dict.items.len()
            && read.iter().all(|(_, _, value)| {
                there.io_spec(value, 0).is_some()
                    || matches!(there.eval(value, 0), Py::Str { known: true, .. })
            })
    }

    /// `inputs=`/`outputs=` given a value that is certainly not a dict: an `Input(…)`/`Output(…)`,
    /// a list, a string or a number. A variable amlint cannot follow stays unknown.
    fn note_not_mapping(&self, expr: &'t Expr, direction: Direction, invocation: &mut Invocation) {
        let (shape, python_type) = match self.eval(expr, 0) {
            Py::Call { func, .. } => match func.rsplit('.').next() {
                Some("Input") => ("an `Input(…)`", "Input"),
                Some("Output") => ("an `Output(…)`", "Output"),
                _ => return,
            },
            Py::Str { known: true, .. } => ("a single value", "str"),
            Py::Int(..) => ("a single value", "int"),
            Py::Float(..) => ("a single value", "float"),
            Py::Bool(..) => ("a single value", "bool"),
            _ if expr.is_list_expr() => ("a list", "list"),
            _ if expr.is_tuple_expr() => ("a list", "tuple"),
            _ => return,
        };
        invocation.not_mappings.push(NotMapping {
            direction,
            span: self.span(expr.range()),
            shape,
            python_type,
        });
    }

    /// The batch job bodies a `….post(URL, json=BODY)` (or `data=json.dumps(BODY)`) sends.
    fn rest_invocations(&self, call: &'t ast::ExprCall, base_dir: &Path) -> Vec<Invocation> {
        let keywords = self.keywords(call);
        let keyword = |name: &str| {
            keywords
                .iter()
                .find(|(k, _, _)| *k == name)
                .map(|(_, _, v)| *v)
        };
        let positional = call.arguments.args.first();
        // The body, and the scope it is written in.
        let (body, scope) = match (keyword("json"), keyword("data")) {
            (Some(json), _) => (json, self.scope),
            (None, Some(data)) => match self.eval(data, 0) {
                Py::Call { func, call, scope } if func.ends_with("dumps") => {
                    let Some(first) = call.arguments.args.first() else {
                        return Vec::new();
                    };
                    (first, scope)
                }
                _ => (data, self.scope),
            },
            (None, None) => return Vec::new(),
        };
        let mut unknown = Vec::new();
        let Some(root) = self.module.at(scope).json_of(body, 0, &mut unknown) else {
            return Vec::new();
        };
        let url = keyword("url").or(positional).map(|u| {
            let py = self.eval(u, 0);
            self.value(&py, u)
        });
        let deployment = keyword("headers").and_then(|h| match self.eval(h, 0) {
            Py::Dict(dict, scope) => {
                let there = self.module.at(scope);
                there
                    .string_pairs(dict)
                    .into_iter()
                    .find(|(k, _, _)| k.eq_ignore_ascii_case("azureml-model-deployment"))
                    .map(|(_, _, v)| self.value(&there.eval(v, 0), v))
            }
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
    fn json_of(&self, expr: &'t Expr, depth: usize, unknown: &mut Vec<Span>) -> Option<json::Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        let py = self.eval(expr, depth);
        let leaf = |value: json::Json, span: Span| json::Node {
            value,
            span,
            map: Vec::new(),
        };
        Some(match py {
            Py::Dict(dict, scope) => {
                let there = self.module.at(scope);
                let mut members = Vec::new();
                for item in &dict.items {
                    let key = item
                        .key
                        .as_ref()
                        .map(|key| (there.eval(key, depth + 1), key));
                    let (key, key_span) = match key {
                        Some((
                            Py::Str {
                                text,
                                span,
                                known: true,
                            },
                            _,
                        )) => (text, span),
                        // A computed key or a `**spread`: an entry whose name is unknown.
                        Some((_, key)) => {
                            let span = there.span(key.range());
                            unknown.push(span);
                            (String::new(), span)
                        }
                        None => {
                            let span = there.span(item.value.range());
                            unknown.push(span);
                            (String::new(), span)
                        }
                    };
                    if let Some(value) = there.json_of(&item.value, depth + 1, unknown) {
                        members.push(json::Member {
                            key,
                            key_span,
                            value,
                        });
                    }
                }
                leaf(json::Json::Object(members), self.span(dict.range()))
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
            _ if expr.is_list_expr() => {
                let items = expr
                    .as_list_expr()
                    .map(|list| &list.elts[..])
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|item| self.json_of(item, depth + 1, unknown))
                    .collect();
                leaf(json::Json::Array(items), self.span(expr.range()))
            }
            _ => {
                let span = self.span(expr.range());
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
    fn overrides(&self, expr: &'t Expr) -> Vec<SetItem> {
        let (list, scope) = match expr {
            Expr::List(list) => (list, self.scope),
            Expr::Name(name) => match self.bound_once(name.id.as_str()) {
                Some((Expr::List(list), scope)) => (list, scope),
                _ => return Vec::new(),
            },
            _ => return Vec::new(),
        };
        let mut items = Vec::new();
        for dict in &list.elts {
            let Py::Dict(dict, scope) = self.module.at(scope).eval(dict, 0) else {
                continue;
            };
            let there = self.module.at(scope);
            for (text, key_span, value) in there.string_pairs(dict) {
                items.push(SetItem {
                    key: text,
                    key_span,
                    value: Some(self.value(&there.eval(value, 0), value)),
                    has_equals: true,
                    span: Span::new(key_span.start, self.span(value.range()).end),
                });
            }
        }
        items
    }

    fn invocation(&self, call: &'t ast::ExprCall, base_dir: &Path) -> Invocation {
        let call_span = self.span(call.range());
        let mut invocation = Invocation {
            origin: Origin::SdkCall,
            kind: None,
            inputs: Vec::new(),
            outputs: Vec::new(),
            inputs_anchor: Span::empty(call_span.start),
            outputs_anchor: Span::empty(call_span.start),
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
            inputs_unread: false,
            defined: None,
            endpoint_key: None,
            call_span: Some(call_span),
            params_override: Vec::new(),
            v1_datasets: Vec::new(),
            ignored_arguments: Vec::new(),
            command: None,
        };
        let mut single_input: Option<Span> = None;
        let mut has_inputs = false;
        for (name, key_range, value_expr) in self.keywords(call) {
            let value = || self.value(&self.eval(value_expr, 0), value_expr);
            match name {
                "endpoint_name" => {
                    invocation.endpoint_name = Some(value());
                    if invocation.endpoint_name.as_ref().is_some_and(|v| !v.known) {
                        // `endpoint.name` of an object made, then got again, from one
                        // name: that name, or its variable's symbolic one.
                        invocation.endpoint_key = self.endpoint_key(value_expr, 0);
                    }
                }
                "deployment_name" => invocation.deployment_name = Some(value()),
                "experiment_name" => invocation.experiment_name = Some(value()),
                "input" => {
                    single_input = Some(self.span(key_range));
                    if self.is_v1_dataset(value_expr) {
                        invocation.v1_datasets.push(self.span(value_expr.range()));
                    } else if let Some((spec_span, fields)) = self.io_spec(value_expr, 0) {
                        invocation.inputs.push(Io {
                            direction: Direction::Input,
                            name: "input".into(),
                            name_span: self.span(key_range),
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
                    invocation.inputs_anchor = self.span(key_range);
                    let shapes = invocation.not_mappings.len();
                    self.note_not_mapping(value_expr, Direction::Input, &mut invocation);
                    invocation.inputs_whole = self.dict_is_whole(value_expr);
                    // Not a dict amlint reads whole, nor certainly no dict: some entry, or the
                    // whole mapping, is unknown.
                    invocation.inputs_unread =
                        !invocation.inputs_whole && invocation.not_mappings.len() == shapes;
                    let inputs = self.io_dict(value_expr, Direction::Input, &mut invocation);
                    invocation.inputs.extend(inputs);
                }
                "params_override" => {
                    invocation.params_override = self.overrides(value_expr);
                }
                "outputs" => {
                    invocation.outputs_anchor = self.span(key_range);
                    self.note_not_mapping(value_expr, Direction::Output, &mut invocation);
                    let outputs = self.io_dict(value_expr, Direction::Output, &mut invocation);
                    invocation.outputs.extend(outputs);
                }
                "job_name" => {}
                _ => invocation
                    .ignored_arguments
                    .push(Value::from_word(name, self.span(key_range))),
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

/// A part of a (possibly implicitly concatenated) string.
#[derive(Clone, Copy)]
enum StringPart<'t> {
    Literal(&'t ast::StringLiteral),
    Interpolated(&'t ast::FString),
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
                value.known.then(|| value.text.clone())
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
