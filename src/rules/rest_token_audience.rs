//! ## What it does
//! Reports, in a file that posts a batch job body to an endpoint's `/jobs`, a bearer token
//! obtained for another audience than Azure Machine Learning: `az account get-access-token`
//! without `--resource https://ml.azure.com` (its default is Azure Resource Manager),
//! `Get-AzAccessToken` without `-ResourceUrl https://ml.azure.com`, or a credential's
//! `get_token("…")` for another scope.
//!
//! ## Why is this bad?
//! A batch endpoint accepts tokens for `https://ml.azure.com` only. The troubleshooting guide for
//! batch endpoints: when invoking with a token, "you must set the `resource` parameter to
//! `https://ml.azure.com`"; a token for `https://management.azure.com` is refused with
//! `401 Unauthorized` after the script has done everything else.
//!
//! A warning, not an error: amlint does not follow the token from where it is obtained to the
//! request's header, and a script may call other services with it. A file that also obtains a
//! token for `https://ml.azure.com` is not reported.
//!
//! ## Example
//! ```powershell
//! $token = (Get-AzAccessToken -ResourceUrl "https://management.azure.com/").Token
//! Invoke-RestMethod -Method Post -Uri $jobsUri -Headers @{ Authorization = "Bearer $token" } -Body $body
//! ```
//!
//! ## Fix
//! ```powershell
//! $token = (Get-AzAccessToken -ResourceUrl "https://ml.azure.com").Token
//! ```
//! (`az account get-access-token --resource https://ml.azure.com`,
//! `credential.get_token("https://ml.azure.com/.default")`). This rule has no automatic fix.

use crate::diagnostic::Severity;
use crate::model::Invocation;
use crate::rules::{Context, Rule};
use crate::source::Span;

pub struct RestTokenAudience;

impl Rule for RestTokenAudience {
    fn id(&self) -> &'static str {
        "rest-token-audience"
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }

    fn check_invocation(&self, invocation: &Invocation, cx: &mut Context<'_>) {
        if invocation.rest.is_none() {
            return;
        }
        let tokens = token_requests(&cx.file.text);
        if tokens
            .iter()
            .any(|t| t.audience.as_deref().is_some_and(is_ml))
        {
            return;
        }
        for token in tokens {
            let message = match &token.audience {
                Some(audience) => format!(
                    "the token for this request is obtained for `{audience}`: a batch endpoint accepts tokens for `https://ml.azure.com` only (401 Unauthorized)"
                ),
                None => format!(
                    "`{}` without a resource obtains a token for Azure Resource Manager: a batch endpoint accepts tokens for `https://ml.azure.com` only (401 Unauthorized)",
                    token.command
                ),
            };
            cx.report(token.span, message).help(format!(
                "ask for the Azure Machine Learning audience: {}",
                token.fix
            ));
        }
    }
}

/// A place where a script obtains a bearer token.
struct TokenRequest {
    command: &'static str,
    /// The resource or scope asked for, when written.
    audience: Option<String>,
    /// The audience as written, or the command when none is.
    span: Span,
    fix: &'static str,
}

fn is_ml(audience: &str) -> bool {
    let bare = audience
        .trim_end_matches("/.default")
        .trim_end_matches('/')
        .to_ascii_lowercase();
    bare == "https://ml.azure.com" || bare == "ml.azure.com"
}

/// Every token request in `text`: `az account get-access-token`, `Get-AzAccessToken`, and
/// `.get_token("…")` with a literal scope.
fn token_requests(text: &str) -> Vec<TokenRequest> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let at = |i: usize| offset + i;
        // A comment (shell, PowerShell, Python) runs nothing.
        if line.trim_start().starts_with('#') {
            offset += line.len();
            continue;
        }
        if let Some(i) = line.find("get-access-token") {
            let flags = ["--resource", "--scope", "--resource-type"];
            out.push(request(
                line,
                i,
                "get-access-token".len(),
                &flags,
                at,
                "az account get-access-token",
                "`--resource https://ml.azure.com`",
            ));
        }
        if let Some(i) = find_ignoring_case(line, "get-azaccesstoken") {
            let flags = ["-resourceurl", "-resource", "-resourcetypename"];
            out.push(request(
                line,
                i,
                "get-azaccesstoken".len(),
                &flags,
                at,
                "Get-AzAccessToken",
                "`-ResourceUrl https://ml.azure.com`",
            ));
        }
        if let Some(i) = line.find(".get_token(") {
            let args = &line[i + ".get_token(".len()..];
            if let Some((value, start)) = quoted(args) {
                let start = i + ".get_token(".len() + start;
                out.push(TokenRequest {
                    command: "get_token",
                    audience: Some(value.to_string()),
                    span: Span::new(at(start), at(start + value.len())),
                    fix: "`get_token(\"https://ml.azure.com/.default\")`",
                });
            }
        }
        offset += line.len();
    }
    out
}

