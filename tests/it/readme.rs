//! The README a new user reads first, and what is generated from the rules' own docs:
//!
//! - the README's rule table (each id linked to its page), `docs/rules.md` (the table with
//!   summaries) and `docs/rules/ID.md` (each rule's page, which SARIF's `helpUri` and the
//!   editor's links point at);
//! - `packaging/wheel/README.md`, the wheel's PyPI description: the README with every link made
//!   absolute (pypi.org shows relative ones dead).
//!
//! `UPDATE_README=1 cargo test --test it readme::` rewrites them. The README itself is checked too: at
//! most 12 KB, every relative link (in it, `docs/`, CONTRIBUTING.md, CHANGELOG.md) resolves, every
//! route that needs a release is marked so, every `amlint` command in it runs as written, and
//! what the other commands name exists.

use crate::common;

use std::path::{Path, PathBuf};

use amlint::rules::{RULES, page, summary};

const BEGIN: &str =
    "<!-- begin rules table (generated: UPDATE_README=1 cargo test --test it readme::) -->";
const END: &str = "<!-- end rules table -->";
const README_LIMIT: usize = 12 * 1024;

fn root() -> &'static Path {
    common::root()
}

fn update() -> bool {
    std::env::var_os("UPDATE_README").is_some()
}

/// The README's table: one row per default severity, each rule linked to its page.
fn table() -> String {
    let mut out = String::from("| default | rules |\n|---|---|\n");
    for severity in ["error", "warning"] {
        let links: Vec<String> = RULES
            .iter()
            .filter(|r| r.severity().as_str() == severity)
            .map(|r| format!("[{0}](docs/rules/{0}.md)", r.id()))
            .collect();
        out.push_str(&format!("| {severity} | {} |\n", links.join(" · ")));
    }
    out
}

/// `docs/rules.md`: every rule with its severity and summary.
fn rules_page() -> String {
    let mut out = String::from(
        "<!-- generated from src/rules/ (UPDATE_README=1 cargo test --test it readme::) -->\n# Rules\n\n\
         Every rule, its default severity and what it catches; each id links to the rule's page \
         (why it matters, with the SDK's or the documentation's own words, an example and the \
         fix). `amlint rules` lists them, `amlint rules --format json` with each rule's class and \
         source, `amlint rule ID` prints a page.\n\n\
         | id | severity | what it catches |\n|---|---|---|\n",
    );
    for rule in RULES {
        out.push_str(&format!(
            "| [`{0}`](rules/{0}.md) | {1} | {2} |\n",
            rule.id(),
            rule.severity().as_str(),
            summary(rule.id()).replace('|', "\\|")
        ));
    }
    out
}

/// Write `wanted` to `path` under UPDATE_README, else fail when it differs.
fn generated(path: &Path, wanted: &str) {
    if std::fs::read_to_string(path).ok().as_deref() == Some(wanted) {
        return;
    }
    if update() {
        std::fs::write(path, wanted).expect("write a generated file");
    } else {
        panic!(
            "{} is stale; run UPDATE_README=1 cargo test --test it readme::",
            path.display()
        );
    }
}

#[test]
fn readme_rule_table_is_current() {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let start = readme.find(BEGIN).expect("begin marker") + BEGIN.len();
    let end = readme.find(END).expect("end marker");
    let wanted = format!("{}\n{}{}", &readme[..start], table(), &readme[end..]);
    generated(&path, &wanted);
    generated(&root().join("docs/rules.md"), &rules_page());
}

