//! Collects each rule's documentation — the `//!` comment at the top of `src/rules/<id>.rs` —
//! into a table the binary embeds. One source for `amlint rule ID`, `amlint rules` and SARIF.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("src/rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(dir).expect("src/rules exists") {
        let path = entry.expect("readable dir entry").path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().and_then(|e| e.to_str()) != Some("rs") || stem == "mod" {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("readable rule file");
        // The registry's own files (the runner, the docs helpers) are not rules.
        if !text.contains("impl Rule for") {
            continue;
        }
        let docs: Vec<&str> = text
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .map(|l| {
                l.strip_prefix("//! ")
                    .unwrap_or(l.trim_start_matches("//!"))
            })
            .collect();
        entries.push((stem.replace('_', "-"), docs.join("\n")));
    }
    entries.sort();
    let mut out = String::from("/// (rule id, documentation) for every file in src/rules.\n");
    out.push_str("pub static RULE_DOCS: &[(&str, &str)] = &[\n");
    for (id, docs) in &entries {
        writeln!(out, "    ({id:?}, {docs:?}),").unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("rule_docs.rs");
    std::fs::write(dest, out).expect("write rule_docs.rs");
}
