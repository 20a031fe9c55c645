//! The words amlint's pre-filters look for — is this YAML amlint's, does this region mention an
//! invocation or a REST body — found in **one pass** over a text by one multi-pattern automaton,
//! case-insensitively where the service reads names case-insensitively, and exactly otherwise.
//! Classification, discovery and the front-ends' `mentions` tests all ask a [`Found`] set
//! instead of searching the text again, once per word.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// A word a pre-filter asks about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keyword {
    /// `inputs` written as a mapping key (`inputs:`, `"inputs" :`), not in prose.
    InputsKey,
    OutputsKey,
    DeploymentName,
    /// `endpoint invoke`: `az ml batch-endpoint invoke` (and the legacy `az ml endpoint invoke`).
    EndpointInvoke,
    /// `batch_endpoints`: the SDK's operations (`ml_client.batch_endpoints.invoke`).
    BatchEndpoints,
    /// A REST body's `inputData` / `outputData`, and the 2021 preview's `dataInputType` /
    /// `outputDataset`, in any case (the service reads them so).
    InputData,
    OutputData,
    DataInputType,
    OutputDataset,
    /// `jobInputType`, in any case.
    JobInputType,
    EndpointName,
    /// `…atchEndpoint` / `…atchDeployment`: a schema URL or a class name.
    BatchEndpointName,
    BatchDeploymentName,
    AuthMode,
    TypeBatch,
    /// `azure_`: an ARM-style `azureml`/`azure_…` key of a datastore.
    AzurePrefix,
    Curl,
    At,
}

/// Each keyword, as written, and whether it is matched in any case.
const PATTERNS: &[(Keyword, &str, bool)] = &[
    (Keyword::InputsKey, "inputs", false),
    (Keyword::OutputsKey, "outputs", false),
    (Keyword::DeploymentName, "deployment_name", false),
    (Keyword::EndpointInvoke, "endpoint invoke", false),
    (Keyword::BatchEndpoints, "batch_endpoints", false),
    (Keyword::InputData, "inputdata", true),
    (Keyword::OutputData, "outputdata", true),
    (Keyword::DataInputType, "datainputtype", true),
    (Keyword::OutputDataset, "outputdataset", true),
    (Keyword::JobInputType, "jobinputtype", true),
    (Keyword::EndpointName, "endpoint_name", false),
    (Keyword::BatchEndpointName, "atchEndpoint", false),
    (Keyword::BatchDeploymentName, "atchDeployment", false),
    (Keyword::AuthMode, "auth_mode", false),
    (Keyword::TypeBatch, "type: batch", false),
    (Keyword::AzurePrefix, "azure_", false),
    (Keyword::Curl, "curl", false),
    (Keyword::At, "@", false),
];

/// The words of a REST request body (current and 2021 shapes).
pub const REST_BODY: &[Keyword] = &[
    Keyword::InputData,
    Keyword::OutputData,
    Keyword::DataInputType,
    Keyword::OutputDataset,
];

/// One automaton for every keyword, in any case; a case-sensitive keyword's match is kept only
/// when its bytes are the pattern's. Two forms of it, which find the same matches: a DFA, the
/// fastest to search with and the costliest to build (a tenth of a one-file run's instructions),
/// for a run's many texts; and a contiguous NFA, cheap to build, for its first few (a run of one
/// file, an editor's save, never builds the DFA).
fn automaton(kind: AhoCorasickKind) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .kind(Some(kind))
        .build(PATTERNS.iter().map(|(_, pattern, _)| pattern))
        .expect("the keyword patterns build")
}

static QUICK_TO_BUILD: LazyLock<AhoCorasick> =
    LazyLock::new(|| automaton(AhoCorasickKind::ContiguousNFA));
static QUICK_TO_SEARCH: LazyLock<AhoCorasick> = LazyLock::new(|| automaton(AhoCorasickKind::DFA));

/// How many texts are scanned with the automaton that is quick to build before the one that is
/// quick to search is built (a file is scanned a few times: what it can be, what discovery
/// wants of it).
const SCANS_BEFORE_DFA: usize = 16;
static SCANS: AtomicUsize = AtomicUsize::new(0);

fn searcher() -> &'static AhoCorasick {
    if SCANS.load(Ordering::Relaxed) < SCANS_BEFORE_DFA {
        SCANS.fetch_add(1, Ordering::Relaxed);
        &QUICK_TO_BUILD
    } else {
        &QUICK_TO_SEARCH
    }
}

/// The keywords a text holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Found(u32);

impl Found {
    pub fn has(self, keyword: Keyword) -> bool {
        self.0 & bit(keyword) != 0
    }

    pub fn has_any(self, keywords: &[Keyword]) -> bool {
        keywords.iter().any(|k| self.has(*k))
    }

    /// A REST request body's words.
    pub fn mentions_rest_body(self) -> bool {
        self.has_any(REST_BODY)
    }

