//! The credential matrix: every secret shape × every place a file can hold it × every output
//! amlint writes (all formats, `--diff`, `--verbose`) shows no byte of the secret. The language
//! server's channels are in `tests/it/lsp.rs`.

use crate::common;

use common::{SECRET_MARKER, credential_places, run, secret_shapes};

fn assert_no_secret(output: &str, what: &str) {
    assert!(
        !output.contains(SECRET_MARKER),
        "{what} leaked the secret:\n{output}"
    );
}

#[test]
fn no_output_shows_a_credential() {
    let mut shapes = secret_shapes();
    // Shapes that only the decoded text shows: YAML escapes and shell quoting.
    let m = SECRET_MARKER;
    shapes.push((
        "yaml escape",
        format!("https://acct.blob.core.windows.net/c?sv=1\\x26sig={m}"),
    ));
    for (shape, path) in &shapes {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        let places = credential_places(path);
        let mut names = Vec::new();
        for (name, text) in &places {
            if *shape == "yaml escape" && !matches!(name.as_str(), "inputs.yml" | "deployment.yml")
            {
                continue; // an escape only in a double-quoted YAML scalar
            }
            let full = dir.path().join(name);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, text).unwrap();
            names.push(name.as_str());
        }
        // A shell value split by quoting, which the raw text does not show as `sig=…`.
        std::fs::write(
            dir.path().join("quoted.sh"),
            format!("az ml batch-endpoint invoke --name e --set inputs.bad-name.type=uri-folder inputs.bad-name.path=\"https://a.net/c?sv=1&sig=\"'{m}'\n"),
        )
        .unwrap();
        names.push("quoted.sh");
        for format in ["human", "json", "sarif", "github", "compact"] {
            let mut args = vec!["check", "--format", format, "-v"];
            args.extend_from_slice(&names);
            let out = run(&args, dir.path());
            assert!(
                !String::from_utf8_lossy(&out.stdout).trim().is_empty(),
                "{shape}/{format}: no report"
            );
            assert_no_secret(
                &String::from_utf8_lossy(&out.stdout),
                &format!("{shape}/{format}"),
            );
            assert_no_secret(
                &String::from_utf8_lossy(&out.stderr),
                &format!("{shape}/{format} (stderr)"),
            );
        }
        let mut args = vec!["check", "--diff", "--unsafe-fixes"];
        args.extend_from_slice(&names);
        let out = run(&args, dir.path());
        let diff = String::from_utf8_lossy(&out.stdout);
        assert!(
            diff.contains("uri_folder"),
            "{shape}: --diff shows the fixes: {diff}"
        );
        assert_no_secret(&diff, &format!("{shape}/--diff"));
    }
}

/// Round 2 of the matrix: credentials the raw text does not show as one — held in a variable
/// (PowerShell, shell), split by a quote, a backslash-newline or a YAML line break, escaped in a
/// JSON string of a REST body (a field amlint does not read too) — as (shape, file, text), each
/// secret (or each half of one) marked.
fn hidden_shapes() -> Vec<(&'static str, &'static str, String)> {
    let m = SECRET_MARKER;
    let url = "https://acct.blob.core.windows.net/c/d?sv=2022-11-02&sp=rl";
    let body = |uri: &str| {
        format!(
            "{{\\\"properties\\\": {{\\\"InputData\\\": {{\\\"d\\\": {{\\\"JobInputType\\\": \\\"UriFolderX\\\", \\\"Uri\\\": \\\"{uri}\\\"}}}}}}}}"
        )
    };
    let ps_var = format!(
        "$Sig = \"{m}\"\naz ml batch-endpoint invoke --name e --input-type uri-folder --input \"{url}&sig=$Sig\"\n"
    );
    let curl_var = format!(
        "SIG={m}\ncurl -X POST https://e.westus.inference.ml.azure.com/jobs -d \"{}\"\n",
        body(&format!("{url}&sig=$SIG"))
    );
    let bearer_var = format!(
        "TOKEN={m}abcdef\ncurl -X POST https://e.westus.inference.ml.azure.com/jobs -H \"Authorization: Bearer $TOKEN\" -d \"{}\"\n",
        body("azureml:x:1")
    );
    let quote_split = format!(
        "az ml batch-endpoint invoke --name e --input-type uri-folder --input \"{url}&sig=\"'{m}'\n"
    );
    vec![
        ("powershell variable", "ps-var.ps1", ps_var.clone()),
        (
            "powershell variable in a fence",
            "README.md",
            format!("# Run\n\n```powershell\n{ps_var}```\n"),
        ),
        ("shell variable in a curl body", "curl-var.sh", curl_var),
        ("shell variable in a bearer header", "bearer.sh", bearer_var),
        (
            "backslash-newline",
            "continuation.sh",
            format!(
                "az ml batch-endpoint invoke --name x --input-type uri-folder \\\n  --input {url}\\&sig={m}a\\\n{m}b\n"
            ),
        ),
        ("quote in the word", "quoted.sh", quote_split.clone()),
        (
            "quote in a CI run block",
            ".github/workflows/score.yml",
            format!(
                "on: [push]\njobs:\n  s:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          {}",
                quote_split
            ),
        ),
        (
            "yaml double-quoted line break",
            "inputs.yml",
            format!(
                "inputs:\n  d-x:\n    type: uri-folder\n    path: \"{url}&sig={m}a\\\n      {m}b\"\n"
            ),
        ),
        (
            "json escape in a field amlint does not read",
            "neighbour.json",
            format!(
                "{{\n \"properties\": {{\n  \"Tags\": {{\"t\": \"{url}\\u0026sig={m}\"}},\n  \"InputData\": {{\n   \"d\": {{\n    \"JobInputType\": \"UriFolderX\",\n    \"Note\": \"{url}\\u0026sig={m}\",\n    \"Uri\": \"azureml:x:1\"\n   }}\n  }}\n }}\n}}\n"
            ),
        ),
        (
            "json escape in a curl body",
            "curl-escape.sh",
            format!(
                "curl -X POST https://e.westus.inference.ml.azure.com/jobs -d '{{\"properties\": {{\"InputData\": {{\"d\": {{\"JobInputType\": \"UriFolderX\", \"Uri\": \"{url}\\u0026sig={m}\"}}}}}}}}'\n"
            ),
        ),
    ]
}

