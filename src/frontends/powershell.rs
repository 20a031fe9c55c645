//! A small PowerShell lexer: the commands of a PowerShell script (`.ps1`, a `powershell` fence, an
//! Azure DevOps `pwsh:` step) split into the same [`Word`]s as the shell lexer, so that
//! `command_line.rs` reads `az ml batch-endpoint invoke` the same way from either.
//!
//! It knows the subset that surrounds `az` commands in real scripts: backtick escapes and
//! backtick line continuations, `'…'` (with `''`) and `"…"` strings (backtick escapes, `""`,
//! `$Name`, `${Name}`, `$env:Name` and `$(…)` inside), `#` and `<# … #>` comments, `;` and `|`,
//! the `&` call operator, redirections, and `$Name = "…"` assignments, which are substituted
//! later in the script when their value is a fully known string that never changes. Variable
//! names are case-insensitive, as in PowerShell. Anything else (`$(…)`, `@(…)`, `(…)`, a variable
//! set by a cmdlet) is an unknown word part and never guessed at.

use std::collections::HashMap;

use crate::source::Span;
use crate::syntax::words::{Builder, Command, Origins, Word};

/// The PowerShell front-end (its registry line is in `frontends/registry.rs`).
use crate::frontends::{Frontend, Language, posts_batch_jobs, read_command, rest};

pub static FRONTEND: Frontend = Frontend {
    language: Language::POWERSHELL,
    names: &[
        "powershell",
        "pwsh",
        "ps1",
        "ps",
        "posh",
        "azurepowershell",
        "azurepowershell-interactive",
    ],
    mentions: |text| {
        use crate::keywords::{Keyword, REST_BODY};
        let found = crate::keywords::scan_for(
            text,
            [&Keyword::EndpointInvoke].into_iter().chain(REST_BODY),
        );
        found.has(Keyword::EndpointInvoke) || found.mentions_rest_body()
    },
    read: Some(|region, dir, sink| {
        let requests = posts_batch_jobs(&region.text).then_some(rest::powershell_invocations as _);
        each_command(&region.text, &mut |command| {
            read_command(region.place(command), dir, requests, sink)
        });
        Ok(())
    }),
};

/// Every command of a PowerShell text, in source order.
pub fn commands(text: &str) -> Vec<Command> {
    let mut out = Vec::new();
    each_command(text, &mut |command| out.push(command));
    out
}

/// [`commands`], each handed to `sink` as it ends: a script is never held whole as commands.
pub fn each_command(text: &str, sink: &mut dyn FnMut(Command)) {
    let mut lexer = Lexer {
        text,
        bytes: text.as_bytes(),
        vars: HashMap::new(),
        sink,
        depth: 0,
    };
    lexer.lex(0);
}

/// How deep `$(…)` subexpressions are read as commands; deeper ones are unknown words only.
const MAX_SUBEXPRESSION_DEPTH: usize = 32;

/// A variable's value when it is known (with where it was written), or that it is not.
#[derive(Clone, Debug)]
enum Var {
    Known(String, Origins),
    Unknown,
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// Variables by lower-case name (`$env:` ones as `env:name`).
    vars: HashMap<String, Var>,
    sink: &'a mut dyn FnMut(Command),
    /// How many `$(…)` this lexer is inside.
    depth: usize,
}

/// The words of the command being read.
#[derive(Default)]
struct Pending {
    words: Vec<Word>,
    /// The next word is a redirection target, not an argument.
    skip_next_word: bool,
}

impl Pending {
    fn end_word(&mut self, word: &mut Builder) {
        if let Some(w) = word.take_word() {
            if std::mem::take(&mut self.skip_next_word) {
                return;
            }
            self.words.push(w);
        }
    }

    fn take(&mut self) -> Vec<Word> {
        self.skip_next_word = false;
        std::mem::take(&mut self.words)
    }
}

