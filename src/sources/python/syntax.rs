//! The Python syntax the front-end reads, whichever parser read the code.
//!
//! Two parsers feed the front-end: a hand-written one for the code nearly every file holds
//! ([`super::fast`]), and tree-sitter-python for everything else (broken code above all). Each
//! gives a *concrete* tree — node kinds named as tree-sitter names them, children in source order
//! with their field — and [`reduce`] turns either into the one [`Tree`] the front-end walks. The
//! reduction keeps only what the front-end can ever ask for:
//!
//! - the structure of values, where a call's arguments, an assignment's right-hand side, a dict's
//!   pairs, a list's items, a parenthesised expression or an f-string's interpolation hold them;
//! - everywhere else (statements, operators, comprehensions, a callee, a tuple, an attribute), only
//!   the outermost calls and assignments below, which is all the walk looks for;
//! - never comments, nor anything inside a string literal but its parts.
//!
//! So the two parsers agree on the reduced tree although they need not agree on the shape of an
//! operator or a comprehension — and the tests compare exactly that.

/// What a node of the reduced tree is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The root: the outermost calls and assignments of the code.
    Module,
    /// An expression or statement the front-end does not read: its outermost calls and
    /// assignments.
    Other,
    /// `left = right` (`left: type = right`): kids are the target, the calls and assignments of
    /// the annotation, and last the value.
    Assignment,
    /// `function(arguments)`: kids are the callee (an [`Kind::Other`]) and the [`Kind::Arguments`].
    Call,
    /// A call's arguments, one kid each (for a generator argument: its calls and assignments).
    Arguments,
    /// `name=value`.
    KeywordArgument,
    /// A string literal: kids are its [`Kind::Content`] and [`Kind::Interpolation`] parts.
    String,
    Content,
    /// `{expression…}` in an f-string: its one kid is the expression.
    Interpolation,
    Integer,
    Float,
    True,
    False,
    None,
    /// `(expression)`: its one kid.
    Parenthesized,
    Identifier,
    /// `object.name`: the calls and assignments of the object.
    Attribute,
    /// `(a, b)`: its calls and assignments.
    Tuple,
    /// `{key: value, …}`: [`Kind::Pair`] kids, and an [`Kind::Other`] for each `**splat`.
    Dictionary,
    Pair,
    /// `[a, b]`: one kid per item.
    List,
}

/// A node kind of a concrete tree, as tree-sitter-python names it; the rest are `Other`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Concrete {
    Module,
    Assignment,
    Call,
    ArgumentList,
    GeneratorExpression,
    KeywordArgument,
    String,
    ConcatenatedString,
    StringContent,
    Interpolation,
    Integer,
    Float,
    True,
    False,
    None,
    ParenthesizedExpression,
    Identifier,
    Attribute,
    Tuple,
    Dictionary,
    Pair,
    List,
    /// Comments and line continuations: never kept.
    Extra,
    Other,
}

/// The field a concrete child fills in its parent, as the grammar names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Left,
    Right,
    Function,
    Arguments,
    Name,
    Value,
    Key,
    Expression,
    /// No field, or one the reduction does not need.
    Unnamed,
}

/// A concrete tree the reduction can read: tree-sitter's or the fast parser's.
pub trait ConcreteTree {
    type Node: Copy;
    fn root(&self) -> Self::Node;
    fn kind(&self, node: Self::Node) -> Concrete;
    fn span(&self, node: Self::Node) -> (usize, usize);
    /// Whether tree-sitter counts the node as named (punctuation and keywords are not).
    fn is_named(&self, node: Self::Node) -> bool;
    /// The children in source order, each with its role, appended to `out`.
    fn children(&self, node: Self::Node, out: &mut Vec<(Self::Node, Role)>);
}

#[derive(Clone, Copy, Debug)]
struct Raw {
    kind: Kind,
    start: u32,
    end: u32,
    kids_start: u32,
    kids_len: u32,
}

/// The reduced tree: nodes in one vector, each node's kids a run of another.
#[derive(Debug, Default)]
pub struct Tree {
    nodes: Vec<Raw>,
    kids: Vec<u32>,
    root: u32,
}

/// A node of a [`Tree`].
#[derive(Clone, Copy)]
pub struct Node<'t> {
    tree: &'t Tree,
    id: u32,
}

impl std::fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?}@{}..{}",
            self.kind(),
            self.start_byte(),
            self.end_byte()
        )
    }
}

