//! A hand-written reader of the Python nearly every file holds: statements, expressions, calls,
//! literals and f-strings, read in one pass over the text, ten times faster than tree-sitter.
//!
//! It is not a Python parser for every program: whatever it is not sure to read as tree-sitter
//! does — a syntax error, odd indentation, a tab, a non-ASCII name, a `match` statement, a
//! generator argument, an f-string nesting quotes or braces, a complex number — makes it give
//! up ([`Bail`]), and the text goes to tree-sitter. Giving up is always safe; reading code
//! differently never is, so the tests hold the two readers' reduced trees equal.

use super::syntax::{self, Concrete, ConcreteTree, Role, Tree};

/// The reader gave up: the text goes to tree-sitter.
#[derive(Debug)]
pub struct Bail;

type Read<T> = Result<T, Bail>;

/// Gives up (in tests, noting where, for [`tests::why_not_read`]).
#[cfg_attr(test, track_caller)]
fn bail<T>() -> Read<T> {
    #[cfg(test)]
    {
        let line = std::panic::Location::caller().line();
        tests::GAVE_UP.with(|at| at.set(Some(line)));
    }
    Err(Bail)
}

/// How deep expressions nest before the reader gives up (tree-sitter reads deeper ones).
const MAX_NESTING: usize = 100;

/// The reduced tree of `text`, or `None` when only tree-sitter may read it.
pub fn parse(text: &str) -> Option<Tree> {
    let lexed = Lexer::new(text).run().ok()?;
    let mut arena = Arena::default();
    let mut parser = Parser {
        text,
        toks: &lexed.tokens,
        pos: 0,
        strings: &lexed.strings,
        arena: &mut arena,
        nesting: 0,
    };
    parser.module().ok()?;
    Some(syntax::reduce(&arena))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Name,
    /// [`Concrete::Integer`] or [`Concrete::Float`].
    Number(Concrete),
    /// A string literal: its index in [`Lexed::strings`].
    Str(u32),
    Op,
    /// The end of a logical line.
    Newline,
    End,
}

#[derive(Clone, Copy, Debug)]
struct Token {
    tok: Tok,
    start: u32,
    end: u32,
}

/// The parts of a string literal between its quotes.
#[derive(Debug, Default)]
struct StrLit {
    parts: Vec<Part>,
}

#[derive(Debug)]
enum Part {
    Content(u32, u32),
    /// `{…}`, from brace to brace, with the tokens of its expression.
    Interpolation(u32, u32, Vec<Token>),
}

struct Lexed {
    tokens: Vec<Token>,
    strings: Vec<StrLit>,
}

struct Lexer<'a> {
    bytes: &'a [u8],
    pos: usize,
    tokens: Vec<Token>,
    strings: Vec<StrLit>,
    /// Open brackets: newlines inside them join lines.
    depth: usize,
    indents: Vec<usize>,
    /// The last logical line ended with `:`: the next one must be indented deeper.
    expect_indent: bool,
}

