//! `amlint server`: the Language Server Protocol on stdio, with the same engine as the CLI.
//!
//! Full text sync; the document's text (never the disk copy) is checked as the file at its path,
//! so the project around it (deployment kind) and its `amlint.toml` apply. Positions are 0-based
//! lines and UTF-16 columns, as LSP counts them.
//!
//! Keeping up with typing: every message waiting in the queue is read before any work is done,
//! so a burst of edits costs one check of the latest text, and a hover or code action answers
//! from the check of the text it is about (cached until the text changes). What project discovery
//! learned (deployments, configs) is kept across checks and dropped when the client reports a
//! watched file changed (`workspace/didChangeWatchedFiles`, registered when the client can) or a
//! document is saved. Diagnostics are pushed (`publishDiagnostics`) or, when the client supports
//! it, pulled (`textDocument/diagnostic`). Code actions: the finding's fix as a quick fix (unsafe
//! ones say so), "ignore this rule on this line", and `source.fixAll.amlint` (every safe fix,
//! for fix-all on save). A config that cannot be used is shown (`window/showMessage`) and
//! reported as a diagnostic on the config file.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crossbeam_channel::Receiver;
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde::Serialize;

mod notebook;
pub(crate) mod transport;
use serde_json::{Value, json};
use transport::Outbox;

use crate::diagnostic::{Diagnostic, FileReport, Severity};
use crate::engine::{Checker, Options, Role};
use crate::fs::walk::FileKind;
use crate::model::path_ref::PathRef;
use crate::project::Projects;
use crate::report::location::file_uri;
use crate::rules;
use crate::settings::config::Configs;
use crate::source::{SourceFile, Span};
use crate::syntax::yaml::Document;

/// The code action kind of "apply every safe fix".
const FIX_ALL: &str = "source.fixAll.amlint";

/// Run the server until the client says `shutdown` and `exit`.
pub fn run() -> Result<(), String> {
    let (connection, outbox, threads) = transport::stdio();
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let client = &params["capabilities"];
    let pull = client["textDocument"]["diagnostic"].is_object();
    let watch = client["workspace"]["didChangeWatchedFiles"]["dynamicRegistration"] == true;
    let mut capabilities = json!({
        "textDocumentSync": {"openClose": true, "change": 2, "save": {"includeText": false}},
        "codeActionProvider": {"codeActionKinds": ["quickfix", FIX_ALL]},
        "hoverProvider": true,
        // Notebooks opened as cells: checked together, each finding on its cell.
        "notebookDocumentSync": {"notebookSelector": [{
            "notebook": {"notebookType": "jupyter-notebook"},
            "cells": [{"language": "python"}, {"language": "markdown"}],
        }]},
    });
    if pull {
        capabilities["diagnosticProvider"] = json!({
            "identifier": "amlint",
            // A deployment YAML or a config changes other files' findings.
            "interFileDependencies": true,
            "workspaceDiagnostics": false,
        });
    }
    connection
        .initialize_finish(
            id,
            json!({
                "capabilities": capabilities,
                "serverInfo": {"name": "amlint", "version": env!("CARGO_PKG_VERSION")},
            }),
        )
        .map_err(|e| e.to_string())?;
    // From here on the server sends through the outbox; dropping the connection's sender lets
    // the writer move on to it once the handshake is written.
    let Connection { sender, receiver } = connection;
    drop(sender);
    let (projects, configs) = fresh_caches();
    let mut server = Server {
        receiver,
        outbox,
        documents: HashMap::new(),
        notebooks: HashMap::new(),
        checked: HashMap::new(),
        options: Options::default(),
        projects,
        configs,
        config_problems: HashMap::new(),
        shown_config_errors: HashSet::new(),
        pull,
        checks: 0,
        trace: std::env::var_os("AMLINT_LSP_TRACE").is_some(),
    };
    if watch {
        server.register_watchers();
    }
    server.main_loop()?;
    drop(server);
    threads.join().map_err(|e| e.to_string())
}

/// An open document.
/// `text` after one `contentChanges` entry: its range replaced, or the whole text when it has
/// none. A ranged change to a document amlint does not hold is dropped (`None`).
fn apply_change(text: Option<String>, change: &Value) -> Option<String> {
    let new = change["text"].as_str()?;
    let range = &change["range"];
    if !range.is_object() {
        return Some(new.to_string());
    }
    let mut text = text?;
    let start = offset_of_position(&text, &range["start"]);
    let end = offset_of_position(&text, &range["end"]);
    let (start, end) = (start.min(end), start.max(end));
    text.replace_range(start..end, new);
    Some(text)
}

