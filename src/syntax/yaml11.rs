//! What PyYAML's `safe_load` (YAML 1.1, the loader that `az ml` and `azure-ai-ml` use) makes of a
//! plain scalar. The patterns are PyYAML's own implicit resolvers (`resolver.py`), so `no` is a
//! boolean, `010` is 8, `1_000` is 1000, `1:30` is 90, `2024-01-01` is a date — but `1e3` stays a
//! string (PyYAML's float needs a dot and a signed exponent).

use std::sync::LazyLock;

use regex::Regex;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// An integer; `None` when it does not fit in 128 bits (Python would still hold it).
    Int(Option<i128>),
    Float(f64),
    /// A `datetime.date` or `datetime.datetime`.
    Timestamp,
    Str,
    Sequence,
    Mapping,
}

impl Value {
    /// The Python type name, for messages.
    pub fn python_type(&self) -> &'static str {
        match self {
            Value::Null => "None",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Timestamp => "datetime.date",
            Value::Str => "str",
            Value::Sequence => "list",
            Value::Mapping => "dict",
        }
    }

    pub fn is_str(&self) -> bool {
        matches!(self, Value::Str)
    }
}

// Each resolver is compiled on first use only: PyYAML picks resolvers by a scalar's first
// character, and so does `resolve`, so a file whose values start with letters (names, paths,
// `azureml:` URIs) never pays for the number and timestamp patterns — start-up is part of an
// editor's save.
static BOOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")
        .expect("bool pattern")
});
static INT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
    )
    .expect("int pattern")
});
static FLOAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
    )
    .expect("float pattern")
});
static NULL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:~|null|Null|NULL|)$").expect("null pattern"));
static TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
    )
    .expect("timestamp pattern")
});

/// Resolve a plain scalar the way PyYAML does.
pub fn resolve(text: &str) -> Value {
    // PyYAML's first characters for each resolver (`yaml/resolver.py`); every pattern above
    // matches only text starting with one of its characters, so the answer is the same.
    let Some(&first) = text.as_bytes().first() else {
        return Value::Null;
    };
    let digit = first.is_ascii_digit();
    let sign_or_digit = digit || first == b'-' || first == b'+';
    if b"~nN".contains(&first) && NULL.is_match(text) {
        Value::Null
    } else if b"yYnNtTfFoO".contains(&first) && BOOL.is_match(text) {
        Value::Bool(matches!(first, b'y' | b'Y' | b't' | b'T') || text.eq_ignore_ascii_case("on"))
    } else if sign_or_digit && INT.is_match(text) {
        Value::Int(parse_int(text))
    } else if (sign_or_digit || first == b'.') && FLOAT.is_match(text) {
        Value::Float(parse_float(text))
    } else if digit && TIMESTAMP.is_match(text) {
        Value::Timestamp
    } else {
        Value::Str
    }
}

/// YAML 1.1 booleans that PyYAML does *not* resolve (`y`, `n`), but other YAML 1.1 loaders do.
pub fn is_spec_only_bool(text: &str) -> bool {
    matches!(text, "y" | "Y" | "n" | "N")
}

/// What a plain scalar that only YAML 1.1 reads this way becomes (`no`: "the boolean `false`",
/// `010`: "the integer `8`"), or `None` when it reads as it looks — to a reader who knows the
/// input's type `intended` (`yes` under `boolean` is meant). `yaml11-implicit-type` reports these;
/// `literal-default-coerced` reports the readings YAML 1.2 shares, so a value never gets both.
pub fn surprising_reading(text: &str, loaded: Value, intended: Option<&str>) -> Option<String> {
    match loaded {
        Value::Bool(b) => {
            let obvious = matches!(text, "true" | "True" | "TRUE" | "false" | "False" | "FALSE");
            (!obvious && intended != Some("boolean"))
                .then(|| format!("the boolean `{}`", if b { "true" } else { "false" }))
        }
        Value::Str if is_spec_only_bool(text) => (intended != Some("boolean"))
            .then(|| "a boolean by other YAML 1.1 loaders (PyYAML keeps it a string)".into()),
        Value::Str if is_yaml12_octal(text) => {
            Some("a string by PyYAML, but the number 0o… by YAML 1.2 tools".into())
        }
        Value::Int(n) => {
            let digits = text.trim_start_matches(['-', '+']);
            let octal = digits.len() > 1
                && digits.starts_with('0')
                && !digits.starts_with("0x")
                && !digits.starts_with("0b");
            let binary = digits.starts_with("0b");
            let sexagesimal = text.contains(':');
            let underscored = text.contains('_');
            let numeric = matches!(intended, Some("integer" | "number"));
            let shown = n.map_or_else(
                || "a large integer".to_string(),
                |n| format!("the integer `{n}`"),
            );
            if octal || sexagesimal || ((underscored || binary) && !numeric) {
                Some(shown)
            } else {
                None
            }
        }
        Value::Float(_)
            if text.contains(':') || (text.contains('_') && intended != Some("number")) =>
        {
            Some("a number".into())
        }
        _ => None,
    }
}

