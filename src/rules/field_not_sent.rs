//! ## What it does
//! Reports a field that azure-ai-ml accepts and never sends, where what it asks for is lost:
//! `mode:` on a `uri_file`/`uri_folder` input, `datastore:` on a local input, `name:`/`version:`
//! on an output, and a literal's default outside its own `min`/`max`.
//!
//! ## Why is this bad?
//! The batch job body carries only what `BatchJobSchema._input_to_wire`/`_output_to_wire` copy:
//! a `uri_file`/`uri_folder` input sends its `uri` alone (model inputs and outputs keep `mode`),
//! a literal its `value`, an output its type, `uri` and `mode`. So the job mounts the input as it
//! would anyway, the local folder is uploaded to the workspace's default store
//! (`workspaceblobstore`) whatever `datastore:` says, the output is not registered under the
//! `name`/`version` given, and a default of `50` with `max: 10` reaches the job — `min`/`max` are
//! never checked. No message says so: the conformance suite (`conformance/`) shows each body the
//! real SDK sends. The job still runs, so this is a warning.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data@latest
//!     mode: download
//! ```
//!
//! ## Fix
//! Remove the field, or move the intent where it is honoured (a model deployment's or
//! component's own settings; a default within the bounds). This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::path_ref::PathRef;
use crate::model::{Field, InputType, Invocation, Io, Value};
use crate::rules::{Basis, Class, Context, Rule};
use crate::syntax::yaml11;

pub struct FieldNotSent;

impl Rule for FieldNotSent {
    fn id(&self) -> &'static str {
        "field-not-sent"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkChanges)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for io in &invocation.inputs {
            let ty = io.effective_type();
            if io.input_type().is_some_and(InputType::is_uri) {
                if let Some(mode) = known(io, "mode") {
                    cx.report(
                        mode.key_span,
                        format!(
                            "`mode: {}` of `{}` is never sent: azure-ai-ml sends only the `uri` of \
                             a `{}` input, so the job uses its default mode",
                            mode.value.text,
                            io.name,
                            ty.unwrap_or("uri_folder")
                        ),
                    )
                    .help("remove `mode:`; only model inputs and outputs carry a mode");
                }
                let local = io
                    .path()
                    .is_some_and(|p| matches!(p.path_ref(), PathRef::Local(_)));
                if let Some(datastore) = known(io, "datastore").filter(|_| local) {
                    cx.report(
                        datastore.key_span,
                        format!(
                            "`datastore: {}` of `{}` is never used: azure-ai-ml uploads a local \
                             input to the workspace's default store (`workspaceblobstore`)",
                            datastore.value.text, io.name
                        ),
                    )
                    .help(
                        "remove `datastore:`, or upload the data to that store yourself and give \
                         its `azureml://datastores/NAME/paths/PATH`",
                    );
                }
            }
            if io.input_type().is_some_and(InputType::is_numeric) {
                check_bounds(io, cx);
            }
        }
        for io in &invocation.outputs {
            for key in ["name", "version"] {
                let Some(field) = known(io, key) else {
                    continue;
                };
                cx.report(
                    field.key_span,
                    format!(
                        "`{key}: {}` of output `{}` is never sent: a batch job does not register \
                         its outputs as data assets",
                        field.value.text, io.name
                    ),
                )
                .help(format!(
                    "remove `{key}:`, and register the output after the job (`az ml data create`)"
                ));
            }
        }
    }
}

/// The last `key:` of `io`, when it is written with a known, non-empty value.
fn known<'a>(io: &'a Io, key: &str) -> Option<&'a Field> {
    io.field(key)
        .filter(|f| f.value.known && !f.value.is_null())
}

fn check_bounds(io: &Io, cx: &mut Context<'_>) {
    let Some(default) = known(io, "default").and_then(|f| number(&f.value).map(|n| (f, n))) else {
        return;
    };
    for (key, outside) in [("min", -1.0), ("max", 1.0)] {
        let Some(limit) = known(io, key).and_then(|f| number(&f.value)) else {
            continue;
        };
        let beyond = (default.1 - limit) * outside > 0.0;
        if beyond {
            cx.report(
                default.0.value.span,
                format!(
                    "the default `{}` of `{}` is outside its own `{key}: {}`, and is sent as it \
                     is: azure-ai-ml never sends or checks `min`/`max`",
                    default.0.value.text,
                    io.name,
                    io.field(key).map_or("", |f| f.value.text.as_str())
                ),
            )
            .help(format!(
                "give a default within the bounds, or change `{key}:`"
            ));
            return;
        }
    }
}

/// A number as the SDK reads it: YAML's int or float, or a string Python's `float()` takes.
fn number(value: &Value) -> Option<f64> {
    match value.loaded() {
        yaml11::Value::Int(Some(n)) => Some(n as f64),
        yaml11::Value::Float(f) if f.is_finite() => Some(f),
        yaml11::Value::Str => yaml11::python_float(&value.text).filter(|f| f.is_finite()),
        _ => None,
    }
}