    /// A REST body's words, or a `curl` that may send one from a file (`-d @body.json`).
    pub fn mentions_request(self) -> bool {
        self.mentions_rest_body() || (self.has(Keyword::Curl) && self.has(Keyword::At))
    }
}

fn bit(keyword: Keyword) -> u32 {
    1 << (keyword as u32)
}

/// Every keyword of `text`, in one pass (stopping once all are seen).
pub fn scan(text: &str) -> Found {
    scan_with(searcher(), text)
}

fn scan_with(automaton: &AhoCorasick, text: &str) -> Found {
    let all = (1u32 << PATTERNS.len()) - 1;
    let mut found = 0u32;
    for m in automaton.find_overlapping_iter(text) {
        let (keyword, pattern, any_case) = PATTERNS[m.pattern().as_usize()];
        let as_written = any_case || &text.as_bytes()[m.start()..m.end()] == pattern.as_bytes();
        let is_key = || {
            let after = text.as_bytes()[m.end()..]
                .strip_prefix(b"\"")
                .or_else(|| text.as_bytes()[m.end()..].strip_prefix(b"'"))
                .unwrap_or(&text.as_bytes()[m.end()..]);
            after.iter().find(|b| **b != b' ' && **b != b'\t') == Some(&b':')
        };
        let keyed = !matches!(keyword, Keyword::InputsKey | Keyword::OutputsKey) || is_key();
        if as_written && keyed {
            found |= bit(keyword);
            if found == all {
                break;
            }
        }
    }
    Found(found)
}

/// Where `needle` (ASCII) first occurs in `haystack`, in any case: each place where its first
/// byte (in either case) is found by `memchr2`, then compared.
pub fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    let bytes = haystack.as_bytes();
    let needle = needle.as_bytes();
    let Some(&first) = needle.first() else {
        return Some(0);
    };
    memchr::memchr2_iter(
        first.to_ascii_lowercase(),
        first.to_ascii_uppercase(),
        bytes,
    )
    .find(|&at| {
        bytes
            .get(at..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_automata_find_the_same_keywords() {
        let mut texts: Vec<String> = Vec::new();
        for (_, pattern, _) in PATTERNS {
            texts.push(pattern.to_string());
            texts.push(pattern.to_uppercase());
            texts.push(format!("x {pattern}: y"));
            texts.push(format!("'{}' :", pattern.to_uppercase()));
        }
        let all: String = PATTERNS.iter().map(|(_, p, _)| format!("{p}:\n")).collect();
        texts.push(all);
        texts.push("az ml batch-endpoint invoke --file inputs.yml".into());
        for text in &texts {
            assert_eq!(
                scan_with(&QUICK_TO_BUILD, text),
                scan_with(&QUICK_TO_SEARCH, text),
                "{text}"
            );
        }
        assert!(
            texts
                .iter()
                .any(|t| scan_with(&QUICK_TO_BUILD, t) != Found(0))
        );
    }

    #[test]
    fn one_pass_finds_each_keyword_in_its_case() {
        let found = scan("steps:\n  - run: az ml batch-endpoint invoke --name e\n");
        assert!(found.has(Keyword::EndpointInvoke));
        assert!(!found.has(Keyword::InputsKey));
        // `inputData` in any case; `inputs` only as written.
        assert!(scan(r#"{"properties": {"INPUTDATA": {}}}"#).mentions_rest_body());
        assert!(!scan("INPUTS: x").has(Keyword::InputsKey));
        // `inputs` as a key, not in prose.
        assert!(scan("inputs:\n  a: 1").has(Keyword::InputsKey));
        assert!(scan("{\"inputs\" : {}}").has(Keyword::InputsKey));
        assert!(!scan("summary: the inputs of each job").has(Keyword::InputsKey));
        assert!(scan("OutputDataSet").has(Keyword::OutputDataset));
        // Overlapping words are all seen.
        let found = scan("endpoint_names = batch_endpoints");
        assert!(found.has(Keyword::EndpointName) && found.has(Keyword::BatchEndpoints));
        assert_eq!(PATTERNS.len() as u32, Keyword::At as u32 + 1);
        for (i, (keyword, _, _)) in PATTERNS.iter().enumerate() {
            assert_eq!(*keyword as usize, i, "PATTERNS in the enum's order");
        }
    }

    #[test]
    fn a_needle_is_found_in_any_case_at_its_first_place() {
        assert_eq!(
            find_ignoring_case("x Get-AzAccessToken y", "get-azaccesstoken"),
            Some(2)
        );
        assert_eq!(find_ignoring_case("--RESOURCE x", "--resource"), Some(0));
        assert_eq!(find_ignoring_case("abc", "abcd"), None);
        assert_eq!(find_ignoring_case("é-resource", "-resource"), Some(2));
    }
}
