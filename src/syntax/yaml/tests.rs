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

use saphyr_parser::input::SkipTabs;

/// `StrInput` without the vendored fast path: every method is `StrInput`'s but the one that
/// takes runs of a plain scalar, which is the trait's own (it takes none).
struct CharByChar<'a>(saphyr_parser::StrInput<'a>);

macro_rules! delegate {
    ($self:ident; $(fn $name:ident($($arg:ident: $ty:ty),*) $(-> $ret:ty)?;)*) => {
        $(fn $name(&$self $(, $arg: $ty)*) $(-> $ret)? { $self.0.$name($($arg),*) })*
    };
    (mut $self:ident; $(fn $name:ident($($arg:ident: $ty:ty),*) $(-> $ret:ty)?;)*) => {
        $(fn $name(&mut $self $(, $arg: $ty)*) $(-> $ret)? { $self.0.$name($($arg),*) })*
    };
}

impl saphyr_parser::Input for CharByChar<'_> {
    delegate! { self;
        fn buflen() -> usize;
        fn bufmaxlen() -> usize;
        fn buf_is_empty() -> bool;
        fn peek() -> char;
        fn peek_nth(n: usize) -> char;
        fn peek_opt() -> Option<char>;
        fn next_char_is(c: char) -> bool;
        fn nth_char_is(n: usize, c: char) -> bool;
        fn next_2_are(c1: char, c2: char) -> bool;
        fn next_3_are(c1: char, c2: char, c3: char) -> bool;
        fn next_is_document_indicator() -> bool;
        fn next_is_document_start() -> bool;
        fn next_is_document_end() -> bool;
        fn next_can_be_plain_scalar(in_flow: bool) -> bool;
        fn next_is_blank_or_break() -> bool;
        fn next_is_blank_or_breakz() -> bool;
        fn next_is_blank() -> bool;
        fn next_is_break() -> bool;
        fn next_is_breakz() -> bool;
        fn next_is_z() -> bool;
        fn next_is_flow() -> bool;
        fn next_is_digit() -> bool;
        fn next_is_alpha() -> bool;
    }
    delegate! { mut self;
        fn lookahead(count: usize);
        fn raw_read_ch() -> char;
        fn raw_read_non_breakz_ch() -> Option<char>;
        fn skip();
        fn skip_n(count: usize);
        fn look_ch() -> char;
        fn skip_ws_to_eol(skip_tabs: SkipTabs) -> (usize, Result<SkipTabs, &'static str>);
        fn skip_while_non_breakz() -> usize;
        fn skip_while_blank() -> usize;
        fn fetch_while_is_alpha(out: &mut String) -> usize;
        fn fetch_while_is_yaml_non_space(out: &mut String) -> usize;
    }
}

/// The vendored scanner's fast path for plain scalars (`vendor/saphyr-parser/VENDORED.md`) reads
/// what the scanner reads a character at a time: every YAML file of the fixtures and the corpus,
/// and random texts made of YAML's indicators, give the same events, spans and errors through
/// `StrInput`, which takes runs of ASCII at once, and through [`CharByChar`], which takes none.
#[test]
fn the_fast_plain_scalar_path_reads_what_the_scanner_reads() {
    fn events<T: saphyr_parser::Input>(parser: Parser<'_, T>) -> Vec<String> {
        let mut out = Vec::new();
        for next in parser {
            let last = next.is_err() || matches!(next, Ok((Event::StreamEnd, _)));
            out.push(format!("{next:?}"));
            if last || out.len() > 100_000 {
                break;
            }
        }
        out
    }
    let same = |text: &str| {
        let fast = events(Parser::new_from_str(text));
        let slow = events(Parser::new(CharByChar(saphyr_parser::StrInput::new(text))));
        assert_eq!(fast, slow, "{text:?}");
        fast.len()
    };
    let files = crate::testing::shared_texts(|path| {
        crate::fs::walk::is_yaml_name(path) || path.ends_with("MLmodel")
    });
    assert!(files.len() > 100, "{} YAML files", files.len());
    let mut events_read = 0;
    for text in &files {
        events_read += same(text);
    }
    assert!(events_read > 5_000, "{events_read} events");
    let pieces = [
        "a",
        "key",
        "b1",
        "-",
        "- ",
        ":",
        ": ",
        "::",
        ",",
        "[",
        "]",
        "{",
        "}",
        "#",
        " #",
        "!",
        "&x",
        "*x",
        "?",
        "|",
        ">",
        "'",
        "\"",
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "---",
        "...",
        "é",
        "\u{feff}",
        "azureml:x:1",
        "http://h/p?q=1",
        "%",
        "@",
        "`",
        "\u{7f}",
    ];
    let mut random = crate::testing::Random::new();
    for _ in 0..20_000 {
        let text: String = (0..3).map(|_| random.text(&pieces)).collect();
        same(&text);
    }
}

/// A key looked up where it is written, length first, finds what comparing every key's value
/// found: in every mapping of every YAML file of the fixtures and the corpus, for each of its
/// keys (the last of a repeated one), for keys written quoted, escaped, as aliases, and absent.
#[test]
fn a_key_is_found_where_comparing_every_value_found_it() {
    let reference = |map: NodeRef<'_>, key: &str| {
        map.entries()
            .filter(|(k, _)| k.as_str() == Some(key))
            .last()
            .map(|(k, v)| (k.id, v.id))
    };
    let mut texts = vec![
        "a: 1\n'a': 2\n\"b\\x41\": 3\n&k c: 4\n*k : 5\n? [x]\n: 6\n\"\": 7\n".to_string(),
        "{x: 1, 'y': 2, \"z\": 3, x: 4}\n".to_string(),
    ];
    texts.extend(crate::testing::shared_texts(crate::fs::walk::is_yaml_name));
    let mut looked_up = 0;
    for text in &texts {
        let doc = Document::parse_str(text);
        for id in 0..doc.nodes.len() {
            let map = NodeRef { doc: &doc, id };
            if !map.is_mapping() {
                continue;
            }
            let keys: Vec<&str> = map.entries().filter_map(|(k, _)| k.as_str()).collect();
            for key in keys.iter().copied().chain(["", "absent", "a", "bA", "c"]) {
                let found = map.get_entry(key).map(|(k, v)| (k.id, v.id));
                assert_eq!(found, reference(map, key), "{key:?} in {text}");
                looked_up += 1;
            }
        }
    }
    assert!(looked_up > 5000, "{looked_up} look-ups");
}
