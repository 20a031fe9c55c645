//! A small spanned YAML tree, built from `saphyr-parser` events.
//!
//! Why our own tree: linting needs what loaders throw away — the exact byte span of every key and
//! value, the scalar style (a plain `no` is a boolean to PyYAML, a quoted `"no"` is a string), and
//! *both* occurrences of a duplicated key (PyYAML keeps the last one silently). The tree lives in
//! an arena: children are indices, and an alias is a link to its anchor's node, never a copy, so a
//! "billion laughs" file costs no more memory than its text.
//!
//! The builder is a loop over the event stream with an explicit stack (no recursion), and it stops
//! with a syntax error past [`MAX_DEPTH`] levels of nesting.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

use crate::source::{SourceFile, Span};
use crate::syntax::yaml11;

/// Deeper nesting than this is reported as a syntax error instead of being built.
pub const MAX_DEPTH: usize = 512;

pub type NodeId = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

impl Style {
    /// Plain scalars are the only ones a YAML 1.1 loader resolves to non-strings.
    pub fn is_plain(self) -> bool {
        self == Style::Plain
    }
}

#[derive(Debug)]
pub enum Kind {
    Scalar {
        value: String,
        style: Style,
        /// An explicit tag such as `!!str` (then PyYAML does not resolve the scalar implicitly).
        tagged: bool,
    },
    Sequence(Vec<NodeId>),
    Mapping(Vec<(NodeId, NodeId)>),
    /// An alias; `None` when its anchor is unknown.
    Alias(Option<NodeId>),
}

#[derive(Debug)]
pub struct Node {
    pub kind: Kind,
    pub span: Span,
}

/// A key written twice in one mapping.
#[derive(Debug, Clone)]
pub struct Duplicate {
    pub key: String,
    pub first: Span,
    pub second: Span,
}

#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

/// One parsed YAML document: the tree (as far as the parser got), and what was wrong with it.
#[derive(Debug, Default)]
pub struct Document {
    nodes: Vec<Node>,
    root: Option<NodeId>,
    pub error: Option<SyntaxError>,
    pub duplicates: Vec<Duplicate>,
}

/// A borrowed view of a node, with the accessors that rules and front-ends use.
#[derive(Clone, Copy)]
pub struct NodeRef<'a> {
    doc: &'a Document,
    id: NodeId,
}

impl std::fmt::Debug for NodeRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NodeRef({:?})", self.node())
    }
}

impl<'a> NodeRef<'a> {
    fn node(&self) -> &'a Node {
        &self.doc.nodes[self.id]
    }

    /// Where the node is written (for an alias: the alias itself, not its anchor).
    pub fn span(&self) -> Span {
        self.node().span
    }

    /// The node an alias points to (one step: YAML aliases never point to aliases).
    pub fn resolved(self) -> NodeRef<'a> {
        match self.node().kind {
            Kind::Alias(Some(target)) => NodeRef {
                doc: self.doc,
                id: target,
            },
            _ => self,
        }
    }

    pub fn kind(&self) -> &'a Kind {
        &self.resolved().node().kind
    }

    /// The scalar's text and style, if the node (after aliases) is a scalar.
    pub fn as_scalar(&self) -> Option<(&'a str, Style)> {
        match self.kind() {
            Kind::Scalar { value, style, .. } => Some((value.as_str(), *style)),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&'a str> {
        self.as_scalar().map(|(v, _)| v)
    }

    /// What PyYAML's `safe_load` would make of this node.
    pub fn yaml11(&self) -> yaml11::Value {
        match self.kind() {
            Kind::Scalar {
                value,
                style,
                tagged,
            } => {
                if *tagged || !style.is_plain() {
                    yaml11::Value::Str
                } else {
                    yaml11::resolve(value)
                }
            }
            Kind::Sequence(_) => yaml11::Value::Sequence,
            Kind::Mapping(_) => yaml11::Value::Mapping,
            Kind::Alias(None) => yaml11::Value::Null,
            Kind::Alias(Some(_)) => unreachable!("resolved() follows aliases"),
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.yaml11(), yaml11::Value::Null)
    }

    pub fn entries(&self) -> impl Iterator<Item = (NodeRef<'a>, NodeRef<'a>)> + 'a {
        let doc = self.doc;
        let entries: &'a [(NodeId, NodeId)] = match self.kind() {
            Kind::Mapping(entries) => entries,
            _ => &[],
        };
        entries
            .iter()
            .map(move |&(k, v)| (NodeRef { doc, id: k }, NodeRef { doc, id: v }))
    }

    pub fn items(&self) -> impl Iterator<Item = NodeRef<'a>> + 'a {
        let doc = self.doc;
        let items: &'a [NodeId] = match self.kind() {
            Kind::Sequence(items) => items,
            _ => &[],
        };
        items.iter().map(move |&id| NodeRef { doc, id })
    }

    pub fn is_mapping(&self) -> bool {
        matches!(self.kind(), Kind::Mapping(_))
    }

    pub fn is_sequence(&self) -> bool {
        matches!(self.kind(), Kind::Sequence(_))
    }

    /// The value of `key` in a mapping; the *last* one when the key is duplicated, as PyYAML does.
    pub fn get(&self, key: &str) -> Option<NodeRef<'a>> {
        self.get_entry(key).map(|(_, v)| v)
    }

    pub fn get_entry(&self, key: &str) -> Option<(NodeRef<'a>, NodeRef<'a>)> {
        self.entries()
            .filter(|(k, _)| k.as_str() == Some(key))
            .last()
    }
}

