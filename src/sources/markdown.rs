//! Markdown: fenced code blocks. Shell blocks (`bash`, `sh`, `shell`, `azurecli`, `console`, …)
//! go to the shell front-end; `yaml`/`yml` blocks with a top-level `inputs:`/`outputs:` are inputs
//! files. Each is blanked out of the document at its place, so positions are the Markdown file's.

use crate::source::Span;
use crate::sources::embedded::blank_outside;

const SHELL_LANGUAGES: &[&str] = &[
    "bash",
    "sh",
    "shell",
    "zsh",
    "azurecli",
    "azurecli-interactive",
    "azure-cli",
    "console",
    "terminal",
    "shell-session",
];
const CONSOLE_LANGUAGES: &[&str] = &["console", "terminal", "shell-session"];
const YAML_LANGUAGES: &[&str] = &["yaml", "yml"];

/// What a Markdown file holds for amlint.
#[derive(Debug, Default)]
pub struct Blocks {
    /// Every shell block's text, the rest of the file blanked (`None` when there is none).
    pub shell: Option<String>,
    /// One text per YAML block that looks like an inputs file, the rest of the file blanked.
    pub inputs_files: Vec<String>,
}

struct Fence {
    marker: u8,
    len: usize,
    language: String,
    content: Vec<Span>,
}

pub fn blocks(text: &str) -> Blocks {
    let mut shell_ranges = Vec::new();
    let mut out = Blocks::default();
    let mut open: Option<Fence> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let line_span = Span::new(offset, offset + line.len());
        offset += line.len();
        let trimmed = line.trim_start();
        let fence = fence_of(trimmed);
        match &mut open {
            None => {
                if let Some((marker, len, info)) = fence {
                    let language = info
                        .split(|c: char| c.is_whitespace() || c == '{' || c == ',')
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase();
                    open = Some(Fence {
                        marker,
                        len,
                        language,
                        content: Vec::new(),
                    });
                }
            }
            Some(f) => {
                if let Some((marker, len, info)) = fence
                    && marker == f.marker
                    && len >= f.len
                    && info.trim().is_empty()
                {
                    let finished = open.take().expect("open fence");
                    close(finished, text, &mut shell_ranges, &mut out);
                } else {
                    f.content.push(line_span);
                }
            }
        }
    }
    if let Some(unclosed) = open {
        close(unclosed, text, &mut shell_ranges, &mut out);
    }
    if !shell_ranges.is_empty() {
        out.shell = Some(blank_outside(text, &shell_ranges));
    }
    out
}

/// ```` ```lang ```` or `~~~lang`: (marker, length, info string).
fn fence_of(line: &str) -> Option<(u8, usize, &str)> {
    let marker = *line.as_bytes().first()?;
    if marker != b'`' && marker != b'~' {
        return None;
    }
    let len = line.bytes().take_while(|&b| b == marker).count();
    let info = line[len..].trim_end_matches(['\n', '\r']);
    (len >= 3 && !(marker == b'`' && info.contains('`'))).then_some((marker, len, info.trim()))
}

fn close(fence: Fence, text: &str, shell_ranges: &mut Vec<Span>, out: &mut Blocks) {
    let language = fence.language.as_str();
    if SHELL_LANGUAGES.contains(&language) {
        if CONSOLE_LANGUAGES.contains(&language) {
            shell_ranges.extend(console_commands(text, &fence.content));
        } else {
            shell_ranges.extend(fence.content);
        }
    } else if YAML_LANGUAGES.contains(&language) {
        let looks_like_inputs = fence.content.iter().any(|l| {
            let line = &text[l.start..l.end];
            let trimmed = line.trim_start();
            (trimmed.starts_with("inputs:") || trimmed.starts_with("outputs:"))
                && line.len() - trimmed.len() <= 4
        });
        if looks_like_inputs {
            out.inputs_files.push(blank_outside(text, &fence.content));
        }
    }
}

/// In a console block only the commands count: lines after a `$ ` prompt (the prompt blanked),
/// and the continuation lines of a command ending in `\`. Output lines are left out.
fn console_commands(text: &str, lines: &[Span]) -> Vec<Span> {
    let mut keep = Vec::new();
    let mut continued = false;
    for l in lines {
        let line = &text[l.start..l.end];
        let body = line.trim_start();
        let start = if continued {
            Some(l.start)
        } else {
            body.strip_prefix("$ ").map(|rest| l.end - rest.len())
        };
        if let Some(start) = start {
            keep.push(Span::new(start, l.end));
            continued = line.trim_end().ends_with('\\');
        } else {
            continued = false;
        }
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_shell_and_inputs_blocks_at_their_place() {
        let text = "# Title\n\n```azurecli\naz ml batch-endpoint invoke --name e\n```\n\n```yaml\ninputs:\n  a: {type: uri_folder, path: x}\n```\n\n```python\nprint(1)\n```\n";
        let b = blocks(text);
        let shell = b.shell.unwrap();
        let at = text.find("az ml").unwrap();
        assert_eq!(&shell[at..at + 5], "az ml");
        assert!(!shell.contains("Title") && !shell.contains("print"));
        assert_eq!(b.inputs_files.len(), 1);
        assert!(b.inputs_files[0].contains("inputs:"));
        assert_eq!(b.inputs_files[0].len(), text.len());
    }

    #[test]
    fn console_blocks_keep_only_commands() {
        let text = "```console\n$ az ml batch-endpoint invoke \\\n    --name e\n{\"name\": \"job\"}\n```\n";
        let shell = blocks(text).shell.unwrap();
        assert!(shell.contains("az ml batch-endpoint invoke"));
        assert!(shell.contains("--name e"));
        assert!(!shell.contains("job"));
        assert!(!shell.contains('$'));
    }
}
