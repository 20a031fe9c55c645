//! `amlint server` driven over stdio as an editor would: open → diagnostics, change → updated,
//! code action → edit, non-ASCII text → UTF-16 positions, shutdown/exit → the process ends.

use crate::common;

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
        Client::start_with(root, json!({}), false).0
    }

    /// A client with these capabilities; `trace` makes the server log each check. Returns the
    /// `initialize` result too.
    fn start_with(root: &std::path::Path, capabilities: Value, trace: bool) -> (Client, Value) {
        let mut command = common::amlint();
        if trace {
            command.env("AMLINT_LSP_TRACE", "1");
        }
        let mut child = command
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
        client.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": null, "capabilities": capabilities}}));
        let init = client.wait(|m| m["id"] == 1);
        assert!(
            init["result"]["capabilities"]["codeActionProvider"].is_object(),
            "{init}"
        );
        client.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
        (client, init["result"].clone())
    }

    /// Every message until `wanted` (included).
    fn collect_until(&self, wanted: impl Fn(&Value) -> bool) -> Vec<Value> {
        let mut seen = Vec::new();
        loop {
            let message = self
                .inbox
                .recv_timeout(Duration::from_secs(10))
                .expect("a message in time");
            let done = wanted(&message);
            seen.push(message);
            if done {
                return seen;
            }
        }
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
    let value = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(value.contains("unknown-input-type"), "{hover}");
    // What the diagnostic beside it does not say: the rule's page and its fix, not the message
    // again.
    assert!(
        value.contains("docs/rules/unknown-input-type.md"),
        "{hover}"
    );
    assert!(value.contains("Fix (safe): replace `"), "{hover}");
    assert!(!value.contains("has unknown type"), "{hover}");
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

fn open_message(uri: &str, text: &str) -> Value {
    json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}})
}

fn change_message(uri: &str, version: i64, text: &str) -> Value {
    json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}})
}

/// An inputs file of about `lines` lines, with one mistake (a hyphen) in the name `n`.
fn long_inputs(lines: usize, n: usize) -> String {
    let mut out = String::from("inputs:\n");
    for i in 0..lines / 3 {
        let name = if i == n {
            format!("bad-{i}")
        } else {
            format!("data_{i}")
        };
        out.push_str(&format!(
            "  {name}:\n    type: uri_folder\n    path: azureml:d{i}@latest\n"
        ));
    }
    out
}

/// 50 edits sent in one go, then a hover: the server checks the final text once (and at most a
/// couple of stale ones it had started before the rest arrived), and the hover comes back
/// promptly, about the final text.
#[test]
fn a_burst_of_edits_costs_one_check_of_the_final_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    let uri = format!("file://{}/inputs.yml", dir.path().display());
    let (mut client, init) = Client::start_with(dir.path(), json!({}), true);
    assert_eq!(init["serverInfo"]["name"], "amlint");
    assert_eq!(init["serverInfo"]["version"], env!("CARGO_PKG_VERSION"));
    client.send(open_message(&uri, &long_inputs(2000, 0)));
    client.diagnostics(&uri);
    // One write holding 50 changes and the hover.
    let mut burst = String::new();
    for version in 2..=51 {
        let body = change_message(&uri, version, &long_inputs(2000, version as usize)).to_string();
        burst.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    }
    let hover = json!({"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}, "position": {"line": 51 * 3 + 1, "character": 4}}}).to_string();
    burst.push_str(&format!("Content-Length: {}\r\n\r\n{hover}", hover.len()));
    let started = std::time::Instant::now();
    client.stdin.write_all(burst.as_bytes()).unwrap();
    client.stdin.flush().unwrap();
    let seen = client.collect_until(|m| m["id"] == 7);
    let hover_took = started.elapsed();
    let answer = seen.last().unwrap();
    // The hover is about the final text: its finding is on `bad-51`.
    let value = answer["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(value.contains("bad-51"), "{answer}");
    assert!(
        hover_took < Duration::from_secs(5),
        "hover took {hover_took:?}"
    );
    // Then the final version's diagnostics, published once.
    let rest = client.collect_until(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 51
    });
    let checks: Vec<String> = seen
        .iter()
        .chain(&rest)
        .filter(|m| m["method"] == "window/logMessage")
        .map(|m| m["params"]["message"].as_str().unwrap().to_string())
        .collect();
    let final_checks = checks
        .iter()
        .filter(|c| c.contains("version Some(51)"))
        .count();
    assert_eq!(final_checks, 1, "{checks:#?}");
    assert!(checks.len() <= 3, "stale texts were checked: {checks:#?}");
    let published = rest.last().unwrap();
    assert_eq!(
        published["params"]["diagnostics"][0]["code"],
        "input-key-charset"
    );
    assert_eq!(
        published["params"]["diagnostics"][0]["codeDescription"]["href"],
        amlint::rules::help_uri("input-key-charset")
    );
}

#[test]
fn fix_all_applies_every_safe_fix_and_unsafe_fixes_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let uri = format!("file://{}/inputs.yml", dir.path().display());
    let text = "inputs:\n  heart-data:\n    type: uri_folder\n    path: azureml:h@latest\n  a:\n    type: float\n    default: 1\n  b:\n    type: float\n    default: 2\n";
    let mut client = Client::start(dir.path());
    client.send(open_message(&uri, text));
    client.diagnostics(&uri);
    let range = json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}});
    client.send(json!({"jsonrpc": "2.0", "id": 3, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": [], "only": ["source.fixAll"]}}}));
    let actions = client.wait(|m| m["id"] == 3)["result"].clone();
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.amlint");
    let edits = actions[0]["edit"]["changes"][&uri].as_array().unwrap();
    assert_eq!(
        edits.len(),
        2,
        "the two float types; the rename is unsafe: {edits:?}"
    );
    assert!(edits.iter().all(|e| e["newText"] == "number"));
    // The rename, asked for at its line, is offered as unsafe.
    let at = json!({"start": {"line": 1, "character": 3}, "end": {"line": 1, "character": 3}});
    client.send(json!({"jsonrpc": "2.0", "id": 4, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": uri}, "range": at, "context": {"diagnostics": []}}}));
    let actions = client.wait(|m| m["id"] == 4)["result"].clone();
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t.contains("heart_data") && t.contains("unsafe fix")),
        "{titles:?}"
    );
    // Titles say the edit; none is a question (a help's "did you mean …?").
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("amlint: replace `heart-data` with `heart_data`")),
        "{titles:?}"
    );
    assert!(titles.iter().all(|t| !t.contains('?')), "{titles:?}");
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("amlint: fix all (2 safe fixes)")),
        "{titles:?}"
    );
}

