//! The rule registry: every rule in one list, each in its own file named after its id.
//!
//! A rule looks at the spanned YAML document of an inputs file ([`Rule::check_document`]) or at
//! the invocation model that every front-end produces ([`Rule::check_invocation`]), and reports
//! through a [`Context`]. Its documentation is the `//!` comment at the top of its file; `build.rs`
//! collects those into [`RULE_DOCS`], which `amlint rule ID` and the SARIF report print.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::DatastoreKind;
use crate::model::bundle::{DeploymentBundle, Scoring};
use crate::model::{DeploymentKind, Invocation};
use crate::project::BatchFileKind;
use crate::project::deployment::Definition;
use crate::source::{SourceFile, Span};
use crate::syntax::yaml::Document;

mod abbreviated_flag;
mod asset_label_not_latest;
mod asset_missing_version;
mod asset_version_and_label;
mod asset_version_latest;
mod azureml_uri_asset_form;
mod broken_line_continuation;
mod code_config_remote;
mod code_requires_environment;
mod component_input_type;
mod component_missing_input;
mod component_unknown_input;
mod component_unknown_output;
mod data_input_missing_path;
mod datastore_arm_id_as_input;
mod datastore_uri_malformed;
mod deployment_keyword;
mod deployment_schema;
mod duplicate_key;
mod embedded_credential;
mod experiment_name_model_deployment;
mod field_not_sent;
mod input_asset_without_type;
mod input_bare_literal;
mod input_field_mismatch;
mod input_file_without_type;
mod input_key_charset;
mod input_missing_type;
mod input_overrides_set_inputs;
mod input_type_value;
mod input_type_without_input;
mod input_value_kind;
mod integer_default_truncated;
mod io_not_mapping;
mod legacy_invoke_syntax;
mod legacy_rest_body;
mod literal_default_coerced;
mod literal_default_invalid;
mod literal_type_float;
mod literal_value_key;
mod local_path_contains_http;
mod local_path_empty;
mod local_path_missing;
mod mini_batch_size_int;
mod mlflow_input_file_type;
mod mltable_input;
mod model_deployment_input_count;
mod model_deployment_literal_or_nonuri;
mod model_deployment_output_type;
mod model_input_asset_ref;
mod non_data_arm_id;
mod output_action_file_name;
mod output_datastore_not_blob;
mod output_missing_type;
mod output_path_flag_format;
mod output_path_form;
mod pipeline_deployment_env_vars;
mod read_error;
mod rest_body_shape;
mod rest_literal_value;
mod rest_local_path;
mod rest_missing_uri;
mod rest_token_audience;
mod rest_unknown_input_type;
pub mod runner;
mod scoring_entry_points;
mod scoring_run_return;
mod scoring_script_missing;
mod scoring_script_syntax;
mod sdk_deployment_loader;
mod set_missing_equals;
mod set_scalar_is_string;
mod set_unknown_key;
mod set_value_type;
mod shell_assignment_spaces;
mod unknown_flag;
mod unknown_input_type;
mod unknown_invoke_keyword;
mod unknown_output_type;
mod unknown_top_level_key;
mod unsupported_storage_scheme;
mod unused_ignore;
mod uri_type_mismatch;
mod v1_dataset;
mod yaml11_implicit_type;
mod yaml_syntax;

include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));

pub use read_error::READ_ERROR;
pub use unused_ignore::UNUSED_IGNORE;
pub use yaml_syntax::YAML_SYNTAX;

