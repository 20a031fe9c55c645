//! `amlint server`: the Language Server Protocol on stdio, with the same engine as the CLI.
//!
//! Full text sync; on open, change and save the document's text (never the disk copy) is checked
//! as the file at its path, so the project around it (deployment kind) and its `amlint.toml`
//! apply. Every check builds a fresh engine, so an edited deployment YAML or config takes effect
//! on the next keystroke. Positions are 0-based lines and UTF-16 columns, as LSP counts them.
//! Code actions: the finding's fix as a quick fix, and "ignore this rule on this line".

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_server::{Connection, Message, Notification, Request, Response};

pub(crate) mod transport;
use serde_json::{Value, json};

use crate::check::{Checker, Options, Role};
use crate::diagnostic::{Diagnostic, Severity};
use crate::path_ref::PathRef;
use crate::rules;
use crate::source::{SourceFile, Span};
use crate::walk::FileKind;
use crate::yaml::Document;

/// Run the server until the client says `shutdown` and `exit`.
pub fn run() -> Result<(), String> {
    let (connection, threads) = transport::stdio();
    let capabilities = json!({
        "textDocumentSync": {"openClose": true, "change": 1, "save": {"includeText": false}},
        "codeActionProvider": {"codeActionKinds": ["quickfix"]},
        "hoverProvider": true,
    });
    connection
        .initialize(capabilities)
        .map_err(|e| e.to_string())?;
    let mut server = Server {
        connection: &connection,
        documents: HashMap::new(),
    };
    server.main_loop()?;
    drop(connection);
    threads.join().map_err(|e| e.to_string())
}

struct Server<'c> {
    connection: &'c Connection,
    /// The open documents' text, by URI.
    documents: HashMap<String, String>,
}

/// A document checked: its text as a source file and its findings.
struct Checked {
    source: Arc<SourceFile>,
    diagnostics: Vec<Diagnostic>,
    /// Component declarations of the names in the file (for hovers).
    declarations: Vec<(crate::source::Span, String)>,
}

