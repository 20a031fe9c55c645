//! ## What it does
//! Reports `--input azureml:NAME@latest` (any label), `--input azureml:NAME` or an `azureml://`
//! data store path (`--input azureml://datastores/NAME/paths/P`, its long form) given without
//! `--input-type`. A bare `azureml:NAME` is also `asset-missing-version` (azure-ai-ml's own
//! resolver fails on it too, with another message): two readers, two findings.
//!
//! ## Why is this bad?
//! Without `--input-type`, the CLI does not pass an `azureml:` value on as a path: it strips the
//! prefix, splits it at `:` into a name and a version (azure-ai-ml's `parse_name_version`) and
//! looks the data asset up (`ml_client.data.get(name, version)`), letting the asset's own type
//! decide the input. `NAME@latest`, a bare `NAME` and a data store path all reach that lookup with
//! no version, and it fails: "Must provide either version or label." (public reports
//! MicrosoftDocs/azure-docs #111551, #111596 and #111598 show exactly this; the CLI's invoke logic
//! is not public, and the Ansible collection `azure.azcollection`, module
//! `azure_rm_ml_batch_endpoint_invoke`, ports it step for step). With `--input-type uri_folder`
//! or `uri_file` the value is a path, and azure-ai-ml resolves `@latest` and data store paths
//! itself. A warning: current CLI releases may have changed the lookup, and nobody here can run
//! the closed extension.
//!
//! ## Example
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --input azureml:heart-data@latest
//! ```
//!
//! ## Fix
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --input azureml:heart-data@latest \
//!     --input-type uri_folder
//! ```
//! Or pin a version (`--input azureml:heart-data:2`), which the lookup finds. This rule has no
//! automatic fix.

use crate::diagnostic::Severity;
use crate::model::{Invocation, is_placeholder};
use crate::rules::{Basis, Class, Context, Rule};

pub struct InputAssetWithoutType;

impl Rule for InputAssetWithoutType {
    fn id(&self) -> &'static str {
        "input-asset-without-type"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::CliSide)
            .source("the CLI's invoke logic as the Ansible collection azure.azcollection ports it (azure_rm_ml_batch_endpoint_invoke: parse_name_version, then data.get without a version); public reports MicrosoftDocs/azure-docs #111551, #111596, #111598")
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(line) = &invocation.command else {
            return;
        };
        // With `--file` the CLI never reads `--input` (input-overrides-set-inputs says so).
        if line.uses("--input-type").next().is_some() || line.uses("--file").next().is_some() {
            return;
        }
        let Some(value) = line.value_of("--input").filter(|v| v.known) else {
            return;
        };
        let text = value.text.trim();
        let Some(rest) = text.strip_prefix("azureml:") else {
            return;
        };
        if is_placeholder(rest) {
            return;
        }
        // `parse_name_version`: a `/` not at the start is refused outright; otherwise the
        // version is what follows the first `:`, and without one the lookup fails.
        let what = if rest.contains('/') && !rest.starts_with('/') {
            format!("`{text}` cannot be parsed as a data asset name (\"Could not parse {rest}.\")")
        } else if rest.contains(':') {
            // A version is found by the lookup.
            return;
        } else if rest.starts_with('/') {
            format!(
                "`{text}` is looked up as a data asset with no version (\"Must provide either \
                 version or label.\")"
            )
        } else if rest.contains('@') {
            format!(
                "`{text}` is looked up as a data asset named `{rest}` (the label is not split off) \
                 with no version (\"Must provide either version or label.\")"
            )
        } else {
            format!(
                "`{text}` is looked up as a data asset with no version (\"Must provide either \
                 version or label.\")"
            )
        };
        cx.report(
            value.span,
            format!("`--input` without `--input-type`: {what}"),
        )
        .help(
            "add `--input-type uri_folder` (or `uri_file`) so the value is sent as a path, or pin \
             a version (`azureml:NAME:VERSION`)",
        );
    }
}