/// Every output channel of a run over `name` in `dir`, each as (label, text of stdout and
/// stderr): every format with and without `-v`, `--diff` (plain and unsafe), `--statistics`,
/// `--show-files`, `--show-settings`, standard input (json, human), the messages of `--fix
/// --unsafe-fixes` (in a copy), and the language server (diagnostics, hovers, code actions).
/// A new channel belongs here.
fn every_channel(dir: &std::path::Path, name: &str) -> Vec<(String, String)> {
    let both = |out: std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    let mut outputs = Vec::new();
    for format in ["human", "json", "sarif", "github", "compact", "azure"] {
        for verbose in [false, true] {
            let mut args = vec!["check", "--color", "never", "--format", format];
            if verbose {
                args.push("-v");
            }
            args.push(name);
            outputs.push((args.join(" "), both(run(&args, dir))));
        }
    }
    for args in [
        vec!["check", "--diff", name],
        vec!["check", "--diff", "--unsafe-fixes", name],
        vec!["check", "--statistics", "."],
        vec!["check", "--show-files", "."],
        vec!["check", "--show-settings", name],
        vec!["check", "--color", "never", "-v", "."],
    ] {
        outputs.push((args.join(" "), both(run(&args, dir))));
    }
    let text = std::fs::read_to_string(dir.join(name)).unwrap();
    for format in ["json", "human"] {
        let args = [
            "check",
            "--color",
            "never",
            "--format",
            format,
            "--stdin-filename",
            name,
            "-",
        ];
        outputs.push((
            format!("stdin {format}"),
            both(common::run_with_stdin(&args, dir, &text)),
        ));
    }
    let copy = tempfile::tempdir().unwrap();
    let fixed = copy.path().join(name);
    std::fs::create_dir_all(fixed.parent().unwrap()).unwrap();
    std::fs::create_dir(copy.path().join(".git")).unwrap();
    std::fs::write(&fixed, &text).unwrap();
    outputs.push((
        "--fix --unsafe-fixes".into(),
        both(run(
            &["check", "--color", "never", "--fix", "--unsafe-fixes", name],
            copy.path(),
        )),
    ));
    outputs.push((
        "server".into(),
        both(common::run_with_stdin(
            &["server"],
            dir,
            &lsp_session(&dir.join(name), &text),
        )),
    ));
    outputs
}

/// initialize, didOpen, a hover every 7 columns of the first 40 lines, a code action over the
/// file, shutdown, exit — framed.
fn lsp_session(path: &std::path::Path, text: &str) -> String {
    let uri = format!("file://{}", path.display());
    let mut messages = vec![
        serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "capabilities": {}}}),
        serde_json::json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}}),
    ];
    let mut id = 2;
    for (line, content) in text.lines().take(40).enumerate() {
        for character in (0..content.len().clamp(1, 400)).step_by(7) {
            messages.push(serde_json::json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}}));
            id += 1;
        }
    }
    messages.push(serde_json::json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": text.lines().count(), "character": 0}}, "context": {"diagnostics": []}}}));
    messages.push(serde_json::json!({"jsonrpc": "2.0", "id": id + 1, "method": "shutdown"}));
    messages.push(serde_json::json!({"jsonrpc": "2.0", "method": "exit"}));
    messages
        .iter()
        .map(|m| {
            let body = m.to_string();
            format!("Content-Length: {}\r\n\r\n{body}", body.len())
        })
        .collect()
}

#[test]
fn credentials_the_raw_text_hides_reach_no_channel() {
    for (shape, name, text) in hidden_shapes() {
        let dir = common::repo(&[(name, &text)]);
        let outputs = every_channel(dir.path(), name);
        assert!(
            outputs
                .iter()
                .any(|(label, out)| label.contains("json") && out.contains("\"rule\"")),
            "{shape}: a finding is reported, so the file is quoted"
        );
        for (label, out) in outputs {
            assert_no_secret(&out, &format!("{shape} ({name}) / {label}"));
        }
    }
}

/// A credential-shaped file name and a SAS in a `[tool.amlint]` value are masked in every
/// channel that prints a name or a setting.
#[test]
fn credential_shaped_names_and_settings_are_masked() {
    let m = SECRET_MARKER;
    let name = format!("in?sv=2022-11-02&sp=rl&sig={m}.yml");
    let dir = common::repo(&[
        (
            name.as_str(),
            "inputs:\n  d-x:\n    type: uri_folder\n    path: azureml:x:1\n",
        ),
        (
            "pyproject.toml",
            &format!(
                "[tool.amlint]\nexclude = [\"https://acct.blob.core.windows.net/c?sv=2022-11-02&sp=rl&sig={m}\"]\n"
            ),
        ),
    ]);
    for (label, out) in every_channel(dir.path(), &name) {
        assert_no_secret(&out, &format!("file name / {label}"));
    }
}