impl Tree {
    pub fn root(&self) -> Node<'_> {
        Node {
            tree: self,
            id: self.root,
        }
    }

    /// The tree as nested text, one node a line: what tests compare.
    #[cfg(test)]
    pub fn outline(&self) -> String {
        let mut out = String::new();
        let mut stack = vec![(self.root(), 0usize)];
        while let Some((node, depth)) = stack.pop() {
            out.push_str(&format!("{}{node:?}\n", "  ".repeat(depth)));
            let kids: Vec<Node<'_>> = node.kids().collect();
            stack.extend(kids.into_iter().rev().map(|kid| (kid, depth + 1)));
        }
        out
    }
}

impl<'t> Node<'t> {
    fn raw(&self) -> Raw {
        self.tree.nodes[self.id as usize]
    }

    pub fn kind(&self) -> Kind {
        self.raw().kind
    }

    pub fn start_byte(&self) -> usize {
        self.raw().start as usize
    }

    pub fn end_byte(&self) -> usize {
        self.raw().end as usize
    }

    pub fn kids(&self) -> impl Iterator<Item = Node<'t>> + use<'t> {
        let raw = self.raw();
        let tree = self.tree;
        let range = raw.kids_start as usize..(raw.kids_start + raw.kids_len) as usize;
        tree.kids[range].iter().map(move |&id| Node { tree, id })
    }

    pub fn kid(&self, i: usize) -> Option<Node<'t>> {
        self.kids().nth(i)
    }

    pub fn last_kid(&self) -> Option<Node<'t>> {
        let raw = self.raw();
        (raw.kids_len > 0).then(|| Node {
            tree: self.tree,
            id: self.tree.kids[(raw.kids_start + raw.kids_len - 1) as usize],
        })
    }
}

/// How a concrete node is read, by where it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    /// A value the front-end may evaluate: its structure is kept.
    Value,
    /// Inside something the front-end does not read: only calls and assignments are kept.
    Dissolve,
    /// An assignment's target: an identifier, an attribute, or anything else.
    Target,
    /// A call's callee: read as text, its calls and assignments kept.
    Callee,
    /// A keyword argument's name: read as text.
    Name,
    /// A call's arguments: a list of them, or a generator.
    Arguments,
    /// Punctuation, keywords, and an interpolation's conversion and format spec: skipped.
    Skip,
    /// The root.
    Root,
}

enum Work<N> {
    Visit(N, Slot),
    Close,
}

struct Builder {
    tree: Tree,
    /// Kids of the nodes still open, each node's a run at the end.
    scratch: Vec<u32>,
    /// For each open node: its kind, span and where its kids start in `scratch`.
    open: Vec<(Kind, u32, u32, usize)>,
}

impl Builder {
    fn open(&mut self, kind: Kind, (start, end): (usize, usize)) {
        self.open
            .push((kind, start as u32, end as u32, self.scratch.len()));
    }

    fn close(&mut self) {
        let Some((kind, start, end, from)) = self.open.pop() else {
            return;
        };
        let kids_start = self.tree.kids.len() as u32;
        self.tree.kids.extend(self.scratch.drain(from..));
        let id = self.tree.nodes.len() as u32;
        self.tree.nodes.push(Raw {
            kind,
            start,
            end,
            kids_start,
            kids_len: self.tree.kids.len() as u32 - kids_start,
        });
        self.scratch.push(id);
    }
}

/// The reduced tree of a concrete one. Iterative: no recursion, whatever the nesting.
pub fn reduce<T: ConcreteTree>(concrete: &T) -> Tree {
    let mut builder = Builder {
        tree: Tree::default(),
        scratch: Vec::new(),
        open: Vec::new(),
    };
    let mut work = vec![Work::Visit(concrete.root(), Slot::Root)];
    let mut children = Vec::new();
    while let Some(item) = work.pop() {
        let (node, slot) = match item {
            Work::Close => {
                builder.close();
                continue;
            }
            Work::Visit(node, slot) => (node, slot),
        };
        let concrete_kind = concrete.kind(node);
        if concrete_kind == Concrete::Extra {
            continue;
        }
        let span = concrete.span(node);
        // Listed once per node: an assignment's are asked whether it has a value, then read.
        children.clear();
        let mut listed = false;
        // What the node becomes, and how its children are read (`None`: not at all).
        let (opened, read): Reading = match slot {
            Slot::Skip => continue,
            Slot::Root => (Some(Kind::Module), Some(dissolve)),
            Slot::Name => (Some(Kind::Identifier), None),
            Slot::Arguments => match concrete_kind {
                Concrete::ArgumentList => (Some(Kind::Arguments), Some(named_values)),
                _ => (Some(Kind::Arguments), Some(dissolve)),
            },
            Slot::Target => match concrete_kind {
                Concrete::Identifier => (Some(Kind::Identifier), None),
                Concrete::Attribute => (Some(Kind::Attribute), Some(dissolve)),
                _ => (Some(Kind::Other), Some(dissolve)),
            },
            Slot::Callee => (Some(Kind::Other), Some(dissolve)),
            Slot::Dissolve => match concrete_kind {
                Concrete::Call | Concrete::Assignment => {
                    work.push(Work::Visit(node, Slot::Value));
                    continue;
                }
                // The walk never looks into a string.
                Concrete::String | Concrete::ConcatenatedString => continue,
                _ => (None, Some(dissolve)),
            },
            Slot::Value => {
                if concrete_kind == Concrete::Assignment {
                    concrete.children(node, &mut children);
                    listed = true;
                }
                value_reading(concrete_kind, &children)
            }
        };
        if let Some(kind) = opened {
            builder.open(kind, span);
            work.push(Work::Close);
        }
        if let Some(read) = read {
            if !listed {
                concrete.children(node, &mut children);
            }
            for &(child, role) in children.iter().rev() {
                let named = concrete.is_named(child);
                work.push(Work::Visit(child, read(concrete.kind(child), role, named)));
            }
        }
    }
    builder.tree.root = builder.tree.nodes.len().saturating_sub(1) as u32;
    if builder.tree.nodes.is_empty() {
        builder.tree.nodes.push(Raw {
            kind: Kind::Module,
            start: 0,
            end: 0,
            kids_start: 0,
            kids_len: 0,
        });
    }
    builder.tree
}

