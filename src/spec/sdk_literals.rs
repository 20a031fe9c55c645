//! What azure-ai-ml does with a literal input's `default` (`Input._update_default` and
//! `Input._parse` in `entities/_inputs_outputs/input.py`, version 1.35), given what PyYAML loaded.

use crate::model::{InputType, Value};
use crate::syntax::yaml11::{self, python_float};

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
    /// A boolean under `integer`/`number`: accepted (`bool` is an `int` to Python) and sent as
    /// this JSON value (`true` → `1.0` for a number, `true` for an integer).
    BooleanSentAs(&'static str),
}

/// What `Input(type=…, default=v)` raises for a non-finite float (`.inf`, `-.inf`, `.nan`): the
/// SDK drops such a default ("nan/inf cannot be stored in the backend") and then reads the
/// attribute it never set.
pub const NON_FINITE_DEFAULT: &str = "AttributeError: 'Input' object has no attribute 'default'";

/// Judge `default` under the literal type `ty` (`string`, `integer`, `number` or `boolean`).
pub fn literal_default(ty: InputType, default: &Value) -> DefaultOutcome {
    use DefaultOutcome::*;
    let got = &default.text;
    match default.loaded() {
        yaml11::Value::Null => return Accepted,
        yaml11::Value::Float(f) if !f.is_finite() => return Rejected(NON_FINITE_DEFAULT.into()),
        yaml11::Value::Timestamp | yaml11::Value::Sequence | yaml11::Value::Mapping => {
            return Rejected(format!(
                "Default value of Input cannot be set: type must be one of ['integer', 'string', \
                 'number', 'boolean'], got '<class '{}'>'.",
                default.loaded().python_type()
            ));
        }
        _ => {}
    }
    let cannot_parse = || {
        Rejected(format!(
            "Default value of Input cannot be parsed, got '{got}', type = <class '{}'>.",
            default.loaded().python_type()
        ))
    };
    match ty {
        InputType::Integer => match default.loaded() {
            yaml11::Value::Int(_) => Accepted,
            yaml11::Value::Bool(b) => BooleanSentAs(if b { "true" } else { "false" }),
            yaml11::Value::Float(f) => truncation(f),
            _ => match python_float(got) {
                Some(f) if f.is_finite() => truncation(f),
                _ => cannot_parse(),
            },
        },
        InputType::Number => match default.loaded() {
            yaml11::Value::Int(_) | yaml11::Value::Float(_) => Accepted,
            yaml11::Value::Bool(b) => BooleanSentAs(if b { "1.0" } else { "0.0" }),
            _ => match python_float(got) {
                Some(_) => Accepted,
                None => cannot_parse(),
            },
        },
        InputType::Boolean => match default.loaded() {
            yaml11::Value::Bool(_) => Accepted,
            _ if matches!(got.to_ascii_lowercase().as_str(), "true" | "false")
                && default.loaded().is_str() =>
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

/// What a `type: string` literal sends for a default the YAML loader made into something else:
/// Python's `str()` of the loaded value (`3.10` → `"3.1"`, `true` → `"True"`, `0x1F` → `"31"`),
/// or `None` when the loaded value is a string, not a scalar, or not sent as a string at all
/// (null: no value; dates and non-finite floats: the SDK raises).
pub fn string_sent_as(default: &Value) -> Option<String> {
    match default.loaded() {
        yaml11::Value::Bool(true) => Some("True".into()),
        yaml11::Value::Bool(false) => Some("False".into()),
        yaml11::Value::Int(Some(n)) => Some(n.to_string()),
        yaml11::Value::Float(f) if f.is_finite() => Some(python_float_repr(f)),
        _ => None,
    }
}

/// Python's `repr()` of a float: the shortest digits that round-trip, in fixed notation for
/// exponents from -4 to 15 (always with a fraction: `1000.0`) and in scientific notation
/// otherwise (`1e+16`, `1.5e-05`).
pub fn python_float_repr(f: f64) -> String {
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    // `{:e}` gives Rust's shortest round-trip digits: `3.1e0`, `1e16`, `-1.5e-7`.
    let scientific = format!("{f:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if (-4..16).contains(&exponent) {
        let point = exponent + 1;
        let text = if point <= 0 {
            format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
        } else if point as usize >= digits.len() {
            format!("{digits}{}.0", "0".repeat(point as usize - digits.len()))
        } else {
            let (whole, fraction) = digits.split_at(point as usize);
            format!("{whole}.{fraction}")
        };
        format!("{sign}{text}")
    } else {
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        format!(
            "{sign}{first}{fraction}e{exponent_sign}{:02}",
            exponent.unsigned_abs()
        )
    }
}

/// How Python's `str()` prints a loaded value (for the SDK's messages).
fn python_repr(v: &Value) -> String {
    match v.loaded() {
        yaml11::Value::Bool(true) => "True".into(),
        yaml11::Value::Bool(false) => "False".into(),
        yaml11::Value::Int(Some(n)) => n.to_string(),
        yaml11::Value::Float(f) if f.is_finite() => python_float_repr(f),
        yaml11::Value::Float(f) if f.is_nan() => "nan".into(),
        yaml11::Value::Float(f) if f > 0.0 => "inf".into(),
        yaml11::Value::Float(_) => "-inf".into(),
        _ => v.text.to_string(),
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
            reading: crate::model::Reading::of(text, yaml11::resolve(text)),
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
            literal_default(InputType::Integer, &yaml("5")),
            DefaultOutcome::Accepted
        );
        assert_eq!(
            literal_default(InputType::Integer, &quoted("1e3")),
            DefaultOutcome::Accepted
        );
        assert_eq!(
            literal_default(InputType::Integer, &yaml("true")),
            DefaultOutcome::BooleanSentAs("true")
        );
        assert_eq!(
            literal_default(InputType::Number, &yaml("false")),
            DefaultOutcome::BooleanSentAs("0.0")
        );
        for text in [".inf", "-.inf", ".nan"] {
            for ty in [
                InputType::Integer,
                InputType::Number,
                InputType::String,
                InputType::Boolean,
            ] {
                assert_eq!(
                    literal_default(ty, &yaml(text)),
                    DefaultOutcome::Rejected(NON_FINITE_DEFAULT.into()),
                    "{ty} {text}"
                );
            }
        }
        assert_eq!(
            literal_default(InputType::Integer, &yaml("5.7")),
            DefaultOutcome::Truncated { to: 5 }
        );
        assert_eq!(
            literal_default(InputType::Integer, &quoted("5.7")),
            DefaultOutcome::Truncated { to: 5 }
        );
        assert!(
            matches!(literal_default(InputType::Integer, &yaml("abc")), DefaultOutcome::Rejected(m) if m.contains("cannot be parsed"))
        );
        assert!(matches!(
            literal_default(InputType::Integer, &quoted("inf")),
            DefaultOutcome::Rejected(_)
        ));
    }

    #[test]
    fn numbers_follow_float() {
        assert_eq!(
            literal_default(InputType::Number, &quoted("1.5")),
            DefaultOutcome::Accepted
        );
        assert_eq!(
            literal_default(InputType::Number, &yaml("1e3")),
            DefaultOutcome::Accepted
        );
        assert!(matches!(
            literal_default(InputType::Number, &yaml("fast")),
            DefaultOutcome::Rejected(_)
        ));
    }

    #[test]
    fn booleans_take_only_true_and_false() {
        assert_eq!(
            literal_default(InputType::Boolean, &yaml("yes")),
            DefaultOutcome::Accepted
        );
        assert_eq!(
            literal_default(InputType::Boolean, &quoted("TRUE")),
            DefaultOutcome::Accepted
        );
        assert!(
            matches!(literal_default(InputType::Boolean, &quoted("yes")), DefaultOutcome::Rejected(m) if m.contains("only accept True/False, got yes"))
        );
        assert!(matches!(
            literal_default(InputType::Boolean, &yaml("1")),
            DefaultOutcome::Rejected(_)
        ));
    }

    #[test]
    fn python_float_repr_matches_python() {
        // Each pair was printed by CPython 3.11's `repr(float(x))`.
        for (value, python) in [
            (3.1, "3.1"),
            (1000.0, "1000.0"),
            (0.5, "0.5"),
            (-2.25, "-2.25"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (123456789012345.6, "123456789012345.6"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (-0.0, "-0.0"),
            (1e300, "1e+300"),
        ] {
            assert_eq!(python_float_repr(value), python, "{value}");
        }
    }

    #[test]
    fn strings_send_the_python_str_of_what_was_loaded() {
        assert_eq!(string_sent_as(&yaml("3.10")).as_deref(), Some("3.1"));
        assert_eq!(string_sent_as(&yaml("true")).as_deref(), Some("True"));
        assert_eq!(string_sent_as(&yaml("0x1F")).as_deref(), Some("31"));
        assert_eq!(string_sent_as(&yaml("1.0e+3")).as_deref(), Some("1000.0"));
        assert_eq!(string_sent_as(&yaml("append")), None);
        assert_eq!(string_sent_as(&yaml("~")), None);
        assert_eq!(string_sent_as(&yaml(".inf")), None);
    }

    #[test]
    fn strings_take_anything_but_dates_and_collections() {
        assert_eq!(
            literal_default(InputType::String, &yaml("5")),
            DefaultOutcome::Accepted
        );
        assert!(
            matches!(literal_default(InputType::String, &yaml("2024-01-01")), DefaultOutcome::Rejected(m) if m.contains("datetime.date"))
        );
    }
}