/// The byte offset of an LSP position (0-based line, UTF-16 column) in `text`, read as
/// [`SourceFile::offset_of_utf16`] reads it: past a line's end, the line's end; past the last
/// line, the text's end. Always a character boundary.
fn offset_of_position(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap_or(0) as usize;
    let column = position["character"].as_u64().unwrap_or(0) as usize;
    let start = if line == 0 {
        0
    } else {
        match memchr::memchr_iter(b'\n', text.as_bytes()).nth(line - 1) {
            Some(at) => at + 1,
            None => return text.len(),
        }
    };
    start + crate::source::utf16_column(&text[start..], column)
}

struct OpenDocument {
    text: String,
    /// The client's version of the text (echoed in `publishDiagnostics`).
    version: Option<i64>,
    /// The text changed since its findings were last published.
    dirty: bool,
}

struct Server {
    receiver: Receiver<Message>,
    outbox: Outbox,
    /// The open documents, by URI.
    documents: HashMap<String, OpenDocument>,
    /// The open notebooks (as cells), by the notebook's URI.
    notebooks: HashMap<String, notebook::Notebook>,
    /// The last check of each open document's current text.
    checked: HashMap<String, Arc<FileReport>>,
    options: Options,
    /// What discovery found, kept across checks; replaced when files change.
    projects: Arc<Projects>,
    configs: Arc<Configs>,
    /// Config files that could not be used → their message (a diagnostic on each).
    config_problems: HashMap<String, String>,
    /// The config errors already shown with `window/showMessage` (each once).
    shown_config_errors: HashSet<String>,
    /// The client pulls diagnostics (`textDocument/diagnostic`): do not push them.
    pull: bool,
    /// How many checks ran (`AMLINT_LSP_TRACE` logs each, for tests and benchmarks).
    checks: usize,
    trace: bool,
}

impl Server {
    fn main_loop(&mut self) -> Result<(), String> {
        loop {
            // Block for one message, then take every message already waiting: edits in a
            // burst collapse into one check of the latest text.
            let Ok(first) = self.receiver.recv() else {
                return Ok(());
            };
            let mut waiting = vec![first];
            while let Ok(more) = self.receiver.try_recv() {
                waiting.push(more);
            }
            let mut batch = waiting.into_iter();
            // In order: a hover after an edit is about the edited text.
            for message in batch.by_ref() {
                match message {
                    Message::Request(request) if request.method == "shutdown" => {
                        self.send(Message::Response(Response::new_ok(
                            request.id.clone(),
                            Value::Null,
                        )));
                        self.await_exit(batch);
                        return Ok(());
                    }
                    Message::Request(request) => self.request(&request),
                    Message::Notification(notification) => self.notification(notification),
                    Message::Response(_) => {}
                }
            }
            self.publish_dirty();
        }
    }

    /// After `shutdown`: nothing but `exit` is expected — it may already be in this batch, or
    /// come later; a client that goes away instead ends the server too.
    fn await_exit(&self, rest: impl Iterator<Item = Message>) {
        let is_exit = |m: &Message| matches!(m, Message::Notification(n) if n.method == "exit");
        let mut rest = rest;
        if rest.any(|m| is_exit(&m)) {
            return;
        }
        for message in &self.receiver {
            if is_exit(&message) {
                return;
            }
        }
    }

    fn send(&self, message: Message) {
        self.outbox.send(&message);
    }

    fn notify(&self, method: &str, params: impl Serialize) {
        self.outbox.send(&Outgoing {
            jsonrpc: "2.0",
            method: Some(method),
            id: None,
            params: Some(params),
            result: None::<()>,
        });
    }

    fn respond(&self, id: &RequestId, result: impl Serialize) {
        self.outbox.send(&Outgoing {
            jsonrpc: "2.0",
            method: None,
            id: Some(id),
            params: None::<()>,
            result: Some(result),
        });
    }

    /// Ask the client to tell us when batch YAML or a config changes on disk.
    fn register_watchers(&self) {
        let watchers: Vec<Value> = ["**/*.{yml,yaml}", "**/amlint.toml", "**/pyproject.toml"]
            .iter()
            .map(|glob| json!({"globPattern": glob}))
            .collect();
        self.send(Message::Request(Request::new(
            RequestId::from("amlint/watch".to_string()),
            "client/registerCapability".into(),
            json!({"registrations": [{
                "id": "amlint-watched-files",
                "method": "workspace/didChangeWatchedFiles",
                "registerOptions": {"watchers": watchers},
            }]}),
        )));
    }

