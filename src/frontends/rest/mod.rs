//! REST request bodies that start batch jobs: `POST https://ENDPOINT.REGION.inference.ml.azure.com/jobs`
//! with `{"properties": {"InputData": {…}, "OutputData": {…}}}`.
//!
//! Bodies are found by their content wherever they are written — a `.json` file (a request body, an
//! Azure Data Factory or Synapse pipeline whose Web activity posts one, a Logic App), `curl -d`
//! in a script, a Python dict posted with `requests`/`httpx`/`aiohttp` — and each becomes an
//! [`Invocation`] with [`Origin::RestBody`]: its inputs and outputs under the SDK's names (so the
//! rules of sections 2–4 read them as any other invocation) and the body as written
//! ([`RestBody`], for the REST rules).
//!
//! The service's JSON reader matches property names without regard to case: the documentation
//! writes `InputData`/`JobInputType`/`Uri`, azure-ai-ml sends `inputData`/`jobInputType`/`uri`, and
//! both start the same job. Names are therefore compared ignoring ASCII case, and any spelling
//! that matches is a no-op. An expression (`@concat(…)`, `@{…}`, `${…}`, `{{…}}`, a shell
//! variable) is an unknown value, never guessed.

mod tokens;

pub use tokens::token_requests;

use std::path::Path;

use crate::model::{
    Direction, Field, Invocation, Io, IoValue, Origin, Reading, RestBody, RestEntry, TokenRequest,
    Value,
};
use crate::source::Span;
use crate::spec::rest::{JOB_PROPERTIES, job_type, type_key};
use crate::syntax::json::{self, Json, Node};
use crate::syntax::words::{Command, Word};

/// The JSON (REST request bodies) front-end (its registry line is in `frontends/registry.rs`).
use crate::frontends::{Frontend, Language, rest};

pub static FRONTEND: Frontend = Frontend {
    language: Language::JSON,
    names: &["json", "jsonc", "json5"],
    mentions: rest::mentions_body,
    // A JSON region keeps its place: JSON allows the blanks around it.
    read: Some(|region, dir, sink| {
        let read = rest::json_read(&region.text, dir);
        read.invocations
            .into_iter()
            .for_each(|i| sink.invocation(i));
        sink.mask(read.masked);
        Ok(())
    }),
};

/// How deep a document is searched for bodies (a pipeline nests activities a few levels).
const MAX_SEARCH_DEPTH: usize = 64;

/// Whether a text may hold a batch job body (a cheap test before any parsing).
pub fn mentions_body(text: &str) -> bool {
    // The current shape, and the 2021 preview's (`dataInputType`, `outputDataset`).
    crate::keywords::scan_for(text, crate::keywords::REST_BODY).mentions_rest_body()
}

/// Where a body was posted: the request's URL and its deployment header, when written.
#[derive(Default, Clone)]
pub struct Request {
    pub url: Option<Value>,
    pub deployment: Option<Value>,
}

impl Request {
    /// A request to something other than a batch endpoint's `/jobs` (an online endpoint's
    /// `/score`): not a batch job, whatever its body.
    fn elsewhere(&self) -> bool {
        self.url.as_ref().is_some_and(|url| {
            url.known && {
                let path = url.text.split(['?', '#']).next().unwrap_or("");
                let path = path.trim_end_matches('/');
                path.ends_with("/score") || (path.contains("://") && !path.ends_with("/jobs"))
            }
        })
    }

    /// The endpoint name in `https://NAME.REGION.inference.ml.azure.com/jobs`.
    fn endpoint(&self) -> Option<Value> {
        let url = self.url.as_ref().filter(|u| u.known)?;
        let host = url.text.split("://").nth(1)?.split('/').next()?;
        let (name, rest) = host.split_once('.')?;
        rest.contains("inference.ml.azure.com")
            .then(|| Value::from_word(name, url.span))
    }
}

/// The bodies of a JSON document (a `.json` file), at their places in `text`.
pub fn json_invocations(text: &str, dir: &Path) -> Vec<Invocation> {
    json_read(text, dir).invocations
}

/// [`json_invocations`], and the credentials of every decoded string of the document (a field
/// amlint does not read too).
pub fn json_read(text: &str, dir: &Path) -> super::Read {
    if !mentions_body(text) {
        return super::Read::default();
    }
    let Ok(root) = json::parse(text) else {
        return super::Read::default();
    };
    super::Read {
        invocations: body_invocations(&root, &Request::default(), dir, &|_| true),
        masked: json::secret_spans(&root),
    }
}

