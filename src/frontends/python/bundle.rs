//! Python read for the deployment bundle: a batch scoring script as the batch driver uses it
//! (does it parse, its module-level `init` and `run`, what `run` can return), and the
//! `load_*batch_deployment("…")` calls of a deployment script.
//!
//! Parsed by the same parser as the rest of the Python front-end, under the same bounds: a text
//! that may nest deeper than [`nesting::MAX_NESTING`] is not parsed (nothing is known of it), a
//! text past [`chunks::WHOLE_UP_TO`] is not a scoring script anyone wrote by hand and is not
//! parsed either, and the parse, the walk and the drop run with the stack the bound needs.
//! What a static reader cannot decide — a star import, `globals()`, a decorated or rebound
//! `run` — is unknown, and satisfies every rule.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::{STACK_NEEDED, STACK_SEGMENT, chunks, nesting, parse};
use crate::model::bundle::{Defined, LoaderCall, NoneReturn, ScoringScript};
use crate::source::Span;

/// Read `text` as a scoring script; `None` when it is beyond what is parsed (see the module
/// docs).
pub fn scoring_script(text: &str) -> Option<ScoringScript> {
    if text.len() > chunks::WHOLE_UP_TO || nesting::too_deep(text).is_some() {
        return None;
    }
    Some(stacker::maybe_grow(STACK_NEEDED, STACK_SEGMENT, || {
        let parsed = parse(text);
        if let Some(error) = parsed.errors().first() {
            return ScoringScript {
                syntax_error: Some((span(error.location), error.error.to_string())),
                init: Defined::Unknown,
                run: Defined::Unknown,
                run_name: None,
                run_parameters: None,
                none_returns: Vec::new(),
            };
        }
        read_module(&parsed.syntax().body, text)
    }))
}

fn span(range: TextRange) -> Span {
    Span::new(range.start().to_usize(), range.end().to_usize())
}

/// What binds a module-level name.
enum Binding<'t> {
    Def(&'t ast::StmtFunctionDef),
    Other,
}

#[derive(Default)]
struct Module<'t> {
    init: Vec<Binding<'t>>,
    run: Vec<Binding<'t>>,
    /// `from x import *`: any name may be bound.
    star: bool,
}

impl<'t> Module<'t> {
    fn bind(&mut self, name: &str, binding: Binding<'t>) {
        match name {
            "init" => self.init.push(binding),
            "run" => self.run.push(binding),
            _ => {}
        }
    }

    fn bind_target(&mut self, target: &Expr) {
        match target {
            Expr::Name(name) => self.bind(name.id.as_str(), Binding::Other),
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.bind_target(e)),
            Expr::List(l) => l.elts.iter().for_each(|e| self.bind_target(e)),
            Expr::Starred(s) => self.bind_target(&s.value),
            _ => {}
        }
    }

    /// The module-level bindings of `body`, blocks included (an `if`, a `try`, a loop or a
    /// `with` at module level binds module names).
    fn walk(&mut self, body: &'t [Stmt]) {
        for stmt in body {
            match stmt {
                Stmt::FunctionDef(def) => self.bind(def.name.id.as_str(), Binding::Def(def)),
                Stmt::ClassDef(class) => self.bind(class.name.id.as_str(), Binding::Other),
                Stmt::Assign(a) => a.targets.iter().for_each(|t| self.bind_target(t)),
                Stmt::AnnAssign(a) if a.value.is_some() => self.bind_target(&a.target),
                Stmt::AugAssign(a) => self.bind_target(&a.target),
                Stmt::Import(import) => {
                    for alias in &import.names {
                        let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                        let first = bound.id.as_str().split('.').next().unwrap_or_default();
                        self.bind(first, Binding::Other);
                    }
                }
                Stmt::ImportFrom(import) => {
                    for alias in &import.names {
                        if alias.name.id.as_str() == "*" {
                            self.star = true;
                        }
                        let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                        self.bind(bound.id.as_str(), Binding::Other);
                    }
                }
                Stmt::If(s) => {
                    self.walk(&s.body);
                    for clause in &s.elif_else_clauses {
                        self.walk(&clause.body);
                    }
                }
                Stmt::Try(s) => {
                    self.walk(&s.body);
                    for handler in &s.handlers {
                        let ast::ExceptHandler::ExceptHandler(h) = handler;
                        self.walk(&h.body);
                    }
                    self.walk(&s.orelse);
                    self.walk(&s.finalbody);
                }
                Stmt::For(s) => {
                    self.bind_target(&s.target);
                    self.walk(&s.body);
                    self.walk(&s.orelse);
                }
                Stmt::While(s) => {
                    self.walk(&s.body);
                    self.walk(&s.orelse);
                }
                Stmt::With(s) => {
                    for item in &s.items {
                        if let Some(target) = &item.optional_vars {
                            self.bind_target(target);
                        }
                    }
                    self.walk(&s.body);
                }
                Stmt::Match(s) => {
                    for case in &s.cases {
                        self.walk(&case.body);
                    }
                }
                _ => {}
            }
        }
    }
}

