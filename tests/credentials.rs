//! The credential matrix: every secret shape × every place a file can hold it × every output
//! amlint writes (all formats, `--diff`, `--verbose`) shows no byte of the secret. The language
//! server's channels are in `tests/lsp.rs`.

mod common;

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