impl Document {
    /// Every scalar of the document (keys included), with its decoded value and its span.
    pub fn scalars(&self) -> impl Iterator<Item = (&str, Span)> + '_ {
        self.nodes.iter().filter_map(|n| match &n.kind {
            Kind::Scalar { value, .. } => Some((value.as_str(), n.span)),
            _ => None,
        })
    }

    pub fn root(&self) -> Option<NodeRef<'_>> {
        self.root.map(|id| NodeRef { doc: self, id })
    }

    /// Parse the text of `file` (its first document; a second one is a syntax error, as for
    /// PyYAML's `safe_load`).
    pub fn parse(file: &SourceFile) -> Document {
        Builder::new(file).run()
    }

    /// Parse a text that is not a whole file (a YAML block inside Markdown, say), with spans
    /// relative to the start of `text`.
    pub fn parse_str(text: &str) -> Document {
        let file = SourceFile::new("", "", text.to_string());
        Builder::new(&file).run()
    }
}

/// Turns the parser's character indices into byte offsets, cheaply for the usual forward walk.
struct Offsets<'a> {
    text: &'a str,
    ascii: bool,
    char_pos: usize,
    byte_pos: usize,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        Offsets {
            text,
            ascii: text.is_ascii(),
            char_pos: 0,
            byte_pos: 0,
        }
    }

    fn byte(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        if char_index < self.char_pos {
            self.char_pos = 0;
            self.byte_pos = 0;
        }
        let mut chars = self.text[self.byte_pos..].chars();
        while self.char_pos < char_index {
            match chars.next() {
                Some(c) => {
                    self.char_pos += 1;
                    self.byte_pos += c.len_utf8();
                }
                None => break,
            }
        }
        self.byte_pos
    }
}

enum Frame {
    Sequence {
        id: NodeId,
        anchor: usize,
    },
    Mapping {
        id: NodeId,
        anchor: usize,
        pending_key: Option<NodeId>,
        seen: SeenKeys,
    },
}

/// A mapping's keys so far, to find one given twice; a key is its text and whether it is a
/// string (`1` and `"1"` are different keys). Most mappings have a few keys, compared one by
/// one; past [`FEW_KEYS`] a table makes each lookup constant (an inputs file's `inputs:` may
/// hold thousands). Keys are node numbers: no text is copied.
#[derive(Default)]
struct SeenKeys {
    keys: Vec<(NodeId, bool)>,
    /// Indexes into `keys`, by the hash of the key, once there are more than [`FEW_KEYS`].
    table: Option<(hashbrown::HashTable<usize>, foldhash::fast::RandomState)>,
}

const FEW_KEYS: usize = 8;

