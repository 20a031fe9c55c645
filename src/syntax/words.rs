//! Words of a command line, after a shell's (or PowerShell's) quote removal, that know where
//! every byte came from. The lexers of `sources::shell` and `sources::powershell` build them; the
//! command-line front-end and the model read them. They live below all of those.

use std::sync::Arc;

use crate::span::{OffsetMap, Span, remap_span};

/// Where a resolved variable's value was written: the source bytes of its definition's value
/// (and of the definitions it expanded in turn). A credential that reaches a word through the
/// variable (`SIG=…` then `…&sig=$SIG`) is masked there too, where the raw text shows no `sig=`.
pub type Origins = Arc<[Span]>;

/// A cooked byte range that comes from a resolved variable.
#[derive(Clone, Debug)]
struct Expansion {
    from: usize,
    to: usize,
    /// The `$VAR` in the source.
    token: Span,
    origins: Origins,
}

/// One shell word after quote removal, with a map back to the source.
#[derive(Clone, Debug, Default)]
pub struct Word {
    /// The cooked text; an unresolved expansion keeps its raw text (`$DATA_PATH`).
    pub text: String,
    /// For each byte of `text`, the offset in the source it came from.
    map: OffsetMap,
    /// Cooked byte ranges that come from expansions amlint cannot resolve, in order.
    unknown: Vec<(usize, usize)>,
    /// Cooked byte ranges that come from resolved variables, in order.
    expansions: Vec<Expansion>,
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

    /// Whether the cooked byte range `[a, b)` holds no unknown part. The parts are in order and
    /// do not overlap, so the first that ends after `a` decides (a word of 200,000 `$V` is
    /// asked this for each of its fields).
    pub fn is_known_range(&self, a: usize, b: usize) -> bool {
        let first = self.unknown.partition_point(|&(_, e)| e <= a);
        self.unknown
            .get(first)
            .is_none_or(|&(s, _)| s >= b.max(a + 1))
    }

    /// The resolved variables whose cooked bytes overlap `[a, b)`, found by bisection.
    fn expansions_in(&self, a: usize, b: usize) -> &[Expansion] {
        let first = self.expansions.partition_point(|x| x.to <= a);
        let last = first + self.expansions[first..].partition_point(|x| x.from < b);
        &self.expansions[first..last]
    }

    /// The source span of the cooked byte range `[a, b)`.
    pub fn source_span(&self, a: usize, b: usize) -> Span {
        if self.map.is_empty() {
            return self.span;
        }
        let a = a.min(self.map.len() - 1);
        if b <= a {
            return Span::empty(self.map.at(a));
        }
        let b = b.min(self.map.len());
        let last = b - 1;
        let last_len = self.text[..]
            .get(last..)
            .and_then(|s| s.chars().next())
            .map_or(1, char::len_utf8);
        let mut span = Span::new(self.map.at(a), self.map.at(last) + last_len);
        for x in self.expansions_in(a, b) {
            span = Span::new(span.start.min(x.token.start), span.end.max(x.token.end));
        }
        span.end = span.end.min(self.span.end.max(span.start));
        span
    }

    /// The source span of the whole cooked text (the raw word).
    pub fn text_span(&self) -> Span {
        self.span
    }

    /// Every source byte the cooked range `[a, b)` was made of, exactly: the stretches copied
    /// from the word (a backslash-newline or a closing quote between two of them is not one),
    /// each resolved variable's `$VAR`, and the definitions it came from.
    pub fn origins(&self, a: usize, b: usize) -> Vec<Span> {
        let mut out = Vec::new();
        let b = b.min(self.map.len());
        if a >= b {
            return out;
        }
        out.extend(self.map.copied_spans(a, b));
        for x in self.expansions_in(a, b) {
            out.push(x.token);
            out.extend(x.origins.iter().copied());
        }
        out
    }

    /// The source bytes of every credential the cooked text holds ([`Word::origins`] of each):
    /// what a report must mask when quoting the source, wherever quoting, continuations or
    /// variables kept the raw text from showing it as one.
    pub fn secret_sources(&self) -> Vec<Span> {
        let secrets = crate::secrets::find(&self.text);
        if secrets.is_empty() {
            // Every word of every command is asked: most hold none.
            return Vec::new();
        }
        secrets
            .into_iter()
            .flat_map(|secret| self.origins(secret.start, secret.end))
            .collect()
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
    map: OffsetMap,
    unknown: Vec<(usize, usize)>,
    expansions: Vec<Expansion>,
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
        if s.is_empty() {
            return;
        }
        self.touch(at, at + s.len());
        self.text.extend_from_slice(s.as_bytes());
        self.map.push_copied(at, s.len());
    }

    pub(crate) fn push_unknown(&mut self, raw: &str, at: usize) {
        let from = self.text.len();
        self.push_str(raw, at);
        self.unknown.push((from, self.text.len()));
    }

