//! The words amlint's pre-filters look for — is this YAML amlint's, does this region mention an
//! invocation or a REST body — found case-insensitively where the service reads names
//! case-insensitively, and exactly otherwise. Classification, discovery and the front-ends'
//! `mentions` tests all ask a [`Found`] set instead of searching the text again, once per word.

use std::sync::LazyLock;

use memchr::memmem::Finder;

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

/// The words [`Found::mentions_request`] asks about.
pub const REQUEST: &[Keyword] = &[
    Keyword::InputData,
    Keyword::OutputData,
    Keyword::DataInputType,
    Keyword::OutputDataset,
    Keyword::Curl,
    Keyword::At,
];

/// The keywords matched in any case all name an input or an output, so all hold `put`: each is
/// compared around the text's `put`s (found by their `p`), the place of its own `put` telling
/// where it would start.
const ANCHOR: &[u8] = b"put";

/// How each keyword is looked for, made on first use (a few thousand instructions; an
/// Aho-Corasick automaton over every keyword cost a twentieth of a one-file run to build and
/// searched 20 instructions a byte, where these search a fraction of one).
struct Searchers {
    /// The keywords matched exactly, each with its vectorised substring searcher.
    exact: Vec<(Keyword, Finder<'static>)>,
    /// The keywords matched in any case, each with the place of its first [`ANCHOR`].
    any_case: Vec<(Keyword, &'static [u8], usize)>,
}

static SEARCHERS: LazyLock<Searchers> = LazyLock::new(|| {
    let (any_case, exact): (Vec<_>, Vec<_>) =
        PATTERNS.iter().partition(|(_, _, any_case)| *any_case);
    Searchers {
        exact: exact
            .into_iter()
            .map(|&(keyword, pattern, _)| (keyword, Finder::new(pattern)))
            .collect(),
        any_case: any_case
            .into_iter()
            .map(|&(keyword, pattern, _)| {
                let anchor = Finder::new(ANCHOR)
                    .find(pattern.as_bytes())
                    .expect("a keyword matched in any case holds `put`");
                (keyword, pattern.as_bytes(), anchor)
            })
            .collect(),
    }
});

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

/// Every keyword of `text`: what each pre-filter's [`scan_for`] is checked against (a
/// pre-filter asks only for its own words).
#[cfg(test)]
fn scan(text: &str) -> Found {
    scan_masked(text, u32::MAX)
}

/// Which of the `wanted` keywords `text` holds; the others are not looked for (and [`Found`]
/// says they are absent). Each keyword matched exactly is a pass over the text: a front-end's
/// test of whether a region is its business asks for two or three, and a notebook of outputs is
/// a few hundred KB.
pub fn scan_for<'k>(text: &str, wanted: impl IntoIterator<Item = &'k Keyword>) -> Found {
    scan_masked(text, wanted.into_iter().fold(0, |mask, k| mask | bit(*k)))
}

fn scan_masked(text: &str, wanted: u32) -> Found {
    let bytes = text.as_bytes();
    let searchers = &*SEARCHERS;
    let any_case = searchers
        .any_case
        .iter()
        .any(|(keyword, _, _)| wanted & bit(*keyword) != 0);
    let mut found = if any_case {
        any_case_keywords(searchers, bytes) & wanted
    } else {
        0
    };
    for (keyword, finder) in &searchers.exact {
        if wanted & bit(*keyword) == 0 {
            continue;
        }
        let present = if matches!(keyword, Keyword::InputsKey | Keyword::OutputsKey) {
            let len = finder.needle().len();
            finder.find_iter(bytes).any(|at| is_key(&bytes[at + len..]))
        } else {
            finder.find(bytes).is_some()
        };
        if present {
            found |= bit(*keyword);
        }
    }
    Found(found)
}

/// The keywords matched in any case that `bytes` holds (see [`ANCHOR`]).
fn any_case_keywords(searchers: &Searchers, bytes: &[u8]) -> u32 {
    let all = searchers
        .any_case
        .iter()
        .fold(0, |bits, (keyword, _, _)| bits | bit(*keyword));
    let mut found = 0;
    let first = ANCHOR[0];
    for at in memchr::memchr2_iter(first, first.to_ascii_uppercase(), bytes) {
        let anchored = bytes
            .get(at..at + ANCHOR.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(ANCHOR));
        if !anchored {
            continue;
        }
        for (keyword, pattern, anchor) in &searchers.any_case {
            let starts_here = at
                .checked_sub(*anchor)
                .and_then(|start| bytes.get(start..start + pattern.len()))
                .is_some_and(|w| w.eq_ignore_ascii_case(pattern));
            if starts_here {
                found |= bit(*keyword);
            }
        }
        if found == all {
            break;
        }
    }
    found
}

/// Whether the text after a word makes it a mapping key: an optional closing quote, blanks and
/// a `:` (`inputs:`, `"inputs" :`), not prose.
fn is_key(after: &[u8]) -> bool {
    let after = after
        .strip_prefix(b"\"")
        .or_else(|| after.strip_prefix(b"'"))
        .unwrap_or(after);
    after.iter().find(|b| **b != b' ' && **b != b'\t') == Some(&b':')
}

/// Whether `text` holds `word`, as written: a vectorised search. `str::contains` builds a
/// two-way searcher on every call and then compares a byte at a time, and the pre-filters ask
/// whole notebooks (a few hundred KB of outputs each) whether they hold a word.
pub fn holds(text: &str, word: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), word.as_bytes()).is_some()
}

