//! ## What it does
//! Reports a `--set` item without `=` (`--set inputs.x.type uri_folder`).
//!
//! ## Why is this bad?
//! The CLI documents `--set` items as `KEY=VALUE` ("Example: --set property1.property2=value."),
//! and the documentation replaced every space-separated form that its 2023 revision used. How the
//! `az ml` extension treats the space form is not public, so this is a warning — but nothing
//! guarantees that the value reaches the input.
//!
//! ## Example
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME \
//!     --set inputs.heart_dataset.type uri_folder inputs.heart_dataset.path $DATASET_ID
//! ```
//!
//! ## Fix
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME \
//!     --set inputs.heart_dataset.type=uri_folder inputs.heart_dataset.path=$DATASET_ID
//! ```
//! The diagnostic carries the joined `KEY=VALUE` as a safe fix when both words are plain.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::{Basis, Class, Context, Rule};

pub struct SetMissingEquals;

impl Rule for SetMissingEquals {
    fn id(&self) -> &'static str {
        "set-missing-equals"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::CliSide).source("CLI reference: --set property1.property2=value")
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(line) = &invocation.command else {
            return;
        };
        for item in line.set_items.iter().filter(|i| !i.has_equals) {
            let joined = item
                .value
                .as_ref()
                .map(|v| format!("{}={}", item.key, v.text));
            // A fix only where the two words are written plainly, one space apart.
            let fixable = item.value.as_ref().is_some_and(|v| {
                v.known && cx.file.slice(item.span) == format!("{} {}", item.key, v.text)
            });
            let diagnostic = cx.report(
                item.key_span,
                format!(
                    "`--set {}` has no `=`; the CLI takes `KEY=VALUE` items",
                    item.key
                ),
            );
            match joined {
                Some(joined) => {
                    diagnostic.help(format!("write `{joined}`"));
                    if fixable {
                        diagnostic.fix(item.span, joined);
                    }
                }
                None => {
                    diagnostic.help(format!("write `{}=VALUE`", item.key));
                }
            }
        }
    }
}
