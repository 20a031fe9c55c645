//! Where a large Python text can be cut into pieces that parse on their own.
//!
//! A syntax tree costs about fifteen times the text it was parsed from, so a 60 MB notebook of
//! code parsed whole would need a gigabyte. Past [`WHOLE_UP_TO`] the front-end parses a text in
//! pieces of about [`PIECE`], cut only before a top-level statement: a line at column 0 that
//! starts a name, a keyword or a decorator, outside any bracket, string or continued line, and
//! not an `else`/`elif`/`except`/`finally` (which continue the statement above).
//!
//! The scan is a small lexer of what can hide a line start — brackets, comments, strings (triple
//! quoted, and f-strings whose `{…}` hold more code and more strings), backslash continuations —
//! and nothing else. When in doubt it does not cut: a piece is then larger, never wrong.

use std::ops::Range;

/// Texts up to this size are parsed whole (every real file: notebooks are large for their
/// outputs, not their code).
pub const WHOLE_UP_TO: usize = 2 << 20;

/// The size a piece grows to before it is cut at the next top-level statement.
pub const PIECE: usize = 1 << 20;

/// What the scan is inside of.
#[derive(Clone, Copy, Debug)]
enum Context {
    /// Code; inside an f-string's `{…}` when `brace` is set (its closing `}` ends it).
    Code { brackets: usize, brace: bool },
    /// A string: its quote, whether triple, whether an f-string (whose `{` opens code).
    Str { quote: u8, triple: bool, f: bool },
}

/// The pieces of `text`, in order, covering it whole: one piece when it is small.
pub fn pieces(text: &str) -> Vec<Range<usize>> {
    if text.len() <= WHOLE_UP_TO {
        return std::iter::once(0..text.len()).collect();
    }
    cut(text, PIECE)
}

fn cut(text: &str, piece: usize) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut stack = vec![Context::Code {
        brackets: 0,
        brace: false,
    }];
    let mut continued = false;
    // A decorator and the `def` or `class` it decorates are one statement.
    let mut decorated = false;
    let mut i = 0;
    while i < bytes.len() {
        let at_line_start = i == 0 || bytes[i - 1] == b'\n';
        if at_line_start
            && !continued
            && matches!(
                stack.as_slice(),
                [Context::Code {
                    brackets: 0,
                    brace: false
                }]
            )
            && starts_statement(&bytes[i..])
        {
            if i - start >= piece && !decorated {
                out.push(start..i);
                start = i;
            }
            decorated = bytes[i] == b'@';
        }
        let byte = bytes[i];
        let Some(&top) = stack.last() else { break };
        match top {
            Context::Code { brackets, brace } => {
                continued = false;
                match byte {
                    b'#' => {
                        i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
                        continue;
                    }
                    b'\\' if bytes.get(i + 1) == Some(&b'\n') => {
                        continued = true;
                        i += 2;
                        continue;
                    }
                    b'\\' if bytes.get(i + 1) == Some(&b'\r') => {
                        continued = true;
                        i += 2 + usize::from(bytes.get(i + 2) == Some(&b'\n'));
                        continue;
                    }
                    b'(' | b'[' | b'{' => set_brackets(&mut stack, brackets + 1, brace),
                    b')' | b']' => set_brackets(&mut stack, brackets.saturating_sub(1), brace),
                    b'}' if brackets == 0 && brace => {
                        stack.pop();
                    }
                    b'}' => set_brackets(&mut stack, brackets.saturating_sub(1), brace),
                    b'"' | b'\'' => {
                        let triple =
                            bytes.get(i + 1) == Some(&byte) && bytes.get(i + 2) == Some(&byte);
                        let f = prefix_has_f(&bytes[..i]);
                        stack.push(Context::Str {
                            quote: byte,
                            triple,
                            f,
                        });
                        i += if triple { 3 } else { 1 };
                        continue;
                    }
                    _ => {}
                }
            }
            Context::Str { quote, triple, f } => match byte {
                b'\\' => {
                    i += 2;
                    continue;
                }
                b'\n' if !triple => {
                    // An unterminated string ends at its line, as the parser recovers.
                    stack.pop();
                }
                b'{' if f && bytes.get(i + 1) == Some(&b'{') => {
                    i += 2;
                    continue;
                }
                b'{' if f => stack.push(Context::Code {
                    brackets: 0,
                    brace: true,
                }),
                _ if byte == quote => {
                    if !triple {
                        stack.pop();
                    } else if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                        stack.pop();
                        i += 3;
                        continue;
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
    out.push(start..bytes.len());
    out
}

fn set_brackets(stack: &mut [Context], brackets: usize, brace: bool) {
    if let Some(top) = stack.last_mut() {
        *top = Context::Code { brackets, brace };
    }
}

/// Whether the string whose quote follows `before` is an f-string (or a t-string): its prefix,
/// the letters just before the quote, holds an `f` or a `t`.
fn prefix_has_f(before: &[u8]) -> bool {
    let word = before
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    let prefix = &before[before.len() - word..];
    prefix.len() <= 2
        && prefix
            .iter()
            .all(|b| matches!(b.to_ascii_lowercase(), b'r' | b'b' | b'u' | b'f' | b't'))
        && prefix
            .iter()
            .any(|b| matches!(b.to_ascii_lowercase(), b'f' | b't'))
}

/// Whether a line starting with `rest` begins a statement of its own at the top level.
fn starts_statement(rest: &[u8]) -> bool {
    let Some(&first) = rest.first() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == b'_' || first == b'@') {
        return false;
    }
    let word: &[u8] = &rest[..rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
        .unwrap_or(rest.len())];
    !matches!(word, b"else" | b"elif" | b"except" | b"finally")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each piece of `text` cut every `piece` bytes, as text.
    fn cut_text(text: &str, piece: usize) -> Vec<&str> {
        cut(text, piece).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn small_texts_are_one_piece() {
        assert_eq!(pieces("x = 1\n"), std::iter::once(0..6).collect::<Vec<_>>());
    }

    #[test]
    fn pieces_start_at_top_level_statements_only() {
        let text = "a = 1\nif x:\n    b = (\n2)\nelse:\n    c = 3\nd = '''\ne = 4\n'''\nf = f\"{'''\ng'''}\"\nh = 5\n";
        let pieces = cut_text(text, 1);
        assert_eq!(
            pieces,
            [
                "a = 1\n",
                "if x:\n    b = (\n2)\nelse:\n    c = 3\n",
                "d = '''\ne = 4\n'''\n",
                "f = f\"{'''\ng'''}\"\n",
                "h = 5\n"
            ]
        );
        assert_eq!(pieces.concat(), text);
    }

    #[test]
    fn comments_continuations_and_decorators() {
        let text = "x = 1 + \\\ny\n# (\n@deco\ndef f():\n    pass\n";
        assert_eq!(
            cut_text(text, 1),
            ["x = 1 + \\\ny\n# (\n", "@deco\ndef f():\n    pass\n"]
        );
        // A comment's line is not a statement, but the next one is; an unterminated string
        // ends at its line.
        let text = "s = 'open\nt = 2\n";
        assert_eq!(cut_text(text, 1), ["s = 'open\n", "t = 2\n"]);
    }
}
