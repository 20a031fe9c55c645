//! ## What it does
//! Reports a V1 dataset: the removed `--input-dataset` flag, an `azureml.core` `Dataset`
//! (`Dataset.get_by_name`, `Dataset.File.from_files`, `Dataset.Tabular…`) passed to an invoke, or
//! an input that a project file declares as a V1 dataset. V2 `mltable` inputs with
//! `eval_mount`/`eval_download` modes are **not** V1 and are not reported.
//!
//! ## Why is this bad?
//! The documentation: "Data assets of type FileDataset (V1) are deprecated", and batch endpoints
//! created with CLI v2 2.4.0+ do not take them.
//!
//! ## Example
//! ```bash
//! az ml batch-endpoint invoke --name heart-classifier --input-dataset azureml:heart-data:1
//! ```
//!
//! ## Fix
//! Register the data as a V2 data asset (`uri_folder`, `uri_file`) and pass it with `--input`:
//! ```bash
//! az ml batch-endpoint invoke --name heart-classifier --input azureml:heart-data@latest
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::{Basis, Class, Context, Rule};

pub struct V1Dataset;

impl Rule for V1Dataset {
    fn id(&self) -> &'static str {
        "v1-dataset"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::CliSide)
            .source("CLI reference history: --input-dataset removed 2022-05; azureml.core Dataset objects are not azure-ai-ml inputs")
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for span in &invocation.v1_datasets {
            // `--input-dataset` is also a removed flag: said here, so that one mistake is one
            // finding (legacy-invoke-syntax leaves this flag to this rule).
            let removed_flag = if cx.file.slice(*span).starts_with("--input-dataset") {
                "`--input-dataset` was removed in May 2022 (the CLI stops with \"unrecognized \
                 arguments\"), and "
            } else {
                ""
            };
            cx.report(
                *span,
                format!(
                    "{removed_flag}a V1 dataset is passed to a batch endpoint; batch endpoints \
                     created with CLI v2 2.4.0+ take only V2 data (\"Data assets of type \
                     FileDataset (V1) are deprecated\")"
                ),
            )
            .help("register the data as a `uri_folder`/`uri_file` data asset and pass it with `--input`");
        }
    }
}