impl SeenKeys {
    /// The first key like `id` (its text `value`), or `None` after recording `id` as new.
    fn first_like(
        &mut self,
        nodes: &[Node],
        id: NodeId,
        value: &str,
        is_string: bool,
    ) -> Option<NodeId> {
        use std::hash::BuildHasher;
        let text = |key: NodeId| match &nodes[key].kind {
            Kind::Scalar { value, .. } => value.as_str(),
            _ => "",
        };
        let keys = &self.keys;
        let same = |&(key, string): &(NodeId, bool)| string == is_string && text(key) == value;
        if self.table.is_none() && keys.len() >= FEW_KEYS {
            let state = foldhash::fast::RandomState::default();
            let mut table = hashbrown::HashTable::with_capacity(keys.len() * 2);
            // `keys` holds each key once (a repeated one is reported, not recorded).
            for (i, &(key, string)) in keys.iter().enumerate() {
                table.insert_unique(state.hash_one((text(key), string)), i, |&j: &usize| {
                    state.hash_one((text(keys[j].0), keys[j].1))
                });
            }
            self.table = Some((table, state));
        }
        let first = match &mut self.table {
            None => keys.iter().find(|k| same(k)).map(|&(key, _)| key),
            Some((table, state)) => {
                let hash = state.hash_one((value, is_string));
                match table.find(hash, |&j| same(&keys[j])) {
                    Some(&j) => Some(keys[j].0),
                    None => {
                        table.insert_unique(hash, keys.len(), |&j| {
                            state.hash_one((text(keys[j].0), keys[j].1))
                        });
                        None
                    }
                }
            }
        };
        if first.is_none() {
            self.keys.push((id, is_string));
        }
        first
    }
}

struct Builder<'a> {
    text: &'a str,
    offsets: Offsets<'a>,
    doc: Document,
    stack: Vec<Frame>,
    anchors: HashMap<usize, NodeId>,
}

impl<'a> Builder<'a> {
    fn new(file: &'a SourceFile) -> Self {
        Builder {
            text: &file.text,
            offsets: Offsets::new(&file.text),
            doc: Document {
                // Two nodes a line (a key and its value), reserved up front: growing the tree by
                // doubling held the old array beside the new one, half again its size at the
                // peak. Reserved pages never used cost no memory; the reservation is bounded by
                // the text (a file of blank lines holds no nodes).
                nodes: Vec::with_capacity(
                    (memchr::memchr_iter(b'\n', file.text.as_bytes()).count() * 2 + 1)
                        .min(file.text.len() / 4 + 1),
                ),
                ..Document::default()
            },
            stack: Vec::new(),
            anchors: HashMap::new(),
        }
    }

    fn span(&mut self, s: saphyr_parser::Span) -> Span {
        let start = self.offsets.byte(s.start.index());
        let end = self.offsets.byte(s.end.index());
        Span::new(start, end)
    }

    fn error_at(&mut self, e: &ScanError) -> SyntaxError {
        let at = self.offsets.byte(e.marker().index());
        SyntaxError {
            span: self.token_span_at(at),
            message: describe_scan_error(e.info()),
        }
    }

    /// A short span starting at `at`: the rest of the word there, so that a caret shows.
    fn token_span_at(&self, at: usize) -> Span {
        let rest = &self.text[at.min(self.text.len())..];
        let len = rest
            .char_indices()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(rest.len(), |(i, _)| i);
        Span::new(at, at + len.min(80))
    }

