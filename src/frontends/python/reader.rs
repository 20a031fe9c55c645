//! Python values read into the model: an `invoke(...)` call's arguments, `Input(...)` and
//! `Output(...)` objects, dictionaries and the strings that make their paths, each resolved
//! through the scopes the collector recorded.

use super::*;

impl<'t> Reader<'_, 't> {
    /// The one value a name is bound to where it is used, if it is bound exactly once there,
    /// to a value. As in Python, a name bound anywhere in a scope is that scope's; a class body's
    /// names are not seen from the functions inside it.
    pub(super) fn bound_once(&self, name: &str) -> Option<(&'t Expr, ScopeId)> {
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

    pub(super) fn eval(&self, expr: &'t Expr, depth: usize) -> Py<'t> {
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
                    // azure-ai-ml's constants classes: each constant is its lower-cased name.
                    Some((
                        "AssetTypes" | "InputTypes" | "BatchDeploymentOutputAction",
                        constant,
                    )) if !constant.contains('.') => Py::Str {
                        text: constant.to_ascii_lowercase(),
                        span: self.span(attribute.range()),
                        known: true,
                    },
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
    pub(super) fn string(
        &self,
        parts: impl Iterator<Item = StringPart<'t>>,
        depth: usize,
    ) -> Py<'t> {
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

    pub(super) fn value(&self, py: &Py<'t>, expr: &'t Expr) -> Value {
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
            reading: crate::model::Reading::of(&text, loaded),
            text: text.into(),
            span,
            plain: false,
            known,
        }
    }

    /// `Input(type=…, path=…)` / `Output(…)` as an input or output spec; `None` if not one.
    pub(super) fn io_spec(&self, expr: &'t Expr, depth: usize) -> Option<(Span, Vec<Field>)> {
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
                key: key.into(),
                key_span: self.span(key_range),
                value: self.value(&there.eval(value, depth + 1), value),
            })
            .collect();
        Some((self.span(call.range()), fields))
    }

    pub(super) fn is_v1_dataset(&self, expr: &'t Expr) -> bool {
        match self.eval(expr, 0) {
            Py::Call { func, .. } => func.starts_with("Dataset.") || func.contains(".Dataset."),
            _ => false,
        }
    }

    /// The `"key": value` pairs of a dict literal whose key is a known string.
    pub(super) fn string_pairs(&self, dict: &'t ast::ExprDict) -> Vec<(String, Span, &'t Expr)> {
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

    pub(super) fn io_dict(
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
    pub(super) fn dict_entries(
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
                    fields: fields.into(),
                },
                None => match self.eval(value, 0) {
                    py @ Py::Str { known: true, .. } => IoValue::Bare(self.value(&py, value)),
                    _ => continue,
                },
            };
            out.retain(|io: &Io| io.name != name);
            out.push(Io {
                direction,
                name: name.into(),
                name_span,
                value: io_value,
                from_flag: false,
            });
        }
        out
    }

    /// A dict literal whose every entry amlint reads (a string key, an `Input(…)` or a string):
    /// a computed key or a `**spread` is an entry amlint cannot read.
    pub(super) fn dict_is_whole(&self, expr: &'t Expr) -> bool {
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
    pub(super) fn note_not_mapping(
        &self,
        expr: &'t Expr,
        direction: Direction,
        invocation: &mut Invocation,
    ) {
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
    pub(super) fn rest_invocations(
        &self,
        call: &'t ast::ExprCall,
        base_dir: &Path,
    ) -> Vec<Invocation> {
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
    pub(super) fn json_of(
        &self,
        expr: &'t Expr,
        depth: usize,
        unknown: &mut Vec<Span>,
    ) -> Option<json::Node> {
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
    pub(super) fn overrides(&self, expr: &'t Expr) -> Vec<SetItem> {
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

    pub(super) fn invocation(&self, call: &'t ast::ExprCall, base_dir: &Path) -> Invocation {
        let call_span = self.span(call.range());
        let mut invocation = Invocation {
            inputs_anchor: Span::empty(call_span.start),
            outputs_anchor: Span::empty(call_span.start),
            inputs_whole: false,
            call_span: Some(call_span),
            ..Invocation::new(Origin::SdkCall, base_dir)
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
                                fields: fields.into(),
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
pub(super) enum StringPart<'t> {
    Literal(&'t ast::StringLiteral),
    Interpolated(&'t ast::FString),
}
