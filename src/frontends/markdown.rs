//! Markdown: fenced code blocks, each a region in the language its info string names, or — for
//! an untagged block — the language its content shows. Shell and PowerShell blocks are commands
//! (`$ ` prompts and output lines handled), Python and IPython blocks go to the Python front-end
//! (with their `!` lines to the shell), YAML blocks are inputs files or CI pipelines. Every block
//! is blanked out of the document at its place, so positions are the Markdown file's.

use std::sync::Arc;

use crate::frontends::registry::{self, Container, FileKind};
use crate::frontends::rest;
use crate::frontends::{Language, Region, ipython, mentions_invoke_command};
use crate::source::Span;
use crate::span::OffsetMap;

/// Markdown documents: their fenced code blocks, by the language each names (or, untagged, by
/// what it holds).
pub static CONTAINER: Container = Container {
    kind: FileKind::MARKDOWN,
    extensions: &["md", "markdown"],
    max_bytes: crate::limits::MAX_FILE_BYTES,
    regions: |file| regions(&file.text),
};

/// Windows `cmd` blocks: read as shell once a trailing `^` (cmd's continuation) reads as `\`.
const CMD_LANGUAGES: &[&str] = &["cmd", "bat", "batch", "dos", "winbatch"];
/// Info strings that say nothing about the language: the content decides.
const UNTAGGED: &[&str] = &["", "text", "txt", "plain", "plaintext", "cli", "output"];

struct Fence {
    marker: u8,
    len: usize,
    language: String,
    content: Vec<Span>,
}

/// The regions of a Markdown document: one per language for its command blocks (a tutorial's
/// blocks run in order, so a variable set in one is known in the next), one per YAML block.
pub fn regions(text: &str) -> Vec<Region<'static>> {
    let mut collected = Collected::default();
    let mut open: Option<Fence> = None;
    let mut offset = 0;
    for line in crate::source::lines_inclusive(text) {
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
                        .trim_start_matches('.')
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
                    collected.add(finished, text);
                } else {
                    f.content.push(line_span);
                }
            }
        }
    }
    if let Some(unclosed) = open {
        collected.add(unclosed, text);
    }
    collected.into_regions(text)
}

/// What the blocks of a document hold, by language.
#[derive(Default)]
struct Collected {
    shell: Vec<Span>,
    /// Where a `cmd` line ends in its `^` continuation.
    cmd_carets: Vec<usize>,
    powershell: Vec<Span>,
    /// Each Python block is a cell (an IPython cell magic applies to its block).
    python: Vec<Span>,
    yaml: Vec<Vec<Span>>,
    /// JSON blocks that may hold a REST request body, each its own document.
    json: Vec<Vec<Span>>,
    /// The blocks of any other language the registry knows, each its own region.
    other: Vec<(Language, Vec<Span>)>,
}

impl Collected {
    fn add(&mut self, fence: Fence, text: &str) {
        let tag = fence.language.as_str();
        let language = registry::language_named(tag);
        let lines = fence.content;
        if lines.is_empty() {
            return;
        }
        if language == Some(Language::SHELL) {
            if lines
                .iter()
                .any(|l| prompt(&text[l.start..l.end]).is_some())
            {
                self.shell.extend(prompted_commands(text, &lines));
            } else {
                self.shell.extend(lines);
            }
        } else if CMD_LANGUAGES.contains(&tag) {
            for l in &lines {
                let line = text[l.start..l.end].trim_end_matches(['\n', '\r']);
                if line.ends_with('^') {
                    self.cmd_carets.push(l.start + line.len() - 1);
                }
            }
            self.shell.extend(lines);
        } else if language == Some(Language::POWERSHELL) {
            if lines
                .iter()
                .any(|l| ps_prompt(&text[l.start..l.end]).is_some())
            {
                self.powershell.extend(ps_prompted_commands(text, &lines));
            } else {
                self.powershell.extend(lines);
            }
        } else if language == Some(Language::PYTHON) {
            let block = Span::new(lines[0].start, lines[lines.len() - 1].end);
            self.python.push(block);
        } else if language == Some(Language::YAML) {
            // Only what can be amlint's: an inputs file, or a CI pipeline that invokes. Most
            // YAML blocks of a document (deployments, configs) are neither, and parsing each
            // at the document's length would cost more than the rest of the document.
            let at_io = lines.iter().any(|l| {
                let line = &text[l.start..l.end];
                let trimmed = line.trim_start();
                (trimmed.starts_with("inputs:") || trimmed.starts_with("outputs:"))
                    && line.len() - trimmed.len() <= 4
            });
            let block = &text[lines[0].start..lines[lines.len() - 1].end];
            if at_io || mentions_invoke_command(block) {
                self.yaml.push(lines);
            }
        } else if language == Some(Language::JSON) {
            let block = &text[lines[0].start..lines[lines.len() - 1].end];
            if rest::mentions_body(block) {
                self.json.push(lines);
            }
        } else if UNTAGGED.contains(&tag) {
            self.add_untagged(lines, text);
        } else if let Some(language) = language {
            // A language of the registry that needs nothing of its own here: its blocks at
            // their place.
            self.other.push((language, lines));
        }
    }

