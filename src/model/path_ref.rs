//! One parser for every form an input or output `path` takes. Rules match on [`PathRef`] instead
//! of on strings, so "is this a datastore URI?" has exactly one answer in the code base.
//!
//! The order of the checks follows `BatchEndpointOperations._resolve_input` in azure-ai-ml: a path
//! containing `http` is a URL; `/subscriptions/…` is an ARM id; `azureml://datastores/…` (short
//! or long form) is a datastore URI; anything else with `:` or `@` is a data asset reference; the
//! rest is a local path that the CLI uploads.

/// Extensions that name data files.
pub const FILE_EXTENSIONS: &[&str] = &[
    "csv", "tsv", "parquet", "json", "jsonl", "txt", "png", "jpg", "jpeg", "bmp", "gif", "tif",
    "tiff", "xlsx", "xls", "pkl", "pickle", "npy", "npz", "zip", "gz", "tar", "avro", "orc",
    "feather", "h5", "hdf5", "wav", "mp3", "mp4", "pdf", "xml", "arrow", "bin",
];

/// What kind of resource an ARM id names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArmResource<'a> {
    /// `/subscriptions/…/workspaces/W/data/NAME/versions/V` — a valid input.
    Data {
        name: &'a str,
        version: Option<&'a str>,
    },
    /// `/subscriptions/…/workspaces/W/datastores/NAME[/paths/P]` — an output location.
    Datastore {
        name: &'a str,
        path: Option<&'a str>,
    },
    /// Anything else under a workspace or registry: `models`, `environments`, `components`, `jobs`…
    Other { resource_type: &'a str },
    /// An ARM id that does not reach a workspace resource at all.
    Unrecognised,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathRef<'a> {
    Empty,
    /// A local file or folder, relative or absolute; the CLI uploads it.
    Local(&'a str),
    /// `http://` or `https://`.
    Http {
        url: &'a str,
        /// The query string, if any (a SAS token lives there).
        query: Option<&'a str>,
    },
    /// `azureml://datastores/NAME/paths/PATH`, or the long form with subscription, resource group
    /// and workspace. `name`/`path` are `None` when missing (a malformed URI).
    Datastore {
        name: Option<&'a str>,
        path: Option<&'a str>,
        long_form: bool,
    },
    /// `azureml://registries/…`, `azureml://subscriptions/…/data/…`, `azureml://locations/…`,
    /// `azureml://jobs/…`: an asset URI form that batch invoke does not resolve.
    AzuremlAssetUri {
        kind: &'a str,
    },
    /// `azureml:NAME:VERSION`, `azureml:NAME@LABEL`, `azureml:NAME`, or unprefixed `NAME:VERSION`.
    Asset {
        name: &'a str,
        version: Option<&'a str>,
        label: Option<&'a str>,
        prefixed: bool,
    },
    /// `/subscriptions/…`.
    ArmId(ArmResource<'a>),
    /// Another `scheme://` (`abfss`, `wasbs`, `s3`, `file`, …).
    OtherScheme {
        scheme: &'a str,
    },
}

impl<'a> PathRef<'a> {
    pub fn parse(raw: &'a str) -> PathRef<'a> {
        let text = trim(raw);
        if text.is_empty() {
            return PathRef::Empty;
        }
        // A scheme holds no `:`, so a `://` that ends one is at the text's first `:`: looking
        // there costs less than a search for `://` (a substring searcher built per call).
        let first_colon = first(text, b':');
        if let Some(scheme_end) = first_colon.filter(|&at| text[at..].starts_with("://")) {
            let scheme = &text[..scheme_end];
            if is_scheme(scheme) {
                let is = |name: &str| scheme.eq_ignore_ascii_case(name);
                return if is("http") || is("https") {
                    PathRef::Http {
                        url: text,
                        query: text.split_once('?').map(|(_, q)| q),
                    }
                } else if is("azureml") {
                    parse_azureml_uri(&text[scheme_end + 3..])
                } else {
                    PathRef::OtherScheme { scheme }
                };
            }
        }
        if starts_with_ignore_case(text, "/subscriptions/") {
            return PathRef::ArmId(parse_arm_id(text));
        }
        if let Some(rest) = text.strip_prefix("azureml:") {
            return parse_asset(rest, true);
        }
        if is_windows_absolute(text) || text.starts_with('/') || text.starts_with('.') {
            return PathRef::Local(text);
        }
        if first_colon.is_some() || first(text, b'@').is_some() {
            return parse_asset(text, false);
        }
        PathRef::Local(text)
    }

    /// A short name for the form, for messages.
    pub fn describe(&self) -> &'static str {
        match self {
            PathRef::Empty => "an empty path",
            PathRef::Local(_) => "a local path",
            PathRef::Http { .. } => "an http(s) URL",
            PathRef::Datastore { .. } => "a datastore URI",
            PathRef::AzuremlAssetUri { .. } => "an `azureml://` asset URI",
            PathRef::Asset { .. } => "a data asset reference",
            PathRef::ArmId(ArmResource::Datastore { .. }) => "a datastore ARM id",
            PathRef::ArmId(ArmResource::Data { .. }) => "a data asset ARM id",
            PathRef::ArmId(_) => "an ARM id",
            PathRef::OtherScheme { .. } => "a storage URI",
        }
    }

    /// The last path segment, for file-versus-folder guesses; `None` for asset references.
    pub fn last_segment(&self) -> Option<&'a str> {
        let path = match self {
            PathRef::Local(p) => *p,
            PathRef::Http { url, .. } => url.split(['?', '#']).next().unwrap_or(url),
            PathRef::Datastore { path: Some(p), .. } => *p,
            PathRef::ArmId(ArmResource::Datastore { path: Some(p), .. }) => *p,
            PathRef::OtherScheme { .. } => return None,
            _ => return None,
        };
        Some(path.rsplit(['/', '\\']).next().unwrap_or(path))
    }

    /// Whether the last segment ends in a data file extension (`heart.csv`): a folder is rarely
    /// called that.
    pub fn names_a_file(&self) -> bool {
        self.last_segment()
            .and_then(|s| s.rsplit_once('.'))
            .is_some_and(|(stem, ext)| {
                !stem.is_empty() && FILE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
            })
    }

    /// Whether the path ends with a separator (names a folder).
    pub fn ends_with_separator(&self) -> bool {
        match self {
            PathRef::Local(p) => p.ends_with('/') || p.ends_with('\\'),
            PathRef::Http { url, .. } => url.split(['?', '#']).next().unwrap_or(url).ends_with('/'),
            PathRef::Datastore { path: Some(p), .. } => p.ends_with('/'),
            _ => false,
        }
    }
}

/// `raw` without the whitespace around it. A path seldom has any, which its two end bytes
/// tell: `str::trim` decodes characters from both ends, a fifth of what a parse cost.
fn trim(raw: &str) -> &str {
    let bytes = raw.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => raw,
        _ => raw.trim(),
    }
}

