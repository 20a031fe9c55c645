//! Front-ends: each turns one kind of source text into the same [`Invocation`] model, so that
//! every rule applies to every place an invocation can be written.
//!
//! They come in two kinds, each listed once here:
//! - a **container** (a plain file, Markdown, a notebook, CI YAML) finds the embedded
//!   [`Region`]s of a file, each with its [`Language`];
//! - a **language** front-end ([`FRONTENDS`]: shell, PowerShell, Python) turns a region into
//!   invocations. YAML regions are read by the engine, because a YAML text is itself an inputs
//!   file, batch YAML or a CI pipeline (a container again): nesting such as CI YAML shown in a
//!   Markdown fence, or shell lines in a notebook, falls out of the engine's work list.
//!
//! A region keeps its text at its place (everything else blanked, byte for byte), so every
//! offset a front-end reports is an offset in the file; text decoded from another file (a
//! notebook's JSON strings) carries a byte map back instead.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use crate::fs::walk::FileKind;
use crate::model::Invocation;
use crate::model::TokenRequest;
use crate::source::{SourceFile, Span};
use crate::span::OffsetMap;
use crate::syntax::words::{Command, Word};

pub mod ci_yaml;
pub mod command_line;
pub mod embedded;
pub mod inputs_file;
pub mod ipython;
pub mod markdown;
pub mod notebook;
pub mod powershell;
pub mod python;
pub mod rest;
pub mod shell;

/// How a file came to be checked: it decides how sure amlint must be of what the file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Found by walking a folder.
    Walked,
    /// Named on the command line (pre-commit names every staged file) or read from stdin.
    Named,
    /// Passed by a command with `--file`: the CLI reads it as an inputs file.
    Followed,
}

/// The language a region is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Shell,
    PowerShell,
    Python,
    /// An inputs file, batch YAML or a CI pipeline: decided by its content.
    Yaml,
    /// JSON that may hold REST request bodies (a request file, a Data Factory pipeline).
    Json,
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

/// The regions of a file, found by the container its name calls for.
pub fn regions<'f>(file: &'f SourceFile, kind: FileKind) -> Vec<Region<'f>> {
    let text = file.text.as_str();
    match kind {
        FileKind::Shell => vec![Region::whole(Language::Shell, text)],
        FileKind::PowerShell => vec![Region::whole(Language::PowerShell, text)],
        FileKind::Python => vec![Region::whole(Language::Python, text)],
        FileKind::Json => vec![Region::whole(Language::Json, text)],
        FileKind::Markdown => markdown::regions(text),
        FileKind::Notebook => notebook::regions(file),
        FileKind::Yaml | FileKind::Other => vec![Region::whole(Language::Yaml, text)],
    }
}

/// What a language front-end read in a region, collected ([`read`] hands it over as it goes).
#[derive(Debug, Default)]
pub struct Read {
    pub invocations: Vec<Invocation>,
    /// See [`Sink::mask`].
    pub masked: Vec<Span>,
}

/// Where a language front-end puts what it reads: each invocation as soon as it is built — the
/// engine checks it and lets it go, so a file of 60,000 invocations is never held whole — and
/// the source bytes every report must mask.
pub struct Sink<'s> {
    take: &'s mut dyn FnMut(Invocation),
    masked: Vec<Span>,
    /// The batch deployments and endpoints the region defines (Python), for the rules on
    /// definitions.
    definitions: Vec<Arc<[crate::project::deployment::Definition]>>,
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
    /// REST front-ends use: [`Word::secret_sources`] (a cooked word with its byte map and its
    /// variables' definitions) and [`crate::syntax::json::secret_spans`] (every decoded string of a
    /// JSON tree whose offsets are the file's).
    pub fn mask(&mut self, spans: impl IntoIterator<Item = Span>) {
        self.masked.extend(spans);
    }

    /// The spans to mask, once the front-end is done.
    pub fn into_masked(self) -> Vec<Span> {
        self.masked
    }

    /// The spans to mask and the definitions read, once the front-end is done.
    pub fn into_parts(
        self,
    ) -> (
        Vec<Span>,
        Vec<Arc<[crate::project::deployment::Definition]>>,
    ) {
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

    fn definitions(&mut self, definitions: Arc<[crate::project::deployment::Definition]>) {
        self.definitions.push(definitions);
    }
}

/// The source bytes of every credential that the words of `command` hold once cooked (quotes
/// removed, continuations joined, variables resolved), with the definitions it came from.
fn secrets_in_words(command: &Command) -> impl Iterator<Item = Span> + '_ {
    command.words.iter().flat_map(Word::secret_sources)
}

