//! The one way out: every byte amlint writes to standard output or standard error goes through a
//! [`Guard`], which keeps text from the checked tree from being read as a CI agent's command.
//!
//! A CI runner reads a step's output line by line and acts on some lines itself:
//! - the Azure Pipelines agent on `##vso[` **anywhere** in a line, in any case (its
//!   `Command.cs` searches each line for the prefix);
//! - the GitHub Actions runner on a line whose text, leading white space trimmed, starts with
//!   `::` (a workflow command), and on its older `##[` form anywhere in a line.
//!
//! Both split lines at `\n` and at `\r` (.NET's `ReadLine`). A file name, a YAML key or a quoted
//! source line holding one of those would set a variable, add a mask or stop commands in the
//! pipeline that runs amlint. The guard rewrites, wherever a line holds one:
//! - the `[` of `##vso[` (any case) and of `##[` as `\u005b`;
//! - the first `:` of a line's leading `::` as `\u003a`.
//!
//! The escape is visible in text, and inside a JSON or SARIF string it is JSON's own escape of
//! the same character, so those reports stay valid and decode to exactly the text found. It is
//! applied to whole lines, after every format has done its own work, so no format, side channel
//! or new output can forget it: `tests/it/output_channels.rs` fails when anything in the crate
//! writes to the standard streams any other way.
//!
//! amlint's own commands (`##vso[task.logissue …` in `--format azure`, `::error file=…` in
//! `--format github`) are opened with [`Guard::command`], which takes only a `&'static str`: text
//! from the checked tree can never be one.
//!
//! The one output that does not go through it is `--fix` on standard input: the fixed text is the
//! editor's own buffer going back, byte for byte.

use std::io::{self, Write};

/// Where the first line break of `bytes` is. A serialiser writes a report in pieces of a few
/// bytes, for which a plain loop is cheaper than setting up a vectorised search.
fn line_break(bytes: &[u8]) -> Option<usize> {
    if bytes.len() < 32 {
        bytes.iter().position(|&b| b == b'\n' || b == b'\r')
    } else {
        memchr::memchr2(b'\n', b'\r', bytes)
    }
}

/// The escape of a neutralised `[`: JSON's `\u` form, valid inside a JSON string too.
const BRACKET_ESCAPE: &[u8] = b"\\u005b";
/// The escape of the first `:` of a line's leading `::`.
const COLON_ESCAPE: &[u8] = b"\\u003a";

/// A line longer than this is written in pieces (its start already decided), so that a long
/// line (a minified file's `--diff`) never costs more memory than this.
const MAX_PENDING: usize = 64 * 1024;

/// The longest opener the guard looks for, less one: the bytes kept back when a long line is
/// written in pieces, so that an opener across two pieces is still seen.
const KEEP_BACK: usize = b"##vso[".len() - 1;

/// A writer that neutralises CI agent commands in what passes through it (see the module doc).
/// Unsized `W` is allowed so that reporters can take `&mut Guard<dyn Write>`.
pub struct Guard<W: Write + ?Sized> {
    /// The current line, up to its break: its commands can only be judged whole.
    pending: Vec<u8>,
    /// How many bytes at the start of `pending` amlint wrote itself through [`Guard::command`].
    own: usize,
    /// Nothing but white space of the current line was written yet: a `::` may still open it.
    at_line_start: bool,
    /// Where a line is neutralised before it is written (kept: a report is thousands of lines).
    out: Vec<u8>,
    inner: W,
}

impl<W: Write> Guard<W> {
    pub fn new(inner: W) -> Self {
        Guard {
            pending: Vec::new(),
            own: 0,
            at_line_start: true,
            out: Vec::new(),
            inner,
        }
    }
}

impl<W: Write + ?Sized> Guard<W> {
    /// Start a line with a command of amlint's own (`##vso[task.logissue `, `::`, `error`,
    /// ` file=`): written as it is. Only `'static` text can be one, never text from a file; it
    /// counts as amlint's only at the start of a line (after more of amlint's own).
    pub fn command(&mut self, opener: &'static str) -> io::Result<()> {
        let own = self.pending.len() == self.own && self.at_line_start;
        self.pending.extend_from_slice(opener.as_bytes());
        if own {
            self.own = self.pending.len();
        }
        Ok(())
    }

    /// Write what is pending of the current line (its end not seen yet), keeping back the
    /// bytes that may begin an opener.
    fn write_piece(&mut self) -> io::Result<()> {
        let cut = self.pending.len().saturating_sub(KEEP_BACK).max(self.own);
        self.out.clear();
        let decided = neutralise(
            &self.pending[..cut],
            self.own,
            self.at_line_start,
            &mut self.out,
        );
        self.inner.write_all(&self.out)?;
        self.pending.drain(..cut);
        self.own = 0;
        self.at_line_start &= !decided;
        Ok(())
    }