/// Every batch job body in `root` (searched through objects, arrays and JSON held in strings),
/// posted with `request` unless the document says where (a Web activity's `url`/`headers`).
/// `known` says whether a span of the parsed text is written out (no shell variable in it).
pub fn body_invocations(
    root: &Node,
    request: &Request,
    dir: &Path,
    known: &dyn Fn(Span) -> bool,
) -> Vec<Invocation> {
    let mut out = Vec::new();
    search(root, None, request, dir, known, 0, &mut out);
    out
}

fn search(
    node: &Node,
    parent: Option<&Node>,
    request: &Request,
    dir: &Path,
    known: &dyn Fn(Span) -> bool,
    depth: usize,
    out: &mut Vec<Invocation>,
) {
    if depth > MAX_SEARCH_DEPTH {
        return;
    }
    match &node.value {
        Json::Object(members) => {
            if let Some(wrapped) = body_shape(node) {
                let request =
                    parent.map_or_else(|| request.clone(), |p| sibling_request(p, request));
                if !request.elsewhere() {
                    out.push(build(node, wrapped, &request, dir, known));
                }
                return;
            }
            if let Some(legacy) = legacy_shape(node) {
                let request =
                    parent.map_or_else(|| request.clone(), |p| sibling_request(p, request));
                if !request.elsewhere() {
                    out.push(build_legacy(node, legacy, &request, dir));
                }
                return;
            }
            for member in members {
                search(
                    &member.value,
                    Some(node),
                    request,
                    dir,
                    known,
                    depth + 1,
                    out,
                );
            }
        }
        Json::Array(items) => {
            for item in items {
                search(item, parent, request, dir, known, depth + 1, out);
            }
        }
        // A body written as a JSON string (a Data Factory `"body": "{\"properties\": …}"`).
        Json::String(text) if text.trim_start().starts_with('{') && mentions_body(text) => {
            if let Ok(mut inner) = json::parse(text) {
                let end = node.span.end;
                inner.remap(&|i| node.offset(i).unwrap_or(end));
                search(&inner, parent, request, dir, known, depth + 1, out);
            }
        }
        _ => {}
    }
}

/// `Some(true)` for `{"properties": {"InputData"|"OutputData": …}}`; `Some(false)` for an object
/// that holds `InputData` itself with typed entries (a body that forgot `properties`).
fn body_shape(node: &Node) -> Option<bool> {
    fn holds_io(n: &Node) -> Option<&json::Member> {
        n.get_ignore_case("InputData")
            .or_else(|| n.get_ignore_case("OutputData"))
    }
    if let Some(props) = node.get_ignore_case("properties")
        && props.value.is_object()
        && holds_io(&props.value).is_some()
    {
        return Some(true);
    }
    let io = holds_io(node)?;
    let typed = io.value.members().iter().any(|entry| {
        entry.value.get_ignore_case("JobInputType").is_some()
            || entry.value.get_ignore_case("JobOutputType").is_some()
    });
    typed.then_some(false)
}

/// The 2021 preview shape of a batch job body, `{"properties": {"dataset": {"dataInputType":
/// …}, "outputDataset": …}}` with no `InputData`: the key that shows it.
fn legacy_shape(node: &Node) -> Option<&json::Member> {
    let props = node.get_ignore_case("properties")?;
    let props = &props.value;
    if !props.is_object()
        || props.get_ignore_case("InputData").is_some()
        || props.get_ignore_case("OutputData").is_some()
    {
        return None;
    }
    let dataset = props
        .get_ignore_case("dataset")
        .filter(|d| d.value.get_ignore_case("dataInputType").is_some());
    dataset.or_else(|| {
        props
            .get_ignore_case("outputDataset")
            .filter(|d| d.value.is_object())
    })
}

