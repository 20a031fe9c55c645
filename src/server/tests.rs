//! Unit tests of the server's text arithmetic: incremental edits, URIs, config errors.

use super::*;

#[test]
fn ranged_changes_apply_at_utf16_positions() {
    let change = |sl: u64, sc: u64, el: u64, ec: u64, text: &str| json!({"range": {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}, "text": text});
    // `😀` is two UTF-16 units and four bytes.
    let text = Some("a: 😀x\nb: 1\n".to_string());
    let text = apply_change(text, &change(0, 5, 0, 6, "y"));
    assert_eq!(text.as_deref(), Some("a: 😀y\nb: 1\n"));
    let text = apply_change(text, &change(1, 3, 1, 4, "22"));
    assert_eq!(text.as_deref(), Some("a: 😀y\nb: 22\n"));
    // An insertion, a deletion across a line break, positions past the end clamped.
    let text = apply_change(text, &change(0, 0, 0, 0, "# c\n"));
    let text = apply_change(text, &change(1, 6, 2, 0, ""));
    assert_eq!(text.as_deref(), Some("# c\na: 😀yb: 22\n"));
    let text = apply_change(text, &change(9, 9, 9, 9, "z"));
    assert_eq!(text.as_deref(), Some("# c\na: 😀yb: 22\nz"));
    // A change without a range is the whole text; a ranged one to no document is dropped.
    assert_eq!(
        apply_change(None, &json!({"text": "new"})).as_deref(),
        Some("new")
    );
    assert_eq!(apply_change(None, &change(0, 0, 0, 0, "x")), None);
}
use std::path::Path;

#[test]
fn file_uris_become_paths() {
    assert_eq!(
        path_of_uri("file:///tmp/a%20b/inputs.yml"),
        Path::new("/tmp/a b/inputs.yml")
    );
    // Bad escapes, also before a multi-byte character, never panic.
    for uri in [
        "file:///nonexistent/%a€x.yml",
        "file:///x/%",
        "file:///x/%zz",
        "file:///%é",
    ] {
        let _ = path_of_uri(uri);
    }
    assert_eq!(path_of_uri("file:///x/%zz"), Path::new("/x/%zz"));
}

#[test]
fn windows_file_uris_become_drive_paths() {
    // VS Code on Windows encodes the drive's colon; other clients do not.
    assert_eq!(
        path_of_uri("file:///c%3A/Users/ml/jobs/inputs.yml"),
        Path::new("c:/Users/ml/jobs/inputs.yml")
    );
    assert_eq!(
        path_of_uri("file:///C:/Users/ml%20team/inputs.yml"),
        Path::new("C:/Users/ml team/inputs.yml")
    );
    assert_eq!(
        path_of_uri("file://server/share/inputs.yml"),
        Path::new("//server/share/inputs.yml")
    );
    assert_eq!(
        file_uri(Path::new("C:\\x\\a b.yml")),
        "file:///C:/x/a%20b.yml"
    );
    assert_eq!(file_uri(Path::new("/x/a b.yml")), "file:///x/a%20b.yml");
}
