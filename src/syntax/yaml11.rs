//! What PyYAML's `safe_load` (YAML 1.1, the loader that `az ml` and `azure-ai-ml` use) makes of a
//! plain scalar. The patterns are PyYAML's own implicit resolvers (`resolver.py`), so `no` is a
//! boolean, `010` is 8, `1_000` is 1000, `1:30` is 90, `2024-01-01` is a date — but `1e3` stays a
//! string (PyYAML's float needs a dot and a signed exponent).

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

// PyYAML's implicit resolvers (`yaml/resolver.py`), as hand-written matchers: the regular
// expressions they stand for (kept in the tests, which compare the two on every short string of
// the characters that matter) cost a fifth of a one-file run to compile. Each matcher takes the
// whole text, as the patterns are anchored at both ends.

/// `yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF`
fn is_bool(s: &str) -> bool {
    matches!(
        s,
        "yes"
            | "Yes"
            | "YES"
            | "no"
            | "No"
            | "NO"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
    )
}

/// `~|null|Null|NULL|` (the empty text too)
fn is_null(s: &str) -> bool {
    matches!(s, "~" | "null" | "Null" | "NULL" | "")
}

/// Bytes read left to right; each step consumes what it matches.
struct Cursor<'a> {
    rest: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor { rest: s.as_bytes() }
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.rest.first() == Some(&byte) {
            self.rest = &self.rest[1..];
            true
        } else {
            false
        }
    }

    fn eat_if(&mut self, test: impl Fn(u8) -> bool) -> bool {
        match self.rest.first() {
            Some(&b) if test(b) => {
                self.rest = &self.rest[1..];
                true
            }
            _ => false,
        }
    }

    /// As many bytes as pass `test`; how many.
    fn eat_while(&mut self, test: impl Fn(u8) -> bool) -> usize {
        let n = self.rest.iter().take_while(|b| test(**b)).count();
        self.rest = &self.rest[n..];
        n
    }

    fn sign(&mut self) {
        let _ = self.eat(b'-') || self.eat(b'+');
    }

    fn done(&self) -> bool {
        self.rest.is_empty()
    }

    /// `(?::[0-5]?[0-9])+`: at least one sexagesimal group.
    fn sexagesimal_groups(&mut self) -> bool {
        let mut groups = 0;
        while self.rest.first() == Some(&b':') {
            let digits = &self.rest[1..];
            let take = match digits {
                [a, b, ..] if (b'0'..=b'5').contains(a) && b.is_ascii_digit() => 2,
                [a, ..] if a.is_ascii_digit() => 1,
                _ => return groups > 0,
            };
            self.rest = &digits[take..];
            groups += 1;
        }
        groups > 0
    }

    /// `(?:[eE][-+][0-9]+)?`
    fn exponent(&mut self) {
        let saved = self.rest;
        if self.eat_if(|b| b == b'e' || b == b'E')
            && self.eat_if(|b| b == b'-' || b == b'+')
            && self.eat_while(|b| b.is_ascii_digit()) > 0
        {
            return;
        }
        self.rest = saved;
    }
}

fn digit_or_underscore(b: u8) -> bool {
    b.is_ascii_digit() || b == b'_'
}

/// `[-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(?:0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+ |
/// [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+`
fn is_int(s: &str) -> bool {
    let mut c = Cursor::new(s);
    c.sign();
    let after_sign = c.rest;
    if c.eat(b'0') {
        if c.done() {
            return true;
        }
        if c.eat(b'b') {
            return c.eat_while(|b| b == b'0' || b == b'1' || b == b'_') > 0 && c.done();
        }
        if c.eat(b'x') {
            return c.eat_while(|b| b.is_ascii_hexdigit() || b == b'_') > 0 && c.done();
        }
        return c.eat_while(|b| (b'0'..=b'7').contains(&b) || b == b'_') > 0 && c.done();
    }
    c.rest = after_sign;
    if !c.eat_if(|b| (b'1'..=b'9').contains(&b)) {
        return false;
    }
    c.eat_while(digit_or_underscore);
    c.done() || (c.sexagesimal_groups() && c.done())
}

/// `[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)? | \.[0-9][0-9_]*(?:[eE][-+][0-9]+)? |
/// [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)`
fn is_float(s: &str) -> bool {
    if matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let mut c = Cursor::new(s);
    let signed = matches!(s.as_bytes().first(), Some(b'-' | b'+'));
    c.sign();
    if c.eat(b'.') {
        let rest = c.rest;
        if matches!(rest, b"inf" | b"Inf" | b"INF") {
            return true;
        }
        // `\.[0-9][0-9_]*` takes no sign.
        if signed || !c.eat_if(|b| b.is_ascii_digit()) {
            return false;
        }
        c.eat_while(digit_or_underscore);
        c.exponent();
        return c.done();
    }
    if !c.eat_if(|b| b.is_ascii_digit()) {
        return false;
    }
    c.eat_while(digit_or_underscore);
    if c.eat(b'.') {
        c.eat_while(digit_or_underscore);
        c.exponent();
        return c.done();
    }
    if !c.sexagesimal_groups() || !c.eat(b'.') {
        return false;
    }
    c.eat_while(digit_or_underscore);
    c.done()
}

