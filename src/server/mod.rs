//! `amlint server`: the Language Server Protocol on stdio, with the same engine as the CLI.
//!
//! Full text sync; the document's text (never the disk copy) is checked as the file at its path,
//! so the project around it (deployment kind) and its `amlint.toml` apply. Positions are 0-based
//! lines and UTF-16 columns, as LSP counts them.
//!
//! Keeping up with typing: every message waiting in the queue, and every one the transport is
//! still reading from input it holds, is read before any work is done, so a burst of edits
//! costs one check of the latest text, and a hover or code action answers
//! from the check of the text it is about (cached until the text changes). What project discovery
//! learned (deployments, configs) is kept across checks and dropped when the client reports a
//! watched file changed (`workspace/didChangeWatchedFiles`, registered when the client can) or a
//! document is saved. Diagnostics are pushed (`publishDiagnostics`) or, when the client supports
//! it, pulled (`textDocument/diagnostic`). Code actions: the finding's fix as a quick fix (unsafe
//! ones say so), "ignore this rule on this line", and `source.fixAll.amlint` (every safe fix,
//! for fix-all on save). A config that cannot be used is shown (`window/showMessage`) and
//! reported as a diagnostic on the config file.

use crate::settings::config::ConfigError;
use convert::*;
use handlers::*;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crossbeam_channel::Receiver;
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde::Serialize;

mod convert;
mod handlers;
mod notebook;
pub(crate) mod transport;
use serde_json::{Value, json};
use transport::Outbox;

use crate::diagnostic::{Diagnostic, FileReport, Severity};
use crate::engine::{Checker, Options, Role};
use crate::frontends::FileKind;
use crate::model::path_ref::PathRef;
use crate::project::Projects;
use crate::report::location::file_uri;
use crate::rules;
use crate::settings::config::Configs;
use crate::source::{SourceFile, Span};
use crate::syntax::yaml::Document;

/// How long the server waits for the rest of a burst of messages before it works on what it has.
const MAX_BURST_WAIT: std::time::Duration = std::time::Duration::from_millis(250);

/// The code action kind of "apply every safe fix".
const FIX_ALL: &str = "source.fixAll.amlint";

