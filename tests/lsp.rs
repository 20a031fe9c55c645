//! `amlint server` driven over stdio as an editor would: open → diagnostics, change → updated,
//! code action → edit, non-ASCII text → UTF-16 positions, shutdown/exit → the process ends.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

struct Client {
    child: Child,
    stdin: ChildStdin,
    inbox: mpsc::Receiver<Value>,
}

fn read_messages(stdout: ChildStdout, sender: mpsc::Sender<Value>) {
    let mut reader = BufReader::new(stdout);
    loop {
        let mut length = 0;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length:") {
                length = value.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        if sender.send(serde_json::from_slice(&body).unwrap()).is_err() {
            return;
        }
    }
}

impl Client {
    fn start(root: &std::path::Path) -> Client {
        let mut child = common::amlint()
            .arg("server")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, inbox) = mpsc::channel();
        std::thread::spawn(move || read_messages(stdout, sender));
        let mut client = Client {
            child,
            stdin,
            inbox,
        };
        client.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": null, "capabilities": {}}}));
        let init = client.wait(|m| m["id"] == 1);
        assert!(
            init["result"]["capabilities"]["codeActionProvider"].is_object(),
            "{init}"
        );
        client.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
        client
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn wait(&self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self
                .inbox
                .recv_timeout(Duration::from_secs(10))
                .expect("a message in time");
            if wanted(&message) {
                return message;
            }
        }
    }

    fn diagnostics(&self, uri: &str) -> Vec<Value> {
        let published = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        published["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .clone()
    }
}

#[test]
fn open_change_code_action_and_shutdown() {
    let dir = tempfile::tempdir().unwrap();
    let uri = format!("file://{}/inputs.yml", dir.path().display());
    let bad = "inputs:\n  heart-data:\n    type: uri-folder\n    path: azureml:heart@latest\n";
    let mut client = Client::start(dir.path());
    client.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": bad}}}));
    let diagnostics = client.diagnostics(&uri);
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["input-key-charset", "unknown-input-type"]);
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({"line": 1, "character": 2})
    );
    assert_eq!(diagnostics[0]["severity"], 1);

    client.send(json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": uri}, "range": diagnostics[1]["range"], "context": {"diagnostics": [diagnostics[1]]}}}));
    let actions = client.wait(|m| m["id"] == 2)["result"].clone();
    let edits: Vec<&Value> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["edit"]["changes"][&uri][0])
        .collect();
    assert!(
        edits.iter().any(|e| e["newText"] == "uri_folder"),
        "{actions}"
    );
    assert!(
        edits
            .iter()
            .any(|e| e["newText"] == "  # amlint: ignore[unknown-input-type]"),
        "{actions}"
    );

    let fixed = bad
        .replace("heart-data", "heart_data")
        .replace("uri-folder", "uri_folder");
    client.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}}));
    assert!(client.diagnostics(&uri).is_empty());

    client.send(json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}));
    client.wait(|m| m["id"] == 3);
    client.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let mut ended = false;
    for _ in 0..50 {
        if client.child.try_wait().unwrap().is_some() {
            ended = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(ended, "the server did not exit");
}

#[test]
fn positions_are_utf16_code_units() {
    let dir = tempfile::tempdir().unwrap();
    let uri = format!("file://{}/inputs.yml", dir.path().display());
    // `😀` is one character but two UTF-16 code units; `é` one of each.
    let text = "inputs:\n  d: {type: uri_folder, path: azureml:h@latest}  # 😀é\n  😀é-x: {type: uri-folder, path: azureml:h@latest}\n";
    let mut client = Client::start(dir.path());
    client.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}}));
    let diagnostics = client.diagnostics(&uri);
    let typo = diagnostics
        .iter()
        .find(|d| d["code"] == "unknown-input-type")
        .unwrap();
    // `  😀é-x: {type: ` is 15 characters but 16 UTF-16 code units.
    assert_eq!(typo["range"]["start"], json!({"line": 2, "character": 16}));
    client.send(json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}, "position": {"line": 2, "character": 17}}}));
    let hover = client.wait(|m| m["id"] == 2);
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("unknown-input-type"),
        "{hover}"
    );
    client.send(json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}));
    client.wait(|m| m["id"] == 3);
    client.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let _ = client.child.wait();
}

