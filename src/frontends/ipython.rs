//! IPython code — notebook cells, `ipython` fences — is Python with shell in it: `!cmd` lines
//! (continued by a trailing `\`), `name = !cmd`, `%system`/`%sx` lines, and cells run by a shell
//! (`%%bash`, `%%sh`, `%%script bash`). This splits a text into its Python and its shell parts,
//! each left at its place, so that each goes to its own front-end with the file's positions.

use std::borrow::Cow;
use std::sync::Arc;

use crate::frontends::embedded::blank_outside;
use crate::frontends::{Language, Region};
use crate::source::Span;
use crate::span::OffsetMap;

/// Cell magics whose body is still Python.
const PYTHON_CELL_MAGICS: &[&str] = &["time", "timeit", "capture", "prun", "debug"];
/// Cell magics whose body is a shell script.
const SHELL_CELL_MAGICS: &[&str] = &["bash", "sh", "shell", "system"];
/// Interpreters of `%%script NAME` that are shells.
const SHELLS: &[&str] = &["bash", "sh", "zsh"];

/// The parts of IPython code: where the shell is, and what is not Python.
#[derive(Debug, Default)]
pub struct Split {
    /// Shell text (the `!` and magic words left out).
    pub shell: Vec<Span>,
    /// Lines that are not Python (magics, shell lines, non-Python cell bodies).
    pub not_python: Vec<Span>,
}

/// Split `code`, whose cells are `cells` (a cell magic applies to its cell).
pub fn split(code: &str, cells: &[Span]) -> Split {
    let mut out = Split::default();
    for cell in cells {
        let text = &code[cell.start..cell.end.min(code.len())];
        let mut lines = lines_of(text, cell.start).peekable();
        let Some(first) = lines.peek().copied() else {
            continue;
        };
        let first_text = code[first.start..first.end].trim();
        if let Some(magic) = first_text.strip_prefix("%%") {
            let mut words = magic.split_whitespace();
            let name = words.next().unwrap_or("");
            let body = Span::new(first.end, cell.end);
            if PYTHON_CELL_MAGICS.contains(&name) {
                out.not_python.push(first);
                lines.next();
            } else {
                out.not_python.push(Span::new(first.start, cell.end));
                let shell = SHELL_CELL_MAGICS.contains(&name)
                    || (name == "script" && words.next().is_some_and(|w| SHELLS.contains(&w)));
                if shell {
                    out.shell.push(body);
                }
                continue;
            }
        }
        let mut continued = false;
        for line in lines {
            let raw = &code[line.start..line.end];
            if continued {
                out.shell.push(line);
                out.not_python.push(line);
                continued = ends_with_backslash(raw);
                continue;
            }
            let indent = raw.len() - raw.trim_start().len();
            let body = &raw[indent..];
            if let Some(shell_at) = shell_start(body) {
                out.shell
                    .push(Span::new(line.start + indent + shell_at, line.end));
                out.not_python.push(line);
                continued = ends_with_backslash(raw);
            } else if body.starts_with('%') {
                out.not_python.push(line);
            }
        }
    }
    out
}

/// Where the shell command of a line starts, if the line is a shell line: `!cmd`, `!!cmd`,
/// `name = !cmd`, `%system cmd`, `%sx cmd`.
fn shell_start(body: &str) -> Option<usize> {
    if let Some(rest) = body.strip_prefix("!!").or_else(|| body.strip_prefix('!')) {
        return Some(body.len() - rest.len());
    }
    for magic in ["%system ", "%sx "] {
        if body.starts_with(magic) {
            return Some(magic.len());
        }
    }
    // `files = !ls`
    let name_len = body
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    if name_len > 0 {
        let rest = body[name_len..].trim_start();
        if let Some(rest) = rest.strip_prefix('=') {
            let rest = rest.trim_start();
            if let Some(cmd) = rest.strip_prefix('!') {
                return Some(body.len() - cmd.len());
            }
        }
    }
    None
}

fn ends_with_backslash(line: &str) -> bool {
    line.trim_end_matches(['\n', '\r']).ends_with('\\')
}

/// The lines of `text` (line breaks excluded), as spans offset by `base`.
fn lines_of(text: &str, base: usize) -> impl Iterator<Item = Span> + '_ {
    let mut offset = base;
    crate::source::lines_inclusive(text).map(move |line| {
        let start = offset;
        offset += line.len();
        Span::new(start, start + line.trim_end_matches(['\n', '\r']).len())
    })
}

