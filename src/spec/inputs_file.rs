//! What an inputs file (`az ml batch-endpoint invoke --file`) may hold.

/// Top-level keys an inputs file may hold. The CLI reads `deployment` (when `-d` is absent) and
/// `endpoint` (when `--name` is absent) as well (its invoke logic, SDK-BEHAVIOUR §30).
pub const ALLOWED_TOP_LEVEL: &[&str] = &["inputs", "outputs", "deployment", "endpoint", "$schema"];