#[test]
fn every_rule_has_its_current_page() {
    let folder = root().join("docs/rules");
    let mut stale = Vec::new();
    for rule in RULES {
        let path = folder.join(format!("{}.md", rule.id()));
        let wanted = format!(
            "<!-- generated from src/rules/ (UPDATE_README=1 cargo test --test it readme::) -->\n{}",
            page(*rule)
        );
        if std::fs::read_to_string(&path).ok().as_deref() != Some(wanted.as_str()) {
            if update() {
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
            if update() {
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

// ---- a little Markdown: fences, headings, links ----------------------------------------------

/// One piece of a Markdown file: a heading, a prose line, or a fenced block (its info string).
enum Piece {
    Heading(String),
    Prose(String),
    Code { lang: String, body: String },
}

fn pieces(text: &str) -> Vec<(usize, Piece)> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            let indent = line.len() - trimmed.len();
            let mut body = Vec::new();
            for (_, inner) in lines.by_ref() {
                if inner.trim_start().starts_with("```") {
                    break;
                }
                body.push(inner.get(indent..).unwrap_or(inner.trim_start()));
            }
            let lang = info.trim().to_string();
            out.push((
                n + 1,
                Piece::Code {
                    lang,
                    body: body.join("\n"),
                },
            ));
        } else if line.starts_with('#') {
            let title = line.trim_start_matches('#').trim().to_string();
            out.push((n + 1, Piece::Heading(title)));
        } else {
            out.push((n + 1, Piece::Prose(line.to_string())));
        }
    }
    out
}

/// GitHub's anchor of a heading.
fn slug(title: &str) -> String {
    let mut plain = String::new();
    let mut rest = title;
    // `[text](url)` → `text`
    while let Some(open) = rest.find('[') {
        plain.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match (after.find("]("), after.find(')')) {
            (Some(close), Some(end)) if close < end => {
                plain.push_str(&after[..close]);
                rest = &after[end + 1..];
            }
            _ => {
                plain.push('[');
                rest = after;
            }
        }
    }
    plain.push_str(rest);
    plain
        .replace('`', "")
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '_' || *c == '-' || *c == ' ')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn anchors(text: &str) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (_, piece) in pieces(text) {
        if let Piece::Heading(title) = piece {
            let s = slug(&title);
            let n = seen.iter().filter(|x| **x == s).count();
            out.push(if n == 0 {
                s.clone()
            } else {
                format!("{s}-{n}")
            });
            seen.push(s);
        }
    }
    out
}

/// The link targets of the prose (not of code blocks or inline code): `[text](target)`.
fn links(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (line, piece) in pieces(text) {
        let (Piece::Prose(prose) | Piece::Heading(prose)) = piece else {
            continue;
        };
        // Inline code spans hold no links.
        let mut plain = String::new();
        for (i, part) in prose.split('`').enumerate() {
            if i % 2 == 0 {
                plain.push_str(part);
            }
        }
        let mut rest = plain.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let end = after.find([')', ' ']).unwrap_or(after.len());
            out.push((line, after[..end].trim_matches(['<', '>']).to_string()));
            rest = &after[end..];
        }
    }
    out
}

fn is_relative(url: &str) -> bool {
    let scheme = url.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    !scheme && !url.starts_with("//")
}

/// Why a relative link of the Markdown file `from` (relative to the root) does not resolve.
fn broken(from: &Path, target: &str) -> Option<String> {
    let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
    let file: PathBuf = if path.is_empty() {
        from.to_path_buf()
    } else {
        from.parent().unwrap_or(Path::new("")).join(path)
    };
    let full = root().join(&file);
    if !full.exists() {
        return Some(format!("{} does not exist", file.display()));
    }
    if !fragment.is_empty() && full.extension().is_some_and(|e| e == "md") && full.is_file() {
        let text = std::fs::read_to_string(&full).unwrap_or_default();
        if !anchors(&text).iter().any(|a| a == fragment) {
            return Some(format!("{} has no heading #{fragment}", file.display()));
        }
    }
    None
}

