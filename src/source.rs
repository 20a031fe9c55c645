//! Source files, byte spans and the line/column arithmetic every reporter shares.
//!
//! Everything inside amlint addresses text by **byte offsets** into the file's text (after a UTF-8
//! byte-order mark, if any, has been removed). Lines and columns are computed only when a
//! diagnostic is reported: lines are 1-based, columns are 1-based and count Unicode scalar values,
//! so a caret is right on a line holding `é` or `日本`, with CRLF line endings, and after a BOM.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::secrets;
pub use crate::span::Span;

/// A 1-based line and a 1-based column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// One file's text, as amlint read it, with everything needed to report positions in it.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user named it (or as found by walking, relative to the current folder).
    pub display: String,
    /// The path to open on disk (and whose folder anchors relative paths).
    pub path: PathBuf,
    /// The text, without a leading UTF-8 BOM; shared with the YAML tree parsed from it (whose
    /// scalars are ranges of it).
    pub text: Arc<str>,
    /// Whether a BOM preceded `text` on disk (kept for writers; positions never count it).
    pub had_bom: bool,
    /// Where each line starts; computed when a position is first asked for (most files read
    /// in a run report nothing).
    line_starts: OnceLock<Vec<usize>>,
    /// Byte ranges of credentials found in `text`; reporters print `masked_text` instead.
    secrets: OnceLock<Vec<Span>>,
    /// Whether reports may quote the text (source snippets): not for a file that a command's
    /// `--file` reached outside the paths the user named.
    pub quotable: bool,
    /// After [`SourceFile::keep_positions_only`]: the positions reports ask for, by offset (the
    /// text is gone).
    positions: Vec<(usize, LineCol)>,
}