/// Whether a module binds names in ways a static read cannot follow: `globals()[…] = …`,
/// `exec(…)`, `setattr(sys.modules[…], …)`, a module `__getattr__`.
fn dynamic(text: &str) -> bool {
    ["globals()", "exec(", "setattr(", "__getattr__", "vars()"]
        .iter()
        .any(|w| text.contains(w))
}

fn read_module(body: &[Stmt], text: &str) -> ScoringScript {
    let mut module = Module::default();
    module.walk(body);
    let unseen = module.star || dynamic(text);
    let defined = |bindings: &[Binding<'_>]| {
        if !bindings.is_empty() {
            Defined::Yes
        } else if unseen {
            Defined::Unknown
        } else {
            Defined::Missing
        }
    };
    let mut script = ScoringScript {
        syntax_error: None,
        init: defined(&module.init),
        run: defined(&module.run),
        run_name: None,
        run_parameters: None,
        none_returns: Vec::new(),
    };
    // Only one plain `def run` is judged: a decorator may wrap it in anything, and a name
    // bound twice is whichever binding runs last.
    if let [Binding::Def(def)] = module.run.as_slice()
        && def.decorator_list.is_empty()
    {
        script.run_name = Some(span(def.name.range));
        script.run_parameters = parameters_problem(&def.parameters);
        if !def.is_async && !is_generator(&def.body) {
            script.none_returns = none_returns(&def.body, text);
        }
    }
    script
}

/// Why `run(mini_batch)` — one positional argument — cannot call a function with these
/// parameters.
fn parameters_problem(parameters: &ast::Parameters) -> Option<(Span, String)> {
    let positional: Vec<&ast::ParameterWithDefault> = parameters
        .posonlyargs
        .iter()
        .chain(parameters.args.iter())
        .collect();
    let required: Vec<&&ast::ParameterWithDefault> =
        positional.iter().filter(|p| p.default.is_none()).collect();
    if required.len() > 1 {
        let names: Vec<&str> = required
            .iter()
            .map(|p| p.parameter.name.id.as_str())
            .collect();
        return Some((
            span(required[1].parameter.range),
            format!(
                "`run` takes {} required parameters ({}), but the batch driver calls \
                 `run(mini_batch)` with one: every mini-batch fails with a TypeError",
                required.len(),
                names.join(", ")
            ),
        ));
    }
    if positional.is_empty() && parameters.vararg.is_none() {
        return Some((
            span(parameters.range),
            "`run` takes no positional parameter, but the batch driver calls `run(mini_batch)`: \
             every mini-batch fails with a TypeError"
                .to_string(),
        ));
    }
    if let Some(keyword) = parameters.kwonlyargs.iter().find(|p| p.default.is_none()) {
        return Some((
            span(keyword.parameter.range),
            format!(
                "`run` requires the keyword argument `{}`, which the batch driver never passes \
                 (it calls `run(mini_batch)`): every mini-batch fails with a TypeError",
                keyword.parameter.name.id.as_str()
            ),
        ));
    }
    None
}

/// Whether a function body yields (its call returns a generator), not counting nested
/// functions, lambdas and classes.
fn is_generator(body: &[Stmt]) -> bool {
    struct Yields(bool);
    impl<'a> Visitor<'a> for Yields {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            match stmt {
                Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
                _ => visitor::walk_stmt(self, stmt),
            }
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            match expr {
                Expr::Yield(_) | Expr::YieldFrom(_) => self.0 = true,
                Expr::Lambda(_) => {}
                _ => visitor::walk_expr(self, expr),
            }
        }
    }
    let mut found = Yields(false);
    for stmt in body {
        found.visit_stmt(stmt);
    }
    found.0
}

/// Every `return`/`return None` of the body, and the place where it can fall off its end.
fn none_returns(body: &[Stmt], text: &str) -> Vec<NoneReturn> {
    let mut out = Vec::new();
    explicit_none(body, &mut out);
    if let Some(at) = falls_off(body, text) {
        out.push(NoneReturn::FallsOff(at));
    }
    out.sort_by_key(|r| match r {
        NoneReturn::Explicit(s) | NoneReturn::FallsOff(s) => s.start,
    });
    out
}

