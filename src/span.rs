//! Positions: [`Span`], a byte range in a file, and [`OffsetMap`], where each byte of a decoded
//! text was in its file. The bottom of the house: everything imports it, it imports nothing.
//!
//! Where each byte of a decoded text was in its file: the map every front-end that reads text
//! out of another text (a notebook's JSON strings, a Markdown document's fences joined) carries,
//! so that findings point at the file as written.
//!
//! Stored as runs, not a number per byte: a notebook's code is decoded a line at a time, each
//! line one run of copied bytes and its escaped `\n` another, so the map costs a few bytes per
//! line instead of eight per byte (a 60 MB notebook's map was 400 MB). A shell or PowerShell
//! word's cooked text keeps one too ([`crate::syntax::words`]): the stretches copied from the source,
//! and each resolved variable's value, all of it at its `$VAR`.

/// A half-open byte range `[start, end)` in one source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    pub fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies wholly within this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The sub-span `[from, to)` counted in bytes from this span's start.
    pub fn sub(&self, from: usize, to: usize) -> Span {
        let start = (self.start + from).min(self.end);
        let end = (self.start + to).min(self.end);
        Span::new(start, end)
    }
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

/// A decoded text's bytes, each with its offset in the file it was decoded from.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    runs: Vec<Run>,
    len: usize,
}

/// From decoded byte `decoded` up to the next run: file offsets from `file`, one per byte when
/// `copied`, else all `file` (the bytes of one escape, or of a character decoded as a whole).
#[derive(Clone, Copy, Debug)]
struct Run {
    decoded: usize,
    file: usize,
    copied: bool,
}

impl OffsetMap {
    /// Nothing mapped (the allocation kept).
    pub fn clear(&mut self) {
        self.runs.clear();
        self.len = 0;
    }

    /// How many bytes are mapped.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The next `count` bytes come from file offsets `at`, `at + 1`, ….
    pub fn push_copied(&mut self, at: usize, count: usize) {
        if count == 0 {
            return;
        }
        let continues = self
            .runs
            .last()
            .is_some_and(|r| r.copied && r.file + (self.len - r.decoded) == at);
        if !continues {
            self.runs.push(Run {
                decoded: self.len,
                file: at,
                copied: true,
            });
        }
        self.len += count;
    }

    /// The next byte comes from file offset `at`.
    pub fn push(&mut self, at: usize) {
        self.push_copied(at, 1);
    }

    /// The next `count` bytes all come from file offset `at`, as a whole (an escape, a
    /// multi-byte character, a variable's value): not copied from there byte for byte.
    pub fn push_constant(&mut self, at: usize, count: usize) {
        if count == 0 {
            return;
        }
        self.runs.push(Run {
            decoded: self.len,
            file: at,
            copied: false,
        });
        self.len += count;
    }

    /// The file spans that bytes `[a, b)` were copied from byte for byte (what a
    /// [`push_constant`](Self::push_constant) run maps is not among them).
    pub fn copied_spans(&self, a: usize, b: usize) -> Vec<Span> {
        let mut out = Vec::new();
        let b = b.min(self.len);
        if a >= b {
            return out;
        }
        let first = self
            .runs
            .partition_point(|r| r.decoded <= a)
            .saturating_sub(1);
        for (n, run) in self.runs.iter().enumerate().skip(first) {
            if run.decoded >= b {
                break;
            }
            let end = self.runs.get(n + 1).map_or(self.len, |next| next.decoded);
            let (s, e) = (a.max(run.decoded), b.min(end));
            if run.copied && s < e {
                out.push(Span::new(
                    run.file + (s - run.decoded),
                    run.file + (e - run.decoded),
                ));
            }
        }
        out
    }

    /// Every offset moved through `to` (a word's map, once its text is known to be decoded
    /// from another file).
    pub fn remapped(&self, to: &dyn Fn(usize) -> usize) -> OffsetMap {
        let mut out = OffsetMap::default();
        for (n, run) in self.runs.iter().enumerate() {
            let end = self.runs.get(n + 1).map_or(self.len, |next| next.decoded);
            if run.copied {
                for i in run.decoded..end {
                    out.push(to(run.file + (i - run.decoded)));
                }
            } else {
                out.push_constant(to(run.file), end - run.decoded);
            }
        }
        out
    }

    /// How many runs the map holds (tests: what it costs).
    #[cfg(test)]
    pub fn run_count(&self) -> usize {
        self.runs.len()
    }

    /// The file offset of decoded byte `i`; past the end, one past the last byte's.
    pub fn at(&self, i: usize) -> usize {
        if i >= self.len {
            return self.last().map_or(0, |last| last + 1);
        }
        let run = self.runs[self.runs.partition_point(|r| r.decoded <= i) - 1];
        if run.copied {
            run.file + (i - run.decoded)
        } else {
            run.file
        }
    }

    /// The file offset of the last decoded byte.
    pub fn last(&self) -> Option<usize> {
        (self.len > 0).then(|| {
            let run = self.runs[self.runs.len() - 1];
            if run.copied {
                run.file + (self.len - 1 - run.decoded)
            } else {
                run.file
            }
        })
    }

    /// A span of the decoded text as a span of the file; the end maps as the byte before it,
    /// plus one, so a span that ends on a decoded escape (`\"`) still covers it.
    pub fn span(&self, span: Span) -> Span {
        remap_span(span, &|i| self.at(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_answer_as_a_byte_per_byte_map_would() {
        // `ab` at 10, an escape at 20 (one byte), `é` decoded whole at 30, `cd` at 12.
        let mut map = OffsetMap::default();
        let mut reference = Vec::new();
        map.push_copied(10, 2);
        reference.extend([10, 11]);
        map.push_copied(20, 1);
        reference.push(20);
        map.push_constant(30, 2);
        reference.extend([30, 30]);
        map.push_copied(12, 2);
        reference.extend([12, 13]);
        assert_eq!(map.len(), reference.len());
        for (i, &at) in reference.iter().enumerate() {
            assert_eq!(map.at(i), at, "byte {i}");
        }
        assert_eq!(map.at(reference.len()), 14);
        assert_eq!(map.last(), Some(13));
        assert_eq!(OffsetMap::default().at(0), 0);
    }

    #[test]
    fn contiguous_pushes_share_a_run() {
        let mut map = OffsetMap::default();
        for at in 100..1_100 {
            map.push_copied(at, 1);
        }
        assert_eq!(map.runs.len(), 1);
        assert_eq!(map.at(999), 1_099);
    }
}