    /// An untagged block is commands when a line starts with `az ` (after an optional `$ ` or
    /// `> ` prompt) — those lines and their continuations, output left out; and YAML when it
    /// looks like an inputs file (the engine parses it to be sure).
    fn add_untagged(&mut self, lines: Vec<Span>, text: &str) {
        // A JSON object that holds a batch job's properties (a body shown for a Web activity or
        // a REST client, its URL in another block).
        if let (Some(first), Some(last)) = (lines.first(), lines.last()) {
            let block = &text[first.start..last.end];
            if block.trim_start().starts_with('{')
                && block.contains("\"properties\"")
                && (rest::mentions_body(block)
                    || block.contains("\"dataset\"")
                    || crate::keywords::scan_for(block, &[crate::keywords::Keyword::JobInputType])
                        .has(crate::keywords::Keyword::JobInputType))
            {
                self.json.push(lines);
                return;
            }
        }
        let mut keep = Vec::new();
        let mut continued: Option<u8> = None;
        let mut powershell = false;
        for l in &lines {
            let line = &text[l.start..l.end];
            let body = line.trim_end_matches(['\n', '\r']);
            let start = if continued.is_some() {
                Some(l.start)
            } else {
                let trimmed = body.trim_start();
                let after_prompt = trimmed
                    .strip_prefix("$ ")
                    .or_else(|| trimmed.strip_prefix("> "))
                    .unwrap_or(trimmed)
                    .trim_start();
                after_prompt
                    .starts_with("az ")
                    .then(|| l.start + (body.len() - after_prompt.len()))
            };
            match start {
                Some(start) => {
                    keep.push(Span::new(start, l.end));
                    continued = body
                        .trim_end()
                        .bytes()
                        .last()
                        .filter(|b| matches!(b, b'\\' | b'`'));
                    powershell |= continued == Some(b'`');
                }
                None => continued = None,
            }
        }
        if !keep.is_empty() {
            if powershell {
                self.powershell.extend(keep);
            } else {
                self.shell.extend(keep);
            }
        } else if lines.iter().any(|l| {
            let line = &text[l.start..l.end];
            line.starts_with("inputs:") || line.starts_with("outputs:")
        }) {
            self.yaml.push(lines);
        }
    }

    fn into_regions(self, text: &str) -> Vec<Region<'static>> {
        let mut out = Vec::new();
        if !self.shell.is_empty() {
            let mut shell = Region::blanked(Language::SHELL, text, &self.shell);
            if !self.cmd_carets.is_empty() {
                // One byte for one byte: the continuation as the shell writes it.
                let mut bytes = std::mem::take(shell.text.to_mut()).into_bytes();
                for at in &self.cmd_carets {
                    bytes[*at] = b'\\';
                }
                *shell.text.to_mut() = String::from_utf8(bytes).unwrap_or_default();
            }
            out.push(shell);
        }
        if !self.powershell.is_empty() {
            out.push(Region::blanked(
                Language::POWERSHELL,
                text,
                &self.powershell,
            ));
        }
        if self.python.iter().any(|b| {
            let block = &text[b.start..b.end];
            block.contains("batch_endpoints")
                || crate::frontends::python::mentions_definition(block)
                || mentions_invoke_command(block)
                || rest::mentions_body(block)
        }) {
            // The blocks joined, each a cell, with a map back to the document: the parser
            // reads the code only, not a document's worth of blanks.
            let size: usize = self.python.iter().map(|b| b.end - b.start + 1).sum();
            let mut code = String::with_capacity(size);
            let mut map = OffsetMap::default();
            let mut cells = Vec::new();
            for block in &self.python {
                let start = code.len();
                code.push_str(&text[block.start..block.end]);
                map.push_copied(block.start, block.end - block.start);
                if !code.ends_with('\n') {
                    code.push('\n');
                    map.push_copied(block.end, 1);
                }
                cells.push(Span::new(start, code.len()));
            }
            out.extend(ipython::regions(code, &cells, Some(Arc::new(map))));
        }
        for lines in self.yaml {
            out.push(Region::blanked(Language::YAML, text, &lines));
        }
        for lines in self.json {
            out.push(Region::blanked(Language::JSON, text, &lines));
        }
        for (language, lines) in self.other {
            out.push(Region::blanked(language, text, &lines));
        }
        out
    }
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