    fn notification(&mut self, notification: Notification) {
        let params = &notification.params;
        let uri = params["textDocument"]["uri"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let version = params["textDocument"]["version"].as_i64();
        match notification.method.as_str() {
            "textDocument/didOpen" => {
                let text = params["textDocument"]["text"].as_str().unwrap_or_default();
                self.open(uri, text, version);
            }
            "textDocument/didChange" => {
                // Incremental sync: each change replaces a range (UTF-16 positions) of the text
                // as the previous changes left it, or the whole text when it has no range. A
                // client holds a full-sync server's changes back (250 ms in
                // vscode-languageclient); ranged ones it sends at once.
                let Some(changes) = params["contentChanges"].as_array() else {
                    return;
                };
                let mut text = self.documents.get(&uri).map(|d| d.text.clone());
                for change in changes {
                    text = apply_change(text, change);
                }
                if let Some(text) = text {
                    self.open(uri, &text, version);
                }
            }
            "textDocument/didSave" => {
                // A saved deployment YAML or config changes what discovery knows, and with it
                // the other documents' findings.
                self.files_changed();
            }
            "workspace/didChangeWatchedFiles" => self.files_changed(),
            "notebookDocument/didOpen" => {
                if let Some((uri, notebook)) = notebook::Notebook::opened(params) {
                    self.notebooks.insert(uri, notebook);
                }
            }
            "notebookDocument/didChange" => {
                let uri = params["notebookDocument"]["uri"]
                    .as_str()
                    .unwrap_or_default();
                if let Some(notebook) = self.notebooks.get_mut(uri) {
                    notebook.change(params);
                }
            }
            "notebookDocument/didClose" => {
                let uri = params["notebookDocument"]["uri"]
                    .as_str()
                    .unwrap_or_default();
                if let Some(notebook) = self.notebooks.remove(uri) {
                    for cell in &notebook.cells {
                        self.notify(
                            "textDocument/publishDiagnostics",
                            json!({"uri": shown_uri(&cell.uri), "diagnostics": []}),
                        );
                    }
                }
            }
            "textDocument/didClose" => {
                self.documents.remove(&uri);
                self.checked.remove(&uri);
                if !self.pull {
                    self.notify(
                        "textDocument/publishDiagnostics",
                        json!({"uri": shown_uri(&uri), "diagnostics": []}),
                    );
                }
            }
            _ => {}
        }
    }

    /// Files changed on disk: forget what discovery learned and check every document again.
    fn files_changed(&mut self) {
        for (uri, _) in std::mem::take(&mut self.config_problems) {
            self.notify(
                "textDocument/publishDiagnostics",
                json!({"uri": shown_uri(&uri), "diagnostics": []}),
            );
        }
        self.shown_config_errors.clear();
        (self.projects, self.configs) = fresh_caches();
        self.checked.clear();
        for document in self.documents.values_mut() {
            document.dirty = true;
        }
        if self.pull {
            // The client asks again when told the findings may have changed.
            self.send(Message::Request(Request::new(
                RequestId::from("amlint/refresh".to_string()),
                "workspace/diagnostic/refresh".into(),
                Value::Null,
            )));
        }
    }

    /// Keep a document's new text (checked once the queue is drained) — unless it is over the
    /// size limit, which the client hears about once (and which clears the document's findings).
    fn open(&mut self, uri: String, text: &str, version: Option<i64>) {
        self.checked.remove(&uri);
        if text.len() as u64 > crate::engine::MAX_FILE_BYTES {
            self.documents.remove(&uri);
            self.notify(
                "window/showMessage",
                json!({
                    "type": 2,
                    "message": format!(
                        "amlint: {} is {} bytes, over amlint's limit of {} bytes; not checked",
                        path_of_uri(&uri).display(),
                        text.len(),
                        crate::engine::MAX_FILE_BYTES
                    ),
                }),
            );
            self.notify(
                "textDocument/publishDiagnostics",
                json!({"uri": shown_uri(&uri), "diagnostics": []}),
            );
            return;
        }
        self.documents.insert(
            uri,
            OpenDocument {
                text: text.to_string(),
                version,
                dirty: true,
            },
        );
    }

    /// Answer a request.
    fn request(&mut self, request: &Request) {
        let id = &request.id;
        match request.method.as_str() {
            "textDocument/codeAction" => {
                let actions = self.code_actions(&request.params);
                self.respond(id, actions);
            }
            "textDocument/hover" => {
                let hover = self.hover(&request.params);
                self.respond(id, hover);
            }
            "textDocument/diagnostic" => {
                let uri = request.params["textDocument"]["uri"]
                    .as_str()
                    .unwrap_or_default();
                let report = self.check(uri);
                self.respond(
                    id,
                    FullDocumentReport {
                        kind: "full",
                        items: LspDiagnostics(report.as_deref()),
                    },
                );
            }
            _ => self.send(Message::Response(Response::new_err(
                id.clone(),
                lsp_server::ErrorCode::MethodNotFound as i32,
                format!("amlint does not handle {}", request.method),
            ))),
        }
    }

    /// The check of a document's current text: cached, or run now.
    fn check(&mut self, uri: &str) -> Option<Arc<FileReport>> {
        if let Some(report) = self.checked.get(uri) {
            return Some(report.clone());
        }
        let text = self.documents.get(uri)?.text.clone();
        let path = path_of_uri(uri);
        let checker =
            Checker::with_caches(&self.options, self.projects.clone(), self.configs.clone());
        let display = path.display().to_string();
        let reports = checker.check_text(display, &path, text.clone(), Role::Named, None);
        let errors = checker.config_errors();
        let report = reports
            .into_iter()
            .find(|r| r.source.path == path)
            .unwrap_or_else(|| FileReport {
                source: Arc::new(SourceFile::new(path.display().to_string(), &path, text)),
                diagnostics: Vec::new(),
                omitted: 0,
                omitted_worst: None,
                declarations: Vec::new(),
            });
        self.checks += 1;
        if self.trace {
            let version = self.documents.get(uri).and_then(|d| d.version);
            self.notify(
                "window/logMessage",
                json!({"type": 4, "message": format!("amlint: checked {uri} version {version:?} (check {})", self.checks)}),
            );
        }
        self.report_config_errors(&errors);
        let report = Arc::new(report);
        self.checked.insert(uri.to_string(), report.clone());
        Some(report)
    }

    /// A config that cannot be used: shown once, and a diagnostic on the config file itself
    /// (cleared when files change; the next check reports it again if it is still broken).
    fn report_config_errors(&mut self, errors: &[String]) {
        for error in errors {
            if self.shown_config_errors.insert(error.clone()) {
                self.notify(
                    "window/showMessage",
                    json!({"type": 1, "message": format!("amlint: invalid config: {error}; using the defaults")}),
                );
            }
            let Some(path) = config_path_of(error) else {
                continue;
            };
            let uri = file_uri(&path);
            if self.config_problems.contains_key(&uri) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let source = SourceFile::new(path.display().to_string(), &path, text);
            let span = config_error_span(&source, error);
            self.notify(
                "textDocument/publishDiagnostics",
                json!({"uri": shown_uri(&uri), "diagnostics": [{
                    "range": lsp_range(&source, span),
                    "severity": 1,
                    "source": "amlint",
                    "message": source.mask(&format!("invalid config: {error}")),
                }]}),
            );
            self.config_problems.insert(uri, error.clone());
        }
    }

    /// Check and push the findings of every document whose text changed (push mode).
    /// Check every notebook whose cells changed, and push each cell's findings (notebooks are
    /// pushed whether or not the client pulls text documents' diagnostics).
    fn publish_notebooks(&mut self) {
        let dirty: Vec<String> = self
            .notebooks
            .iter()
            .filter(|(_, n)| n.dirty)
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in dirty {
            let Some(notebook) = self.notebooks.get_mut(&uri) else {
                continue;
            };
            notebook.dirty = false;
            let (text, placed) = notebook.as_markdown();
            // Checked as Markdown beside the notebook: the project around it, its local paths
            // and its config are the notebook's.
            let mut path = path_of_uri(&uri);
            path.set_extension("ipynb.md");
            let checker =
                Checker::with_caches(&self.options, self.projects.clone(), self.configs.clone());
            let reports = checker.check_text(
                path_of_uri(&uri).display().to_string(),
                &path,
                text.clone(),
                Role::Named,
                None,
            );
            let found: Vec<Diagnostic> = reports
                .into_iter()
                .filter(|r| r.source.path == path)
                .flat_map(|r| r.diagnostics)
                .collect();
            let Some(notebook) = self.notebooks.get(&uri) else {
                continue;
            };
            for (source, diagnostics) in notebook.split(&text, &placed, &found) {
                let items: Vec<LspDiagnostic<'_>> = diagnostics
                    .iter()
                    .map(|d| lsp_diagnostic(&source, d))
                    .collect();
                self.notify(
                    "textDocument/publishDiagnostics",
                    json!({"uri": shown_uri(&source.display), "diagnostics": items}),
                );
            }
        }
    }

    fn publish_dirty(&mut self) {
        self.publish_notebooks();
        let dirty: Vec<String> = self
            .documents
            .iter()
            .filter(|(_, d)| d.dirty)
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in dirty {
            if self.pull {
                // The client pulls; the check runs when it asks.
                if let Some(d) = self.documents.get_mut(&uri) {
                    d.dirty = false;
                }
                continue;
            }
            let Some(report) = self.check(&uri) else {
                continue;
            };
            if let Some(d) = self.documents.get_mut(&uri) {
                d.dirty = false;
            }
            let shown = shown_uri(&uri);
            let params = PublishDiagnostics {
                uri: &shown,
                version: self.documents.get(&uri).and_then(|d| d.version),
                diagnostics: LspDiagnostics(Some(&report)),
            };
            self.notify("textDocument/publishDiagnostics", params);
        }
    }

    fn code_actions(&mut self, params: &Value) -> Value {
        let uri = params["textDocument"]["uri"].as_str().unwrap_or_default();
        let Some(report) = self.check(uri) else {
            return json!([]);
        };
        let source = &report.source;
        let only: Vec<&str> = params["context"]["only"]
            .as_array()
            .map(|kinds| kinds.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        // A kind is wanted when nothing is asked for, or when it is (a prefix of) what is.
        let wanted_kind = |kind: &str| {
            only.is_empty()
                || only
                    .iter()
                    .any(|o| kind == *o || kind.starts_with(&format!("{o}.")))
        };
        let mut actions = Vec::new();
        if wanted_kind("quickfix") {
            let wanted = span_of_range(source, &params["range"]);
            for d in &report.diagnostics {
                let overlaps = d.span.start <= wanted.end && wanted.start <= d.span.end;
                if !overlaps {
                    continue;
                }
                let diagnostic = json!(lsp_diagnostic(source, d));
                if let Some(fix) = &d.fix {
                    let mut title = match &d.help {
                        Some(help) => format!("amlint: {help}"),
                        None => format!("amlint: replace with `{}`", fix.replacement),
                    };
                    if !fix.safe {
                        title.push_str(" (unsafe fix: it changes what the deployment receives)");
                    }
                    actions.push(json!({
                        "title": title,
                        "kind": "quickfix",
                        "diagnostics": [diagnostic.clone()],
                        "isPreferred": fix.safe,
                        "edit": {"changes": {shown_uri(uri): [{"range": lsp_range(source, fix.span), "newText": fix.replacement}]}},
                    }));
                }
                if let Some(edit) = ignore_edit(source, d) {
                    actions.push(json!({
                        "title": format!("amlint: ignore `{}` on this line", d.rule),
                        "kind": "quickfix",
                        "diagnostics": [diagnostic],
                        "edit": {"changes": {shown_uri(uri): [edit]}},
                    }));
                }
            }
        }
        // Fix-all (on save): every safe fix of the file, as `--fix` would apply them.
        let edits = crate::fix::edits(&report, false);
        if wanted_kind(FIX_ALL) && !edits.is_empty() {
            let changes: Vec<Value> = edits
                .iter()
                .map(|e| json!({"range": lsp_range(source, e.span), "newText": e.replacement}))
                .collect();
            actions.push(json!({
                "title": format!("amlint: fix all ({} safe fix{})", edits.len(), if edits.len() == 1 { "" } else { "es" }),
                "kind": FIX_ALL,
                "edit": {"changes": {shown_uri(uri): changes}},
            }));
        }
        Value::Array(actions)
    }

    /// What amlint understood at a position: the finding there, or the path form of a `path:`.
    fn hover(&mut self, params: &Value) -> Value {
        let uri = params["textDocument"]["uri"].as_str().unwrap_or_default();
        let Some(checked) = self.check(uri) else {
            return Value::Null;
        };
        let source = &checked.source;
        let position = &params["position"];
        let offset = source.offset_of_utf16(
            position["line"].as_u64().unwrap_or(0) as usize,
            position["character"].as_u64().unwrap_or(0) as usize,
        );
        let mut parts: Vec<String> = checked
            .diagnostics
            .iter()
            .filter(|d| d.span.start <= offset && offset <= d.span.end)
            .map(|d| {
                format!(
                    "**{}** ({}): {}\n\n{}",
                    d.rule,
                    d.severity.as_str(),
                    d.message,
                    rules::summary(d.rule)
                )
            })
            .collect();
        parts.extend(
            checked
                .declarations
                .iter()
                .filter(|(span, _)| span.start <= offset && offset <= span.end)
                .map(|(_, text)| text.clone()),
        );
        if matches!(FileKind::of(&source.path), FileKind::Yaml) {
            parts.extend(describe_value_at(source, offset));
        }
        if parts.is_empty() {
            return Value::Null;
        }
        // Masked like every other channel: a datastore path's `?sig=…` never shows in a hover.
        let value = source.mask(&parts.join("\n\n---\n\n"));
        json!({"contents": {"kind": "markdown", "value": value}})
    }
}

/// For a `path:` or `type:` value under the cursor: the form amlint parsed.
/// What discovery and the config search remember, empty, sharing one cache of repository roots.
fn fresh_caches() -> (Arc<Projects>, Arc<Configs>) {
    let configs = Configs::default();
    (
        Arc::new(Projects::with_roots(configs.roots())),
        Arc::new(configs),
    )
}

fn describe_value_at(source: &SourceFile, offset: usize) -> Option<String> {
    let doc = Document::parse(source);
    let root = doc.root()?;
    for block in ["inputs", "outputs"] {
        let Some(entries) = root.get(block) else {
            continue;
        };
        for (name, spec) in entries.entries() {
            for (key, value) in spec.entries() {
                let span = value.span();
                if !(span.start <= offset && offset <= span.end) {
                    continue;
                }
                let text = value.as_str()?;
                let name = name.as_str().unwrap_or_default();
                return Some(match key.as_str()? {
                    "path" => format!("`{name}`: {}", describe_path(&PathRef::parse(text))),
                    "type" => format!("`{name}` is a `{text}` {}", &block[..block.len() - 1]),
                    _ => return None,
                });
            }
        }
    }
    None
}

fn describe_path(path: &PathRef<'_>) -> String {
    match path {
        PathRef::Datastore { name, path, .. } => format!(
            "a datastore URI — store `{}`, path `{}`",
            name.unwrap_or("?"),
            path.unwrap_or("?")
        ),
        PathRef::Asset {
            name,
            version,
            label,
            ..
        } => match (version, label) {
            (Some(v), _) => format!("a data asset — `{name}`, version `{v}`"),
            (_, Some(l)) => format!("a data asset — `{name}`, label `{l}`"),
            _ => format!("a data asset — `{name}`, no version"),
        },
        other => other.describe().to_string(),
    }
}

/// An edit that adds `# amlint: ignore[RULE]` for a finding: at the end of its line, or — where
/// a comment there would break a shell continuation — on a line of its own above it.
fn ignore_edit(source: &SourceFile, d: &Diagnostic) -> Option<Value> {
    let (line, _) = source.utf16_position(d.span.start);
    let line_start = source.offset_of_utf16(line, 0);
    let rest = &source.text[line_start..];
    let line_text = rest.split('\n').next().unwrap_or("").trim_end_matches('\r');
    let comment = match FileKind::of(&source.path) {
        // JSON has no comments: there is no place for an ignore.
        FileKind::Json => return None,
        FileKind::Markdown if !line_text.trim_start().starts_with(['#', '-', 'a', '$']) => {
            format!("<!-- amlint: ignore[{}] -->", d.rule)
        }
        _ => format!("# amlint: ignore[{}]", d.rule),
    };
    if line_text.trim_end().ends_with('\\') {
        let indent: String = line_text
            .chars()
            .take_while(|c| c.is_whitespace())
            .collect();
        let at = source.utf16_position(line_start);
        let position = json!({"line": at.0, "character": 0});
        return Some(
            json!({"range": {"start": position, "end": position}, "newText": format!("{indent}{comment}\n")}),
        );
    }
    let end = line_start + line_text.len();
    let (l, c) = source.utf16_position(end);
    let position = json!({"line": l, "character": c});
    Some(json!({"range": {"start": position, "end": position}, "newText": format!("  {comment}")}))
}

/// A JSON-RPC message as amlint sends it, serialised from its typed parts.
#[derive(Serialize)]
struct Outgoing<'a, P, R> {
    jsonrpc: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a RequestId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    method: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    params: Option<P>,
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<R>,
}

#[derive(Serialize)]
struct PublishDiagnostics<'a> {
    uri: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i64>,
    diagnostics: LspDiagnostics<'a>,
}

