//! ## What it does
//! Reports invoke syntax that was removed or only ever in preview: `--input-dataset`,
//! `--input-data`, `--input-datastore`, `--input-path`, `--input-local-path`, `--output-datastore`,
//! a `folder:`/`file:` prefix on a path, and `az ml endpoint invoke --type batch`.
//!
//! ## Why is this bad?
//! All of these were replaced by `--input`/`--input-type` in May 2022 (CLI `ml` extension 2.4.0,
//! per the reference's history). Today the CLI stops with "unrecognized arguments", and scripts
//! copied from old blog posts fail after the login.
//!
//! ## Example
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --input-path folder:https://example.com/data
//! ```
//!
//! ## Fix
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --input https://example.com/data --input-type uri_folder
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::model::command_line::FlagMatch;
use crate::rules::{Basis, Class, Context, Rule};

pub struct LegacyInvokeSyntax;

impl Rule for LegacyInvokeSyntax {
    fn id(&self) -> &'static str {
        "legacy-invoke-syntax"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::CliSide)
            .source("CLI reference history (azure-docs-cli): the flags were removed in May 2022")
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(line) = &invocation.command else {
            return;
        };
        if line.legacy_command {
            cx.report(
                line.command_span,
                "`az ml endpoint invoke --type batch` is the 2021 preview syntax; the command is \
                 `az ml batch-endpoint invoke`",
            )
            .help("use `az ml batch-endpoint invoke --name ENDPOINT --input PATH`");
        }
        for flag in &line.flags {
            // `--input-dataset` is reported by the more specific `v1-dataset`.
            if flag.matched == FlagMatch::Legacy && flag.written != "--input-dataset" {
                cx.report(
                    flag.span,
                    format!(
                        "`{}` was removed in May 2022; the CLI stops with \"unrecognized arguments\"",
                        flag.written
                    ),
                )
                .help("give data with `--input PATH` and `--input-type uri_folder|uri_file`");
            }
            let takes_path = matches!(flag.long(), Some("--input" | "--output-path"))
                || flag.matched == FlagMatch::Legacy;
            for value in flag.values.iter().filter(|v| takes_path && v.known) {
                if let Some(prefix) = ["folder:", "file:"]
                    .iter()
                    .find(|p| value.text.starts_with(**p))
                {
                    cx.report(
                        value.span,
                        format!("the `{prefix}` prefix was removed in May 2022"),
                    )
                    .help(if *prefix == "file:" {
                        "drop the prefix and add `--input-type uri_file`"
                    } else {
                        "drop the prefix (`--input-type uri_folder` is the default)"
                    });
                }
            }
        }
    }
}
