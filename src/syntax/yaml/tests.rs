//! The YAML tree's tests: spans, styles, duplicate keys, aliases, nesting and node size.

use super::*;

fn parse(text: &str) -> (SourceFile, Document) {
    let file = SourceFile::new("t.yml", "t.yml", text.to_string());
    let doc = Document::parse(&file);
    (file, doc)
}

/// A dense file holds a node every two bytes (`[1,1,…]`): a node's size is the tree's.
#[test]
fn a_node_is_twenty_bytes() {
    assert_eq!(std::mem::size_of::<Node>(), 20);
}

/// Scalars read from the text, between their quotes, or decoded when escapes or folding
/// change them; each key and value keeps its span.
#[test]
fn scalar_values_are_read_where_they_are_written() {
    let text = "a: plain\n'b': 'it''s'\nc: \"x\\ty\"\nd: >\n  one\n  two\ne: [1, \"2\"]\n";
    let (file, doc) = parse(text);
    let root = doc.root().unwrap();
    let got: Vec<(String, String)> = root
        .entries()
        .map(|(k, v)| {
            (
                file.slice(k.span()).to_string(),
                v.as_str().unwrap_or("[..]").to_string(),
            )
        })
        .collect();
    let want = [
        ("a", "plain"),
        ("'b'", "it's"),
        ("c", "x\ty"),
        ("d", "one two\n"),
        ("e", "[..]"),
    ];
    assert_eq!(
        got,
        want.map(|(k, v)| (k.to_string(), v.to_string())).to_vec()
    );
    assert_eq!(root.get("b").unwrap().as_str(), Some("it's"));
    let items: Vec<&str> = root
        .get("e")
        .unwrap()
        .items()
        .filter_map(|i| i.as_str())
        .collect();
    assert_eq!(items, ["1", "2"]);
}

#[test]
fn keys_and_values_carry_exact_spans() {
    let (file, doc) = parse("inputs:\n  heart-data:\n    type: uri_folder\n");
    let root = doc.root().unwrap();
    let (key, inputs) = root.get_entry("inputs").unwrap();
    assert_eq!(file.slice(key.span()), "inputs");
    let (name, spec) = inputs.entries().next().unwrap();
    assert_eq!(file.slice(name.span()), "heart-data");
    assert_eq!(file.line_col(name.span().start).column, 3);
    let ty = spec.get("type").unwrap();
    assert_eq!(file.slice(ty.span()), "uri_folder");
}

#[test]
fn quoted_scalars_keep_their_style() {
    let (_, doc) = parse("a: no\nb: \"no\"\nc: 'no'\n");
    let root = doc.root().unwrap();
    assert_eq!(root.get("a").unwrap().as_scalar().unwrap().1, Style::Plain);
    assert_eq!(
        root.get("b").unwrap().as_scalar().unwrap().1,
        Style::DoubleQuoted
    );
    assert_eq!(root.get("a").unwrap().yaml11(), yaml11::Value::Bool(false));
    assert_eq!(root.get("c").unwrap().yaml11(), yaml11::Value::Str);
}

#[test]
fn duplicate_keys_are_reported_and_the_last_wins() {
    let (file, doc) = parse("a: 1\nb: 2\na: 3\n");
    let dups: Vec<Duplicate<'_>> = doc.duplicates().collect();
    assert_eq!(dups.len(), 1);
    let dup = &dups[0];
    assert_eq!(file.line_col(dup.first.start).line, 1);
    assert_eq!(file.line_col(dup.second.start).line, 3);
    assert_eq!(doc.root().unwrap().get("a").unwrap().as_str(), Some("3"));
}

/// Small mappings compare keys one by one, large ones through a table: both find every
/// repeated key, against its first occurrence, and tell `1` from `"1"`.
#[test]
fn duplicate_keys_are_found_in_small_and_large_mappings() {
    for keys in [3, FEW_KEYS, FEW_KEYS + 1, 40] {
        let mut text = String::from("1: int\n");
        for i in 0..keys {
            text.push_str(&format!("k{i}: v\n"));
        }
        // The first key again, a string `1` (not a duplicate of the integer), the integer
        // again, and every key once more.
        text.push_str("k0: again\n'1': str\n1: int again\n");
        for i in 0..keys {
            text.push_str(&format!("k{i}: again\n"));
        }
        let (file, doc) = parse(&text);
        let found: Vec<(String, usize, usize)> = doc
            .duplicates()
            .map(|d| {
                let line = |span: Span| file.line_col(span.start).line;
                (d.key.to_string(), line(d.first), line(d.second))
            })
            .collect();
        let mut expected = vec![
            ("k0".to_string(), 2, keys + 2),
            ("1".to_string(), 1, keys + 4),
        ];
        for i in 0..keys {
            expected.push((format!("k{i}"), i + 2, keys + 5 + i));
        }
        assert_eq!(found, expected, "{keys} keys");
    }
}

#[test]
fn spans_are_bytes_on_non_ascii_lines() {
    let (file, doc) = parse("# é日本\nk: 'ü'\nname: x\n");
    let (key, _) = doc.root().unwrap().get_entry("name").unwrap();
    assert_eq!(file.slice(key.span()), "name");
}

#[test]
fn syntax_errors_have_a_position_and_keep_the_tree_so_far() {
    let (file, doc) = parse("inputs:\n  a: [1, 2\n");
    let err = doc.error.expect("error");
    assert!(file.line_col(err.span.start).line >= 2, "{err:?}");
}

#[test]
fn a_second_document_is_an_error() {
    let (_, doc) = parse("a: 1\n---\nb: 2\n");
    assert!(doc.error.unwrap().message.contains("single document"));
}

#[test]
fn aliases_are_links_not_copies() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        text.push_str(&format!(
            "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
    }
    let (_, doc) = parse(&text);
    assert!(doc.error.is_none());
    assert!(doc.nodes.len() < 200);
    assert!(doc.root().unwrap().get("i").unwrap().is_sequence());
}

#[test]
fn deep_nesting_stops_with_an_error_not_a_stack_overflow() {
    let text = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    let (_, doc) = parse(&text);
    let message = doc.error.unwrap().message;
    assert!(
        message.contains("nesting") || message.contains("recursion"),
        "{message}"
    );
}