fn dissolve(_: Concrete, _: Role, _: bool) -> Slot {
    Slot::Dissolve
}

/// Children that are values where named; punctuation and keywords skipped.
fn named_values(_: Concrete, _: Role, named: bool) -> Slot {
    if named { Slot::Value } else { Slot::Skip }
}

type Reading = (Option<Kind>, Option<fn(Concrete, Role, bool) -> Slot>);

/// What a node standing where a value is read becomes; `children` are listed for an assignment.
fn value_reading<N>(kind: Concrete, children: &[(N, Role)]) -> Reading {
    match kind {
        Concrete::Assignment => {
            // Without a value (`x: int`) nothing is assigned.
            if !children.iter().any(|&(_, role)| role == Role::Right) {
                return (Some(Kind::Other), Some(dissolve));
            }
            (
                Some(Kind::Assignment),
                Some(|_, role, _| match role {
                    Role::Left => Slot::Target,
                    Role::Right => Slot::Value,
                    _ => Slot::Dissolve,
                }),
            )
        }
        Concrete::Call => (
            Some(Kind::Call),
            Some(|_, role, _| match role {
                Role::Function => Slot::Callee,
                Role::Arguments => Slot::Arguments,
                _ => Slot::Skip,
            }),
        ),
        Concrete::KeywordArgument => (
            Some(Kind::KeywordArgument),
            Some(|_, role, _| match role {
                Role::Name => Slot::Name,
                Role::Value => Slot::Value,
                _ => Slot::Skip,
            }),
        ),
        Concrete::String => (
            Some(Kind::String),
            Some(|kind, _, _| match kind {
                Concrete::StringContent | Concrete::Interpolation => Slot::Value,
                _ => Slot::Skip,
            }),
        ),
        Concrete::StringContent => (Some(Kind::Content), None),
        Concrete::Interpolation => (
            Some(Kind::Interpolation),
            Some(|_, role, _| match role {
                Role::Expression => Slot::Value,
                _ => Slot::Skip,
            }),
        ),
        Concrete::Integer => (Some(Kind::Integer), None),
        Concrete::Float => (Some(Kind::Float), None),
        Concrete::True => (Some(Kind::True), None),
        Concrete::False => (Some(Kind::False), None),
        Concrete::None => (Some(Kind::None), None),
        Concrete::Identifier => (Some(Kind::Identifier), None),
        Concrete::ParenthesizedExpression => (Some(Kind::Parenthesized), Some(named_values)),
        Concrete::Attribute => (Some(Kind::Attribute), Some(dissolve)),
        Concrete::Tuple => (Some(Kind::Tuple), Some(dissolve)),
        Concrete::Dictionary => (Some(Kind::Dictionary), Some(named_values)),
        Concrete::Pair => (
            Some(Kind::Pair),
            Some(|_, role, _| match role {
                Role::Key | Role::Value => Slot::Value,
                _ => Slot::Skip,
            }),
        ),
        Concrete::List => (Some(Kind::List), Some(named_values)),
        Concrete::Module
        | Concrete::ArgumentList
        | Concrete::GeneratorExpression
        | Concrete::ConcatenatedString
        | Concrete::Extra
        | Concrete::Other => (Some(Kind::Other), Some(dissolve)),
    }
}

/// tree-sitter-python's tree, read as a concrete tree.
struct TreeSitter<'a> {
    tree: &'a tree_sitter::Tree,
    /// What each node kind of the grammar is, by its number.
    kinds: Vec<Concrete>,
    /// What each field of the grammar is, by its number.
    roles: Vec<Role>,
    cursor: std::cell::RefCell<tree_sitter::TreeCursor<'a>>,
}

