//! ## What it does
//! Reports `--output-path` that is not a data store path: the CLI takes only
//! `azureml://datastores/NAME/paths/PATH` (or its long form
//! `azureml://subscriptions/S/resourceGroups/R/workspaces/W/datastores/NAME/paths/PATH`). An
//! https URL, a local path, a data asset (`azureml:NAME:VERSION`), a datastore ARM id with
//! `/paths/`, or `azureml://datastores/NAME/PATH` without `/paths/` all fail. A folder is right:
//! the CLI writes the job's `output_file_name` into it.
//!
//! ## Why is this bad?
//! The CLI's invoke logic (as the Ansible collection `azure.azcollection` ports it, module
//! `azure_rm_ml_batch_endpoint_invoke`, with azure-ai-ml's own parser) checks the value before
//! anything is sent: a value that does not start with `azureml:` stops with "Not a valid
//! output_path, it should start with 'azureml:'"; the rest goes through azure-ai-ml's
//! `AzureMLDatastorePathUri`, which accepts `azureml://datastores/D/paths/P`, the long
//! `azureml://subscriptions/…/datastores/D/paths/P` form (and the job-output and `ExperimentRun`
//! forms it also parses) and raises "Invalid AzureML datastore path URI …" for anything else.
//! The datastore and the path become the job's `output_dataset`; the model-deployment page says
//! "Only registered data stores are supported as output paths". An error: the command fails
//! before the job is created. (The 2022 `folder:` prefix is `legacy-invoke-syntax`.)
//!
//! ## Example
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --input azureml:heart-data:1 \
//!     --output-path https://myaccount.blob.core.windows.net/results
//! ```
//!
//! ## Fix
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --input azureml:heart-data:1 \
//!     --output-path azureml://datastores/workspaceblobstore/paths/results/
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::{Invocation, is_placeholder};
use crate::rules::{Basis, Class, Context, Rule};

pub struct OutputPathFlagFormat;

impl Rule for OutputPathFlagFormat {
    fn id(&self) -> &'static str {
        "output-path-flag-format"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::CliSide)
            .source("the extension parses --output-path; the CLI reference shows azureml://datastores/NAME/paths/PATH")
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(line) = &invocation.command else {
            return;
        };
        for flag in line.uses("--output-path") {
            let Some(value) = flag.values.first().filter(|v| v.known) else {
                continue;
            };
            let text = value.text.trim();
            if is_placeholder(text) || text.starts_with("folder:") || text.starts_with("file:") {
                continue;
            }
            let message = match check(text) {
                Checked::DatastorePath => continue,
                Checked::JobOutput => {
                    cx.report(
                        value.span,
                        format!(
                            "`--output-path {text}` names a job's output, not a data store: the \
                             CLI parses it, but it sends `{}` as the output's data store",
                            job_name(text)
                        ),
                    )
                    .help("write `--output-path azureml://datastores/NAME/paths/PATH`")
                    .severity(Severity::Warning);
                    continue;
                }
                Checked::NoPrefix => format!(
                    "`--output-path` is {}, not a data store path: the CLI stops with \"Not a \
                     valid output_path, it should start with 'azureml:'\"",
                    crate::model::path_ref::PathRef::parse(text).describe()
                ),
                Checked::Invalid => format!(
                    "`--output-path {text}` is not a data store path: the CLI stops with \
                     \"Invalid AzureML datastore path URI {text}\""
                ),
            };
            cx.report(value.span, message)
                .help("write `--output-path azureml://datastores/NAME/paths/PATH` (a folder: the job's `output_file_name` is written into it)");
        }
    }
}

/// What the CLI makes of an `--output-path` value.
#[derive(Debug, PartialEq, Eq)]
enum Checked {
    /// `azureml://datastores/D/paths/P`, the long form, or `azureml://datastores/D/ExperimentRun/…`.
    DatastorePath,
    /// `azureml://jobs/J/outputs/O/paths/P`: parsed, but its "datastore" is the job.
    JobOutput,
    /// Does not start with `azureml:`.
    NoPrefix,
    /// Starts with `azureml:` and matches none of `AzureMLDatastorePathUri`'s forms.
    Invalid,
}