/// One lint rule.
pub trait Rule: Sync {
    /// The stable id users select, ignore and suppress the rule by.
    fn id(&self) -> &'static str;
    fn severity(&self) -> Severity;
    /// Whether the rule's findings exist only because of the invocation's deployment kind.
    /// When that kind is inferred from the deployments around the file (no name ties them), the
    /// engine reports those findings as warnings.
    fn depends_on_kind(&self) -> bool {
        false
    }
    /// What the rule rests on: the SDK raising, the SDK changing what is sent, the service, the
    /// CLI, or amlint's policy — with the public source it cites. The conformance suite judges
    /// amlint against it (`amlint rules --format json`).
    fn basis(&self) -> Basis;
    /// Whether the rule is about what the `az` CLI or azure-ai-ml does before any request is sent.
    /// A REST body goes to the service directly, so these rules do not judge it.
    fn client_side(&self) -> bool {
        matches!(
            self.basis().class,
            Class::SdkRaises | Class::SdkChanges | Class::CliSide
        )
    }
    /// Checks on the YAML of an inputs file (its top-level structure).
    fn check_document(&self, _doc: &Document, _cx: &mut Context<'_>) {}
    /// Checks on an invocation, from whatever source it came.
    fn check_invocation(&self, _invocation: &Invocation, _cx: &mut Context<'_>) {}
    /// Checks on every YAML file amlint lints — inputs files and batch YAML alike (syntax,
    /// duplicate keys).
    fn check_yaml(&self, _doc: &Document, _cx: &mut Context<'_>) {}
    /// Checks on a batch endpoint or deployment YAML.
    fn check_batch_file(&self, _doc: &Document, _kind: BatchFileKind, _cx: &mut Context<'_>) {}
    /// Checks on a model deployment's bundle — its code, scoring script, environment and model —
    /// from its YAML, or a Python `load_*batch_deployment("…")` call (RULES.md §10).
    fn check_deployment(&self, _deployment: &DeploymentBundle, _cx: &mut Context<'_>) {}
    /// Checks on a `.py` file that a model deployment of the project names as its scoring
    /// script (only such a file: any other Python is not a scoring script).
    fn check_scoring_script(&self, _script: &Scoring, _cx: &mut Context<'_>) {}
    /// Checks on a batch deployment or endpoint defined in Python (a constructor or loader
    /// call), where it is written.
    fn check_definition(&self, _definition: &Definition, _cx: &mut Context<'_>) {}
}

/// Every rule, in the order of the catalog.
pub static RULES: &[&dyn Rule] = &[
    // 1. Parsing and file structure
    &yaml_syntax::YamlSyntax,
    &duplicate_key::DuplicateKey,
    &unknown_top_level_key::UnknownTopLevelKey,
    &io_not_mapping::IoNotMapping,
    &input_value_kind::InputValueKind,
    &input_bare_literal::InputBareLiteral,
    &yaml11_implicit_type::Yaml11ImplicitType,
    // 2. Inputs and outputs
    &input_key_charset::InputKeyCharset,
    &input_missing_type::InputMissingType,
    &unknown_input_type::UnknownInputType,
    &unknown_output_type::UnknownOutputType,
    &literal_type_float::LiteralTypeFloat,
    &literal_default_invalid::LiteralDefaultInvalid,
    &integer_default_truncated::IntegerDefaultTruncated,
    &input_field_mismatch::InputFieldMismatch,
    &literal_value_key::LiteralValueKey,
    &data_input_missing_path::DataInputMissingPath,
    &output_missing_type::OutputMissingType,
    &uri_type_mismatch::UriTypeMismatch,
    &local_path_contains_http::LocalPathContainsHttp,
    &local_path_missing::LocalPathMissing,
    &embedded_credential::EmbeddedCredential,
    // 2b. Found by running the real azure-ai-ml offline (conformance suite)
    &literal_default_coerced::LiteralDefaultCoerced,
    &model_input_asset_ref::ModelInputAssetRef,
    &local_path_empty::LocalPathEmpty,
    &field_not_sent::FieldNotSent,
    // 3. Paths and asset references
    &unsupported_storage_scheme::UnsupportedStorageScheme,
    &datastore_uri_malformed::DatastoreUriMalformed,
    &datastore_arm_id_as_input::DatastoreArmIdAsInput,
    &non_data_arm_id::NonDataArmId,
    &asset_missing_version::AssetMissingVersion,
    &asset_version_latest::AssetVersionLatest,
    &asset_label_not_latest::AssetLabelNotLatest,
    &azureml_uri_asset_form::AzuremlUriAssetForm,
    &asset_version_and_label::AssetVersionAndLabel,
    &v1_dataset::V1Dataset,
    // 4. Deployment kind
    &model_deployment_input_count::ModelDeploymentInputCount,
    &model_deployment_literal_or_nonuri::ModelDeploymentLiteralOrNonuri,
    &mltable_input::MltableInput,
    &model_deployment_output_type::ModelDeploymentOutputType,
    &output_path_form::OutputPathForm,
    &output_datastore_not_blob::OutputDatastoreNotBlob,
    &experiment_name_model_deployment::ExperimentNameModelDeployment,
    // 5. The `az ml batch-endpoint invoke` command line
    &set_missing_equals::SetMissingEquals,
    &set_unknown_key::SetUnknownKey,
    &set_value_type::SetValueType,
    &set_scalar_is_string::SetScalarIsString,
    &input_file_without_type::InputFileWithoutType,
    &input_asset_without_type::InputAssetWithoutType,
    &input_type_value::InputTypeValue,
    &input_type_without_input::InputTypeWithoutInput,
    &input_overrides_set_inputs::InputOverridesSetInputs,
    &output_path_flag_format::OutputPathFlagFormat,
    &mini_batch_size_int::MiniBatchSizeInt,
    &legacy_invoke_syntax::LegacyInvokeSyntax,
    &unknown_flag::UnknownFlag,
    &abbreviated_flag::AbbreviatedFlag,
    &shell_assignment_spaces::ShellAssignmentSpaces,
    &broken_line_continuation::BrokenLineContinuation,
    // 5b. Python SDK calls
    &unknown_invoke_keyword::UnknownInvokeKeyword,
    // 6. Deployment and endpoint YAML
    &deployment_schema::DeploymentSchema,
    &output_action_file_name::OutputActionFileName,
    // 6b. Pipeline component interface
    &component_unknown_input::ComponentUnknownInput,
    &component_unknown_output::ComponentUnknownOutput,
    &component_missing_input::ComponentMissingInput,
    &component_input_type::ComponentInputType,
    // 6c. Deployments written in Python, notebooks and ARM templates
    &pipeline_deployment_env_vars::PipelineDeploymentEnvVars,
    &deployment_keyword::DeploymentKeyword,
    &sdk_deployment_loader::SdkDeploymentLoader,
    // 10. The deployment bundle
    &scoring_script_missing::ScoringScriptMissing,
    &scoring_script_syntax::ScoringScriptSyntax,
    &scoring_entry_points::ScoringEntryPoints,
    &scoring_run_return::ScoringRunReturn,
    &code_requires_environment::CodeRequiresEnvironment,
    &code_config_remote::CodeConfigRemote,
    &mlflow_input_file_type::MlflowInputFileType,
    // 8. REST request bodies
    &rest_unknown_input_type::RestUnknownInputType,
    &rest_missing_uri::RestMissingUri,
    &rest_literal_value::RestLiteralValue,
    &rest_body_shape::RestBodyShape,
    &rest_local_path::RestLocalPath,
    &rest_token_audience::RestTokenAudience,
    &legacy_rest_body::LegacyRestBody,
    // 7. The tool itself
    &unused_ignore::UnusedIgnore,
    &read_error::ReadError,
];

pub fn find(id: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.id() == id)
}

/// What a rule rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// azure-ai-ml raises on what the rule reports (the conformance suite sees the exception).
    SdkRaises,
    /// azure-ai-ml accepts it and sends something other than what is written.
    SdkChanges,
    /// The SDK sends it as written; the service (or its documentation) rejects it.
    ServiceSide,
    /// Decided before the SDK runs: the `az` argument parser, the shell, the `ml` extension.
    CliSide,
    /// amlint's own choice (a credential in a file, an unused ignore comment).
    Policy,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::SdkRaises => "sdk-raises",
            Class::SdkChanges => "sdk-changes",
            Class::ServiceSide => "service-side",
            Class::CliSide => "cli-side",
            Class::Policy => "policy",
        }
    }
}

/// A rule's class, the public source it cites, and the rules it reports in place of (one
/// mistake, one finding: its finding counts as theirs in the conformance suite).
#[derive(Clone, Copy, Debug)]
pub struct Basis {
    pub class: Class,
    pub source: &'static str,
    pub covers: &'static [&'static str],
}

impl Basis {
    pub const fn new(class: Class) -> Basis {
        Basis {
            class,
            source: "",
            covers: &[],
        }
    }

    pub const fn source(self, source: &'static str) -> Basis {
        Basis { source, ..self }
    }

    pub const fn covers(self, covers: &'static [&'static str]) -> Basis {
        Basis { covers, ..self }
    }
}

/// The rule's full documentation (Markdown), from its file's `//!` comment.
pub fn docs(id: &str) -> Option<&'static str> {
    RULE_DOCS.iter().find(|(i, _)| *i == id).map(|(_, d)| *d)
}

