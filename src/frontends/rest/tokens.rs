//! Where a script obtains its bearer tokens (`az account get-access-token --resource …`,
//! `get_token("…")`), read once per region and handed to each REST request it makes.

use super::*;

/// The commands that obtain a token, in the order a line's are reported.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum TokenCommand {
    /// `az account get-access-token`.
    Cli,
    /// `Get-AzAccessToken` (PowerShell, in any case).
    PowerShell,
    /// `.get_token("…")` (Python).
    Python,
}

/// Every place `text` obtains a bearer token: `az account get-access-token`, `Get-AzAccessToken`, and
/// `.get_token("…")` with a literal scope.
///
/// Each command is looked for once in the whole text, and only the lines it is on are read:
/// a searcher set up for each line of a REST script was a sixth of that script's check.
pub fn token_requests(text: &str) -> Vec<TokenRequest> {
    let bytes = text.as_bytes();
    // The first place of each command on each line, by line and then by command.
    let mut found: Vec<(usize, TokenCommand, usize)> = Vec::new();
    let mut first_per_line = |command: TokenCommand, hits: &mut dyn Iterator<Item = usize>| {
        let mut last_line = None;
        for hit in hits {
            let line = memchr::memrchr(b'\n', &bytes[..hit]).map_or(0, |at| at + 1);
            if last_line != Some(line) {
                last_line = Some(line);
                found.push((line, command, hit));
            }
        }
    };
    first_per_line(
        TokenCommand::Cli,
        &mut memchr::memmem::find_iter(bytes, "get-access-token"),
    );
    first_per_line(
        TokenCommand::PowerShell,
        &mut crate::keywords::find_all_ignoring_case(text, "get-azaccesstoken"),
    );
    first_per_line(
        TokenCommand::Python,
        &mut memchr::memmem::find_iter(bytes, ".get_token("),
    );
    found.sort_unstable_by_key(|&(line, command, _)| (line, command));
    let mut out = Vec::new();
    for (offset, command, hit) in found {
        let end = memchr::memchr(b'\n', &bytes[hit..]).map_or(text.len(), |at| hit + at + 1);
        let line = &text[offset..end];
        // A comment (shell, PowerShell, Python) runs nothing.
        if line.trim_start().starts_with('#') {
            continue;
        }
        let at = |i: usize| offset + i;
        let i = hit - offset;
        match command {
            TokenCommand::Cli => out.push(request(
                line,
                i,
                "get-access-token".len(),
                &["--resource", "--scope", "--resource-type"],
                at,
                "az account get-access-token",
                "`--resource https://ml.azure.com`",
            )),
            TokenCommand::PowerShell => out.push(request(
                line,
                i,
                "get-azaccesstoken".len(),
                &["-resourceurl", "-resource", "-resourcetypename"],
                at,
                "Get-AzAccessToken",
                "`-ResourceUrl https://ml.azure.com`",
            )),
            TokenCommand::Python => {
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
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// How the requests were read before: every line searched for every command.
    fn line_by_line(text: &str) -> Vec<TokenRequest> {
        let mut out = Vec::new();
        let mut offset = 0;
        for line in crate::source::lines_inclusive(text) {
            let at = |i: usize| offset + i;
            if !line.trim_start().starts_with('#') {
                if let Some(i) = line.find("get-access-token") {
                    let flags = ["--resource", "--scope", "--resource-type"];
                    let (command, fix) = (
                        "az account get-access-token",
                        "`--resource https://ml.azure.com`",
                    );
                    out.push(request(line, i, 16, &flags, at, command, fix));
                }
                if let Some(i) = crate::keywords::find_ignoring_case(line, "get-azaccesstoken") {
                    let flags = ["-resourceurl", "-resource", "-resourcetypename"];
                    let (command, fix) =
                        ("Get-AzAccessToken", "`-ResourceUrl https://ml.azure.com`");
                    out.push(request(line, i, 17, &flags, at, command, fix));
                }
                if let Some(i) = line.find(".get_token(")
                    && let Some((value, start)) = quoted(&line[i + 11..])
                {
                    out.push(TokenRequest {
                        command: "get_token",
                        audience: Some(value.to_string()),
                        span: Span::new(at(i + 11 + start), at(i + 11 + start + value.len())),
                        fix: "`get_token(\"https://ml.azure.com/.default\")`",
                    });
                }
            }
            offset += line.len();
        }
        out
    }

    #[test]
    fn the_lines_holding_a_command_give_what_every_line_gave() {
        let mut texts: Vec<String> = [
            "",
            "TOKEN=$(az account get-access-token --resource https://ml.azure.com --query accessToken -o tsv)\n",
            "# az account get-access-token --resource https://management.azure.com\n",
            "  # $t = Get-AzAccessToken -ResourceUrl https://management.azure.com\n",
            "$t = GET-AZACCESSTOKEN -ResourceUrl 'https://ml.azure.com' ; az account get-access-token\r\n",
            "a = cred.get_token(\"https://ml.azure.com/.default\"); b = cred.get_token('x')\n",
            "get-access-token get-access-token --scope s\nget-azaccesstokenget-azaccesstoken -resource r",
            "x = c.get_token(scope)\nno newline at the end: az account get-access-token --resource-type ms-graph",
            "get-access-token\n\n\n.get_token(\"a\")get-azaccesstoken\n#get-access-token\n",
        ]
        .map(String::from)
        .to_vec();
        texts.extend(crate::testing::shared_texts(|_| true));
        // Random texts of the commands' pieces.
        let pieces = [
            "get-access-token",
            "GET-AzAccessToken",
            "get-azaccesstoken",
            ".get_token(",
            "\"s\"",
            "'q'",
            " --resource ",
            " --scope=",
            " -ResourceUrl ",
            "\n",
            "\r\n",
            "#",
            " ",
            "x",
            ")",
            "$v",
            "é",
        ];
        let mut random = crate::testing::Random::new();
        for _ in 0..2000 {
            let text = (0..3).map(|_| random.text(&pieces)).collect();
            texts.push(text);
        }
        let mut requests = 0;
        for text in &texts {
            let found = token_requests(text);
            assert_eq!(found, line_by_line(text), "{text}");
            requests += found.len();
        }
        assert!(requests > 1000, "{requests} token requests read");
    }
}