fn is_name(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl Lexer<'_> {
    /// Lexes from `start` to the end of `bytes` (a subexpression's lexer ends at its `)`).
    fn lex(&mut self, start: usize) {
        let end = self.bytes.len();
        let mut pos = start;
        let mut pending = Pending::default();
        let mut word = Builder::default();
        macro_rules! end_word {
            () => {
                pending.end_word(&mut word)
            };
        }
        macro_rules! end_command {
            () => {{
                end_word!();
                let finished = pending.take();
                self.finish_command(finished);
            }};
        }
        while pos < end {
            let c = self.bytes[pos];
            match c {
                b'`' => {
                    // A backtick before the line break continues the line; before anything
                    // else it escapes that character.
                    let next = self.bytes.get(pos + 1).copied();
                    if next == Some(b'\n') {
                        pos += 2;
                    } else if next == Some(b'\r') && self.bytes.get(pos + 2) == Some(&b'\n') {
                        pos += 3;
                    } else if pos + 1 < end {
                        let len = self.char_len(pos + 1);
                        word.touch(pos, pos + 1);
                        word.push_str(&self.text[pos + 1..pos + 1 + len], pos + 1);
                        pos += 1 + len;
                    } else {
                        pos += 1;
                    }
                }
                b' ' | b'\t' | b'\r' => {
                    end_word!();
                    pos += 1;
                }
                b'\n' | b';' | b'|' => {
                    end_command!();
                    pos += 1;
                }
                b'<' if self.bytes.get(pos + 1) == Some(&b'#') => {
                    end_word!();
                    pos = self.text[pos + 2..]
                        .find("#>")
                        .map_or(end, |i| pos + 2 + i + 2);
                }
                b'#' if word.start.is_none() => {
                    while pos < end && self.bytes[pos] != b'\n' {
                        pos += 1;
                    }
                }
                b'&' if word.start.is_none() => {
                    // `& az …` (the call operator) or `&&`: not a word.
                    if self.bytes.get(pos + 1) == Some(&b'&') {
                        end_command!();
                        pos += 2;
                    } else {
                        pos += 1;
                    }
                }
                b'>' => {
                    // `> file`, `2>&1`, `*>$null`: the target is not an argument.
                    if !word.text.is_empty()
                        && word.text.iter().all(|b| b.is_ascii_digit() || *b == b'*')
                    {
                        word.clear();
                    } else {
                        end_word!();
                    }
                    pos += 1;
                    while pos < end && matches!(self.bytes[pos], b'>' | b'&') {
                        pos += 1;
                    }
                    if pos < end && self.bytes[pos].is_ascii_digit() && self.bytes[pos - 1] == b'&'
                    {
                        pos += 1;
                    } else {
                        pending.skip_next_word = true;
                    }
                }
                b'\'' => {
                    word.touch(pos, pos + 1);
                    pos = self.single_quoted(pos + 1, &mut word);
                }
                b'"' => {
                    word.touch(pos, pos + 1);
                    pos = self.double_quoted(pos + 1, &mut word);
                }
                b'$' => pos = self.dollar(pos, &mut word),
                b'@' if let Some(here) = self.here_string(pos) => {
                    word.touch(pos, here.stop);
                    if here.expandable {
                        self.expand(here.content, &mut word);
                    } else if !here.content.is_empty() {
                        word.push_str(
                            &self.text[here.content.start..here.content.end],
                            here.content.start,
                        );
                    }
                    pos = here.stop;
                }
                b'(' | b'@' | b'{' if word.start.is_none() => {
                    // `(…)`, `@(…)`, `@{…}`: an expression amlint does not evaluate.
                    let open = if c == b'@' { pos + 1 } else { pos };
                    match self.bytes.get(open) {
                        Some(b'(') | Some(b'{') => {
                            let stop = self.matching(open).map_or(end, |c| c + 1);
                            word.push_unknown(&self.text[pos..stop], pos);
                            pos = stop;
                        }
                        _ => {
                            word.push(c, pos);
                            pos += 1;
                        }
                    }
                }
                _ => {
                    let len = self.char_len(pos);
                    word.push_str(&self.text[pos..pos + len], pos);
                    pos += len;
                }
            }
        }
        end_command!();
    }

    fn char_len(&self, pos: usize) -> usize {
        self.text[pos..].chars().next().map_or(1, char::len_utf8)
    }

    /// Inside `'…'`: nothing is special but `''`, one quote.
    fn single_quoted(&self, mut pos: usize, word: &mut Builder) -> usize {
        let end = self.bytes.len();
        while pos < end {
            if self.bytes[pos] == b'\'' {
                if self.bytes.get(pos + 1) == Some(&b'\'') {
                    word.push(b'\'', pos);
                    pos += 2;
                    continue;
                }
                word.touch(pos, pos + 1);
                return pos + 1;
            }
            let len = self.char_len(pos);
            word.push_str(&self.text[pos..pos + len], pos);
            pos += len;
        }
        end
    }

    /// A here-string opened at `pos` (`@"` or `@'`, then nothing but blanks on its line): its
    /// content runs to the line that starts with `"@` (`'@`), so a lone quote inside it opens
    /// nothing. `None` when `pos` opens no here-string.
    fn here_string(&self, pos: usize) -> Option<HereString> {
        let quote = *self
            .bytes
            .get(pos + 1)
            .filter(|&&q| q == b'"' || q == b'\'')?;
        let mut at = pos + 2;
        while matches!(self.bytes.get(at), Some(b' ' | b'\t' | b'\r')) {
            at += 1;
        }
        if self.bytes.get(at) != Some(&b'\n') {
            return None;
        }
        let start = at + 1;
        let closes = |line: usize| {
            self.bytes.get(line) == Some(&quote) && self.bytes.get(line + 1) == Some(&b'@')
        };
        let close = if closes(start) {
            Some(start)
        } else {
            memchr::memchr_iter(b'\n', &self.bytes[start..])
                .map(|i| start + i + 1)
                .find(|&line| closes(line))
        };
        let (content, stop) = match close {
            // The line break before the closing line is not content (nor its `\r`).
            Some(line) => {
                let mut end = line.saturating_sub(1).max(start);
                if end > start && self.bytes[end - 1] == b'\r' {
                    end -= 1;
                }
                (Span::new(start, end), line + 2)
            }
            None => (Span::new(start, self.bytes.len()), self.bytes.len()),
        };
        Some(HereString {
            content,
            stop,
            expandable: quote == b'"',
        })
    }

    /// The content of a `@"…"@` here-string: `$` expansions and backtick escapes, quotes plain.
    fn expand(&mut self, content: Span, word: &mut Builder) {
        let mut pos = content.start;
        while pos < content.end {
            match self.bytes[pos] {
                b'`' if pos + 1 < content.end => {
                    let len = self.char_len(pos + 1);
                    let escaped = match self.bytes[pos + 1] {
                        b'n' => Some(b'\n'),
                        b't' => Some(b'\t'),
                        b'r' => Some(b'\r'),
                        b'0' => Some(0),
                        _ => None,
                    };
                    match escaped {
                        Some(b) => word.push(b, pos + 1),
                        None => word.push_str(&self.text[pos + 1..pos + 1 + len], pos + 1),
                    }
                    pos += 1 + len;
                }
                b'$' => pos = self.dollar(pos, word).min(content.end.max(pos + 1)),
                _ => {
                    let len = self.char_len(pos);
                    word.push_str(&self.text[pos..pos + len], pos);
                    pos += len;
                }
            }
        }
    }

    /// Inside `"…"`: backtick escapes, `""`, and `$` expansions.
    fn double_quoted(&mut self, mut pos: usize, word: &mut Builder) -> usize {
        let end = self.bytes.len();
        while pos < end {
            match self.bytes[pos] {
                b'"' if self.bytes.get(pos + 1) == Some(&b'"') => {
                    word.push(b'"', pos);
                    pos += 2;
                }
                b'"' => {
                    word.touch(pos, pos + 1);
                    return pos + 1;
                }
                b'`' if pos + 1 < end => {
                    let escaped = match self.bytes[pos + 1] {
                        b'n' => Some(b'\n'),
                        b't' => Some(b'\t'),
                        b'r' => Some(b'\r'),
                        b'0' => Some(0),
                        b'\n' => None,
                        other if other.is_ascii() => Some(other),
                        _ => None,
                    };
                    match escaped {
                        Some(b) => {
                            word.push(b, pos + 1);
                            pos += 2;
                        }
                        None if self.bytes[pos + 1] == b'\n' => pos += 2,
                        None => {
                            let len = self.char_len(pos + 1);
                            word.push_str(&self.text[pos + 1..pos + 1 + len], pos + 1);
                            pos += 1 + len;
                        }
                    }
                }
                b'$' => pos = self.dollar(pos, word),
                _ => {
                    let len = self.char_len(pos);
                    word.push_str(&self.text[pos..pos + len], pos);
                    pos += len;
                }
            }
        }
        end
    }

    /// A `$` at `pos`: a variable (`$Name`, `$env:Name`, `${Name}`), a subexpression `$(…)`, or
    /// a plain `$`. Returns the position after it.
    fn dollar(&mut self, pos: usize, word: &mut Builder) -> usize {
        let end = self.bytes.len();
        match self.bytes.get(pos + 1).copied() {
            Some(b'(') => {
                let close = self.matching(pos + 1);
                let stop = close.map_or(end, |c| c + 1);
                word.push_unknown(&self.text[pos..stop], pos);
                // The subexpression's commands run (`$Job = $(az ml batch-endpoint invoke …)`,
                // as the documentation writes it): read them at their place, with the script's
                // variables.
                if self.depth < MAX_SUBEXPRESSION_DEPTH {
                    let inner_end = close.unwrap_or(end);
                    let mut inner = Lexer {
                        text: &self.text[..inner_end],
                        bytes: &self.bytes[..inner_end],
                        vars: std::mem::take(&mut self.vars),
                        sink: &mut *self.sink,
                        depth: self.depth + 1,
                    };
                    inner.lex(pos + 2);
                    self.vars = inner.vars;
                }
                stop
            }
            Some(b'{') => {
                let close = self.text[pos + 2..].find('}').map(|i| pos + 2 + i);
                let stop = close.map_or(end, |c| c + 1);
                let name = &self.text[pos + 2..close.unwrap_or(end)];
                self.variable(name, Span::new(pos, stop), word);
                stop
            }
            Some(b) if is_name(b) => {
                let mut stop = pos + 1;
                while stop < end && is_name(self.bytes[stop]) {
                    stop += 1;
                }
                // `$env:NAME`, `$script:NAME`: a scope or drive qualifier.
                if self.bytes.get(stop) == Some(&b':')
                    && self.bytes.get(stop + 1).is_some_and(|&b| is_name(b))
                {
                    stop += 1;
                    while stop < end && is_name(self.bytes[stop]) {
                        stop += 1;
                    }
                }
                let name = &self.text[pos + 1..stop];
                self.variable(name, Span::new(pos, stop), word);
                stop
            }
            _ => {
                word.push(b'$', pos);
                pos + 1
            }
        }
    }

    fn variable(&self, name: &str, token: Span, word: &mut Builder) {
        match self.vars.get(&key(name)) {
            Some(Var::Known(value, origins)) => word.push_resolved(value, token, origins.clone()),
            _ => word.push_unknown(&self.text[token.start..token.end], token.start),
        }
    }

    /// The bracket closing the one at `open_at` (`(` or `{`), across quotes and nesting.
    fn matching(&self, open_at: usize) -> Option<usize> {
        let open = self.bytes[open_at];
        let close = if open == b'(' { b')' } else { b'}' };
        let mut level = 0usize;
        let mut quote: Option<u8> = None;
        let mut pos = open_at;
        while pos < self.bytes.len() {
            let b = self.bytes[pos];
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) if b == b'`' => pos += 1,
                Some(_) => {}
                None if b == b'\'' || b == b'"' => quote = Some(b),
                None if b == b'`' => pos += 1,
                None if b == open => level += 1,
                None if b == close => {
                    level -= 1;
                    if level == 0 {
                        return Some(pos);
                    }
                }
                None => {}
            }
            pos += 1;
        }
        None
    }

    /// `$Name = value`: remember a fully known single value; the rest of an assignment
    /// (`$Job = az ml batch-endpoint invoke …`) is a command of its own.
    fn finish_command(&mut self, mut words: Vec<Word>) {
        if let [target, eq, ..] = words.as_slice()
            && eq.text == "="
            && eq.is_known()
            && let Some(name) = assigned_name(&self.text[target.span.start..target.span.end])
        {
            let value = match &words[2..] {
                [value] if value.is_known() && !value.text.starts_with('-') => Var::Known(
                    value.text.clone(),
                    Origins::from(value.origins(0, value.text.len())),
                ),
                _ => Var::Unknown,
            };
            let literal = matches!(value, Var::Known(..));
            let merged = match self.vars.get(&name) {
                None => value,
                // The same value again: both places hold it.
                Some(Var::Known(old, before)) => match value {
                    Var::Known(text, origins) if text == *old => {
                        Var::Known(text, before.iter().chain(origins.iter()).copied().collect())
                    }
                    _ => Var::Unknown,
                },
                Some(Var::Unknown) => Var::Unknown,
            };
            self.vars.insert(name, merged);
            if literal {
                return;
            }
            words.drain(..2);
        }
        if !words.is_empty() {
            (self.sink)(Command {
                words,
                assignment_with_spaces: None,
            });
        }
    }
}