/// A preview-shaped body: no inputs the current API reads; a V1 dataset in it (`dataInputType`
/// `DatasetId`/`DatasetVersion`) is one.
fn build_legacy(body: &Node, key: &json::Member, request: &Request, dir: &Path) -> Invocation {
    let mut invocation = request_invocation(request, dir, body.span);
    let dataset = body
        .get_ignore_case("properties")
        .and_then(|p| p.value.get_ignore_case("dataset"));
    if let Some(kind) = dataset.and_then(|d| d.value.get_ignore_case("dataInputType"))
        && let Json::String(kind) = &kind.value.value
        && (kind.eq_ignore_ascii_case("DatasetId") || kind.eq_ignore_ascii_case("DatasetVersion"))
        && let Some(dataset) = dataset
    {
        invocation.v1_datasets.push(dataset.key_span);
    }
    invocation.rest = Some(RestBody {
        legacy: Some(key.key_span),
        ..RestBody::default()
    });
    invocation
}

/// A Web activity keeps the request's `url` and `headers` beside its `body`.
fn sibling_request(parent: &Node, outer: &Request) -> Request {
    let text = |n: &Node| string_value(n, &|_| true);
    Request {
        url: parent
            .get_ignore_case("url")
            .map(|m| text(&m.value))
            .or_else(|| outer.url.clone()),
        deployment: parent
            .get_ignore_case("headers")
            .and_then(|h| h.value.get_ignore_case("azureml-model-deployment"))
            .map(|m| text(&m.value))
            .or_else(|| outer.deployment.clone()),
    }
}

/// A JSON value as a model [`Value`]: a string's decoded text at its content span, a number or
/// boolean as written; unknown when it is an expression or not written out.
fn string_value(node: &Node, known: &dyn Fn(Span) -> bool) -> Value {
    let (text, span) = match &node.value {
        Json::String(s) => (s.clone(), node.content_span()),
        Json::Number(n) => (n.clone(), node.span),
        Json::Bool(b) => (b.to_string(), node.span),
        Json::Null => (String::new(), node.span),
        Json::Object(_) | Json::Array(_) => (String::new(), node.span),
    };
    let expression = is_expression(&text);
    let mut value = Value::from_word(text, span);
    value.known &= !expression && known(span);
    match node.value {
        Json::Null => value.reading = Reading::Null,
        Json::Object(_) => value.reading = Reading::Mapping,
        Json::Array(_) => value.reading = Reading::Sequence,
        _ => {}
    }
    value
}

/// An Azure Data Factory / Logic Apps expression: `@concat(…)`, `@pipeline()…`, or text with an
/// `@{…}` interpolation (`@@` is an escaped `@`).
fn is_expression(text: &str) -> bool {
    (text.starts_with('@') && !text.starts_with("@@")) || text.contains("@{")
}

/// An invocation of the service by a request, before its body is read.
fn request_invocation(request: &Request, dir: &Path, span: Span) -> Invocation {
    Invocation {
        inputs_anchor: Span::empty(span.start),
        outputs_anchor: Span::empty(span.start),
        deployment_name: request.deployment.clone(),
        endpoint_name: request.endpoint(),
        call_span: Some(span),
        inputs_whole: false,
        ..Invocation::new(Origin::RestBody, dir)
    }
}

fn build(
    body: &Node,
    wrapped: bool,
    request: &Request,
    dir: &Path,
    known: &dyn Fn(Span) -> bool,
) -> Invocation {
    let mut rest = RestBody::default();
    let mut invocation = request_invocation(request, dir, body.span);
    let props = body.get_ignore_case("properties").filter(|_| wrapped);
    let job = if let Some(props) = props {
        rest.properties = Some(props.key_span);
        for member in body.members() {
            let io = ["InputData", "OutputData"]
                .iter()
                .any(|k| member.key.eq_ignore_ascii_case(k));
            if io {
                rest.misplaced.push((member.key.clone(), member.key_span));
            }
        }
        &props.value
    } else {
        body
    };
    let wrapped = props.is_some();
    for member in job.members() {
        let direction = if member.key.eq_ignore_ascii_case("InputData") {
            Direction::Input
        } else if member.key.eq_ignore_ascii_case("OutputData") {
            Direction::Output
        } else {
            let is_field = JOB_PROPERTIES
                .iter()
                .any(|k| member.key.eq_ignore_ascii_case(k));
            // A computed key (a variable, `**spread`) may be any field.
            if wrapped && !is_field && known(member.key_span) {
                rest.misplaced.push((member.key.clone(), member.key_span));
            }
            continue;
        };
        if !wrapped {
            rest.misplaced.push((member.key.clone(), member.key_span));
        }
        match direction {
            Direction::Input => invocation.inputs_anchor = member.key_span,
            Direction::Output => invocation.outputs_anchor = member.key_span,
        }
        for entry in member.value.members() {
            // An entry whose name is computed (`{input_name: …}`, `"$INPUT_NAME"`) may be any
            // input: unread, not missing, and no name to judge.
            if !known(entry.key_span) {
                if direction == Direction::Input {
                    invocation.inputs_unread = true;
                }
                continue;
            }
            let (rest_entry, io) = read_entry(entry, direction, known);
            rest.entries.push(rest_entry);
            match direction {
                Direction::Input => invocation.inputs.push(io),
                Direction::Output => invocation.outputs.push(io),
            }
        }
    }
    invocation.inputs_whole = !invocation.inputs_unread
        && rest
            .entries
            .iter()
            .all(|e| e.fields.is_some() || e.direction == Direction::Output);
    invocation.rest = Some(rest);
    invocation
}

