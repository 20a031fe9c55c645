//! Inputs files: the YAML passed to `az ml batch-endpoint invoke --file`, with top-level
//! `inputs:` and `outputs:` mappings of names to `{type, path | default, mode}`.

use crate::frontends::Role;
use crate::limits::MAX_IO_ENTRIES;
use crate::model::{CompactString, Direction, Field, Invocation, Io, IoValue, Origin, Value};
use crate::source::SourceFile;
use crate::spec::inputs_file::ALLOWED_TOP_LEVEL;
use crate::syntax::yaml::{Document, NodeRef};

/// Top-level keys that say a YAML file is something else that also has `inputs:`/`outputs:` —
/// a pipeline job or component, a deployment, a GitHub action, a CWL tool — and not an inputs file.
const OTHER_KIND_MARKERS: &[&str] = &[
    "jobs",
    "command",
    "type",
    "component",
    "code",
    "environment",
    "compute",
    "trial",
    "settings",
    "name",
    "display_name",
    "version",
    "description",
    "is_deterministic",
    "experiment_name",
    "runs",
    "steps",
    "cwlVersion",
    "class",
    "endpoint_name",
    "model",
    "job_definition",
    "services",
    "resources",
    "distribution",
];

/// Whether a parsed YAML file is an invocation inputs file, for a file reached in `role`.
///
/// - **Walked** (found in a folder): beyond doubt — a mapping whose keys are `inputs`, `outputs`,
///   `$schema` or near misses of them, with `inputs`/`outputs` present and not a list (InSpec
///   profiles keep a *list* under `inputs:`).
/// - **Named** on the command line (pre-commit names every staged YAML): every key is one of
///   those or a near miss (`input:`), so a pipeline, a manifest or a config never is one.
/// - **Followed** (`--file` of a command): one unless it is recognisably something else — the CLI
///   reads it as an inputs file, whatever it holds.
pub fn is_inputs_file(doc: &Document, role: Role) -> bool {
    let Some(root) = doc.root() else {
        return false;
    };
    if !root.is_mapping() {
        return false;
    }
    let keys: Vec<&str> = root.entries().filter_map(|(k, _)| k.as_str()).collect();
    if keys.iter().any(|k| OTHER_KIND_MARKERS.contains(k)) {
        return false;
    }
    if let Some(schema) = root.get("$schema").and_then(|s| s.as_str())
        && (schema.ends_with("Job.schema.json")
            || schema.ends_with("Component.schema.json")
            || schema.contains("Deployment")
            || schema.contains("Endpoint"))
    {
        return false;
    }
    let io_like = |k: &&str| {
        matches!(*k, "inputs" | "outputs")
            || crate::suggest::closest(k, &["inputs", "outputs"], 2).is_some()
    };
    let only_io_like = keys.iter().all(|k| {
        ALLOWED_TOP_LEVEL.contains(k) || crate::suggest::closest(k, ALLOWED_TOP_LEVEL, 2).is_some()
    });
    match role {
        Role::Followed => keys.iter().any(io_like),
        Role::Named => only_io_like && keys.iter().any(io_like),
        Role::Walked => {
            let has_io = keys.iter().any(|k| matches!(*k, "inputs" | "outputs"));
            let io_is_list = ["inputs", "outputs"]
                .iter()
                .any(|k| root.get(k).is_some_and(|v| v.is_sequence()));
            has_io && !io_is_list && only_io_like
        }
    }
}

/// Whether the raw text of a YAML file that failed to parse looks like an inputs file: a
/// tolerant scan finds `inputs:`/`outputs:` at column 0 and no other top-level key — so a broken
/// Kubernetes manifest or pipeline is never taken for one.
pub fn looks_like_inputs_text(text: &str) -> bool {
    let mut has_io = false;
    for key in top_level_keys(text) {
        match key {
            "inputs" | "outputs" => has_io = true,
            "$schema" | "deployment" | "endpoint" => {}
            _ => return false,
        }
    }
    has_io
}

/// The keys written at column 0 of a YAML text (`key:` lines), read without parsing it.
pub fn top_level_keys(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter_map(|line| {
        let first = line.bytes().next()?;
        if matches!(
            first,
            b' ' | b'\t' | b'#' | b'-' | b'%' | b'.' | b'\r' | b'{' | b'['
        ) {
            return None;
        }
        let (key, _) = line.split_once(':')?;
        Some(key.trim().trim_matches(['"', '\'']))
    })
}

/// Build the invocation an inputs file describes.
pub fn build(file: &SourceFile, doc: &Document) -> Invocation {
    let mut invocation = Invocation::new(Origin::InputsFile, file.dir());
    let Some(root) = doc.root() else {
        return invocation;
    };
    if let Some((key, value)) = root.get_entry("inputs") {
        invocation.inputs_anchor = key.span();
        let (inputs, whole) = io_entries(value, Direction::Input);
        invocation.inputs = inputs;
        if !whole {
            invocation.inputs_whole = false;
            invocation.inputs_unread = true;
        }
    }
    if let Some((key, value)) = root.get_entry("outputs") {
        invocation.outputs_anchor = key.span();
        invocation.outputs = io_entries(value, Direction::Output).0;
    }
    // `deployment:` routes the job (and ties it to that deployment's kind); `endpoint:` names the
    // endpoint. A command's own `-d`/`--name` come first: the engine sees to that.
    invocation.deployment_name = routing_name(root, "deployment");
    invocation.endpoint_name = routing_name(root, "endpoint");
    invocation
}

