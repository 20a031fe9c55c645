//! Where a script obtains its bearer tokens (`az account get-access-token --resource …`,
//! `get_token("…")`), read once per region and handed to each REST request it makes.

use super::*;

/// Every place `text` obtains a bearer token: `az account get-access-token`, `Get-AzAccessToken`, and
/// `.get_token("…")` with a literal scope.
pub fn token_requests(text: &str) -> Vec<TokenRequest> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in crate::source::lines_inclusive(text) {
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
        if let Some(i) = crate::keywords::find_ignoring_case(line, "get-azaccesstoken") {
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
pub(super) fn request(
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
        let Some(f) = crate::keywords::find_ignoring_case(rest, flag) else {
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
pub(super) fn quoted(text: &str) -> Option<(&str, usize)> {
    let start = text.len() - text.trim_start().len();
    let quote = text[start..]
        .chars()
        .next()
        .filter(|c| *c == '"' || *c == '\'')?;
    let inner = &text[start + 1..];
    let end = inner.find(quote)?;
    Some((&inner[..end], start + 1))
}
