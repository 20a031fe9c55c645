//! What azure-ai-ml does with a literal input's `default` (`Input._update_default` and
//! `Input._parse` in `entities/_inputs_outputs/input.py`, version 1.35), given what PyYAML loaded.

use crate::model::Value;
use crate::yaml11::{self, python_float};

/// The SDK's verdict on one literal default.
#[derive(Debug, PartialEq)]
pub enum DefaultOutcome {
    Accepted,
    /// `type: integer` with a non-integral number: `int(float(v))` drops the fraction.
    Truncated {
        to: i128,
    },
    /// The SDK raises; the message is the SDK's own.
    Rejected(String),
}

/// Judge `default` under the literal type `ty` (`string`, `integer`, `number` or `boolean`).
pub fn literal_default(ty: &str, default: &Value) -> DefaultOutcome {
    use DefaultOutcome::*;
    let got = &default.text;
    match default.loaded {
        yaml11::Value::Null => return Accepted,
        yaml11::Value::Timestamp | yaml11::Value::Sequence | yaml11::Value::Mapping => {
            return Rejected(format!(
                "Default value of Input cannot be set: type must be one of ['integer', 'string', \
                 'number', 'boolean'], got '<class '{}'>'.",
                default.loaded.python_type()
            ));
        }
        _ => {}
    }
    let cannot_parse = || {
        Rejected(format!(
            "Default value of Input cannot be parsed, got '{got}', type = <class '{}'>.",
            default.loaded.python_type()
        ))
    };
    match ty {
        "integer" => match default.loaded {
            yaml11::Value::Int(_) | yaml11::Value::Bool(_) => Accepted,
            // The SDK ignores non-finite floats (they cannot be stored).
            yaml11::Value::Float(f) if !f.is_finite() => Accepted,
            yaml11::Value::Float(f) => truncation(f),
            _ => match python_float(got) {
                Some(f) if f.is_finite() => truncation(f),
                _ => cannot_parse(),
            },
        },
        "number" => match default.loaded {
            yaml11::Value::Int(_) | yaml11::Value::Bool(_) | yaml11::Value::Float(_) => Accepted,
            _ => match python_float(got) {
                Some(_) => Accepted,
                None => cannot_parse(),
            },
        },
        "boolean" => match default.loaded {
            yaml11::Value::Bool(_) => Accepted,
            _ if matches!(got.to_ascii_lowercase().as_str(), "true" | "false")
                && default.loaded.is_str() =>
            {
                Accepted
            }
            _ => Rejected(format!(
                "Boolean parameter only accept True/False, got {}.",
                python_repr(default)
            )),
        },
        _ => Accepted,
    }
}

fn truncation(f: f64) -> DefaultOutcome {
    if f.fract() == 0.0 {
        DefaultOutcome::Accepted
    } else {
        DefaultOutcome::Truncated {
            to: f.trunc() as i128,
        }
    }
}

/// How Python's `str()` prints a loaded value (for the SDK's messages).
fn python_repr(v: &Value) -> String {
    match v.loaded {
        yaml11::Value::Bool(true) => "True".into(),
        yaml11::Value::Bool(false) => "False".into(),
        yaml11::Value::Int(Some(n)) => n.to_string(),
        yaml11::Value::Float(f) if f.fract() == 0.0 && f.is_finite() => format!("{f:.1}"),
        yaml11::Value::Float(f) => f.to_string(),
        _ => v.text.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn yaml(text: &str) -> Value {
        Value {
            text: text.into(),
            span: Span::default(),
            loaded: yaml11::resolve(text),
            plain: true,
            known: true,
        }
    }

    fn quoted(text: &str) -> Value {
        Value::from_word(text, Span::default())
    }

    #[test]
    fn integers_follow_int_of_float() {
        assert_eq!(
            literal_default("integer", &yaml("5")),
            DefaultOutcome::Accepted
        );
        assert_eq!(
            literal_default("integer", &quoted("1e3")),
            DefaultOutcome::Accepted
        );
        assert_eq!(
            literal_default("integer", &yaml("true")),
            DefaultOutcome::Accepted
        );
        assert_eq!(
            literal_default("integer", &yaml("5.7")),
            DefaultOutcome::Truncated { to: 5 }
        );
        assert_eq!(
            literal_default("integer", &quoted("5.7")),
            DefaultOutcome::Truncated { to: 5 }
        );
        assert!(
            matches!(literal_default("integer", &yaml("abc")), DefaultOutcome::Rejected(m) if m.contains("cannot be parsed"))
        );
        assert!(matches!(
            literal_default("integer", &quoted("inf")),
            DefaultOutcome::Rejected(_)
        ));
    }

    #[test]
    fn numbers_follow_float() {
        assert_eq!(
            literal_default("number", &quoted("1.5")),
            DefaultOutcome::Accepted
        );
        assert_eq!(
            literal_default("number", &yaml("1e3")),
            DefaultOutcome::Accepted
        );
        assert!(matches!(
            literal_default("number", &yaml("fast")),
            DefaultOutcome::Rejected(_)
        ));
    }

    #[test]
    fn booleans_take_only_true_and_false() {
        assert_eq!(
            literal_default("boolean", &yaml("yes")),
            DefaultOutcome::Accepted
        );
        assert_eq!(
            literal_default("boolean", &quoted("TRUE")),
            DefaultOutcome::Accepted
        );
        assert!(
            matches!(literal_default("boolean", &quoted("yes")), DefaultOutcome::Rejected(m) if m.contains("only accept True/False, got yes"))
        );
        assert!(matches!(
            literal_default("boolean", &yaml("1")),
            DefaultOutcome::Rejected(_)
        ));
    }

    #[test]
    fn strings_take_anything_but_dates_and_collections() {
        assert_eq!(
            literal_default("string", &yaml("5")),
            DefaultOutcome::Accepted
        );
        assert!(
            matches!(literal_default("string", &yaml("2024-01-01")), DefaultOutcome::Rejected(m) if m.contains("datetime.date"))
        );
    }
}
