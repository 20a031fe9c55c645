//! CI pipeline YAML, a container: the scripts of GitHub Actions `run:` steps (`shell: pwsh` or
//! `python` ones too), Azure DevOps `script:`/`bash:`/`powershell:`/`pwsh:` steps, AzureCLI
//! `inlineScript:` (by its `scriptType`), `PowerShell@2`/`AzurePowerShell@5` inline scripts, and
//! GitLab `script:` lists — each a region in its language, blanked out of the YAML at its place
//! so that positions are the YAML file's.

use std::collections::BTreeMap;

use crate::frontends::embedded::neutralise_templates;
use crate::frontends::{Language, Region, registry};
use crate::source::Span;
use crate::syntax::yaml::{Document, Kind, NodeRef, Style};

/// Keys whose string value is a script, in the language of their step.
const SCRIPT_KEYS: &[&str] = &[
    "run",
    "script",
    "bash",
    "powershell",
    "pwsh",
    "inlineScript",
    "Inline",
    "before_script",
    "after_script",
];

/// The language of the script under `key` in `step` (the mapping that holds it), if amlint
/// reads it. `task` is the Azure DevOps task whose `inputs:` `step` is, if any.
fn language(key: &str, step: NodeRef<'_>, task: Option<&str>) -> Option<Language> {
    let sibling = |name: &str| {
        step.get(name)
            .and_then(|v| v.as_str())
            .map(str::to_ascii_lowercase)
    };
    let task = task.map(str::to_ascii_lowercase).unwrap_or_default();
    match key {
        "powershell" | "pwsh" | "Inline" => Some(Language::POWERSHELL),
        "inlineScript" => match sibling("scriptType").as_deref() {
            Some("ps" | "pscore" | "powershell") => Some(Language::POWERSHELL),
            Some("batch") => None,
            _ => Some(Language::SHELL),
        },
        "script" if task.starts_with("powershell@") || task.starts_with("azurepowershell@") => {
            Some(Language::POWERSHELL)
        }
        "run" => match sibling("shell").as_deref() {
            Some(s) if s.starts_with("pwsh") || s.starts_with("powershell") => {
                Some(Language::POWERSHELL)
            }
            Some(s) if s.starts_with("python") => Some(Language::PYTHON),
            Some(s) if s.starts_with("cmd") => None,
            _ => Some(Language::SHELL),
        },
        _ => Some(Language::SHELL),
    }
}

/// The scripts of one language and indentation: one region.
struct Scripts {
    language: Language,
    ranges: Vec<Span>,
    /// Folded (`>`) and multi-line plain scalars: YAML joins their lines with spaces.
    folded: Vec<Span>,
}

/// The script regions of a CI YAML text (`text` is the file's, or a Markdown block's blanked
/// to the file's length), grouped by language and indentation.
pub fn regions(text: &str, doc: &Document) -> Vec<Region<'static>> {
    let mut groups: BTreeMap<(usize, usize), Scripts> = BTreeMap::new();
    let mut stack: Vec<(NodeRef<'_>, Option<&str>)> =
        doc.root().into_iter().map(|r| (r, None)).collect();
    // Iterative walk: no recursion, whatever the nesting.
    while let Some((node, task)) = stack.pop() {
        match node.kind() {
            Kind::Mapping => {
                let own_task = node.get("task").and_then(|t| t.as_str());
                for (key, value) in node.entries() {
                    let name = key.as_str().unwrap_or("");
                    if !SCRIPT_KEYS.contains(&name) {
                        let child_task = if name == "inputs" { own_task } else { None };
                        stack.push((value, child_task));
                        continue;
                    }
                    let Some(language) = language(name, node, task) else {
                        continue;
                    };
                    let scalars: Vec<NodeRef<'_>> = if value.is_sequence() {
                        value.items().collect()
                    } else {
                        vec![value]
                    };
                    for scalar in scalars {
                        let Some(range) = content_range(scalar) else {
                            continue;
                        };
                        let folded =
                            matches!(scalar.as_scalar(), Some((_, Style::Folded | Style::Plain)));
                        let block = matches!(
                            scalar.as_scalar(),
                            Some((_, Style::Literal | Style::Folded))
                        );
                        let indent = if block { indentation(text, range) } else { 0 };
                        let group = groups
                            .entry((registry::rank(language), indent))
                            .or_insert_with(|| Scripts {
                                language,
                                ranges: Vec::new(),
                                folded: Vec::new(),
                            });
                        group.ranges.push(range);
                        if folded {
                            group.folded.push(range);
                        }
                    }
                }
            }
            Kind::Sequence => stack.extend(node.items().map(|i| (i, task))),
            _ => {}
        }
    }
    groups
        .into_iter()
        .map(
            |(
                (_, indent),
                Scripts {
                    language,
                    ranges,
                    folded,
                },
            )| {
                let mut region = Region::blanked(language, text, &ranges);
                let script = region.text.to_mut();
                neutralise_templates(script);
                // Joining folded lines keeps every byte offset: positions still come from the lines.
                let mut bytes = std::mem::take(script).into_bytes();
                for range in folded {
                    for b in &mut bytes[range.start..range.end.min(text.len())] {
                        if *b == b'\n' || *b == b'\r' {
                            *b = b' ';
                        }
                    }
                }
                *script = String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
                region.indent = indent;
                region
            },
        )
        .collect()
}