/// The first sentence under "What it does", for tables and SARIF short descriptions.
pub fn summary(id: &str) -> String {
    let docs = docs(id).unwrap_or("");
    let body: Vec<&str> = docs
        .lines()
        .skip_while(|l| !l.starts_with("## What it does"))
        .skip(1)
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty())
        .collect();
    let paragraph = body.join(" ");
    match paragraph.find(". ") {
        Some(end) => paragraph[..=end].to_string(),
        None => paragraph,
    }
}

/// The rule's name in ruff's style, distinct from its id (SARIF viewers show both):
/// `input-key-charset` → `InputKeyCharset`.
pub fn name(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// Where a rule's documentation is published: `docs/rules/ID.md` of the repository, at the tag of
/// this release (so the page matches the binary that links to it). The files are generated from
/// the rules' docs (`tests/it/readme.rs` keeps them current).
pub fn help_uri(id: &str) -> String {
    format!(
        "{}/blob/v{}/docs/rules/{id}.md",
        env!("CARGO_PKG_REPOSITORY"),
        env!("CARGO_PKG_VERSION")
    )
}

/// The page `amlint rule ID` prints and `docs/rules/ID.md` holds.
pub fn page(rule: &dyn Rule) -> String {
    format!(
        "# {}\n\nDefault severity: {}\n\n{}\n",
        rule.id(),
        rule.severity().as_str(),
        docs(rule.id()).unwrap_or("")
    )
}

/// "What it does" and "Why is this bad?" as plain paragraphs, within `limit` bytes (GitHub shows
/// a rule's `fullDescription` atop each alert and caps its length), cut at a sentence.
pub fn description(id: &str, limit: usize) -> String {
    let docs = docs(id).unwrap_or("");
    let mut paragraphs = Vec::new();
    let mut section = "";
    for block in docs.split("\n\n") {
        let block = block.trim();
        if let Some(heading) = block.strip_prefix("## ") {
            section = heading.lines().next().unwrap_or("");
            let rest = block.split_once('\n').map(|(_, r)| r.trim()).unwrap_or("");
            if !rest.is_empty() && matches!(section, "What it does" | "Why is this bad?") {
                paragraphs.push(rest.replace('\n', " "));
            }
        } else if matches!(section, "What it does" | "Why is this bad?")
            && !block.is_empty()
            && !block.starts_with("```")
        {
            paragraphs.push(block.replace('\n', " "));
        }
    }
    let text = paragraphs.join("\n\n");
    if text.len() <= limit {
        return text;
    }
    let mut cut = limit.saturating_sub('…'.len_utf8());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    match text[..cut].rfind(". ") {
        Some(end) if end > limit / 4 => text[..=end].to_string(),
        _ => format!("{}…", &text[..cut]),
    }
}

/// The local input paths whose folder or file amlint can look at: each input, its path value,
/// the path as written and where it resolves (from the folder of the file that names it). A
/// path built from a variable (`$DATA`, `~`, a template placeholder) is the script's business —
/// it usually creates the data just before it invokes — and a path holding `http` is never
/// uploaded (`local-path-contains-http`).
///
/// One at a time, as the rule asks (a dense inputs file has hundreds of thousands).
pub(crate) fn checkable_local_paths<'i>(
    invocation: &'i Invocation,
    file: &'i SourceFile,
) -> impl Iterator<
    Item = (
        &'i crate::model::Io,
        &'i crate::model::Value,
        &'i str,
        std::path::PathBuf,
    ),
