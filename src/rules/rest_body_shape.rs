//! ## What it does
//! Reports a REST batch job body whose inputs or outputs are not where the service reads them —
//! `InputData`/`OutputData` outside `properties`, `properties.inputs`, a job property the
//! specification does not have — and an input or output field the service does not read
//! (`type` for `JobInputType`, `path` for `Uri`, `default` for `Value`), suggesting the right one.
//!
//! ## Why is this bad?
//! The body of `POST …/jobs` is `{"properties": {"InputData": {…}, "OutputData": {…}, …}}`; the
//! specification's `BatchJob` has no other place for inputs, and an input's fields are
//! `JobInputType`, `Uri`, `Mode`, `Value` and `Description`. Anything else is not read: the job
//! starts without the inputs, or the service refuses it. Names are compared without regard to case
//! (`inputData`, as azure-ai-ml writes it, and `InputData`, as the documentation does, are both
//! read), so only a different name is reported.
//!
//! ## Example
//! ```json
//! {"InputData": {"heart_data": {"type": "uri_folder", "path": "azureml://datastores/workspaceblobstore/paths/heart"}}}
//! ```
//!
//! ## Fix
//! ```json
//! {"properties": {"InputData": {"heart_data": {
//!   "JobInputType": "UriFolder",
//!   "Uri": "azureml://datastores/workspaceblobstore/paths/heart"}}}}
//! ```
//! Another spelling of a field (`uri` or `path` for `Uri`, `inputs` for `InputData`) gets the
//! service's spelling as a safe fix (the field is not read as written, so nothing that worked
//! changes). A field that is only *near* a known one by its letters (`Note` → `Mode`, `Urii` →
//! `Uri`) gets the rename as an unsafe fix (`--unsafe-fixes`): it is a guess, and a guess may
//! change what the request means. A body without `properties` has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::{Direction, Invocation};
use crate::rules::{Basis, Class, Context, Rule};
use crate::spec::rest::{JOB_PROPERTIES, Reading, reading, type_key};

pub struct RestBodyShape;

const IO_WORDS: &[&str] = &[
    "inputs",
    "input",
    "input_data",
    "outputs",
    "output",
    "output_data",
];

impl Rule for RestBodyShape {
    fn id(&self) -> &'static str {
        "rest-body-shape"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide)
            .source("REST specification: BatchJob properties (inputData, outputData, …) and the fields of JobInput/JobOutput")
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(rest) = &invocation.rest else { return };
        for (key, span) in &rest.misplaced {
            let lower = key.to_ascii_lowercase();
            let is_io = lower == "inputdata" || lower == "outputdata";
            if is_io {
                cx.report(
                    *span,
                    format!(
                        "`{key}` must be under `properties`: the service reads the job's {} only there",
                        if lower == "inputdata" { "inputs" } else { "outputs" }
                    ),
                )
                .help(format!("write the body as `{{\"properties\": {{\"{key}\": {{…}}}}}}`"));
                continue;
            }
            let better = if IO_WORDS.contains(&lower.as_str()) {
                Some(if lower.starts_with("in") {
                    "InputData"
                } else {
                    "OutputData"
                })
            } else {
                JOB_PROPERTIES
                    .iter()
                    .map(|p| {
                        (
                            crate::suggest::distance(&p.to_ascii_lowercase(), &lower),
                            *p,
                        )
                    })
                    .filter(|(distance, _)| *distance <= 2)
                    .min_by_key(|(distance, _)| *distance)
                    .map(|(_, p)| p)
            };
            let verbatim = cx.file.slice(*span) == key.as_str();
            let diagnostic = cx.report(
                *span,
                format!("`{key}` is not a property of a batch job: the service does not read it"),
            );
            if let Some(better) = better {
                diagnostic.help(format!("write `{better}`"));
                // `inputs` for `InputData` is a spelling; the nearest property by its letters
                // is a guess that may change what the request means: unsafe at most.
                if verbatim && IO_WORDS.contains(&lower.as_str()) {
                    diagnostic.fix(*span, better);
                } else if verbatim {
                    diagnostic.unsafe_fix(*span, better);
                }
            }
        }
        for entry in &rest.entries {
            let noun = entry.direction.noun();
            let Some(fields) = &entry.fields else {
                cx.report(
                    entry.name_span,
                    format!(
                        "{noun} `{}` is not an object: the service reads `{{\"{}\": …, \"Uri\": …}}`",
                        entry.name,
                        type_key(entry.direction)
                    ),
                )
                .help("write the entry as an object with its type and location (or `Value`)");
                continue;
            };
            for field in fields {
                match reading(&field.key, entry.direction) {
                    Some((right, _)) if right.eq_ignore_ascii_case(&field.key) => {}
                    Some((right, how)) => {
                        let verbatim = cx.file.slice(field.key_span) == field.key;
                        let diagnostic = cx.report(
                            field.key_span,
                            format!(
                                "`{}` is not a field of a job {noun}: the service reads `{right}`",
                                field.key
                            ),
                        );
                        diagnostic.help(format!("write `{right}`"));
                        // A field found by its letters alone (`Note` → `Mode`) is a guess that
                        // changes what the request means: unsafe at most.
                        match (verbatim, how) {
                            (false, _) => {}
                            (true, Reading::Spelling) => {
                                diagnostic.fix(field.key_span, right);
                            }
                            (true, Reading::Guess) => {
                                diagnostic.unsafe_fix(field.key_span, right);
                            }
                        }
                    }
                    None => {
                        cx.report(
                            field.key_span,
                            format!(
                                "`{}` is not a field of a job {noun}: the service does not read it",
                                field.key
                            ),
                        )
                        .help(if entry.direction == Direction::Input {
                            "the fields are `JobInputType`, `Uri`, `Mode`, `Value` and `Description`"
                        } else {
                            "the fields are `JobOutputType`, `Uri`, `Mode` and `Description`"
                        });
                    }
                }
            }
        }
    }
}