/// Malformed input never ends the server: a bad percent escape in a URI, a huge
/// `Content-Length`, a body that is not JSON, a document over the size limit. After each, the
/// server still answers.
#[test]
fn malformed_messages_are_answered_or_dropped_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path());
    client.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///nonexistent/%a\u{20ac}x.yml", "languageId": "yaml", "version": 1, "text": "inputs: {}\n"}}}));
    write!(client.stdin, "Content-Length: 99999999999\r\n\r\n{{}}\r\n").unwrap();
    write!(client.stdin, "Content-Length: 6\r\n\r\n{{oops}}").unwrap();
    client.stdin.flush().unwrap();
    let parse_error = client.wait(|m| m["error"]["code"] == -32700);
    assert!(parse_error["id"].is_null(), "{parse_error}");
    let big = "#".repeat(9 * 1024 * 1024);
    let uri = format!("file://{}/big.yml", dir.path().display());
    client.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": big}}}));
    let refused = client.wait(|m| m["method"] == "window/showMessage");
    assert!(
        refused["params"]["message"]
            .as_str()
            .unwrap()
            .contains("not checked"),
        "{refused}"
    );
    client.send(json!({"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///x/%zz.yml"}, "position": {"line": 0, "character": 0}}}));
    let answer = client.wait(|m| m["id"] == 7);
    assert!(answer.get("result").is_some(), "{answer}");
    client.send(json!({"jsonrpc": "2.0", "id": 8, "method": "shutdown"}));
    client.wait(|m| m["id"] == 8);
    client.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let status = client.child.wait().unwrap();
    assert!(status.success(), "{status}");
}

/// The credential matrix through the language server: diagnostics and hovers of every place
/// holding every secret shape show no byte of it.
#[test]
fn diagnostics_and_hovers_never_show_a_credential() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let mut client = Client::start(dir.path());
    let mut id = 100;
    for (shape, path) in common::secret_shapes() {
        for (name, text) in common::credential_places(&path) {
            let uri = format!("file://{}/{shape}/{name}", dir.path().display()).replace(' ', "%20");
            client.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "text", "version": 1, "text": text}}}));
            let diagnostics = client.diagnostics(&uri);
            assert!(!diagnostics.is_empty(), "{shape}/{name}: no diagnostics");
            let shown = serde_json::to_string(&diagnostics).unwrap();
            assert!(
                !shown.contains(common::SECRET_MARKER),
                "{shape}/{name}: {shown}"
            );
            let mut positions: Vec<Value> = diagnostics
                .iter()
                .map(|d| d["range"]["start"].clone())
                .collect();
            if name == "inputs.yml" {
                // The hover that describes a `path:` value.
                positions.push(json!({"line": 3, "character": 14}));
            }
            for position in positions {
                id += 1;
                client.send(json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}, "position": position}}));
                let hover = client.wait(|m| m["id"] == id);
                assert!(
                    !hover.to_string().contains(common::SECRET_MARKER),
                    "{shape}/{name} hover: {hover}"
                );
            }
        }
    }
}

/// Over an input name that the pipeline deployment's component declares, the hover shows the
/// declaration (file, line, type).
#[test]
fn hover_on_an_input_name_shows_its_component_declaration() {
    let root = common::root().join("fixtures/projects/pipeline-component");
    let path = root.join("good-component-inputs.yml");
    let uri = format!("file://{}", path.display());
    let text = std::fs::read_to_string(&path).unwrap();
    let mut client = Client::start(&root);
    client.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}}));
    let _ = client.diagnostics(&uri);
    // Line 3 (0-based 2) is `  heart_data:`.
    client.send(json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}, "position": {"line": 2, "character": 4}}}));
    let hover = client.wait(|m| m["id"] == 2);
    let value = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        value.contains("input of the component `heart_scoring`")
            && value.contains("components/pipeline.yml:5 as `uri_folder`"),
        "{hover}"
    );
    client.send(json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}));
    client.wait(|m| m["id"] == 3);
    client.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let _ = client.child.wait();
}
