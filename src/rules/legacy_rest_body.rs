//! ## What it does
//! Reports a batch job body in the 2021 preview shape: `properties.dataset` (with its
//! `dataInputType`) or `properties.outputDataset`, and no `InputData`/`OutputData`.
//!
//! ## Why is this bad?
//! The preview API (`api-version=2021-…-preview`) took one input as `dataset`; the current batch
//! job contract (azure-ai-ml's vendored `mfe.json`, `BatchJob`) reads inputs and outputs only
//! from `properties.InputData` and `properties.OutputData`, and has no `dataset` property. Old
//! blog posts and samples still show the preview body, and a job sent that way runs without the
//! data it was meant to score — or is refused. A V1 dataset in it (`dataInputType:
//! DatasetVersion`) is also `v1-dataset`.
//!
//! A warning, not an error: what the service does with a preview body today depends on the
//! api-version the caller sends, which amlint does not always see.
//!
//! ## Example
//! ```json
//! {"properties": {"dataset": {"dataInputType": "DataUrl",
//!   "Path": "https://contoso.blob.core.windows.net/incoming/2024-06"}}}
//! ```
//!
//! ## Fix
//! ```json
//! {"properties": {"InputData": {"claims_raw": {"JobInputType": "UriFolder",
//!   "Uri": "https://contoso.blob.core.windows.net/incoming/2024-06"}}}}
//! ```
//! This rule has no automatic fix: the input's name is the deployment's.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::{Basis, Class, Context, Rule};

pub struct LegacyRestBody;

impl Rule for LegacyRestBody {
    fn id(&self) -> &'static str {
        "legacy-rest-body"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide)
            .source("REST contract (azure-ai-ml's vendored mfe.json, BatchJob): inputs and outputs only under properties.InputData/OutputData; the 2021 preview's dataset/outputDataset are not read")
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(key) = invocation.rest.as_ref().and_then(|rest| rest.legacy) else {
            return;
        };
        cx.report(
            key,
            "this is the 2021 preview body of a batch job: the current API reads inputs and outputs only from `properties.InputData` and `properties.OutputData`",
        )
        .help("send `{\"properties\": {\"InputData\": {\"NAME\": {\"JobInputType\": \"UriFolder\", \"Uri\": …}}}}`, NAME being the deployment's input");
    }
}
