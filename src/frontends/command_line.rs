//! The words of an `az ml batch-endpoint invoke` command → an [`Invocation`].
//!
//! Flags are matched the way argparse (which the Azure CLI uses, with abbreviations allowed)
//! matches them: an exact flag, else a unique prefix of one (`--f` → `--file`), else an ambiguous
//! prefix or an unknown flag. `--set` takes one or more `KEY=VALUE` items; `inputs.X.F=V` and
//! `outputs.X.F=V` items build the same inputs and outputs an inputs file does, with every name
//! and value pointing at its place in the command line.

use std::collections::HashMap;
use std::path::Path;

use crate::frontends::shell::{self, Command, Word};
use crate::model::command_line::{CommandLine, FlagMatch, FlagUse, SetItem};
use crate::model::{Direction, Field, Invocation, Io, IoValue, Origin, Value};
use crate::source::Span;
use crate::spec::cli::match_flag;

/// The `az ml batch-endpoint invoke` (or the legacy `az ml endpoint invoke --type batch`)
/// commands among `commands`, as invocations.
pub fn invocations(commands: &[Command], base_dir: &Path) -> Vec<Invocation> {
    commands
        .iter()
        .filter_map(|c| invocation(c, base_dir))
        .collect()
}

const PREFIX_KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "do", "while", "until", "!", "time", "{", "}", "exec", "command",
    "nohup", "sudo", "(",
];

/// Where the command itself starts: after `if`/`sudo`/`time`… and `NAME=value` assignments.
pub(crate) fn command_start(command: &Command) -> Option<usize> {
    command.words.iter().position(|w| {
        !(PREFIX_KEYWORDS.contains(&w.text.as_str()) || shell::assignment(w).is_some())
    })
}

fn invocation(command: &Command, base_dir: &Path) -> Option<Invocation> {
    let words = &command.words;
    let start = command_start(command)?;
    let words = &words[start..];
    // Every command of every script is asked: its first words are looked at where they are.
    let known = |i: usize| words.get(i).and_then(Word::known);
    let (legacy_command, args_from) = match (known(0), known(1), known(2), known(3)) {
        (Some("az"), Some("ml"), Some("batch-endpoint"), Some("invoke")) => (false, 4),
        (Some("az"), Some("ml"), Some("endpoint"), Some("invoke"))
            if words
                .windows(2)
                .any(|p| p[0].text == "--type" && p[1].text == "batch") =>
        {
            (true, 4)
        }
        _ => return None,
    };
    let mut line = CommandLine {
        command_span: Span::new(words[0].span.start, words[args_from - 1].span.end),
        assignment_with_spaces: command.assignment_with_spaces,
        legacy_command,
        ..CommandLine::default()
    };
    parse_arguments(&words[args_from..], &mut line);
    if legacy_command {
        // `--type batch` is part of the legacy command itself, reported with it.
        line.flags.retain(|f| f.written != "--type");
    }
    Some(build(line, base_dir))
}

fn parse_arguments(words: &[Word], line: &mut CommandLine) {
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        let Some(text) = word.known() else {
            // `$EXTRA_ARGS` where a flag belongs: what follows cannot be placed with certainty.
            if word.text.starts_with('$') || !word.text.starts_with('-') {
                line.incomplete = true;
            }
            continue;
        };
        if !looks_like_flag(text) {
            line.stray_words
                .push(Value::from_word_part(word, 0, word.text.len()));
            continue;
        }
        // `--flag=value`.
        let (name, inline_value) = match text.split_once('=') {
            Some((n, _)) if n.starts_with("--") => (n, Some(n.len() + 1)),
            _ => (text, None),
        };
        let matched = match_flag(name);
        let takes_value = match &matched {
            FlagMatch::Exact(f) | FlagMatch::Abbreviation(f) => f.takes_value,
            // Unknown flags usually take a value; skipping it keeps the rest in step.
            _ => i < words.len() && !looks_like_flag(&words[i].text),
        };
        let mut values = Vec::new();
        if let Some(at) = inline_value {
            values.push(Value::from_word_part(word, at, word.text.len()));
        } else if takes_value {
            let is_set = matches!(&matched, FlagMatch::Exact(f) | FlagMatch::Abbreviation(f) if f.long == "--set");
            // argparse's nargs='+' for `--set`: every following word that is not a flag.
            while i < words.len() && !(words[i].is_known() && looks_like_flag(&words[i].text)) {
                values.push(Value::from_word_part(&words[i], 0, words[i].text.len()));
                i += 1;
                if !is_set {
                    break;
                }
            }
            if is_set {
                collect_set_items(&words[i - values.len()..i], line);
            }
        }
        if inline_value.is_some()
            && matches!(&matched, FlagMatch::Exact(f) | FlagMatch::Abbreviation(f) if f.long == "--set")
        {
            let item_start = inline_value.unwrap_or(0);
            push_set_item(word, item_start, line);
        }
        line.flags.push(FlagUse {
            written: name.to_string(),
            span: word.source_span(0, name.len()),
            matched,
            values,
        });
    }
}

