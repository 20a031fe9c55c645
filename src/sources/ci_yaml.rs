//! CI pipeline YAML: the shell scripts in GitHub Actions `run:`, Azure DevOps `script:`/`bash:`
//! and AzureCLI `inlineScript:`, and GitLab `script:` lists, blanked out of the YAML at their
//! place so that the shell front-end reports positions in the YAML file.

use crate::source::{SourceFile, Span};
use crate::sources::embedded::{blank_outside, neutralise_templates};
use crate::yaml::{Document, Kind, NodeRef, Style};

/// Keys whose string value is a shell script.
const SCRIPT_KEYS: &[&str] = &[
    "run",
    "script",
    "bash",
    "inlineScript",
    "before_script",
    "after_script",
];

/// The shell text of every script in a CI YAML file (the rest blanked), or `None` if it has none.
pub fn shell_text(file: &SourceFile, doc: &Document) -> Option<String> {
    let mut ranges = Vec::new();
    // Folded (`>`) and multi-line plain scalars: YAML joins their lines with spaces.
    let mut folded: Vec<Span> = Vec::new();
    let mut stack: Vec<NodeRef<'_>> = doc.root().into_iter().collect();
    // Iterative walk: no recursion, whatever the nesting.
    while let Some(node) = stack.pop() {
        match node.kind() {
            Kind::Mapping(_) => {
                for (key, value) in node.entries() {
                    if key.as_str().is_some_and(|k| SCRIPT_KEYS.contains(&k)) {
                        let scalars: Vec<NodeRef<'_>> = if value.is_sequence() {
                            value.items().collect()
                        } else {
                            vec![value]
                        };
                        for scalar in scalars {
                            let Some(range) = content_range(scalar) else {
                                continue;
                            };
                            ranges.push(range);
                            if matches!(scalar.as_scalar(), Some((_, Style::Folded | Style::Plain)))
                            {
                                folded.push(range);
                            }
                        }
                    } else {
                        stack.push(value);
                    }
                }
            }
            Kind::Sequence(_) => stack.extend(node.items()),
            _ => {}
        }
    }
    if ranges.is_empty() {
        return None;
    }
    let mut text = blank_outside(&file.text, &ranges);
    neutralise_templates(&mut text);
    // Joining folded lines keeps every byte offset: positions still come from the file's lines.
    let mut bytes = text.into_bytes();
    for range in folded {
        for b in &mut bytes[range.start..range.end.min(file.text.len())] {
            if *b == b'\n' || *b == b'\r' {
                *b = b' ';
            }
        }
    }
    String::from_utf8(bytes).ok()
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

    #[test]
    fn scripts_stay_at_their_place() {
        let text = "jobs:\n  j:\n    steps:\n      - run: |\n          az ml batch-endpoint invoke \\\n            --name e\n      - name: x\n        run: echo hi\n";
        let file = SourceFile::new("ci.yml", "ci.yml", text.to_string());
        let doc = Document::parse(&file);
        let shell = shell_text(&file, &doc).unwrap();
        assert_eq!(shell.len(), text.len());
        let at = text.find("az ml").unwrap();
        assert_eq!(&shell[at..at + 5], "az ml");
        assert!(shell.contains("echo hi"));
        assert!(!shell.contains("steps"));
    }
}