impl Server<'_> {
    fn main_loop(&mut self) -> Result<(), String> {
        for message in &self.connection.receiver {
            match message {
                Message::Request(request) => {
                    if self
                        .connection
                        .handle_shutdown(&request)
                        .map_err(|e| e.to_string())?
                    {
                        return Ok(());
                    }
                    let response = self.request(&request);
                    self.send(Message::Response(response));
                }
                Message::Notification(notification) => self.notification(notification),
                Message::Response(_) => {}
            }
        }
        Ok(())
    }

    fn send(&self, message: Message) {
        // The client went away: the loop ends when the receiver closes.
        let _ = self.connection.sender.send(message);
    }

    fn notification(&mut self, notification: Notification) {
        let params = &notification.params;
        let uri = params["textDocument"]["uri"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        match notification.method.as_str() {
            "textDocument/didOpen" => {
                let text = params["textDocument"]["text"].as_str().unwrap_or_default();
                self.open(uri, text);
            }
            "textDocument/didChange" => {
                // Full sync: the last change holds the whole text.
                if let Some(text) = params["contentChanges"]
                    .as_array()
                    .and_then(|c| c.last())
                    .and_then(|c| c["text"].as_str())
                {
                    self.open(uri, text);
                } else {
                    self.publish(&uri);
                }
            }
            "textDocument/didSave" => {
                self.publish(&uri);
                // A saved deployment YAML or config changes the other documents' context.
                let others: Vec<String> = self
                    .documents
                    .keys()
                    .filter(|u| **u != uri)
                    .cloned()
                    .collect();
                for other in others {
                    self.publish(&other);
                }
            }
            "textDocument/didClose" => {
                self.documents.remove(&uri);
                self.send(Message::Notification(Notification::new(
                    "textDocument/publishDiagnostics".into(),
                    json!({"uri": uri, "diagnostics": []}),
                )));
            }
            _ => {}
        }
    }

    /// Keep a document's text and check it — unless it is over the size limit, which the
    /// client hears about once (and which clears the document's findings).
    fn open(&mut self, uri: String, text: &str) {
        if text.len() as u64 > crate::check::MAX_FILE_BYTES {
            self.documents.remove(&uri);
            self.send(Message::Notification(Notification::new(
                "window/showMessage".into(),
                json!({
                    "type": 2,
                    "message": format!(
                        "amlint: {} is {} bytes, over amlint's limit of {} bytes; not checked",
                        path_of_uri(&uri).display(),
                        text.len(),
                        crate::check::MAX_FILE_BYTES
                    ),
                }),
            )));
            self.send(Message::Notification(Notification::new(
                "textDocument/publishDiagnostics".into(),
                json!({"uri": uri, "diagnostics": []}),
            )));
            return;
        }
        self.documents.insert(uri.clone(), text.to_string());
        self.publish(&uri);
    }

    fn request(&self, request: &Request) -> Response {
        let result = match request.method.as_str() {
            "textDocument/codeAction" => self.code_actions(&request.params),
            "textDocument/hover" => self.hover(&request.params),
            _ => {
                return Response::new_err(
                    request.id.clone(),
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("amlint does not handle {}", request.method),
                );
            }
        };
        Response::new_ok(request.id.clone(), result)
    }

    fn check(&self, uri: &str) -> Option<Checked> {
        let text = self.documents.get(uri)?.clone();
        let path = path_of_uri(uri);
        let options = Options::default();
        let checker = Checker::new(&options).ok()?;
        let display = path.display().to_string();
        let reports = checker.check_text(display, &path, text.clone(), Role::Named, None);
        let report = reports.into_iter().find(|r| r.source.path == path);
        Some(match report {
            Some(report) => Checked {
                source: report.source,
                diagnostics: report.diagnostics,
                declarations: report.declarations,
            },
            None => Checked {
                source: Arc::new(SourceFile::new(path.display().to_string(), &path, text)),
                diagnostics: Vec::new(),
                declarations: Vec::new(),
            },
        })
    }

    fn publish(&self, uri: &str) {
        let Some(checked) = self.check(uri) else {
            return;
        };
        let diagnostics: Vec<Value> = checked
            .diagnostics
            .iter()
            .map(|d| lsp_diagnostic(&checked.source, d))
            .collect();
        self.send(Message::Notification(Notification::new(
            "textDocument/publishDiagnostics".into(),
            json!({"uri": uri, "diagnostics": diagnostics}),
        )));
    }

    fn code_actions(&self, params: &Value) -> Value {
        let uri = params["textDocument"]["uri"].as_str().unwrap_or_default();
        let Some(checked) = self.check(uri) else {
            return json!([]);
        };
        let source = &checked.source;
        let wanted = span_of_range(source, &params["range"]);
        let mut actions = Vec::new();
        for d in &checked.diagnostics {
            let overlaps = d.span.start <= wanted.end && wanted.start <= d.span.end;
            if !overlaps {
                continue;
            }
            let diagnostic = lsp_diagnostic(source, d);
            if let Some(fix) = &d.fix {
                let title = match &d.help {
                    Some(help) => format!("amlint: {help}"),
                    None => format!("amlint: replace with `{}`", fix.replacement),
                };
                actions.push(json!({
                    "title": title,
                    "kind": "quickfix",
                    "diagnostics": [diagnostic.clone()],
                    "isPreferred": fix.safe,
                    "edit": {"changes": {uri: [{"range": lsp_range(source, fix.span), "newText": fix.replacement}]}},
                }));
            }
            if let Some(edit) = ignore_edit(source, d) {
                actions.push(json!({
                    "title": format!("amlint: ignore `{}` on this line", d.rule),
                    "kind": "quickfix",
                    "diagnostics": [diagnostic],
                    "edit": {"changes": {uri: [edit]}},
                }));
            }
        }
        Value::Array(actions)
    }

    /// What amlint understood at a position: the finding there, or the path form of a `path:`.
    fn hover(&self, params: &Value) -> Value {
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

fn lsp_range(source: &SourceFile, span: Span) -> Value {
    let (sl, sc) = source.utf16_position(span.start);
    let (el, ec) = source.utf16_position(span.end);
    json!({"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}})
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

fn lsp_diagnostic(source: &SourceFile, d: &Diagnostic) -> Value {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    json!({
        "range": lsp_range(source, d.span),
        "severity": match d.severity { Severity::Error => 1, Severity::Warning => 2 },
        "code": d.rule,
        "source": "amlint",
        "message": message,
    })
}

/// `file:///a/b%20c.yml` → `/a/b c.yml`.
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
    Path::new(&String::from_utf8_lossy(&out).into_owned()).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
