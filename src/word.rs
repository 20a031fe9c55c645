//! Words of a command line, after a shell's (or PowerShell's) quote removal, that know where
//! every byte came from. The lexers of `sources::shell` and `sources::powershell` build them; the
//! command-line front-end and the model read them. They live below all of those.

use crate::source::Span;

/// One shell word after quote removal, with a map back to the source.
#[derive(Clone, Debug, Default)]
pub struct Word {
    /// The cooked text; an unresolved expansion keeps its raw text (`$DATA_PATH`).
    pub text: String,
    /// For each byte of `text`, the offset in the source it came from.
    map: Vec<usize>,
    /// Cooked byte ranges that come from expansions amlint cannot resolve.
    unknown: Vec<(usize, usize)>,
    /// Cooked byte ranges that come from resolved variables, with the `$VAR` source span.
    expansions: Vec<(usize, usize, Span)>,
    /// The raw word in the source.
    pub span: Span,
}

impl Word {
    pub fn is_known(&self) -> bool {
        self.unknown.is_empty()
    }

    /// The text, when every part of it is known.
    pub fn known(&self) -> Option<&str> {
        self.is_known().then_some(self.text.as_str())
    }

    /// Whether the cooked byte range `[a, b)` holds no unknown part.
    pub fn is_known_range(&self, a: usize, b: usize) -> bool {
        !self.unknown.iter().any(|&(s, e)| s < b.max(a + 1) && a < e)
    }

    /// The source span of the cooked byte range `[a, b)`.
    pub fn source_span(&self, a: usize, b: usize) -> Span {
        if self.map.is_empty() {
            return self.span;
        }
        let a = a.min(self.map.len() - 1);
        if b <= a {
            return Span::empty(self.map[a]);
        }
        let b = b.min(self.map.len());
        let last = b - 1;
        let last_len = self.text[..]
            .get(last..)
            .and_then(|s| s.chars().next())
            .map_or(1, char::len_utf8);
        let mut span = Span::new(self.map[a], self.map[last] + last_len);
        for &(s, e, source) in &self.expansions {
            if s < b && a < e {
                span = Span::new(span.start.min(source.start), span.end.max(source.end));
            }
        }
        span.end = span.end.min(self.span.end.max(span.start));
        span
    }

    /// The source span of the whole cooked text (the raw word).
    pub fn text_span(&self) -> Span {
        self.span
    }
}

/// One simple command: its words, and how it sits in the script.
#[derive(Clone, Debug, Default)]
pub struct Command {
    pub words: Vec<Word>,
    /// When the command runs inside `$(…)` of an assignment written with spaces around `=`
    /// (`JOB = $(az …)`): the span from the end of the name to the value.
    pub assignment_with_spaces: Option<Span>,
}

#[derive(Default)]
pub(crate) struct Builder {
    pub(crate) text: Vec<u8>,
    map: Vec<usize>,
    unknown: Vec<(usize, usize)>,
    expansions: Vec<(usize, usize, Span)>,
    pub(crate) start: Option<usize>,
    end: usize,
}

impl Builder {
    pub(crate) fn touch(&mut self, at: usize, end: usize) {
        if self.start.is_none() {
            self.start = Some(at);
        }
        self.end = self.end.max(end);
    }

    pub(crate) fn push(&mut self, byte: u8, at: usize) {
        self.touch(at, at + 1);
        self.text.push(byte);
        self.map.push(at);
    }

    pub(crate) fn push_str(&mut self, s: &str, at: usize) {
        for (i, b) in s.bytes().enumerate() {
            self.push(b, at + i);
        }
    }

    pub(crate) fn push_unknown(&mut self, raw: &str, at: usize) {
        let from = self.text.len();
        self.push_str(raw, at);
        self.unknown.push((from, self.text.len()));
    }

    pub(crate) fn push_resolved(&mut self, value: &str, token: Span) {
        self.touch(token.start, token.end);
        let from = self.text.len();
        for b in value.bytes() {
            self.text.push(b);
            self.map.push(token.start);
        }
        self.expansions.push((from, self.text.len(), token));
    }

    pub(crate) fn finish(self) -> Option<Word> {
        let start = self.start?;
        Some(Word {
            text: String::from_utf8_lossy(&self.text).into_owned(),
            map: self.map,
            unknown: self.unknown,
            expansions: self.expansions,
            span: Span::new(start, self.end),
        })
    }
}

impl Word {
    /// Move every offset through `map` (offset in the lexed text → offset in the file), for a
    /// text decoded from another file (a notebook's JSON strings).
    pub fn remap(&mut self, map: &dyn Fn(usize) -> usize) {
        for at in &mut self.map {
            *at = map(*at);
        }
        for (_, _, span) in &mut self.expansions {
            *span = remap_span(*span, map);
        }
        self.span = remap_span(self.span, map);
    }
}

impl Command {
    /// [`Word::remap`] for every word of the command.
    pub fn remap(&mut self, map: &dyn Fn(usize) -> usize) {
        for word in &mut self.words {
            word.remap(map);
        }
        if let Some(span) = &mut self.assignment_with_spaces {
            *span = remap_span(*span, map);
        }
    }
}

/// The offset in the file of byte `i` of a text decoded from it, by the text's byte map (past
/// the end: one past the last mapped byte).
pub fn offset_through(map: &[usize], i: usize) -> usize {
    map.get(i)
        .copied()
        .unwrap_or_else(|| map.last().map_or(0, |l| l + 1))
}

/// A span's start and end through `map`; the end maps as the byte before it, plus one, so a span
/// that ends a decoded escape (`\"`) still covers it.
pub fn remap_span(span: Span, map: &dyn Fn(usize) -> usize) -> Span {
    let start = map(span.start);
    let end = if span.end > span.start {
        map(span.end - 1) + 1
    } else {
        start
    };
    Span::new(start, end.max(start))
}
