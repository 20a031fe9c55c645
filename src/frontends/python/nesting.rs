//! How deep a Python text can nest, measured from its tokens before it is parsed.
//!
//! ruff's parser grows its own stack as it recurses, so parsing itself never overflows; but the
//! tree it returns is as deep as the code nests, and walking or dropping a tree is recursive
//! (the AST's `Drop` is the compiler's, one frame a level). A hostile file — `((((…` 100,000
//! deep, `a+a+…` 3 MB long, f-strings inside f-strings — would overflow the stack there. So the
//! tokens are read first (ruff's lexer: linear, no recursion, no tree) and a text that may nest
//! deeper than [`MAX_NESTING`] is refused as a whole, with a reason, before any tree exists.
//!
//! The measure is an upper bound on the depth of any node of the tree: along the path from the
//! root to the current token, each open bracket (or f-string) counts one, each block one, and
//! each operator, dot or keyword since the last comma at the same bracket level one (`a+b+c` is
//! a chain of two; `[a+b, c+d]` is one level holding chains of one). It over-counts (`==` and
//! `a*b+c` count as if they nested), never under-counts, so every tree it lets through is at
//! most that deep.

use ruff_python_ast::token::TokenKind;
use ruff_python_parser::Mode;
use ruff_python_parser::lexer::lex;

/// The deepest nesting read. Real code stays far below: CPython itself refuses more than 200
/// nested brackets and 100 levels of indentation; the widest margin amlint measured on real
/// notebooks was a chained expression of about 60.
pub const MAX_NESTING: usize = 1_000;

/// CPython refuses more than 100 levels of indentation ("too many levels of indentation").
pub const MAX_INDENT_LEVELS: usize = 100;

/// Why `text` is beyond what the front-end parses, if it is.
pub fn too_deep(text: &str) -> Option<String> {
    let mut lexer = lex(text, Mode::Module);
    // Operators and keywords since the last comma, one count per open bracket, innermost last.
    let mut chains: Vec<usize> = vec![0];
    let mut indent: usize = 0;
    // `indent + chains.len() + Σ chains`, kept as tokens come.
    let mut depth: usize = 1;
    loop {
        let kind = lexer.next_token();
        match kind {
            TokenKind::EndOfFile => return None,
            TokenKind::Indent => {
                indent += 1;
                depth += 1;
                if indent > MAX_INDENT_LEVELS {
                    return Some(format!(
                        "it has more than {MAX_INDENT_LEVELS} levels of indentation, which Python rejects"
                    ));
                }
            }
            TokenKind::Dedent => {
                if indent > 0 {
                    indent -= 1;
                    depth -= 1;
                }
            }
            // A bracket is a trailer of what stands before it (`f()()`), then a level of its own.
            TokenKind::Lpar
            | TokenKind::Lsqb
            | TokenKind::Lbrace
            | TokenKind::FStringStart
            | TokenKind::TStringStart => {
                if let Some(chain) = chains.last_mut() {
                    *chain += 1;
                }
                chains.push(0);
                depth += 2;
            }
            TokenKind::Rpar
            | TokenKind::Rsqb
            | TokenKind::Rbrace
            | TokenKind::FStringEnd
            | TokenKind::TStringEnd => {
                if chains.len() > 1 {
                    let chain = chains.pop().unwrap_or(0);
                    depth -= chain + 1;
                }
            }
            // A comma, a semicolon or the end of a statement ends a chain at its level.
            TokenKind::Comma | TokenKind::Semi | TokenKind::Newline => {
                if let Some(chain) = chains.last_mut() {
                    depth -= *chain;
                    *chain = 0;
                }
            }
            // What nests nothing by itself.
            TokenKind::Name
            | TokenKind::Int
            | TokenKind::Float
            | TokenKind::Complex
            | TokenKind::String
            | TokenKind::FStringMiddle
            | TokenKind::TStringMiddle
            | TokenKind::IpyEscapeCommand
            | TokenKind::Comment
            | TokenKind::NonLogicalNewline
            | TokenKind::True
            | TokenKind::False
            | TokenKind::None
            | TokenKind::Ellipsis
            | TokenKind::Pass
            | TokenKind::Break
            | TokenKind::Continue
            // Assignments, keyword arguments, annotations, dict entries and slices are flat.
            | TokenKind::Equal
            | TokenKind::Colon
            | TokenKind::Rarrow
            | TokenKind::PlusEqual
            | TokenKind::MinusEqual
            | TokenKind::StarEqual
            | TokenKind::SlashEqual
            | TokenKind::PercentEqual
            | TokenKind::AmperEqual
            | TokenKind::VbarEqual
            | TokenKind::CircumflexEqual
            | TokenKind::LeftShiftEqual
            | TokenKind::RightShiftEqual
            | TokenKind::DoubleStarEqual
            | TokenKind::DoubleSlashEqual
            | TokenKind::AtEqual => {}
            // Operators, dots, keywords, and what the lexer could not read.
            _ => {
                if let Some(chain) = chains.last_mut() {
                    *chain += 1;
                }
                depth += 1;
            }
        }
        if depth > MAX_NESTING {
            return Some(format!(
                "it nests expressions more than {MAX_NESTING} deep (brackets, operators and blocks counted together), beyond what amlint reads"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_code_is_far_below_the_bound() {
        let code = "def f(x):\n    if x:\n        return [a + b * c for a in (1, 2)], {\"k\": f(g(h(1)))}\n";
        assert_eq!(too_deep(code), None);
        // Many items and many statements are wide, not deep.
        let wide = format!("x = [{}]\n", "a + 1, ".repeat(50_000));
        assert_eq!(too_deep(&wide), None);
        let long = "y = f(a, b=c) + 1\n".repeat(50_000);
        assert_eq!(too_deep(&long), None);
        // Brackets inside strings and comments are not brackets.
        let strings = "OPEN = \"(\"  # ((((\n".repeat(1_000);
        assert_eq!(too_deep(&strings), None);
    }

    #[test]
    fn every_way_of_nesting_is_counted() {
        let n = MAX_NESTING;
        for deep in [
            format!("x = {}", "(".repeat(n)),
            format!("x = {}1", "a + ".repeat(n)),
            format!("x = {}", "not ".repeat(n)),
            format!("x = a{}", ".b".repeat(n)),
            format!("x = f{}", "()".repeat(n)),
            format!("x = {}1", "lambda: ".repeat(n)),
            format!("x = {}1{}", "f'{".repeat(n / 2), "}'".repeat(n / 2)),
        ] {
            assert!(too_deep(&deep).is_some(), "{}", &deep[..40.min(deep.len())]);
        }
        let blocks: String = (0..=MAX_INDENT_LEVELS + 1)
            .map(|i| format!("{}if x:\n", " ".repeat(i)))
            .collect();
        assert!(too_deep(&blocks).unwrap().contains("indentation"));
    }

    #[test]
    fn just_below_the_bound_is_read() {
        assert_eq!(
            too_deep(&format!("x = {}", "a + ".repeat(MAX_NESTING - 10))),
            None
        );
    }
}