/// A token command at `line[i..i + len]`, with the value of the first of `flags` after it.
fn request(
    line: &str,
    i: usize,
    len: usize,
    flags: &[&str],
    at: impl Fn(usize) -> usize,
    command: &'static str,
    fix: &'static str,
) -> TokenRequest {
    let rest = &line[i + len..];
    for flag in flags {
        let Some(f) = find_ignoring_case(rest, flag) else {
            continue;
        };
        let after = &rest[f + flag.len()..];
        // A longer flag that starts with this one (`--resource-type` for `--resource`).
        if after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-') {
            continue;
        }
        let value_at = after.len() - after.trim_start_matches([' ', '=', ':']).len();
        let value = &after[value_at..];
        let (text, start) = match quoted(value) {
            Some((text, start)) if start <= 1 => (text, start),
            _ => {
                let end = value
                    .find(|c: char| c.is_whitespace() || c == ')' || c == ';')
                    .unwrap_or(value.len());
                (&value[..end], 0)
            }
        };
        if text.is_empty() || text.starts_with('$') {
            // A variable: unknown, never guessed.
            return TokenRequest {
                command,
                audience: Some("https://ml.azure.com".into()),
                span: Span::empty(at(i)),
                fix,
            };
        }
        let start = i + len + f + flag.len() + value_at + start;
        return TokenRequest {
            command,
            audience: Some(text.to_string()),
            span: Span::new(at(start), at(start + text.len())),
            fix,
        };
    }
    TokenRequest {
        command,
        audience: None,
        span: Span::new(at(i), at(i + len)),
        fix,
    }
}

/// The first quoted string of `text`, if it opens it (after blanks): its content and where
/// the content starts.
fn quoted(text: &str) -> Option<(&str, usize)> {
    let start = text.len() - text.trim_start().len();
    let quote = text[start..]
        .chars()
        .next()
        .filter(|c| *c == '"' || *c == '\'')?;
    let inner = &text[start + 1..];
    let end = inner.find(quote)?;
    Some((&inner[..end], start + 1))
}

fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn audiences(text: &str) -> Vec<(Option<String>, &str)> {
        token_requests(text)
            .into_iter()
            .map(|t| (t.audience, &text[t.span.start..t.span.end]))
            .collect()
    }

    #[test]
    fn each_way_of_asking_for_a_token() {
        assert_eq!(
            audiences(
                "TOKEN=$(az account get-access-token --resource https://management.azure.com --query accessToken -o tsv)\n"
            ),
            [(
                Some("https://management.azure.com".into()),
                "https://management.azure.com"
            )]
        );
        assert_eq!(
            audiences("TOKEN=$(az account get-access-token --query accessToken -o tsv)\n"),
            [(None, "get-access-token")]
        );
        assert_eq!(
            audiences(
                "$token = (Get-AzAccessToken -ResourceUrl \"https://management.azure.com/\").Token\n"
            ),
            [(
                Some("https://management.azure.com/".into()),
                "https://management.azure.com/"
            )]
        );
        assert_eq!(
            audiences("t = DefaultAzureCredential().get_token('https://ml.azure.com/.default')\n"),
            [(
                Some("https://ml.azure.com/.default".into()),
                "https://ml.azure.com/.default"
            )]
        );
        assert!(is_ml("https://ml.azure.com/.default") && is_ml("https://ml.azure.com/"));
        // A variable is unknown: taken as right.
        assert_eq!(
            audiences("az account get-access-token --resource $RESOURCE\n")[0]
                .0
                .as_deref(),
            Some("https://ml.azure.com")
        );
    }
}