/// A here-string: its content, where it ends, and whether `$` expands in it (`@"…"@`).
struct HereString {
    content: Span,
    stop: usize,
    expandable: bool,
}

/// The variable a `$Name`/`$env:Name` assignment target sets (lower case), if it is one.
fn assigned_name(raw: &str) -> Option<String> {
    let name = raw.strip_prefix('$')?;
    let name = name
        .strip_prefix('{')
        .and_then(|n| n.strip_suffix('}'))
        .unwrap_or(name);
    (!name.is_empty() && name.bytes().all(|b| is_name(b) || b == b':')).then(|| key(name))
}

/// Variable names are case-insensitive.
fn key(name: &str) -> String {
    name.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(cmd: &Command) -> Vec<&str> {
        cmd.words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn backtick_continuations_and_assignments() {
        let src = "$Endpoint = \"churn-batch\"\naz ml batch-endpoint invoke --name $endpoint `\n  --set inputs.a.type=uri_folder `\n        inputs.a.path=azureml:x@latest\n";
        let cmds = commands(src);
        assert_eq!(cmds.len(), 1);
        assert_eq!(
            texts(&cmds[0]),
            [
                "az",
                "ml",
                "batch-endpoint",
                "invoke",
                "--name",
                "churn-batch",
                "--set",
                "inputs.a.type=uri_folder",
                "inputs.a.path=azureml:x@latest"
            ]
        );
        assert!(cmds[0].words[5].is_known());
        let last = &cmds[0].words[8];
        let span = last.source_span(14, 30);
        assert_eq!(&src[span.start..span.end], "azureml:x@latest");
    }

    #[test]
    fn strings_comments_and_unknowns() {
        let src = "# az ml batch-endpoint invoke --name x\n<# az\n#>\n$job = az ml batch-endpoint invoke -n 'it''s' --input \"$env:DATA/x\" -d $(Get-D) | Out-Null\n";
        let cmds = commands(src);
        let invoke = cmds.iter().find(|c| c.words[0].text == "az").unwrap();
        assert_eq!(invoke.words[5].text, "it's");
        assert!(!invoke.words[7].is_known(), "$env:DATA is unknown");
        assert!(!invoke.words[9].is_known());
        assert_eq!(
            cmds.iter().filter(|c| c.words[0].text == "az").count(),
            1,
            "comments hold no command"
        );
    }

    #[test]
    fn reassigned_variables_are_unknown() {
        let src = "$N = 'a'\n$N = 'b'\naz ml batch-endpoint invoke --name $N\n";
        let cmds = commands(src);
        assert!(!cmds[0].words[5].is_known());
    }

    #[test]
    fn here_strings_hold_lone_quotes_and_end_on_their_closing_line() {
        for src in [
            "$body = @\"\nsay \"hi\n\"@\naz ml batch-endpoint invoke --name e --input-path x\n",
            "$t = @'\r\nit's\r\n'@\r\naz ml batch-endpoint invoke --name e --input-path x\r\n",
            "$e = @'\n'@\naz ml batch-endpoint invoke --name e --input-path x\n",
        ] {
            let cmds = commands(src);
            let az = cmds.iter().find(|c| c.words[0].text == "az");
            assert!(az.is_some(), "{src:?}: {cmds:?}");
            assert_eq!(az.unwrap().words.len(), 8, "{src:?}");
        }
        let src = "$u = 'azureml:x:1'\n$b = @\"\n{\"Uri\": \"$u\", `\"q`\"}\n\"@\nInvoke-RestMethod -Body $b\n";
        let cmds = commands(src);
        assert_eq!(cmds.len(), 1, "{cmds:?}");
    }

    #[test]
    fn subexpressions_hold_commands() {
        let src = "$Job = $(az ml batch-endpoint invoke --name e `\n  --input x)\n$J=$(az ml batch-endpoint invoke -n e)\nWrite-Host \"$(az ml batch-endpoint invoke -n f)\"\n";
        let found = commands(src);
        let invokes: Vec<Vec<&str>> = found
            .iter()
            .map(texts)
            .filter(|words| words.first() == Some(&"az"))
            .collect();
        assert_eq!(
            invokes,
            [
                vec![
                    "az",
                    "ml",
                    "batch-endpoint",
                    "invoke",
                    "--name",
                    "e",
                    "--input",
                    "x"
                ],
                vec!["az", "ml", "batch-endpoint", "invoke", "-n", "e"],
                vec!["az", "ml", "batch-endpoint", "invoke", "-n", "f"],
            ]
        );
        let input = found
            .iter()
            .flat_map(|c| &c.words)
            .find(|w| w.text == "x")
            .unwrap();
        assert_eq!(&src[input.span.start..input.span.end], "x");
        // Nested past the bound: no stack spent on it, and an answer.
        let deep = format!("{}az{}", "$(".repeat(10_000), ")".repeat(10_000));
        let _ = commands(&deep);
    }

    #[test]
    fn double_quoted_escapes() {
        let src = "az x \"a`\"b\" \"c\"\"d\"\n";
        let cmds = commands(src);
        assert_eq!(texts(&cmds[0]), ["az", "x", "a\"b", "c\"d"]);
    }
}