fn explicit_none(body: &[Stmt], out: &mut Vec<NoneReturn>) {
    for stmt in body {
        match stmt {
            Stmt::Return(r) => {
                let none = match r.value.as_deref() {
                    None => true,
                    Some(value) => value.is_none_literal_expr(),
                };
                if none {
                    out.push(NoneReturn::Explicit(span(r.range)));
                }
            }
            Stmt::If(s) => {
                explicit_none(&s.body, out);
                for clause in &s.elif_else_clauses {
                    explicit_none(&clause.body, out);
                }
            }
            Stmt::For(s) => {
                explicit_none(&s.body, out);
                explicit_none(&s.orelse, out);
            }
            Stmt::While(s) => {
                explicit_none(&s.body, out);
                explicit_none(&s.orelse, out);
            }
            Stmt::With(s) => explicit_none(&s.body, out),
            Stmt::Try(s) => {
                explicit_none(&s.body, out);
                for handler in &s.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    explicit_none(&h.body, out);
                }
                explicit_none(&s.orelse, out);
                explicit_none(&s.finalbody, out);
            }
            Stmt::Match(s) => {
                for case in &s.cases {
                    explicit_none(&case.body, out);
                }
            }
            _ => {}
        }
    }
}

/// The first line of a statement (up to its end or the end of that line), for a finding.
fn header(stmt: &Stmt, text: &str) -> Span {
    let range = stmt.range();
    let start = range.start().to_usize();
    let end = range.end().to_usize();
    let line_end = text[start..end].find('\n').map_or(end, |i| start + i);
    let shown = text[start..line_end].trim_end();
    Span::new(start, start + shown.len())
}

/// Whether a call never returns: `sys.exit(…)`, `exit(…)`, `quit(…)`, `os._exit(…)`,
/// `os.abort()`.
fn never_returns(expr: &Expr) -> bool {
    let Expr::Call(call) = expr else {
        return false;
    };
    match call.func.as_ref() {
        Expr::Name(name) => matches!(name.id.as_str(), "exit" | "quit"),
        Expr::Attribute(attr) => {
            matches!(
                (attr.value.as_ref(), attr.attr.id.as_str()),
                (Expr::Name(m), "exit") if m.id.as_str() == "sys"
            ) || matches!(
                (attr.value.as_ref(), attr.attr.id.as_str()),
                (Expr::Name(m), "_exit" | "abort") if m.id.as_str() == "os"
            )
        }
        _ => false,
    }
}

fn is_true(expr: &Expr) -> bool {
    match expr {
        Expr::BooleanLiteral(b) => b.value,
        Expr::NumberLiteral(n) => matches!(&n.value, ast::Number::Int(i) if i.as_u8() == Some(1)),
        _ => false,
    }
}

/// Whether a loop body leaves its loop by `break` (not counting nested loops' own breaks).
fn breaks(body: &[Stmt]) -> bool {
    body.iter().any(|stmt| match stmt {
        Stmt::Break(_) => true,
        Stmt::If(s) => breaks(&s.body) || s.elif_else_clauses.iter().any(|c| breaks(&c.body)),
        Stmt::With(s) => breaks(&s.body),
        Stmt::Try(s) => {
            breaks(&s.body)
                || breaks(&s.orelse)
                || breaks(&s.finalbody)
                || s.handlers.iter().any(|h| {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    breaks(&h.body)
                })
        }
        Stmt::Match(s) => s.cases.iter().any(|c| breaks(&c.body)),
        _ => false,
    })
}

