//! What a command line says beyond inputs and outputs: its flags as written and matched, its
//! `--set` items. Filled by the command-line front-end, read by the command-line rules.

use crate::model::Value;
use crate::span::Span;

/// One flag of `az ml batch-endpoint invoke`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlagSpec {
    pub long: &'static str,
    pub short: Option<&'static str>,
    pub takes_value: bool,
}

/// How a written flag matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlagMatch {
    Exact(FlagSpec),
    /// A unique prefix of a flag (argparse accepts it).
    Abbreviation(FlagSpec),
    /// A prefix of several flags: argparse stops with "ambiguous option".
    Ambiguous(Vec<&'static str>),
    /// A removed flag of the 2021–2022 syntax.
    Legacy,
    Unknown,
}

/// One flag as written, with its value.
#[derive(Clone, Debug)]
pub struct FlagUse {
    pub written: String,
    pub span: Span,
    pub matched: FlagMatch,
    /// The values it took (`--set` takes several).
    pub values: Vec<Value>,
}

impl FlagUse {
    pub fn long(&self) -> Option<&'static str> {
        match &self.matched {
            FlagMatch::Exact(f) | FlagMatch::Abbreviation(f) => Some(f.long),
            _ => None,
        }
    }
}

/// One `--set` item.
#[derive(Clone, Debug)]
pub struct SetItem {
    pub key: String,
    pub key_span: Span,
    /// The value after `=`, or the next word for the space form `--set KEY VALUE`.
    pub value: Option<Value>,
    /// Written `KEY=VALUE`.
    pub has_equals: bool,
    /// The whole item (both words of the space form).
    pub span: Span,
}

/// What a command line says beyond inputs and outputs, for the command-line rules.
#[derive(Clone, Debug, Default)]
pub struct CommandLine {
    /// From `az` to `invoke`.
    pub command_span: Span,
    pub flags: Vec<FlagUse>,
    pub set_items: Vec<SetItem>,
    /// `JOB = $(az ml batch-endpoint invoke …)`: the span of ` = `.
    pub assignment_with_spaces: Option<Span>,
    /// `az ml endpoint invoke --type batch` (2021 preview).
    pub legacy_command: bool,
    /// An unknown word where a flag was expected (`$EXTRA_ARGS`): the command is not fully known.
    pub incomplete: bool,
    /// Words that are not flags nor flag values (argparse: "unrecognized arguments").
    pub stray_words: Vec<Value>,
    /// Whether the file named by `--file` declares inputs (`None`: no `--file`, or unreadable).
    pub file_has_inputs: Option<bool>,
    /// The `deployment:` and `endpoint:` the `--file` names (the CLI reads them when `-d` and
    /// `--name` are absent).
    pub file_deployment: Option<String>,
    pub file_endpoint: Option<String>,
}

impl CommandLine {
    /// Every use of the flag whose long name is `long` (exact or abbreviated).
    pub fn uses<'a>(&'a self, long: &'a str) -> impl Iterator<Item = &'a FlagUse> + 'a {
        self.flags.iter().filter(move |f| f.long() == Some(long))
    }

    pub fn value_of<'a>(&'a self, long: &'a str) -> Option<&'a Value> {
        self.uses(long).last().and_then(|f| f.values.first())
    }
}