fn repository() -> String {
    let manifest: toml::Table = std::fs::read_to_string(root().join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    manifest["package"]["repository"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The README with each relative link made absolute: files under `blob/main/`, folders under
/// `tree/main/`, a bare `#anchor` to the README on GitHub.
fn pypi_description(readme: &str) -> String {
    let repo = repository();
    let mut out = String::new();
    let mut in_code = false;
    for line in readme.split_inclusive('\n') {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if in_code || !line.contains("](") {
            out.push_str(line);
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            out.push_str(&rest[..at + 2]);
            let after = &rest[at + 2..];
            let end = after.find([')', ' ']).unwrap_or(after.len());
            let target = &after[..end];
            if is_relative(target) {
                let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
                let fragment = if fragment.is_empty() {
                    String::new()
                } else {
                    format!("#{fragment}")
                };
                let kind = if path.is_empty() || root().join(path).is_file() {
                    "blob"
                } else {
                    "tree"
                };
                let path = if path.is_empty() { "README.md" } else { path };
                out.push_str(&format!("{repo}/{kind}/main/{path}{fragment}"));
            } else {
                out.push_str(target);
            }
            rest = &after[end..];
        }
        out.push_str(rest);
    }
    out
}

#[test]
fn the_pypi_description_is_the_readme_with_absolute_links() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let path = root().join("packaging/wheel/README.md");
    let wanted = pypi_description(&readme);
    generated(&path, &wanted);
    let relative: Vec<String> = links(&wanted)
        .into_iter()
        .map(|(_, u)| u)
        .filter(|u| is_relative(u))
        .collect();
    assert!(
        relative.is_empty(),
        "relative links in the PyPI description: {relative:?}"
    );
    // The absolute links into this repository point at what it holds.
    let prefix = format!("{}/", repository());
    for (line, url) in links(&wanted) {
        if let Some(rest) = url.strip_prefix(&prefix)
            && let Some(path) = rest
                .strip_prefix("blob/main/")
                .or(rest.strip_prefix("tree/main/"))
        {
            let why = broken(Path::new("README.md"), path);
            assert!(
                why.is_none(),
                "packaging/wheel/README.md:{line}: {url}: {why:?}"
            );
        }
    }
    let pyproject: toml::Table =
        std::fs::read_to_string(root().join("packaging/wheel/pyproject.toml"))
            .unwrap()
            .parse()
            .unwrap();
    assert_eq!(pyproject["project"]["readme"].as_str(), Some("README.md"));
}

#[test]
fn the_readme_is_short_and_its_links_resolve() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.len() <= README_LIMIT,
        "README.md is {} bytes; at most {README_LIMIT} (the rest belongs in docs/)",
        readme.len()
    );
    let mut files: Vec<PathBuf> = ["README.md", "CONTRIBUTING.md", "CHANGELOG.md"]
        .iter()
        .map(PathBuf::from)
        .collect();
    for entry in std::fs::read_dir(root().join("docs")).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") {
            files.push(Path::new("docs").join(name));
        }
    }
    let mut bad = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(root().join(file))
            .unwrap_or_else(|_| panic!("{} is missing", file.display()));
        for (line, url) in links(&text) {
            if is_relative(&url)
                && let Some(why) = broken(file, &url)
            {
                bad.push(format!("{}:{line}: {url}: {why}", file.display()));
            }
        }
    }
    assert!(bad.is_empty(), "broken links:\n{}", bad.join("\n"));
}

// ---- the README's commands ---------------------------------------------------------------------

/// Whether a line, its block's prose or a heading above says the route needs a release.
fn marked(text: &str) -> bool {
    let text = text.to_lowercase();
    [
        "after the first release",
        "release-only",
        "not released",
        "not available yet",
    ]
    .iter()
    .any(|m| text.contains(m))
}

/// A command that needs a release that does not exist yet.
fn needs_release(command: &str) -> bool {
    let installs = |tool: &str| command.contains(tool) && command.contains("install");
    (installs("pip") || installs("uv ")) && command.contains("amlint-azureml")
        || command.contains("cargo install")
            && !command.contains("--path")
            && !command.contains("--git")
        || command.contains("cargo binstall")
        || command.contains("rev: v")
        || command.contains("amlint/amlint@v")
}

/// Every shell, YAML and console block of the README with the headings above it and the prose
/// just before it.
fn blocks(readme: &str) -> Vec<(usize, String, String, String)> {
    let mut out = Vec::new();
    let mut headings: Vec<String> = Vec::new();
    let mut prose = String::new();
    for (line, piece) in pieces(readme) {
        match piece {
            Piece::Heading(title) => {
                headings.push(title);
                prose.clear();
            }
            Piece::Prose(text) => {
                prose.push_str(&text);
                prose.push('\n');
            }
            Piece::Code { lang, body } => {
                let context = format!("{}\n{prose}", headings.last().cloned().unwrap_or_default());
                out.push((line, lang, body, context));
                prose.clear();
            }
        }
    }
    out
}

