//! ## What it does
//! Reports a data asset reference that gives a version and a label together:
//! `azureml:NAME:VERSION@LABEL` (`azureml:heart-data:1@latest`).
//!
//! ## Why is this bad?
//! A reference names one version of an asset, either by number (`azureml:NAME:VERSION`) or by
//! label (`azureml:NAME@latest`), never both. azure-ai-ml splits the text at `@` first, so it
//! looks up the label `latest` of an asset named `heart-data:1` (run offline, the conformance
//! suite sees it send `…/data/heart-data:1/versions/…`); the CLI's untyped `--input` splits it at
//! the first `:` (`parse_name_version`) and asks for the version `1@latest`. No such asset or
//! version exists: the service answers that the data version is invalid (public report
//! MicrosoftDocs/azure-docs #111551: "dataVersion is invalid"), and azure-ai-ml's own `data.get`
//! refuses a version and a label together ("Cannot specify both version and label."). An
//! error: no such reference resolves.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data:1@latest
//! ```
//!
//! ## Fix
//! Keep one of them:
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data:1
//! ```
//! This rule has no automatic fix (which one you meant is yours to say).

use crate::diagnostic::Severity;
use crate::model::path_ref::PathRef;
use crate::model::{Invocation, Origin, is_placeholder};
use crate::rules::{Basis, Class, Context, Rule};

pub struct AssetVersionAndLabel;

impl Rule for AssetVersionAndLabel {
    fn id(&self) -> &'static str {
        "asset-version-and-label"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkChanges)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        // A REST body's `Uri` is read by the service, not by azure-ai-ml's parser (RULES §8).
        if invocation.origin == Origin::RestBody {
            return;
        }
        for (io, path) in invocation.input_paths() {
            let Some((name, version, label)) = version_and_label(&path.path_ref()) else {
                continue;
            };
            cx.report(
                path.span,
                format!(
                    "input `{}` gives data asset `{name}` both a version (`{version}`) and a label \
                     (`@{label}`): azure-ai-ml looks for an asset named `{name}:{version}` (the \
                     CLI's untyped `--input`, for version `{version}@{label}`), which the service \
                     refuses (\"dataVersion is invalid\")",
                    io.name
                ),
            )
            .help(format!(
                "keep one: `azureml:{name}:{version}` or `azureml:{name}@{label}`"
            ));
        }
    }
}

/// `NAME`, `VERSION` and `LABEL` of `[azureml:]NAME:VERSION@LABEL`, all non-empty and known.
pub(crate) fn version_and_label<'a>(parsed: &PathRef<'a>) -> Option<(&'a str, &'a str, &'a str)> {
    let PathRef::Asset {
        name: written,
        label: Some(label),
        ..
    } = parsed
    else {
        return None;
    };
    // `parse_asset` splits at `@` first: the name keeps `NAME:VERSION`.
    let written: &'a str = written;
    let (name, version) = written.split_once(':')?;
    let known = |s: &str| !s.is_empty() && !is_placeholder(s) && !s.contains('$');
    (known(name) && known(version) && known(label)).then_some((name, version, *label))
}
