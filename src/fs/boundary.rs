//! What marks the top of a project: the names of amlint's config files, asked both by discovery
//! (a folder holding one is a project's top outside a repository) and by the config search.

pub const FILE_NAME: &str = "amlint.toml";

/// amlint's own config files, in the order a folder's are read (the first wins): the hidden
/// `.amlint.toml`, then `amlint.toml` — as ruff reads `.ruff.toml` before `ruff.toml`.
pub const FILE_NAMES: [&str; 2] = [".amlint.toml", FILE_NAME];

/// Python projects' home of tool settings: `[tool.amlint]`.
pub const PYPROJECT: &str = "pyproject.toml";

/// Whether a pyproject's text can hold `[tool.amlint]` (as a table header, a dotted key or an
/// inline table under `[tool]`).
pub fn mentions_amlint_table(text: &str) -> bool {
    text.contains("tool.amlint")
        || text.lines().any(|l| l.trim_start().starts_with("amlint"))
            && text.lines().any(|l| l.trim() == "[tool]")
}