    /// Write the pending line, which ends here (or the output does).
    fn write_line(&mut self) -> io::Result<()> {
        self.out.clear();
        neutralise(&self.pending, self.own, self.at_line_start, &mut self.out);
        self.inner.write_all(&self.out)?;
        self.pending.clear();
        self.own = 0;
        self.at_line_start = true;
        Ok(())
    }
}

impl<W: Write + ?Sized> Write for Guard<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(at) = line_break(rest) {
            self.pending.extend_from_slice(&rest[..=at]);
            self.write_line()?;
            rest = &rest[at + 1..];
        }
        self.pending.extend_from_slice(rest);
        if self.pending.len() > MAX_PENDING {
            self.write_piece()?;
        }
        Ok(buf.len())
    }

    /// Writes out what is pending of a line but the few bytes that may begin an opener (they
    /// go out with the line's end, or when the guard is dropped).
    fn flush(&mut self) -> io::Result<()> {
        if self.pending.len() > KEEP_BACK {
            self.write_piece()?;
        }
        self.inner.flush()
    }
}

impl<W: Write + ?Sized> Drop for Guard<W> {
    /// The output ends: its last line is whole.
    fn drop(&mut self) {
        if !self.pending.is_empty() {
            let _ = self.write_line();
        }
        let _ = self.inner.flush();
    }
}

/// Append `text` (one line, or a piece of one) to `out` with every agent command neutralised;
/// its first `own` bytes are amlint's own and kept. `at_line_start`: nothing but white space of
/// this line came before `text`. Returns whether the piece holds the line's first character that
/// is not white space (so the line's start is decided).
fn neutralise(text: &[u8], own: usize, at_line_start: bool, out: &mut Vec<u8>) -> bool {
    // The first character that is not white space, as .NET's `TrimStart` sees it.
    let first = first_non_blank(text);
    let colon = first.filter(|&at| at_line_start && at >= own && text[at..].starts_with(b"::"));
    let mut copied = 0;
    let mut next_colon = colon;
    for at in memchr::memchr_iter(b'#', text) {
        if at < own || at < copied {
            continue;
        }
        let bracket = match text.get(at + 1..) {
            Some([b'#', b'[', ..]) => at + 2,
            Some([b'#', v, s, o, b'[', ..])
                if v.eq_ignore_ascii_case(&b'v')
                    && s.eq_ignore_ascii_case(&b's')
                    && o.eq_ignore_ascii_case(&b'o') =>
            {
                at + 5
            }
            _ => continue,
        };
        if let Some(c) = next_colon.take_if(|&mut c| c < bracket) {
            out.extend_from_slice(&text[copied..c]);
            out.extend_from_slice(COLON_ESCAPE);
            copied = c + 1;
        }
        out.extend_from_slice(&text[copied..bracket]);
        out.extend_from_slice(BRACKET_ESCAPE);
        copied = bracket + 1;
    }
    if let Some(c) = next_colon {
        out.extend_from_slice(&text[copied..c]);
        out.extend_from_slice(COLON_ESCAPE);
        copied = c + 1;
    }
    out.extend_from_slice(&text[copied..]);
    first.is_some()
}

/// The offset of the first character of `text` that is not white space (Unicode's, as .NET's
/// `char.IsWhiteSpace`; line breaks end a line before this is asked), if any.
fn first_non_blank(text: &[u8]) -> Option<usize> {
    let mut at = 0;
    while at < text.len() {
        let b = text[at];
        if b.is_ascii() {
            if !b.is_ascii_whitespace() && b != 0x0b {
                return Some(at);
            }
            at += 1;
            continue;
        }
        // A multi-byte character: decode it (an invalid byte is not white space).
        let end = (at + 4).min(text.len());
        let c = (at + 2..=end)
            .find_map(|e| std::str::from_utf8(&text[at..e]).ok())
            .and_then(|s| s.chars().next());
        match c {
            Some(c) if c.is_whitespace() => at += c.len_utf8(),
            _ => return Some(at),
        }
    }
    None
}

/// Standard output, through a guard and a buffer.
pub fn stdout() -> Guard<io::BufWriter<io::StdoutLock<'static>>> {
    Guard::new(io::BufWriter::with_capacity(64 * 1024, io::stdout().lock()))
}

/// Standard error, through a guard and a buffer (a report written there: `--fix` on stdin).
pub fn stderr_buffered() -> Guard<io::BufWriter<io::StderrLock<'static>>> {
    Guard::new(io::BufWriter::with_capacity(64 * 1024, io::stderr().lock()))
}

/// Standard error, through a guard (unbuffered beyond the line, as standard error is).
pub fn stderr() -> Guard<io::StderrLock<'static>> {
    Guard::new(io::stderr().lock())
}

/// Write one line to standard error through a guard: the `eprintln!` of amlint. Errors
/// writing it are ignored, as `eprintln!`'s would have ended the run.
pub fn eprint_line(text: impl std::fmt::Display) {
    let mut err = stderr();
    let _ = writeln!(err, "{text}");
}

