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

/// Whether `text` holds a character [`is_dangerous`] refuses other than a line break (`\n`,
/// `\r`), or a line break too when `line_breaks` is set (`escape` escapes them, `neutralise`
/// keeps them). Decided on the bytes: in UTF-8 only a byte below 0x20, DEL, and the lead bytes
/// 0xC2 (the C1 controls) and 0xE2 (the bidi controls) can begin such a character, so a whole
/// file is read at a byte's cost rather than a decoded character's.
fn holds_dangerous(text: &str, line_breaks: bool) -> bool {
    // Every message and snippet comes here, and almost all are plain: a chunk of printable
    // ASCII, tabs (and line breaks, when they are kept) is passed over whole, branch-free
    // within it so that it is vectorised.
    let plain = |b: u8| {
        (b.wrapping_sub(b' ') < 0x7f - b' ')
            | (b == b'\t')
            | (!line_breaks & matches!(b, b'\n' | b'\r'))
    };
    text.as_bytes().chunks(64).enumerate().any(|(n, chunk)| {
        !chunk.iter().fold(true, |all, &b| all & plain(b))
            && chunk.iter().enumerate().any(|(j, &b)| match b {
                b'\t' => false,
                b'\n' | b'\r' => line_breaks,
                0..0x20 | 0x7f => true,
                0xc2 | 0xe2 => text[n * 64 + j..].chars().next().is_some_and(is_dangerous),
                _ => false,
            })
    })
}

/// `text` for a one-line message or path: control characters (line breaks included) and bidi
/// controls as `\u{…}` escapes.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !holds_dangerous(text, true) {
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
    if !holds_dangerous(text, false) {
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

    /// The byte-level test finds what classifying every character finds, for texts of every
    /// character class it looks at and the characters next to them, short and long.
    #[test]
    fn dangerous_characters_are_found_on_the_bytes() {
        let pieces = [
            "a", " ", "\t", "\n", "\r", "\r\n", "\u{0}", "\u{1b}", "\u{1f}", "\u{7f}", "\u{80}",
            "\u{85}", "\u{9f}", "\u{a0}", "é", "\u{bf}", "\u{200d}", "\u{200e}", "\u{200f}",
            "\u{2010}", "\u{2029}", "\u{202a}", "\u{202e}", "\u{202f}", "\u{2065}", "\u{2066}",
            "\u{2069}", "\u{206a}", "\u{2122}", "✓", "😀",
        ];
        let mut random = crate::testing::Random::new();
        for _ in 0..20_000 {
            // After up to 200 plain bytes, so that the first character to look at falls in any
            // of the 64-byte chunks the scan reads, and may cross from one into the next.
            let mut text = "x".repeat((random.next() % 200) as usize);
            text.push_str(&random.text(&pieces));
            let escaped = text.chars().any(|c| is_dangerous(c) || c == '\n');
            let neutralised = text.chars().any(|c| is_dangerous(c) && c != '\r');
            assert_eq!(holds_dangerous(&text, true), escaped, "{text:?}");
            assert_eq!(holds_dangerous(&text, false), neutralised, "{text:?}");
        }
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
