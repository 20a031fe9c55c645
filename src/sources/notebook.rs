//! Jupyter notebooks: the code cells of an `.ipynb`, decoded from its JSON strings, with every
//! byte mapped back to its place in the `.ipynb` file — so a finding points at the notebook's
//! line, as an editor showing the raw file (or the cell, via the JSON line) sees it.
//!
//! The JSON is read with amlint's spanned YAML tree (JSON is YAML 1.2), which gives each source
//! string's raw span; JSON escapes (`\"`, `\\`, `\n`, `\uXXXX`) are decoded with a byte map.
//! Cells are joined in order (a notebook runs top to bottom, so a name assigned in one cell is
//! known in the next); `sources::ipython` splits them into Python and shell.

use std::sync::Arc;

use crate::source::{SourceFile, Span};
use crate::sources::{Region, ipython, mentions_invoke_command};
use crate::yaml::{Document, NodeRef};

/// The decoded code of a notebook's code cells.
pub struct Code {
    pub text: String,
    /// For each byte of `text`, its offset in the `.ipynb` text.
    pub map: Vec<usize>,
    /// Each cell's range in `text`.
    pub cells: Vec<Span>,
}

/// The code of every code cell, and for each byte its offset in the `.ipynb` text.
pub fn code(file: &SourceFile) -> Option<Code> {
    let doc = Document::parse_str(&without_surrogate_escapes(&file.text));
    let cells = doc.root()?.get("cells")?;
    let mut code = String::new();
    let mut map = Vec::new();
    let mut spans = Vec::new();
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
        // Cells end with a line break of their own, mapped to the last byte of the cell.
        let last = map.last().copied().unwrap_or(0);
        code.push('\n');
        map.push(last);
        spans.push(Span::new(cell_start, code.len()));
    }
    Some(Code {
        text: code,
        map,
        cells: spans,
    })
}

/// A notebook's regions: its Python, and the shell of its `!` lines and shell cells, both
/// decoded from the JSON with a map back to the `.ipynb` text.
pub fn regions(file: &SourceFile) -> Vec<Region<'static>> {
    if !(file.text.contains("batch_endpoints") || mentions_invoke_command(&file.text)) {
        return Vec::new();
    }
    let Some(code) = code(file) else {
        return Vec::new();
    };
    let map: Arc<[usize]> = code.map.into();
    ipython::regions(&code.text, &code.cells, Some(map))
}

/// JSON writes a character outside the BMP as an escaped surrogate pair (`\ud83d\ude00`, as
/// Python's `json` does for emoji); the YAML parser rejects surrogate escapes. For parsing, each
/// becomes `\ufffd` — the same length, so every span still points into the file — and
/// [`decode`] reads the pair from the file's own text.
fn without_surrogate_escapes(raw: &str) -> std::borrow::Cow<'_, str> {
    let bytes = raw.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        if bytes.get(i + 1) == Some(&b'u')
            && let Some(hex) = raw.get(i + 2..i + 6)
            && let Ok(unit) = u16::from_str_radix(hex, 16)
            && (0xd800..=0xdfff).contains(&unit)
        {
            out.get_or_insert_with(|| bytes.to_vec())[i + 2..i + 6].copy_from_slice(b"fffd");
            i += 6;
        } else {
            i += 2; // `\\`, `\"`, …: the escaped character is not an escape's start
        }
    }
    match out {
        // Only ASCII hex digits were replaced by ASCII: still UTF-8.
        Some(bytes) => std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_default()),
        None => std::borrow::Cow::Borrowed(raw),
    }
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
                    fn unit(chars: &mut impl Iterator<Item = (usize, char)>) -> Option<u32> {
                        let hex: String = (0..4)
                            .filter_map(|_| chars.next().map(|(_, h)| h))
                            .collect();
                        u32::from_str_radix(&hex, 16).ok()
                    }
                    match unit(&mut chars) {
                        // A surrogate pair: the high half, then `\u` and the low half.
                        Some(high @ 0xd800..=0xdbff) => {
                            let low = if inner[i..].get(6..8) == Some("\\u") {
                                chars.next();
                                chars.next();
                                unit(&mut chars)
                            } else {
                                None
                            };
                            low.filter(|l| (0xdc00..=0xdfff).contains(l))
                                .and_then(|l| {
                                    char::from_u32(0x10000 + ((high - 0xd800) << 10) + (l - 0xdc00))
                                })
                                .unwrap_or('\u{fffd}')
                        }
                        Some(code) => char::from_u32(code).unwrap_or('\u{fffd}'),
                        None => '\u{fffd}',
                    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_cells_are_decoded_with_their_raw_positions() {
        let raw = "{\n \"cells\": [\n  {\"cell_type\": \"markdown\", \"source\": [\"# x\"]},\n  {\"cell_type\": \"code\", \"source\": [\n    \"!pip install azure-ai-ml\\n\",\n    \"x = Input(type=\\\"uri-folder\\\")\"\n  ]}\n ]\n}\n";
        let file = SourceFile::new("n.ipynb", "n.ipynb", raw.to_string());
        let Code {
            text: code, map, ..
        } = code(&file).unwrap();
        assert!(code.starts_with("!pip install azure-ai-ml\n"), "{code:?}");
        let at = code.find("uri-folder").unwrap();
        assert_eq!(&raw[map[at]..map[at] + 10], "uri-folder");
        let quote = code.find('"').unwrap();
        assert_eq!(&raw[map[quote]..map[quote] + 2], "\\\"");
    }

    #[test]
    fn escaped_surrogate_pairs_are_decoded() {
        let raw = "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"# \\ud83d\\ude00 \\ud800\\n\", \"x = 1\"]}]}";
        let file = SourceFile::new("n.ipynb", "n.ipynb", raw.to_string());
        let Code {
            text: code, map, ..
        } = code(&file).expect("parsed");
        assert!(code.starts_with("# 😀 \u{fffd}\n"), "{code:?}");
        let at = code.find('x').unwrap();
        assert_eq!(&raw[map[at]..map[at] + 5], "x = 1");
    }
}
