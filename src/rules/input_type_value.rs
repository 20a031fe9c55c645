//! ## What it does
//! Reports `--input-type` (or the SDK's single `input=`) with a type other than `uri_folder` or
//! `uri_file`.
//!
//! ## Why is this bad?
//! The single-input path of azure-ai-ml maps only `uri_folder` and `uri_file`, and raises
//! "Unsupported input type please use a dictionary of either a path on the datastore, public URI,
//! a registered data asset, or a local folder path." for anything else — `mltable` included.
//!
//! ## Example
//! ```bash
//! az ml batch-endpoint invoke --name $ENDPOINT_NAME --input azureml:heart-table:1 --input-type mltable
//! ```
//!
//! ## Fix
//! Use `uri_folder`/`uri_file`, or send other types with `--set inputs.NAME.type=…` (pipeline
//! deployments). When one spelling is clearly meant (`uri-file`), the diagnostic carries it as a
//! safe fix.

use crate::diagnostic::Severity;
use crate::model::{Invocation, Value};
use crate::rules::{Basis, Class, Context, Rule};
use crate::suggest;

pub struct InputTypeValue;

const SINGLE_INPUT_TYPES: &[&str] = &["uri_folder", "uri_file"];

impl Rule for InputTypeValue {
    fn id(&self) -> &'static str {
        "input-type-value"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        // The CLI's `--input-type`, or the type of the SDK's single `input=`.
        let values: Vec<&Value> = match &invocation.command {
            Some(line) => line
                .uses("--input-type")
                .filter_map(|flag| flag.values.first())
                .collect(),
            None => invocation
                .inputs
                .iter()
                .filter(|io| io.from_flag)
                .filter_map(|io| io.type_value())
                .collect(),
        };
        for value in values {
            if !value.known {
                continue;
            }
            if SINGLE_INPUT_TYPES.contains(&value.text.as_str()) {
                continue;
            }
            let diagnostic = cx.report(
                value.span,
                format!(
                    "input type `{}` is not supported for the single input (`--input-type`, \
                     `input=`): it takes only `uri_folder` or `uri_file` (\"Unsupported input \
                     type …\")",
                    value.text
                ),
            );
            match suggest::closest(&value.text, SINGLE_INPUT_TYPES, 3) {
                Some(better) => {
                    diagnostic
                        .help(format!("did you mean `{better}`?"))
                        .fix(value.span, better);
                }
                None => {
                    diagnostic.help("use `uri_folder` or `uri_file`; other types go through `--set inputs.NAME.type=…`");
                }
            }
        }
    }
}