/// One entry of `InputData`/`OutputData`: as written, and under the SDK's names.
fn read_entry(
    entry: &json::Member,
    direction: Direction,
    known: &dyn Fn(Span) -> bool,
) -> (RestEntry, Io) {
    let mut rest_entry = RestEntry {
        direction,
        name: entry.key.clone(),
        name_span: entry.key_span,
        fields: None,
    };
    let value = if entry.value.is_object() {
        let written: Vec<Field> = entry
            .value
            .members()
            .iter()
            .map(|m| Field {
                key: m.key.as_str().into(),
                key_span: m.key_span,
                value: string_value(&m.value, known),
            })
            .collect();
        rest_entry.fields = Some(written);
        IoValue::Spec {
            span: entry.value.span,
            fields: sdk_fields(&rest_entry, direction).into(),
        }
    } else {
        IoValue::Other(string_value(&entry.value, known))
    };
    let io = Io {
        direction,
        name: entry.key.as_str().into(),
        name_span: entry.key_span,
        value,
        from_flag: false,
    };
    (rest_entry, io)
}

/// The entry's fields under the SDK's names: `JobInputType` → `type` (`UriFolder` → `uri_folder`;
/// a spelling that is not in the specification, or an expression, is an unknown type), `Uri` →
/// `path` and `Mode` → `mode` for data, `Value` → `default` for a literal.
fn sdk_fields(entry: &RestEntry, direction: Direction) -> Vec<Field> {
    let mut fields = Vec::new();
    let mut literal = false;
    if let Some(written) = entry.field(type_key(direction)) {
        let mut value = written.value.clone();
        match job_type(&value.text, direction).filter(|_| value.known) {
            Some((_, sdk)) => {
                literal = sdk == "string";
                value.text = sdk.into();
            }
            None => value.known = false,
        }
        fields.push(Field {
            key: "type".into(),
            key_span: written.key_span,
            value,
        });
    }
    let renames: &[(&str, &str)] = if literal {
        &[("Value", "default")]
    } else {
        &[("Uri", "path"), ("Mode", "mode")]
    };
    for (rest_key, sdk_key) in renames {
        if let Some(written) = entry.field(rest_key) {
            fields.push(Field {
                key: (*sdk_key).into(),
                key_span: written.key_span,
                value: written.value.clone(),
            });
        }
    }
    fields
}

/// `curl` commands that post a batch job body: `-d`/`--data`/`--data-raw`/`--data-binary`/
/// `--data-ascii`/`--json` with inline JSON, or `@file.json` (followed like `--file`); and the
/// source bytes of the credentials their JSON strings decode to (see [`word_body`]).
pub fn curl_invocations(commands: &[Command], dir: &Path) -> (Vec<Invocation>, Vec<Span>) {
    let mut masked = Vec::new();
    let found = commands
        .iter()
        .flat_map(|command| curl_command(command, dir, &mut masked))
        .collect();
    (found, masked)
}

const CURL_DATA: &[&str] = &[
    "-d",
    "--data",
    "--data-raw",
    "--data-binary",
    "--data-ascii",
    "--json",
];