#[test]
fn a_client_that_pulls_gets_diagnostics_on_request_only() {
    let dir = tempfile::tempdir().unwrap();
    let uri = format!("file://{}/inputs.yml", dir.path().display());
    let (mut client, init) = Client::start_with(
        dir.path(),
        json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}}),
        false,
    );
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["identifier"],
        "amlint"
    );
    client.send(open_message(
        &uri,
        "inputs:\n  a-b:\n    type: uri_folder\n    path: azureml:x:1\n",
    ));
    client.send(json!({"jsonrpc": "2.0", "id": 5, "method": "textDocument/diagnostic", "params": {"textDocument": {"uri": uri}}}));
    let seen = client.collect_until(|m| m["id"] == 5);
    assert!(
        !seen
            .iter()
            .any(|m| m["method"] == "textDocument/publishDiagnostics"),
        "{seen:?}"
    );
    let report = &seen.last().unwrap()["result"];
    assert_eq!(report["kind"], "full");
    assert_eq!(report["items"][0]["code"], "input-key-charset");
}

/// A broken `amlint.toml` is shown and marked on the config file; once fixed (and the client
/// says the file changed) the mark goes and the config applies.
#[test]
fn a_broken_config_is_reported_and_a_fixed_one_applies() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    let config = dir.path().join("amlint.toml");
    std::fs::write(&config, "ignore = [\"input-key-charst\"]\n").unwrap();
    let uri = format!("file://{}/inputs.yml", dir.path().display());
    let config_uri = format!("file://{}", config.display());
    let (mut client, _) = Client::start_with(
        dir.path(),
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
        false,
    );
    let registration = client.wait(|m| m["method"] == "client/registerCapability");
    assert_eq!(
        registration["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    client.send(open_message(
        &uri,
        "inputs:\n  a-b:\n    type: uri_folder\n    path: azureml:x:1\n",
    ));
    let seen = client.collect_until(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
    });
    let shown = seen
        .iter()
        .find(|m| m["method"] == "window/showMessage")
        .expect("a message");
    assert_eq!(shown["params"]["type"], 1);
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("input-key-charst")
    );
    let marked = seen
        .iter()
        .find(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == config_uri
        })
        .expect("a diagnostic on the config");
    assert_eq!(
        marked["params"]["diagnostics"][0]["range"]["start"],
        json!({"line": 0, "character": 11})
    );
    // The defaults applied meanwhile: the finding is there.
    assert_eq!(
        seen.last().unwrap()["params"]["diagnostics"][0]["code"],
        "input-key-charset"
    );
    // Fixed on disk; the watcher reports it.
    std::fs::write(&config, "ignore = [\"input-key-charset\"]\n").unwrap();
    client.send(json!({"jsonrpc": "2.0", "method": "workspace/didChangeWatchedFiles", "params": {"changes": [{"uri": config_uri, "type": 2}]}}));
    let seen = client.collect_until(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
    });
    let cleared = seen
        .iter()
        .find(|m| m["params"]["uri"] == config_uri)
        .expect("the config's mark cleared");
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
    assert_eq!(seen.last().unwrap()["params"]["diagnostics"], json!([]));
}

