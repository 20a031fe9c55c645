//! ## What it does
//! Reports an ARM id of something that is not data (`…/models/…`, `…/environments/…`,
//! `…/components/…`, `…/jobs/…`) used as an input path. The data asset id
//! `…/workspaces/W/data/NAME/versions/V` is valid and not reported.
//!
//! ## Why is this bad?
//! azure-ai-ml accepts an ARM id as an input only when it is a data asset
//! (`is_ARM_id_for_resource(path, "data")`), and raises "Invalid input path" for any other.
//!
//! ## Example
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: /subscriptions/…/workspaces/ws/models/heart-classifier/versions/1
//! ```
//!
//! ## Fix
//! Point at the data the model should score:
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: /subscriptions/…/workspaces/ws/data/heart-data/versions/1
//! ```
//! This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::model::path_ref::{ArmResource, PathRef};
use crate::rules::{Basis, Class, Context, Rule};

pub struct NonDataArmId;

impl Rule for NonDataArmId {
    fn id(&self) -> &'static str {
        "non-data-arm-id"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkRaises)
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        for (io, path) in invocation.input_paths() {
            let what = match path.path_ref() {
                PathRef::ArmId(ArmResource::Other { resource_type }) => {
                    format!("an ARM id of `{resource_type}`, not of data")
                }
                PathRef::ArmId(ArmResource::Unrecognised) => {
                    "an ARM id that names no workspace data asset".to_string()
                }
                _ => continue,
            };
            cx.report(
                path.span,
                format!(
                    "input `{}` is {what}; the SDK raises \"Invalid input path\"",
                    io.name
                ),
            )
            .help("use a data asset id: `/subscriptions/…/workspaces/W/data/NAME/versions/V`");
        }
    }
}