    /// The value of a resolved variable, written at `token` (`$VAR`) and defined at `origins`.
    pub(crate) fn push_resolved(&mut self, value: &str, token: Span, origins: Origins) {
        self.touch(token.start, token.end);
        let from = self.text.len();
        self.text.extend_from_slice(value.as_bytes());
        self.map.push_constant(token.start, value.len());
        self.expansions.push(Expansion {
            from,
            to: self.text.len(),
            token,
            origins,
        });
    }

    /// The word built so far, and the builder emptied for the next one with its buffers kept:
    /// a lexer builds every word of a script in one builder, each word's text and map then
    /// allocated once at their size (grown piece by piece, they were reallocated at almost
    /// every piece: a twentieth of a corpus run).
    pub(crate) fn take_word(&mut self) -> Option<Word> {
        let Some(start) = self.start else {
            self.clear();
            return None;
        };
        let word = Word {
            text: String::from_utf8(self.text.clone())
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            map: self.map.clone(),
            unknown: std::mem::take(&mut self.unknown),
            expansions: std::mem::take(&mut self.expansions),
            span: Span::new(start, self.end),
        };
        self.clear();
        Some(word)
    }

    /// Empty, for the next word (the buffers kept).
    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.map.clear();
        self.unknown.clear();
        self.expansions.clear();
        self.start = None;
        self.end = 0;
    }
}

impl Word {
    /// Move every offset through `map` (offset in the lexed text → offset in the file), for a
    /// text decoded from another file (a notebook's JSON strings).
    pub fn remap(&mut self, map: &dyn Fn(usize) -> usize) {
        self.map = self.map.remapped(map);
        for x in &mut self.expansions {
            x.token = remap_span(x.token, map);
            x.origins = x.origins.iter().map(|s| remap_span(*s, map)).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The map as one offset per byte, the form it stands for.
    fn offsets(map: &OffsetMap) -> Vec<usize> {
        (0..map.len()).map(|i| map.at(i)).collect()
    }

    #[test]
    fn copied_stretches_resolved_values_and_jumps_map_byte_for_byte() {
        let mut word = Builder::default();
        word.push_str("ab", 10); // a quoted part
        word.push(b'c', 12); // continues the run
        word.push_resolved("xyz", Span::new(20, 24), Origins::default()); // `$VAR` → every byte at 20
        word.push(b'd', 13); // back before the expansion: a new run
        word.push_str("", 99); // nothing, and no run
        let map = &word.map;
        assert_eq!(offsets(map), [10, 11, 12, 20, 20, 20, 13]);
        assert_eq!(map.run_count(), 3);
    }

    #[test]
    fn a_remapped_map_keeps_a_resolved_value_on_one_offset() {
        let mut word = Builder::default();
        word.push_str("ab", 0);
        word.push_resolved("xyz", Span::new(5, 9), Origins::default());
        // A notebook's decoded text: byte i came from offset 2i + 1 of the file.
        let moved = word.map.remapped(&|i| 2 * i + 1);
        assert_eq!(offsets(&moved), [1, 3, 11, 11, 11]);
    }

    #[test]
    fn source_spans_come_through_the_runs() {
        let mut builder = Builder::default();
        builder.push_str("in", 3);
        builder.push_resolved("put", Span::new(8, 12), Origins::default());
        let word = builder.take_word().expect("a word");
        assert_eq!(word.source_span(0, 2), Span::new(3, 5));
        // Any part of a resolved value covers the whole `$VAR`.
        assert_eq!(word.source_span(3, 4), Span::new(8, 12));
        assert_eq!(word.source_span(2, 2), Span::empty(8));
    }

    #[test]
    fn origins_are_the_exact_bytes_and_the_definitions() {
        // `"ab"\<NL>c` then `$V` (defined at 40..44): cooked `abcxyz`.
        let mut builder = Builder::default();
        builder.push_str("ab", 1);
        builder.push(b'c', 7);
        builder.push_resolved("xyz", Span::new(20, 22), Arc::from([Span::new(40, 44)]));
        let word = builder.take_word().expect("a word");
        assert_eq!(word.origins(1, 3), [Span::new(2, 3), Span::new(7, 8)]);
        assert_eq!(
            word.origins(2, 5),
            [Span::new(7, 8), Span::new(20, 22), Span::new(40, 44)]
        );
        assert!(word.origins(4, 4).is_empty());
    }

    #[test]
    fn known_ranges_and_spans_are_found_by_bisection() {
        let mut builder = Builder::default();
        for i in 0..1000 {
            if i % 2 == 0 {
                builder.push_unknown("$U", 10 * i);
            } else {
                builder.push_resolved("vv", Span::new(10 * i, 10 * i + 2), Origins::default());
            }
        }
        let word = builder.take_word().expect("a word");
        assert!(!word.is_known_range(0, 1));
        assert!(word.is_known_range(2, 4));
        assert!(!word.is_known_range(3, 5));
        assert!(
            !word.is_known_range(4, 4),
            "an empty range at an unknown part"
        );
        assert_eq!(word.source_span(2, 4), Span::new(10, 12));
    }
}