/// Where `byte` (ASCII) first occurs in `text`. Every rule parses every path it judges, and a
/// path is short: a plain loop reads one in less than a vectorised search takes to start.
fn first(text: &str, byte: u8) -> Option<usize> {
    text.bytes().position(|b| b == byte)
}

/// Where `byte` (ASCII) last occurs in `text` (see [`first`]).
fn last(text: &str, byte: u8) -> Option<usize> {
    text.bytes().rposition(|b| b == byte)
}

fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn is_windows_absolute(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && (b[2] == b'\\' || b[2] == b'/')
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// `rest` is what follows `azureml://`.
fn parse_azureml_uri(rest: &str) -> PathRef<'_> {
    let segments: Vec<&str> = rest.split('/').collect();
    let first = segments.first().copied().unwrap_or("");
    match first.to_ascii_lowercase().as_str() {
        "datastores" => datastore_tail(rest, "datastores/".len(), false),
        "subscriptions" => {
            // azureml://subscriptions/S/resource[gG]roups/R/workspaces/W/<kind>/…
            let kind = segments.get(6).copied().unwrap_or("");
            if kind.eq_ignore_ascii_case("datastores") {
                let prefix_len: usize = segments[..7].iter().map(|s| s.len() + 1).sum();
                datastore_tail(rest, prefix_len, true)
            } else {
                PathRef::AzuremlAssetUri {
                    kind: "subscriptions",
                }
            }
        }
        "registries" => PathRef::AzuremlAssetUri { kind: "registries" },
        "locations" => PathRef::AzuremlAssetUri { kind: "locations" },
        "jobs" => PathRef::AzuremlAssetUri { kind: "jobs" },
        _ => PathRef::Datastore {
            name: None,
            path: None,
            long_form: false,
        },
    }
}

/// `rest[offset..]` is `NAME/paths/PATH`.
fn datastore_tail(rest: &str, offset: usize, long_form: bool) -> PathRef<'_> {
    let tail = rest.get(offset..).unwrap_or("");
    let (name, after) = tail.split_once('/').unwrap_or((tail, ""));
    let path = after.strip_prefix("paths/").and_then(non_empty);
    PathRef::Datastore {
        name: non_empty(name),
        path,
        long_form,
    }
}

fn parse_asset(rest: &str, prefixed: bool) -> PathRef<'_> {
    if let Some(at) = first(rest, b'@') {
        return PathRef::Asset {
            name: &rest[..at],
            version: None,
            label: Some(&rest[at + 1..]),
            prefixed,
        };
    }
    if let Some(colon) = last(rest, b':') {
        return PathRef::Asset {
            name: &rest[..colon],
            version: Some(&rest[colon + 1..]),
            label: None,
            prefixed,
        };
    }
    PathRef::Asset {
        name: rest,
        version: None,
        label: None,
        prefixed,
    }
}