/// The answer to `textDocument/diagnostic`.
#[derive(Serialize)]
struct FullDocumentReport<'a> {
    kind: &'static str,
    items: LspDiagnostics<'a>,
}

/// A report's findings as LSP diagnostics, serialised one by one (none for no report).
struct LspDiagnostics<'a>(Option<&'a FileReport>);

impl Serialize for LspDiagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(report) = self.0 else {
            return serializer.collect_seq(std::iter::empty::<LspDiagnostic>());
        };
        let source = &report.source;
        serializer.collect_seq(report.diagnostics.iter().map(|d| lsp_diagnostic(source, d)))
    }
}

#[derive(Serialize)]
struct LspDiagnostic<'a> {
    range: LspRange,
    severity: u8,
    code: &'a str,
    #[serde(rename = "codeDescription")]
    code_description: CodeDescription,
    source: &'static str,
    message: String,
}

#[derive(Serialize)]
struct CodeDescription {
    href: String,
}

#[derive(Serialize)]
struct LspRange {
    start: LspPosition,
    end: LspPosition,
}

#[derive(Serialize)]
struct LspPosition {
    line: usize,
    character: usize,
}

fn lsp_range(source: &SourceFile, span: Span) -> LspRange {
    let position = |offset| {
        let (line, character) = source.utf16_position(offset);
        LspPosition { line, character }
    };
    LspRange {
        start: position(span.start),
        end: position(span.end),
    }
}

