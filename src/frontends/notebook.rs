//! Jupyter notebooks: the code cells of an `.ipynb`, decoded from its JSON strings, with every
//! byte mapped back to its place in the `.ipynb` file — so a finding points at the notebook's
//! line, as an editor showing the raw file (or the cell, via the JSON line) sees it.
//!
//! The JSON is read by a small streaming scanner that keeps only what amlint needs — each
//! cell's `cell_type` and the raw spans of its `source` strings — so a notebook's outputs
//! (images, tables: most of a large notebook) cost one pass and no memory. JSON escapes (`\"`,
//! `\\`, `\n`, `\uXXXX`, surrogate pairs) are decoded with a byte map. Cells are joined in order
//! (a notebook runs top to bottom, so a name assigned in one cell is known in the next);
//! `sources::ipython` splits them into Python and shell.

use std::sync::Arc;

use crate::frontends::{Region, ipython, mentions_invoke_command};
use crate::source::{SourceFile, Span};
use crate::span::OffsetMap;

/// Jupyter notebooks: their code cells, read as IPython (shell escapes and magics included).
pub static CONTAINER: crate::frontends::registry::Container =
    crate::frontends::registry::Container {
        kind: crate::frontends::registry::FileKind::NOTEBOOK,
        extensions: &["ipynb"],
        max_bytes: crate::limits::MAX_NOTEBOOK_BYTES,
        regions,
    };

/// Containers nested deeper than this are not a notebook amlint reads.
const MAX_JSON_DEPTH: usize = 512;

/// The decoded code of a notebook's code cells.
pub struct Code {
    pub text: String,
    /// Where each byte of `text` is in the `.ipynb` text.
    pub map: OffsetMap,
    /// Each cell's range in `text`.
    pub cells: Vec<Span>,
}

/// One cell as the scanner saw it.
#[derive(Default)]
struct Cell {
    code: bool,
    /// Raw spans (quotes included) of its `source` strings.
    source: Vec<Span>,
}

/// Where the scanner is, as far as a notebook's shape goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// The top-level object.
    Top,
    /// The `cells` array.
    Cells,
    /// A cell object.
    Cell,
    /// A cell's `source` array.
    Source,
    /// Anything else (metadata, outputs): skipped.
    Other,
}

/// The code of every code cell, and for each byte its offset in the `.ipynb` text; `None` when
/// the text is not a notebook's JSON.
pub fn code(file: &SourceFile) -> Option<Code> {
    let cells = scan(file.text.as_bytes())?;
    let mut code = String::new();
    let mut map = OffsetMap::default();
    let mut spans = Vec::new();
    for cell in cells.iter().filter(|c| c.code) {
        let cell_start = code.len();
        for string in &cell.source {
            decode(&file.text, *string, &mut code, &mut map);
        }
        // Cells end with a line break of their own, mapped to the last byte of the cell.
        let last = map.last().unwrap_or(0);
        code.push('\n');
        map.push_copied(last, 1);
        spans.push(Span::new(cell_start, code.len()));
    }
    Some(Code {
        text: code,
        map,
        cells: spans,
    })
}

/// The cells of a notebook's JSON, in one pass with an explicit stack.
fn scan(bytes: &[u8]) -> Option<Vec<Cell>> {
    let mut cells: Vec<Cell> = Vec::new();
    // Each open container: where it is, and (for objects) the key whose value comes next.
    let mut stack: Vec<(Place, Option<Span>)> = Vec::new();
    let mut i = 0;
    let key_is = |key: Option<Span>, name: &[u8]| {
        key.is_some_and(|k| &bytes[k.start + 1..k.end - 1] == name)
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\n' | b'\r' | b',' | b':' => i += 1,
            b'{' | b'[' => {
                if stack.len() >= MAX_JSON_DEPTH {
                    return None;
                }
                let (parent, key) = stack.last().copied().unwrap_or((Place::Other, None));
                let place = match (stack.is_empty(), parent, b) {
                    (true, _, b'{') => Place::Top,
                    (false, Place::Top, b'[') if key_is(key, b"cells") => Place::Cells,
                    (false, Place::Cells, b'{') => {
                        cells.push(Cell::default());
                        Place::Cell
                    }
                    (false, Place::Cell, b'[') if key_is(key, b"source") => Place::Source,
                    _ => Place::Other,
                };
                stack.push((place, None));
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                // The value of the parent's key is complete.
                if let Some(top) = stack.last_mut() {
                    top.1 = None;
                }
                i += 1;
            }
            b'"' => {
                let end = string_end(bytes, i)?;
                let span = Span::new(i, end);
                i = end;
                let Some(top) = stack.last_mut() else {
                    continue;
                };
                // Objects' strings alternate key, value (arrays under `Other` are read the same
                // way; nothing there is used).
                let in_object = is_object(top.0);
                match top.0 {
                    Place::Source => {
                        if let Some(cell) = cells.last_mut() {
                            cell.source.push(span);
                        }
                    }
                    _ if in_object && top.1.is_none() => top.1 = Some(span),
                    Place::Cell => {
                        let key = top.1.take();
                        if let Some(cell) = cells.last_mut() {
                            if key_is(key, b"cell_type") {
                                cell.code = &bytes[span.start + 1..span.end - 1] == b"code";
                            } else if key_is(key, b"source") {
                                cell.source.push(span);
                            }
                        }
                    }
                    _ => top.1 = None,
                }
            }
            _ => {
                // A number, `true`, `false`, `null`: up to the next delimiter.
                while i < bytes.len()
                    && !matches!(bytes[i], b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
                {
                    i += 1;
                }
                if let Some(top) = stack.last_mut() {
                    top.1 = None;
                }
            }
        }
    }
    Some(cells)
}