fn is_yaml12_octal(text: &str) -> bool {
    let digits = text.trim_start_matches(['-', '+']);
    digits
        .strip_prefix("0o")
        .is_some_and(|d| !d.is_empty() && d.chars().all(|c| ('0'..='7').contains(&c)))
}

fn split_sign(text: &str) -> (i128, &str) {
    match text.as_bytes().first() {
        Some(b'-') => (-1, &text[1..]),
        Some(b'+') => (1, &text[1..]),
        _ => (1, text),
    }
}

fn parse_int(text: &str) -> Option<i128> {
    let cleaned: String = text.chars().filter(|&c| c != '_').collect();
    let (sign, digits) = split_sign(&cleaned);
    let magnitude = if let Some(bin) = digits.strip_prefix("0b") {
        i128::from_str_radix(bin, 2).ok()?
    } else if let Some(hex) = digits.strip_prefix("0x") {
        i128::from_str_radix(hex, 16).ok()?
    } else if digits.contains(':') {
        digits.split(':').try_fold(0i128, |acc, part| {
            acc.checked_mul(60)?.checked_add(part.parse::<i128>().ok()?)
        })?
    } else if digits.len() > 1 && digits.starts_with('0') {
        i128::from_str_radix(&digits[1..], 8).ok()?
    } else {
        digits.parse::<i128>().ok()?
    };
    Some(sign * magnitude)
}

fn parse_float(text: &str) -> f64 {
    let cleaned: String = text.chars().filter(|&c| c != '_').collect();
    let lower = cleaned.to_ascii_lowercase();
    let (sign, rest) = split_sign(&lower);
    let sign = sign as f64;
    if rest == ".inf" {
        return sign * f64::INFINITY;
    }
    if rest == ".nan" {
        return f64::NAN;
    }
    if rest.contains(':') {
        let value = rest.split(':').fold(0.0, |acc, part| {
            acc * 60.0 + part.parse::<f64>().unwrap_or(0.0)
        });
        return sign * value;
    }
    sign * rest.parse::<f64>().unwrap_or(f64::NAN)
}

/// What Python's `float(s)` accepts (used by the SDK to parse literal defaults given as strings).
pub fn python_float(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() || t.starts_with('_') || t.ends_with('_') || t.contains("__") {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    let (sign, rest) = split_sign(&lower);
    let sign = sign as f64;
    match rest {
        "inf" | "infinity" => return Some(sign * f64::INFINITY),
        "nan" => return Some(f64::NAN),
        _ => {}
    }
    // Python allows `_` only between digits.
    let bytes = rest.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'_'
            && !(i > 0
                && bytes[i - 1].is_ascii_digit()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            return None;
        }
    }
    let cleaned: String = rest.chars().filter(|&c| c != '_').collect();
    if !cleaned
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-'))
    {
        return None;
    }
    cleaned.parse::<f64>().ok().map(|v| sign * v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pyyaml_booleans() {
        for t in ["yes", "No", "ON", "off", "true", "False"] {
            assert!(matches!(resolve(t), Value::Bool(_)), "{t}");
        }
        assert_eq!(resolve("on"), Value::Bool(true));
        assert_eq!(resolve("no"), Value::Bool(false));
        // PyYAML does not resolve y/n.
        assert_eq!(resolve("y"), Value::Str);
        assert_eq!(resolve("yEs"), Value::Str);
    }

    #[test]
    fn pyyaml_integers() {
        assert_eq!(resolve("010"), Value::Int(Some(8)));
        assert_eq!(resolve("0o17"), Value::Str);
        assert_eq!(resolve("1_000"), Value::Int(Some(1000)));
        assert_eq!(resolve("1:30"), Value::Int(Some(90)));
        assert_eq!(resolve("0x1F"), Value::Int(Some(31)));
        assert_eq!(resolve("-7"), Value::Int(Some(-7)));
        assert_eq!(resolve("0"), Value::Int(Some(0)));
    }

    #[test]
    fn pyyaml_floats_need_a_dot() {
        assert_eq!(resolve("1.5"), Value::Float(1.5));
        assert_eq!(resolve("5."), Value::Float(5.0));
        assert_eq!(resolve("1e3"), Value::Str);
        assert_eq!(resolve("1.0e+3"), Value::Float(1000.0));
        assert!(matches!(resolve(".inf"), Value::Float(f) if f.is_infinite()));
    }

    #[test]
    fn pyyaml_null_and_dates() {
        assert_eq!(resolve("~"), Value::Null);
        assert_eq!(resolve(""), Value::Null);
        assert_eq!(resolve("2024-01-01"), Value::Timestamp);
        assert_eq!(resolve("2024-1-1 10:00:00"), Value::Timestamp);
        assert_eq!(resolve("2024-01-01x"), Value::Str);
    }

    #[test]
    fn python_float_parsing() {
        assert_eq!(python_float("1e3"), Some(1000.0));
        assert_eq!(python_float(" 5 "), Some(5.0));
        assert_eq!(python_float("1_000.5"), Some(1000.5));
        assert_eq!(python_float("abc"), None);
        assert_eq!(python_float("1__0"), None);
        assert!(python_float("-inf").unwrap().is_infinite());
        assert!(python_float("nan").unwrap().is_nan());
    }
}