/// Discovery is kept across edits and dropped when the client reports a watched file: a
/// deployment added on disk changes the findings only after the notification.
#[test]
fn discovery_is_cached_until_a_watched_file_changes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    let uri = format!("file://{}/inputs.yml", dir.path().display());
    let text = std::fs::read_to_string(
        common::root().join("fixtures/projects/one-model/bad-inputs-literal.yml"),
    )
    .unwrap();
    let mut client = Client::start(dir.path());
    client.send(open_message(&uri, &text));
    assert!(client.diagnostics(&uri).is_empty());
    std::fs::copy(
        common::root().join("fixtures/projects/one-model/deployment.yml"),
        dir.path().join("deployment.yml"),
    )
    .unwrap();
    client.send(change_message(&uri, 2, &format!("{text}\n")));
    assert!(
        client.diagnostics(&uri).is_empty(),
        "the cache still holds the old project"
    );
    client.send(json!({"jsonrpc": "2.0", "method": "workspace/didChangeWatchedFiles", "params": {"changes": [{"uri": format!("file://{}/deployment.yml", dir.path().display()), "type": 1}]}}));
    let codes: Vec<String> = client
        .diagnostics(&uri)
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert!(
        codes.contains(&"model-deployment-literal-or-nonuri".to_string()),
        "{codes:?}"
    );
}

/// Editors start language servers with `--stdio` (vscode-languageclient, Neovim, Helix): it is
/// accepted, and the server speaks over standard input and output as without it.
#[test]
fn server_accepts_the_stdio_flag_editors_pass() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = common::amlint()
        .args(["server", "--stdio"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let frame = |message: Value| {
        let body = message.to_string();
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    };
    for message in [
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": null, "capabilities": {}}}),
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
        json!({"jsonrpc": "2.0", "method": "exit"}),
    ] {
        stdin.write_all(frame(message).as_bytes()).unwrap();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("\"capabilities\""), "{stdout}");
}

/// The server asks for incremental sync; ranged edits (UTF-16 positions) leave the same
/// diagnostics as the whole edited text would.
#[test]
fn ranged_edits_give_the_diagnostics_of_the_edited_text() {
    let dir = tempfile::tempdir().unwrap();
    let (mut client, init) = Client::start_with(dir.path(), json!({}), false);
    assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2);
    let uri = format!("file://{}/inputs.yml", dir.path().display());
    let text = "inputs:\n  # 😀 heart\n  heart_data:\n    type: uri_folder\n    path: azureml:heart@latest\n";
    client.send(open_message(&uri, text));
    assert!(client.diagnostics(&uri).is_empty());
    // Rename the input to `heart-data` (after a two-unit emoji line), then break its type.
    let edit = |version: i64, line: u64, start: u64, end: u64, text: &str| {
        json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}}, "text": text}]}})
    };
    client.send(edit(2, 2, 7, 8, "-"));
    client.send(edit(3, 3, 13, 14, "-"));
    let codes = |diagnostics: Vec<Value>| -> Vec<String> {
        diagnostics
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    };
    let mut got = codes(client.diagnostics(&uri));
    while got.len() < 2 {
        got = codes(client.diagnostics(&uri));
    }
    assert_eq!(got, ["input-key-charset", "unknown-input-type"]);
}

