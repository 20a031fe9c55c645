//! Front-ends: each turns one kind of source text into the same [`Invocation`] model, so that
//! every rule applies to every place an invocation can be written.
//!
//! They come in two kinds, each in its own file and listed once in [`registry`]:
//! - a **container** (a plain file, Markdown, a notebook, YAML) finds the embedded [`Region`]s
//!   of a file, each with its [`Language`];
//! - a **language** front-end (shell, PowerShell, Python, JSON) turns a region into
//!   invocations. A YAML region is a container again — an inputs file, batch YAML or a CI
//!   pipeline ([`yaml_file`]) — so nesting such as CI YAML shown in a Markdown fence, or shell
//!   lines in a notebook, falls out of the engine's work list.
//!
//! A region keeps its text at its place (everything else blanked, byte for byte), so every
//! offset a front-end reports is an offset in the file; text decoded from another file (a
//! notebook's JSON strings) carries a byte map back instead.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use crate::model::Invocation;
use crate::model::TokenRequest;
use crate::model::bundle::{DeploymentBundle, Scoring};
use crate::project::BatchFileKind;
use crate::source::Span;
use crate::span::OffsetMap;
use crate::syntax::words::Command;
use crate::syntax::yaml::Document;

use registry::FRONTENDS;
pub use registry::{FileKind, Frontend, Language, regions};

pub mod ci_yaml;
pub mod command_line;
pub mod definitions;
pub mod embedded;
pub mod inputs_file;
pub mod ipython;
pub mod markdown;
pub mod notebook;
pub mod plain;
pub mod powershell;
pub mod python;
pub mod registry;
pub mod rest;
pub mod shell;
pub mod yaml_file;

/// How a file came to be checked: it decides how sure amlint must be of what the file is.
/// What the rules run over: a document amlint reads (an inputs file, batch YAML), or an
/// invocation a front-end read.
/// A piece of a file to run the rules on.
pub enum Unit {
    /// An inputs file: its YAML, and the invocation it describes.
    Inputs {
        doc: Document,
        invocation: Invocation,
    },
    /// A batch endpoint or deployment YAML.
    Batch { doc: Document, kind: BatchFileKind },
    /// YAML that matters to amlint but does not parse: only its syntax is reported.
    Broken(Document),
    /// An invocation written in a command line or an SDK call.
    Invocation(Invocation),
    /// A model deployment defined in Python (a `load_*batch_deployment("…")` call).
    Deployment(Box<DeploymentBundle>),
    /// A `.py` file that a model deployment of the project names as its scoring script.
    Script(Box<Scoring>),
}

impl Unit {
    pub fn invocation(&self) -> Option<&Invocation> {
        match self {
            Unit::Inputs { invocation, .. } | Unit::Invocation(invocation) => Some(invocation),
            _ => None,
        }
    }

    pub fn document(&self) -> Option<&Document> {
        match self {
            Unit::Inputs { doc, .. } | Unit::Batch { doc, .. } | Unit::Broken(doc) => Some(doc),
            _ => None,
        }
    }

    pub fn invocation_mut(&mut self) -> Option<&mut Invocation> {
        match self {
            Unit::Inputs { invocation, .. } | Unit::Invocation(invocation) => Some(invocation),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Found by walking a folder.
    Walked,
    /// Named on the command line (pre-commit names every staged file) or read from stdin.
    Named,
    /// Passed by a command with `--file`: the CLI reads it as an inputs file.
    Followed,
}

/// A piece of a file written in one language.
#[derive(Clone, Debug)]
pub struct Region<'f> {
    pub language: Language,
    /// The region's text. Without `map`, it has the file's length and everything outside the
    /// region is blank, so its offsets are the file's.
    pub text: Cow<'f, str>,
    /// For decoded text: where each byte of `text` is in the file.
    pub map: Option<Arc<OffsetMap>>,
    /// Lines are indented by this many columns that the runner strips before running them (a
    /// YAML block scalar): a here-document's terminator is matched after it.
    pub indent: usize,
    /// The region is the whole file (only a whole YAML file can be batch YAML).
    pub whole_file: bool,
}

impl<'f> Region<'f> {
    /// The whole of a file's text, in one language.
    pub fn whole(language: Language, text: &'f str) -> Region<'f> {
        Region {
            language,
            text: Cow::Borrowed(text),
            map: None,
            indent: 0,
            whole_file: true,
        }
    }

    /// The parts `keep` of `text`, at their place, the rest blanked.
    pub fn blanked(language: Language, text: &str, keep: &[Span]) -> Region<'f> {
        Region {
            language,
            text: Cow::Owned(embedded::blank_outside(text, keep)),
            map: None,
            indent: 0,
            whole_file: false,
        }
    }

