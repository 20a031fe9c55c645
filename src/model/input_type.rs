//! The input and output types azure-ai-ml knows: the asset types (`AssetTypes`) and the literal
//! types of `InputTypes`. A type written in a file stays text in the model (a misspelt one is
//! reported as written); rules ask for it as an [`InputType`] through [`InputType::parse`].

/// One of azure-ai-ml's input (or output) types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InputType {
    UriFolder,
    UriFile,
    Mltable,
    MlflowModel,
    CustomModel,
    TritonModel,
    String,
    Integer,
    Number,
    Boolean,
}

impl InputType {
    /// Every type, data types first, in azure-ai-ml's order.
    pub const ALL: &'static [InputType] = &[
        InputType::UriFolder,
        InputType::UriFile,
        InputType::Mltable,
        InputType::MlflowModel,
        InputType::CustomModel,
        InputType::TritonModel,
        InputType::String,
        InputType::Integer,
        InputType::Number,
        InputType::Boolean,
    ];

    /// The type a text names, spelt exactly as the SDK compares it.
    pub fn parse(text: &str) -> Option<InputType> {
        InputType::ALL.iter().copied().find(|t| t.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            InputType::UriFolder => "uri_folder",
            InputType::UriFile => "uri_file",
            InputType::Mltable => "mltable",
            InputType::MlflowModel => "mlflow_model",
            InputType::CustomModel => "custom_model",
            InputType::TritonModel => "triton_model",
            InputType::String => "string",
            InputType::Integer => "integer",
            InputType::Number => "number",
            InputType::Boolean => "boolean",
        }
    }

    /// The names of the types `keep` keeps, in order (for suggestions and help text).
    pub fn names(keep: fn(InputType) -> bool) -> Vec<&'static str> {
        InputType::ALL
            .iter()
            .copied()
            .filter(|t| keep(*t))
            .map(InputType::as_str)
            .collect()
    }

    /// A data (asset) type: its value is a path or an asset, uploaded or resolved.
    pub fn is_data(self) -> bool {
        !self.is_literal()
    }

    /// A literal type: its value is sent as written.
    pub fn is_literal(self) -> bool {
        matches!(
            self,
            InputType::String | InputType::Integer | InputType::Number | InputType::Boolean
        )
    }

    /// A `uri_file` or `uri_folder`: a path the job mounts or downloads.
    pub fn is_uri(self) -> bool {
        matches!(self, InputType::UriFile | InputType::UriFolder)
    }

    /// An `integer` or `number`.
    pub fn is_numeric(self) -> bool {
        matches!(self, InputType::Integer | InputType::Number)
    }
}

/// Shown as azure-ai-ml spells it (`uri_folder`).
impl std::fmt::Display for InputType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_reads_back_from_its_name_and_only_exact_names_do() {
        for ty in InputType::ALL {
            assert_eq!(InputType::parse(ty.as_str()), Some(*ty));
        }
        assert_eq!(InputType::parse("URI_FILE"), None);
        assert_eq!(InputType::parse("uri_flder"), None);
        let data = InputType::ALL.iter().filter(|t| t.is_data()).count();
        assert_eq!(data, 6);
    }
}