/// A notebook opened as cells: the code cells are checked together, each finding is published
/// on its cell at the cell's own line and column (none on the notebook's URI or a markdown cell),
/// an edit of a cell updates them, and closing the notebook clears them.
#[test]
fn notebook_cells_get_their_own_findings() {
    let dir = tempfile::tempdir().unwrap();
    let (mut client, init) = Client::start_with(dir.path(), json!({}), false);
    let selector = &init["capabilities"]["notebookDocumentSync"]["notebookSelector"][0];
    assert_eq!(selector["notebook"]["notebookType"], "jupyter-notebook");
    let path = dir.path().join("score.ipynb");
    let nb = format!("file://{}", path.display());
    let cell = |k: usize| format!("vscode-notebook-cell:{}#W{k}", path.display());
    let cells = [
        (1, "markdown", "# Score\n"),
        (
            2,
            "python",
            "!az ml batch-endpoint invoke --name e --input-local-path ./data\n",
        ),
        (
            2,
            "python",
            "name = \"heart-data\"\njob = ml_client.batch_endpoints.invoke(\n    endpoint_name=\"e\",\n    inputs={name: Input(type=\"uri_folder\", path=\"azureml:d@latest\"), \"a-b\": Input(type=\"uri_folder\", path=\"azureml:d@latest\")},\n)\n",
        ),
    ];
    client.send(json!({"jsonrpc": "2.0", "method": "notebookDocument/didOpen", "params": {
        "notebookDocument": {"uri": nb, "notebookType": "jupyter-notebook", "version": 1, "metadata": {},
            "cells": cells.iter().enumerate().map(|(i, (k, _, _))| json!({"kind": k, "document": cell(i)})).collect::<Vec<_>>()},
        "cellTextDocuments": cells.iter().enumerate().map(|(i, (_, lang, text))| json!({"uri": cell(i), "languageId": lang, "version": 1, "text": text})).collect::<Vec<_>>()}}));
    let mut last = std::collections::HashMap::new();
    for _ in 0..cells.len() {
        let m = client.wait(|m| m["method"] == "textDocument/publishDiagnostics");
        last.insert(
            m["params"]["uri"].as_str().unwrap().to_string(),
            m["params"]["diagnostics"].clone(),
        );
    }
    let at = |uri: &str, code: &str| -> Option<(u64, u64)> {
        last.get(uri)?
            .as_array()?
            .iter()
            .find(|d| d["code"] == code)
            .map(|d| {
                (
                    d["range"]["start"]["line"].as_u64().unwrap(),
                    d["range"]["start"]["character"].as_u64().unwrap(),
                )
            })
    };
    assert_eq!(
        at(&cell(1), "legacy-invoke-syntax"),
        Some((0, 38)),
        "{last:?}"
    );
    // The value of `name` is reported where it is written, and says which line of the cell
    // holds the call.
    assert_eq!(at(&cell(2), "input-key-charset"), Some((0, 8)), "{last:?}");
    let messages: Vec<&str> = last[&cell(2)]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        messages[0].contains("call on line 2 of code cell 2)"),
        "{messages:?}"
    );
    assert!(messages.iter().any(|m| m.contains("`a-b`")), "{messages:?}");
    assert!(last[&cell(0)].as_array().unwrap().is_empty());
    assert!(!last.contains_key(&nb));
    // A cell's quick fixes and hover answer from its own findings, at the cell's positions.
    client.send(
        json!({"jsonrpc": "2.0", "id": 70, "method": "textDocument/codeAction", "params": {
        "textDocument": {"uri": cell(2)},
        "range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 120}},
        "context": {"diagnostics": []}}}),
    );
    let actions = client.wait(|m| m["id"] == 70);
    let fixes: Vec<&Value> = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "quickfix" && a["edit"]["changes"][cell(2)].is_array())
        .collect();
    assert!(!fixes.is_empty(), "{actions}");
    for fix in &fixes {
        for edit in fix["edit"]["changes"][cell(2)].as_array().unwrap() {
            assert_eq!(edit["range"]["start"]["line"], 3, "{fix}");
        }
    }
    client.send(
        json!({"jsonrpc": "2.0", "id": 71, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": cell(2)}, "position": {"line": 0, "character": 9}}}),
    );
    let hover = client.wait(|m| m["id"] == 71);
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("input-key-charset")),
        "{hover}"
    );
    // The key fixed in place: its finding goes.
    client.send(json!({"jsonrpc": "2.0", "method": "notebookDocument/didChange", "params": {
        "notebookDocument": {"uri": nb, "version": 2},
        "change": {"cells": {"textContent": [{"document": {"uri": cell(2), "version": 2}, "changes": [
            {"range": {"start": {"line": 3, "character": 71}, "end": {"line": 3, "character": 72}}, "text": "_"}]}]}}}}));
    let updated = client.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == cell(2)
    });
    assert!(
        !updated["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("`a-b`")),
        "{updated}"
    );
    client.send(json!({"jsonrpc": "2.0", "method": "notebookDocument/didClose", "params": {
        "notebookDocument": {"uri": nb}, "cellTextDocuments": [{"uri": cell(0)}, {"uri": cell(1)}, {"uri": cell(2)}]}}));
    let cleared = client.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == cell(1)
            && m["params"]["diagnostics"].as_array().unwrap().is_empty()
    });
    assert_eq!(cleared["params"]["uri"], cell(1));
}