    /// The file offset of byte `i` of the region's text.
    pub fn offset(&self, i: usize) -> usize {
        match &self.map {
            None => i,
            Some(map) => map.at(i),
        }
    }

    /// A lexed command with its offsets moved into the file.
    fn place(&self, mut command: Command) -> Command {
        if self.map.is_some() {
            command.remap(&|i: usize| self.offset(i));
        }
        command
    }
}

/// What a language front-end read in a region, collected ([`read`] hands it over as it goes).
#[derive(Debug, Default)]
pub struct Read {
    pub invocations: Vec<Invocation>,
    /// See [`Sink::mask`].
    pub masked: Vec<Span>,
}

/// What a sink holds once its front-end is done: the spans to mask, and the batch deployments
/// and endpoints the region defines.
pub type SinkParts = (Vec<Span>, Vec<Arc<[crate::model::deployment::Definition]>>);

/// Where a language front-end puts what it reads: each invocation as soon as it is built — the
/// engine checks it and lets it go, so a file of 60,000 invocations is never held whole — and
/// the source bytes every report must mask.
pub struct Sink<'s> {
    take: &'s mut dyn FnMut(Invocation),
    masked: Vec<Span>,
    /// The batch deployments and endpoints the region defines (Python), for the rules on
    /// definitions.
    definitions: Vec<Arc<[crate::model::deployment::Definition]>>,
}

impl<'s> Sink<'s> {
    pub fn new(take: &'s mut dyn FnMut(Invocation)) -> Sink<'s> {
        Sink {
            take,
            masked: Vec::new(),
            definitions: Vec::new(),
        }
    }

    /// An invocation read.
    pub fn invocation(&mut self, invocation: Invocation) {
        (self.take)(invocation);
    }

    /// File spans every report must mask, beyond what the credential patterns find in the raw
    /// text: the source bytes of each credential the front-end decoded (a secret split by a
    /// quote or a continuation, `\u0026sig=` in a JSON string) and the definitions of the
    /// variables whose values flow into one (`SIG=…` then `…&sig=$SIG`). Exact bytes: the
    /// engine masks them as they are ([`SourceFile::add_secrets`]). The helpers the shell and
    /// REST front-ends use: [`crate::syntax::words::Word::secret_sources`] (a cooked word with its
    /// byte map and its variables' definitions) and [`crate::syntax::json::secret_spans`] (every
    /// decoded string of a JSON tree whose offsets are the file's).
    pub fn mask(&mut self, spans: impl IntoIterator<Item = Span>) {
        self.masked.extend(spans);
    }

    /// The spans to mask, once the front-end is done.
    pub fn into_masked(self) -> Vec<Span> {
        self.masked
    }

    /// The spans to mask and the definitions read, once the front-end is done.
    pub fn into_parts(self) -> SinkParts {
        (self.masked, self.definitions)
    }
}

/// The Python front-end hands its findings over through its own trait; the sink takes them.
impl python::Found for Sink<'_> {
    fn invocation(&mut self, invocation: Invocation) {
        Sink::invocation(self, invocation);
    }