> + 'i {
    invocation.input_paths().filter_map(move |(io, path)| {
        let crate::model::path_ref::PathRef::Local(p) = path.path_ref() else {
            return None;
        };
        let from_variable = crate::model::is_placeholder(p)
            || p.contains('$')
            || p.starts_with('~')
            || file.slice(path.span).contains('$');
        (!from_variable && !p.contains("http")).then(|| (io, path, p, invocation.base_dir.join(p)))
    })
}

/// What a rule sees while it runs, and where its findings go.
pub struct Context<'a> {
    pub file: &'a SourceFile,
    /// The deployment kind of the invocation being checked, when known.
    pub kind: Option<DeploymentKind>,
    /// The kinds of data stores the configuration declares (`[datastores]`).
    pub datastores: Option<&'a HashMap<String, DatastoreKind>>,
    rule: &'static str,
    severity: Severity,
    out: &'a mut dyn Sink,
}

/// Where a rule's findings go: a list, or one that lets go of findings past the per-file cap
/// while the rules run (the engine's), so a file of a million findings never holds them all.
pub trait Sink {
    /// Add a finding; the one just added, for the rule to complete.
    fn push(&mut self, diagnostic: Diagnostic) -> &mut Diagnostic;
}

impl Sink for Vec<Diagnostic> {
    fn push(&mut self, diagnostic: Diagnostic) -> &mut Diagnostic {
        Vec::push(self, diagnostic);
        self.last_mut().expect("just pushed")
    }
}

