//! A small shell lexer: finds the simple commands in shell text and splits them into words that
//! know where every byte came from.
//!
//! It understands what deploy scripts, CI steps and documentation write around
//! `az ml batch-endpoint invoke`: backslash-newline continuations, single and double quotes,
//! `$VAR`/`${VAR}`, `$(…)` and backticks (whose commands are lexed too), `;`, `&&`, `||`, `|`,
//! comments, redirections and here-documents. It is not a shell: a word that is (or contains) an
//! expansion amlint cannot know is marked *unknown* and never guessed at. Simple assignments made
//! earlier in the same script (`INPUT_PATH="azureml://…"`) are substituted when every part of them
//! is known and the variable is never given another value.
//!
//! The lexer works on the whole text of the file (other front-ends blank out what is not shell,
//! byte for byte), so every offset is an offset into the user's file.

// Keyed by names a file chooses, looked up for every name it uses: foldhash (seeded per run).
use foldhash::HashMap;

use crate::source::Span;
use crate::syntax::words::{Builder, Origins};

/// The shell front-end (its registry line is in `frontends/registry.rs`).
use crate::frontends::{Frontend, Language, posts_batch_jobs, read_command, rest};

pub static FRONTEND: Frontend = Frontend {
    language: Language::SHELL,
    names: &[
        "bash",
        "sh",
        "shell",
        "zsh",
        "azurecli",
        "azurecli-interactive",
        "azure-cli",
        "azcli",
        "console",
        "terminal",
        "shell-session",
        "shellsession",
        "sh-session",
        "bash-session",
    ],
    mentions: |text| {
        use crate::keywords::{Keyword::EndpointInvoke, REQUEST, scan_for};
        let found = scan_for(text, [&EndpointInvoke].into_iter().chain(REQUEST));
        found.has(EndpointInvoke) || found.mentions_request()
    },
    read: Some(|region, dir, sink| {
        let requests = posts_batch_jobs(&region.text).then_some(rest::curl_invocations as _);
        each_command(&region.text, region.indent, &mut |command| {
            read_command(region.place(command), dir, requests, sink)
        });
        Ok(())
    }),
};
pub use crate::syntax::words::{Command, Word};

/// Nested substitutions deeper than this are not lexed (they stay unknown words).
const MAX_NESTING: usize = 32;

/// Every simple command in a text, in source order of their ends (inner commands of a
/// substitution come before the command that holds them).
pub fn commands(text: &str) -> Vec<Command> {
    commands_indented(text, 0)
}

/// As [`commands`], for a script whose lines carry `indent` columns that its runner strips
/// before running it (a YAML block scalar): a here-document ends at its terminator after them.
pub fn commands_indented(text: &str, indent: usize) -> Vec<Command> {
    let mut out = Vec::new();
    each_command(text, indent, &mut |command| out.push(command));
    out
}

/// [`commands_indented`], each handed to `sink` as soon as the top-level command that holds it
/// ends: a script of 60,000 commands is never held whole (the commands inside a substitution
/// wait for the one holding it, which may mark them).
pub fn each_command(text: &str, indent: usize, sink: &mut dyn FnMut(Command)) {
    let mut lexer = Lexer {
        text,
        bytes: text.as_bytes(),
        vars: HashMap::default(),
        commands: Vec::new(),
        sent: 0,
        sink,
        indent,
    };
    lexer.lex(0, text.len(), 0);
    lexer.send();
}

/// A variable's value when it is known (with where it was written), or that it is not.
#[derive(Clone, Debug)]
enum Var {
    Known(String, Origins),
    Unknown,
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    vars: HashMap<String, Var>,
    /// The commands not yet handed to `sink` (those of the top-level command being read).
    commands: Vec<Command>,
    /// How many commands went to `sink` before `commands[0]`.
    sent: usize,
    sink: &'a mut dyn FnMut(Command),
    /// Columns of indentation the runner strips from each line (see [`commands_indented`]).
    indent: usize,
}

/// The words of the command being read.
#[derive(Default)]
struct CommandState {
    words: Vec<Word>,
    /// The next word is a redirection target, not an argument.
    skip_next_word: bool,
    /// Index of the first command lexed inside this one's substitutions.
    first_inner: usize,
}

impl CommandState {
    fn end_word(&mut self, word: &mut Builder) {
        if let Some(w) = word.take_word() {
            if self.skip_next_word {
                self.skip_next_word = false;
            } else {
                self.words.push(w);
            }
        }
    }

