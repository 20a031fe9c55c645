//! Jupyter notebooks: the code cells of an `.ipynb`, decoded from its JSON strings, with every
//! byte mapped back to its place in the `.ipynb` file — so a finding points at the notebook's
//! line, as an editor showing the raw file (or the cell, via the JSON line) sees it.
//!
//! The JSON is read with amlint's spanned YAML tree (JSON is YAML 1.2), which gives each source
//! string's raw span; JSON escapes (`\"`, `\\`, `\n`, `\uXXXX`) are decoded with a byte map.
//! Cells are joined in order (a notebook runs top to bottom, so a name assigned in one cell is
//! known in the next); IPython magics (`!pip …`, `%…`) are blanked.

use std::path::Path;

use crate::model::Invocation;
use crate::source::SourceFile;
use crate::sources::python;
use crate::yaml::{Document, NodeRef};

/// The code of every code cell, and for each byte its offset in the `.ipynb` text.
pub fn code(file: &SourceFile) -> Option<(String, Vec<usize>)> {
    let doc = Document::parse(file);
    let cells = doc.root()?.get("cells")?;
    let mut code = String::new();
    let mut map = Vec::new();
    for cell in cells.items() {
        if cell.get("cell_type").and_then(|t| t.as_str()) != Some("code") {
            continue;
        }
        let Some(source) = cell.get("source") else {
            continue;
        };
        let strings: Vec<NodeRef<'_>> = if source.is_sequence() {
            source.items().collect()
        } else {
            vec![source]
        };
        let cell_start = code.len();
        for string in strings {
            decode(&file.text, string, &mut code, &mut map);
        }
        blank_magics(&mut code, cell_start);
        // Cells end with a line break of their own, mapped to the last byte of the cell.
        let last = map.last().copied().unwrap_or(0);
        code.push('\n');
        map.push(last);
    }
    Some((code, map))
}

/// Append the decoded value of a JSON string node, with the raw offset of each byte.
fn decode(raw: &str, node: NodeRef<'_>, out: &mut String, map: &mut Vec<usize>) {
    let span = node.span();
    let Some(text) = raw.get(span.start..span.end) else {
        return;
    };
    if !(text.starts_with('"') && text.ends_with('"') && text.len() >= 2) {
        return;
    }
    let inner = &text[1..text.len() - 1];
    let base = span.start + 1;
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let decoded = if c == '\\' {
            match chars.next() {
                Some((_, 'n')) => '\n',
                Some((_, 't')) => '\t',
                Some((_, 'r')) => '\r',
                Some((_, 'b')) => '\u{8}',
                Some((_, 'f')) => '\u{c}',
                Some((_, 'u')) => {
                    let hex: String = (0..4)
                        .filter_map(|_| chars.next().map(|(_, h)| h))
                        .collect();
                    u32::from_str_radix(&hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .unwrap_or('\u{fffd}')
                }
                Some((_, other)) => other,
                None => break,
            }
        } else {
            c
        };
        let mut buffer = [0u8; 4];
        for _ in decoded.encode_utf8(&mut buffer).bytes() {
            map.push(base + i);
        }
        out.push(decoded);
    }
}

/// Replace the lines of `code[from..]` that are IPython magics by blanks of the same length.
fn blank_magics(code: &mut String, from: usize) {
    let mut blanked = code[from..].to_string();
    let mut offset = 0;
    for line in code[from..].split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('!') || trimmed.starts_with('%') {
            let body = line.trim_end_matches('\n');
            blanked.replace_range(offset..offset + body.len(), &" ".repeat(body.len()));
        }
        offset += line.len();
    }
    code.replace_range(from.., &blanked);
}

/// The SDK invocations in a notebook, with spans in the `.ipynb` file.
pub fn invocations(file: &SourceFile, base_dir: &Path) -> Vec<Invocation> {
    match code(file) {
        Some((code, map)) if code.contains("batch_endpoints") => {
            python::invocations_mapped(&code, Some(&map), base_dir)
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_cells_are_decoded_with_their_raw_positions() {
        let raw = "{\n \"cells\": [\n  {\"cell_type\": \"markdown\", \"source\": [\"# x\"]},\n  {\"cell_type\": \"code\", \"source\": [\n    \"!pip install azure-ai-ml\\n\",\n    \"x = Input(type=\\\"uri-folder\\\")\"\n  ]}\n ]\n}\n";
        let file = SourceFile::new("n.ipynb", "n.ipynb", raw.to_string());
        let (code, map) = code(&file).unwrap();
        assert!(code.starts_with("                        \n"), "{code:?}");
        let at = code.find("uri-folder").unwrap();
        assert_eq!(&raw[map[at]..map[at] + 10], "uri-folder");
        let quote = code.find('"').unwrap();
        assert_eq!(&raw[map[quote]..map[quote] + 2], "\\\"");
    }
}
