//! The server's LSP shapes: diagnostics, ranges and positions in UTF-16 as the protocol counts
//! them, document URIs to paths and back.

use super::*;

/// A JSON-RPC message as amlint sends it, serialised from its typed parts.
#[derive(Serialize)]
pub(super) struct Outgoing<'a, P, R> {
    pub(super) jsonrpc: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) id: Option<&'a RequestId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) method: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) params: Option<P>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) result: Option<R>,
}

#[derive(Serialize)]
pub(super) struct PublishDiagnostics<'a> {
    pub(super) uri: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) version: Option<i64>,
    pub(super) diagnostics: LspDiagnostics<'a>,
}

/// The answer to `textDocument/diagnostic`.
#[derive(Serialize)]
pub(super) struct FullDocumentReport<'a> {
    pub(super) kind: &'static str,
    pub(super) items: LspDiagnostics<'a>,
}

/// A report's findings as LSP diagnostics, serialised one by one (none for no report).
pub(super) struct LspDiagnostics<'a>(pub(super) Option<&'a FileReport>);

impl Serialize for LspDiagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(report) = self.0 else {
            return serializer.collect_seq(std::iter::empty::<lsp_types::Diagnostic>());
        };
        let source = &report.source;
        serializer.collect_seq(report.diagnostics.iter().map(|d| lsp_diagnostic(source, d)))
    }
}

pub(super) fn lsp_range(source: &SourceFile, span: Span) -> lsp_types::Range {
    let position = |offset| {
        let (line, character) = source.utf16_position(offset);
        let number = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        lsp_types::Position::new(number(line), number(character))
    };
    lsp_types::Range::new(position(span.start), position(span.end))
}

pub(super) fn span_of_range(source: &SourceFile, range: &Value) -> Span {
    let at = |p: &Value| {
        source.offset_of_utf16(
            p["line"].as_u64().unwrap_or(0) as usize,
            p["character"].as_u64().unwrap_or(0) as usize,
        )
    };
    Span::new(at(&range["start"]), at(&range["end"]))
}

pub(super) fn lsp_diagnostic(source: &SourceFile, d: &Diagnostic) -> lsp_types::Diagnostic {
    lsp_types::Diagnostic {
        range: lsp_range(source, d.span),
        severity: Some(match d.severity {
            Severity::Error => lsp_types::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp_types::DiagnosticSeverity::WARNING,
        }),
        code: Some(lsp_types::NumberOrString::String(d.rule.to_string())),
        code_description: rules::help_uri(d.rule)
            .parse()
            .ok()
            .map(|href| lsp_types::CodeDescription { href }),
        source: Some("amlint".to_string()),
        message: d.message_with_help(),
        ..lsp_types::Diagnostic::default()
    }
}

/// `file:///a/b%20c.yml` → `/a/b c.yml`.
/// A document's URI as the server writes it back: a credential in it (a file named
/// `in?sv=…&sig=….yml`) with each of its bytes percent-encoded — the same URI (RFC 3986
/// §6.2.2.2: a client decodes it to the same path), and no secret in the messages.
pub(super) fn shown_uri(uri: &str) -> String {
    let secrets = crate::secrets::find(uri);
    if secrets.is_empty() {
        return uri.to_string();
    }
    let mut out = String::with_capacity(uri.len() * 3);
    let mut at = 0;
    for secret in secrets {
        out.push_str(&uri[at..secret.start]);
        for byte in uri[secret.start..secret.end].bytes() {
            out.push_str(&format!("%{byte:02X}"));
        }
        at = secret.end;
    }
    out.push_str(&uri[at..]);
    out
}

pub(super) fn path_of_uri(uri: &str) -> PathBuf {
    let raw = uri.strip_prefix("file://").unwrap_or(uri);
    // A bad escape (`%a…`, `%zz`) is kept as written.
    let out: Vec<u8> = percent_encoding::percent_decode_str(raw).collect();
    let path = String::from_utf8_lossy(&out).into_owned();
    // Windows: `file:///c%3A/x` and `file:///C:/x` are `c:/x` (no slash before the drive);
    // `file://server/share/x` is the UNC path `//server/share/x`.
    let bytes = path.as_bytes();
    if bytes.len() >= 3 && bytes[0] == b'/' && bytes[1].is_ascii_alphabetic() && bytes[2] == b':' {
        return PathBuf::from(&path[1..]);
    }
    if !raw.starts_with('/') && uri.starts_with("file://") && !raw.is_empty() {
        return PathBuf::from(format!("//{path}"));
    }
    PathBuf::from(path)
}

/// A fix as an imperative title: ``replace `old` with `new` ``, ``delete `old` ``, ``insert `new` ``
/// (long texts shortened).
pub(super) fn fix_title(source: &SourceFile, fix: &crate::diagnostic::Fix) -> String {
    let short = |text: &str| {
        let text = text.replace(['\r', '\n'], " ");
        match text.char_indices().nth(40) {
            Some((at, _)) => format!("{}…", &text[..at]),
            None => text,
        }
    };
    let old = source
        .text
        .get(fix.span.start..fix.span.end)
        .unwrap_or_default();
    match (old.is_empty(), fix.replacement.is_empty()) {
        (true, _) => format!("insert `{}`", short(&fix.replacement)),
        (false, true) => format!("delete `{}`", short(old)),
        (false, false) => format!(
            "replace `{}` with `{}`",
            short(old),
            short(&fix.replacement)
        ),
    }
}