/// curl options that take a value (so that value is not the URL).
const CURL_VALUED: &[&str] = &[
    "-X",
    "--request",
    "-H",
    "--header",
    "-o",
    "--output",
    "-u",
    "--user",
    "-w",
    "--write-out",
    "-A",
    "--user-agent",
    "-e",
    "--referer",
    "-b",
    "--cookie",
    "-c",
    "--cookie-jar",
    "--connect-timeout",
    "-m",
    "--max-time",
    "--retry",
    "-T",
    "--upload-file",
    "--cacert",
    "--cert",
    "--key",
    "-x",
    "--proxy",
    "--resolve",
    "--oauth2-bearer",
    "-F",
    "--form",
    "--url",
];

fn curl_command(command: &Command, dir: &Path, masked: &mut Vec<Span>) -> Vec<Invocation> {
    let Some(start) = super::command_line::command_start(command) else {
        return Vec::new();
    };
    let words = &command.words[start..];
    if !words
        .first()
        .and_then(|w| w.known())
        .is_some_and(|w| w == "curl" || w.ends_with("/curl"))
    {
        return Vec::new();
    }
    let mut request = Request::default();
    let mut bodies = Vec::new();
    let mut index = 1;
    while index < words.len() {
        let word = &words[index];
        let text = word.text.as_str();
        let (flag, attached) = match text.split_once('=') {
            Some((flag, _)) if flag.starts_with("--") => (flag, Some(flag.len() + 1)),
            _ if text.starts_with("-d") && text.len() > 2 && !text.starts_with("--") => {
                ("-d", Some(2))
            }
            _ => (text, None),
        };
        let value = match attached {
            Some(from) => Some((word, from)),
            None if CURL_DATA.contains(&flag) || CURL_VALUED.contains(&flag) => {
                index += 1;
                words.get(index).map(|w| (w, 0))
            }
            None => None,
        };
        match (flag, value) {
            (f, Some((w, from))) if CURL_DATA.contains(&f) => bodies.push((w, from)),
            ("-H" | "--header", Some((w, from))) => {
                if let Some((name, value)) = w.text[from..].split_once(':')
                    && name.trim().eq_ignore_ascii_case("azureml-model-deployment")
                {
                    let offset = from + name.len() + 1;
                    let lead = value.len() - value.trim_start().len();
                    let (a, b) = (offset + lead, offset + value.trim_end().len());
                    request.deployment = Some(Value::from_word_part(w, a, b));
                }
            }
            ("--url", Some((w, from))) => {
                request.url = Some(Value::from_word_part(w, from, w.text.len()));
            }
            (f, None) if !f.starts_with('-') && request.url.is_none() => {
                request.url = Some(Value::from_word_part(word, 0, word.text.len()));
            }
            _ => {}
        }
        index += 1;
    }
    let mut out = Vec::new();
    for (word, from) in bodies {
        let data = &word.text[from..];
        if let Some(file) = data.strip_prefix('@') {
            if request.elsewhere() || file.is_empty() || file == "-" {
                continue;
            }
            let mut invocation = request_invocation(&request, dir, word.span);
            invocation.body_file = Some(Value::from_word_part(word, from + 1, word.text.len()));
            out.push(invocation);
            continue;
        }
        out.extend(word_body(word, from, &request, dir, masked));
    }
    out
}

/// The bodies in the JSON text of a command word (from byte `from` of its cooked text), at their
/// places in the file; the parts a variable supplies are unknown. The source bytes of every
/// credential a JSON string of it decodes to (`\u0026sig=`, through variables too) go to
/// `masked`, body or not.
fn word_body(
    word: &Word,
    from: usize,
    request: &Request,
    dir: &Path,
    masked: &mut Vec<Span>,
) -> Vec<Invocation> {
    let data = &word.text[from..];
    let body = mentions_body(data);
    // Without a JSON escape, the word's own cooked text shows every credential it holds.
    if !body && !data.contains('\\') {
        return Vec::new();
    }
    let Ok(cooked) = json::parse(data) else {
        return Vec::new();
    };
    for secret in json::secret_spans(&cooked) {
        masked.extend(word.origins(from + secret.start, from + secret.end));
    }
    if !body {
        return Vec::new();
    }
    let mut root = cooked.clone();
    root.remap(&|i| word.source_span(from + i, from + i + 1).start);
    let mut unknown = unknown_file_spans(&cooked, &root, word, from);
    // The strings' spans do not overlap: the one starting last at or before a span is the only
    // one that may hold it (a body of 200,000 `$V` strings asks this of each).
    unknown.sort_unstable_by_key(|u| u.start);
    body_invocations(&root, request, dir, &|span| {
        let before = unknown.partition_point(|u| u.start <= span.start);
        !before
            .checked_sub(1)
            .is_some_and(|i| unknown[i].contains(span))
    })
}

