//! A file's findings made ready to report: inline ignores, the rule table and severity
//! overrides, credentials masked, sorted, de-duplicated and capped; and the spans to mask that
//! only decoded values show.

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, FileReport, MAX_FINDINGS_PER_FILE, Severity};
use crate::engine::Checker;
use crate::escape;
use crate::frontends::Unit;
use crate::model::{Invocation, IoValue};
use crate::project::KindDecision;
use crate::rules;
use crate::rules::Sink;
use crate::settings::rule_table::Settings;
use crate::source::{SourceFile, Span};
use crate::suppress;

/// How many findings a file's check holds before it lets go of those past the cap.
pub(super) const COMPACT_AT: usize = 4 * MAX_FINDINGS_PER_FILE;

/// Whether a value's decoded text holds a credential that its raw text does not show whole
/// (there the patterns mask it exactly): `\x26sig=`, a quote inside the word, or a secret that
/// a line break or an escape splits in two (the raw text shows its first half only). Such a
/// value is masked whole.
pub(super) fn hidden_by_raw(decoded: &str, raw: &str) -> bool {
    // Most values are written as they read (a plain scalar, a word without quotes): the raw
    // text shows each of their secrets where the patterns find it, and nothing need be searched.
    if decoded == raw {
        return false;
    }
    let secrets = crate::secrets::find(decoded);
    if secrets.is_empty() {
        return false;
    }
    let shown = crate::secrets::find(raw);
    secrets.iter().any(|s| {
        let secret = &decoded[s.start..s.end];
        !shown
            .iter()
            .any(|r| raw.get(r.start..r.end) == Some(secret))
    })
}

/// The source spans of every decoded value of an invocation that holds a credential. Each
/// value is looked at in turn (a dense inputs file has hundreds of thousands: no list of them
/// is made).
pub(super) fn decoded_secrets(invocation: &Invocation, file: &SourceFile) -> Vec<Span> {
    let mut hidden = Vec::new();
    let mut look = |text: &str, span: Span| {
        if hidden_by_raw(text, file.slice(span)) {
            hidden.push(span);
        }
    };
    for io in invocation.all_io() {
        look(&io.name, io.name_span);
        for field in io.fields() {
            look(&field.value.text, field.value.span);
        }
        if let IoValue::Bare(v) | IoValue::Other(v) = &io.value {
            look(&v.text, v.span);
        }
    }
    for item in invocation.job_overrides() {
        look(&item.key, item.key_span);
        if let Some(v) = &item.value {
            look(&v.text, v.span);
        }
    }
    if let Some(line) = &invocation.command {
        for flag in &line.flags {
            for v in &flag.values {
                look(&v.text, v.span);
            }
        }
        for v in &line.stray_words {
            look(&v.text, v.span);
        }
    }
    hidden
}

/// A kind rule's finding when no name ties the invocation to the deployments whose kind it
/// borrowed: in a monorepo they may be another project's, so it is a warning that says how to
/// make it certain.
pub(super) fn inferred_kind_is_a_warning(d: &mut Diagnostic) {
    d.severity = d.severity.min(Severity::Warning);
    let kind = d.deployment_kind.map_or("?", |k| k.as_str());
    d.message.push_str(&format!(
        " (the {kind} deployment kind was inferred from the deployments around the file)"
    ));
    let how = "name the deployment (`-d NAME`, `deployment_name=`), pass `--deployment-kind`, \
               or set `[deployment-kind]` in amlint.toml to make the kind certain";
    d.help = Some(match d.help.take() {
        Some(help) => format!("{help}; {how}"),
        None => how.to_string(),
    });
}

impl Checker<'_> {
    /// Apply inline ignores, the rule selection and severity overrides of the file's settings,
    /// mask credentials, then order and de-duplicate the findings of one file.
    pub(super) fn finish(
        &self,
        source: Arc<SourceFile>,
        mut diagnostics: Vec<Diagnostic>,
    ) -> FileReport {
        let settings = self.settings(&source.path);
        suppress::apply(&source, &mut diagnostics, &|id| settings.enabled(id));
        diagnostics.retain(|d| settings.enabled(d.rule));
        for d in &mut diagnostics {
            if let Some(severity) = settings.severity_override(d.rule) {
                d.severity = severity;
            }
            // Masked, and no control or bidi character of the file reaches a terminal or a log.
            d.message = escape::escape(&source.mask(&d.message)).into_owned();
            d.help = d
                .help
                .as_deref()
                .map(|h| escape::escape(&source.mask(h)).into_owned());
            if let Some(fix) = &mut d.fix
                && source.overlaps_secret(fix.span)
            {
                d.fix = None;
            }
        }
        sort_and_dedup(&mut diagnostics);
        let mut report = FileReport {
            source,
            diagnostics,
            omitted: 0,
            omitted_worst: None,
            declarations: Vec::new(),
        };
        cap(&mut report);
        report
    }
}