/// `[0-9]{4}-[0-9]{2}-[0-9]{2} | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?`
fn is_timestamp(s: &str) -> bool {
    let digits = |c: &mut Cursor<'_>, min: usize, max: usize| {
        let n = c
            .rest
            .iter()
            .take(max)
            .take_while(|b| b.is_ascii_digit())
            .count();
        c.rest = &c.rest[n..];
        n >= min
    };
    let mut c = Cursor::new(s);
    if !(digits(&mut c, 4, 4) && c.eat(b'-')) {
        return false;
    }
    let date = c.rest;
    if digits(&mut c, 2, 2) && c.eat(b'-') && digits(&mut c, 2, 2) && c.done() {
        return true;
    }
    c.rest = date;
    if !(digits(&mut c, 1, 2) && c.eat(b'-') && digits(&mut c, 1, 2)) {
        return false;
    }
    if !(c.eat_if(|b| b == b'T' || b == b't') || c.eat_while(|b| b == b' ' || b == b'\t') > 0) {
        return false;
    }
    if !(digits(&mut c, 1, 2)
        && c.eat(b':')
        && digits(&mut c, 2, 2)
        && c.eat(b':')
        && digits(&mut c, 2, 2))
    {
        return false;
    }
    if c.eat(b'.') {
        c.eat_while(|b| b.is_ascii_digit());
    }
    if c.done() {
        return true;
    }
    c.eat_while(|b| b == b' ' || b == b'\t');
    if c.eat(b'Z') {
        return c.done();
    }
    if !(c.eat_if(|b| b == b'-' || b == b'+') && digits(&mut c, 1, 2)) {
        return false;
    }
    if c.eat(b':') && !digits(&mut c, 2, 2) {
        return false;
    }
    c.done()
}

/// Resolve a plain scalar the way PyYAML does.
pub fn resolve(text: &str) -> Value {
    // PyYAML's first characters for each resolver (`yaml/resolver.py`); every pattern above
    // matches only text starting with one of its characters, so the answer is the same.
    let Some(&first) = text.as_bytes().first() else {
        return Value::Null;
    };
    let digit = first.is_ascii_digit();
    let sign_or_digit = digit || first == b'-' || first == b'+';
    if b"~nN".contains(&first) && is_null(text) {
        Value::Null
    } else if b"yYnNtTfFoO".contains(&first) && is_bool(text) {
        Value::Bool(matches!(first, b'y' | b'Y' | b't' | b'T') || text.eq_ignore_ascii_case("on"))
    } else if sign_or_digit && is_int(text) {
        Value::Int(parse_int(text))
    } else if (sign_or_digit || first == b'.') && is_float(text) {
        Value::Float(parse_float(text))
    } else if digit && is_timestamp(text) {
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

    /// The hand-written matchers against PyYAML's patterns, on every string of up to five of
    /// the characters the patterns care about (and samples of longer ones).
    #[test]
    fn matchers_agree_with_pyyamls_patterns() {
        use regex::Regex;
        type Matcher = fn(&str) -> bool;
        let patterns: [(&str, Matcher); 3] = [
            (
                r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
                is_int,
            ),
            (
                r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
                is_float,
            ),
            (
                r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
                is_timestamp,
            ),
        ];
        let alphabet = [
            "0", "1", "7", "8", "9", "6", "_", ":", ".", "e", "+", "-", "x", "b", "a", "Z", "T",
            "t", " ", "\t",
        ];
        let mut texts: Vec<String> = vec![String::new()];
        let mut frontier = texts.clone();
        for _ in 0..5 {
            let next: Vec<String> = frontier
                .iter()
                .flat_map(|t| alphabet.iter().map(move |a| format!("{t}{a}")))
                .collect();
            texts.extend(next.iter().cloned());
            frontier = next;
        }
        texts.extend(
            [
                "2024-01-01",
                "2024-1-1T1:00:00",
                "2024-01-01 10:00:00.5 +01:00",
                "2001-12-14t21:59:43.10-05:00",
                "2001-12-14 21:59:43.10 Z",
                "190:20:30",
                "190:20:30.15",
                "1_000",
                "0x_1F",
                "0b1010",
                "-0o17",
                "0o17",
                "+.inf",
                "-.Inf",
                ".NaN",
                "+.nan",
                "1.5e+3",
                "1.5e3",
                ".5",
                "-.5",
                "6.8523015e+5",
                "685.230_15e+03",
                "1:60",
                "1:6:7",
                "2024-01-01T",
                "2024-01-01 10:00:00+1:30",
            ]
            .map(String::from),
        );
        for (pattern, matcher) in patterns {
            let regex = Regex::new(pattern).expect("pattern");
            for text in &texts {
                assert_eq!(matcher(text), regex.is_match(text), "{pattern} on {text:?}");
            }
        }
    }
}