    fn run(mut self) -> Document {
        let text = self.text;
        let mut parser = Parser::new_from_str(text);
        let mut documents = 0usize;
        while let Some(next) = parser.next_event() {
            let (event, span) = match next {
                Ok(ev) => ev,
                Err(e) => {
                    self.doc.error = Some(self.error_at(&e));
                    break;
                }
            };
            let span = self.span(span);
            match event {
                Event::StreamStart | Event::Nothing | Event::DocumentEnd => {}
                Event::StreamEnd => break,
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        self.doc.error = Some(SyntaxError {
                            span: self.token_span_at(span.start),
                            message: "expected a single document in the stream, but found another \
                                      document"
                                .into(),
                        });
                        break;
                    }
                }
                Event::Alias(anchor) => {
                    let target = self.anchors.get(&anchor).copied();
                    let id = self.push(Kind::Alias(target), span);
                    self.attach(id);
                }
                Event::Scalar(value, style, anchor, tag) => {
                    let id = self.push(
                        Kind::Scalar {
                            value: exact(value),
                            style: convert_style(style),
                            tagged: tag.is_some(),
                        },
                        span,
                    );
                    if anchor > 0 {
                        self.anchors.insert(anchor, id);
                    }
                    self.attach(id);
                }
                Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                    if self.stack.len() >= MAX_DEPTH {
                        self.doc.error = Some(SyntaxError {
                            span: self.token_span_at(span.start),
                            message: format!(
                                "nesting deeper than {MAX_DEPTH} levels; amlint stops reading here"
                            ),
                        });
                        break;
                    }
                    let frame = if matches!(event, Event::SequenceStart(..)) {
                        let id = self.push(Kind::Sequence(Vec::new()), span);
                        Frame::Sequence { id, anchor }
                    } else {
                        let id = self.push(Kind::Mapping(Vec::new()), span);
                        Frame::Mapping {
                            id,
                            anchor,
                            pending_key: None,
                            seen: SeenKeys::default(),
                        }
                    };
                    self.stack.push(frame);
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    if let Some(frame) = self.stack.pop() {
                        let (id, anchor) = match frame {
                            Frame::Sequence { id, anchor } | Frame::Mapping { id, anchor, .. } => {
                                (id, anchor)
                            }
                        };
                        // Block collections end where their last child ends.
                        let end = span.end.max(self.doc.nodes[id].span.end);
                        let end = self.last_child_end(id).map_or(end, |e| end.max(e));
                        self.doc.nodes[id].span.end = end;
                        if anchor > 0 {
                            self.anchors.insert(anchor, id);
                        }
                        self.attach(id);
                    }
                }
            }
        }
        // A tree left open by an error is still useful: close what is on the stack.
        while let Some(frame) = self.stack.pop() {
            let id = match frame {
                Frame::Sequence { id, .. } | Frame::Mapping { id, .. } => id,
            };
            self.attach(id);
        }
        self.doc
    }

    fn last_child_end(&self, id: NodeId) -> Option<usize> {
        let last = match &self.doc.nodes[id].kind {
            Kind::Sequence(items) => items.last().copied(),
            Kind::Mapping(entries) => entries.last().map(|&(_, v)| v),
            _ => None,
        }?;
        Some(self.doc.nodes[last].span.end)
    }

    fn push(&mut self, kind: Kind, span: Span) -> NodeId {
        self.doc.nodes.push(Node { kind, span });
        self.doc.nodes.len() - 1
    }

    /// Hang a finished node on its parent (or make it the root).
    fn attach(&mut self, id: NodeId) {
        let Some(frame) = self.stack.last_mut() else {
            if self.doc.root.is_none() {
                self.doc.root = Some(id);
            }
            return;
        };
        match frame {
            Frame::Sequence { id: parent, .. } => {
                if let Kind::Sequence(items) = &mut self.doc.nodes[*parent].kind {
                    items.push(id);
                }
            }
            Frame::Mapping {
                id: parent,
                pending_key,
                seen,
                ..
            } => match pending_key.take() {
                None => {
                    let key_node = &self.doc.nodes[id];
                    if let Kind::Scalar { value, style, .. } = &key_node.kind {
                        let is_string = !style.is_plain()
                            || matches!(yaml11::resolve(value), yaml11::Value::Str);
                        if let Some(first) = seen.first_like(&self.doc.nodes, id, value, is_string)
                        {
                            self.doc.duplicates.push(Duplicate {
                                key: value.clone(),
                                first: self.doc.nodes[first].span,
                                second: key_node.span,
                            });
                        }
                    }
                    *pending_key = Some(id);
                }
                Some(key) => {
                    if let Kind::Mapping(entries) = &mut self.doc.nodes[*parent].kind {
                        entries.push((key, id));
                    }
                }
            },
        }
    }
}

/// A scalar's text at its own size: the scanner grows the strings it builds by doubling, and a
/// tree of 60,000 scalars kept the slack of each.
fn exact(value: std::borrow::Cow<'_, str>) -> String {
    let mut value = value.into_owned();
    value.shrink_to_fit();
    value
}

fn convert_style(style: ScalarStyle) -> Style {
    match style {
        ScalarStyle::Plain => Style::Plain,
        ScalarStyle::SingleQuoted => Style::SingleQuoted,
        ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
        ScalarStyle::Literal => Style::Literal,
        ScalarStyle::Folded => Style::Folded,
    }
}