/// Run the server until the client says `shutdown` and `exit`.
pub fn run() -> Result<(), String> {
    let (connection, outbox, incoming, threads) = transport::stdio();
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
    // The answer, without waiting for `initialized` (lsp-server's `initialize_finish` would, and
    // fail on anything else): a client that asks `shutdown` straight away gets its answer.
    let result = json!({
        "capabilities": capabilities,
        "serverInfo": {"name": "amlint", "version": env!("CARGO_PKG_VERSION")},
    });
    connection
        .sender
        .send(Message::Response(Response::new_ok(id, result)))
        .map_err(|e| e.to_string())?;
    // From here on the server sends through the outbox; dropping the connection's sender lets
    // the writer move on to it once the handshake is written.
    let Connection { sender, receiver } = connection;
    drop(sender);
    let (projects, configs) = fresh_caches();
    let mut server = Server {
        receiver,
        incoming,
        outbox,
        documents: HashMap::new(),
        notebooks: HashMap::new(),
        cells: HashMap::new(),
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
    /// Whether the transport is still turning input into messages.
    incoming: transport::Incoming,
    outbox: Outbox,
    /// The open documents, by URI.
    documents: HashMap<String, OpenDocument>,
    /// The open notebooks (as cells), by the notebook's URI.
    notebooks: HashMap<String, notebook::Notebook>,
    /// The last check of each code cell of an open notebook, by the cell's URI: what its quick
    /// fixes, fix-all and hover answer from.
    cells: HashMap<String, Arc<FileReport>>,
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
            self.take_waiting(&mut waiting);
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

    /// Every message already waiting, and those the transport is still reading from input it
    /// holds (a burst written at once arrives a message at a time): for at most
    /// [`MAX_BURST_WAIT`], so that a client that never pauses is still answered.
    fn take_waiting(&self, waiting: &mut Vec<Message>) {
        let started = std::time::Instant::now();
        loop {
            while let Ok(more) = self.receiver.try_recv() {
                waiting.push(more);
            }
            if !self.incoming.more_on_the_way() || started.elapsed() > MAX_BURST_WAIT {
                return;
            }
            match self
                .receiver
                .recv_timeout(std::time::Duration::from_millis(2))
            {
                Ok(more) => waiting.push(more),
                Err(crossbeam_channel::RecvTimeoutError::Timeout) => {}
                Err(crossbeam_channel::RecvTimeoutError::Disconnected) => return,
            }
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
        let watchers: Vec<Value> = [
            "**/*.{yml,yaml}",
            "**/{.amlint,amlint}.toml",
            "**/pyproject.toml",
        ]
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
                        self.cells.remove(&cell.uri);
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
        if text.len() as u64 > crate::limits::MAX_FILE_BYTES {
            self.documents.remove(&uri);
            self.notify(
                "window/showMessage",
                json!({
                    "type": 2,
                    "message": format!(
                        "amlint: {} is {} bytes, over amlint's limit of {} bytes; not checked",
                        path_of_uri(&uri).display(),
                        text.len(),
                        crate::limits::MAX_FILE_BYTES
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
    fn report_config_errors(&mut self, errors: &[ConfigError]) {
        for error in errors {
            let shown = error.to_string();
            if self.shown_config_errors.insert(shown.clone()) {
                self.notify(
                    "window/showMessage",
                    json!({"type": 1, "message": format!("amlint: invalid config: {shown}; using the defaults")}),
                );
            }
            let uri = file_uri(&error.path);
            if self.config_problems.contains_key(&uri) {
                continue;
            }
            let text = std::fs::read_to_string(&error.path).unwrap_or_default();
            let source = SourceFile::new(error.path.display().to_string(), &error.path, text);
            let span = error
                .span
                .clone()
                .filter(|r| r.end <= source.text.len())
                .map_or(Span::empty(0), |r| Span::new(r.start, r.end));
            self.notify(
                "textDocument/publishDiagnostics",
                json!({"uri": shown_uri(&uri), "diagnostics": [{
                    "range": lsp_range(&source, span),
                    "severity": 1,
                    "source": "amlint",
                    "message": source.mask(&format!("invalid config: {shown}")),
                }]}),
            );
            self.config_problems.insert(uri, shown);
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
                let items: Vec<lsp_types::Diagnostic> = diagnostics
                    .iter()
                    .map(|d| lsp_diagnostic(&source, d))
                    .collect();
                self.notify(
                    "textDocument/publishDiagnostics",
                    json!({"uri": shown_uri(&source.display), "diagnostics": items}),
                );
                let cell = source.display.clone();
                let report = FileReport {
                    source: Arc::new(source),
                    diagnostics,
                    omitted: 0,
                    omitted_worst: None,
                    declarations: Vec::new(),
                };
                self.cells.insert(cell, Arc::new(report));
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

    /// The findings of a text document, or of a notebook's code cell.
    fn report_of(&mut self, uri: &str) -> Option<Arc<FileReport>> {
        self.check(uri).or_else(|| self.cells.get(uri).cloned())
    }

    fn code_actions(&mut self, params: &Value) -> Value {
        let uri = params["textDocument"]["uri"].as_str().unwrap_or_default();
        let Some(report) = self.report_of(uri) else {
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
                    // An imperative title that says the edit (the help may be a question).
                    let mut title =
                        source.mask(&format!("amlint: {}", convert::fix_title(source, fix)));
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
        let Some(checked) = self.report_of(uri) else {
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
                // What the diagnostic beside it does not say (its message and help are shown
                // already): what the rule is, where its page is, and the fix.
                let fix = d.fix.as_ref().map(|fix| {
                    let safety = if fix.safe {
                        "safe"
                    } else {
                        "unsafe: --unsafe-fixes"
                    };
                    format!("\n\nFix ({safety}): {}", convert::fix_title(source, fix))
                });
                format!(
                    "**amlint** [`{}`]({}) ({}): {}{}",
                    d.rule,
                    rules::help_uri(d.rule),
                    d.severity.as_str(),
                    rules::summary(d.rule),
                    fix.unwrap_or_default()
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
        if matches!(FileKind::of(&source.path), FileKind::YAML) {
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
        Arc::new(crate::engine::projects(configs.roots())),
        Arc::new(configs),
    )
}

#[cfg(test)]
mod tests;
