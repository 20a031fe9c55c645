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
use std::sync::Arc;

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

/// What a node is (its content is read through [`NodeRef`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Scalar,
    Sequence,
    Mapping,
    /// An alias whose anchor is unknown (a known one reads as its anchor's node).
    Alias,
}

/// No node: the end of a list of children, an alias without its anchor.
const NONE: u32 = u32::MAX;
/// A scalar whose value is its source text exactly (most plain scalars).
const AS_WRITTEN: u32 = u32::MAX;
/// A scalar whose value is its source text between its quotes.
const INSIDE_QUOTES: u32 = u32::MAX - 1;

/// One node in 20 bytes: a dense file holds millions (`[1,1,1,…]` is a node every two bytes),
/// so nothing is owned per node. A scalar's value is a range of the source text whenever it is
/// written as it reads; only the others (escapes, folded lines) are kept, in one string. A
/// collection's children are a chain through `next`, in the order written (a mapping's keys and
/// values alternate).
#[derive(Clone, Copy, Debug)]
struct Node {
    start: u32,
    end: u32,
    /// A scalar: [`AS_WRITTEN`], [`INSIDE_QUOTES`] or its index in `Document::decoded`; a
    /// collection: its first child; an alias: its anchor's node (or [`NONE`]).
    data: u32,
    /// The next child of the same collection.
    next: u32,
    kind: Kind,
    style: Style,
    /// An explicit tag such as `!!str` (then PyYAML does not resolve the scalar implicitly).
    tagged: bool,
}

/// A key written twice in one mapping.
#[derive(Debug, Clone)]
pub struct Duplicate<'a> {
    pub key: &'a str,
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
    /// The text parsed: scalars written as they read are ranges of it.
    text: Arc<str>,
    nodes: Vec<Node>,
    /// The values of scalars that do not read as written, one after the other, and where each
    /// is in it.
    decoded: String,
    decoded_at: Vec<(u32, u32)>,
    root: Option<NodeId>,
    pub error: Option<SyntaxError>,
    /// Each key written again in its mapping, and the first one like it.
    duplicates: Vec<(u32, u32)>,
}

/// A borrowed view of a node, with the accessors that rules and front-ends use.
#[derive(Clone, Copy)]
pub struct NodeRef<'a> {
    doc: &'a Document,
    id: NodeId,
}

impl std::fmt::Debug for NodeRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "NodeRef({:?} {:?} {:?})",
            self.node().kind,
            self.span(),
            self.as_str()
        )
    }
}

/// The children of a collection, in the order written.
struct Children<'a> {
    doc: &'a Document,
    next: u32,
}

impl Iterator for Children<'_> {
    type Item = NodeId;

    fn next(&mut self) -> Option<NodeId> {
        if self.next == NONE {
            return None;
        }
        let id = self.next as NodeId;
        self.next = self.doc.nodes[id].next;
        Some(id)
    }
}