/// The length of the operator or delimiter `rest` starts with, if it starts with one.
fn operator_len(rest: &[u8]) -> Option<usize> {
    let at = |i: usize| rest.get(i).copied().unwrap_or(0);
    let (first, second) = (at(0), at(1));
    Some(match first {
        b'(' | b')' | b'[' | b']' | b'{' | b'}' | b',' | b';' | b'~' => 1,
        b'.' if second == b'.' && at(2) == b'.' => 3,
        b'.' => 1,
        // `**`, `//`, `<<`, `>>` and their `=` forms; `*=`, `/=`, `<=`, `>=`.
        b'*' | b'/' | b'<' | b'>' if second == first => 2 + usize::from(at(2) == b'='),
        b'*' | b'/' | b'<' | b'>' => 1 + usize::from(second == b'='),
        b'-' => 1 + usize::from(second == b'>' || second == b'='),
        b'+' | b'%' | b'&' | b'|' | b'^' | b'@' | b'=' | b':' => 1 + usize::from(second == b'='),
        b'!' if second == b'=' => 2,
        _ => return None,
    })
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Lexer<'a> {
        Lexer {
            bytes: text.as_bytes(),
            pos: 0,
            tokens: Vec::with_capacity(text.len() / 4),
            strings: Vec::new(),
            depth: 0,
            indents: vec![0],
            expect_indent: false,
        }
    }

    fn at(&self, i: usize) -> u8 {
        self.bytes.get(i).copied().unwrap_or(0)
    }

    fn run(mut self) -> Read<Lexed> {
        let mut line_start = true;
        loop {
            if line_start && self.depth == 0 {
                let width = self.bytes[self.pos..]
                    .iter()
                    .take_while(|&&b| b == b' ')
                    .count();
                let after = self.pos + width;
                match self.at(after) {
                    b'\t' | b'\x0c' => return bail(),
                    // A blank or comment-only line is no logical line.
                    b'\n' | b'\r' | b'#' => {
                        self.pos = after;
                        self.skip_comment();
                        if !self.newline()? {
                            break;
                        }
                        continue;
                    }
                    0 if after >= self.bytes.len() => break,
                    _ => {}
                }
                self.indent(width)?;
                self.pos = after;
                line_start = false;
            }
            self.skip_spaces();
            if self.pos >= self.bytes.len() {
                break;
            }
            match self.at(self.pos) {
                b'#' => self.skip_comment(),
                b'\n' | b'\r' => {
                    if !self.newline()? {
                        break;
                    }
                    if self.depth == 0 {
                        self.end_line();
                        line_start = true;
                    }
                }
                b'\\' => self.continuation()?,
                _ => {
                    let token = self.token(None)?;
                    self.tokens.push(token);
                }
            }
        }
        if self.depth > 0 {
            return bail();
        }
        self.end_line();
        if self.expect_indent {
            return bail();
        }
        let end = self.bytes.len() as u32;
        self.tokens.push(Token {
            tok: Tok::End,
            start: end,
            end,
        });
        Ok(Lexed {
            tokens: self.tokens,
            strings: self.strings,
        })
    }

    /// A logical line's indentation, checked as Python checks it.
    fn indent(&mut self, width: usize) -> Read<()> {
        let top = *self.indents.last().unwrap_or(&0);
        if self.expect_indent {
            if width <= top || self.indents.len() > super::MAX_INDENT_LEVELS {
                return bail();
            }
            self.indents.push(width);
            self.expect_indent = false;
            return Ok(());
        }
        if width > top {
            return bail();
        }
        while self.indents.last().is_some_and(|&t| t > width) {
            self.indents.pop();
        }
        if self.indents.last() != Some(&width) {
            return bail();
        }
        Ok(())
    }

    /// The end of a logical line, if one is open.
    fn end_line(&mut self) {
        let Some(last) = self.tokens.last() else {
            return;
        };
        if last.tok == Tok::Newline {
            return;
        }
        self.expect_indent = last.tok == Tok::Op
            && last.end == last.start + 1
            && self.bytes[last.start as usize] == b':';
        let at = last.end;
        self.tokens.push(Token {
            tok: Tok::Newline,
            start: at,
            end: at,
        });
    }

    fn skip_spaces(&mut self) {
        while matches!(self.at(self.pos), b' ' | b'\t') {
            self.pos += 1;
        }
    }

    fn skip_comment(&mut self) {
        if self.at(self.pos) == b'#' {
            while self.pos < self.bytes.len() && !matches!(self.bytes[self.pos], b'\n' | b'\r') {
                self.pos += 1;
            }
        }
    }

    /// Past a line break at `pos` (`false`: the text ended instead).
    fn newline(&mut self) -> Read<bool> {
        match self.at(self.pos) {
            b'\n' => self.pos += 1,
            b'\r' if self.at(self.pos + 1) == b'\n' => self.pos += 2,
            b'\r' => return bail(),
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `\` at the end of a line joins it with the next.
    fn continuation(&mut self) -> Read<()> {
        self.pos += 1;
        if !self.newline()? {
            return bail();
        }
        Ok(())
    }

    /// One token at `pos`; inside an f-string's interpolation, `quote` is the string's quote.
    fn token(&mut self, quote: Option<u8>) -> Read<Token> {
        let start = self.pos;
        let b = self.at(start);
        let token = |tok, end: usize| Token {
            tok,
            start: start as u32,
            end: end as u32,
        };
        if b.is_ascii_alphabetic() || b == b'_' {
            let mut end = start;
            while is_name_byte(self.at(end)) {
                end += 1;
            }
            if matches!(self.at(end), b'"' | b'\'') {
                return self.string(start, end, quote);
            }
            if self.at(end) >= 0x80 {
                return bail();
            }
            self.pos = end;
            return Ok(token(Tok::Name, end));
        }
        if b.is_ascii_digit() || (b == b'.' && self.at(start + 1).is_ascii_digit()) {
            let (kind, end) = self.number(start)?;
            self.pos = end;
            return Ok(token(Tok::Number(kind), end));
        }
        if b == b'"' || b == b'\'' {
            return self.string(start, start, quote);
        }
        let Some(len) = operator_len(&self.bytes[start..]) else {
            return bail();
        };
        match b {
            // Python's own limit: tree-sitter is left to refuse the text (`beyond_limits`).
            b'(' | b'[' | b'{' if self.depth >= super::MAX_BRACKET_NESTING => return bail(),
            b'(' | b'[' | b'{' => self.depth += 1,
            b')' | b']' | b'}' => {
                let Some(depth) = self.depth.checked_sub(1) else {
                    return bail();
                };
                self.depth = depth;
            }
            _ => {}
        }
        self.pos = start + len;
        Ok(token(Tok::Op, self.pos))
    }

    /// A number at `start`: its kind and end. Complex and long numbers are left to tree-sitter.
    fn number(&self, start: usize) -> Read<(Concrete, usize)> {
        let mut end = start;
        let mut kind = Concrete::Integer;
        if self.at(start) == b'0' && matches!(self.at(start + 1) | 0x20, b'x' | b'o' | b'b') {
            end += 2;
            while is_name_byte(self.at(end)) {
                end += 1;
            }
            if matches!(self.at(end - 1), b'l' | b'L') {
                return bail();
            }
            return Ok((kind, end));
        }
        let digits = |mut i: usize| {
            while self.at(i).is_ascii_digit() || self.at(i) == b'_' {
                i += 1;
            }
            i
        };
        end = digits(end);
        if self.at(end) == b'.' {
            kind = Concrete::Float;
            end = digits(end + 1);
        }
        if matches!(self.at(end), b'e' | b'E') {
            let sign = usize::from(matches!(self.at(end + 1), b'+' | b'-'));
            if self.at(end + 1 + sign).is_ascii_digit() {
                kind = Concrete::Float;
                end = digits(end + 1 + sign);
            }
        }
        if is_name_byte(self.at(end)) || self.at(end) >= 0x80 {
            return bail();
        }
        Ok((kind, end))
    }

    /// A string literal whose prefix is `start..quote_at`.
    fn string(&mut self, start: usize, quote_at: usize, enclosing: Option<u8>) -> Read<Token> {
        let prefix = &self.bytes[start..quote_at];
        let mut lower = [0u8; 2];
        if prefix.len() > 2 {
            return bail();
        }
        for (l, b) in lower.iter_mut().zip(prefix) {
            *l = b.to_ascii_lowercase();
        }
        let is_f = match &lower[..prefix.len()] {
            b"" | b"r" | b"u" | b"b" | b"br" | b"rb" => false,
            // An f-string in an f-string's interpolation: quoting rules changed in Python 3.12.
            b"f" | b"fr" | b"rf" if enclosing.is_some() => return bail(),
            b"f" | b"fr" | b"rf" => true,
            _ => return bail(),
        };
        let raw = lower.contains(&b'r');
        let quote = self.at(quote_at);
        if enclosing == Some(quote) {
            return bail();
        }
        let triple = self.at(quote_at + 1) == quote && self.at(quote_at + 2) == quote;
        let quote_len = if triple { 3 } else { 1 };
        let mut i = quote_at + quote_len;
        let mut content_start = i;
        let mut literal = StrLit::default();
        let content = |literal: &mut StrLit, from: usize, to: usize| {
            if to > from {
                literal.parts.push(Part::Content(from as u32, to as u32));
            }
        };
        // tree-sitter's scanner reads a raw string's last run of `\\` and `\'` pairs as part
        // of the closing quote: that run is no content to it.
        let mut only_pairs = raw;
        let end = loop {
            let Some(&b) = self.bytes.get(i) else {
                return bail();
            };
            match b {
                b'\\' => {
                    if !triple && matches!(self.at(i + 1), b'\n' | b'\r') {
                        return bail();
                    }
                    if is_f && matches!(self.at(i + 1), b'{' | b'}') || i + 1 >= self.bytes.len() {
                        return bail();
                    }
                    only_pairs &= self.at(i + 1) == b'\\' || self.at(i + 1) == quote;
                    i += 2;
                }
                _ if b == quote
                    && (!triple || self.at(i + 1) == quote && self.at(i + 2) == quote) =>
                {
                    if !(raw && only_pairs) {
                        content(&mut literal, content_start, i);
                    }
                    break i + quote_len;
                }
                b'\n' | b'\r' if !triple => return bail(),
                b'{' | b'}' if is_f && self.at(i + 1) == b => {
                    only_pairs = false;
                    i += 2;
                }
                b'}' if is_f => return bail(),
                b'{' if is_f => {
                    if raw && only_pairs && i > content_start {
                        return bail();
                    }
                    content(&mut literal, content_start, i);
                    let (end, tokens) = self.interpolation(i, quote, triple)?;
                    literal
                        .parts
                        .push(Part::Interpolation(i as u32, end as u32, tokens));
                    i = end;
                    content_start = i;
                    only_pairs = raw;
                }
                _ => {
                    only_pairs = false;
                    i += 1;
                }
            }
        };
        let index = self.strings.len() as u32;
        self.strings.push(literal);
        self.pos = end;
        Ok(Token {
            tok: Tok::Str(index),
            start: start as u32,
            end: end as u32,
        })
    }

    /// `{expression[=][!conversion][:format]}` at `open`: its end and its expression's tokens.
    fn interpolation(&mut self, open: usize, quote: u8, triple: bool) -> Read<(usize, Vec<Token>)> {
        let outer_tokens = std::mem::take(&mut self.tokens);
        let outer_depth = std::mem::replace(&mut self.depth, 0);
        self.pos = open + 1;
        let stop = loop {
            self.skip_spaces();
            let b = self.at(self.pos);
            let next = self.at(self.pos + 1);
            if self.depth == 0 {
                let ends = match b {
                    b'}' | b':' => true,
                    b'!' => next != b'=',
                    b'=' => next != b'=',
                    _ => false,
                };
                if ends {
                    break self.pos;
                }
            }
            match b {
                b'\n' | b'\r' if triple => {
                    self.newline()?;
                }
                b'\n' | b'\r' | b'\\' | b'#' | 0 => return bail(),
                _ if b == quote => return bail(),
                _ => {
                    let token = self.token(Some(quote))?;
                    self.tokens.push(token);
                }
            }
        };
        let tokens = std::mem::replace(&mut self.tokens, outer_tokens);
        self.depth = outer_depth;
        let mut i = stop;
        if self.at(i) == b'=' {
            i += 1;
        }
        if self.at(i) == b'!' {
            i += 1;
            while self.at(i).is_ascii_alphabetic() {
                i += 1;
            }
        }
        if self.at(i) == b':' {
            loop {
                match self.at(i) {
                    b'}' => break,
                    b'{' | b'\\' | 0 => return bail(),
                    b'\n' | b'\r' if !triple => return bail(),
                    b if b == quote => return bail(),
                    _ => i += 1,
                }
            }
        }
        if self.at(i) != b'}' || tokens.is_empty() {
            return bail();
        }
        Ok((i + 1, tokens))
    }
}