/// Whether argparse takes a word for an option: it starts with `-`, is not `-` alone, and is not
/// a negative number (the invoke parser has no option that looks like one, so `-2` is a value).
fn looks_like_flag(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('-') else {
        return false;
    };
    let negative_number = !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && rest.bytes().any(|b| b.is_ascii_digit());
    !rest.is_empty() && !negative_number
}

/// The words after one `--set`: `K=V` items, or the older `K V` pairs.
fn collect_set_items(words: &[Word], line: &mut CommandLine) {
    let mut j = 0;
    while j < words.len() {
        let word = &words[j];
        j += 1;
        let eq = word.text.find('=');
        if eq.is_some() || !word.is_known_range(0, word.text.len()) {
            push_set_item(word, 0, line);
            continue;
        }
        // `KEY VALUE` (no `=`): the older documentation's form; the next word is the value.
        let value_word = words
            .get(j)
            .filter(|w| !w.text.contains('=') || !w.is_known());
        if value_word.is_some() {
            j += 1;
        }
        line.set_items.push(SetItem {
            key: word.text.clone(),
            key_span: word.source_span(0, word.text.len()),
            value: value_word.map(|w| Value::from_word_part(w, 0, w.text.len())),
            has_equals: false,
            span: Span::new(
                word.span.start,
                value_word.map_or(word.span.end, |w| w.span.end),
            ),
        });
    }
}

fn push_set_item(word: &Word, from: usize, line: &mut CommandLine) {
    let text = &word.text[from..];
    let Some(eq) = text.find('=') else {
        line.set_items.push(SetItem {
            key: text.to_string(),
            key_span: word.source_span(from, word.text.len()),
            value: None,
            has_equals: false,
            span: word.span,
        });
        return;
    };
    if !word.is_known_range(from, from + eq) {
        return;
    }
    line.set_items.push(SetItem {
        key: text[..eq].to_string(),
        key_span: word.source_span(from, from + eq),
        value: Some(Value::from_word_part(word, from + eq + 1, word.text.len())),
        has_equals: true,
        span: word.span,
    });
}