fn parse_arm_id(text: &str) -> ArmResource<'_> {
    let segments: Vec<&str> = text.trim_start_matches('/').split('/').collect();
    // subscriptions/S/resourceGroups/R/providers/Microsoft.MachineLearningServices/(workspaces|registries)/W/<type>/<name>/…
    let position = segments
        .iter()
        .position(|s| s.eq_ignore_ascii_case("workspaces") || s.eq_ignore_ascii_case("registries"));
    let Some(at) = position else {
        return ArmResource::Unrecognised;
    };
    let Some(&resource_type) = segments.get(at + 2) else {
        return ArmResource::Unrecognised;
    };
    let name = segments.get(at + 3).copied().unwrap_or("");
    let in_workspace = segments[at].eq_ignore_ascii_case("workspaces");
    match resource_type.to_ascii_lowercase().as_str() {
        "data" if in_workspace => ArmResource::Data {
            name,
            version: segments
                .get(at + 4)
                .filter(|s| s.eq_ignore_ascii_case("versions"))
                .and_then(|_| segments.get(at + 5).copied()),
        },
        "datastores" if in_workspace => {
            let prefix: usize = segments[..at + 4].iter().map(|s| s.len() + 1).sum();
            let after = text.trim_start_matches('/').get(prefix..).unwrap_or("");
            ArmResource::Datastore {
                name,
                path: after.strip_prefix("paths/").and_then(non_empty),
            }
        }
        _ => ArmResource::Other { resource_type },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datastore_uris() {
        assert_eq!(
            PathRef::parse("azureml://datastores/workspaceblobstore/paths/a/b.csv"),
            PathRef::Datastore {
                name: Some("workspaceblobstore"),
                path: Some("a/b.csv"),
                long_form: false
            }
        );
        assert_eq!(
            PathRef::parse(
                "azureml://subscriptions/s/resourcegroups/r/workspaces/w/datastores/ds/paths/p"
            ),
            PathRef::Datastore {
                name: Some("ds"),
                path: Some("p"),
                long_form: true
            }
        );
        assert_eq!(
            PathRef::parse("azureml://datastores/ds/data"),
            PathRef::Datastore {
                name: Some("ds"),
                path: None,
                long_form: false
            }
        );
    }

    #[test]
    fn asset_references() {
        assert_eq!(
            PathRef::parse("azureml:heart-data:1"),
            PathRef::Asset {
                name: "heart-data",
                version: Some("1"),
                label: None,
                prefixed: true
            }
        );
        assert_eq!(
            PathRef::parse("azureml:heart-data@latest"),
            PathRef::Asset {
                name: "heart-data",
                version: None,
                label: Some("latest"),
                prefixed: true
            }
        );
        assert!(matches!(
            PathRef::parse("azureml:heart-data"),
            PathRef::Asset {
                version: None,
                label: None,
                ..
            }
        ));
        assert!(matches!(
            PathRef::parse("heart:2"),
            PathRef::Asset {
                prefixed: false,
                ..
            }
        ));
    }

    #[test]
    fn arm_ids() {
        let ws = "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w";
        assert_eq!(
            PathRef::parse(&format!("{ws}/data/heart/versions/1")),
            PathRef::ArmId(ArmResource::Data {
                name: "heart",
                version: Some("1")
            })
        );
        assert_eq!(
            PathRef::parse(&format!("{ws}/datastores/blob/paths/x/y")),
            PathRef::ArmId(ArmResource::Datastore {
                name: "blob",
                path: Some("x/y")
            })
        );
        assert_eq!(
            PathRef::parse(&format!("{ws}/models/m/versions/1")),
            PathRef::ArmId(ArmResource::Other {
                resource_type: "models"
            })
        );
    }

    #[test]
    fn urls_schemes_and_local_paths() {
        assert!(matches!(
            PathRef::parse("https://a.blob.core.windows.net/c/d?sig=x"),
            PathRef::Http {
                query: Some("sig=x"),
                ..
            }
        ));
        assert_eq!(
            PathRef::parse("abfss://c@a.dfs.core.windows.net/x"),
            PathRef::OtherScheme { scheme: "abfss" }
        );
        assert_eq!(
            PathRef::parse("azureml://registries/r/data/n/versions/1"),
            PathRef::AzuremlAssetUri { kind: "registries" }
        );
        assert_eq!(
            PathRef::parse("data/unlabeled"),
            PathRef::Local("data/unlabeled")
        );
        assert_eq!(PathRef::parse("./http_logs"), PathRef::Local("./http_logs"));
        assert_eq!(PathRef::parse("C:\\data\\x"), PathRef::Local("C:\\data\\x"));
        assert_eq!(PathRef::parse("  "), PathRef::Empty);
    }

    #[test]
    fn file_and_folder_hints() {
        assert_eq!(
            PathRef::parse("https://x/y/data.csv?sv=1").last_segment(),
            Some("data.csv")
        );
        assert!(PathRef::parse("azureml://datastores/d/paths/folder/").ends_with_separator());
    }
}