/// The indentation of a block scalar: the leading spaces of its first non-empty line.
fn indentation(text: &str, range: Span) -> usize {
    let line_start = text[..range.start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    text[line_start..range.end.min(text.len())]
        .split('\n')
        .find(|l| !l.trim().is_empty())
        .map_or(0, |l| l.len() - l.trim_start_matches(' ').len())
}

/// Where the text of a string scalar is written: inside the quotes of a quoted one, the span of
/// the others (the parser's span of a block scalar starts at its first content line).
fn content_range(node: NodeRef<'_>) -> Option<Span> {
    if node.resolved().span() != node.span() {
        return None; // an alias: its text is written elsewhere
    }
    let (_, style) = node.as_scalar()?;
    let span = node.span();
    match style {
        Style::SingleQuoted | Style::DoubleQuoted => Some(Span::new(
            span.start + 1,
            span.end.saturating_sub(1).max(span.start + 1),
        )),
        Style::Plain | Style::Literal | Style::Folded => Some(span),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn scripts_stay_at_their_place() {
        let text = "jobs:\n  j:\n    steps:\n      - run: |\n          az ml batch-endpoint invoke \\\n            --name e\n      - name: x\n        run: echo hi\n";
        let file = SourceFile::new("ci.yml", "ci.yml", text.to_string());
        let doc = Document::parse(&file);
        let regions = regions(&file.text, &doc);
        assert_eq!(regions.len(), 2, "two indentations");
        let shell: String = regions[0]
            .text
            .bytes()
            .zip(regions[1].text.bytes())
            .map(|(a, b)| char::from(if a == b' ' { b } else { a }))
            .collect();
        assert_eq!(shell.len(), text.len());
        let at = text.find("az ml").unwrap();
        assert_eq!(&shell[at..at + 5], "az ml");
        assert!(shell.contains("echo hi"));
        assert!(!shell.contains("steps"));
    }
}

#[cfg(test)]
mod language_tests {
    use super::*;

    fn languages(text: &str) -> Vec<Language> {
        let doc = Document::parse_str(text);
        let mut found: Vec<Language> = regions(text, &doc).iter().map(|r| r.language).collect();
        found.dedup();
        found
    }

    #[test]
    fn each_step_kind_has_its_language() {
        assert_eq!(
            languages("steps:\n- pwsh: az x\n- bash: az y\n"),
            [Language::SHELL, Language::POWERSHELL]
        );
        assert_eq!(
            languages(
                "steps:\n- task: AzureCLI@2\n  inputs:\n    scriptType: pscore\n    inlineScript: az x\n"
            ),
            [Language::POWERSHELL]
        );
        assert_eq!(
            languages(
                "steps:\n- task: PowerShell@2\n  inputs:\n    targetType: inline\n    script: az x\n"
            ),
            [Language::POWERSHELL]
        );
        assert_eq!(
            languages("jobs:\n  j:\n    steps:\n      - shell: pwsh\n        run: az x\n"),
            [Language::POWERSHELL]
        );
    }

    #[test]
    fn block_scalars_know_their_indentation() {
        let text = "steps:\n  - run: |\n      cat > f <<EOF\n      x\n      EOF\n";
        let doc = Document::parse_str(text);
        let regions = regions(text, &doc);
        assert_eq!(regions[0].indent, 6);
    }
}
