//! Template placeholders: values that a templating step fills in before the CLI, the SDK or the
//! service ever sees them.
//!
//! Real repositories keep their batch YAML, inputs files and commands as templates: Azure DevOps
//! macros `$(endpoint_name)` and template expressions `${{ parameters.x }}`, shell and
//! `envsubst` variables `$ENV`/`${ENV}`, Jinja/Helm `{{ x }}`, replace-tokens `#{TOKEN}#`,
//! Windows `%NAME%`, and documentation placeholders `<endpoint-name>`. Such a value is *unknown*,
//! not invalid: it satisfies any pattern, enum or type a rule would check, and rules that judge a
//! value's content stay silent on it. This module is the one place that says what a placeholder
//! looks like; it sits below the model and the front-ends, which all use it.

/// Whether `text` is, or contains, a template placeholder.
pub fn contains(text: &str) -> bool {
    // Every marker is ASCII, so an offset where one starts is a character boundary.
    text.bytes().enumerate().any(|(i, b)| match b {
        b'$' => dollar(&text[i..]),
        b'{' => text[i..].starts_with("{{") && text[i + 2..].contains("}}"),
        b'#' => text[i..].starts_with("#{") && closed_by(&text[i + 2..], "}#"),
        b'%' => percent(&text[i..]),
        b'<' => angle(&text[i..]),
        _ => false,
    })
}

/// Whether `text` starts with a placeholder (`<data-store-ID>/x`, `$DATA/x`, `{{ x }}`), or is
/// one: what documentation writes where a value belongs.
pub fn starts_with(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with('<') || t.starts_with('$') || t.starts_with('{') || contains(t)
}

/// `$(name)`, `${…}` (and `${{ … }}`), `$NAME`.
fn dollar(rest: &str) -> bool {
    let after = &rest[1..];
    match after.as_bytes().first() {
        Some(b'(') => closed_by(&after[1..], ")"),
        Some(b'{') => closed_by(&after[1..], "}"),
        Some(&b) => b.is_ascii_alphabetic() || b == b'_',
        None => false,
    }
}

/// `%NAME%` (cmd, and Azure DevOps on Windows agents).
fn percent(rest: &str) -> bool {
    let after = &rest[1..];
    let name_len = after
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    name_len > 0
        && after.as_bytes().get(name_len) == Some(&b'%')
        && after.as_bytes()[0].is_ascii_alphabetic()
}

/// `<endpoint-name>`, `<your storage account>`: non-empty, on one line, no nested `<`.
fn angle(rest: &str) -> bool {
    let after = &rest[1..];
    let Some(close) = after.find('>') else {
        return false;
    };
    let inner = &after[..close];
    !inner.trim().is_empty()
        && !inner.contains(['<', '\n', '='])
        && inner
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Whether `closing` occurs in `text` before the end of its line.
fn closed_by(text: &str, closing: &str) -> bool {
    let line = text.split('\n').next().unwrap_or("");
    line.contains(closing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_style_is_a_placeholder() {
        for text in [
            "$(endpoint_name_test)",
            "${{ parameters.deployment }}",
            "${ENDPOINT}",
            "$ENDPOINT",
            "{{ cluster }}",
            "azureml:{{ cluster }}",
            "#{ENDPOINT_NAME}#",
            "<endpoint-name>",
            "azureml://datastores/<datastore>/paths/x",
            "churn-$(env)",
            "%BUILD_ID%",
            "é${X}",
        ] {
            assert!(contains(text), "{text}");
        }
    }

    #[test]
    fn ordinary_values_are_not_placeholders() {
        for text in [
            "churn-batch",
            "azureml:churn-model:3",
            "https://x.blob.core.windows.net/c?sig=abc",
            "cost in $",
            "50%",
            "a < b",
            "{not: template}",
            "#channel",
            "x > 3",
            "données/été$",
        ] {
            assert!(!contains(text), "{text}");
        }
    }
}