/// Whether a place may be an object (whose strings alternate key, value).
fn is_object(place: Place) -> bool {
    matches!(place, Place::Top | Place::Cell | Place::Other)
}

/// The offset just past the string starting at `start` (its opening quote). The bytes between
/// escapes are skipped by a vectorised search: a notebook's outputs (base64 images) are long
/// strings, scanned by discovery and by the check.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < bytes.len() {
        let at = i + memchr::memchr2(b'\\', b'"', &bytes[i..])?;
        if bytes[at] == b'"' {
            return Some(at + 1);
        }
        i = at + 2;
    }
    None
}

/// A notebook's regions: its Python, and the shell of its `!` lines and shell cells, both
/// decoded from the JSON with a map back to the `.ipynb` text.
pub fn regions(file: &SourceFile) -> Vec<Region<'static>> {
    if !(crate::keywords::holds(&file.text, "batch_endpoints")
        || crate::frontends::python::mentions_definition(&file.text)
        || mentions_invoke_command(&file.text))
    {
        return Vec::new();
    }
    let Some(code) = code(file) else {
        return Vec::new();
    };
    ipython::regions(code.text, &code.cells, Some(Arc::new(code.map)))
}

/// Append the decoded value of the JSON string at `span` (quotes included), with the raw offset
/// of each byte.
fn decode(raw: &str, span: Span, out: &mut String, map: &mut OffsetMap) {
    let Some(text) = raw.get(span.start..span.end) else {
        return;
    };
    if !(text.starts_with('"') && text.ends_with('"') && text.len() >= 2) {
        return;
    }
    let inner = &text[1..text.len() - 1];
    let base = span.start + 1;
    let mut at = 0;
    while at < inner.len() {
        // A stretch of plain ASCII in one go (most of a cell's source): each byte from its own
        // place, as byte by byte.
        let rest = &inner.as_bytes()[at..];
        let plain = rest
            .iter()
            .position(|&b| b == b'\\' || !b.is_ascii())
            .unwrap_or(rest.len());
        if plain > 0 {
            out.push_str(&inner[at..at + plain]);
            map.push_copied(base + at, plain);
            at += plain;
            continue;
        }
        // Then one escape or one character of several bytes.
        let mut chars = inner[at..]
            .char_indices()
            .map(|(j, c)| (at + j, c))
            .peekable();
        let Some((i, c)) = chars.next() else {
            break;
        };
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
        // Every byte of the character at the character's place: a run of its own for an escape
        // or a character of several bytes, the run going on for a plain ASCII one.
        match decoded.len_utf8() {
            1 => map.push(base + i),
            n => map.push_constant(base + i, n),
        }
        out.push(decoded);
        at = chars.peek().map_or(inner.len(), |&(j, _)| j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain stretches, escapes, characters of several bytes, surrogate pairs and broken
    /// escapes: the decoded text and the raw place of every byte.
    #[test]
    fn strings_decode_with_the_place_of_each_byte() {
        let raw = r#""ab\n\u00e9é\ud83d\ude00x\uZZ\\\"\u12""#;
        let mut out = String::new();
        let mut map = OffsetMap::default();
        decode(raw, Span::new(0, raw.len()), &mut out, &mut map);
        let places: Vec<usize> = (0..out.len()).map(|i| map.at(i)).collect();
        assert_eq!(out, "ab\né\u{e9}\u{1f600}x\u{fffd}\"\u{12}", "{out:?}");
        // `é` escaped and written, the pair as one, the broken `\uZZ\\` as U+FFFD, each
        // escape's bytes at its backslash.
        assert_eq!(
            places,
            [
                1, 2, 3, 5, 5, 11, 11, 13, 13, 13, 13, 25, 26, 26, 26, 32, 34
            ],
            "{places:?}"
        );
    }

    #[test]
    fn code_cells_are_decoded_with_their_raw_positions() {
        let raw = "{\n \"cells\": [\n  {\"cell_type\": \"markdown\", \"source\": [\"# x\"]},\n  {\"cell_type\": \"code\", \"source\": [\n    \"!pip install azure-ai-ml\\n\",\n    \"x = Input(type=\\\"uri-folder\\\")\"\n  ]}\n ]\n}\n";
        let file = SourceFile::new("n.ipynb", "n.ipynb", raw.to_string());
        let Code {
            text: code, map, ..
        } = code(&file).unwrap();
        assert!(code.starts_with("!pip install azure-ai-ml\n"), "{code:?}");
        let at = code.find("uri-folder").unwrap();
        assert_eq!(&raw[map.at(at)..map.at(at) + 10], "uri-folder");
        let quote = code.find('"').unwrap();
        assert_eq!(&raw[map.at(quote)..map.at(quote) + 2], "\\\"");
    }

    #[test]
    fn outputs_and_markdown_cells_are_skipped_in_one_pass() {
        let raw = r#"{"metadata": {"source": "no"}, "cells": [{"cell_type": "markdown", "source": "x = 0"}, {"outputs": [{"text": ["a", "b"], "data": {"source": ["c"]}}], "cell_type": "code", "execution_count": 3, "source": "y = 1\n"}], "nbformat": 4}"#;
        let file = SourceFile::new("n.ipynb", "n.ipynb", raw.to_string());
        let Code { text, cells, .. } = code(&file).expect("a notebook");
        assert_eq!(text, "y = 1\n\n");
        assert_eq!(cells.len(), 1);
        let deep = format!("{{\"cells\": {}", "[".repeat(10_000));
        let file = SourceFile::new("n.ipynb", "n.ipynb", deep);
        assert!(code(&file).is_none());
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
        assert_eq!(&raw[map.at(at)..map.at(at) + 5], "x = 1");
    }
}
