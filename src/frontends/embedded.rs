//! Text embedded in another file, kept at its place: everything outside the embedded ranges is
//! blanked to spaces (newlines kept, byte for byte), so a lexer run on the result reports offsets
//! that are offsets in the outer file — no position mapping, no re-rendering (actionlint's trick).

use crate::source::Span;

/// `text` with every byte outside `keep` replaced by a space (line breaks are kept).
pub fn blank_outside(text: &str, keep: &[Span]) -> String {
    let mut out: Vec<u8> = text
        .bytes()
        .map(|b| if b == b'\n' || b == b'\r' { b } else { b' ' })
        .collect();
    for span in keep {
        let (s, e) = (span.start.min(text.len()), span.end.min(text.len()));
        out[s..e].copy_from_slice(&text.as_bytes()[s..e]);
    }
    // Kept ranges start and end on character boundaries; the blanks are ASCII.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Replace CI template expressions — GitHub/Azure DevOps `${{ … }}` — with an unknown shell
/// variable of the same length (`$____…`), so the shell lexer sees an unknown word, not a brace
/// expansion. Azure DevOps `$(var)` needs nothing: it already reads as a command substitution.
pub fn neutralise_templates(text: &mut String) {
    let mut from = 0;
    while let Some(open) = text[from..].find("${{").map(|i| i + from) {
        let Some(close) = text[open..].find("}}").map(|i| i + open + 2) else {
            break;
        };
        let replacement: String = std::iter::once('$')
            .chain(std::iter::repeat_n('_', close - open - 1))
            .collect();
        // Newlines inside an expression are kept so that lines do not move.
        let replacement: String = replacement
            .chars()
            .zip(text[open..close].bytes().chain(std::iter::repeat(b' ')))
            .map(|(r, orig)| if orig == b'\n' { '\n' } else { r })
            .collect();
        let original_len = close - open;
        // Non-ASCII inside the expression: pad to the same byte length.
        let mut replacement = replacement;
        while replacement.len() < original_len {
            replacement.push('_');
        }
        replacement.truncate(original_len);
        text.replace_range(open..close, &replacement);
        from = close;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanking_keeps_offsets_and_lines() {
        let text = "a: é\nrun: |\n  echo hi\n";
        let keep = Span::new(text.find("echo").unwrap(), text.len());
        let out = blank_outside(text, &[keep]);
        assert_eq!(out.len(), text.len());
        assert_eq!(out.lines().count(), text.lines().count());
        assert!(out.ends_with("  echo hi\n"));
        assert!(!out.contains('a'));
    }

    #[test]
    fn template_expressions_become_unknown_variables() {
        let mut text = String::from("--input ${{ parameters.sample_request }} --x");
        let len = text.len();
        neutralise_templates(&mut text);
        assert_eq!(text.len(), len);
        assert!(text.starts_with("--input $___"));
        assert!(text.ends_with("_ --x"));
    }
}