/// Where execution can run off the end of `body`: the statement it falls through (its first
/// line), or `None` when every path ends in `return`, `raise` or a call that never returns.
/// An empty body falls through at once (`Some` of an empty span is never asked for: a Python
/// block is never empty).
fn falls_off(body: &[Stmt], text: &str) -> Option<Span> {
    let last = body.last()?;
    match last {
        Stmt::Return(_) | Stmt::Raise(_) => None,
        Stmt::Expr(e) if never_returns(&e.value) => None,
        Stmt::Assert(a) if matches!(a.test.as_ref(), Expr::BooleanLiteral(b) if !b.value) => None,
        Stmt::If(s) => {
            let has_else = s.elif_else_clauses.last().is_some_and(|c| c.test.is_none());
            if !has_else {
                return Some(header(last, text));
            }
            falls_off(&s.body, text).or_else(|| {
                s.elif_else_clauses
                    .iter()
                    .find_map(|c| falls_off(&c.body, text))
            })
        }
        Stmt::While(s) if is_true(&s.test) && !breaks(&s.body) => None,
        Stmt::For(s) if !s.orelse.is_empty() && !breaks(&s.body) => falls_off(&s.orelse, text),
        Stmt::While(s) if !s.orelse.is_empty() && !breaks(&s.body) => falls_off(&s.orelse, text),
        Stmt::With(s) => falls_off(&s.body, text),
        Stmt::Try(s) => {
            if !s.finalbody.is_empty() && falls_off(&s.finalbody, text).is_none() {
                return None;
            }
            let main = if s.orelse.is_empty() {
                falls_off(&s.body, text)
            } else {
                falls_off(&s.orelse, text)
            };
            main.or_else(|| {
                s.handlers.iter().find_map(|h| {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    falls_off(&h.body, text)
                })
            })
        }
        Stmt::Match(s) => {
            let exhaustive = s
                .cases
                .iter()
                .any(|c| c.guard.is_none() && c.pattern.is_irrefutable());
            if !exhaustive {
                return Some(header(last, text));
            }
            s.cases.iter().find_map(|c| falls_off(&c.body, text))
        }
        _ => Some(header(last, text)),
    }
}

/// The loader calls of `text` (a `.py` file, a notebook's code, a Markdown fence, blanked
/// around); offsets are the text's.
/// Whether a text may call a `load_*batch_deployment` loader: the function's name followed by
/// its parenthesis (`ml_client.batch_deployments.begin_create_or_update(…)`, in every notebook
/// that deploys, is not one, and a text without a loader is not parsed again for them).
fn may_call_a_loader(text: &str) -> bool {
    // One vectorised searcher for the run (`match_indices` builds a searcher per call, and every
    // Python region of a tree is asked).
    static NAME: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("batch_deployment"));
    NAME.find_iter(text.as_bytes()).any(|at| {
        text.as_bytes()[at + NAME.needle().len()..]
            .iter()
            .find(|b| !matches!(b, b' ' | b'\t'))
            == Some(&b'(')
    })
}