impl SourceFile {
    pub fn new(display: impl Into<String>, path: impl Into<PathBuf>, text: String) -> Self {
        let (text, had_bom) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (rest.into(), true),
            None => (text.into(), false),
        };
        SourceFile {
            // A file named like a credential (`in?sv=…&sig=….yml`) is shown masked, everywhere.
            display: masked_name(display.into()),
            path: path.into(),
            text,
            had_bom,
            line_starts: OnceLock::new(),
            secrets: OnceLock::new(),
            quotable: true,
            positions: Vec::new(),
        }
    }

    /// Let the text go, keeping the line and column of each of `offsets`: a report that quotes
    /// no source (JSON, SARIF, CI annotations) needs only those, and a big run's memory then
    /// grows with its findings' count, not with the size of the files they are in. Only
    /// [`SourceFile::line_col`] of those offsets (and the names) stays meaningful.
    pub fn keep_positions_only(&mut self, offsets: impl IntoIterator<Item = usize>) {
        let mut positions: Vec<(usize, LineCol)> =
            offsets.into_iter().map(|o| (o, self.line_col(o))).collect();
        positions.sort_by_key(|(o, _)| *o);
        positions.dedup_by_key(|(o, _)| *o);
        positions.shrink_to_fit();
        self.positions = positions;
        self.text = "".into();
        self.line_starts = OnceLock::from(vec![0]);
        self.secrets = OnceLock::from(Vec::new());
        self.quotable = false;
    }

    /// Whether [`SourceFile::keep_positions_only`] let the text go.
    pub fn is_positions_only(&self) -> bool {
        !self.positions.is_empty()
    }

    /// Also keep the positions `other` (the same file, checked a second time) kept.
    pub fn absorb_positions(&mut self, other: &SourceFile) {
        self.positions.extend_from_slice(&other.positions);
        self.positions.sort_by_key(|(o, _)| *o);
        self.positions.dedup_by_key(|(o, _)| *o);
    }

    /// The folder that relative paths written in this file are resolved from.
    pub fn dir(&self) -> &Path {
        self.path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text
            .get(span.start.min(self.text.len())..span.end.min(self.text.len()))
            .unwrap_or("")
    }

    /// The line and character column of a byte offset (clamped to the text and to a char boundary).
    pub fn line_col(&self, offset: usize) -> LineCol {
        if !self.positions.is_empty() {
            // Kept positions only: the one asked for (or, never expected, the nearest before).
            let i = self.positions.partition_point(|(o, _)| *o <= offset);
            return self.positions[i.saturating_sub(1)].1;
        }
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_index = match self.line_starts().binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = self.line_starts()[line_index];
        let column = self.text[line_start..offset].chars().count() + 1;
        LineCol {
            line: line_index + 1,
            column,
        }
    }

    /// The byte range of the line holding `offset` (its line break left out).
    pub fn line_bounds(&self, offset: usize) -> Span {
        let offset = offset.min(self.text.len());
        let index = match self.line_starts().binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts()[index];
        let end = self
            .line_starts()
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        Span::new(start, end.max(start))
    }

    /// The byte offset of a 1-based line and 0-based character column (as YAML parsers report).
    pub fn offset_of(&self, line: usize, char_col: usize) -> usize {
        let Some(&start) = self.line_starts().get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        let line_len = rest.find('\n').unwrap_or(rest.len());
        rest[..line_len]
            .char_indices()
            .nth(char_col)
            .map_or(start + line_len, |(i, _)| start + i)
    }

    /// The 0-based line and UTF-16 column of a byte offset, as the Language Server Protocol
    /// counts them.
    pub fn utf16_position(&self, offset: usize) -> (usize, usize) {
        let at = self.line_col(offset);
        let line_start = self.line_starts()[at.line - 1];
        let column = self.text[line_start..]
            .chars()
            .take(at.column - 1)
            .map(char::len_utf16)
            .sum();
        (at.line - 1, column)
    }

    /// The byte offset of a 0-based line and UTF-16 column (clamped to the line).
    pub fn offset_of_utf16(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts().get(line) else {
            return self.text.len();
        };
        start + utf16_column(&self.text[start..], column)
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(line_breaks(&self.text));
            starts
        })
    }

    /// Byte ranges of the credentials in this file (found when first asked for).
    pub fn secret_spans(&self) -> &[Span] {
        self.secrets.get_or_init(|| secrets::find(&self.text))
    }

    /// Also mask these byte ranges: values whose decoded text holds a credential that the raw
    /// text hides (escapes, quoting, continuations). Each is masked whole.
    pub fn add_secrets(&mut self, spans: Vec<Span>) {
        if spans.is_empty() {
            return;
        }
        let mut all = self.secret_spans().to_vec();
        all.extend(spans);
        all.sort_by_key(|s| (s.start, s.end));
        all.dedup();
        self.secrets = OnceLock::from(all);
    }

    /// The text with every credential replaced by `*`, byte for byte, so that every span stays
    /// valid. This is the only text reporters may show.
    pub fn masked_text(&self) -> std::borrow::Cow<'_, str> {
        secrets::mask_spans(&self.text, self.secret_spans())
    }

    /// Whether a span overlaps a credential (a message quoting it must mask it).
    /// `text` (a message, a help line, a note, a hover) with every credential masked: those the
    /// patterns recognise in it, and every secret of this file that it quotes verbatim (a
    /// message may quote a value without its `sig=` context). The one function every channel
    /// that quotes a file goes through.
    pub fn mask(&self, text: &str) -> String {
        let mut out = crate::secrets::redact(text).into_owned();
        for span in self.secret_spans() {
            let secret = self.slice(*span);
            // A piece of a few bytes (a secret split by a quote leaves one) would star every
            // such letter of the message; the patterns find the secret it belongs to there.
            if secret.len() >= MIN_QUOTED_SECRET && out.contains(secret) {
                out = out.replace(secret, &"*".repeat(secret.len()));
            }
        }
        out
    }

    pub fn overlaps_secret(&self, span: Span) -> bool {
        self.secret_spans()
            .iter()
            .any(|s| s.start < span.end && span.start < s.end)
    }
}

