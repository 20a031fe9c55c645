//! Credentials that Python writes in pieces, found on the strings Python would make.
//!
//! amlint masks every credential its patterns find in a file's text before any of it is
//! printed. Python can write a SAS token so that no pattern sees it in the text: split across
//! implicitly concatenated literals (`'…&s' 'ig=…'`), behind an escape (`\x26sig=`, `\046sig=`,
//! `\N{AMPERSAND}sig=`), or built from a variable (`SIG = '…'`, then `f'…&sig={SIG}'` or
//! `'…&sig=' + SIG`). So each string expression — a literal, an f-string, a `+` chain — is
//! evaluated as the front-end evaluates values (names bound once, in their scope), the patterns
//! run on the string Python would make, and every credential found is mapped back to the source
//! bytes it came from: exactly where a piece is written as it reads, the whole piece where an
//! escape stands between them, and the literal a variable was defined with.

use ruff_python_ast::{self as ast, Expr, FStringPart, InterpolatedStringElement, Operator};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::{MAX_DEPTH, Reader};
use crate::source::Span;

/// A string as Python would make it, with where each piece of it is written.
#[derive(Default)]
struct Made {
    text: String,
    pieces: Vec<Piece>,
}

/// `len` bytes of the made string, from `at` on, written at `source` — byte for byte when
/// `exact`, somewhere in it otherwise (an escape, a `{{`).
struct Piece {
    at: usize,
    len: usize,
    source: TextRange,
    exact: bool,
}

impl Made {
    fn push(&mut self, text: &str, source: TextRange, exact: bool) {
        self.pieces.push(Piece {
            at: self.text.len(),
            len: text.len(),
            source,
            exact,
        });
        self.text.push_str(text);
    }

    /// The source ranges of `[start, end)` of the made string.
    fn sources(&self, start: usize, end: usize) -> impl Iterator<Item = TextRange> + '_ {
        self.pieces.iter().filter_map(move |piece| {
            let (from, to) = (start.max(piece.at), end.min(piece.at + piece.len));
            if from >= to {
                return None;
            }
            if !piece.exact {
                return Some(piece.source);
            }
            let offset = |n: usize| {
                TextSize::try_from(n - piece.at)
                    .ok()
                    .map(|n| piece.source.start() + n)
            };
            Some(TextRange::new(offset(from)?, offset(to)?))
        })
    }
}

impl<'t> Reader<'_, 't> {
    /// The file spans of every credential that `expr`, a string expression, makes.
    pub(super) fn credential_sources(&self, expr: &'t Expr) -> Vec<Span> {
        let mut made = Made::default();
        self.make(expr, &mut made, 0);
        // Most strings hold none of the literals every credential pattern needs.
        if made.text.len() < 8 {
            return Vec::new();
        }
        crate::secrets::find(&made.text)
            .into_iter()
            .flat_map(|secret| made.sources(secret.start, secret.end).collect::<Vec<_>>())
            .map(|range| self.span(range))
            .collect()
    }

    /// Appends the string `expr` makes; what cannot be known adds nothing.
    fn make(&self, expr: &'t Expr, made: &mut Made, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match expr {
            Expr::StringLiteral(string) => {
                for literal in string.value.iter() {
                    self.literal(literal, made);
                }
            }
            Expr::FString(string) => {
                for part in string.value.iter() {
                    match part {
                        FStringPart::Literal(literal) => self.literal(literal, made),
                        FStringPart::FString(f_string) => self.f_string(f_string, made, depth),
                    }
                }
            }
            Expr::BinOp(ast::ExprBinOp {
                left,
                op: Operator::Add,
                right,
                ..
            }) => {
                self.make(left, made, depth + 1);
                self.make(right, made, depth + 1);
            }
            Expr::Name(name) => {
                if let Some((value, scope)) = self.bound_once(name.id.as_str()) {
                    self.module.at(scope).make(value, made, depth + 1);
                }
            }
            _ => {}
        }
    }

    fn literal(&self, literal: &ast::StringLiteral, made: &mut Made) {
        let source = literal.content_range();
        let exact = self.slice(source) == literal.as_str();
        made.push(literal.as_str(), source, exact);
    }

    fn f_string(&self, f_string: &'t ast::FString, made: &mut Made, depth: usize) {
        for element in &f_string.elements {
            match element {
                InterpolatedStringElement::Literal(literal) => {
                    let source = literal.range();
                    let exact = self.slice(source) == &*literal.value;
                    made.push(&literal.value, source, exact);
                }
                InterpolatedStringElement::Interpolation(interpolation) => {
                    if interpolation.conversion == ast::ConversionFlag::None
                        && interpolation.format_spec.is_none()
                        && interpolation.debug_text.is_none()
                    {
                        self.make(&interpolation.expression, made, depth + 1);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    const SECRET: &str = "sv=2022-11-02&sr=c&sig=LEAKabcdefghijklmnopqrstuv0123456789%3D";

    /// The text of `src` with every span the front-end asks to mask replaced by `*`.
    fn masked(src: &str) -> String {
        let mut out = src.as_bytes().to_vec();
        let spans = super::super::masks(src, Path::new("."));
        for span in spans {
            for byte in &mut out[span.start..span.end] {
                *byte = b'*';
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn pieces_escapes_and_variables_are_masked_where_they_are_written() {
        let (head, tail) = SECRET.split_at(15); // `sv=…&sr=c&s` | `ig=LEAK…`
        // Written as they read: only the secret is masked.
        for src in [
            format!("u = 'https://a.blob.core.windows.net/c?{head}' '{tail}'\nrequests.post(u, json={{}})\n"),
            "SIG = 'LEAKabcdef0123456789'\nu = f'https://a.blob.core.windows.net/c?sv=1&sig={SIG}'\nrequests.post(u)\n".to_string(),
            "S = 'LEAKabcdef0123456789'\nrequests.post('https://a.blob.core.windows.net/c?sv=1&sig=' + S)\n".to_string(),
            "def f():\n    S = 'LEAKabcdef0123456789'\n    ml_client.batch_endpoints.invoke(inputs={'a': Input(path='https://a.blob.core.windows.net/c?sv=1&sig=' + S)})\n".to_string(),
        ] {
            let out = masked(&src);
            assert!(!out.contains("LEAK"), "{src}\n=> {out}");
            assert!(out.contains("a.blob.core.windows.net"), "{out}");
        }
        // Behind an escape: the literal is masked whole (where its bytes go is not followed
        // through the escape).
        for escape in ["\\x26", "\\046", "\\N{AMPERSAND}", "\\u0026"] {
            let src = format!(
                "u = 'https://a.blob.core.windows.net/c?sv=1{escape}sig=LEAKabcdef0123456789'\nrequests.post(u)\nx = 'kept'\n"
            );
            let out = masked(&src);
            assert!(!out.contains("LEAK"), "{src}\n=> {out}");
            assert!(out.contains("'kept'"), "{out}");
        }
    }

    #[test]
    fn strings_without_credentials_are_left_alone() {
        let src = "x = 'sig' 'nature'\ny = f'{x}=1'\nrequests.post('https://example.com', json={'a': x + y})\n";
        assert_eq!(masked(src), src);
    }
}
