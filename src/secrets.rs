//! Credentials in text: where they are, and how to print text without them.
//!
//! amlint quotes the user's text in messages, help lines and source snippets. A SAS token or an
//! account key must never reach a terminal or a CI log, so every piece of text that leaves the
//! tool goes through [`redact`] (messages) or [`SourceFile::masked_text`](crate::source::SourceFile)
//! (snippets). Masking replaces each byte of the secret with `*`: byte offsets, and therefore every
//! span and caret, stay valid.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::source::Span;

/// What kind of credential a match is, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretKind {
    SasSignature,
    AccountKey,
    UrlPassword,
    BearerToken,
}

impl SecretKind {
    pub fn describe(self) -> &'static str {
        match self {
            SecretKind::SasSignature => "a SAS token (`sig=`)",
            SecretKind::AccountKey => "a storage account key",
            SecretKind::UrlPassword => "a password (`user:password@`)",
            SecretKind::BearerToken => "a bearer token",
        }
    }
}

/// A credential pattern, compiled on first use, and the literal text (matched without regard to
/// case) that every match of it contains.
struct Pattern {
    kind: SecretKind,
    needs: Needs,
    regex: LazyLock<Regex>,
}

/// Which literals a pattern's matches always contain (a bit per literal of [`LITERALS`]).
type Needs = u8;
const SIG: Needs = 1;
const SIG_ENCODED: Needs = 1 << 1;
const KEY: Needs = 1 << 2;
const SCHEME: Needs = 1 << 3;
const AT: Needs = 1 << 4;
const BEARER: Needs = 1 << 5;
const JWT: Needs = 1 << 6;

/// The literals, lower case, with their bits.
const LITERALS: &[(&str, Needs)] = &[
    ("sig=", SIG),
    ("sig%3d", SIG_ENCODED),
    ("key=", KEY),
    ("signature=", KEY),
    ("://", SCHEME),
    ("@", AT),
    ("bearer", BEARER),
    ("eyj", JWT),
];

macro_rules! pattern {
    ($kind:expr, $needs:expr, $re:expr) => {
        Pattern {
            kind: $kind,
            needs: $needs,
            regex: LazyLock::new(|| Regex::new($re).expect("secret pattern compiles")),
        }
    };
}

/// Each pattern's first capture group is the secret itself; the rest of the match is context
/// that is safe to show (`sig=`, `AccountKey=`, the user name).
static PATTERNS: [Pattern; 6] = [
    pattern!(
        SecretKind::SasSignature,
        SIG,
        r"(?i)[?&;]sig=([^&\s'`<>#;]+)"
    ),
    // URL-encoded inside another URL or a query: `%26sig%3D…`.
    pattern!(
        SecretKind::SasSignature,
        SIG_ENCODED,
        r"(?i)%(?:26|3F)sig%3D([^&%\s'`<>#;]+(?:%(?:[013-9A-F][0-9A-F]|2[0-57-9A-F])[^&%\s'`<>#;]*)*)"
    ),
    pattern!(
        SecretKind::AccountKey,
        KEY,
        r"(?i)\b(?:AccountKey|SharedAccessKey|SharedAccessSignature)=([^;\s'`]+)"
    ),
    pattern!(
        SecretKind::UrlPassword,
        SCHEME | AT,
        r"(?i)\b[a-z][a-z0-9+.-]*://[^/\s:@'`]+:([^@\s/`]+)@"
    ),
    pattern!(
        SecretKind::BearerToken,
        BEARER,
        r#"(?i)\bBearer\s+\\?["']?([A-Za-z0-9._~+/=-]{8,})"#
    ),
    // A bare JSON Web Token (an Entra access token pasted into a script): three base64url
    // parts, the first two starting with `eyJ` (`{"`).
    pattern!(
        SecretKind::BearerToken,
        JWT,
        r"\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})"
    ),
];

/// Which of [`LITERALS`] occur in `text`, in one pass; it runs on every file and every decoded
/// value, and almost every text holds none of them. An Aho-Corasick automaton, not a regex: it
/// is built in microseconds, where compiling a case-insensitive regex cost an editor's save a
/// tenth of its time.
fn literals_in(text: &str) -> Needs {
    static ANY: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(LITERALS.iter().map(|(l, _)| l))
            .expect("literals build")
    });
    let all = LITERALS.iter().fold(0, |bits, (_, bit)| bits | bit);
    let mut found = 0;
    for m in ANY.find_overlapping_iter(text) {
        found |= LITERALS[m.pattern().as_usize()].1;
        if found == all {
            break;
        }
    }
    found
}

