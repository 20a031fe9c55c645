//! A small JSON parser that keeps where everything is: each value's span, each key's span and, for
//! strings, where each decoded byte came from. REST request bodies are checked at the exact place
//! of a key or value — in a `.json` file, inside a shell word (`curl -d '{…}'`) or inside a JSON
//! string that itself holds JSON (an Azure Data Factory activity's `"body": "{\"properties\": …}"`).
//!
//! It reads what lenient JSON readers take — a trailing comma before `}` or `]`, `//` and `/* */`
//! comments — because real request bodies have them (azureml-examples' `batch-score-rest.sh`
//! posts one with a trailing comma) and amlint looks for bodies, it does not validate JSON.
//! Nesting is bounded ([`MAX_DEPTH`]); there is no recursion on untrusted depth beyond it.

use crate::span::{Span, remap_span};

/// Deeper documents are refused (a request body is a few levels deep).
pub const MAX_DEPTH: usize = 128;

/// Documents of more values are refused: a request body holds a few dozen, and each value
/// costs its node (about a hundred bytes) whatever its size in the text — a 8 MiB array of
/// one-digit numbers would otherwise take forty times its size. The bound keeps the tree of
/// any document under ten MiB plus its strings.
pub const MAX_VALUES: usize = 100_000;

#[derive(Clone, Debug)]
pub enum Json {
    Object(Vec<Member>),
    Array(Vec<Node>),
    /// The decoded text.
    String(String),
    /// The number as written.
    Number(String),
    Bool(bool),
    Null,
}

#[derive(Clone, Debug)]
pub struct Member {
    /// The decoded key.
    pub key: String,
    /// The key's text between its quotes.
    pub key_span: Span,
    pub value: Node,
}

#[derive(Clone, Debug)]
pub struct Node {
    pub value: Json,
    /// The whole value, quotes included.
    pub span: Span,
    /// For a string: for each byte of the decoded text, its offset in the parsed text (the last
    /// entry is the closing quote). Empty for other values, and for a string without escapes
    /// read by [`parse`], whose bytes are the text's from the one after its opening quote
    /// ([`Node::offset`]): eight bytes a byte would make a body of long strings cost nine times
    /// its size.
    pub map: Vec<usize>,
}

impl Node {
    /// The member called `key`, compared without regard to ASCII case (as the service's JSON
    /// reader compares property names); the last one when it is written twice.
    pub fn get_ignore_case(&self, key: &str) -> Option<&Member> {
        match &self.value {
            Json::Object(members) => members
                .iter()
                .rev()
                .find(|m| m.key.eq_ignore_ascii_case(key)),
            _ => None,
        }
    }

    pub fn members(&self) -> &[Member] {
        match &self.value {
            Json::Object(members) => members,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self.value, Json::Object(_))
    }

    /// The offset in the parsed text of byte `i` of a string's decoded text (`i` = its length:
    /// the closing quote).
    pub fn offset(&self, i: usize) -> Option<usize> {
        match &self.value {
            _ if !self.map.is_empty() => self.map.get(i).copied(),
            Json::String(text) if i <= text.len() => Some(self.span.start + 1 + i),
            _ => None,
        }
    }

    /// The span of decoded bytes `[a, b)` of a string, in the parsed text.
    pub fn string_span(&self, a: usize, b: usize) -> Span {
        match (self.offset(a), self.offset(b.max(a))) {
            (Some(start), Some(end)) => Span::new(start, end.max(start)),
            _ => Span::new(self.span.start, self.span.end),
        }
    }

    /// The span of a string's content (between its quotes), or of the whole value.
    pub fn content_span(&self) -> Span {
        match &self.value {
            Json::String(s) => self.string_span(0, s.len()),
            _ => self.span,
        }
    }

    /// Move every offset through `to` (from the parsed text to the file).
    pub fn remap(&mut self, to: &dyn Fn(usize) -> usize) {
        // A string's implicit map is the text's own: moved, it becomes one of its own.
        if let Json::String(text) = &self.value
            && self.map.is_empty()
        {
            self.map = (0..=text.len()).map(|i| self.span.start + 1 + i).collect();
        }
        self.span = remap_span(self.span, to);
        for offset in &mut self.map {
            *offset = to(*offset);
        }
        match &mut self.value {
            Json::Object(members) => {
                for member in members {
                    member.key_span = remap_span(member.key_span, to);
                    member.value.remap(to);
                }
            }
            Json::Array(items) => {
                for item in items {
                    item.remap(to);
                }
            }
            _ => {}
        }
    }
}

