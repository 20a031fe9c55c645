//! Control and bidirectional-override characters from a checked file never reach a terminal or a
//! CI log raw: a key holding `\n##vso[…]` or `\n::add-mask::` would start a logging command of
//! its own, an ESC sequence would drive the terminal, and a bidi override would show text other
//! than what is there ("Trojan Source"). Messages get visible escapes; source snippets get a
//! same-length replacement, so every byte offset stays right.

use std::borrow::Cow;

/// Whether a character must not be printed as it is (line breaks and tabs are fine in a
/// snippet; in a one-line message they are escaped too, see [`escape`]).
fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Printable ASCII and tabs only: nothing to escape. Every message and snippet goes through
/// [`escape`] or [`neutralise`], and almost all are this; a byte loop decides it several times
/// faster than decoding and classifying each character.
fn is_plain_ascii(text: &str) -> bool {
    // Branch-free within a chunk, so that it is vectorised; the early exit is between chunks.
    let plain = |b: u8| (b.wrapping_sub(b' ') < 0x7f - b' ') | (b == b'\t');
    text.as_bytes()
        .chunks(64)
        .all(|chunk| chunk.iter().fold(true, |all, &b| all & plain(b)))
}

/// `text` for a one-line message or path: control characters (line breaks included) and bidi
/// controls as `\u{…}` escapes.
pub fn escape(text: &str) -> Cow<'_, str> {
    if is_plain_ascii(text) || !text.chars().any(|c| is_dangerous(c) || c == '\n') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_dangerous(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `text` for a source snippet: each dangerous character replaced by characters of the same
/// byte length (`?` for one byte, U+FFFD for three), so offsets and line numbers do not move.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if is_plain_ascii(text) || !text.chars().any(|c| is_dangerous(c) && c != '\r') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_dangerous(c) && c != '\r' {
            match c.len_utf8() {
                3 => out.push('\u{fffd}'),
                n => out.extend(std::iter::repeat_n('?', n)),
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_show_controls_as_escapes() {
        assert_eq!(
            escape("key `a\n##vso[task.setvariable]`"),
            "key `a\\n##vso[task.setvariable]`"
        );
        assert_eq!(escape("\u{1b}[31mred"), "\\u{1b}[31mred");
        assert_eq!(escape("abc\u{202e}def"), "abc\\u{202e}def");
        assert_eq!(escape("plain `text` é"), "plain `text` é");
        // The ASCII fast path's edges: DEL and the C0 controls are escaped, a tab is not.
        assert_eq!(escape("a\u{7f}b\u{1f}c"), "a\\u{7f}b\\u{1f}c");
        assert!(matches!(escape("tab\tand ~"), Cow::Borrowed("tab\tand ~")));
        assert_eq!(neutralise("a\u{7f}\u{0}b"), "a??b");
    }

    #[test]
    fn snippets_keep_their_length() {
        let text = "a: \u{1b}[2J\nb: x\u{202e}y\r\n";
        let out = neutralise(text);
        assert_eq!(out.len(), text.len());
        assert!(!out.contains('\u{1b}') && !out.contains('\u{202e}'));
        assert_eq!(out.lines().count(), text.lines().count());
    }
}