/// The command after a shell prompt (`$ az …`), as the offset of the command in the line.
fn prompt(line: &str) -> Option<usize> {
    let body = line.trim_start();
    body.strip_prefix("$ ").map(|rest| line.len() - rest.len())
}

/// The command after a PowerShell prompt (`PS> az …`, `PS C:\src> az …`).
fn ps_prompt(line: &str) -> Option<usize> {
    let body = line.trim_start();
    let rest = body.strip_prefix("PS")?;
    let close = rest.find("> ")?;
    (rest[..close].is_empty() || rest.starts_with(' '))
        .then(|| line.len() - rest[close + 2..].len())
}

/// In a block with prompts only the commands count: lines after a prompt (the prompt blanked),
/// and the continuation lines of a command ending in `\`. Output lines are left out.
fn prompted_commands(text: &str, lines: &[Span]) -> Vec<Span> {
    commands_after(text, lines, prompt, '\\')
}

/// [`prompted_commands`] for PowerShell: `PS>` prompts, backtick continuations.
fn ps_prompted_commands(text: &str, lines: &[Span]) -> Vec<Span> {
    commands_after(text, lines, ps_prompt, '`')
}

fn commands_after(
    text: &str,
    lines: &[Span],
    prompt: fn(&str) -> Option<usize>,
    continuation: char,
) -> Vec<Span> {
    let mut keep = Vec::new();
    let mut continued = false;
    for l in lines {
        let line = &text[l.start..l.end];
        let start = if continued {
            Some(l.start)
        } else {
            prompt(line).map(|at| l.start + at)
        };
        if let Some(start) = start {
            keep.push(Span::new(start, l.end));
            continued = line.trim_end().ends_with(continuation);
        } else {
            continued = false;
        }
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region<'r>(regions: &'r [Region<'static>], language: Language) -> &'r str {
        regions
            .iter()
            .find(|r| r.language == language)
            .map(|r| r.text.as_ref())
            .unwrap_or_else(|| panic!("no {language:?} region"))
    }

    #[test]
    fn finds_shell_and_inputs_blocks_at_their_place() {
        let text = "# Title\n\n```azurecli\naz ml batch-endpoint invoke --name e\n```\n\n```yaml\ninputs:\n  a: {type: uri_folder, path: x}\n```\n\n```python\nprint(1)\n```\n";
        let regions = regions(text);
        let shell = region(&regions, Language::SHELL);
        let at = text.find("az ml").unwrap();
        assert_eq!(&shell[at..at + 5], "az ml");
        assert!(!shell.contains("Title") && !shell.contains("print"));
        let yaml = region(&regions, Language::YAML);
        assert!(yaml.contains("inputs:"));
        assert_eq!(yaml.len(), text.len());
        assert!(
            !regions.iter().any(|r| r.language == Language::PYTHON),
            "a Python block without an SDK call is not read"
        );
    }

    #[test]
    fn console_blocks_keep_only_commands() {
        let text = "```console\n$ az ml batch-endpoint invoke \\\n    --name e\n{\"name\": \"job\"}\n```\n";
        let regions = regions(text);
        let shell = region(&regions, Language::SHELL);
        assert!(shell.contains("az ml batch-endpoint invoke"));
        assert!(shell.contains("--name e"));
        assert!(!shell.contains("job"));
        assert!(!shell.contains('$'));
    }

    #[test]
    fn prompts_in_bash_blocks_and_untagged_blocks() {
        let text = "```bash\n$ az ml batch-endpoint invoke --name e\nJob queued\n```\n\n```\nRun this:\naz ml batch-endpoint invoke \\\n  --name f\n```\n";
        let regions = regions(text);
        let shell = region(&regions, Language::SHELL);
        assert!(!shell.contains("Job queued") && !shell.contains("Run this"));
        assert!(shell.contains("--name e") && shell.contains("--name f"));
    }

    #[test]
    fn cmd_blocks_continue_with_carets() {
        let text =
            "```cmd\naz ml batch-endpoint invoke --name e ^\n  --input azureml:d@latest\n```\n";
        let regions = regions(text);
        let shell = region(&regions, Language::SHELL);
        assert_eq!(shell.len(), text.len());
        assert!(shell.contains("--name e \\\n  --input"), "{shell}");
    }

    #[test]
    fn powershell_blocks_with_and_without_prompts() {
        let text = "```powershell\nPS C:\\src> az ml batch-endpoint invoke `\n  --name e\nName  Status\n```\n\n```pwsh\n$E = 'x'\n```\n";
        let regions = regions(text);
        let ps = region(&regions, Language::POWERSHELL);
        assert!(ps.contains("az ml batch-endpoint invoke `"));
        assert!(!ps.contains("PS C:") && !ps.contains("Status"));
        assert!(ps.contains("$E = 'x'"));
    }
}
