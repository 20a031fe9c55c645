//! The engine: read a file, run its front-end, run the rules, and hand back clean diagnostics.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, FileReport, Severity};
use crate::model::DeploymentKind;
use crate::rules::{self, Context, RULES, Rule};
use crate::secrets;
use crate::source::{SourceFile, Span};
use crate::sources::inputs_file;
use crate::walk::{self, Target};
use crate::yaml::Document;

/// Files larger than this are reported and skipped: no real inputs file comes close, and it keeps
/// a pre-commit run bounded whatever lands in the repository.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// What a run was asked to do.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Force the deployment kind of every invocation.
    pub deployment_kind: Option<DeploymentKind>,
    /// Only these rules (all when `None`).
    pub select: Option<HashSet<String>>,
    pub ignore: HashSet<String>,
}

impl Options {
    fn enabled(&self, id: &str) -> bool {
        self.select.as_ref().is_none_or(|s| s.contains(id)) && !self.ignore.contains(id)
    }
}

/// The outcome of a whole run.
#[derive(Debug, Default)]
pub struct Outcome {
    /// One report per file that was checked (also those without findings).
    pub files: Vec<FileReport>,
    /// Named paths that could not be read at all (exit code 2).
    pub unreadable: usize,
}

impl Outcome {
    pub fn count(&self, severity: Severity) -> usize {
        self.files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| d.severity == severity)
            .count()
    }

    pub fn worst(&self) -> Option<Severity> {
        self.files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .map(|d| d.severity)
            .max()
    }
}

/// Check everything under the named paths.
pub fn run(paths: &[std::path::PathBuf], options: &Options) -> Outcome {
    let (targets, problems) = walk::collect(paths);
    let mut outcome = Outcome::default();
    for problem in problems {
        outcome.unreadable += 1;
        let file = SourceFile::new(problem.display, problem.path, String::new());
        let diagnostic = read_error(format!(
            "cannot read `{}`: {}",
            file.display, problem.message
        ));
        outcome
            .files
            .push(finish(Arc::new(file), vec![diagnostic], options));
    }
    for target in &targets {
        if let Some(report) = check_target(target, options) {
            outcome.files.push(report);
        }
    }
    outcome
}

fn read_error(message: String) -> Diagnostic {
    Diagnostic::new(rules::READ_ERROR, Severity::Error, Span::empty(0), message)
}

/// Read and check one file; `None` when a walked file turns out not to be one amlint checks.
pub fn check_target(target: &Target, options: &Options) -> Option<FileReport> {
    let unreadable = |message: String| {
        let file = SourceFile::new(target.display.clone(), target.path.clone(), String::new());
        let diagnostic = read_error(format!("`{}` was not checked: {message}", target.display));
        Some(finish(Arc::new(file), vec![diagnostic], options))
    };
    match std::fs::metadata(&target.path) {
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            return unreadable(format!(
                "it is {} bytes, larger than amlint's limit of {MAX_FILE_BYTES} bytes",
                m.len()
            ));
        }
        Ok(_) => {}
        Err(e) => return unreadable(walk::describe_io_error(&e)),
    }
    let bytes = match std::fs::read(&target.path) {
        Ok(b) => b,
        Err(e) => return unreadable(walk::describe_io_error(&e)),
    };
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return if target.explicit {
            unreadable("it is a binary file".into())
        } else {
            None
        };
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return unreadable(format!(
                "it is not valid UTF-8 (first bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ));
        }
    };
    check_text(
        target.display.clone(),
        &target.path,
        text,
        target.explicit,
        options,
    )
}

/// Check a text as the file `path` (shown as `display`).
pub fn check_text(
    display: String,
    path: &Path,
    text: String,
    explicit: bool,
    options: &Options,
) -> Option<FileReport> {
    let file = Arc::new(SourceFile::new(display, path, text));
    let doc = Document::parse(&file);
    let is_inputs = inputs_file::is_inputs_file(&doc, explicit)
        || (doc.error.is_some() && (explicit || inputs_file::looks_like_inputs_text(&file.text)));
    if !is_inputs {
        return None;
    }
    let mut invocation = inputs_file::build(&file, &doc);
    invocation.kind = options.deployment_kind;
    let mut diagnostics = Vec::new();
    for rule in enabled_rules(options) {
        let mut cx = Context::new(&file, invocation.kind, rule, &mut diagnostics);
        rule.check_document(&doc, &mut cx);
        // After a syntax error the tree is cut short (a value may be half read): judging its
        // content would report the parser's confusion, not the user's mistake.
        if doc.error.is_none() {
            rule.check_invocation(&invocation, &mut cx);
        }
    }
    Some(finish(file, diagnostics, options))
}

fn enabled_rules(options: &Options) -> impl Iterator<Item = &'static dyn Rule> + '_ {
    RULES.iter().copied().filter(|r| options.enabled(r.id()))
}

/// Filter, mask, order and de-duplicate the findings of one file.
fn finish(
    source: Arc<SourceFile>,
    mut diagnostics: Vec<Diagnostic>,
    options: &Options,
) -> FileReport {
    diagnostics.retain(|d| options.enabled(d.rule));
    for d in &mut diagnostics {
        d.message = mask(&source, &d.message);
        d.help = d.help.as_deref().map(|h| mask(&source, h));
        if let Some(fix) = &mut d.fix
            && source.overlaps_secret(fix.span)
        {
            d.fix = None;
        }
    }
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule))
    });
    diagnostics.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
    FileReport {
        source,
        diagnostics,
    }
}

/// Mask every credential in `text`: those the patterns recognise, and every secret of the file
/// quoted verbatim (a message may quote a value without its `sig=` context).
fn mask(source: &SourceFile, text: &str) -> String {
    let mut out = secrets::redact(text).into_owned();
    for span in source.secret_spans() {
        let secret = source.slice(*span);
        if !secret.is_empty() && out.contains(secret) {
            out = out.replace(secret, &"*".repeat(secret.len()));
        }
    }
    out
}
