//! The text a human report quotes from, read around each finding rather than from the top.
//!
//! miette's own sources (`str`, `NamedSource<String>`) find a span's line by counting every line
//! break from the start of the file, for every finding: 500 findings at the end of a 5 MB file
//! took 15 s to print. [`Snippets`] indexes the line starts once per file and hands miette's
//! counting only the lines it shows: the context before the finding, the finding, the context
//! after. What miette prints is unchanged (a test below compares the two on every span).

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// A file's shown text, its display name and its line starts, as miette counts lines: `\r\n`,
/// a lone `\r` and `\n` each end one (the file's own line table counts `\n` only, so it cannot
/// stand in for this one).
pub struct Snippets<'a> {
    name: &'a str,
    text: &'a str,
    /// The offset each line starts at; the first is 0. Made when a finding is first quoted: a
    /// file whose findings are all shown without their lines is not indexed.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl<'a> Snippets<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Self {
        Self {
            name,
            text,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let mut line_starts = vec![0];
            let mut at = 0;
            while let Some(found) = memchr::memchr2(b'\r', b'\n', &bytes[at..]) {
                let mut end = at + found + 1;
                if bytes[end - 1] == b'\r' && bytes.get(end) == Some(&b'\n') {
                    end += 1;
                }
                line_starts.push(end);
                at = end;
            }
            line_starts
        })
    }

    /// The line `offset` is on: a line break at `offset` itself still belongs to the line it ends.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts().partition_point(|&start| start <= offset) - 1
    }
}

impl SourceCode for Snippets<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        // Past the end, miette's own count would slice out of bounds.
        if span.offset() > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        // miette's count, started at the first line of context, sees what it would have seen
        // from the top of the file; the lines above are skipped, and added back. It also looks
        // at the byte before an empty span (its end less one), so that byte's line is read too.
        let first = self
            .line_of(span.offset())
            .saturating_sub(context_lines_before)
            .min(self.line_of((span.offset() + span.len()).saturating_sub(1)));
        let base = self.line_starts()[first];
        let text = self
            .text
            .as_bytes()
            .get(base..)
            .ok_or(MietteError::OutOfBounds)?;
        let shifted = SourceSpan::new((span.offset() - base).into(), span.len());
        let inner = text.read_span(&shifted, context_lines_before, context_lines_after)?;
        let contents = MietteSpanContents::new_named(
            self.name.to_owned(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + base).into(), inner.span().len()),
            inner.line() + first,
            inner.column(),
            inner.line_count() + first,
        )
        .with_language("yaml");
        Ok(Box::new(contents))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What miette reads for one span, in a comparable form.
    #[derive(Debug, PartialEq)]
    struct Read {
        data: Vec<u8>,
        span: SourceSpan,
        line: usize,
        column: usize,
        line_count: usize,
        name: Option<String>,
    }

    fn read(
        source: &dyn SourceCode,
        span: SourceSpan,
        before: usize,
        after: usize,
    ) -> Option<Read> {
        let contents = source.read_span(&span, before, after).ok()?;
        Some(Read {
            data: contents.data().to_vec(),
            span: *contents.span(),
            line: contents.line(),
            column: contents.column(),
            line_count: contents.line_count(),
            name: contents.name().map(str::to_owned),
        })
    }

    fn texts() -> Vec<String> {
        let mut texts = vec![
            String::new(),
            "\n".into(),
            "\r".into(),
            "\r\n".into(),
            "inputs:\n  a:\n    type: uri_file\n".into(),
            "no final break".into(),
            "a\r\nb\rc\n\nd\r\r\ne".into(),
            "héllo:\n  wörld: ✓\n\n\n".into(),
        ];
        // Random texts of line breaks and a few other characters.
        let mut random = crate::testing::Random::new();
        for _ in 0..300 {
            let pieces = ["\n", "\r", "a", " ", "é", ":"];
            texts.push((0..5).map(|_| random.text(&pieces)).collect());
        }
        texts
    }

    #[test]
    fn a_windowed_read_is_what_miette_reads_from_the_top() {
        for text in texts() {
            let whole = miette::NamedSource::new("f.yml", text.clone()).with_language("yaml");
            let windowed = Snippets::new("f.yml", &text);
            for start in 0..=text.len() {
                for len in 0..=(text.len() - start).min(6) + 2 {
                    for (before, after) in [(0, 0), (1, 1), (2, 2), (3, 1), (0, 3)] {
                        let span = SourceSpan::new(start.into(), len);
                        assert_eq!(
                            read(&windowed, span, before, after),
                            read(&whole, span, before, after),
                            "{text:?} at {start}+{len}, context {before}/{after}"
                        );
                    }
                }
            }
        }
    }

    /// A span that starts past the end is refused, where miette's own count would panic.
    #[test]
    fn a_span_past_the_end_is_out_of_bounds() {
        for text in ["", "a", "a\n", "a\r\n"] {
            let snippets = Snippets::new("f.yml", text);
            for len in 0..3 {
                for context in 0..3 {
                    let span = SourceSpan::new((text.len() + 1).into(), len);
                    assert!(snippets.read_span(&span, context, context).is_err());
                }
            }
        }
    }

    #[test]
    fn a_finding_deep_in_a_long_file_reads_only_its_lines() {
        let text = "key: value\n".repeat(100_000);
        let snippets = Snippets::new("f.yml", &text);
        let offset = text.len() - 6;
        let contents = snippets
            .read_span(&SourceSpan::new(offset.into(), 5), 2, 2)
            .unwrap();
        assert_eq!(contents.line(), 99_997);
        assert!(contents.data().len() <= 3 * "key: value\n".len());
    }
}