    /// The finished command's words and where its inner commands start; resets for the next.
    fn take(&mut self, next_inner: usize) -> (Vec<Word>, usize) {
        let taken = (std::mem::take(&mut self.words), self.first_inner);
        self.skip_next_word = false;
        self.first_inner = next_inner;
        taken
    }
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_name(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `NAME=…` → (name, offset of the value in the cooked text).
pub fn assignment(word: &Word) -> Option<(&str, usize)> {
    // The name's bytes, then `=` (every word of a script is asked: most stop at their first).
    let b = word.text.as_bytes();
    let eq = b.iter().position(|&c| !is_name(c))?;
    (eq > 0 && b[eq] == b'=' && is_name_start(b[0]) && word.is_known_range(0, eq))
        .then_some((&word.text[..eq], eq + 1))
}

impl<'a> Lexer<'a> {
    /// How many commands were read so far.
    fn count(&self) -> usize {
        self.sent + self.commands.len()
    }

    /// Hand the commands read so far to the sink.
    fn send(&mut self) {
        self.sent += self.commands.len();
        for command in self.commands.drain(..) {
            (self.sink)(command);
        }
    }

    fn lex(&mut self, start: usize, end: usize, depth: usize) {
        let mut pos = start;
        let mut state = CommandState {
            first_inner: self.count(),
            ..CommandState::default()
        };
        let mut word = Builder::default();
        let mut heredocs: Vec<(String, bool)> = Vec::new();
        macro_rules! end_word {
            () => {
                state.end_word(&mut word)
            };
        }
        macro_rules! end_command {
            () => {{
                state.end_word(&mut word);
                let (words, first_inner) = state.take(self.count());
                self.finish_command(words, first_inner);
                if depth == 0 {
                    self.send();
                }
            }};
        }
        while pos < end {
            let c = self.bytes[pos];
            match c {
                b'\\' => {
                    let next = self.bytes.get(pos + 1).copied();
                    if next == Some(b'\n') {
                        pos += 2;
                    } else if next == Some(b'\r') && self.bytes.get(pos + 2) == Some(&b'\n') {
                        pos += 3;
                    } else if pos + 1 < end {
                        let len = self.char_len(pos + 1);
                        let s = &self.text[pos + 1..pos + 1 + len];
                        word.touch(pos, pos + 1);
                        word.push_str(s, pos + 1);
                        pos += 1 + len;
                    } else {
                        pos += 1;
                    }
                }
                b' ' | b'\t' | b'\r' => {
                    end_word!();
                    pos += 1;
                }
                b'\n' => {
                    end_command!();
                    pos += 1;
                    for (delimiter, strip_tabs) in heredocs.drain(..) {
                        pos = self.skip_heredoc(pos, end, &delimiter, strip_tabs);
                    }
                }
                b'#' if word.start.is_none() => {
                    while pos < end && self.bytes[pos] != b'\n' {
                        pos += 1;
                    }
                }
                b';' | b'&' | b'|' => {
                    end_command!();
                    pos += 1;
                    if pos < end && matches!(self.bytes[pos], b';' | b'&' | b'|') {
                        pos += 1;
                    }
                }
                b'(' | b')' if word.start.is_none() => {
                    end_command!();
                    pos += 1;
                }
                // `<endpoint-name>`: a documentation placeholder, not a redirection.
                b'<' if self.placeholder_end(pos, end).is_some() => {
                    let stop = self.placeholder_end(pos, end).unwrap_or(end);
                    word.push_unknown(&self.text[pos..stop], pos);
                    pos = stop;
                }
                b'<' | b'>' => {
                    // A file descriptor number before the operator (`2>&1`) is not a word.
                    if !word.text.is_empty() && word.text.iter().all(u8::is_ascii_digit) {
                        word.clear();
                    } else {
                        end_word!();
                    }
                    if c == b'<'
                        && self.bytes.get(pos + 1) == Some(&b'<')
                        && self.bytes.get(pos + 2) != Some(&b'<')
                    {
                        pos += 2;
                        let strip_tabs = self.bytes.get(pos) == Some(&b'-');
                        if strip_tabs {
                            pos += 1;
                        }
                        while pos < end && matches!(self.bytes[pos], b' ' | b'\t') {
                            pos += 1;
                        }
                        let delim_start = pos;
                        while pos < end
                            && !matches!(
                                self.bytes[pos],
                                b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>'
                            )
                        {
                            pos += 1;
                        }
                        let delimiter: String = self.text[delim_start..pos]
                            .chars()
                            .filter(|c| !matches!(c, '\'' | '"' | '\\'))
                            .collect();
                        if !delimiter.is_empty() {
                            heredocs.push((delimiter, strip_tabs));
                        }
                        continue;
                    }
                    pos += 1;
                    while pos < end && matches!(self.bytes[pos], b'<' | b'>' | b'&' | b'|') {
                        pos += 1;
                    }
                    // `>&2`, `2>&1`: the target is a descriptor; `> file`: skip the file word.
                    if pos < end && self.bytes[pos].is_ascii_digit() && self.bytes[pos - 1] == b'&'
                    {
                        while pos < end && self.bytes[pos].is_ascii_digit() {
                            pos += 1;
                        }
                    } else {
                        state.skip_next_word = true;
                    }
                }
                b'\'' => {
                    word.touch(pos, pos + 1);
                    let close = self.find_byte(pos + 1, end, b'\'');
                    let stop = close.unwrap_or(end);
                    word.push_str(&self.text[pos + 1..stop], pos + 1);
                    word.touch(pos, (stop + 1).min(end));
                    pos = (stop + 1).min(end);
                }
                b'"' => {
                    word.touch(pos, pos + 1);
                    pos = self.double_quoted(pos + 1, end, &mut word, depth);
                }
                b'$' => {
                    pos = self.dollar(pos, end, &mut word, depth, false);
                }
                b'`' => {
                    pos = self.backtick(pos, end, &mut word, depth);
                }
                _ => {
                    // The rest of a plain stretch in one go (`(`, `)` and `#` are plain inside
                    // a word).
                    let stop = self.run_end(pos + self.char_len(pos), end, |b| {
                        matches!(
                            b,
                            b'\\'
                                | b' '
                                | b'\t'
                                | b'\r'
                                | b'\n'
                                | b';'
                                | b'&'
                                | b'|'
                                | b'<'
                                | b'>'
                                | b'\''
                                | b'"'
                                | b'$'
                                | b'`'
                        )
                    });
                    word.push_str(&self.text[pos..stop], pos);
                    pos = stop;
                }
            }
        }
        end_command!();
    }

    /// The end of `<name>` at `pos` (a letter first, no blanks or brackets inside), if it is one.
    fn placeholder_end(&self, pos: usize, end: usize) -> Option<usize> {
        let first = *self.bytes.get(pos + 1)?;
        if !first.is_ascii_alphabetic() {
            return None;
        }
        let mut at = pos + 1;
        while at < end {
            match self.bytes[at] {
                b'>' => return Some(at + 1),
                b' ' | b'\t' | b'\n' | b'<' | b';' | b'|' | b'&' | b'(' | b')' => return None,
                _ => at += 1,
            }
        }
        None
    }

    fn char_len(&self, pos: usize) -> usize {
        self.text[pos..].chars().next().map_or(1, char::len_utf8)
    }

    /// The first position from `from` (at most `end`) whose byte is `special`: the end of a
    /// stretch that is copied as it is. Special bytes are ASCII, so it is a character boundary.
    fn run_end(&self, from: usize, end: usize, special: impl Fn(u8) -> bool) -> usize {
        let from = from.min(end);
        self.bytes[from..end]
            .iter()
            .position(|&b| special(b))
            .map_or(end, |i| from + i)
    }

    /// The first `byte` from `from` (before `end`), if there is one.
    fn find_byte(&self, from: usize, end: usize, byte: u8) -> Option<usize> {
        let at = self.run_end(from, end, |b| b == byte);
        (at < end).then_some(at)
    }

    fn skip_heredoc(&self, mut pos: usize, end: usize, delimiter: &str, strip_tabs: bool) -> usize {
        while pos < end {
            let line_end = self.find_byte(pos, end, b'\n').unwrap_or(end);
            let line = self.text[pos..line_end].trim_end_matches('\r');
            let indent = line
                .bytes()
                .take(self.indent)
                .take_while(|&b| b == b' ')
                .count();
            let line = &line[indent..];
            let line = if strip_tabs {
                line.trim_start_matches('\t')
            } else {
                line
            };
            pos = (line_end + 1).min(end);
            if line == delimiter {
                break;
            }
        }
        pos
    }

    /// Inside `"…"`, from just after the opening quote; returns the position after the closing one.
    fn double_quoted(
        &mut self,
        mut pos: usize,
        end: usize,
        word: &mut Builder,
        depth: usize,
    ) -> usize {
        while pos < end {
            match self.bytes[pos] {
                b'"' => {
                    word.touch(pos, pos + 1);
                    return pos + 1;
                }
                b'\\' if pos + 1 < end => {
                    let next = self.bytes[pos + 1];
                    if next == b'\n' {
                        pos += 2;
                    } else if matches!(next, b'$' | b'`' | b'"' | b'\\') {
                        word.push(next, pos + 1);
                        pos += 2;
                    } else {
                        word.push(b'\\', pos);
                        pos += 1;
                    }
                }
                b'$' => pos = self.dollar(pos, end, word, depth, true),
                b'`' => pos = self.backtick(pos, end, word, depth),
                _ => {
                    let stop = self.run_end(pos + self.char_len(pos), end, |b| {
                        matches!(b, b'"' | b'\\' | b'$' | b'`')
                    });
                    word.push_str(&self.text[pos..stop], pos);
                    pos = stop;
                }
            }
        }
        end
    }

    /// A `$` expansion at `pos`; returns the position after it.
    fn dollar(
        &mut self,
        pos: usize,
        end: usize,
        word: &mut Builder,
        depth: usize,
        quoted: bool,
    ) -> usize {
        let next = self.bytes.get(pos + 1).copied().filter(|_| pos + 1 < end);
        match next {
            Some(b'(') => {
                let arithmetic = self.bytes.get(pos + 2) == Some(&b'(');
                let close = self.matching(pos + 1, end, b'(', b')');
                let stop = close.map_or(end, |c| c + 1);
                if !arithmetic && depth < MAX_NESTING {
                    self.lex(pos + 2, close.unwrap_or(end), depth + 1);
                }
                word.push_unknown(&self.text[pos..stop], pos);
                stop
            }
            Some(b'{') => {
                let close = self.matching(pos + 1, end, b'{', b'}');
                let stop = close.map_or(end, |c| c + 1);
                let inner = &self.text[pos + 2..close.unwrap_or(end)];
                let token = Span::new(pos, stop);
                if !inner.is_empty()
                    && inner.bytes().all(is_name)
                    && is_name_start(inner.as_bytes()[0])
                {
                    self.variable(inner, token, word, quoted);
                } else {
                    word.push_unknown(&self.text[pos..stop], pos);
                }
                stop
            }
            Some(b) if is_name_start(b) => {
                let mut stop = pos + 1;
                while stop < end && is_name(self.bytes[stop]) {
                    stop += 1;
                }
                let name = &self.text[pos + 1..stop];
                self.variable(name, Span::new(pos, stop), word, quoted);
                stop
            }
            Some(b)
                if b.is_ascii_digit()
                    || matches!(b, b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-') =>
            {
                word.push_unknown(&self.text[pos..pos + 2], pos);
                pos + 2
            }
            Some(b'\'') if !quoted => {
                // $'…' (ANSI-C quoting): its escapes are not worth interpreting; unknown.
                let close = self.find_byte(pos + 2, end, b'\'').map_or(end, |c| c + 1);
                word.push_unknown(&self.text[pos..close], pos);
                close
            }
            _ => {
                word.push(b'$', pos);
                pos + 1
            }
        }
    }

    fn variable(&self, name: &str, token: Span, word: &mut Builder, quoted: bool) {
        match self.vars.get(name) {
            // Unquoted, a value with blanks or glob characters is split into several words (or
            // expanded) by the shell; amlint does not imitate that, so it stays unknown.
            Some(Var::Known(value, origins))
                if quoted || !value.contains([' ', '\t', '\n', '*', '?', '[']) =>
            {
                word.push_resolved(value, token, origins.clone())
            }
            _ => word.push_unknown(&self.text[token.start..token.end], token.start),
        }
    }

    fn backtick(&mut self, pos: usize, end: usize, word: &mut Builder, depth: usize) -> usize {
        let close = self.find_byte(pos + 1, end, b'`');
        let stop = close.map_or(end, |c| c + 1);
        if depth < MAX_NESTING {
            self.lex(pos + 1, close.unwrap_or(end), depth + 1);
        }
        word.push_unknown(&self.text[pos..stop], pos);
        stop
    }

    /// The position of the bracket closing the one at `open_at`, across quotes and nesting.
    fn matching(&self, open_at: usize, end: usize, open: u8, close: u8) -> Option<usize> {
        let mut level = 0usize;
        let mut pos = open_at;
        let mut in_single = false;
        let mut in_double = false;
        while pos < end {
            let b = self.bytes[pos];
            match b {
                b'\\' if !in_single => pos += 1,
                b'\'' if !in_double => in_single = !in_single,
                b'"' if !in_single => in_double = !in_double,
                _ if in_single || in_double => {}
                _ if b == open => level += 1,
                _ if b == close => {
                    level -= 1;
                    if level == 0 {
                        return Some(pos);
                    }
                }
                _ => {}
            }
            pos += 1;
        }
        None
    }

    fn finish_command(&mut self, words: Vec<Word>, first_inner: usize) {
        if words.is_empty() {
            return;
        }
        // `NAME = value` / `NAME =value` / `NAME= value`: the shell runs a command called NAME (or
        // assigns nothing), so a job name is never captured.
        let spaced = match words.as_slice() {
            [name, eq, ..] if is_plain_name(name) && eq.text.starts_with('=') => {
                let value_start = if eq.text == "=" {
                    words.get(2).map_or(eq.span.end, |w| w.span.start)
                } else {
                    eq.span.start + 1
                };
                Some(Span::new(name.span.end, value_start))
            }
            [first, value, ..]
                if first.text.ends_with('=')
                    && is_plain_name_text(&first.text[..first.text.len() - 1])
                    && first.is_known() =>
            {
                Some(Span::new(first.span.end - 1, value.span.start))
            }
            _ => None,
        };
        if let Some(span) = spaced {
            let first = first_inner
                .saturating_sub(self.sent)
                .min(self.commands.len());
            for inner in &mut self.commands[first..] {
                inner.assignment_with_spaces.get_or_insert(span);
            }
        }
        self.record_assignments(&words);
        self.commands.push(Command {
            words,
            assignment_with_spaces: None,
        });
    }

    /// `NAME=value …` with nothing else on the command (optionally after `export`/`local`/
    /// `readonly`/`declare`): remember the value when it is fully known and never changes.
    fn record_assignments(&mut self, words: &[Word]) {
        let mut rest = words;
        if let Some(first) = rest.first()
            && matches!(
                first.text.as_str(),
                "export" | "local" | "readonly" | "declare" | "typeset"
            )
        {
            rest = &rest[1..];
            while rest.first().is_some_and(|w| w.text.starts_with('-')) {
                rest = &rest[1..];
            }
        }
        let assignments: Vec<(&str, usize, &Word)> = rest
            .iter()
            .map_while(|w| assignment(w).map(|(n, v)| (n, v, w)))
            .collect();
        if assignments.len() != rest.len() {
            // `NAME=v cmd …` sets NAME for cmd only; `read NAME`, `for NAME in`: unknowable.
            for w in rest {
                if let Some((name, _)) = assignment(w) {
                    self.vars.entry(name.to_string()).or_insert(Var::Unknown);
                }
            }
            if let [keyword, name, ..] = words
                && matches!(keyword.text.as_str(), "read" | "for" | "select")
            {
                self.vars.insert(name.text.clone(), Var::Unknown);
            }
            return;
        }
        for (name, value_at, word) in assignments {
            let new = if word.is_known_range(value_at, word.text.len()) {
                let origins = word.origins(value_at, word.text.len());
                Var::Known(word.text[value_at..].to_string(), Origins::from(origins))
            } else {
                Var::Unknown
            };
            let merged = match self.vars.get(name) {
                None => new,
                // The same value again: both places hold it.
                Some(Var::Known(old, before)) => match new {
                    Var::Known(value, origins) if value == *old => Var::Known(
                        value,
                        before.iter().chain(origins.iter()).copied().collect(),
                    ),
                    _ => Var::Unknown,
                },
                Some(Var::Unknown) => Var::Unknown,
            };
            self.vars.insert(name.to_string(), merged);
        }
    }
}

fn is_plain_name_text(text: &str) -> bool {
    let b = text.as_bytes();
    !b.is_empty() && is_name_start(b[0]) && b.iter().all(|&c| is_name(c))
}

fn is_plain_name(word: &Word) -> bool {
    word.is_known() && is_plain_name_text(&word.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(cmd: &Command) -> Vec<&str> {
        cmd.words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn continuations_quotes_and_comments() {
        let src = "az ml batch-endpoint invoke --name \"my ep\" \\\n  --set 'inputs.a.type=uri_folder' # trailing\n";
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
                "my ep",
                "--set",
                "inputs.a.type=uri_folder"
            ]
        );
        let set = &cmds[0].words[7];
        let span = set.source_span(14, 24);
        assert_eq!(&src[span.start..span.end], "uri_folder");
    }

    #[test]
    fn variables_resolve_only_when_known_and_stable() {
        let src = "DATA=\"azureml://datastores/ws/paths/x\"\nOTHER=$RANDOM_THING/y\nazc --input $DATA --other $OTHER --env $HOME\n";
        let cmds = commands(src);
        let last = cmds.last().unwrap();
        assert_eq!(
            last.words[2].known(),
            Some("azureml://datastores/ws/paths/x")
        );
        assert!(!last.words[4].is_known());
        assert!(!last.words[6].is_known());
        let span = last.words[2].source_span(0, 5);
        assert_eq!(&src[span.start..span.end], "$DATA");
    }

    #[test]
    fn unquoted_values_with_blanks_are_not_guessed() {
        let cmds = commands("W=\"--resource-group rg --workspace-name ws\"\naz x $W \"$W\"\n");
        let last = cmds.last().unwrap();
        assert!(!last.words[2].is_known());
        assert_eq!(
            last.words[3].known(),
            Some("--resource-group rg --workspace-name ws")
        );
    }

    #[test]
    fn reassigned_variables_become_unknown() {
        let cmds = commands("X=a\nX=b\necho $X\n");
        assert!(!cmds.last().unwrap().words[1].is_known());
    }

    #[test]
    fn command_substitutions_are_lexed_and_spaced_assignments_noticed() {
        let src = "JOB_NAME = $(az ml batch-endpoint invoke --name e --query name -o tsv)\nOK=$(az ml x)\n";
        let cmds = commands(src);
        let invoke = cmds
            .iter()
            .find(|c| c.words.len() > 3 && c.words[3].text == "invoke")
            .unwrap();
        let span = invoke.assignment_with_spaces.expect("spaced assignment");
        assert_eq!(&src[span.start..span.end], " = ");
        let ok = cmds.iter().find(|c| texts(c) == ["az", "ml", "x"]).unwrap();
        assert!(ok.assignment_with_spaces.is_none());
    }

    #[test]
    fn operators_split_commands_and_redirections_are_dropped() {
        let cmds = commands("a 1 && b 2 || { c 3; } > out.txt 2>&1 | d\n");
        let all: Vec<Vec<&str>> = cmds.iter().map(texts).collect();
        assert!(all.contains(&vec!["a", "1"]));
        assert!(all.contains(&vec!["b", "2"]));
        assert!(all.contains(&vec!["{", "c", "3"]));
        assert!(all.iter().all(|c| !c.contains(&"out.txt")));
    }

    #[test]
    fn documentation_placeholders_are_unknown_words_not_redirections() {
        let cmds = commands("az x --name <endpoint-name> --input <data-path> < real.txt\n");
        let texts = texts(&cmds[0]);
        assert_eq!(
            texts,
            [
                "az",
                "x",
                "--name",
                "<endpoint-name>",
                "--input",
                "<data-path>"
            ]
        );
        assert!(!cmds[0].words[3].is_known());
    }

    #[test]
    fn heredoc_bodies_are_not_commands() {
        let cmds =
            commands("cat <<EOF > x.sh\naz ml batch-endpoint invoke --bad\nEOF\necho done\n");
        let all: Vec<Vec<&str>> = cmds.iter().map(texts).collect();
        assert_eq!(all, vec![vec!["cat"], vec!["echo", "done"]]);
    }

    #[test]
    fn unterminated_quotes_do_not_hang_or_panic() {
        for src in [
            "echo \"abc",
            "echo 'abc",
            "echo $(abc",
            "echo ${abc",
            "echo `abc",
            "x \\",
        ] {
            let _ = commands(src);
        }
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let src = "$(".repeat(10_000);
        let _ = commands(&src);
    }
}
