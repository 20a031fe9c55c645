//! The README's rule table and `docs/rules/ID.md` (each rule's page, which SARIF's `helpUri` and
//! the editor's links point at) are generated from the rules' own docs; this test fails when they
//! are stale. `UPDATE_README=1 cargo test --test it readme::` rewrites them.

use amlint::rules::{RULES, page, summary};

const BEGIN: &str =
    "<!-- begin rules table (generated: UPDATE_README=1 cargo test --test it readme::) -->";
const END: &str = "<!-- end rules table -->";

fn table() -> String {
    let mut out = String::from("| id | severity | what it catches |\n|---|---|---|\n");
    for rule in RULES {
        out.push_str(&format!(
            "| [`{}`](docs/rules/{}.md) | {} | {} |\n",
            rule.id(),
            rule.id(),
            rule.severity().as_str(),
            summary(rule.id()).replace('|', "\\|")
        ));
    }
    out
}

#[test]
fn readme_rule_table_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let start = readme.find(BEGIN).expect("begin marker") + BEGIN.len();
    let end = readme.find(END).expect("end marker");
    let current = readme[start..end].trim();
    let wanted = table();
    if current != wanted.trim() {
        if std::env::var_os("UPDATE_README").is_some() {
            let updated = format!("{}\n{}{}", &readme[..start], wanted, &readme[end..]);
            std::fs::write(&path, updated).expect("write README.md");
        } else {
            panic!(
                "the README's rule table is stale; run UPDATE_README=1 cargo test --test it readme::"
            );
        }
    }
}

#[test]
fn every_rule_has_its_current_page() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let update = std::env::var_os("UPDATE_README").is_some();
    let mut stale = Vec::new();
    for rule in RULES {
        let path = folder.join(format!("{}.md", rule.id()));
        let wanted = format!(
            "<!-- generated from src/rules/ (UPDATE_README=1 cargo test --test it readme::) -->\n{}",
            page(*rule)
        );
        if std::fs::read_to_string(&path).ok().as_deref() != Some(wanted.as_str()) {
            if update {
                std::fs::create_dir_all(&folder).expect("docs/rules");
                std::fs::write(&path, wanted).expect("write the rule's page");
            } else {
                stale.push(rule.id());
            }
        }
    }
    // No page for a rule that is gone.
    for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let id = name.trim_end_matches(".md");
        if !RULES.iter().any(|r| r.id() == id) {
            if update {
                std::fs::remove_file(entry.path()).expect("remove a stale page");
            } else {
                stale.push("(a page of no rule)");
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale rule pages {stale:?}; run UPDATE_README=1 cargo test --test it readme::"
    );
}