impl<'a> NodeRef<'a> {
    fn node(&self) -> &'a Node {
        &self.doc.nodes[self.id]
    }

    /// Where the node is written (for an alias: the alias itself, not its anchor).
    pub fn span(&self) -> Span {
        let node = self.node();
        Span::new(node.start as usize, node.end as usize)
    }

    /// The node an alias points to (one step: YAML aliases never point to aliases).
    pub fn resolved(self) -> NodeRef<'a> {
        let node = self.node();
        if node.kind == Kind::Alias && node.data != NONE {
            NodeRef {
                doc: self.doc,
                id: node.data as NodeId,
            }
        } else {
            self
        }
    }

    /// How many keys of the document repeat one before them in their mapping.
    pub fn duplicates_in_document(&self) -> usize {
        self.doc.duplicates.len()
    }

    /// Which node this is in its document (an alias and the node it points to are two).
    pub fn id(&self) -> NodeId {
        self.id
    }

    pub fn kind(&self) -> Kind {
        self.resolved().node().kind
    }

    /// The scalar's text and style, if the node (after aliases) is a scalar.
    pub fn as_scalar(&self) -> Option<(&'a str, Style)> {
        let node = self.resolved();
        let n = node.node();
        (n.kind == Kind::Scalar).then(|| (self.doc.value(node.id), n.style))
    }

    pub fn as_str(&self) -> Option<&'a str> {
        self.as_scalar().map(|(v, _)| v)
    }

    /// What PyYAML's `safe_load` would make of this node.
    pub fn yaml11(&self) -> yaml11::Value {
        let node = self.resolved();
        let n = node.node();
        match n.kind {
            Kind::Scalar => {
                if n.tagged || !n.style.is_plain() {
                    yaml11::Value::Str
                } else {
                    yaml11::resolve(self.doc.value(node.id))
                }
            }
            Kind::Sequence => yaml11::Value::Sequence,
            Kind::Mapping => yaml11::Value::Mapping,
            Kind::Alias => yaml11::Value::Null,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.yaml11(), yaml11::Value::Null)
    }

    /// The children of the node (after aliases) when it is a collection of `kind`.
    fn children(&self, kind: Kind) -> Children<'a> {
        let n = self.resolved().node();
        Children {
            doc: self.doc,
            next: if n.kind == kind { n.data } else { NONE },
        }
    }

    pub fn entries(&self) -> impl Iterator<Item = (NodeRef<'a>, NodeRef<'a>)> + 'a {
        let doc = self.doc;
        let mut children = self.children(Kind::Mapping);
        std::iter::from_fn(move || {
            let key = children.next()?;
            let value = children.next()?;
            Some((NodeRef { doc, id: key }, NodeRef { doc, id: value }))
        })
    }

    pub fn items(&self) -> impl Iterator<Item = NodeRef<'a>> + 'a {
        let doc = self.doc;
        self.children(Kind::Sequence)
            .map(move |id| NodeRef { doc, id })
    }

    pub fn is_mapping(&self) -> bool {
        self.kind() == Kind::Mapping
    }

    pub fn is_sequence(&self) -> bool {
        self.kind() == Kind::Sequence
    }

    /// The value of `key` in a mapping; the *last* one when the key is duplicated, as PyYAML does.
    pub fn get(&self, key: &str) -> Option<NodeRef<'a>> {
        self.get_entry(key).map(|(_, v)| v)
    }

    pub fn get_entry(&self, key: &str) -> Option<(NodeRef<'a>, NodeRef<'a>)> {
        // Each key is compared where it is written, its length first: the rules and discovery
        // ask a file's mappings for their keys dozens of times.
        let doc = self.doc;
        let mut children = self.children(Kind::Mapping);
        let mut found = None;
        while let (Some(k), Some(v)) = (children.next(), children.next()) {
            if doc.scalar_is(k, key) {
                found = Some((NodeRef { doc, id: k }, NodeRef { doc, id: v }));
            }
        }
        found
    }
}

impl Document {
    /// Whether node `id` is a scalar (or an alias of one) whose value is `want`: what
    /// `as_str() == Some(want)` says, without slicing a value of another length.
    fn scalar_is(&self, id: NodeId, want: &str) -> bool {
        let n = &self.nodes[id];
        let (start, end) = match (n.kind, n.data) {
            (Kind::Scalar, AS_WRITTEN) => (n.start, n.end),
            (Kind::Scalar, INSIDE_QUOTES) => (n.start + 1, n.end - 1),
            (Kind::Scalar | Kind::Alias, _) => {
                return NodeRef { doc: self, id }.as_str() == Some(want);
            }
            _ => return false,
        };
        (end - start) as usize == want.len()
            && self.text.as_bytes()[start as usize..end as usize] == *want.as_bytes()
    }

    /// The value of scalar `id` (empty for any other node).
    fn value(&self, id: NodeId) -> &str {
        let n = &self.nodes[id];
        if n.kind != Kind::Scalar {
            return "";
        }
        let (start, end) = match n.data {
            AS_WRITTEN => (n.start, n.end),
            INSIDE_QUOTES => (n.start + 1, n.end - 1),
            i => {
                let (start, end) = self.decoded_at[i as usize];
                return &self.decoded[start as usize..end as usize];
            }
        };
        &self.text[start as usize..end as usize]
    }