/// Keep the first [`MAX_FINDINGS_PER_FILE`] findings of a sorted report; count the rest.
pub(super) fn cap(report: &mut FileReport) {
    if report.diagnostics.len() <= MAX_FINDINGS_PER_FILE {
        return;
    }
    let rest = report.diagnostics.split_off(MAX_FINDINGS_PER_FILE);
    report.omitted += rest.len();
    report.omitted_worst = report
        .omitted_worst
        .max(rest.iter().map(|d| d.severity).max());
}

pub(super) fn sort_and_dedup(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule, &a.message).cmp(&(
            b.span.start,
            b.span.end,
            b.rule,
            &b.message,
        ))
    });
    diagnostics.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
}

impl Checker<'_> {
    /// Let go of the findings the per-file cap will drop, once there are many: a file whose
    /// every line has findings (80,000 in a 7.5 MB script) would otherwise hold them all, and
    /// their messages, until its end. Those kept are the first by place, as the cap keeps; the
    /// others are counted. Not in a file with inline ignores: which of its findings an ignore
    /// silences, and whether an ignore silences any, is known only at the end.
    pub(super) fn compact_list(
        &self,
        file: &SourceFile,
        settings: &Settings<'_>,
        diagnostics: &mut Vec<Diagnostic>,
        (omitted, omitted_worst): (&mut usize, &mut Option<Severity>),
        compactable: &mut Option<bool>,
    ) {
        if diagnostics.len() < COMPACT_AT {
            return;
        }
        // Asked once per file: the text is not scanned again for each unit after.
        if !*compactable.get_or_insert_with(|| !file.text.contains("amlint:")) {
            return;
        }
        diagnostics.retain(|d| settings.enabled(d.rule));
        for d in diagnostics.iter_mut() {
            if let Some(severity) = settings.severity_override(d.rule) {
                d.severity = severity;
            }
        }
        sort_and_dedup(diagnostics);
        if diagnostics.len() > MAX_FINDINGS_PER_FILE {
            let rest = diagnostics.split_off(MAX_FINDINGS_PER_FILE);
            *omitted += rest.len();
            *omitted_worst = (*omitted_worst).max(rest.iter().map(|d| d.severity).max());
        }
    }
}

/// The engine's [`Sink`] for one unit's rules: findings go to the file's list, and each time
/// it has grown by [`COMPACT_AT`] (or doubled), `flush` sees it first — it completes the new
/// findings and lets go of those past the cap ([`Checker::compact_list`]) — so that a rule
/// reporting on every line of a dense YAML document never holds all its findings at once.
pub(super) struct Flushing<'f> {
    list: &'f mut Vec<Diagnostic>,
    at: usize,
    flush: &'f mut dyn FnMut(&mut Vec<Diagnostic>),
}

impl<'f> Flushing<'f> {
    pub(super) fn new(
        list: &'f mut Vec<Diagnostic>,
        flush: &'f mut dyn FnMut(&mut Vec<Diagnostic>),
    ) -> Self {
        let at = next_flush(list.len());
        Flushing { list, at, flush }
    }
}

/// When a list of `len` findings is next flushed: after [`COMPACT_AT`] more, or twice as many
/// when flushing let none go (a file with inline ignores), so the sorting stays linear.
fn next_flush(len: usize) -> usize {
    (len + COMPACT_AT).max(len * 2)
}

impl Sink for Flushing<'_> {
    fn push(&mut self, diagnostic: Diagnostic) -> &mut Diagnostic {
        if self.list.len() >= self.at {
            (self.flush)(self.list);
            self.at = next_flush(self.list.len());
        }
        Sink::push(self.list, diagnostic)
    }
}

/// What checking a file's units gathers (see [`Checker::check_unit`]).
#[derive(Default)]
pub(super) struct Found {
    /// Whether the file held any unit (or a region a front-end would not read): only then is it
    /// reported, clean or not.
    pub(super) any: bool,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) declarations: Vec<(Span, String)>,
    /// The reports of the files that `--file`s led to.
    pub(super) reports: Vec<FileReport>,
    /// Spans to mask beyond what the patterns find in the raw text.
    pub(super) hidden: Vec<Span>,
    /// `--verbose` notes, not masked yet.
    pub(super) notes: Vec<String>,
    /// Findings already let go past the per-file cap (see [`Checker::compact_list`]), and the worst
    /// of their severities.
    pub(super) omitted: usize,
    pub(super) omitted_worst: Option<Severity>,
    /// Whether the file holds no inline ignore, so that its findings may be let go early (asked
    /// when it first matters).
    pub(super) compactable: Option<bool>,
}