fn span_of_range(source: &SourceFile, range: &Value) -> Span {
    let at = |p: &Value| {
        source.offset_of_utf16(
            p["line"].as_u64().unwrap_or(0) as usize,
            p["character"].as_u64().unwrap_or(0) as usize,
        )
    };
    Span::new(at(&range["start"]), at(&range["end"]))
}

fn lsp_diagnostic<'a>(source: &SourceFile, d: &'a Diagnostic) -> LspDiagnostic<'a> {
    LspDiagnostic {
        range: lsp_range(source, d.span),
        severity: match d.severity {
            Severity::Error => 1,
            Severity::Warning => 2,
        },
        code: d.rule,
        code_description: CodeDescription {
            href: rules::help_uri(d.rule),
        },
        source: "amlint",
        message: d.message_with_help(),
    }
}

/// The config file a config error names (its messages start with the file's path).
fn config_path_of(error: &str) -> Option<PathBuf> {
    [
        crate::settings::config::FILE_NAME,
        crate::settings::config::PYPROJECT,
    ]
    .iter()
    .filter_map(|name| {
        let at = error.find(&format!("{name}: "))?;
        Some(PathBuf::from(&error[..at + name.len()]))
    })
    .min_by_key(|p| p.as_os_str().len())
}

/// Where in the config file an error is: TOML's "at line N, column M", or the key, rule or
/// glob it quotes; else the start.
fn config_error_span(source: &SourceFile, error: &str) -> Span {
    if let Some(at) = error.find("at line ") {
        let numbers: Vec<usize> = error[at + "at line ".len()..]
            .split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty())
            .take(2)
            .filter_map(|p| p.parse().ok())
            .collect();
        if let [line, column] = numbers[..] {
            let offset = source.offset_of_utf16(line.saturating_sub(1), column.saturating_sub(1));
            return Span::new(offset, offset);
        }
    }
    let quoted = error
        .split('`')
        .skip(1)
        .step_by(2)
        .find(|q| !q.is_empty() && source.text.contains(*q));
    match quoted.and_then(|q| source.text.find(q).map(|at| (at, q.len()))) {
        Some((at, len)) => Span::new(at, at + len),
        None => Span::empty(0),
    }
}