/// `validate_and_split_output_path`: `startswith("azureml:")`, then the `re.match` (anchored at
/// the start only, case-sensitive) of azure-ai-ml's `SHORT_URI_REGEX_FORMAT`,
/// `JOB_URI_REGEX_FORMAT`, `OUTPUT_URI_REGEX_FORMAT` and `LONG_URI_REGEX_FORMAT`.
fn check(text: &str) -> Checked {
    let Some(rest) = text.strip_prefix("azureml:") else {
        return Checked::NoPrefix;
    };
    let Some(rest) = rest.strip_prefix("//") else {
        return Checked::Invalid;
    };
    // `[^/]+` segments, then the literal that follows each.
    let segment = |s: &str| !s.is_empty();
    let parts: Vec<&str> = rest.splitn(12, '/').collect();
    let tail_after = |n: usize| -> Option<String> {
        // Everything after the first `n` segments (`.+`: one character at least, no newline).
        let tail = rest.splitn(n + 1, '/').nth(n)?;
        (!tail.is_empty() && !tail.contains('\n')).then(|| tail.to_string())
    };
    match parts.as_slice() {
        ["datastores", d, "paths", ..] if segment(d) && tail_after(3).is_some() => {
            Checked::DatastorePath
        }
        ["datastores", d, "ExperimentRun", ..] if segment(d) && tail_after(3).is_some() => {
            Checked::DatastorePath
        }
        ["jobs", j, "outputs", o, "paths", ..]
            if segment(j) && segment(o) && tail_after(5).is_some() =>
        {
            Checked::JobOutput
        }
        [
            "subscriptions",
            s,
            groups,
            r,
            "workspaces",
            w,
            "datastores",
            d,
            "paths",
            ..,
        ] if matches!(*groups, "resourcegroups" | "resourceGroups")
            && [s, r, w, d].iter().all(|p| segment(p))
            && tail_after(9).is_some() =>
        {
            Checked::DatastorePath
        }
        _ => Checked::Invalid,
    }
}

/// The job of `azureml://jobs/J/outputs/O/paths/P`.
fn job_name(text: &str) -> &str {
    text.trim_start_matches("azureml://jobs/")
        .split('/')
        .next()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_forms_the_cli_parses_pass() {
        for ok in [
            "azureml://datastores/workspaceblobstore/paths/scores/",
            "azureml://datastores/d/paths/x",
            "azureml://subscriptions/s/resourceGroups/r/workspaces/w/datastores/d/paths/p/",
            "azureml://subscriptions/s/resourcegroups/r/workspaces/w/datastores/d/paths/p",
            "azureml://datastores/d/ExperimentRun/dcid.x/out",
        ] {
            assert_eq!(check(ok), Checked::DatastorePath, "{ok}");
        }
        assert_eq!(
            check("azureml://jobs/j/outputs/o/paths/p"),
            Checked::JobOutput
        );
        for bad in [
            "https://acct.blob.core.windows.net/results",
            "./scores/2024-06/",
            "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/datastores/d/paths/p",
            "workspaceblobstore/paths/x",
        ] {
            assert_eq!(check(bad), Checked::NoPrefix, "{bad}");
        }
        for bad in [
            "azureml:claims-scores:2",
            "azureml://datastores/d/scores",
            "azureml://datastores/d/paths/",
            "azureml://datastores//paths/x",
            "azureml:/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/datastores/d/paths/p",
            "azureml://subscriptions/s/resourceGroups/r/workspaces/w/datastores/d/p",
            "azureml://registries/r/data/d/versions/1",
        ] {
            assert_eq!(check(bad), Checked::Invalid, "{bad}");
        }
    }
}
