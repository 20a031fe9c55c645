//! ## What it does
//! Reports a literal input (`string`, `integer`, `number`, `boolean`, or a bare scalar), or a data
//! input that is not `uri_folder`/`uri_file`, sent to a **model** deployment. Needs the deployment
//! kind; silent when it is unknown. (`mltable` has its own rule, `mltable-input`.)
//! When the kind is only inferred — every deployment found around the file is a model
//! deployment, and nothing names one — the finding is a warning (see the README).
//!
//! ## Why is this bad?
//! The documentation: "Literal inputs aren't supported in model deployments." The service answers
//! "The specified job input type 'LiteralJobInput' is not supported. The supported types are:
//! UriFileJobInput, UriFolderJobInput." — after the job was queued.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   score_mode:
//!     type: string
//!     default: append
//! ```
//!
//! ## Fix
//! Send one `uri_folder` or `uri_file` input to a model deployment; literal inputs need a pipeline
//! component deployment. This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::{DeploymentKind, InputType, Invocation, IoValue};
use crate::rules::{Basis, Class, Context, Rule};

pub struct ModelDeploymentLiteralOrNonuri;

impl Rule for ModelDeploymentLiteralOrNonuri {
    fn id(&self) -> &'static str {
        "model-deployment-literal-or-nonuri"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::ServiceSide)
            .source("service: 'The specified job input type 'LiteralJobInput' is not supported' (MicrosoftDocs/azure-docs#115245)")
    }

    fn depends_on_kind(&self) -> bool {
        true
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        if invocation.kind != Some(DeploymentKind::Model) {
            return;
        }
        for io in &invocation.inputs {
            let span = io.type_value().map_or(
                match &io.value {
                    IoValue::Bare(v) => v.span,
                    _ => io.name_span,
                },
                |v| v.span,
            );
            if io.is_literal() {
                cx.report(
                    span,
                    format!(
                        "`{}` is a literal input, and model deployments take only data inputs \
                         (\"Literal inputs aren't supported in model deployments\")",
                        io.name
                    ),
                )
                .help("send literals to a pipeline component deployment; a model deployment takes one `uri_folder` or `uri_file`");
                continue;
            }
            let Some(ty) = io.effective_type() else {
                continue;
            };
            let takes = |t: InputType| t.is_uri() || t == InputType::Mltable;
            if io.is_data() && !io.input_type().is_some_and(takes) {
                cx.report(
                    span,
                    format!(
                        "`{}` is a `{ty}` input; model deployments take only `uri_folder` or \
                         `uri_file`",
                        io.name
                    ),
                )
                .help("pass the data as `uri_folder` or `uri_file`");
            }
        }
    }
}