impl<'a> Context<'a> {
    pub fn new(
        file: &'a SourceFile,
        kind: Option<DeploymentKind>,
        rule: &'static dyn Rule,
        out: &'a mut dyn Sink,
    ) -> Self {
        Context {
            file,
            kind,
            datastores: None,
            rule: rule.id(),
            severity: rule.severity(),
            out,
        }
    }

    /// Report a finding of the running rule at `span`.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        let mut diagnostic = Diagnostic::new(self.rule, self.severity, span, message.into());
        diagnostic.deployment_kind = self.kind;
        self.out.push(diagnostic)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_docs_with_the_four_sections_and_every_doc_a_rule() {
        for rule in RULES {
            let docs = docs(rule.id()).unwrap_or_else(|| panic!("{} has no docs", rule.id()));
            for heading in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Fix",
            ] {
                assert!(docs.contains(heading), "{} lacks {heading}", rule.id());
            }
            assert!(
                !summary(rule.id()).is_empty(),
                "{} has no summary",
                rule.id()
            );
        }
        for (id, _) in RULE_DOCS {
            assert!(find(id).is_some(), "docs for unregistered rule {id}");
        }
    }

    #[test]
    fn every_rule_says_whether_it_has_a_fix_and_whether_it_is_safe() {
        for rule in RULES {
            let docs = docs(rule.id()).unwrap_or_default();
            let fix_section = docs.split("## Fix").nth(1).unwrap_or_default();
            let words = fix_section.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                words.contains("no automatic fix")
                    || words.contains("safe fix")
                    || words.contains("**unsafe**"),
                "{}: the Fix section does not say whether there is a fix",
                rule.id()
            );
        }
    }

    /// A rule the SDK does not decide cites where its claim comes from, and a rule covers only
    /// rules that exist.
    #[test]
    fn every_rule_cites_its_basis() {
        for rule in RULES {
            let basis = rule.basis();
            if matches!(
                basis.class,
                Class::ServiceSide | Class::CliSide | Class::Policy
            ) {
                assert!(!basis.source.is_empty(), "{} cites no source", rule.id());
            }
            for covered in basis.covers {
                assert!(
                    find(covered).is_some(),
                    "{} covers unknown {covered}",
                    rule.id()
                );
            }
        }
    }

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id()).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len());
    }
}