pub fn loader_calls(text: &str) -> Vec<LoaderCall> {
    if !may_call_a_loader(text) || nesting::too_deep(text).is_some() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for piece in chunks::pieces(text) {
        let piece_text = &text[piece.clone()];
        if !may_call_a_loader(piece_text) {
            continue;
        }
        stacker::maybe_grow(STACK_NEEDED, STACK_SEGMENT, || {
            let parsed = parse(piece_text);
            struct Calls<'a> {
                out: &'a mut Vec<LoaderCall>,
                offset: usize,
            }
            impl<'t> Visitor<'t> for Calls<'_> {
                fn visit_expr(&mut self, expr: &'t Expr) {
                    if let Expr::Call(call) = expr
                        && let Some((function, name)) = match call.func.as_ref() {
                            Expr::Name(n) => Some((n.id.as_str(), n.range)),
                            Expr::Attribute(a) => Some((a.attr.id.as_str(), a.attr.range)),
                            _ => None,
                        }
                        && function.starts_with("load_")
                        && function.ends_with("batch_deployment")
                    {
                        let source = call.arguments.args.first().or_else(|| {
                            call.arguments
                                .keywords
                                .iter()
                                .find(|k| k.arg.as_ref().is_some_and(|a| a.id.as_str() == "source"))
                                .map(|k| &k.value)
                        });
                        if let Some(Expr::StringLiteral(s)) = source {
                            let offset = self.offset;
                            let shift = |r: TextRange| {
                                Span::new(
                                    r.start().to_usize() + offset,
                                    r.end().to_usize() + offset,
                                )
                            };
                            self.out.push(LoaderCall {
                                function: function.to_string(),
                                name: shift(name),
                                file: s.value.to_str().to_string(),
                                file_span: shift(s.range),
                            });
                        }
                    }
                    visitor::walk_expr(self, expr);
                }
            }
            let mut calls = Calls {
                out: &mut out,
                offset: piece.start,
            };
            for stmt in &parsed.syntax().body {
                calls.visit_stmt(stmt);
            }
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> ScoringScript {
        scoring_script(text).expect("within bounds")
    }

    #[test]
    fn entry_points_and_parameters() {
        let good = read("def init():\n    pass\n\ndef run(mini_batch):\n    return []\n");
        assert_eq!(
            (good.init, good.run, good.run_parameters.clone()),
            (Defined::Yes, Defined::Yes, None)
        );
        assert!(good.none_returns.is_empty());
        let no_init = read("def run(mini_batch):\n    return []\n");
        assert_eq!(no_init.init, Defined::Missing);
        let star = read("from helpers import *\n\ndef run(mini_batch):\n    return []\n");
        assert_eq!(star.init, Defined::Unknown);
        let imported = read("from helpers import init, run\n");
        assert_eq!((imported.init, imported.run), (Defined::Yes, Defined::Yes));
        let two = "def init():\n    pass\n\ndef run(mini_batch, context):\n    return []\n";
        let (at, _) = read(two).run_parameters.unwrap();
        assert_eq!(&two[at.start..at.end], "context");
        for fine in [
            "def run(mini_batch, context=None):\n    return []\n",
            "def run(*args):\n    return []\n",
            "def run(mini_batch, *, debug=False):\n    return []\n",
        ] {
            assert_eq!(read(fine).run_parameters, None, "{fine}");
        }
        assert!(read("def run():\n    return []\n").run_parameters.is_some());
        assert!(
            read("def run(mini_batch, *, context):\n    return []\n")
                .run_parameters
                .is_some()
        );
        // A decorated run may be anything.
        assert_eq!(
            read("@wrap\ndef run(a, b):\n    pass\n").run_parameters,
            None
        );
    }

    fn falls(body: &str) -> Vec<String> {
        let text = format!("def init():\n    pass\n\ndef run(mini_batch):\n{body}");
        read(&text)
            .none_returns
            .iter()
            .map(|r| match r {
                NoneReturn::Explicit(s) => format!("return@{}", &text[s.start..s.end]),
                NoneReturn::FallsOff(s) => format!("falls@{}", &text[s.start..s.end]),
            })
            .collect()
    }

    #[test]
    fn paths_through_run_that_return_nothing() {
        assert!(falls("    return []\n").is_empty());
        assert!(falls("    raise ValueError()\n").is_empty());
        assert!(falls("    if x:\n        return a\n    else:\n        return b\n").is_empty());
        assert!(falls("    try:\n        return a\n    except E:\n        raise\n").is_empty());
        assert!(falls("    while True:\n        return a\n").is_empty());
        assert!(falls("    with x:\n        return a\n").is_empty());
        assert!(falls("    sys.exit(1)\n").is_empty());
        assert!(falls("    yield 1\n").is_empty());
        assert_eq!(
            falls("    if results:\n        return pd.concat(results)\n"),
            ["falls@if results:"]
        );
        assert_eq!(
            falls("    print(mini_batch)\n"),
            ["falls@print(mini_batch)"]
        );
        assert_eq!(
            falls("    if not mini_batch:\n        return\n    return mini_batch\n"),
            ["return@return"]
        );
        assert_eq!(falls("    return None\n"), ["return@return None"]);
        assert_eq!(
            falls("    for f in mini_batch:\n        return [f]\n"),
            ["falls@for f in mini_batch:"]
        );
        assert_eq!(
            falls("    try:\n        return a\n    except E:\n        log(e)\n"),
            ["falls@log(e)"]
        );
        // A nested function's bare return is its own.
        assert!(falls("    def f():\n        return\n    return [f]\n").is_empty());
    }

    #[test]
    fn syntax_errors_and_bounds() {
        let broken = read("def run(mini_batch):\n    for f in mini_batch\n        pass\n");
        assert!(broken.syntax_error.is_some());
        assert_eq!(broken.init, Defined::Unknown);
        let deep = format!("x = {}1{}\n", "(".repeat(5000), ")".repeat(5000));
        assert!(scoring_script(&deep).is_none());
    }

    #[test]
    fn a_text_without_a_loader_call_is_not_parsed_for_one() {
        assert!(!may_call_a_loader(
            "ml_client.batch_deployments.begin_create_or_update(d)\nimport load_batch_deployment"
        ));
        assert!(may_call_a_loader("d = load_batch_deployment (\"d.yml\")"));
        assert!(may_call_a_loader(
            "d = x.load_model_batch_deployment(source=f)"
        ));
    }

    #[test]
    fn loader_calls_with_literal_files() {
        let text = "from azure.ai.ml import load_batch_deployment\nd = load_batch_deployment(\"batch/d.yml\")\ne = ml.load_model_batch_deployment(source='m.yml')\nf = load_batch_deployment(path)\n";
        let calls = loader_calls(text);
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0].function, "load_batch_deployment");
        assert_eq!(calls[0].file, "batch/d.yml");
        assert_eq!(
            &text[calls[0].file_span.start..calls[0].file_span.end],
            "\"batch/d.yml\""
        );
        assert_eq!(calls[1].function, "load_model_batch_deployment");
    }
}