    /// Every scalar of the document (keys included), with its decoded value and its span.
    pub fn scalars(&self) -> impl Iterator<Item = (&str, Span)> + '_ {
        (0..self.nodes.len())
            .filter(|&id| self.nodes[id].kind == Kind::Scalar)
            .map(|id| {
                let n = &self.nodes[id];
                (self.value(id), Span::new(n.start as usize, n.end as usize))
            })
    }

    /// Each key written twice in one mapping, at its second place, with its first.
    pub fn duplicates(&self) -> impl Iterator<Item = Duplicate<'_>> + '_ {
        self.duplicates.iter().map(|&(first, second)| {
            let at = |id: u32| {
                let n = &self.nodes[id as usize];
                Span::new(n.start as usize, n.end as usize)
            };
            Duplicate {
                key: self.value(second as usize),
                first: at(first),
                second: at(second),
            }
        })
    }

    pub fn root(&self) -> Option<NodeRef<'_>> {
        self.root.map(|id| NodeRef { doc: self, id })
    }

    /// Parse the text of `file` (its first document; a second one is a syntax error, as for
    /// PyYAML's `safe_load`).
    pub fn parse(file: &SourceFile) -> Document {
        Builder::build(file.text.clone())
    }

    /// Parse a text that is not a whole file (a YAML block inside Markdown, say), with spans
    /// relative to the start of `text`.
    pub fn parse_str(text: &str) -> Document {
        // As a file's text: without a byte order mark.
        Builder::build(text.strip_prefix('\u{feff}').unwrap_or(text).into())
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

/// A collection being read: its node, its anchor, and its last child so far.
struct Frame {
    id: NodeId,
    anchor: usize,
    last: u32,
    /// A mapping's key waiting for its value.
    pending_key: Option<NodeId>,
    /// A mapping's keys so far.
    seen: Option<SeenKeys>,
}

/// A mapping's keys so far, to find one given twice; a key is its text and whether it is a
/// string (`1` and `"1"` are different keys). Most mappings have a few keys, compared one by
/// one; past [`FEW_KEYS`] a table makes each lookup constant (an inputs file's `inputs:` may
/// hold thousands). Keys are node numbers: no text is copied.
#[derive(Default)]
struct SeenKeys {
    keys: Vec<(u32, bool)>,
    /// Indexes into `keys`, by the hash of the key, once there are more than [`FEW_KEYS`].
    table: Option<(hashbrown::HashTable<u32>, foldhash::fast::RandomState)>,
}

const FEW_KEYS: usize = 8;

impl SeenKeys {
    /// The first key like `id` (its text `value`), or `None` after recording `id` as new.
    fn first_like(
        &mut self,
        doc: &Document,
        id: NodeId,
        value: &str,
        is_string: bool,
    ) -> Option<NodeId> {
        use std::hash::BuildHasher;
        let text = |key: u32| doc.value(key as NodeId);
        let keys = &self.keys;
        let same = |&(key, string): &(u32, bool)| string == is_string && text(key) == value;
        if self.table.is_none() && keys.len() >= FEW_KEYS {
            let state = foldhash::fast::RandomState::default();
            let mut table = hashbrown::HashTable::with_capacity(keys.len() * 2);
            // `keys` holds each key once (a repeated one is reported, not recorded).
            for (i, &(key, string)) in keys.iter().enumerate() {
                table.insert_unique(state.hash_one((text(key), string)), i as u32, |&j: &u32| {
                    let (key, string) = keys[j as usize];
                    state.hash_one((text(key), string))
                });
            }
            self.table = Some((table, state));
        }
        let first = match &mut self.table {
            None => keys.iter().find(|k| same(k)).map(|&(key, _)| key),
            Some((table, state)) => {
                let hash = state.hash_one((value, is_string));
                match table.find(hash, |&j| same(&keys[j as usize])) {
                    Some(&j) => Some(keys[j as usize].0),
                    None => {
                        table.insert_unique(hash, keys.len() as u32, |&j| {
                            let (key, string) = keys[j as usize];
                            state.hash_one((text(key), string))
                        });
                        None
                    }
                }
            }
        };
        if first.is_none() {
            self.keys.push((id as u32, is_string));
        }
        first.map(|key| key as NodeId)
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
    /// The document of `text`, which it keeps.
    fn build(text: Arc<str>) -> Document {
        let mut builder = Builder::new(&text);
        builder.doc.text = text.clone();
        builder.run()
    }

    fn new(text: &'a str) -> Self {
        Builder {
            text,
            offsets: Offsets::new(text),
            doc: Document {
                // Reserved up front: growing the tree by doubling held the old array beside the
                // new one, half again its size at the peak.
                nodes: Vec::with_capacity(node_estimate(text)),
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
                    let target = self.anchors.get(&anchor).map_or(NONE, |&t| t as u32);
                    let id = self.push(Kind::Alias, span, target, Style::Plain, false);
                    self.attach(id);
                }
                Event::Scalar(value, style, anchor, tag) => {
                    let data = self.scalar_data(&value, span);
                    let id = self.push(
                        Kind::Scalar,
                        span,
                        data,
                        convert_style(style),
                        tag.is_some(),
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
                    let mapping = matches!(event, Event::MappingStart(..));
                    let kind = if mapping {
                        Kind::Mapping
                    } else {
                        Kind::Sequence
                    };
                    let id = self.push(kind, span, NONE, Style::Plain, false);
                    self.stack.push(Frame {
                        id,
                        anchor,
                        last: NONE,
                        pending_key: None,
                        seen: mapping.then(SeenKeys::default),
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    if let Some(frame) = self.stack.pop() {
                        let id = frame.id;
                        // Block collections end where their last child ends.
                        let node = self.doc.nodes[id];
                        let mut end = (span.end as u32).max(node.end);
                        if frame.last != NONE {
                            end = end.max(self.doc.nodes[frame.last as usize].end);
                        }
                        self.doc.nodes[id].end = end;
                        if frame.anchor > 0 {
                            self.anchors.insert(frame.anchor, id);
                        }
                        self.attach(id);
                    }
                }
            }
        }
        // A tree left open by an error is still useful: close what is on the stack.
        while let Some(frame) = self.stack.pop() {
            self.attach(frame.id);
        }
        self.doc
    }

    /// Where a scalar's value is: its own text (written as it reads, or between its quotes),
    /// or a copy when escapes or folded lines make it read otherwise.
    fn scalar_data(&mut self, value: &str, span: Span) -> u32 {
        if let Some(written) = self.text.get(span.start..span.end) {
            if value == written {
                return AS_WRITTEN;
            }
            if written.len() >= 2 && written.get(1..written.len() - 1) == Some(value) {
                return INSIDE_QUOTES;
            }
        }
        let start = self.doc.decoded.len() as u32;
        self.doc.decoded.push_str(value);
        self.doc
            .decoded_at
            .push((start, self.doc.decoded.len() as u32));
        (self.doc.decoded_at.len() - 1) as u32
    }

    fn push(&mut self, kind: Kind, span: Span, data: u32, style: Style, tagged: bool) -> NodeId {
        self.doc.nodes.push(Node {
            start: span.start as u32,
            end: span.end as u32,
            data,
            next: NONE,
            kind,
            style,
            tagged,
        });
        self.doc.nodes.len() - 1
    }

    /// Add `id` to the children of `frame`.
    fn link(nodes: &mut [Node], frame: &mut Frame, id: NodeId) {
        if frame.last == NONE {
            nodes[frame.id].data = id as u32;
        } else {
            nodes[frame.last as usize].next = id as u32;
        }
        frame.last = id as u32;
    }

    /// Hang a finished node on its parent (or make it the root).
    fn attach(&mut self, id: NodeId) {
        let Some(frame) = self.stack.last_mut() else {
            if self.doc.root.is_none() {
                self.doc.root = Some(id);
            }
            return;
        };
        let Some(seen) = &mut frame.seen else {
            Self::link(&mut self.doc.nodes, frame, id);
            return;
        };
        match frame.pending_key.take() {
            None => {
                let key = self.doc.nodes[id];
                if key.kind == Kind::Scalar {
                    let value = self.doc.value(id);
                    let is_string = !key.style.is_plain()
                        || matches!(yaml11::resolve(value), yaml11::Value::Str);
                    if let Some(first) = seen.first_like(&self.doc, id, value, is_string) {
                        self.doc.duplicates.push((first as u32, id as u32));
                    }
                }
                frame.pending_key = Some(id);
            }
            Some(key) => {
                Self::link(&mut self.doc.nodes, frame, key);
                Self::link(&mut self.doc.nodes, frame, id);
            }
        }
    }
}

/// About how many nodes `text` makes, from the bytes that separate them: a line's `key: value`
/// (a colon and a line break), a flow collection's items (commas, a colon each in a mapping), an
/// opening bracket or brace. Seldom under (`{a, b}`: then the tree grows as a list does), never
/// over a node every two bytes (`[1,1,…]`, the densest YAML short of pathological).
fn node_estimate(text: &str) -> usize {
    let separators = text
        .bytes()
        .filter(|b| matches!(b, b'\n' | b':' | b',' | b'[' | b'{'))
        .count();
    (separators + 16).min(text.len() / 2 + 1)
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
mod tests;