#[derive(Clone, Copy, Debug)]
struct CNode {
    kind: Concrete,
    start: u32,
    end: u32,
    kids_start: u32,
    kids_len: u32,
    shape: Shape,
}

/// Whether an expression can be assigned to: a Python assignment to anything else is a syntax
/// error, tree-sitter's to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Value,
    /// A name, an attribute, a subscript.
    Target,
    /// A tuple, list or starred expression of targets.
    Targets,
}

/// The concrete tree the reader builds: nodes in one vector, each node's kids a run of another.
#[derive(Default)]
struct Arena {
    nodes: Vec<CNode>,
    kids: Vec<(u32, Role)>,
    /// Kids of the nodes being read, each node's a run at the end.
    scratch: Vec<(u32, Role)>,
}

impl ConcreteTree for Arena {
    type Node = u32;

    fn root(&self) -> u32 {
        self.nodes.len().saturating_sub(1) as u32
    }

    fn kind(&self, node: u32) -> Concrete {
        self.nodes[node as usize].kind
    }

    fn span(&self, node: u32) -> (usize, usize) {
        let n = self.nodes[node as usize];
        (n.start as usize, n.end as usize)
    }

    fn is_named(&self, _: u32) -> bool {
        true
    }

    fn children(&self, node: u32, out: &mut Vec<(u32, Role)>) {
        let n = self.nodes[node as usize];
        out.extend_from_slice(
            &self.kids[n.kids_start as usize..(n.kids_start + n.kids_len) as usize],
        );
    }
}

/// Where an expression stands, for the words that end it there.
#[derive(Clone, Copy, Default)]
struct Stop {
    /// A `for` target: `in` ends it.
    at_in: bool,
    /// A comprehension's iterable or condition: `if` ends it.
    at_if: bool,
}

struct Parser<'a> {
    text: &'a str,
    toks: &'a [Token],
    pos: usize,
    strings: &'a [StrLit],
    arena: &'a mut Arena,
    nesting: usize,
}

const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

impl<'a> Parser<'a> {
    fn peek(&self) -> Token {
        self.peek_at(0)
    }

    fn peek_at(&self, ahead: usize) -> Token {
        let end = self.text.len() as u32;
        self.toks.get(self.pos + ahead).copied().unwrap_or(Token {
            tok: Tok::End,
            start: end,
            end,
        })
    }