/// The Python and the shell region of IPython `code` (`map`: its bytes' offsets in the file,
/// for decoded text).
pub fn regions<'f>(code: String, cells: &[Span], map: Option<Arc<OffsetMap>>) -> Vec<Region<'f>> {
    let parts = split(&code, cells);
    let shell = (!parts.shell.is_empty()).then(|| {
        let mut shell = blank_outside(&code, &parts.shell);
        neutralise_python_expansions(&mut shell, &parts.shell);
        shell
    });
    // The code itself becomes the Python region: a notebook's code is not copied again.
    let mut python = code;
    blank(&mut python, &parts.not_python);
    let mut out = vec![Region {
        language: Language::PYTHON,
        text: Cow::Owned(python),
        map: map.clone(),
        indent: 0,
        whole_file: false,
    }];
    if let Some(shell) = shell {
        out.push(Region {
            language: Language::SHELL,
            text: Cow::Owned(shell),
            map,
            indent: 0,
            whole_file: false,
        });
    }
    out
}

/// Replace the bytes of `spans` with blanks (line breaks kept).
fn blank(text: &mut String, spans: &[Span]) {
    let mut bytes = std::mem::take(text).into_bytes();
    let len = bytes.len();
    for span in spans {
        for b in &mut bytes[span.start.min(span.end).min(len)..span.end.min(len)] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Only whole characters are blanked (spans are line ranges); the blanks are ASCII.
    *text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
}

/// IPython expands `{expression}` in a shell line with Python's value: unknown to amlint, so it
/// becomes an unknown shell variable of the same length (`$____`), and no byte moves.
fn neutralise_python_expansions(shell: &mut String, spans: &[Span]) {
    let mut bytes = std::mem::take(shell).into_bytes();
    for span in spans {
        let end = span.end.min(bytes.len());
        let mut i = span.start;
        while i < end {
            if bytes[i] == b'{' && bytes.get(i + 1) != Some(&b'{') {
                let close = bytes[i..end].iter().position(|&b| b == b'}').map(|p| i + p);
                if let Some(close) = close
                    && bytes[i + 1..close]
                        .iter()
                        .all(|&b| b != b'\n' && b.is_ascii())
                    && close > i + 1
                {
                    bytes[i] = b'$';
                    for b in &mut bytes[i + 1..=close] {
                        *b = b'_';
                    }
                    i = close + 1;
                    continue;
                }
            }
            i += 1;
        }
    }
    *shell = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(code: &str) -> Vec<Span> {
        vec![Span::new(0, code.len())]
    }

    #[test]
    fn bang_lines_and_their_continuations_are_shell() {
        let code = "x = 1\n!az ml batch-endpoint invoke \\\n    --name e\nprint(x)\n";
        let parts = split(code, &whole(code));
        let shell: Vec<&str> = parts.shell.iter().map(|s| &code[s.start..s.end]).collect();
        assert_eq!(shell, ["az ml batch-endpoint invoke \\", "    --name e"]);
        assert_eq!(parts.not_python.len(), 2);
    }

    #[test]
    fn shell_cells_and_python_cells() {
        let code = "%%bash\naz ml batch-endpoint invoke --name e\n%%time\ny = 2\n%%writefile a.py\nimport os\n";
        let cells = vec![
            Span::new(0, 44),
            Span::new(44, 57),
            Span::new(57, code.len()),
        ];
        let parts = split(code, &cells);
        assert_eq!(parts.shell.len(), 1);
        assert!(code[parts.shell[0].start..parts.shell[0].end].contains("invoke"));
        let regions = regions(code.to_string(), &cells, None);
        assert!(regions[0].text.contains("y = 2"));
        assert!(!regions[0].text.contains("import os"));
        assert!(!regions[0].text.contains("invoke"));
    }

    #[test]
    fn python_expansions_are_unknown_words() {
        let code = "!az ml batch-endpoint invoke --name {endpoint.name} --set a={{x}}\n";
        let regions = regions(code.to_string(), &whole(code), None);
        let shell = &regions[1].text;
        assert_eq!(shell.len(), code.len());
        assert!(shell.contains("--name $____________"), "{shell}");
    }
}