/// The spans (in the parsed text) of every credential in the decoded strings of `root` —
/// values, keys, and the JSON that a string holds (a Data Factory body) — found on the decoded
/// text, so that `\u0026sig=` or `\u0073ig=` is one too, in a field amlint reads or not. A
/// value's secret maps back byte for byte; a key holding one is masked whole.
pub fn secret_spans(root: &Node) -> Vec<Span> {
    let mut out = Vec::new();
    secrets_in(root, 0, &mut out);
    out
}

/// JSON held in a string held in a string… deeper than this is no request body; its strings
/// are still searched as text.
const MAX_HELD: usize = 4;

/// [`secret_spans`] of a document held `held` strings deep, into `out`.
fn secrets_in(root: &Node, held: usize, out: &mut Vec<Span>) {
    let mut pending: Vec<&Node> = vec![root];
    while let Some(node) = pending.pop() {
        match &node.value {
            Json::Object(members) => {
                for member in members {
                    if !crate::secrets::find(&member.key).is_empty() {
                        out.push(member.key_span);
                    }
                    pending.push(&member.value);
                }
            }
            Json::Array(items) => pending.extend(items),
            Json::String(text) => {
                for secret in crate::secrets::find(text) {
                    out.push(node.string_span(secret.start, secret.end));
                }
                if held < MAX_HELD
                    && text.trim_start().starts_with('{')
                    && let Ok(mut inner) = parse(text)
                {
                    let end = node.span.end;
                    inner.remap(&|i| node.offset(i).unwrap_or(end));
                    secrets_in(&inner, held + 1, out);
                }
            }
            _ => {}
        }
    }
}

#[derive(Debug, PartialEq)]
pub struct Error {
    pub offset: usize,
    pub message: &'static str,
}

/// Parse one JSON value (surrounding whitespace allowed, nothing else after it).
pub fn parse(text: &str) -> Result<Node, Error> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        text,
        at: 0,
        values: 0,
    };
    parser.skip_space();
    let node = parser.value(0)?;
    parser.skip_space();
    if parser.at != parser.bytes.len() {
        return Err(parser.error("text after the JSON value"));
    }
    Ok(node)
}

struct Parser<'t> {
    bytes: &'t [u8],
    text: &'t str,
    at: usize,
    /// Values read so far (see [`MAX_VALUES`]).
    values: usize,
}

