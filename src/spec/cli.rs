//! The flags of `az ml batch-endpoint invoke`, and how argparse matches a written one.

use crate::model::command_line::{FlagMatch, FlagSpec};

const fn flag(long: &'static str, short: Option<&'static str>, takes_value: bool) -> FlagSpec {
    FlagSpec {
        long,
        short,
        takes_value,
    }
}

/// The flags of `az ml batch-endpoint invoke` today (CLI reference), with the global ones.
pub const FLAGS: &[FlagSpec] = &[
    flag("--name", Some("-n"), true),
    flag("--resource-group", Some("-g"), true),
    flag("--workspace-name", Some("-w"), true),
    flag("--deployment-name", Some("-d"), true),
    flag("--experiment-name", None, true),
    flag("--file", Some("-f"), true),
    flag("--input", None, true),
    flag("--input-type", None, true),
    flag("--inputs", None, true),
    flag("--outputs", None, true),
    flag("--instance-count", Some("-c"), true),
    flag("--job-name", None, true),
    flag("--mini-batch-size", Some("-m"), true),
    flag("--output-path", None, true),
    flag("--set", None, true),
    flag("--query", None, true),
    flag("--output", Some("-o"), true),
    flag("--subscription", None, true),
    flag("--acquire-policy-token", None, true),
    flag("--change-reference", None, true),
    flag("--debug", None, false),
    flag("--verbose", None, false),
    flag("--only-show-errors", None, false),
    flag("--help", Some("-h"), false),
];

/// Flags and syntax removed in May 2022 (or only ever in the 2021 preview).
pub const LEGACY_FLAGS: &[&str] = &[
    "--input-dataset",
    "--input-data",
    "--input-datastore",
    "--input-path",
    "--input-local-path",
    "--output-datastore",
];

/// Match a written flag (`--f`, `-n`, `--input_type`) against the invoke flags.
pub fn match_flag(written: &str) -> FlagMatch {
    if let Some(spec) = FLAGS
        .iter()
        .find(|f| f.long == written || f.short == Some(written))
    {
        return FlagMatch::Exact(*spec);
    }
    if LEGACY_FLAGS.contains(&written) {
        return FlagMatch::Legacy;
    }
    if written.starts_with("--") && written.len() > 2 {
        let candidates: Vec<&FlagSpec> = FLAGS
            .iter()
            .filter(|f| f.long.starts_with(written))
            .collect();
        match candidates.as_slice() {
            [one] => return FlagMatch::Abbreviation(**one),
            [] => {}
            many => return FlagMatch::Ambiguous(many.iter().map(|f| f.long).collect()),
        }
    }
    FlagMatch::Unknown
}
