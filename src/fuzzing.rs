//! Entry points for the fuzz targets in `fuzz/` (and for tests that replay what they found):
//! each drives one front-end over arbitrary text, the way a real run would, and must not panic.

use std::path::Path;

use crate::engine::{Checker, Options, Role};
use crate::frontends::{command_line, inputs_file, markdown, powershell, shell};
use crate::model::path_ref::PathRef;
use crate::syntax::yaml::Document;

/// Parse as YAML, build the inputs-file model and run every rule through the real engine.
pub fn yaml(text: &str) {
    let doc = Document::parse_str(text);
    let _ = inputs_file::is_inputs_file(&doc, Role::Followed);
    let _ = crate::project::classify(&doc);
    check_as(text, "fuzz/inputs.yml");
}

/// Lex as shell, build the invocations, and run every rule on them.
pub fn shell(text: &str) {
    let commands = shell::commands(text);
    let _ = command_line::invocations(&commands, Path::new("."));
    let _ = markdown::regions(text);
    check_as(text, "fuzz/run.sh");
    check_as(text, "fuzz/README.md");
}

/// Lex as PowerShell, build the invocations, and run every rule on them.
pub fn powershell(text: &str) {
    let commands = powershell::commands(text);
    let _ = command_line::invocations(&commands, Path::new("."));
    check_as(text, "fuzz/run.ps1");
}

/// Parse as JSON, find the REST bodies, and run every rule on them — also as the body of a
/// `curl -d` and of a Markdown `json` fence.
pub fn json(text: &str) {
    let _ = crate::syntax::json::parse(text);
    let _ = crate::frontends::rest::json_invocations(text, Path::new("."));
    check_as(text, "fuzz/body.json");
    let quoted = text.replace('\'', "");
    check_as(
        &format!("curl -X POST \"$URI\" -d '{quoted}'\n"),
        "fuzz/post.sh",
    );
    check_as(&format!("```json\n{text}\n```\n"), "fuzz/REST.md");
}

/// Parse as Python, build the invocations of SDK calls, and run every rule on them.
pub fn python(text: &str) {
    let _ = crate::frontends::python::invocations(text, Path::new("."));
    check_as(text, "fuzz/score.py");
}

/// Read as a notebook (its JSON decoded to cells) and run every rule on its SDK calls.
pub fn notebook(text: &str) {
    let file = crate::source::SourceFile::new("fuzz/n.ipynb", "fuzz/n.ipynb", text.to_string());
    let _ = crate::frontends::notebook::regions(&file);
    check_as(text, "fuzz/n.ipynb");
}

/// The Python front-end under deep nesting: the first two bytes choose how many indentation
/// levels and brackets wrap the rest, as a hostile file would (tree-sitter-python's scanner once
/// aborted on ~511 levels; the nesting bound must refuse, never overflow a stack).
pub fn python_nested(data: &[u8]) {
    let [a, b, rest @ ..] = data else { return };
    let Ok(body) = std::str::from_utf8(rest) else {
        return;
    };
    let levels = usize::from(*a) * 4 + usize::from(*b % 4);
    let brackets = usize::from(*b);
    let mut text = String::from("job = ml_client.batch_endpoints.invoke(endpoint_name=\"e\")\n");
    for i in 0..levels {
        text.push_str(&" ".repeat(i));
        text.push_str("if x:\n");
    }
    text.push_str(&" ".repeat(levels));
    text.push_str(&"(".repeat(brackets));
    text.push_str(body);
    python(&text);
}

/// A notebook as one line of JSON (as some tools write it), the input as a code cell's source.
pub fn notebook_one_line(text: &str) {
    let cell = serde_json::json!({"cell_type": "code", "metadata": {}, "source": [text]});
    let document = serde_json::json!({"cells": [cell], "metadata": {}, "nbformat": 4});
    notebook(&document.to_string());
    // And the raw input as the whole file, one line.
    notebook(&text.replace('\n', " "));
}

/// The language server's message reader: any bytes, read frame by frame to the end.
pub fn lsp_frames(data: &[u8]) {
    let mut input = std::io::BufReader::new(data);
    while let Ok(Some(_)) = crate::server::transport::read_frame(&mut input) {}
}

/// Parse as a path and ask it everything the rules ask.
pub fn path_ref(text: &str) {
    let parsed = PathRef::parse(text);
    let _ = parsed.describe();
    let _ = parsed.last_segment();
    let _ = parsed.names_a_file();
    let _ = parsed.ends_with_separator();
    let _ = crate::secrets::redact(text);
}

fn check_as(text: &str, name: &str) {
    let options = Options {
        // Keep the fuzzer off the disk: no project discovery.
        deployment_kind: Some(crate::model::DeploymentKind::Model),
        ..Options::default()
    };
    if let Ok(checker) = Checker::new(&options) {
        let _ = checker.check_text(
            name.to_string(),
            Path::new(name),
            text.to_string(),
            Role::Named,
            None,
        );
    }
}