impl Parser<'_> {
    fn error(&self, message: &'static str) -> Error {
        Error {
            offset: self.at,
            message,
        }
    }

    /// Whitespace and comments.
    fn skip_space(&mut self) {
        loop {
            match (self.bytes.get(self.at), self.bytes.get(self.at + 1)) {
                (Some(b' ' | b'\t' | b'\n' | b'\r'), _) => self.at += 1,
                (Some(b'/'), Some(b'/')) => {
                    while self.bytes.get(self.at).is_some_and(|b| *b != b'\n') {
                        self.at += 1;
                    }
                }
                (Some(b'/'), Some(b'*')) => {
                    let end = self.text[self.at + 2..].find("*/");
                    self.at = end.map_or(self.bytes.len(), |e| self.at + 2 + e + 2);
                }
                _ => return,
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, Error> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.values += 1;
        if self.values > MAX_VALUES {
            return Err(self.error("too many values"));
        }
        let start = self.at;
        let value = match self.bytes.get(self.at) {
            Some(b'{') => return self.object(depth),
            Some(b'[') => return self.array(depth),
            Some(b'"') => return self.string(),
            Some(b't') => self.literal("true", Json::Bool(true))?,
            Some(b'f') => self.literal("false", Json::Bool(false))?,
            Some(b'n') => self.literal("null", Json::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => return Err(self.error("expected a JSON value")),
            None => return Err(self.error("unexpected end of text")),
        };
        Ok(Node {
            value,
            span: Span::new(start, self.at),
            map: Vec::new(),
        })
    }

    fn literal(&mut self, word: &str, value: Json) -> Result<Json, Error> {
        if self.text[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a JSON value"))
        }
    }

    fn number(&mut self) -> Result<Json, Error> {
        let start = self.at;
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
        {
            self.at += 1;
        }
        let text = &self.text[start..self.at];
        if text.parse::<f64>().is_err() {
            return Err(self.error("not a number"));
        }
        Ok(Json::Number(text.to_string()))
    }

    fn string(&mut self) -> Result<Node, Error> {
        let start = self.at;
        self.at += 1;
        let mut decoded = String::new();
        // Built at the first escape only (see `Node::map`).
        let mut map = Vec::new();
        let mut escaped = false;
        loop {
            let Some(&byte) = self.bytes.get(self.at) else {
                return Err(self.error("unterminated string"));
            };
            match byte {
                b'"' => break,
                b'\\' => {
                    if !escaped {
                        escaped = true;
                        map.extend((0..decoded.len()).map(|i| start + 1 + i));
                    }
                    let escape_at = self.at;
                    let ch = match self.bytes.get(self.at + 1) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let ch = self.unicode_escape()?;
                            push(&mut decoded, &mut map, ch, escape_at);
                            continue;
                        }
                        _ => return Err(self.error("bad escape")),
                    };
                    self.at += 2;
                    push(&mut decoded, &mut map, ch, escape_at);
                }
                0..=0x1f => return Err(self.error("control character in a string")),
                _ => {
                    let ch = self.text[self.at..].chars().next().unwrap_or('\u{fffd}');
                    let len = ch.len_utf8();
                    if escaped {
                        map.extend(self.at..self.at + len);
                    }
                    decoded.push(ch);
                    self.at += len;
                }
            }
        }
        if escaped {
            map.push(self.at);
        }
        self.at += 1;
        Ok(Node {
            value: Json::String(decoded),
            span: Span::new(start, self.at),
            map,
        })
    }

    /// `\uXXXX`, with a surrogate pair when one follows; `self.at` is at the backslash.
    fn unicode_escape(&mut self) -> Result<char, Error> {
        let hex = |p: &Parser<'_>, at: usize| -> Option<u32> {
            p.text
                .get(at..at + 4)
                .and_then(|h| u32::from_str_radix(h, 16).ok())
        };
        let first = hex(self, self.at + 2).ok_or_else(|| self.error("bad \\u escape"))?;
        self.at += 6;
        if (0xD800..0xDC00).contains(&first)
            && self.text[self.at..].starts_with("\\u")
            && let Some(second) = hex(self, self.at + 2)
            && (0xDC00..0xE000).contains(&second)
        {
            self.at += 6;
            let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
            return Ok(char::from_u32(code).unwrap_or('\u{fffd}'));
        }
        Ok(char::from_u32(first).unwrap_or('\u{fffd}'))
    }

    fn object(&mut self, depth: usize) -> Result<Node, Error> {
        let start = self.at;
        self.at += 1;
        let mut members = Vec::new();
        self.skip_space();
        if self.bytes.get(self.at) == Some(&b'}') {
            self.at += 1;
        } else {
            loop {
                self.skip_space();
                if self.bytes.get(self.at) == Some(&b'}') {
                    // A trailing comma.
                    self.at += 1;
                    break;
                }
                if self.bytes.get(self.at) != Some(&b'"') {
                    return Err(self.error("expected a key"));
                }
                let key = self.string()?;
                let key_span = key.content_span();
                self.skip_space();
                if self.bytes.get(self.at) != Some(&b':') {
                    return Err(self.error("expected `:`"));
                }
                self.at += 1;
                self.skip_space();
                let value = self.value(depth + 1)?;
                let Json::String(key) = key.value else {
                    unreachable!("a key is a string")
                };
                members.push(Member {
                    key,
                    key_span,
                    value,
                });
                self.skip_space();
                match self.bytes.get(self.at) {
                    Some(b',') => self.at += 1,
                    Some(b'}') => {
                        self.at += 1;
                        break;
                    }
                    _ => return Err(self.error("expected `,` or `}`")),
                }
            }
        }
        Ok(Node {
            value: Json::Object(members),
            span: Span::new(start, self.at),
            map: Vec::new(),
        })
    }

    fn array(&mut self, depth: usize) -> Result<Node, Error> {
        let start = self.at;
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.bytes.get(self.at) == Some(&b']') {
            self.at += 1;
        } else {
            loop {
                self.skip_space();
                if self.bytes.get(self.at) == Some(&b']') {
                    // A trailing comma.
                    self.at += 1;
                    break;
                }
                items.push(self.value(depth + 1)?);
                self.skip_space();
                match self.bytes.get(self.at) {
                    Some(b',') => self.at += 1,
                    Some(b']') => {
                        self.at += 1;
                        break;
                    }
                    _ => return Err(self.error("expected `,` or `]`")),
                }
            }
        }
        Ok(Node {
            value: Json::Array(items),
            span: Span::new(start, self.at),
            map: Vec::new(),
        })
    }
}

