//! ## What it does
//! Reports a flag written as a prefix of its name (`--f inputs.yml` for `--file`). An ambiguous
//! prefix (`--in`, which `--input`, `--input-type`, `--inputs` and `--instance-count` share) is
//! reported as an error.
//!
//! ## Why is this bad?
//! The Azure CLI parses with argparse and allows abbreviations, so a unique prefix works today —
//! but a flag added later can make it ambiguous, and then the script breaks. An ambiguous prefix
//! already fails: argparse stops with "ambiguous option".
//!
//! ## Example
//! ```bash
//! az ml batch-endpoint invoke -n $ENDPOINT_NAME --f inputs.yml
//! ```
//!
//! ## Fix
//! ```bash
//! az ml batch-endpoint invoke -n $ENDPOINT_NAME --file inputs.yml
//! ```
//! The diagnostic carries the full flag as a safe fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::model::command_line::FlagMatch;
use crate::rules::{Basis, Class, Context, Rule};

pub struct AbbreviatedFlag;

impl Rule for AbbreviatedFlag {
    fn id(&self) -> &'static str {
        "abbreviated-flag"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::CliSide)
            .source("argparse prefix matching (azure-cli-core never sets allow_abbrev=False)")
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(line) = &invocation.command else {
            return;
        };
        for flag in &line.flags {
            match &flag.matched {
                FlagMatch::Abbreviation(spec) => {
                    cx.report(
                        flag.span,
                        format!(
                            "`{}` is an abbreviation of `{}`; it works while no other flag starts \
                             the same way",
                            flag.written, spec.long
                        ),
                    )
                    .help(format!("write `{}`", spec.long))
                    .fix(flag.span, spec.long);
                }
                FlagMatch::Ambiguous(candidates) => {
                    cx.report(
                        flag.span,
                        format!(
                            "`{}` is ambiguous: it could be {}; the CLI stops with \"ambiguous \
                             option\"",
                            flag.written,
                            candidates
                                .iter()
                                .map(|c| format!("`{c}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                    .severity(Severity::Error)
                    .help("write the full flag");
                }
                _ => {}
            }
        }
    }
}