/// Every credential in `text`, as (kind, byte span of the secret value), in text order. Only the
/// patterns whose literals the text holds are compiled and run.
pub fn find_with_kind(text: &str) -> Vec<(SecretKind, Span)> {
    let present = literals_in(text);
    if present == 0 {
        return Vec::new();
    }
    let mut found: Vec<(SecretKind, Span)> = PATTERNS
        .iter()
        .filter(|p| present & p.needs == p.needs)
        .flat_map(|p| {
            p.regex.captures_iter(text).filter_map(move |c| {
                c.get(1)
                    .map(|m| (p.kind, Span::new(m.start(), m.end())))
                    // A documentation placeholder such as `<password>` is not a secret.
                    .filter(|(_, s)| !is_placeholder(&text[s.start..s.end]))
            })
        })
        .collect();
    found.sort_by_key(|(_, s)| (s.start, s.end));
    found.dedup_by_key(|(_, s)| *s);
    found
}

/// Byte spans of every credential in `text`.
pub fn find(text: &str) -> Vec<Span> {
    find_with_kind(text).into_iter().map(|(_, s)| s).collect()
}

fn is_placeholder(value: &str) -> bool {
    let v = value.trim_matches(|c| c == '"' || c == '\'');
    (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with('{') && v.ends_with('}'))
        || v.starts_with('$')
        || v.chars()
            .all(|c| c == '*' || c == 'x' || c == 'X' || c == '.')
}

/// `text` with the given byte spans replaced by `*`, byte for byte.
pub fn mask_spans<'a>(text: &'a str, spans: &[Span]) -> Cow<'a, str> {
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for s in spans {
        for b in &mut bytes[s.start.min(text.len())..s.end.min(text.len())] {
            *b = b'*';
        }
    }
    // Replacing whole secrets (which start and end on char boundaries) by ASCII keeps UTF-8 valid;
    // the lossy conversion is only a guard.
    Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
}

/// `text` with every credential it contains masked.
pub fn redact(text: &str) -> Cow<'_, str> {
    let spans = find(text);
    if spans.is_empty() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(mask_spans(text, &spans).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_pattern_runs_when_its_literals_occur_in_any_case() {
        let kinds = |text: &str| -> Vec<SecretKind> {
            find_with_kind(text).into_iter().map(|(k, _)| k).collect()
        };
        assert_eq!(
            kinds("https://a.blob/c?SIG=AbCdEf123"),
            [SecretKind::SasSignature]
        );
        assert_eq!(kinds("x%26SiG%3DAbCdEf123"), [SecretKind::SasSignature]);
        assert_eq!(kinds("ACCOUNTKEY=abc123;"), [SecretKind::AccountKey]);
        assert_eq!(
            kinds("HTTPS://me:hunter22@host/x"),
            [SecretKind::UrlPassword]
        );
        assert_eq!(kinds("me:hunter22@host"), []);
        assert_eq!(kinds("BEARER abcdefgh12345"), [SecretKind::BearerToken]);
        assert_eq!(kinds("azureml:data@latest and https://x/y"), []);
        assert_eq!(literals_in("nothing here"), 0);
        assert_eq!(literals_in("a://b@c"), SCHEME | AT);
    }

    #[test]
    fn sas_signature_is_masked_but_the_rest_of_the_url_is_kept() {
        let secret = "AbC%2Fdef123%3D";
        let url = format!("https://acct.blob.core.windows.net/c/d?sv=2022-11-02&sp=r&sig={secret}");
        assert_eq!(
            redact(&url),
            format!(
                "https://acct.blob.core.windows.net/c/d?sv=2022-11-02&sp=r&sig={}",
                "*".repeat(secret.len())
            )
        );
    }

    #[test]
    fn account_key_password_and_bearer_are_masked() {
        let text = "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=c2VjcmV0a2V5PT0=;x\n\
                    https://bob:hunter2@example.com/x\nAuthorization: Bearer eyJhbGciOi.abc.def";
        let out = redact(text);
        for secret in ["c2VjcmV0a2V5PT0=", "hunter2", "eyJhbGciOi.abc.def"] {
            assert!(!out.contains(secret), "{secret} leaked in {out}");
        }
        assert!(out.contains("AccountName=a"));
        assert!(out.contains("https://bob:"));
        assert_eq!(out.len(), text.len());
    }

    #[test]
    fn encoded_quoted_and_bare_tokens_are_masked() {
        let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwcyJ9.c2lnbmF0dXJlLXBhcnQ";
        let text = format!(
            "https://x/y?next=https%3A%2F%2Fa%2Fb%3Fsv%3D1%26sig%3DSECRETVALUE%253D%26se%3D2\n\
             -H \"Authorization: Bearer \\\"QUOTEDTOKEN123\\\"\"\n\
             TOKEN={jwt}\n"
        );
        let out = redact(&text);
        for secret in ["SECRETVALUE", "QUOTEDTOKEN123", jwt] {
            assert!(!out.contains(secret), "{secret} leaked in {out}");
        }
        assert!(
            out.contains("%26se%3D2"),
            "the rest of the query is kept: {out}"
        );
        assert_eq!(out.len(), text.len());
    }

    #[test]
    fn placeholders_are_not_secrets() {
        assert!(find("https://acct/c?sig=<sas-token>").is_empty());
        assert!(find("https://user:$PASSWORD@host/x").is_empty());
        assert!(find("azureml:heart-data@latest").is_empty());
    }
}