/// A name with any credential in it masked (the name itself, without a copy, when it holds none).
fn masked_name(name: String) -> String {
    match secrets::redact(&name) {
        std::borrow::Cow::Borrowed(_) => name,
        std::borrow::Cow::Owned(masked) => masked,
    }
}

/// The shortest masked text that [`SourceFile::mask`] looks for verbatim in a message.
const MIN_QUOTED_SECRET: usize = 4;

/// The offset after each line break of `text`.
/// The byte offset, in the line that `rest` starts with, of UTF-16 column `column`: clamped to
/// the line's end (its `\n` excluded), always a character boundary.
pub fn utf16_column(rest: &str, column: usize) -> usize {
    let line_len = rest.find('\n').unwrap_or(rest.len());
    let mut units = 0;
    for (i, c) in rest[..line_len].char_indices() {
        if units >= column {
            return i;
        }
        units += c.len_utf16();
    }
    line_len
}

fn line_breaks(text: &str) -> impl Iterator<Item = usize> + '_ {
    // A vectorised search: a byte-by-byte filter took 8 instructions a byte.
    memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)
}

/// The lines of `text`, each with its `\n`, as `str::split_inclusive('\n')` gives them — found
/// by one vectorised search over the text rather than a searcher set up per line (front-ends
/// walk every line of every Markdown page and notebook cell).
pub fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = ends.next().map_or(text.len(), |at| at + 1);
        let line = &text[start..end];
        start = end;
        Some(line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_those_split_inclusive_gives() {
        for text in ["", "\n", "a", "a\n", "a\nb", "a\r\nb\n\n", "\n\nx", "é\nü"] {
            let ours: Vec<&str> = lines_inclusive(text).collect();
            let std: Vec<&str> = text.split_inclusive('\n').collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    fn file(text: &str) -> SourceFile {
        SourceFile::new("t.yml", "t.yml", text.to_string())
    }

    #[test]
    fn kept_positions_answer_as_the_text_did() {
        let mut f = file("a: 1\r\nbé: 日本x\n");
        let x = f.text.find('x').unwrap();
        let before = [f.line_col(0), f.line_col(x), f.line_col(x + 1)];
        f.keep_positions_only([x + 1, 0, x, x]);
        assert!(f.text.is_empty());
        assert_eq!([f.line_col(0), f.line_col(x), f.line_col(x + 1)], before);
        assert_eq!(before[1], LineCol { line: 2, column: 7 });
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let f = file("a: é日本x\n");
        let x = f.text.find('x').unwrap();
        assert_eq!(f.line_col(x), LineCol { line: 1, column: 7 });
    }

    #[test]
    fn crlf_does_not_shift_lines_or_columns() {
        let f = file("a: 1\r\nbb: 2\r\n");
        let b = f.text.find("bb").unwrap();
        assert_eq!(f.line_col(b), LineCol { line: 2, column: 1 });
        assert_eq!(f.line_col(b + 4), LineCol { line: 2, column: 5 });
    }

    #[test]
    fn bom_is_removed_and_not_counted() {
        let f = file("\u{feff}inputs: {}\n");
        assert!(f.had_bom);
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.slice(Span::new(0, 6)), "inputs");
    }

    #[test]
    fn offset_of_inverts_line_col() {
        let f = file("x: 1\ny: ünï\n");
        let off = f.offset_of(2, 4);
        assert_eq!(f.line_col(off), LineCol { line: 2, column: 5 });
        assert_eq!(&f.text[off..off + 1], "n");
    }

    #[test]
    fn utf16_positions_count_surrogate_pairs_twice() {
        let f = file("a\n😀é x\n");
        let x = f.text.find('x').unwrap();
        assert_eq!(f.utf16_position(x), (1, 4));
        assert_eq!(f.offset_of_utf16(1, 4), x);
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let f = file("ab");
        assert_eq!(f.line_col(99), LineCol { line: 1, column: 3 });
        assert_eq!(f.offset_of(9, 0), 2);
    }
}
