//! What the server answers besides diagnostics: hover over a value, and the edits of the
//! "ignore this finding" quick fix.

use super::*;

pub(super) fn describe_value_at(source: &SourceFile, offset: usize) -> Option<String> {
    let doc = Document::parse(source);
    let root = doc.root()?;
    for block in ["inputs", "outputs"] {
        let Some(entries) = root.get(block) else {
            continue;
        };
        for (name, spec) in entries.entries() {
            for (key, value) in spec.entries() {
                let span = value.span();
                if !(span.start <= offset && offset <= span.end) {
                    continue;
                }
                let text = value.as_str()?;
                let name = name.as_str().unwrap_or_default();
                return Some(match key.as_str()? {
                    "path" => format!("`{name}`: {}", describe_path(&PathRef::parse(text))),
                    "type" => format!("`{name}` is a `{text}` {}", &block[..block.len() - 1]),
                    _ => return None,
                });
            }
        }
    }
    None
}

pub(super) fn describe_path(path: &PathRef<'_>) -> String {
    match path {
        PathRef::Datastore { name, path, .. } => format!(
            "a datastore URI — store `{}`, path `{}`",
            name.unwrap_or("?"),
            path.unwrap_or("?")
        ),
        PathRef::Asset {
            name,
            version,
            label,
            ..
        } => match (version, label) {
            (Some(v), _) => format!("a data asset — `{name}`, version `{v}`"),
            (_, Some(l)) => format!("a data asset — `{name}`, label `{l}`"),
            _ => format!("a data asset — `{name}`, no version"),
        },
        other => other.describe().to_string(),
    }
}

/// An edit that adds `# amlint: ignore[RULE]` for a finding: at the end of its line, or — where
/// a comment there would break a shell continuation — on a line of its own above it.
pub(super) fn ignore_edit(source: &SourceFile, d: &Diagnostic) -> Option<Value> {
    let (line, _) = source.utf16_position(d.span.start);
    let line_start = source.offset_of_utf16(line, 0);
    let rest = &source.text[line_start..];
    let line_text = rest.split('\n').next().unwrap_or("").trim_end_matches('\r');
    let comment = match FileKind::of(&source.path) {
        // JSON has no comments: there is no place for an ignore.
        FileKind::JSON => return None,
        FileKind::MARKDOWN if !line_text.trim_start().starts_with(['#', '-', 'a', '$']) => {
            format!("<!-- amlint: ignore[{}] -->", d.rule)
        }
        _ => format!("# amlint: ignore[{}]", d.rule),
    };
    if line_text.trim_end().ends_with('\\') {
        let indent: String = line_text
            .chars()
            .take_while(|c| c.is_whitespace())
            .collect();
        let at = source.utf16_position(line_start);
        let position = json!({"line": at.0, "character": 0});
        return Some(
            json!({"range": {"start": position, "end": position}, "newText": format!("{indent}{comment}\n")}),
        );
    }
    let end = line_start + line_text.len();
    let (l, c) = source.utf16_position(end);
    let position = json!({"line": l, "character": c});
    Some(json!({"range": {"start": position, "end": position}, "newText": format!("  {comment}")}))
}