/// Turn the parsed command line into the invocation model.
fn build(line: CommandLine, base_dir: &Path) -> Invocation {
    let mut inputs: Vec<Io> = Vec::new();
    let mut outputs: Vec<Io> = Vec::new();
    // Each name's place in its list: 50,000 items on one line stay linear.
    let mut input_at: HashMap<String, usize> = HashMap::new();
    let mut output_at: HashMap<String, usize> = HashMap::new();
    // The fields of each, gathered before they are shared (`Arc<[Field]>`).
    let mut input_fields: Vec<Vec<Field>> = Vec::new();
    let mut output_fields: Vec<Vec<Field>> = Vec::new();
    for item in &line.set_items {
        let mut parts = item.key.splitn(3, '.');
        let (direction, list, index, gathered) = match parts.next() {
            Some("inputs") => (
                Direction::Input,
                &mut inputs,
                &mut input_at,
                &mut input_fields,
            ),
            Some("outputs") => (
                Direction::Output,
                &mut outputs,
                &mut output_at,
                &mut output_fields,
            ),
            _ => continue,
        };
        let (Some(name), Some(field), Some(value)) = (parts.next(), parts.next(), &item.value)
        else {
            continue;
        };
        if name.is_empty() || field.is_empty() {
            continue;
        }
        let name_offset = item.key.find('.').map_or(0, |d| d + 1);
        let name_span = item.key_span.sub(name_offset, name_offset + name.len());
        let field_offset = name_offset + name.len() + 1;
        let field = Field {
            key: field.into(),
            key_span: item.key_span.sub(field_offset, item.key.len()),
            value: value.clone(),
        };
        match index.get(name).copied() {
            Some(i) => {
                if let Some(Io {
                    value: IoValue::Spec { span, .. },
                    ..
                }) = list.get_mut(i)
                {
                    *span = Span::new(span.start.min(item.span.start), span.end.max(item.span.end));
                }
                gathered[i].push(field);
            }
            None => {
                index.insert(name.to_string(), list.len());
                list.push(Io {
                    direction,
                    name: name.into(),
                    name_span,
                    value: IoValue::Spec {
                        span: item.span,
                        fields: std::sync::Arc::from([]),
                    },
                    from_flag: false,
                });
                gathered.push(vec![field]);
            }
        }
    }
    for (list, gathered) in [(&mut inputs, input_fields), (&mut outputs, output_fields)] {
        for (io, gathered) in list.iter_mut().zip(gathered) {
            if let IoValue::Spec { fields, .. } = &mut io.value {
                *fields = gathered.into();
            }
        }
    }
    // `--input PATH [--input-type T]`: the SDK's single `input=`.
    if let Some(input) = line.uses("--input").last() {
        let mut fields = Vec::new();
        if let Some(path) = input.values.first() {
            fields.push(Field {
                key: "path".into(),
                key_span: input.span,
                value: path.clone(),
            });
        }
        if let Some(ty) = line.uses("--input-type").last()
            && let Some(value) = ty.values.first()
        {
            fields.push(Field {
                key: "type".into(),
                key_span: ty.span,
                value: value.clone(),
            });
        }
        inputs.push(Io {
            direction: Direction::Input,
            name: "input".into(),
            name_span: input.span,
            value: IoValue::Spec {
                span: input.span,
                fields: fields.into(),
            },
            from_flag: true,
        });
    }
    // `--output-path`: the CLI turns it into a `uri_file` output on that path.
    if let Some(output) = line.uses("--output-path").last()
        && let Some(path) = output.values.first()
    {
        outputs.push(Io {
            direction: Direction::Output,
            name: "output-path".into(),
            name_span: output.span,
            value: IoValue::Spec {
                span: output.span,
                fields: vec![
                    Field {
                        key: "type".into(),
                        key_span: output.span,
                        value: Value::from_word("uri_file", output.span),
                    },
                    Field {
                        key: "path".into(),
                        key_span: output.span,
                        value: path.clone(),
                    },
                ]
                .into(),
            },
            from_flag: true,
        });
    }
    let inputs_anchor = line
        .set_items
        .iter()
        .find(|i| i.key.starts_with("inputs."))
        .map_or(Span::empty(line.command_span.start), |i| i.key_span);
    let mut v1_datasets = Vec::new();
    for f in &line.flags {
        if f.written == "--input-dataset" {
            v1_datasets.push(f.span);
        }
    }
    // `--set inputs.…` alone shows every input the job gets; `--file`, `--input` or `--inputs`
    // bring others amlint does not see here.
    let inputs_whole = !inputs.is_empty()
        && ["--file", "--input", "--inputs"]
            .iter()
            .all(|flag| line.value_of(flag).is_none());
    Invocation {
        inputs,
        outputs,
        inputs_anchor,
        outputs_anchor: Span::empty(line.command_span.start),
        experiment_name: line.value_of("--experiment-name").cloned(),
        deployment_name: line.value_of("--deployment-name").cloned(),
        endpoint_name: line.value_of("--name").cloned(),
        inputs_whole,
        v1_datasets,
        command: Some(line),
        ..Invocation::new(Origin::CommandLine, base_dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontends::shell::commands;

    fn parse(src: &str) -> Vec<Invocation> {
        invocations(&commands(src), Path::new("."))
    }

    #[test]
    fn only_batch_endpoint_invoke_is_picked() {
        let src = "az ml job create --set inputs.x.type=bad\naz ml batch-endpoint invoke -n e --input x\naz ml batch-endpoint show -n e\n";
        assert_eq!(parse(src).len(), 1);
    }

    #[test]
    fn set_items_build_inputs_with_spans_in_the_source() {
        let src = "az ml batch-endpoint invoke --name e \\\n  --set inputs.heart_data.type=\"uri_folder\" inputs.heart_data.path=azureml:h@latest \\\n  --set outputs.score.path=azureml://datastores/ws/paths/x\n";
        let inv = &parse(src)[0];
        assert_eq!(inv.inputs.len(), 1);
        let io = &inv.inputs[0];
        assert_eq!(&src[io.name_span.start..io.name_span.end], "heart_data");
        let ty = io.type_value().unwrap();
        assert_eq!(ty.text, "uri_folder");
        assert_eq!(&src[ty.span.start..ty.span.end], "uri_folder");
        assert_eq!(
            inv.outputs[0].path().unwrap().text,
            "azureml://datastores/ws/paths/x"
        );
    }

    #[test]
    fn space_separated_set_items_pair_up() {
        let inv = &parse(
            "az ml batch-endpoint invoke -n e --set inputs.d.type uri_folder inputs.d.path $P\n",
        )[0];
        let line = inv.command.as_ref().unwrap();
        assert_eq!(line.set_items.len(), 2);
        assert!(line.set_items.iter().all(|i| !i.has_equals));
        assert_eq!(inv.inputs[0].declared_type(), Some("uri_folder"));
        assert!(inv.inputs[0].path().is_none(), "$P is unknown");
    }

    #[test]
    fn flags_match_like_argparse() {
        assert!(matches!(match_flag("--f"), FlagMatch::Abbreviation(f) if f.long == "--file"));
        assert!(matches!(match_flag("--in"), FlagMatch::Ambiguous(_)));
        assert!(matches!(match_flag("-n"), FlagMatch::Exact(f) if f.long == "--name"));
        assert_eq!(match_flag("--no-wait"), FlagMatch::Unknown);
        assert_eq!(match_flag("--input-dataset"), FlagMatch::Legacy);
        assert!(matches!(match_flag("--input"), FlagMatch::Exact(_)));
    }

    #[test]
    fn input_flag_is_a_single_input() {
        let inv =
            &parse("az ml batch-endpoint invoke -n e --input data/x.csv --input-type uri_file\n")
                [0];
        assert_eq!(inv.inputs.len(), 1);
        assert!(inv.inputs[0].from_flag);
        assert_eq!(inv.inputs[0].declared_type(), Some("uri_file"));
    }
}