/// The parser's messages are terse; say what was expected in words a user knows.
fn describe_scan_error(info: &str) -> String {
    let hint = match info {
        i if i.contains("mapping values are not allowed") => {
            " (a `key: value` where a plain value was expected: quote the value, or check the \
             indentation)"
        }
        i if i.contains("did not find expected key") => {
            " (check the indentation of this line against the keys above it)"
        }
        i if i.contains("tabs") || i.contains("tab") => " (YAML indentation must use spaces)",
        i if i.contains("unclosed quote") || i.contains("end of stream") => {
            " (a quoted string or a `[`/`{` collection is not closed)"
        }
        _ => "",
    };
    format!("{info}{hint}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (SourceFile, Document) {
        let file = SourceFile::new("t.yml", "t.yml", text.to_string());
        let doc = Document::parse(&file);
        (file, doc)
    }

    #[test]
    fn keys_and_values_carry_exact_spans() {
        let (file, doc) = parse("inputs:\n  heart-data:\n    type: uri_folder\n");
        let root = doc.root().unwrap();
        let (key, inputs) = root.get_entry("inputs").unwrap();
        assert_eq!(file.slice(key.span()), "inputs");
        let (name, spec) = inputs.entries().next().unwrap();
        assert_eq!(file.slice(name.span()), "heart-data");
        assert_eq!(file.line_col(name.span().start).column, 3);
        let ty = spec.get("type").unwrap();
        assert_eq!(file.slice(ty.span()), "uri_folder");
    }

    #[test]
    fn quoted_scalars_keep_their_style() {
        let (_, doc) = parse("a: no\nb: \"no\"\nc: 'no'\n");
        let root = doc.root().unwrap();
        assert_eq!(root.get("a").unwrap().as_scalar().unwrap().1, Style::Plain);
        assert_eq!(
            root.get("b").unwrap().as_scalar().unwrap().1,
            Style::DoubleQuoted
        );
        assert_eq!(root.get("a").unwrap().yaml11(), yaml11::Value::Bool(false));
        assert_eq!(root.get("c").unwrap().yaml11(), yaml11::Value::Str);
    }

    #[test]
    fn duplicate_keys_are_reported_and_the_last_wins() {
        let (file, doc) = parse("a: 1\nb: 2\na: 3\n");
        assert_eq!(doc.duplicates.len(), 1);
        let dup = &doc.duplicates[0];
        assert_eq!(file.line_col(dup.first.start).line, 1);
        assert_eq!(file.line_col(dup.second.start).line, 3);
        assert_eq!(doc.root().unwrap().get("a").unwrap().as_str(), Some("3"));
    }

    /// Small mappings compare keys one by one, large ones through a table: both find every
    /// repeated key, against its first occurrence, and tell `1` from `"1"`.
    #[test]
    fn duplicate_keys_are_found_in_small_and_large_mappings() {
        for keys in [3, FEW_KEYS, FEW_KEYS + 1, 40] {
            let mut text = String::from("1: int\n");
            for i in 0..keys {
                text.push_str(&format!("k{i}: v\n"));
            }
            // The first key again, a string `1` (not a duplicate of the integer), the integer
            // again, and every key once more.
            text.push_str("k0: again\n'1': str\n1: int again\n");
            for i in 0..keys {
                text.push_str(&format!("k{i}: again\n"));
            }
            let (file, doc) = parse(&text);
            let found: Vec<(String, usize, usize)> = doc
                .duplicates
                .iter()
                .map(|d| {
                    let line = |span: Span| file.line_col(span.start).line;
                    (d.key.clone(), line(d.first), line(d.second))
                })
                .collect();
            let mut expected = vec![
                ("k0".to_string(), 2, keys + 2),
                ("1".to_string(), 1, keys + 4),
            ];
            for i in 0..keys {
                expected.push((format!("k{i}"), i + 2, keys + 5 + i));
            }
            assert_eq!(found, expected, "{keys} keys");
        }
    }

    #[test]
    fn spans_are_bytes_on_non_ascii_lines() {
        let (file, doc) = parse("# é日本\nk: 'ü'\nname: x\n");
        let (key, _) = doc.root().unwrap().get_entry("name").unwrap();
        assert_eq!(file.slice(key.span()), "name");
    }

    #[test]
    fn syntax_errors_have_a_position_and_keep_the_tree_so_far() {
        let (file, doc) = parse("inputs:\n  a: [1, 2\n");
        let err = doc.error.expect("error");
        assert!(file.line_col(err.span.start).line >= 2, "{err:?}");
    }

    #[test]
    fn a_second_document_is_an_error() {
        let (_, doc) = parse("a: 1\n---\nb: 2\n");
        assert!(doc.error.unwrap().message.contains("single document"));
    }

    #[test]
    fn aliases_are_links_not_copies() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            text.push_str(&format!(
                "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let (_, doc) = parse(&text);
        assert!(doc.error.is_none());
        assert!(doc.nodes.len() < 200);
        assert!(doc.root().unwrap().get("i").unwrap().is_sequence());
    }

    #[test]
    fn deep_nesting_stops_with_an_error_not_a_stack_overflow() {
        let text = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
        let (_, doc) = parse(&text);
        let message = doc.error.unwrap().message;
        assert!(
            message.contains("nesting") || message.contains("recursion"),
            "{message}"
        );
    }
}