/// `eprintln!` through a guard: every line amlint writes to standard error.
#[macro_export]
macro_rules! eprintln_guarded {
    ($($arg:tt)*) => {
        $crate::output::eprint_line(format_args!($($arg)*))
    };
}

/// Whether standard output is a terminal (colours).
pub fn stdout_is_terminal() -> bool {
    io::IsTerminal::is_terminal(&io::stdout())
}

/// Whether standard error is a terminal (colours).
pub fn stderr_is_terminal() -> bool {
    io::IsTerminal::is_terminal(&io::stderr())
}

/// `--fix` on standard input: the fixed text goes back to the editor byte for byte, the one
/// output no guard may change (it is the editor's own buffer, not a log).
pub fn write_editor_text(text: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text)?;
    out.flush()
}

/// The language server's standard output: framed JSON-RPC that the editor reads, whose
/// `Content-Length` a rewrite would break. No CI log reads it; its stderr goes through guards.
pub fn protocol_stdout() -> io::Stdout {
    io::stdout()
}

/// Text from the checked tree (a path, a config value, a message quoting either) for one line
/// of output: credentials masked, control and bidi characters escaped.
pub fn shown(text: &str) -> String {
    crate::escape::escape(&crate::secrets::redact(text)).into_owned()
}

/// [`shown`] for each line of a text of several lines (`--show-settings`, a config error).
pub fn shown_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        out.push_str(&shown(body));
        out.push_str(end);
    }
    out
}

/// `text` as a guard would write it (for tests, and for texts that leave through another
/// channel, such as a hover).
pub fn neutralised(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    {
        let mut guard = Guard::new(&mut out);
        let _ = guard.write_all(text.as_bytes());
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn azure_openers_are_neutralised_anywhere_in_any_case() {
        assert_eq!(
            neutralised("a ##vso[task.setvariable x]1 b ##VsO[y]\n"),
            "a ##vso\\u005btask.setvariable x]1 b ##VsO\\u005by]\n"
        );
        assert_eq!(neutralised("x ##[add-mask]s\n"), "x ##\\u005badd-mask]s\n");
        assert_eq!(neutralised("##vso ##vs[ #vso[\n"), "##vso ##vs[ #vso[\n");
    }

    #[test]
    fn github_openers_only_at_a_lines_start() {
        assert_eq!(neutralised("::notice::x\n"), "\\u003a:notice::x\n");
        assert_eq!(
            neutralised("ok\n \t\u{a0}::set-output::y\r::z"),
            "ok\n \t\u{a0}\\u003a:set-output::y\r\\u003a:z"
        );
        assert_eq!(neutralised("a::b\n"), "a::b\n");
        assert_eq!(neutralised("::x ##vso[y\n"), "\\u003a:x ##vso\\u005by\n");
    }

    #[test]
    fn the_escapes_keep_json_valid_and_equal() {
        let value = "k ##vso[task.setvariable v]1 ::x ##[y";
        let json = serde_json::to_string(&serde_json::json!({ "m": value, "::k": 1 })).unwrap();
        let out = neutralised(&json);
        assert!(!out.contains("##vso[") && !out.contains("##["));
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["m"], value);
    }

    #[test]
    fn amlints_own_commands_stay() {
        let mut out = Vec::new();
        {
            let mut g = Guard::new(&mut out);
            g.command("##vso[task.logissue ").unwrap();
            g.write_all(b"type=error]##vso[x] m\n").unwrap();
            g.command("::").unwrap();
            g.command("error").unwrap();
            g.command(" file=").unwrap();
            g.write_all(b"::a::b\n").unwrap();
            // Not at a line's start: not amlint's own.
            g.write_all(b" ").unwrap();
            g.command("##vso[").unwrap();
            g.write_all(b"\n").unwrap();
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "##vso[task.logissue type=error]##vso\\u005bx] m\n::error file=::a::b\n ##vso\\u005b\n"
        );
    }

    #[test]
    fn writes_in_pieces_are_judged_as_whole_lines() {
        let text = format!("  ##v{}  \n{}::x\n", "", " ".repeat(MAX_PENDING + 3));
        let mut out = Vec::new();
        {
            let mut g = Guard::new(&mut out);
            for b in text.as_bytes().chunks(1) {
                g.write_all(b).unwrap();
            }
            g.write_all(b"a##v").unwrap();
            g.write_all(b"so[b").unwrap();
            g.write_all(&vec![b'x'; MAX_PENDING * 2]).unwrap();
            g.write_all(b"##vso[").unwrap();
            g.write_all(b"c\n").unwrap();
        }
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("\\u003a:x"));
        assert!(!out.contains("##vso["), "{}", &out[..200]);
        assert_eq!(out.matches("\\u005b").count(), 2);
    }
}
