//! The shape of the house, checked: every module of `src/` sits in one layer, imports only from
//! its own layer and the ones below, and no two top-level modules import each other (directly
//! or round a longer loop). Also the size of the rooms: no module over 800 lines, and the engine
//! that orchestrates a run under 300.
//!
//! Read from the `crate::` paths of the source (outside comments), so a move that breaks the
//! layering fails here with the file and the import, not in a review.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Bottom-up. A module may import from its own layer and the layers listed before it.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "foundation",
        &[
            "span",
            "escape",
            "secrets",
            "source",
            "placeholder",
            "suggest",
            "testing",
            "limits",
            "keywords",
            "fs",
            "output",
        ],
    ),
    ("syntax", &["syntax"]),
    ("model", &["model", "diagnostic"]),
    ("spec", &["spec"]),
    ("project", &["project"]),
    ("front-ends", &["frontends"]),
    ("rules", &["rules"]),
    ("settings", &["settings", "suppress"]),
    ("engine", &["engine"]),
    ("outputs", &["fix", "report", "server", "fuzzing", "cli"]),
];

/// Modules whose length is data, not logic.
const GENERATED_TABLES: &[&str] = &[];

const MAX_MODULE_LINES: usize = 800;
const MAX_ENGINE_LINES: usize = 300;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/a/b.rs` → `a`: the top-level module a file belongs to (`lib.rs`, `main.rs` → "").
fn top_module(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).expect("under src");
    let first = relative
        .components()
        .next()
        .expect("non-empty")
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    match first.strip_suffix(".rs") {
        Some("lib" | "main") => String::new(),
        Some(name) => name.to_string(),
        None => first,
    }
}

/// The top-level modules a file names through `crate::` (in `use` lines, braces included, and
/// in paths written inline), outside comments.
fn imports(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // `use crate::{a::B, c};` — the group may span lines; the names that open each
                // item on this line are enough (rustfmt puts one per line).
                for item in group.split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        out.insert(name);
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                // `crate::some_macro!` names a macro exported at the root, not a module.
                let is_macro = rest[name.len()..].starts_with('!');
                if !name.is_empty() && !is_macro {
                    out.insert(name);
                }
            }
        }
    }
    // A multi-line `use crate::{` group: its items sit on the following lines.
    let mut in_group = false;
    for line in text.lines() {
        let code = line.trim();
        if code.starts_with("use crate::{") && !code.contains('}') {
            in_group = true;
            continue;
        }
        if in_group {
            if code.starts_with('}') {
                in_group = false;
                continue;
            }
            let name: String = code
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

struct Tree {
    /// Top-level module → the top-level modules it imports, with one file that does.
    edges: BTreeMap<String, BTreeMap<String, PathBuf>>,
    lines: Vec<(PathBuf, usize)>,
}

fn read_tree() -> Tree {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut edges: BTreeMap<String, BTreeMap<String, PathBuf>> = BTreeMap::new();
    let mut lines = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        lines.push((file.clone(), text.lines().count()));
        let from = top_module(&src, &file);
        if from.is_empty() {
            continue;
        }
        for to in imports(&text) {
            if to != from {
                edges
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_insert_with(|| file.clone());
            }
        }
    }
    Tree { edges, lines }
}

#[test]
fn every_module_sits_in_a_layer_and_imports_only_downward() {
    let tree = read_tree();
    let mut problems = Vec::new();
    for (from, targets) in &tree.edges {
        let Some(from_layer) = layer_of(from) else {
            problems.push(format!("src/{from}: in no layer (add it to LAYERS)"));
            continue;
        };
        for (to, file) in targets {
            match layer_of(to) {
                None => problems.push(format!("{}: imports `{to}`, in no layer", file.display())),
                Some(to_layer) if to_layer > from_layer => problems.push(format!(
                    "{}: `{from}` ({}) imports `{to}` ({}), a layer above",
                    file.display(),
                    LAYERS[from_layer].0,
                    LAYERS[to_layer].0
                )),
                Some(_) => {}
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_import_cycles_between_top_level_modules() {
    let tree = read_tree();
    // A depth-first search from each module; a path back to a module on the stack is a cycle.
    fn visit(
        node: &str,
        tree: &Tree,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        cycles: &mut Vec<String>,
    ) {
        if let Some(at) = stack.iter().position(|n| n == node) {
            cycles.push(format!("{} → {node}", stack[at..].join(" → ")));
            return;
        }
        if !done.insert(node.to_string()) {
            return;
        }
        stack.push(node.to_string());
        if let Some(targets) = tree.edges.get(node) {
            for to in targets.keys() {
                visit(to, tree, stack, done, cycles);
            }
        }
        stack.pop();
    }
    let mut cycles = Vec::new();
    let mut done = BTreeSet::new();
    for node in tree.edges.keys() {
        visit(node, &tree, &mut Vec::new(), &mut done, &mut cycles);
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn rooms_are_small() {
    let tree = read_tree();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    for (file, count) in &tree.lines {
        let relative = file.strip_prefix(&src).expect("under src");
        let name = relative.to_string_lossy().replace('\\', "/");
        if GENERATED_TABLES.contains(&name.as_str()) {
            continue;
        }
        let limit = if name == "engine/mod.rs" {
            MAX_ENGINE_LINES
        } else {
            MAX_MODULE_LINES
        };
        if *count > limit {
            problems.push(format!("src/{name}: {count} lines (at most {limit})"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_import_reader_sees_groups_and_inline_paths() {
    let text = "use crate::a::B;\nuse crate::{c::D, e};\nuse crate::{\n    f::G,\n    h,\n};\n// crate::comment\nfn x() { crate::i::j(); crate::m!(); }\n";
    let found: Vec<String> = imports(text).into_iter().collect();
    assert_eq!(found, ["a", "c", "e", "f", "h", "i"]);
}