impl Checker<'_> {
    /// The report of a file once all its units are checked: the spans its decoded values asked
    /// to mask join the file's secrets, then its notes, findings and declarations are masked.
    pub(super) fn report_file(&self, file: SourceFile, found: Found) -> Vec<FileReport> {
        let Found {
            diagnostics,
            declarations,
            mut reports,
            hidden,
            notes,
            omitted,
            omitted_worst,
            ..
        } = found;
        let mut file = file;
        file.add_secrets(hidden);
        // `--verbose` notes quote the file: masked once every secret of it is known.
        if !notes.is_empty()
            && let Ok(mut shared) = self.notes.lock()
        {
            shared.extend(
                notes
                    .iter()
                    .map(|n| escape::escape(&file.mask(n)).into_owned()),
            );
        }
        let file = Arc::new(file);
        let mut report = self.finish(file, diagnostics);
        report.omitted += omitted;
        report.omitted_worst = report.omitted_worst.max(omitted_worst);
        report.declarations = declarations
            .into_iter()
            .map(|(span, text)| {
                (
                    span,
                    escape::escape(&report.source.mask(&text)).into_owned(),
                )
            })
            .collect();
        reports.push(report);
        reports
    }
}

/// The spans of a unit that hold a credential only its decoded values show: `\x26sig=` in
/// YAML, `"…&sig="'S'` or a backslash-newline in shell. Their bytes are masked too.
pub(super) fn secrets_only_decoded(unit: &Unit, file: &SourceFile) -> Vec<Span> {
    let mut hidden = Vec::new();
    // A credential the raw text hides (`\x26sig=` in YAML, `"…&sig="'S'` or a
    // backslash-newline in shell) shows in the decoded values: their bytes are masked too.
    if let Some(invocation) = unit.invocation() {
        hidden.extend(decoded_secrets(invocation, file));
    }
    if let Some(doc) = unit.document() {
        hidden.extend(
            doc.scalars()
                .filter(|(value, span)| hidden_by_raw(value, file.slice(*span)))
                .map(|(_, span)| span),
        );
    }
    hidden
}

/// Say where each finding of an invocation's rules came from: the kind's source; a kind
/// inferred from the deployments around is a warning that says so; a value defined away from
/// the call names the call that uses it.
pub(super) fn attribute(
    file: &SourceFile,
    diagnostics: &mut [Diagnostic],
    decision: &KindDecision,
    call_span: Option<Span>,
    caller: &str,
) {
    let kind_source: Option<Arc<str>> = decision
        .kind
        .is_some()
        .then(|| decision.reason.as_str().into());
    for d in diagnostics {
        d.kind_source.clone_from(&kind_source);
        if decision.kind.is_some() && !decision.certain {
            d.kind_inferred = true;
            if rules::find(d.rule).is_some_and(|r| r.depends_on_kind()) {
                inferred_kind_is_a_warning(d);
            }
        }
        // A value defined away from the call: say which call uses it.
        if let Some(call) = call_span
            && !call.contains(d.span)
        {
            let line = file.line_col(call.start).line;
            d.message
                .push_str(&format!(" (used by the {caller} on line {line})"));
        }
    }
}

impl Checker<'_> {
    /// Run the rules over a unit into `found`, letting go of findings past the per-file cap as
    /// they pile up; `complete` sees each new finding once, before that (and before the unit
    /// ends).
    pub(super) fn run_rules(
        &self,
        file: &SourceFile,
        unit: &Unit,
        settings: &Settings<'_>,
        datastores: Option<&std::collections::HashMap<String, crate::model::DatastoreKind>>,
        found: &mut Found,
        complete: &mut dyn FnMut(&mut [crate::diagnostic::Diagnostic]),
    ) {
        let Found {
            diagnostics,
            omitted,
            omitted_worst,
            compactable,
            ..
        } = found;
        let mut first = diagnostics.len();
        let mut flush = |list: &mut Vec<crate::diagnostic::Diagnostic>| {
            complete(&mut list[first..]);
            self.compact_list(
                file,
                settings,
                list,
                (&mut *omitted, &mut *omitted_worst),
                compactable,
            );
            first = list.len();
        };
        // The sink borrows the list and `flush` while the rules run; both are the unit's again
        // after (the last findings are completed and compacted as the others were).
        rules::runner::run(
            file,
            unit,
            &|id| settings.enabled(id),
            datastores,
            &mut Flushing::new(diagnostics, &mut flush),
        );
        flush(diagnostics);
    }
}