/// The `deployment:`/`endpoint:` value of an inputs file, when it is a non-empty scalar.
pub fn routing_name(root: NodeRef<'_>, key: &str) -> Option<Value> {
    root.get(key)
        .filter(|v| v.as_str().is_some_and(|t| !t.trim().is_empty()))
        .map(Value::from_node)
}

/// The entries of an `inputs:`/`outputs:` mapping, the last of each name (as the loader keeps
/// it); and whether they are all there (at most [`MAX_IO_ENTRIES`] are read).
fn io_entries(block: NodeRef<'_>, direction: Direction) -> (Vec<Io>, bool) {
    use std::hash::BuildHasher;
    // Sized once: a file of many inputs is not copied as its list doubles; names the document
    // repeats take no room (a file of one name repeated keeps one entry at a time).
    let mut out: Vec<Io> = Vec::with_capacity(
        block
            .entries()
            .count()
            .saturating_sub(block.duplicates_in_document())
            .min(MAX_IO_ENTRIES),
    );
    let mut whole = true;
    // Where each name was last seen: a duplicate replaces it in one step, not in a scan. The
    // table holds positions in `out` (4 bytes each), hashed by the name there: no name is
    // copied, and a file of hundreds of thousands of inputs keeps a small table beside them.
    let state = foldhash::fast::RandomState::default();
    let hash = |name: &str| state.hash_one(name);
    let mut last_of: hashbrown::HashTable<u32> =
        hashbrown::HashTable::with_capacity(out.capacity());
    // Entries a later one of the same name replaces (rare: kept aside, not as an `Option` for
    // every entry), let go of whenever they are as many as the others.
    let mut replaced: Vec<u32> = Vec::new();
    // The fields of each mapping that aliases point to, built once and shared.
    let mut shared: foldhash::HashMap<usize, std::sync::Arc<[Field]>> = Default::default();
    for (key, value) in block.entries() {
        // Names counted once: a file of one name repeated keeps one entry at a time.
        if out.len() - replaced.len() == MAX_IO_ENTRIES {
            whole = false;
            break;
        }
        let key_text = key.as_str().unwrap_or_default();
        let name = CompactString::from(key_text);
        let value = if value.is_mapping() {
            let target = value.resolved();
            let fields = if target.id() != value.id() {
                shared
                    .entry(target.id())
                    .or_insert_with(|| fields_of(target))
                    .clone()
            } else {
                fields_of(value)
            };
            IoValue::Spec {
                span: value.span(),
                fields,
            }
        } else if value.as_scalar().is_some() && !value.is_null() {
            IoValue::Bare(Value::from_node(value))
        } else {
            IoValue::Other(Value::from_node(value))
        };
        let io = Io {
            direction,
            name,
            name_span: key.span(),
            value,
            from_flag: false,
        };
        // The loader keeps the last of duplicated names (duplicate-key reports the first).
        let at = out.len() as u32;
        match last_of.entry(
            hash(key_text),
            |&i| out[i as usize].name == key_text,
            |&i| hash(&out[i as usize].name),
        ) {
            hashbrown::hash_table::Entry::Occupied(mut seen) => {
                replaced.push(*seen.get());
                *seen.get_mut() = at;
            }
            hashbrown::hash_table::Entry::Vacant(slot) => {
                slot.insert(at);
            }
        }
        out.push(io);
        if replaced.len() >= 1024 && replaced.len() * 2 >= out.len() {
            drop_replaced(&mut out, &mut replaced);
            // Positions moved: the table is made again (linear, and only after as many
            // duplicates as entries left).
            last_of.clear();
            for (i, io) in out.iter().enumerate() {
                last_of.insert_unique(hash(&io.name), i as u32, |&j| hash(&out[j as usize].name));
            }
        }
    }
    drop(last_of);
    drop_replaced(&mut out, &mut replaced);
    (out, whole)
}

/// The fields of a mapping, in one allocation of their exact number (a `Vec` collected from an
/// iterator of unknown length took room for four fields where two were written).
fn fields_of(mapping: NodeRef<'_>) -> std::sync::Arc<[Field]> {
    let mut fields = Vec::with_capacity(mapping.entries().count());
    fields.extend(mapping.entries().map(|(k, v)| Field {
        key: k.as_str().unwrap_or_default().into(),
        key_span: k.span(),
        value: Value::from_node(v),
    }));
    fields.into()
}

