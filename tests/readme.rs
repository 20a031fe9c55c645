//! The README's rule table is generated from the rules' own docs (`amlint rules`); this test fails
//! when it is stale. `UPDATE_README=1 cargo test --test readme` rewrites it.

use amlint::rules::{RULES, summary};

const BEGIN: &str =
    "<!-- begin rules table (generated: UPDATE_README=1 cargo test --test readme) -->";
const END: &str = "<!-- end rules table -->";

fn table() -> String {
    let mut out = String::from("| id | severity | what it catches |\n|---|---|---|\n");
    for rule in RULES {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
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
                "the README's rule table is stale; run UPDATE_README=1 cargo test --test readme"
            );
        }
    }
}