    fn slice(&self, token: Token) -> &'a str {
        &self.text[token.start as usize..token.end as usize]
    }

    fn is_op_at(&self, ahead: usize, op: &str) -> bool {
        let token = self.peek_at(ahead);
        token.tok == Tok::Op && self.slice(token) == op
    }

    fn is_op(&self, op: &str) -> bool {
        self.is_op_at(0, op)
    }

    fn is_word_at(&self, ahead: usize, word: &str) -> bool {
        let token = self.peek_at(ahead);
        token.tok == Tok::Name && self.slice(token) == word
    }

    fn is_word(&self, word: &str) -> bool {
        self.is_word_at(0, word)
    }

    fn bump(&mut self) -> Token {
        let token = self.peek();
        self.pos += 1;
        token
    }

    fn expect_op(&mut self, op: &str) -> Read<Token> {
        if self.is_op(op) {
            Ok(self.bump())
        } else {
            bail()
        }
    }

    fn expect_word(&mut self, word: &str) -> Read<Token> {
        if self.is_word(word) {
            Ok(self.bump())
        } else {
            bail()
        }
    }

    fn expect_name(&mut self) -> Read<Token> {
        let token = self.peek();
        if token.tok == Tok::Name && !KEYWORDS.contains(&self.slice(token)) {
            Ok(self.bump())
        } else {
            bail()
        }
    }

    fn mark(&self) -> usize {
        self.arena.scratch.len()
    }

    fn kid(&mut self, node: u32, role: Role) {
        self.arena.scratch.push((node, role));
    }

    /// A node over `start..end` whose kids are those given since `mark`.
    fn finish(&mut self, kind: Concrete, start: u32, end: u32, mark: usize) -> u32 {
        let arena = &mut *self.arena;
        let kids_start = arena.kids.len() as u32;
        arena.kids.extend(arena.scratch.drain(mark..));
        arena.nodes.push(CNode {
            kind,
            start,
            end,
            kids_start,
            kids_len: arena.kids.len() as u32 - kids_start,
            shape: Shape::Value,
        });
        (arena.nodes.len() - 1) as u32
    }

    fn set_shape(&mut self, node: u32, shape: Shape) {
        self.arena.nodes[node as usize].shape = shape;
    }

    fn is_target(&self, node: u32) -> bool {
        self.arena.nodes[node as usize].shape == Shape::Target
    }

    fn is_pattern(&self, node: u32) -> bool {
        self.arena.nodes[node as usize].shape != Shape::Value
    }

    /// A tuple-like node is a pattern when each of its kids is one.
    fn targets_if_all_are(&mut self, node: u32) {
        let n = self.arena.nodes[node as usize];
        let kids = &self.arena.kids[n.kids_start as usize..(n.kids_start + n.kids_len) as usize];
        if kids.iter().all(|&(kid, _)| self.is_pattern(kid)) {
            self.set_shape(node, Shape::Targets);
        }
    }

    fn pattern(&self, node: u32) -> Read<()> {
        if self.is_pattern(node) {
            Ok(())
        } else {
            bail()
        }
    }

    fn leaf(&mut self, kind: Concrete, token: Token) -> u32 {
        let mark = self.mark();
        self.finish(kind, token.start, token.end, mark)
    }

    fn kind_of(&self, node: u32) -> Concrete {
        self.arena.nodes[node as usize].kind
    }

    fn end_of(&self, node: u32) -> u32 {
        self.arena.nodes[node as usize].end
    }

    fn start_of(&self, node: u32) -> u32 {
        self.arena.nodes[node as usize].start
    }

    fn deeper(&mut self) -> Read<()> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            return bail();
        }
        Ok(())
    }

    // Statements.

    fn module(&mut self) -> Read<()> {
        let mark = self.mark();
        while self.peek().tok != Tok::End {
            self.statement()?;
        }
        let end = self.text.len() as u32;
        self.finish(Concrete::Module, 0, end, mark);
        Ok(())
    }

    fn statement(&mut self) -> Read<()> {
        let mark = self.mark();
        let start = self.peek().start;
        if self.is_op("@") {
            self.bump();
            let decorator = self.expression(Stop::default())?;
            self.kid(decorator, Role::Unnamed);
            self.expect_newline()?;
            return self.wrap(mark, start);
        }
        if self.is_word("async") && ["def", "for", "with"].iter().any(|w| self.is_word_at(1, w)) {
            self.bump();
        }
        let word = if self.peek().tok == Tok::Name {
            self.slice(self.peek())
        } else {
            ""
        };
        match word {
            "if" | "elif" | "while" => {
                self.bump();
                let condition = self.expression(Stop::default())?;
                self.kid(condition, Role::Unnamed);
                self.block()?;
            }
            "else" | "try" | "finally" => {
                self.bump();
                self.block()?;
            }
            "for" => {
                self.bump();
                self.targets()?;
                self.expect_word("in")?;
                let iterable = self.star_expressions()?;
                self.kid(iterable, Role::Unnamed);
                self.block()?;
            }
            "with" => {
                self.bump();
                if self.is_op("(") {
                    return bail();
                }
                loop {
                    let item = self.expression(Stop::default())?;
                    self.kid(item, Role::Unnamed);
                    if self.is_word("as") {
                        self.bump();
                        let target = self.expression(Stop::default())?;
                        self.pattern(target)?;
                        self.kid(target, Role::Unnamed);
                    }
                    if !self.is_op(",") {
                        break;
                    }
                    self.bump();
                }
                self.block()?;
            }
            "except" => {
                self.bump();
                if self.is_op("*") {
                    self.bump();
                }
                if !self.is_op(":") {
                    let class = self.expression(Stop::default())?;
                    self.kid(class, Role::Unnamed);
                    if self.is_word("as") {
                        self.bump();
                        self.expect_name()?;
                    }
                }
                self.block()?;
            }
            "def" => {
                self.bump();
                self.expect_name()?;
                self.expect_op("(")?;
                self.parameters(")")?;
                self.expect_op(")")?;
                if self.is_op("->") {
                    self.bump();
                    let returns = self.expression(Stop::default())?;
                    self.kid(returns, Role::Unnamed);
                }
                self.block()?;
            }
            "class" => {
                self.bump();
                self.expect_name()?;
                if self.is_op("(") {
                    let bases = self.arguments()?;
                    self.kid(bases, Role::Unnamed);
                }
                self.block()?;
            }
            // Soft keywords starting a statement of their own: tree-sitter's.
            "match" | "case" if self.line_ends_with_colon() => return bail(),
            "type" if self.peek_at(1).tok == Tok::Name => return bail(),
            _ => {
                self.simple_statements()?;
            }
        }
        self.wrap(mark, start)
    }

    /// What a statement gave, under one node.
    fn wrap(&mut self, mark: usize, start: u32) -> Read<()> {
        let end = self.toks[..self.pos].last().map_or(start, |t| t.end);
        let node = self.finish(Concrete::Other, start, end, mark);
        self.kid(node, Role::Unnamed);
        Ok(())
    }

    fn line_ends_with_colon(&self) -> bool {
        let mut ahead = 0;
        loop {
            let token = self.peek_at(ahead);
            if matches!(token.tok, Tok::Newline | Tok::End) {
                return ahead > 0 && self.is_op_at(ahead - 1, ":");
            }
            ahead += 1;
        }
    }

    fn expect_newline(&mut self) -> Read<()> {
        if self.peek().tok == Tok::Newline {
            self.bump();
            Ok(())
        } else {
            bail()
        }
    }

    /// `:` and a block on the lines below, or statements on the same line.
    fn block(&mut self) -> Read<()> {
        self.expect_op(":")?;
        if self.peek().tok == Tok::Newline {
            self.bump();
            return Ok(());
        }
        self.simple_statements()
    }

    fn at_statement_end(&self) -> bool {
        self.peek().tok == Tok::Newline || self.is_op(";")
    }

    /// Statements separated by `;`, to the end of the line.
    fn simple_statements(&mut self) -> Read<()> {
        loop {
            self.small_statement()?;
            if self.is_op(";") {
                self.bump();
                if self.peek().tok != Tok::Newline {
                    continue;
                }
            }
            return self.expect_newline();
        }
    }

    fn small_statement(&mut self) -> Read<()> {
        let word = if self.peek().tok == Tok::Name {
            self.slice(self.peek())
        } else {
            ""
        };
        match word {
            "pass" | "break" | "continue" => {
                self.bump();
            }
            "return" | "del" => {
                self.bump();
                if !self.at_statement_end() {
                    let value = self.star_expressions()?;
                    self.kid(value, Role::Unnamed);
                }
            }
            "raise" => {
                self.bump();
                if !self.at_statement_end() {
                    let error = self.expression(Stop::default())?;
                    self.kid(error, Role::Unnamed);
                    if self.is_word("from") {
                        self.bump();
                        let cause = self.expression(Stop::default())?;
                        self.kid(cause, Role::Unnamed);
                    }
                }
            }
            "global" | "nonlocal" => {
                self.bump();
                loop {
                    self.expect_name()?;
                    if !self.is_op(",") {
                        break;
                    }
                    self.bump();
                }
            }
            "assert" => {
                self.bump();
                let test = self.expression(Stop::default())?;
                self.kid(test, Role::Unnamed);
                if self.is_op(",") {
                    self.bump();
                    let message = self.expression(Stop::default())?;
                    self.kid(message, Role::Unnamed);
                }
            }
            // Names, dots, `as`, `*` and brackets: nothing to read.
            "import" | "from" => {
                self.bump();
                while !self.at_statement_end() {
                    let token = self.bump();
                    let ok = match token.tok {
                        Tok::Name => true,
                        Tok::Op => matches!(self.slice(token), "." | "..." | "," | "*" | "(" | ")"),
                        _ => false,
                    };
                    if !ok {
                        return bail();
                    }
                }
            }
            "yield" => {
                let value = self.yield_expression()?;
                self.kid(value, Role::Unnamed);
            }
            _ => self.expression_statement()?,
        }
        if self.at_statement_end() {
            Ok(())
        } else {
            bail()
        }
    }

    fn expression_statement(&mut self) -> Read<()> {
        let from = self.pos;
        let starred = self.is_op("*");
        let first = self.star_expressions()?;
        let start = self.start_of(first);
        // tree-sitter reads a statement `*x, y` as something else than a tuple.
        if self.walrus_outside_brackets(from) || (starred && !self.is_op("=")) {
            return bail();
        }
        if self.is_op("=") {
            let assignment = self.assignment(first)?;
            self.kid(assignment, Role::Unnamed);
        } else if self.is_op(":") {
            if !self.is_target(first) {
                return bail();
            }
            self.bump();
            let mark = self.mark();
            self.kid(first, Role::Left);
            let annotation = self.expression(Stop::default())?;
            self.kid(annotation, Role::Unnamed);
            let mut end = self.end_of(annotation);
            if self.is_op("=") {
                self.bump();
                let value = self.right_hand_side()?;
                self.kid(value, Role::Right);
                end = self.end_of(value);
            }
            let node = self.finish(Concrete::Assignment, start, end, mark);
            self.kid(node, Role::Unnamed);
        } else if self.peek().tok == Tok::Op
            && self.slice(self.peek()).len() >= 2
            && self.slice(self.peek()).ends_with('=')
            && !matches!(self.slice(self.peek()), "==" | "<=" | ">=" | "!=")
        {
            // `x += value`: not an assignment the front-end follows.
            if !self.is_target(first) {
                return bail();
            }
            self.bump();
            let mark = self.mark();
            self.kid(first, Role::Unnamed);
            let value = self.right_hand_side()?;
            self.kid(value, Role::Unnamed);
            let end = self.end_of(value);
            let node = self.finish(Concrete::Other, start, end, mark);
            self.kid(node, Role::Unnamed);
        } else {
            self.kid(first, Role::Unnamed);
        }
        Ok(())
    }

    /// `x := value` is a statement only in brackets.
    fn walrus_outside_brackets(&self, from: usize) -> bool {
        let mut depth = 0usize;
        for token in &self.toks[from..self.pos] {
            if token.tok != Tok::Op {
                continue;
            }
            match self.slice(*token) {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => depth = depth.saturating_sub(1),
                ":=" if depth == 0 => return true,
                _ => {}
            }
        }
        false
    }

    /// `left = right`, `right` itself maybe an assignment (`a = b = 1`).
    fn assignment(&mut self, left: u32) -> Read<u32> {
        self.pattern(left)?;
        self.expect_op("=")?;
        let mut right = self.right_hand_side()?;
        if self.is_op("=") {
            // `a = b = … = value` recurses once per `=`.
            self.deeper()?;
            let chained = self.assignment(right);
            self.nesting -= 1;
            right = chained?;
        }
        let mark = self.mark();
        self.kid(left, Role::Left);
        self.kid(right, Role::Right);
        let (start, end) = (self.start_of(left), self.end_of(right));
        Ok(self.finish(Concrete::Assignment, start, end, mark))
    }

    fn right_hand_side(&mut self) -> Read<u32> {
        if self.is_word("yield") {
            self.yield_expression()
        } else {
            self.star_expressions()
        }
    }

    fn yield_expression(&mut self) -> Read<u32> {
        let start = self.expect_word("yield")?.start;
        let mark = self.mark();
        let mut end = self.toks[self.pos - 1].end;
        if self.is_word("from") {
            self.bump();
            let value = self.expression(Stop::default())?;
            self.kid(value, Role::Unnamed);
            end = self.end_of(value);
        } else if !self.at_statement_end() && !self.is_op("=") {
            let value = self.star_expressions()?;
            self.kid(value, Role::Unnamed);
            end = self.end_of(value);
        }
        Ok(self.finish(Concrete::Other, start, end, mark))
    }

    /// `def` parameters up to `close`: names, annotations, defaults, `*`, `**`, `/`.
    fn parameters(&mut self, close: &str) -> Read<()> {
        while !self.is_op(close) {
            if self.is_op("*") || self.is_op("**") {
                self.bump();
                if self.is_op(",") || self.is_op(close) {
                    self.bump_comma(close)?;
                    continue;
                }
            } else if self.is_op("/") {
                self.bump();
                self.bump_comma(close)?;
                continue;
            }
            self.expect_name()?;
            if close == ")" && self.is_op(":") {
                self.bump();
                let annotation = self.expression(Stop::default())?;
                self.kid(annotation, Role::Unnamed);
            }
            if self.is_op("=") {
                self.bump();
                let default = self.expression(Stop::default())?;
                self.kid(default, Role::Unnamed);
            }
            self.bump_comma(close)?;
        }
        Ok(())
    }

    /// After a list item: `,`, or the closing bracket (not consumed).
    fn bump_comma(&mut self, close: &str) -> Read<()> {
        if self.is_op(",") {
            self.bump();
            Ok(())
        } else if self.is_op(close) {
            Ok(())
        } else {
            bail()
        }
    }

    /// A `for` target list, up to `in`.
    fn targets(&mut self) -> Read<()> {
        loop {
            let target = self.star_or_expression(Stop {
                at_in: true,
                at_if: false,
            })?;
            self.pattern(target)?;
            self.kid(target, Role::Unnamed);
            if !self.is_op(",") {
                return Ok(());
            }
            self.bump();
            if self.is_word("in") {
                return Ok(());
            }
        }
    }

    // Expressions.

    /// `a`, or `a, b, *c` (tree-sitter's expression or pattern list: not a tuple).
    fn star_expressions(&mut self) -> Read<u32> {
        // `**x` is no expression, and `*x` is one only in a list (`*x, y`).
        if self.is_op("**") {
            return bail();
        }
        let starred = self.is_op("*");
        let first = self.star_or_expression(Stop::default())?;
        if !self.is_op(",") {
            return if starred { bail() } else { Ok(first) };
        }
        let mark = self.mark();
        self.kid(first, Role::Unnamed);
        let mut end = self.end_of(first);
        while self.is_op(",") {
            end = self.bump().end;
            // tree-sitter reads on past a line that ends `a,` (into the next line's statement).
            if self.peek().tok == Tok::Newline {
                return bail();
            }
            if self.at_statement_end() || self.is_op("=") || self.is_op(")") || self.is_op(":") {
                break;
            }
            let next = self.star_or_expression(Stop::default())?;
            self.kid(next, Role::Unnamed);
            end = self.end_of(next);
        }
        let start = self.start_of(first);
        let list = self.finish(Concrete::Other, start, end, mark);
        self.targets_if_all_are(list);
        Ok(list)
    }

    fn star_or_expression(&mut self, stop: Stop) -> Read<u32> {
        self.starred(stop, false)
    }

    /// `*x`, `**x` or an expression; `argument`: in a call's arguments or a dict. Elsewhere
    /// tree-sitter reads `*` before anything but a name in more than one way (`[*g(x)]` as a
    /// call of `*g`, `[*a.b(), *c]` as `*` of a call), so only `*name` is read there.
    fn starred(&mut self, stop: Stop, argument: bool) -> Read<u32> {
        if self.is_op("*") || self.is_op("**") {
            let single = self.is_op("*");
            let start = self.bump().start;
            let mark = self.mark();
            let value = self.operations(stop)?;
            // `**x` only stands in a call's arguments or a dict.
            if !argument && (!single || self.kind_of(value) != Concrete::Identifier) {
                return bail();
            }
            self.kid(value, Role::Unnamed);
            let end = self.end_of(value);
            let starred = self.finish(Concrete::Other, start, end, mark);
            if single {
                self.targets_if_all_are(starred);
            }
            return Ok(starred);
        }
        self.expression(stop)
    }

    fn expression(&mut self, stop: Stop) -> Read<u32> {
        self.deeper()?;
        let node = self.expression_inner(stop);
        self.nesting -= 1;
        node
    }

    fn expression_inner(&mut self, stop: Stop) -> Read<u32> {
        if self.is_word("lambda") {
            return self.lambda(stop);
        }
        let first = self.operations(stop)?;
        if stop.at_if || !self.is_word("if") {
            return Ok(first);
        }
        // `a if b else c`
        let mark = self.mark();
        self.kid(first, Role::Unnamed);
        self.bump();
        let condition = self.operations(stop)?;
        self.kid(condition, Role::Unnamed);
        self.expect_word("else")?;
        let otherwise = self.expression(stop)?;
        self.kid(otherwise, Role::Unnamed);
        let (start, end) = (self.start_of(first), self.end_of(otherwise));
        Ok(self.finish(Concrete::Other, start, end, mark))
    }

    fn lambda(&mut self, stop: Stop) -> Read<u32> {
        let start = self.expect_word("lambda")?.start;
        let mark = self.mark();
        self.parameters(":")?;
        self.expect_op(":")?;
        let body = self.expression(stop)?;
        self.kid(body, Role::Unnamed);
        let end = self.end_of(body);
        Ok(self.finish(Concrete::Other, start, end, mark))
    }

    /// Operands joined by binary, comparison and boolean operators (their shape is never read:
    /// one node over all of them).
    fn operations(&mut self, stop: Stop) -> Read<u32> {
        let mark = self.mark();
        let first = self.unary()?;
        let mut last = first;
        let mut count = 1;
        loop {
            let token = self.peek();
            let text = self.slice(token);
            let operator = match token.tok {
                Tok::Op => matches!(
                    text,
                    "+" | "-"
                        | "*"
                        | "/"
                        | "//"
                        | "%"
                        | "@"
                        | "**"
                        | "<<"
                        | ">>"
                        | "&"
                        | "|"
                        | "^"
                        | "<"
                        | ">"
                        | "<="
                        | ">="
                        | "=="
                        | "!="
                        | ":="
                ),
                Tok::Name => match text {
                    "and" | "or" | "is" => true,
                    "in" => !stop.at_in,
                    "not" => self.is_word_at(1, "in") && !stop.at_in,
                    _ => false,
                },
                _ => false,
            };
            if !operator {
                break;
            }
            self.bump();
            if (text == "not" && self.is_word("in")) || (text == "is" && self.is_word("not")) {
                self.bump();
            }
            if count == 1 {
                self.kid(first, Role::Unnamed);
            }
            last = self.unary()?;
            self.kid(last, Role::Unnamed);
            count += 1;
        }
        if count == 1 {
            return Ok(first);
        }
        let (start, end) = (self.start_of(first), self.end_of(last));
        Ok(self.finish(Concrete::Other, start, end, mark))
    }

    fn unary(&mut self) -> Read<u32> {
        let token = self.peek();
        let prefix = match token.tok {
            Tok::Op => matches!(self.slice(token), "-" | "+" | "~"),
            Tok::Name => matches!(self.slice(token), "not" | "await"),
            _ => false,
        };
        if !prefix {
            return self.primary();
        }
        self.bump();
        self.deeper()?;
        let operand = self.unary();
        self.nesting -= 1;
        let operand = operand?;
        let mark = self.mark();
        self.kid(operand, Role::Unnamed);
        let end = self.end_of(operand);
        Ok(self.finish(Concrete::Other, token.start, end, mark))
    }

    /// An atom and what follows it: `.name`, `(arguments)`, `[subscript]`.
    fn primary(&mut self) -> Read<u32> {
        let mut node = self.atom()?;
        let start = self.start_of(node);
        loop {
            if self.is_op(".") {
                self.bump();
                let name = self.expect_name()?;
                let mark = self.mark();
                self.kid(node, Role::Unnamed);
                node = self.finish(Concrete::Attribute, start, name.end, mark);
                self.set_shape(node, Shape::Target);
            } else if self.is_op("(") {
                let arguments = self.arguments()?;
                let mark = self.mark();
                self.kid(node, Role::Function);
                self.kid(arguments, Role::Arguments);
                let end = self.end_of(arguments);
                node = self.finish(Concrete::Call, start, end, mark);
            } else if self.is_op("[") {
                self.bump();
                let mark = self.mark();
                self.kid(node, Role::Unnamed);
                while !self.is_op("]") {
                    if self.is_op(":") || self.is_op(",") {
                        self.bump();
                        continue;
                    }
                    let item = self.star_or_expression(Stop::default())?;
                    self.kid(item, Role::Unnamed);
                    if !(self.is_op(":") || self.is_op(",") || self.is_op("]")) {
                        return bail();
                    }
                }
                let end = self.bump().end;
                node = self.finish(Concrete::Other, start, end, mark);
                self.set_shape(node, Shape::Target);
            } else {
                return Ok(node);
            }
        }
    }

    fn atom(&mut self) -> Read<u32> {
        let token = self.peek();
        match token.tok {
            Tok::Name => {
                let kind = match self.slice(token) {
                    "True" => Concrete::True,
                    "False" => Concrete::False,
                    "None" => Concrete::None,
                    word if KEYWORDS.contains(&word) => return bail(),
                    _ => Concrete::Identifier,
                };
                self.bump();
                let node = self.leaf(kind, token);
                if kind == Concrete::Identifier {
                    self.set_shape(node, Shape::Target);
                }
                Ok(node)
            }
            Tok::Number(kind) => {
                self.bump();
                Ok(self.leaf(kind, token))
            }
            Tok::Str(index) => {
                self.bump();
                if !matches!(self.peek().tok, Tok::Str(_)) {
                    return self.string(token, index);
                }
                // Its parts are never read, only checked.
                let mark = self.mark();
                self.string(token, index)?;
                let mut end = token.end;
                while let Tok::Str(next) = self.peek().tok {
                    let next_token = self.bump();
                    self.string(next_token, next)?;
                    end = next_token.end;
                }
                self.arena.scratch.truncate(mark);
                Ok(self.finish(Concrete::ConcatenatedString, token.start, end, mark))
            }
            Tok::Op => match self.slice(token) {
                "..." => {
                    self.bump();
                    Ok(self.leaf(Concrete::Other, token))
                }
                "(" => self.parenthesized(),
                "[" => self.list(),
                "{" => self.braces(),
                _ => bail(),
            },
            Tok::Newline | Tok::End => bail(),
        }
    }

    fn string(&mut self, token: Token, index: u32) -> Read<u32> {
        let mark = self.mark();
        let strings = self.strings;
        for part in &strings[index as usize].parts {
            match part {
                Part::Content(start, end) => {
                    let content = self.finish(Concrete::StringContent, *start, *end, self.mark());
                    self.kid(content, Role::Unnamed);
                }
                Part::Interpolation(start, end, tokens) => {
                    let (outer, at) = (self.toks, self.pos);
                    self.toks = tokens;
                    self.pos = 0;
                    let expression = self.star_expressions();
                    let whole = self.pos == tokens.len();
                    self.toks = outer;
                    self.pos = at;
                    let expression = expression?;
                    if !whole {
                        return bail();
                    }
                    let inner = self.mark();
                    self.kid(expression, Role::Expression);
                    let interpolation = self.finish(Concrete::Interpolation, *start, *end, inner);
                    self.kid(interpolation, Role::Unnamed);
                }
            }
        }
        Ok(self.finish(Concrete::String, token.start, token.end, mark))
    }

    /// `(arguments)` of a call or a class.
    fn arguments(&mut self) -> Read<u32> {
        let start = self.expect_op("(")?.start;
        let mark = self.mark();
        while !self.is_op(")") {
            let argument = if self.is_op("*") || self.is_op("**") {
                self.starred(Stop::default(), true)?
            } else if self.peek().tok == Tok::Name && self.is_op_at(1, "=") {
                let name = self.expect_name()?;
                self.bump();
                let inner = self.mark();
                let name_node = self.leaf(Concrete::Identifier, name);
                self.kid(name_node, Role::Name);
                let value = self.expression(Stop::default())?;
                self.kid(value, Role::Value);
                let end = self.end_of(value);
                self.finish(Concrete::KeywordArgument, name.start, end, inner)
            } else {
                let value = self.expression(Stop::default())?;
                if self.is_comprehension() {
                    // `f(x for x in y)`: the generator is the call's only argument.
                    if self.arena.scratch.len() != mark {
                        return bail();
                    }
                    self.kid(value, Role::Unnamed);
                    self.comprehension()?;
                    let end = self.expect_op(")")?.end;
                    return Ok(self.finish(Concrete::GeneratorExpression, start, end, mark));
                }
                value
            };
            self.kid(argument, Role::Unnamed);
            self.bump_comma(")")?;
        }
        let end = self.bump().end;
        Ok(self.finish(Concrete::ArgumentList, start, end, mark))
    }

    /// `for … in … if …` clauses after a comprehension's element, given as kids.
    fn comprehension(&mut self) -> Read<()> {
        loop {
            if self.is_word("async") && self.is_word_at(1, "for") {
                self.bump();
            }
            if self.is_word("for") {
                self.bump();
                self.targets()?;
                self.expect_word("in")?;
                let iterable = self.expression(Stop {
                    at_in: false,
                    at_if: true,
                })?;
                self.kid(iterable, Role::Unnamed);
            } else if self.is_word("if") {
                self.bump();
                let condition = self.expression(Stop {
                    at_in: false,
                    at_if: true,
                })?;
                self.kid(condition, Role::Unnamed);
            } else {
                return Ok(());
            }
        }
    }

    fn is_comprehension(&self) -> bool {
        self.is_word("for") || (self.is_word("async") && self.is_word_at(1, "for"))
    }

    /// `(…)`: a parenthesised expression, a tuple or a generator.
    fn parenthesized(&mut self) -> Read<u32> {
        let start = self.expect_op("(")?.start;
        let mark = self.mark();
        if self.is_op(")") {
            let end = self.bump().end;
            return Ok(self.finish(Concrete::Tuple, start, end, mark));
        }
        if self.is_word("yield") {
            return bail();
        }
        let starred = self.is_op("*");
        let first = self.star_or_expression(Stop::default())?;
        self.kid(first, Role::Unnamed);
        let kind = if self.is_comprehension() {
            self.comprehension()?;
            Concrete::Other
        } else if self.is_op(")") {
            if starred {
                return bail();
            }
            Concrete::ParenthesizedExpression
        } else {
            self.bump_comma(")")?;
            while !self.is_op(")") {
                let item = self.star_or_expression(Stop::default())?;
                self.kid(item, Role::Unnamed);
                self.bump_comma(")")?;
            }
            Concrete::Tuple
        };
        let end = self.expect_op(")")?.end;
        let node = self.finish(kind, start, end, mark);
        if kind == Concrete::Tuple {
            self.targets_if_all_are(node);
        }
        Ok(node)
    }

    /// `[…]`: a list or a list comprehension.
    fn list(&mut self) -> Read<u32> {
        let start = self.expect_op("[")?.start;
        let mark = self.mark();
        let mut kind = Concrete::List;
        while !self.is_op("]") {
            let item = self.star_or_expression(Stop::default())?;
            self.kid(item, Role::Unnamed);
            if self.is_comprehension() && self.arena.scratch.len() == mark + 1 {
                self.comprehension()?;
                kind = Concrete::Other;
                break;
            }
            self.bump_comma("]")?;
        }
        let end = self.expect_op("]")?.end;
        let node = self.finish(kind, start, end, mark);
        if kind == Concrete::List {
            self.targets_if_all_are(node);
        }
        Ok(node)
    }

    /// `{…}`: a dict, a set, or a comprehension of either.
    fn braces(&mut self) -> Read<u32> {
        let start = self.expect_op("{")?.start;
        let mark = self.mark();
        let mut kind = Concrete::Dictionary;
        let mut first = true;
        while !self.is_op("}") {
            if self.is_op("**") {
                if kind != Concrete::Dictionary {
                    return bail();
                }
                let splat = self.starred(Stop::default(), true)?;
                self.kid(splat, Role::Unnamed);
            } else {
                let key = self.star_or_expression(Stop::default())?;
                if self.is_op(":") && kind == Concrete::Dictionary {
                    self.bump();
                    let value = self.expression(Stop::default())?;
                    let inner = self.mark();
                    self.kid(key, Role::Key);
                    self.kid(value, Role::Value);
                    let (pair_start, end) = (self.start_of(key), self.end_of(value));
                    let pair = self.finish(Concrete::Pair, pair_start, end, inner);
                    self.kid(pair, Role::Unnamed);
                } else if first {
                    // A set.
                    kind = Concrete::Other;
                    self.kid(key, Role::Unnamed);
                } else if kind == Concrete::Other {
                    self.kid(key, Role::Unnamed);
                } else {
                    return bail();
                }
                if first && self.is_comprehension() {
                    self.comprehension()?;
                    kind = Concrete::Other;
                    break;
                }
            }
            first = false;
            self.bump_comma("}")?;
        }
        let end = self.expect_op("}")?.end;
        Ok(self.finish(kind, start, end, mark))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::sources::{Language, regions};
    use crate::walk::FileKind;
    use std::path::{Path, PathBuf};

    thread_local! {
        /// The line of this file where the reader last gave up.
        pub(super) static GAVE_UP: std::cell::Cell<Option<u32>> = const { std::cell::Cell::new(None) };
    }

    /// The two readers' reduced trees of `code`, when the fast one reads it.
    fn both(code: &str) -> Option<(String, String)> {
        let fast = parse(code)?.outline();
        let tree_sitter = syntax::parse_with_tree_sitter(code)
            .map(|t| t.outline())
            .unwrap_or_default();
        // The root's span is each parser's own: not compared.
        let strip = |s: String| s.lines().skip(1).collect::<Vec<_>>().join("\n");
        Some((strip(fast), strip(tree_sitter)))
    }

    fn assert_same(code: &str) {
        let (fast, tree_sitter) = both(code).unwrap_or_else(|| panic!("not read:\n{code}"));
        assert_eq!(fast, tree_sitter, "for:\n{code}");
    }

    #[test]
    fn reads_what_tree_sitter_reads() {
        for code in [
            "x = 1\n",
            "a = b = f(1)\n",
            "x: int = g()\ny: str\n",
            "x += h(1)\n",
            "a, *b = c, d = [1, 2]\n",
            "job = ml_client.batch_endpoints.invoke(\n    endpoint_name=e.name,\n    inputs={'a': Input(type=AssetTypes.URI_FOLDER, path=f\"azureml:{name}@latest\")},\n)\n",
            "s = 'a' 'b'\nt = f'{x!r:>10}' + f\"{{lit}} {y=}\"\nu = b'x' r'\\d' '''multi\nline'''\n",
            "n = (1, 2.5, 1e3, 0xFF, 1_000, .5, None, True, False, ...)\n",
            "d = {**base, 'k': [i for i in range(3) if i], 'v': {1, 2}, 's': {x: y for x, y in z}}\n",
            "def f(a, b: int = g(), *args, c=1, **kw) -> T:\n    return a if b else c\n",
            "class C(Base, metaclass=M):\n    x = 1\n    @property\n    def p(self): return self.x\n",
            "for i, (a, b) in enumerate(pairs):\n    if a: continue\n    elif b: break\n    else:\n        pass\nelse:\n    x = [*a, *b]\n",
            "while (n := f()) > 0:\n    n -= 1\n",
            "try:\n    import os.path as p\n    from . import (a, b as c)\nexcept (A, B) as e:\n    raise E('x') from e\nfinally:\n    del x[0], y.z\n",
            "with open(p) as f, g() as (a, b):\n    data = json.load(f)\n",
            "lam = lambda x, y=2: x + y\nz = not a and b or c in d and e not in f and g is not h\n",
            "async def f():\n    async with a as b:\n        await c()\n    async for x in y:\n        yield x\n    r = yield\n    yield from z\n",
            "requests.post(url, json={'properties': {'InputData': {'a': {'JobInputType': 'UriFolder'}}}}, headers=h)\n",
            "x = a[1:2, ::3][f(1)]\nprint(*args, sep='', **kw)\nglobal g; nonlocal h; assert x, 'm'\n",
            "if x: y = 1; z = 2\n",
            "m = -x ** 2 + ~y @ z // w % v << 1 >> 2 & 3 | 4 ^ 5\n",
            "x = (\n    # a comment\n    1\n)\ny = [\n    1,  # one\n    2,\n]\n",
            "value = \\\n    f(1)\n",
            "n = sum(len(x) for x in f(y) if x)\n",
            r"p = [r'\\', r'a\\b', r'\'', r'\d\\', rf'{a}\\', r'''\\''', r'x\\y\\']",
            "x = [\n\tf(1)\n]\n",
        ] {
            assert_same(code);
        }
    }

    #[test]
    fn leaves_to_tree_sitter_what_it_is_not_sure_of() {
        for code in [
            "x = (\n",
            "if x:\ny = 1\n",
            "  x = 1\n",
            "x = 1\n    y = 2\n",
            "if x:\n\ty = 1\n",
            "match x:\n    case 1:\n        pass\n",
            "type X = int\n",
            "f(a, x for x in y)\n",
            "print 'x'\n",
            "x = 1j\n",
            "f'{f\"{x}\"}'\n",
            "f() = 1\n",
            "x := 1\n",
            "café = 1\n",
            "x = (yield)\n",
            "x = 'unterminated\n",
            "def f[T](x): pass\n",
            "[*g(x)]\n",
            "a, *x.invoke()\n",
            "b, **x\n",
            "a,\nb: int\n",
        ] {
            assert!(parse(code).is_none(), "read:\n{code}");
        }
    }

    /// Whatever the text, the reader ends, without a panic, in time linear in the text: long
    /// chains, deep nesting and every prefix of real code.
    #[test]
    fn any_text_ends_without_a_panic() {
        let chain = "a = ".repeat(50_000) + "1\n";
        assert!(
            parse(&chain).is_none(),
            "a chain past the nesting limit is tree-sitter's"
        );
        let short_chain = "a = ".repeat(50) + "1\n";
        assert_same(&short_chain);
        let sum = format!("x = {}1\n", "a + ".repeat(50_000));
        assert!(parse(&sum).is_some());
        for deep in [
            "(".repeat(150),
            "[".repeat(150) + &"]".repeat(150),
            "-".repeat(500) + "x",
        ] {
            let _ = parse(&deep);
        }
        let sample = "job = ml_client.batch_endpoints.invoke(\n    endpoint_name=f\"{a!r:>{w}}\",\n    inputs={'x': Input(path=r'\\\\', type=AssetTypes.URI_FILE), **k},  # c\n)\nif x: y = [i for i in z if i]; del q[1:2]\n@d\nasync def f(a, *, b=lambda: (yield)):\n\tpass\n";
        for end in 0..=sample.len() {
            if sample.is_char_boundary(end) {
                let _ = parse(&sample[..end]);
                let _ = parse(&sample[end..]);
            }
        }
    }

    fn files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                files(&path, out);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("py" | "ipynb" | "md")
            ) {
                out.push(path);
            }
        }
    }

    /// Every Python region of the fixtures and the shared corpus: the fast reader reads nearly
    /// all of them, and each exactly as tree-sitter does.
    #[test]
    fn reads_the_fixtures_and_the_corpus_as_tree_sitter_does() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        files(&root.join("fixtures"), &mut paths);
        files(&root.join("../shared/corpus"), &mut paths);
        let (mut read, mut left) = (0, Vec::new());
        for path in paths {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let file = SourceFile::new("", path.clone(), text);
            for region in regions(&file, FileKind::of(&path)) {
                if region.language != Language::Python {
                    continue;
                }
                match both(&region.text) {
                    Some((fast, tree_sitter)) => {
                        assert_eq!(fast, tree_sitter, "in {}", path.display());
                        read += 1;
                    }
                    None => left.push(path.display().to_string()),
                }
            }
        }
        assert!(read > 20, "only {read} regions read");
        assert!(
            left.len() * 10 <= read,
            "{} left to tree-sitter: {left:#?}",
            left.len()
        );
    }

    /// As above, over every `.py` file below `$AMLINT_PYTHON_CORPUS` (a Python installation's
    /// standard library, the `azure-ai-ml` sources): `cargo test -- --ignored`.
    #[test]
    #[ignore = "needs $AMLINT_PYTHON_CORPUS"]
    fn reads_a_python_corpus_as_tree_sitter_does() {
        let Some(dir) = std::env::var_os("AMLINT_PYTHON_CORPUS") else {
            return;
        };
        let mut paths = Vec::new();
        files(Path::new(&dir), &mut paths);
        let (mut read, mut left, mut differ) = (0, 0, Vec::new());
        let mut reasons = std::collections::HashMap::new();
        for path in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "py"))
        {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            if super::super::beyond_limits(&text).is_some() {
                continue;
            }
            match both(&text) {
                Some((fast, tree_sitter)) if fast == tree_sitter => read += 1,
                Some(_) => differ.push(path.display().to_string()),
                None => {
                    left += 1;
                    *reasons.entry(GAVE_UP.with(|at| at.get())).or_insert(0) += 1;
                }
            }
        }
        eprintln!(
            "{read} read alike, {left} left to tree-sitter, {} differ",
            differ.len()
        );
        let mut why: Vec<_> = reasons.into_iter().collect();
        why.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        eprintln!("gave up at (line of fast.rs, files): {why:?}");
        assert!(differ.is_empty(), "read differently: {differ:#?}");
    }
}
