//! ## What it does
//! Reports a top-level key of an inputs file other than `inputs`, `outputs`, `deployment`,
//! `endpoint` and `$schema`, and suggests the closest one (`input` → `inputs`). It also warns
//! when a command's `--deployment-name` or `--name` contradicts the `deployment:` or `endpoint:`
//! of its `--file`.
//!
//! ## Why is this bad?
//! The documentation's inputs files hold `inputs:` and `outputs:` ("Create jobs and input data for
//! batch endpoints"); the CLI also reads `deployment:` (it routes the job when `-d` is absent) and
//! `endpoint:` (read when `--name` is absent), and ignores every other key (its invoke logic, as
//! the Ansible collection `azure.azcollection` ports it: `definition.get("deployment")`,
//! `definition.get("endpoint")`). A misspelt `input:` block is therefore not read at all, so the
//! job starts with the deployment's defaults — or fails for want of an input — long after the
//! typo was made.
//!
//! A `deployment:` in the file ties the invocation to that deployment (its kind is certain). When
//! the command line names another one, the command line wins and the file's value is silently
//! ignored: a warning, since either may be the one meant.
//!
//! ## Example
//! ```yaml
//! input:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data@latest
//! ```
//!
//! ## Fix
//! ```yaml
//! inputs:
//!   heart_data:
//!     type: uri_folder
//!     path: azureml:heart-data@latest
//! ```
//! When one key is clearly meant, the diagnostic carries that replacement as a safe fix. A
//! contradiction has no automatic fix: drop the file's key or the flag.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::{Basis, Class, Context, Rule};
use crate::spec::inputs_file::ALLOWED_TOP_LEVEL;
use crate::suggest;
use crate::syntax::yaml::Document;

pub struct UnknownTopLevelKey;

impl Rule for UnknownTopLevelKey {
    fn id(&self) -> &'static str {
        "unknown-top-level-key"
    }

    fn severity(&self) -> Severity {
        Severity::Error
    }

    fn basis(&self) -> Basis {
        Basis::new(Class::SdkChanges)
    }

    fn check_document(&self, doc: &Document, cx: &mut Context<'_>) {
        let Some(root) = doc.root() else { return };
        for (key, _) in root.entries() {
            let name = key.as_str().unwrap_or_default();
            if ALLOWED_TOP_LEVEL.contains(&name) {
                continue;
            }
            let diagnostic = cx.report(
                key.span(),
                format!(
                    "unknown top-level key `{name}`; an inputs file holds `inputs` and `outputs` \
                     (and `deployment`, `endpoint`), and the CLI ignores any other key"
                ),
            );
            match suggest::closest(name, &["inputs", "outputs"], 2) {
                Some(better) => {
                    diagnostic
                        .help(format!("did you mean `{better}`?"))
                        .fix(key.span(), better);
                }
                None => {
                    diagnostic.help("remove it, or move it under an input or output");
                }
            }
        }
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        let Some(line) = &invocation.command else {
            return;
        };
        for (flag, key, written) in [
            ("--deployment-name", "deployment", &line.file_deployment),
            ("--name", "endpoint", &line.file_endpoint),
        ] {
            let (Some(in_file), Some(used)) = (written, line.uses(flag).last()) else {
                continue;
            };
            let Some(value) = used.values.first() else {
                continue;
            };
            if !value.known || value.text.trim() == in_file.trim() {
                continue;
            }
            cx.report(
                value.span,
                format!(
                    "`{} {}` contradicts `{key}: {in_file}` of the `--file`: the CLI uses \
                     `{}` and ignores the file's `{key}:`",
                    used.written, value.text, value.text
                ),
            )
            .help(format!(
                "drop `{key}:` from the file, or `{}` from the command, so one place names it",
                used.written
            ))
            .severity(Severity::Warning);
        }
    }
}
