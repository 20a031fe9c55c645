//! ## What it does
//! Reports a flag that `az ml batch-endpoint invoke` does not have — `--output-file-name`,
//! `--no-wait`, a typo such as `--input_type` — and suggests the closest flag.
//!
//! ## Why is this bad?
//! The CLI stops with "unrecognized arguments" before it does anything. The flags of
//! `az ml batch-endpoint invoke` are `--name/-n`, `--resource-group/-g`, `--workspace-name/-w`,
//! `--deployment-name/-d`, `--experiment-name`, `--file/-f`, `--input`, `--input-type`,
//! `--inputs`, `--outputs`, `--instance-count/-c`, `--job-name`, `--mini-batch-size/-m`,
//! `--output-path`, `--set`, and the global ones (`--query`, `--output/-o`, `--subscription`,
//! `--debug`, `--verbose`, `--only-show-errors`, `--help`). There is no `--output-file-name`
//! (use `--set output_file_name=…`) and no `--no-wait`.
//!
//! ## Example
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --input data --input_type uri_folder
//! ```
//!
//! ## Fix
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --input data --input-type uri_folder
//! ```
//! When one flag is clearly meant, the diagnostic carries it as a safe fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::model::command_line::FlagMatch;
use crate::rules::{Basis, Class, Context, Rule};
use crate::spec::cli::FLAGS;
use crate::suggest;

pub struct UnknownFlag;

impl Rule for UnknownFlag {
    fn id(&self) -> &'static str {
        "unknown-flag"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::CliSide).source("argparse: 'unrecognized arguments'")
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(line) = &invocation.command else {
            return;
        };
        let longs: Vec<&str> = FLAGS.iter().map(|f| f.long).collect();
        for flag in line
            .flags
            .iter()
            .filter(|f| f.matched == FlagMatch::Unknown)
        {
            let diagnostic = cx.report(
                flag.span,
                format!(
                    "`az ml batch-endpoint invoke` has no flag `{}`; the CLI stops with \
                     \"unrecognized arguments\"",
                    flag.written
                ),
            );
            let special = match flag.written.as_str() {
                "--output-file-name" => Some("use `--set output_file_name=NAME`"),
                "--no-wait" => Some("remove it: invoke returns once the job is created"),
                _ => None,
            };
            if let Some(help) = special {
                diagnostic.help(help);
            } else if let Some(better) = suggest::closest(&flag.written, &longs, 3) {
                diagnostic
                    .help(format!("did you mean `{better}`?"))
                    .fix(flag.span, better);
            } else {
                diagnostic.help("see `az ml batch-endpoint invoke --help`");
            }
        }
        // A continuation character followed by spaces is an escaped space, a stray word: the
        // broken line is broken-line-continuation's finding (one mistake, one finding).
        let dangling =
            crate::rules::broken_line_continuation::broken(line, cx.file).and_then(|b| b.dangling);
        for word in &line.stray_words {
            if dangling.is_some_and(|d| d.start <= word.span.start && word.span.start < d.end) {
                continue;
            }
            cx.report(
                word.span,
                format!(
                    "`{}` is not a flag nor the value of one; the CLI stops with \"unrecognized \
                     arguments\"",
                    word.text
                ),
            )
            .help("quote values that contain spaces, and check the flag before it");
        }
    }
}
