//! Notebook documents (LSP 3.17 `notebookDocument/*`): an editor that shows an `.ipynb` as cells
//! (VS Code, JupyterLab's LSP) sends the cells, not the file. The code cells are checked together,
//! in order — a name bound in one cell is known in the next, as in the file — by writing them as
//! the IPython fences of a Markdown text, which the engine reads exactly as it reads a notebook's
//! code; each finding then goes back to its cell, at its line and column there.

use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

/// An open notebook: its cells in order.
#[derive(Debug, Default)]
pub struct Notebook {
    pub cells: Vec<Cell>,
    pub version: Option<i64>,
    /// The cells changed since their findings were last published.
    pub dirty: bool,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub uri: String,
    /// A code cell (`kind` 2); markdown cells are not checked.
    pub code: bool,
    pub text: String,
}

/// The cells of a `NotebookCell` list, each with its text from the text documents sent beside
/// it (a cell without one is empty).
fn read_cells(list: &Value, documents: &Value) -> Vec<Cell> {
    let text_of = |uri: &str| {
        documents
            .as_array()
            .and_then(|docs| docs.iter().find(|d| d["uri"] == uri))
            .and_then(|d| d["text"].as_str())
            .unwrap_or_default()
            .to_string()
    };
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|cell| {
            let uri = cell["document"].as_str()?;
            Some(Cell {
                uri: uri.to_string(),
                code: cell["kind"] == 2,
                text: text_of(uri),
            })
        })
        .collect()
}

/// Where a code cell's text stands in the Markdown text the cells are checked as.
#[derive(Debug, Clone, Copy)]
pub struct Placed {
    pub cell: usize,
    pub start: usize,
    pub len: usize,
}

impl Notebook {
    /// A notebook from `notebookDocument/didOpen`'s parameters.
    pub fn opened(params: &Value) -> Option<(String, Notebook)> {
        let document = &params["notebookDocument"];
        let uri = document["uri"].as_str()?.to_string();
        // Not a notebook's open without its cells and their texts.
        params["cellTextDocuments"].as_array()?;
        document["cells"].as_array()?;
        let cells = read_cells(&document["cells"], &params["cellTextDocuments"]);
        let notebook = Notebook {
            cells,
            version: document["version"].as_i64(),
            dirty: true,
        };
        Some((uri, notebook))
    }

    /// `notebookDocument/didChange`: cells inserted or removed (`structure`), and cells' text
    /// edited (`textContent`, ranged or whole, as text documents are).
    pub fn change(&mut self, params: &Value) {
        self.version = params["notebookDocument"]["version"]
            .as_i64()
            .or(self.version);
        let cells = &params["change"]["cells"];
        let structure = &cells["structure"];
        if let Some(array) = structure["array"].as_object() {
            let start = array.get("start").and_then(Value::as_u64).unwrap_or(0) as usize;
            let delete = array
                .get("deleteCount")
                .and_then(Value::as_u64)
                .unwrap_or(0) as usize;
            let start = start.min(self.cells.len());
            let end = (start + delete).min(self.cells.len());
            let inserted = read_cells(
                array.get("cells").unwrap_or(&Value::Null),
                &structure["didOpen"],
            );
            self.cells.splice(start..end, inserted);
        }
        for content in cells["textContent"].as_array().into_iter().flatten() {
            let uri = content["document"]["uri"].as_str().unwrap_or_default();
            let Some(cell) = self.cells.iter_mut().find(|c| c.uri == uri) else {
                continue;
            };
            let mut text = Some(std::mem::take(&mut cell.text));
            for change in content["changes"].as_array().into_iter().flatten() {
                text = super::apply_change(text, change);
            }
            cell.text = text.unwrap_or_default();
        }
        self.dirty = true;
    }