fn push(decoded: &mut String, map: &mut Vec<usize>, ch: char, from: usize) {
    for _ in 0..ch.len_utf8() {
        map.push(from);
    }
    decoded.push(ch);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_keys_and_string_contents() {
        let text = r#"{"properties": {"InputData": {"a": {"Uri": "x\"y"}}}}"#;
        let root = parse(text).unwrap();
        let props = root.get_ignore_case("PROPERTIES").unwrap();
        assert_eq!(
            &text[props.key_span.start..props.key_span.end],
            "properties"
        );
        let uri = &props.value.get_ignore_case("inputdata").unwrap().value;
        let uri = &uri.get_ignore_case("a").unwrap().value;
        let uri = &uri.get_ignore_case("uri").unwrap().value;
        assert_eq!(uri.as_str(), Some("x\"y"));
        let content = uri.content_span();
        assert_eq!(&text[content.start..content.end], r#"x\"y"#);
    }

    #[test]
    fn strings_without_escapes_map_without_a_table() {
        let text = "{\"a\": \"xé\", \"b\": \"y\\u0026z\"}";
        let root = parse(text).unwrap();
        let a = &root.get_ignore_case("a").unwrap().value;
        assert!(a.map.is_empty());
        assert_eq!(&text[a.content_span().start..a.content_span().end], "xé");
        let b = &root.get_ignore_case("b").unwrap().value;
        assert_eq!(b.as_str(), Some("y&z"));
        assert_eq!(
            &text[b.string_span(1, 2).start..b.string_span(1, 2).end],
            "\\u0026"
        );
        assert_eq!(
            &text[b.string_span(2, 3).start..b.string_span(2, 3).end],
            "z"
        );
    }

    #[test]
    fn json_inside_a_json_string_maps_back() {
        let text = r#"{"body": "{\"Uri\": \"azureml://d\"}"}"#;
        let root = parse(text).unwrap();
        let body = &root.get_ignore_case("body").unwrap().value;
        let mut inner = parse(body.as_str().unwrap()).unwrap();
        inner.remap(&|i| body.offset(i).unwrap());
        let uri = &inner.get_ignore_case("uri").unwrap().value;
        let span = uri.content_span();
        assert_eq!(&text[span.start..span.end], "azureml://d");
    }

    #[test]
    fn malformed_and_deep_text_is_an_error_not_a_panic() {
        for text in [
            "{",
            "{\"a\" 1}",
            "[1,,]",
            "{,}",
            "\"\\u12\"",
            "tru",
            "{\"a\":1} x",
            "",
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
        let deep = "[".repeat(10_000);
        assert_eq!(parse(&deep).unwrap_err().message, "nested too deeply");
        assert!(parse("\"\\ud83d\\ude00\"").is_ok());
        let wide = format!("[{}1]", "1,".repeat(MAX_VALUES));
        assert_eq!(parse(&wide).unwrap_err().message, "too many values");
    }

    #[test]
    fn trailing_commas_and_comments_are_read() {
        let root = parse("{\"a\": [1, 2,], // note\n /* b */ \"b\": {\"c\": 1,},}").unwrap();
        assert!(root.get_ignore_case("b").is_some());
        assert!(parse("{\"a\": 1 /* unterminated").is_err());
    }

    #[test]
    fn secrets_are_found_on_decoded_strings_in_any_field() {
        let text =
            r#"{"a": {"Note": "x?sv=1\u0026sig=SECRET1", "k": "{\"u\": \"y\u0026sig=SECRET2\"}"}}"#;
        let root = parse(text).unwrap();
        let found: Vec<&str> = secret_spans(&root)
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert!(found.contains(&"SECRET1"), "{found:?}");
        assert!(found.iter().any(|f| f.contains("SECRET2")), "{found:?}");
    }
}