/// A reader of REST requests in commands (`curl`, `Invoke-RestMethod`): their invocations, and
/// the spans their decoded bodies ask to mask.
type RequestReader = fn(&[Command], &Path) -> (Vec<Invocation>, Vec<Span>);

/// What a shell or PowerShell front-end does with each command as the lexer ends it: read its
/// invocations (`az ml batch-endpoint invoke`, and a REST request by `requests`), then let the
/// command go.
fn read_command(
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
        sink.mask(secrets_in_words(&command));
        return;
    };
    let (found, masked) = requests(one, dir);
    for invocation in found {
        sink.invocation(invocation);
    }
    sink.mask(masked);
    sink.mask(secrets_in_words(&command));
}

/// Whether a script's REST requests may be batch jobs: not when it works with online endpoints
/// only (`az ml online-endpoint show … --query scoring_uri`), never names a batch endpoint and
/// never writes a `/jobs` URL — its POSTs go to an online endpoint's `/score`, whatever their
/// body holds.
fn posts_batch_jobs(text: &str) -> bool {
    !text.contains("online-endpoint") || text.contains("batch-endpoint") || text.contains("/jobs")
}

/// A language front-end: which regions may hold an invocation, and how to read them.
pub struct Frontend {
    pub language: Language,
    /// A cheap test on the text: a region that fails it holds no invocation.
    pub mentions: fn(&str) -> bool,
    /// Read a region into the sink, or say why it is beyond what the front-end reads safely.
    pub read: fn(&Region<'_>, &Path, &mut Sink<'_>) -> Result<(), String>,
}

/// Every language front-end, one line each.
pub static FRONTENDS: &[Frontend] = &[
    Frontend {
        language: Language::Shell,
        mentions: |text| mentions_invoke_command(text) || rest::mentions_request(text),
        read: |region, dir, sink| {
            let requests = posts_batch_jobs(&region.text).then_some(rest::curl_invocations as _);
            shell::each_command(&region.text, region.indent, &mut |command| {
                read_command(region.place(command), dir, requests, sink)
            });
            Ok(())
        },
    },
    Frontend {
        language: Language::PowerShell,
        mentions: |text| mentions_invoke_command(text) || rest::mentions_body(text),
        read: |region, dir, sink| {
            let requests =
                posts_batch_jobs(&region.text).then_some(rest::powershell_invocations as _);
            powershell::each_command(&region.text, &mut |command| {
                read_command(region.place(command), dir, requests, sink)
            });
            Ok(())
        },
    },
    Frontend {
        language: Language::Json,
        mentions: rest::mentions_body,
        // A JSON region keeps its place: JSON allows the blanks around it.
        read: |region, dir, sink| {
            let read = rest::json_read(&region.text, dir);
            read.invocations
                .into_iter()
                .for_each(|i| sink.invocation(i));
            sink.mask(read.masked);
            Ok(())
        },
    },
    Frontend {
        language: Language::Python,
        mentions: |text| {
            text.contains("batch_endpoints")
                || python::mentions_definition(text)
                || rest::mentions_body(text)
        },
        // Each invocation handed over as it is read, with the sources of the credentials the
        // strings Python makes hold (`python::Found::mask`).
        read: |region, dir, sink| python::read(&region.text, region.map.as_deref(), dir, sink),
    },
];

/// The invocations written in a region (none for YAML, which the engine reads itself), or why
/// the region was not read.
pub fn invocations(region: &Region<'_>, base_dir: &Path) -> Result<Read, String> {
    let mut invocations = Vec::new();
    let mut take = |invocation| invocations.push(invocation);
    let mut sink = Sink::new(&mut take);
    read(region, base_dir, &mut sink)?;
    let masked = sink.into_masked();
    Ok(Read {
        invocations,
        masked,
    })
}

/// [`invocations`], handed to `sink` as they are read.
pub fn read(region: &Region<'_>, base_dir: &Path, sink: &mut Sink<'_>) -> Result<(), String> {
    let Some(frontend) = FRONTENDS
        .iter()
        .find(|f| f.language == region.language)
        .filter(|f| (f.mentions)(&region.text))
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
    let read = (frontend.read)(region, base_dir, &mut inner);
    let (masked, definitions) = inner.into_parts();
    sink.mask(masked);
    sink.definitions.extend(definitions);
    read
}

/// Whether `text` contains the ASCII `needle` in any case.
pub fn contains_ignoring_case(text: &str, needle: &str) -> bool {
    needle.is_empty()
        || text
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Whether a text may hold an `az ml batch-endpoint invoke` (or legacy `endpoint invoke`).
pub fn mentions_invoke_command(text: &str) -> bool {
    text.contains("endpoint invoke")
}