    /// The code cells as the IPython fences of a Markdown text, and where each cell's text is
    /// in it. Each fence is longer than any run of backticks in its cell.
    pub fn as_markdown(&self) -> (String, Vec<Placed>) {
        let mut text = String::new();
        let mut placed = Vec::new();
        for (cell, c) in self.cells.iter().enumerate().filter(|(_, c)| c.code) {
            let longest = c
                .text
                .split(|ch| ch != '`')
                .map(str::len)
                .max()
                .unwrap_or(0);
            let fence = "`".repeat(longest.max(2) + 1);
            text.push_str(&fence);
            text.push_str("ipython\n");
            let start = text.len();
            text.push_str(&c.text);
            placed.push(Placed {
                cell,
                start,
                len: c.text.len(),
            });
            if !c.text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&fence);
            text.push_str("\n\n");
        }
        (text, placed)
    }

    /// The findings of the Markdown text, each in the cell that holds its start, moved to the
    /// cell's own offsets; every cell listed, those without findings with none.
    pub fn split(
        &self,
        text: &str,
        placed: &[Placed],
        found: &[Diagnostic],
    ) -> Vec<(SourceFile, Vec<Diagnostic>)> {
        let mut out: Vec<(SourceFile, Vec<Diagnostic>)> = self
            .cells
            .iter()
            .map(|c| {
                (
                    SourceFile::new(c.uri.clone(), &c.uri, c.text.clone()),
                    Vec::new(),
                )
            })
            .collect();
        for d in found {
            let Some(p) = placed
                .iter()
                .find(|p| p.start <= d.span.start && d.span.start <= p.start + p.len)
            else {
                continue;
            };
            let mut d = d.clone();
            let end = d.span.end.min(p.start + p.len);
            d.span = Span::new(d.span.start - p.start, end.max(d.span.start) - p.start);
            // A fix moves with its finding when it lies in the same cell (else it is dropped:
            // one edit cannot span two cells).
            d.fix = d.fix.take().and_then(|mut fix| {
                let inside = p.start <= fix.span.start && fix.span.end <= p.start + p.len;
                inside.then(|| {
                    fix.span = Span::new(fix.span.start - p.start, fix.span.end - p.start);
                    fix
                })
            });
            self.cell_lines(&mut d.message, text, placed);
            if let Some((_, list)) = out.get_mut(p.cell) {
                list.push(d);
            }
        }
        out
    }
}

impl Notebook {
    /// A message that names a line of the checked text (`… on line N)`: the call a value is
    /// used by) names the line of the cell instead, and which code cell it is.
    fn cell_lines(&self, message: &mut String, text: &str, placed: &[Placed]) {
        const MARK: &str = " on line ";
        let Some(at) = message.rfind(MARK) else {
            return;
        };
        let digits = &message[at + MARK.len()..];
        let Some(end) = digits.find(')') else {
            return;
        };
        let Ok(line) = digits[..end].parse::<usize>() else {
            return;
        };
        // The offset where line `line` (1-based) of the text starts.
        let Some(offset) = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .nth(line.saturating_sub(1))
        else {
            return;
        };
        let Some(p) = placed
            .iter()
            .find(|p| p.start <= offset && offset <= p.start + p.len)
        else {
            return;
        };
        let in_cell = text[p.start..offset].matches('\n').count() + 1;
        let cell = self.cells[..p.cell].iter().filter(|c| c.code).count() + 1;
        message.replace_range(
            at..at + MARK.len() + end,
            &format!(" on line {in_cell} of code cell {cell}"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cells_open_change_and_become_fences_at_their_place() {
        let params = json!({
            "notebookDocument": {"uri": "file:///n.ipynb", "version": 1, "cells": [
                {"kind": 1, "document": "c0"}, {"kind": 2, "document": "c1"}, {"kind": 2, "document": "c2"}]},
            "cellTextDocuments": [
                {"uri": "c0", "text": "# title"}, {"uri": "c1", "text": "x = 1"}, {"uri": "c2", "text": "y = f\"```\"\n"}]});
        let (uri, mut notebook) = Notebook::opened(&params).unwrap();
        assert_eq!(uri, "file:///n.ipynb");
        let (text, placed) = notebook.as_markdown();
        assert_eq!(placed.len(), 2);
        for p in &placed {
            assert_eq!(&text[p.start..p.start + p.len], notebook.cells[p.cell].text);
        }
        assert!(text.contains("````ipython\ny = f\"```\"\n````"), "{text}");
        notebook.change(&json!({"notebookDocument": {"version": 2}, "change": {"cells": {
            "structure": {"array": {"start": 0, "deleteCount": 1, "cells": [{"kind": 2, "document": "c3"}]},
                          "didOpen": [{"uri": "c3", "text": "z = 3"}]},
            "textContent": [{"document": {"uri": "c1"}, "changes": [
                {"range": {"start": {"line": 0, "character": 4}, "end": {"line": 0, "character": 5}}, "text": "2"}]}]}}}));
        let texts: Vec<&str> = notebook.cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["z = 3", "x = 2", "y = f\"```\"\n"]);
        assert_eq!(notebook.version, Some(2));
    }
}