/// `file:///a/b%20c.yml` → `/a/b c.yml`.
/// A document's URI as the server writes it back: a credential in it (a file named
/// `in?sv=…&sig=….yml`) with each of its bytes percent-encoded — the same URI (RFC 3986
/// §6.2.2.2: a client decodes it to the same path), and no secret in the messages.
fn shown_uri(uri: &str) -> String {
    let secrets = crate::secrets::find(uri);
    if secrets.is_empty() {
        return uri.to_string();
    }
    let mut out = String::with_capacity(uri.len() * 3);
    let mut at = 0;
    for secret in secrets {
        out.push_str(&uri[at..secret.start]);
        for byte in uri[secret.start..secret.end].bytes() {
            out.push_str(&format!("%{byte:02X}"));
        }
        at = secret.end;
    }
    out.push_str(&uri[at..]);
    out
}

fn path_of_uri(uri: &str) -> PathBuf {
    let raw = uri.strip_prefix("file://").unwrap_or(uri);
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let hex = |b: u8| char::from(b).to_digit(16);
    while i < bytes.len() {
        // A bad escape (`%a…`, `%zz`) is kept as written, never read past a character's end.
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    let path = String::from_utf8_lossy(&out).into_owned();
    // Windows: `file:///c%3A/x` and `file:///C:/x` are `c:/x` (no slash before the drive);
    // `file://server/share/x` is the UNC path `//server/share/x`.
    let bytes = path.as_bytes();
    if bytes.len() >= 3 && bytes[0] == b'/' && bytes[1].is_ascii_alphabetic() && bytes[2] == b':' {
        return PathBuf::from(&path[1..]);
    }
    if !raw.starts_with('/') && uri.starts_with("file://") && !raw.is_empty() {
        return PathBuf::from(format!("//{path}"));
    }
    PathBuf::from(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranged_changes_apply_at_utf16_positions() {
        let change = |sl: u64, sc: u64, el: u64, ec: u64, text: &str| json!({"range": {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}, "text": text});
        // `😀` is two UTF-16 units and four bytes.
        let text = Some("a: 😀x\nb: 1\n".to_string());
        let text = apply_change(text, &change(0, 5, 0, 6, "y"));
        assert_eq!(text.as_deref(), Some("a: 😀y\nb: 1\n"));
        let text = apply_change(text, &change(1, 3, 1, 4, "22"));
        assert_eq!(text.as_deref(), Some("a: 😀y\nb: 22\n"));
        // An insertion, a deletion across a line break, positions past the end clamped.
        let text = apply_change(text, &change(0, 0, 0, 0, "# c\n"));
        let text = apply_change(text, &change(1, 6, 2, 0, ""));
        assert_eq!(text.as_deref(), Some("# c\na: 😀yb: 22\n"));
        let text = apply_change(text, &change(9, 9, 9, 9, "z"));
        assert_eq!(text.as_deref(), Some("# c\na: 😀yb: 22\nz"));
        // A change without a range is the whole text; a ranged one to no document is dropped.
        assert_eq!(
            apply_change(None, &json!({"text": "new"})).as_deref(),
            Some("new")
        );
        assert_eq!(apply_change(None, &change(0, 0, 0, 0, "x")), None);
    }
    use std::path::Path;

    #[test]
    fn file_uris_become_paths() {
        assert_eq!(
            path_of_uri("file:///tmp/a%20b/inputs.yml"),
            Path::new("/tmp/a b/inputs.yml")
        );
        // Bad escapes, also before a multi-byte character, never panic.
        for uri in [
            "file:///nonexistent/%a€x.yml",
            "file:///x/%",
            "file:///x/%zz",
            "file:///%é",
        ] {
            let _ = path_of_uri(uri);
        }
        assert_eq!(path_of_uri("file:///x/%zz"), Path::new("/x/%zz"));
    }

    #[test]
    fn windows_file_uris_become_drive_paths() {
        // VS Code on Windows encodes the drive's colon; other clients do not.
        assert_eq!(
            path_of_uri("file:///c%3A/Users/ml/jobs/inputs.yml"),
            Path::new("c:/Users/ml/jobs/inputs.yml")
        );
        assert_eq!(
            path_of_uri("file:///C:/Users/ml%20team/inputs.yml"),
            Path::new("C:/Users/ml team/inputs.yml")
        );
        assert_eq!(
            path_of_uri("file://server/share/inputs.yml"),
            Path::new("//server/share/inputs.yml")
        );
        assert_eq!(
            file_uri(Path::new("C:\\x\\a b.yml")),
            "file:///C:/x/a%20b.yml"
        );
        assert_eq!(file_uri(Path::new("/x/a b.yml")), "file:///x/a%20b.yml");
    }

    #[test]
    fn config_errors_point_into_the_config() {
        let source = SourceFile::new(
            "amlint.toml",
            "/p/amlint.toml",
            "ignore = [\"input-key-charst\"]\n".to_string(),
        );
        let error =
            "/p/amlint.toml: unknown rule `input-key-charst`; did you mean `input-key-charset`?";
        assert_eq!(config_path_of(error), Some(PathBuf::from("/p/amlint.toml")));
        assert_eq!(config_error_span(&source, error), Span::new(11, 27));
        let broken = "/p/amlint.toml: TOML parse error at line 1, column 3";
        assert_eq!(config_error_span(&source, broken), Span::empty(2));
    }
}
