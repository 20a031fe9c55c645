//! The batch job request body as the service's REST specification defines it: the names the
//! REST front-end and the REST rules share. Source: the data-plane `BatchJob` of api-version
//! 2020-09-01-dataplanepreview (`POST https://ENDPOINT.REGION.inference.ml.azure.com/jobs`), as
//! azure-ai-ml's generated client has it (`_restclient/v2020_09_01_dataplanepreview`, up to
//! 1.28): `JobInput` is discriminated by `jobInputType`; `uri` is required on data inputs
//! (`UriFolderJobInput`: `'uri': {'required': True}`), not on outputs; a `LiteralJobInput`
//! carries `value`. Property names are matched without regard to case.

use crate::model::{Direction, RestEntry};

/// The field that types an entry: `JobInputType` for an input, `JobOutputType` for an output.
pub fn type_key(direction: Direction) -> &'static str {
    match direction {
        Direction::Input => "JobInputType",
        Direction::Output => "JobOutputType",
    }
}

/// The specification's spelling of an entry's type (`UriFolder`, `Literal`, …), when it is
/// written, known and one of the specification's values.
pub fn entry_type(entry: &RestEntry) -> Option<&'static str> {
    let written = entry
        .field(type_key(entry.direction))
        .filter(|t| t.value.known)?;
    job_type(&written.value.text, entry.direction).map(|(rest, _)| rest)
}

/// `JobInputType` values of the REST specification (the data-plane `BatchJob` of api-version
/// 2020-09-01-dataplanepreview, as azure-ai-ml's generated client has it), with the SDK's name for
/// each. A literal has no type of its own on the wire; the model calls it a `string`.
pub const JOB_INPUT_TYPES: &[(&str, &str)] = &[
    ("UriFolder", "uri_folder"),
    ("UriFile", "uri_file"),
    ("MLTable", "mltable"),
    ("CustomModel", "custom_model"),
    ("MLFlowModel", "mlflow_model"),
    ("TritonModel", "triton_model"),
    ("Literal", "string"),
];

/// The fields of a job input or output in the specification (`description` on every one; `uri`
/// and `mode` on data, `value` on a literal).
pub const ENTRY_FIELDS: &[&str] = &[
    "JobInputType",
    "JobOutputType",
    "Uri",
    "Mode",
    "Value",
    "Description",
];

/// The properties of a batch job in the specification.
pub const JOB_PROPERTIES: &[&str] = &[
    "InputData",
    "OutputData",
    "Compute",
    "Dataset",
    "Description",
    "ErrorThreshold",
    "LoggingLevel",
    "MaxConcurrencyPerInstance",
    "MiniBatchSize",
    "Name",
    "OutputDataset",
    "OutputFileName",
    "PartitionKeys",
    "Properties",
    "RetrySettings",
    "Tags",
];

/// The specification's spelling and the SDK's name of a `JobInputType`/`JobOutputType` value,
/// compared without regard to case (outputs have no `Literal`).
pub fn job_type(text: &str, direction: Direction) -> Option<(&'static str, &'static str)> {
    JOB_INPUT_TYPES
        .iter()
        .copied()
        .filter(|(rest, _)| direction == Direction::Input || *rest != "Literal")
        .find(|(rest, _)| rest.eq_ignore_ascii_case(text))
}

/// The specification's field a written entry key stands for: itself in any case (`uri` for
/// `Uri`), the SDK's or YAML's name (`type`, `path`, `default`), or a near miss (`Urii`). `None`
/// for a key that stands for nothing the service reads.
pub fn stands_for(key: &str, direction: Direction) -> Option<&'static str> {
    reading(key, direction).map(|(field, _)| field)
}

/// How sure [`stands_for`] is of a key's field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// The field itself in another case, or its SDK/YAML name: the same field, surely.
    Spelling,
    /// The nearest field by spelling (`Urii`, and `Note` for `Mode`): a guess, which may change
    /// what the request means.
    Guess,
}

/// [`stands_for`], and whether it is a spelling of the field or a guess.
pub fn reading(key: &str, direction: Direction) -> Option<(&'static str, Reading)> {
    let type_key = type_key(direction);
    let fields: Vec<&'static str> = ENTRY_FIELDS
        .iter()
        .copied()
        .filter(|f| {
            !matches!(
                (direction, *f),
                (Direction::Input, "JobOutputType") | (Direction::Output, "JobInputType" | "Value")
            )
        })
        .collect();
    if let Some(field) = fields.iter().find(|f| f.eq_ignore_ascii_case(key)) {
        return Some((field, Reading::Spelling));
    }
    let lower = key.to_ascii_lowercase().replace(['_', '-'], "");
    let sdk = match lower.as_str() {
        "type" | "inputtype" | "outputtype" | "jobtype" => Some(type_key),
        "path" | "url" | "uripath" => Some("Uri"),
        "default" | "literal" => (direction == Direction::Input).then_some("Value"),
        "jobinputtype" | "joboutputtype" => Some(type_key),
        _ => None,
    };
    sdk.map(|field| (field, Reading::Spelling)).or_else(|| {
        fields
            .iter()
            .copied()
            .filter(|f| crate::suggest::distance(&f.to_ascii_lowercase(), &lower) <= 2)
            .min_by_key(|f| crate::suggest::distance(&f.to_ascii_lowercase(), &lower))
            .map(|field| (field, Reading::Guess))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_keys_and_what_they_stand_for() {
        assert_eq!(stands_for("uri", Direction::Input), Some("Uri"));
        assert_eq!(stands_for("path", Direction::Input), Some("Uri"));
        assert_eq!(stands_for("type", Direction::Output), Some("JobOutputType"));
        assert_eq!(
            stands_for("job_input_type", Direction::Input),
            Some("JobInputType")
        );
        assert_eq!(stands_for("Urii", Direction::Input), Some("Uri"));
        assert_eq!(
            reading("Note", Direction::Input),
            Some(("Mode", Reading::Guess))
        );
        assert_eq!(
            reading("uri_path", Direction::Input),
            Some(("Uri", Reading::Spelling))
        );
        assert_eq!(stands_for("Value", Direction::Output), None);
        assert_eq!(stands_for("colour", Direction::Input), None);
        assert_eq!(
            job_type("urifolder", Direction::Input),
            Some(("UriFolder", "uri_folder"))
        );
        assert_eq!(job_type("Literal", Direction::Output), None);
    }
}
