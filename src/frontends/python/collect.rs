//! The walk over ruff's AST: scopes (module, function, class, comprehension, lambda), the names
//! each binds once or opaquely, and the calls amlint reads, in source order.

use super::*;

/// Records what the walk looks for: calls, and the bindings of names, each in its scope.
pub(super) struct Collector<'t> {
    pub(super) scopes: Vec<Scope>,
    /// The scope the walk is in.
    pub(super) scope: ScopeId,
    /// Names a scope declares `global` (bound in the module) or `nonlocal` (in its parent).
    pub(super) redirected: HashMap<(ScopeId, &'t str), ScopeId>,
    pub(super) bindings: HashMap<(ScopeId, &'t str), Vec<Binding<'t>>>,
    pub(super) calls: Vec<(&'t ast::ExprCall, ScopeId)>,
    /// `requests.post(…)`, `httpx.post(…)`, `session.post(…)`: REST requests that may start a job.
    pub(super) posts: Vec<(&'t ast::ExprCall, ScopeId)>,
    /// Batch deployment and endpoint constructors and loaders ([`super::deployments`]).
    pub(super) definition_calls: Vec<(&'t ast::ExprCall, ScopeId)>,
    /// `OBJECT.attr = value` (an endpoint's `defaults`, a changed `name`).
    pub(super) attribute_assigns: Vec<(&'t ast::ExprAttribute, &'t Expr, ScopeId)>,
    /// String expressions (literals, f-strings, `+` chains), outermost only.
    pub(super) strings: Vec<(&'t Expr, ScopeId)>,
    /// Whether the walk is inside a `+` chain already listed in `strings`.
    pub(super) in_chain: bool,
    pub(super) text: &'t str,
}

impl<'t> Collector<'t> {
    pub(super) fn bind(&mut self, name: &'t str, binding: Binding<'t>) {
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

    pub(super) fn value(&self, expr: &'t Expr) -> Binding<'t> {
        Binding::Value(expr, self.scope)
    }

    /// Runs `walk` in a new scope of `kind`, inside the current one.
    pub(super) fn in_scope(&mut self, kind: ScopeKind, walk: impl FnOnce(&mut Self)) {
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
    pub(super) fn bind_opaque(&mut self, target: &'t Expr) {
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

    pub(super) fn bind_parameters(&mut self, parameters: &'t ast::Parameters) {
        for parameter in parameters.iter() {
            self.bind(parameter.name().as_str(), Binding::Opaque);
        }
    }

    /// A function's defaults, annotations and decorators are read where it is defined; its
    /// parameters and body in a scope of its own.
    pub(super) fn function(&mut self, function: &'t ast::StmtFunctionDef) {
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

    pub(super) fn class(&mut self, class: &'t ast::StmtClassDef) {
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
    pub(super) fn redirect(&mut self, names: &'t [ast::Identifier], to: ScopeId) {
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
                } else if super::deployments::is_definition_call(
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
    pub(super) fn walk(body: &'t [Stmt], text: &'t str) -> Collector<'t> {
        let mut collector = Collector {
            scopes: vec![Scope {
                kind: ScopeKind::Module,
                parent: None,
            }],
            scope: 0,
            redirected: HashMap::default(),
            bindings: HashMap::default(),
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
pub(super) struct Module<'t> {
    /// The piece of the text parsed, and where it starts in the whole text.
    pub(super) text: &'t str,
    pub(super) base: usize,
    /// For text decoded from another file (a notebook's JSON strings): each byte's offset there.
    pub(super) map: Option<&'t OffsetMap>,
    pub(super) scopes: Vec<Scope>,
    /// Every binding of every name in the piece, by scope and name.
    pub(super) bindings: HashMap<(ScopeId, &'t str), Vec<Binding<'t>>>,
    pub(super) calls: Vec<(&'t ast::ExprCall, ScopeId)>,
    pub(super) posts: Vec<(&'t ast::ExprCall, ScopeId)>,
    pub(super) strings: Vec<(&'t Expr, ScopeId)>,
    pub(super) definition_calls: Vec<(&'t ast::ExprCall, ScopeId)>,
    pub(super) attribute_assigns: Vec<(&'t ast::ExprAttribute, &'t Expr, ScopeId)>,
    /// The folder relative paths are read from (a loader's YAML, a local component).
    pub(super) base_dir: PathBuf,
    /// The YAML files loader calls name, read once each.
    pub(super) loaded: RefCell<HashMap<String, Option<super::deployments::Loaded>>>,
}

impl<'t> Module<'t> {
    /// `elsewhere`: when the text is read in pieces, how often each module-level name is bound
    /// in the whole text.
    pub(super) fn new(
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
            loaded: RefCell::new(HashMap::default()),
        }
    }

    /// Every invocation the module's calls make, in order (SDK calls first, then REST
    /// requests), and the sources of the credentials its strings make.
    pub(super) fn read(&self, base_dir: &Path, found: &mut dyn Found) {
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

    pub(super) fn at(&self, scope: ScopeId) -> Reader<'_, 't> {
        Reader {
            module: self,
            scope,
        }
    }

    pub(super) fn span(&self, range: TextRange) -> Span {
        self.map_span(Span::new(
            self.base + range.start().to_usize(),
            self.base + range.end().to_usize(),
        ))
    }

    /// A span of `text` as a span of the file it was decoded from.
    pub(super) fn map_span(&self, span: Span) -> Span {
        let Some(map) = self.map else { return span };
        map.span(span)
    }

    pub(super) fn slice(&self, range: TextRange) -> &'t str {
        self.text.get(range.to_std_range()).unwrap_or("")
    }

    /// `name=value` keyword arguments of a call (`**kwargs` are not named).
    pub(super) fn keywords(&self, call: &'t ast::ExprCall) -> Vec<(&'t str, TextRange, &'t Expr)> {
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