/// PowerShell's `Invoke-RestMethod`/`Invoke-WebRequest` (`irm`/`iwr`) with a JSON `-Body` string
/// (`-Uri` is the request's URL); and the source bytes of the credentials its JSON strings
/// decode to.
pub fn powershell_invocations(commands: &[Command], dir: &Path) -> (Vec<Invocation>, Vec<Span>) {
    let mut out = Vec::new();
    let mut masked = Vec::new();
    for command in commands {
        let Some(start) = super::command_line::command_start(command) else {
            continue;
        };
        let words = &command.words[start..];
        let is_request = words.first().and_then(|w| w.known()).is_some_and(|w| {
            ["Invoke-RestMethod", "Invoke-WebRequest", "irm", "iwr"]
                .iter()
                .any(|c| c.eq_ignore_ascii_case(w))
        });
        if !is_request {
            continue;
        }
        let value_of = |name: &str| {
            words
                .windows(2)
                .find(|p| p[0].text.eq_ignore_ascii_case(name))
                .map(|p| &p[1])
        };
        let request = Request {
            url: value_of("-Uri").map(|w| Value::from_word_part(w, 0, w.text.len())),
            deployment: None,
        };
        if request.elsewhere() {
            continue;
        }
        if let Some(body) = value_of("-Body") {
            out.extend(word_body(body, 0, &request, dir, &mut masked));
        }
    }
    (out, masked)
}

/// The file spans of the body's strings and keys that hold text amlint cannot resolve (`$DATA`).
fn unknown_file_spans(cooked: &Node, placed: &Node, word: &Word, from: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut pending = vec![(cooked, placed)];
    while let Some((c, p)) = pending.pop() {
        match (&c.value, &p.value) {
            (Json::Object(a), Json::Object(b)) => {
                for (x, y) in a.iter().zip(b) {
                    // A key written with an expansion (`"$INPUT_NAME"`) is a computed name.
                    if !word.is_known_range(from + x.key_span.start, from + x.key_span.end) {
                        out.push(y.key_span);
                    }
                    pending.push((&x.value, &y.value));
                }
            }
            (Json::Array(a), Json::Array(b)) => pending.extend(a.iter().zip(b)),
            (Json::String(_), _) => {
                let span = c.content_span();
                if !word.is_known_range(from + span.start, from + span.end) {
                    out.push(p.content_span());
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_body_reads_as_an_invocation() {
        let text = r#"{"properties": {"InputData": {"heart_data": {"JobInputType": "UriFolder", "Uri": "azureml://datastores/workspaceblobstore/paths/heart"}}}}"#;
        let found = json_invocations(text, Path::new("."));
        assert_eq!(found.len(), 1);
        let input = &found[0].inputs[0];
        assert_eq!(input.name, "heart_data");
        assert_eq!(input.declared_type(), Some("uri_folder"));
        let path = input.path().unwrap();
        assert_eq!(&text[path.span.start..path.span.end], path.text);
    }

    #[test]
    fn spellings_compare_without_case_and_expressions_are_unknown() {
        let text = r#"{"Properties": {"inputData": {"d": {"jobInputType": "urifolder", "uri": "@concat('a', 'b')"}}}}"#;
        let found = json_invocations(text, Path::new("."));
        let input = &found[0].inputs[0];
        assert_eq!(input.declared_type(), Some("uri_folder"));
        assert!(input.path().is_none(), "an expression is not a known path");
    }

    #[test]
    fn a_request_to_an_online_endpoint_is_left_alone() {
        let request = Request {
            url: Some(Value::from_word(
                "https://e.westeurope.inference.ml.azure.com/score",
                Span::default(),
            )),
            deployment: None,
        };
        assert!(request.elsewhere());
        let jobs = Request {
            url: Some(Value::from_word(
                "https://heart.westeurope.inference.ml.azure.com/jobs",
                Span::default(),
            )),
            deployment: None,
        };
        assert!(!jobs.elsewhere());
        assert_eq!(jobs.endpoint().unwrap().text, "heart");
    }
}