/// Where `needle` (ASCII) first occurs in `haystack`, in any case: each place where its first
/// byte (in either case) is found by `memchr2`, then compared.
pub fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    find_all_ignoring_case(haystack, needle).next()
}

/// Every place of ASCII `needle` (not empty) in `haystack`, in any case, in order (overlapping
/// places too).
pub fn find_all_ignoring_case<'a>(
    haystack: &'a str,
    needle: &'a str,
) -> impl Iterator<Item = usize> + 'a {
    let bytes = haystack.as_bytes();
    let needle = needle.as_bytes();
    let first = needle.first().copied().unwrap_or_default();
    memchr::memchr2_iter(
        first.to_ascii_lowercase(),
        first.to_ascii_uppercase(),
        bytes,
    )
    .filter(move |&at| {
        bytes
            .get(at..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What an occurrence of every keyword, tested at every place of the text, finds: the
    /// reference [`scan`] is compared with.
    fn scan_everywhere(text: &str) -> Found {
        let bytes = text.as_bytes();
        let mut found = 0;
        for (keyword, pattern, any_case) in PATTERNS {
            let pattern = pattern.as_bytes();
            for start in 0..bytes.len() {
                let Some(w) = bytes.get(start..start + pattern.len()) else {
                    break;
                };
                let matches = if *any_case {
                    w.eq_ignore_ascii_case(pattern)
                } else {
                    w == pattern
                };
                let keyed = !matches!(keyword, Keyword::InputsKey | Keyword::OutputsKey)
                    || is_key(&bytes[start + pattern.len()..]);
                if matches && keyed {
                    found |= bit(*keyword);
                }
            }
        }
        Found(found)
    }

    /// The keywords found are exactly those a test at every place finds, on texts made of the
    /// keywords' own pieces in both cases (so near-misses and overlaps are common).
    #[test]
    fn scan_finds_what_a_test_at_every_place_finds() {
        let mut pieces: Vec<String> = Vec::new();
        for (_, pattern, _) in PATTERNS {
            let (head, tail) = pattern.split_at(pattern.len() / 2);
            for piece in [*pattern, head, tail] {
                pieces.push(piece.to_string());
                pieces.push(piece.to_uppercase());
            }
        }
        pieces.extend([":", " :", "\"", "'", " ", "\n", "p", "P", "pUt", "é"].map(String::from));
        let mut random = crate::testing::Random::new();
        let mut seen = 0;
        for _ in 0..20_000 {
            let text = random.text(&pieces);
            let expected = scan_everywhere(&text);
            assert_eq!(scan(&text), expected, "{text:?}");
            seen |= expected.0;
            // Asked for some keywords, exactly those of them the text holds.
            let wanted: Vec<Keyword> = PATTERNS
                .iter()
                .map(|(k, _, _)| *k)
                .filter(|_| random.next().is_multiple_of(3))
                .collect();
            let mask = wanted.iter().fold(0, |m, k| m | bit(*k));
            assert_eq!(
                scan_for(&text, &wanted).0,
                expected.0 & mask,
                "{text:?} {wanted:?}"
            );
        }
        // Every keyword was among the texts.
        assert_eq!(seen, (1u32 << PATTERNS.len()) - 1);
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