    fn mask(&mut self, span: Span) {
        self.masked.push(span);
    }

    fn definitions(&mut self, definitions: Arc<[crate::model::deployment::Definition]>) {
        self.definitions.push(definitions);
    }
}

/// Have `sink` mask the source bytes of every credential that the words of `command` hold once
/// cooked (quotes removed, continuations joined, variables resolved), with the definitions it
/// came from. Every word of every command is asked, and most hold none.
fn mask_secrets_in_words(command: &Command, sink: &mut Sink<'_>) {
    for word in &command.words {
        sink.mask(word.secret_sources());
    }
}

/// A reader of REST requests in commands (`curl`, `Invoke-RestMethod`): their invocations, and
/// the spans their decoded bodies ask to mask.
type RequestReader = fn(&[Command], &Path) -> (Vec<Invocation>, Vec<Span>);

/// What a shell or PowerShell front-end does with each command as the lexer ends it: read its
/// invocations (`az ml batch-endpoint invoke`, and a REST request by `requests`), then let the
/// command go.
pub(crate) fn read_command(
    command: Command,
    dir: &Path,
    requests: Option<RequestReader>,
    sink: &mut Sink<'_>,
) {
    let one = std::slice::from_ref(&command);
    for invocation in command_line::invocations(one, dir) {
        sink.invocation(invocation);
    }
    let Some(requests) = requests else {
        mask_secrets_in_words(&command, sink);
        return;
    };
    let (found, masked) = requests(one, dir);
    for invocation in found {
        sink.invocation(invocation);
    }
    sink.mask(masked);
    mask_secrets_in_words(&command, sink);
}

/// Whether a script's REST requests may be batch jobs: not when it works with online endpoints
/// only (`az ml online-endpoint show … --query scoring_uri`), never names a batch endpoint and
/// never writes a `/jobs` URL — its POSTs go to an online endpoint's `/score`, whatever their
/// body holds.
pub(crate) fn posts_batch_jobs(text: &str) -> bool {
    use crate::keywords::holds;
    !holds(text, "online-endpoint") || holds(text, "batch-endpoint") || holds(text, "/jobs")
}

/// [`invocations`], handed to `sink` as they are read.
pub fn read(region: &Region<'_>, base_dir: &Path, sink: &mut Sink<'_>) -> Result<(), String> {
    read_in(FRONTENDS, region, base_dir, sink)
}

/// [`read`] with the front-ends of `frontends` (the registry's, or a test's).
pub fn read_in(
    frontends: &[&Frontend],
    region: &Region<'_>,
    base_dir: &Path,
    sink: &mut Sink<'_>,
) -> Result<(), String> {
    let Some(read) = registry::frontend_in(frontends, region.language)
        .filter(|f| (f.mentions)(&region.text))
        .and_then(|f| f.read)
    else {
        return Ok(());
    };
    // Where the region obtains bearer tokens, read once — at its first REST request — and
    // given to each (`rest-token-audience`).
    let mut tokens: Option<Arc<[TokenRequest]>> = None;
    let mut attach = |mut invocation: Invocation| {
        if let Some(body) = &mut invocation.rest {
            body.tokens = tokens
                .get_or_insert_with(|| {
                    let mut found = rest::token_requests(&region.text);
                    for token in &mut found {
                        token.span = Span::new(
                            region.offset(token.span.start),
                            region.offset(token.span.end),
                        );
                    }
                    found.into()
                })
                .clone();
        }
        sink.invocation(invocation);
    };
    let mut inner = Sink::new(&mut attach);
    let read = read(region, base_dir, &mut inner);
    let (masked, definitions) = inner.into_parts();
    sink.mask(masked);
    sink.definitions.extend(definitions);
    read
}

/// Whether a text may hold an `az ml batch-endpoint invoke` (or legacy `endpoint invoke`).
pub fn mentions_invoke_command(text: &str) -> bool {
    crate::keywords::holds(text, "endpoint invoke")
}