/// Remove the entries at the positions `replaced` lists, keeping the others in order.
fn drop_replaced(out: &mut Vec<Io>, replaced: &mut Vec<u32>) {
    if replaced.is_empty() {
        return;
    }
    replaced.sort_unstable();
    let mut index = 0;
    out.retain(|_| {
        let keep = replaced.binary_search(&index).is_err();
        index += 1;
        keep
    });
    replaced.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_the_entry_bound_the_rest_is_unread_not_modelled() {
        let names = |n: usize| (0..n).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        let file = |text: String| SourceFile::new("inputs.yml", "/nowhere/inputs.yml", text);
        let all = file(format!("inputs: {{{}}}\n", names(MAX_IO_ENTRIES)));
        let invocation = build(&all, &Document::parse(&all));
        assert_eq!(invocation.inputs.len(), MAX_IO_ENTRIES);
        assert!(invocation.inputs_whole && !invocation.inputs_unread);
        // One more name: the model stops at the bound, and says that entries are unread.
        let over = file(format!("inputs: {{{}}}\n", names(MAX_IO_ENTRIES + 1)));
        let invocation = build(&over, &Document::parse(&over));
        assert_eq!(invocation.inputs.len(), MAX_IO_ENTRIES);
        assert!(!invocation.inputs_whole && invocation.inputs_unread);
        // Repeated names are counted once.
        let repeated = file(format!(
            "inputs:\n{}",
            "  a: 1\n".repeat(MAX_IO_ENTRIES + 5)
        ));
        let invocation = build(&repeated, &Document::parse(&repeated));
        assert_eq!(invocation.inputs.len(), 1);
        assert!(invocation.inputs_whole);
    }

    fn doc(text: &str) -> Document {
        Document::parse_str(text)
    }

    #[test]
    fn recognises_inputs_files_and_not_jobs_or_components() {
        assert!(is_inputs_file(
            &doc("inputs:\n  a:\n    type: uri_folder\n"),
            Role::Walked
        ));
        assert!(is_inputs_file(
            &doc("outputs:\n  o:\n    type: uri_file\n"),
            Role::Walked
        ));
        assert!(is_inputs_file(
            &doc("input:\n  a: {}\noutputs: {}\n"),
            Role::Walked
        ));
        assert!(!is_inputs_file(
            &doc("type: pipeline\ninputs: {}\njobs: {}\n"),
            Role::Walked
        ));
        assert!(!is_inputs_file(
            &doc("name: x\ninputs: {}\nruns: {}\n"),
            Role::Walked
        ));
        assert!(!is_inputs_file(
            &doc("inputs:\n  - name: a\n    value: 1\n"),
            Role::Walked
        ));
        assert!(!is_inputs_file(&doc("foo: 1\n"), Role::Walked));
        assert!(is_inputs_file(&doc("input:\n  a: {}\n"), Role::Followed));
        assert!(is_inputs_file(&doc("inputs:\n  - a\n"), Role::Followed));
        assert!(!is_inputs_file(
            &doc("score:\n  script: [az ml]\n"),
            Role::Followed
        ));
        // Named (pre-commit): only inputs-file keys, near misses included; lists are reported.
        assert!(is_inputs_file(&doc("input:\n  a: {}\n"), Role::Named));
        assert!(is_inputs_file(&doc("inputs:\n  - a\n"), Role::Named));
        assert!(!is_inputs_file(
            &doc("inputs: {}\ndeployment_name: d\n"),
            Role::Named
        ));
        assert!(!is_inputs_file(
            &doc("apiVersion: v1\ninputs: {}\n"),
            Role::Named
        ));
        // The CLI reads `deployment:` and `endpoint:` too.
        let routed = "endpoint: e\ndeployment: d\ninputs:\n  a: {type: uri_folder, path: x}\n";
        for role in [Role::Walked, Role::Named, Role::Followed] {
            assert!(is_inputs_file(&doc(routed), role), "{role:?}");
        }
        assert!(looks_like_inputs_text("deployment: d\ninputs:\n  a: [\n"));
    }

    #[test]
    fn a_broken_file_is_an_inputs_file_only_when_its_keys_say_so() {
        assert!(looks_like_inputs_text("inputs:\n  a: [unclosed\n"));
        assert!(looks_like_inputs_text(
            "# c\n$schema: x\noutputs:\n  o: {\n"
        ));
        assert!(!looks_like_inputs_text("trigger: x\ninputs:\n  a: [\n"));
        assert!(!looks_like_inputs_text(
            "apiVersion: v1\ndata:\n  key: [unclosed\n"
        ));
    }

    #[test]
    fn builds_inputs_and_outputs_with_spans() {
        let file = SourceFile::new(
            "d/inputs.yml",
            "d/inputs.yml",
            "inputs:\n  x:\n    type: string\n    default: a\n  y: azureml:d:1\noutputs:\n  o:\n    type: uri_file\n"
                .into(),
        );
        let d = Document::parse(&file);
        let inv = build(&file, &d);
        assert_eq!(inv.inputs.len(), 2);
        assert_eq!(inv.outputs.len(), 1);
        assert_eq!(inv.inputs[0].declared_type(), Some("string"));
        assert!(inv.inputs[0].is_literal());
        assert!(matches!(inv.inputs[1].value, IoValue::Bare(_)));
        assert!(inv.inputs[1].is_data());
        assert_eq!(file.slice(inv.outputs[0].name_span), "o");
        assert_eq!(inv.base_dir, std::path::Path::new("d"));
    }
}