#[test]
fn every_route_that_needs_a_release_says_so() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut unmarked = Vec::new();
    for (line, _, body, context) in blocks(&readme) {
        for (k, command) in body.lines().enumerate() {
            if needs_release(command) && !marked(&context) && !marked(command) {
                unmarked.push(format!("README.md:{}: {command}", line + 1 + k));
            }
        }
    }
    assert!(
        unmarked.is_empty(),
        "release-only and not marked so:\n{}",
        unmarked.join("\n")
    );
}

/// A scratch copy of what the README's commands touch: the examples, in a repository.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for sub in ["examples", "jobs"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
    }
    for entry in std::fs::read_dir(root().join("examples"))
        .unwrap()
        .flatten()
    {
        for folder in ["examples", "jobs"] {
            std::fs::copy(
                entry.path(),
                dir.path().join(folder).join(entry.file_name()),
            )
            .unwrap();
        }
    }
    dir
}

#[test]
fn every_command_in_the_readme_runs_as_written() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut failed = Vec::new();
    let mut ran = 0;
    for (line, lang, body, context) in blocks(&readme) {
        if !matches!(lang.as_str(), "sh" | "console" | "bash") {
            continue;
        }
        let console = lang == "console";
        for (k, raw) in body.lines().enumerate() {
            let at = format!("README.md:{}", line + 1 + k);
            let command = match (console, raw.strip_prefix("$ ")) {
                (true, Some(c)) => c,
                (true, None) => continue, // output
                (false, _) => raw,
            };
            let command = command.split(" #").next().unwrap().trim();
            if command.is_empty() || needs_release(command) && (marked(&context) || marked(raw)) {
                continue;
            }
            let words: Vec<&str> = command.split_whitespace().collect();
            let amlint_args: Option<Vec<&str>> = match words.as_slice() {
                ["amlint", rest @ ..] => Some(rest.to_vec()),
                ["cargo", "run", "--release", "--", rest @ ..] => Some(rest.to_vec()),
                _ => None,
            };
            if let Some(args) = amlint_args {
                if args.contains(&"--watch") {
                    // tests/day_one.rs runs --watch; here: that the rest of the line parses.
                    let mut args = args.clone();
                    args.retain(|a| *a != "--watch");
                    args.push("--show-settings");
                    assert_ran(&at, command, &args, &mut failed);
                } else {
                    assert_ran(&at, command, &args, &mut failed);
                }
                ran += 1;
                continue;
            }
            // What the other commands name exists in the repository.
            let needs: &[&str] = match words.as_slice() {
                ["git", "clone", url] => {
                    assert_eq!(*url, repository(), "{at}: clones another repository");
                    &[]
                }
                ["cd", "amlint"] => &[],
                ["cargo", "install", "--locked", "--path", "."] => &["Cargo.toml", "Cargo.lock"],
                ["cargo", "build", "--release"] => &["Cargo.toml"],
                // The suite this test is part of.
                ["cargo", "test"] => &["Cargo.toml"],
                ["(cd", "packaging/wheel", "&&", "maturin", "build", ..] => {
                    &["packaging/wheel/pyproject.toml"]
                }
                ["pipx" | "pip" | "uv", .., wheel]
                    if wheel.starts_with("packaging/wheel/dist/") =>
                {
                    &["packaging/wheel/pyproject.toml"]
                }
                ["cd", "editors/vscode", "&&", "npm", "ci"] => {
                    &["editors/vscode/package-lock.json"]
                }
                ["code", "--install-extension", ..] => &["editors/vscode/package-vsix"],
                _ => {
                    failed.push(format!("{at}: `{command}`: not a command this test knows"));
                    &[]
                }
            };
            for path in needs {
                if !root().join(path).exists() {
                    failed.push(format!("{at}: `{command}` needs {path}, which is missing"));
                }
            }
        }
    }
    assert!(ran >= 4, "only {ran} amlint commands found in the README");
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// `amlint ARGS` in a scratch copy of the examples: it runs (exit 0 or 1, never a usage error).
fn assert_ran(at: &str, command: &str, args: &[&str], failed: &mut Vec<String>) {
    let dir = scratch();
    let out = common::run(args, dir.path());
    if !matches!(out.status.code(), Some(0 | 1)) {
        failed.push(format!(
            "{at}: `{command}` exited {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
}