impl<'a> TreeSitter<'a> {
    fn new(tree: &'a tree_sitter::Tree) -> TreeSitter<'a> {
        let language = tree.language();
        let kinds = (0..language.node_kind_count() as u16)
            .map(|id| {
                if !language.node_kind_is_named(id) {
                    return Concrete::Other;
                }
                match language.node_kind_for_id(id).unwrap_or("") {
                    "module" => Concrete::Module,
                    "assignment" => Concrete::Assignment,
                    "call" => Concrete::Call,
                    "argument_list" => Concrete::ArgumentList,
                    "generator_expression" => Concrete::GeneratorExpression,
                    "keyword_argument" => Concrete::KeywordArgument,
                    "string" => Concrete::String,
                    "concatenated_string" => Concrete::ConcatenatedString,
                    "string_content" => Concrete::StringContent,
                    "interpolation" => Concrete::Interpolation,
                    "integer" => Concrete::Integer,
                    "float" => Concrete::Float,
                    "true" => Concrete::True,
                    "false" => Concrete::False,
                    "none" => Concrete::None,
                    "parenthesized_expression" => Concrete::ParenthesizedExpression,
                    "identifier" => Concrete::Identifier,
                    "attribute" => Concrete::Attribute,
                    "tuple" => Concrete::Tuple,
                    "dictionary" => Concrete::Dictionary,
                    "pair" => Concrete::Pair,
                    "list" => Concrete::List,
                    "comment" | "line_continuation" => Concrete::Extra,
                    _ => Concrete::Other,
                }
            })
            .collect();
        let roles = (0..=language.field_count() as u16)
            .map(|id| match language.field_name_for_id(id).unwrap_or("") {
                "left" => Role::Left,
                "right" => Role::Right,
                "function" => Role::Function,
                "arguments" => Role::Arguments,
                "name" => Role::Name,
                "value" => Role::Value,
                "key" => Role::Key,
                "expression" => Role::Expression,
                _ => Role::Unnamed,
            })
            .collect();
        TreeSitter {
            tree,
            kinds,
            roles,
            cursor: std::cell::RefCell::new(tree.walk()),
        }
    }
}

impl<'a> ConcreteTree for TreeSitter<'a> {
    type Node = tree_sitter::Node<'a>;

    fn root(&self) -> Self::Node {
        self.tree.root_node()
    }

    fn kind(&self, node: Self::Node) -> Concrete {
        if node.is_error() {
            return Concrete::Other;
        }
        self.kinds
            .get(node.kind_id() as usize)
            .copied()
            .unwrap_or(Concrete::Other)
    }

    fn span(&self, node: Self::Node) -> (usize, usize) {
        (node.start_byte(), node.end_byte())
    }

    fn is_named(&self, node: Self::Node) -> bool {
        node.is_named()
    }

    fn children(&self, node: Self::Node, out: &mut Vec<(Self::Node, Role)>) {
        let mut cursor = self.cursor.borrow_mut();
        cursor.reset(node);
        if !cursor.goto_first_child() {
            return;
        }
        loop {
            let role = cursor
                .field_id()
                .and_then(|id| self.roles.get(id.get() as usize).copied())
                .unwrap_or(Role::Unnamed);
            out.push((cursor.node(), role));
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }
}

/// The reduced tree of `text` as tree-sitter-python parses it (`None`: it could not).
pub fn parse_with_tree_sitter(text: &str) -> Option<Tree> {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .ok()?;
    parser.set_included_ranges(&[code_range(text)?]).ok()?;
    let tree = parser.parse(text, None)?;
    Some(reduce(&TreeSitter::new(&tree)))
}

/// The lines of `text` that hold code (none: `None`). A Markdown fence's region keeps its place
/// in the file, blank everywhere else; the parser is given only the fence's lines, so a document
/// with many fences costs its size once, not once per fence. Blank lines mean nothing in Python,
/// and offsets stay the file's.
fn code_range(text: &str) -> Option<tree_sitter::Range> {
    let first = text.find(|c: char| !c.is_whitespace())?;
    let start_byte = text[..first].rfind('\n').map_or(0, |i| i + 1);
    let end_byte = text.trim_end().len();
    let point = |at: usize| {
        let before = &text[..at];
        let row = before.bytes().filter(|&b| b == b'\n').count();
        let column = at - before.rfind('\n').map_or(0, |i| i + 1);
        tree_sitter::Point { row, column }
    };
    Some(tree_sitter::Range {
        start_byte,
        end_byte,
        start_point: point(start_byte),
        end_point: point(end_byte),
    })
}
