//! What an HTML form sends, read one way everywhere: a checkbox and an optional number.
//!
//! A plain `<form method="post">` sends a ticked checkbox as its `value` (`on`, `1`, `yes`) and
//! leaves an unticked one out; a JSON client may send `true`/`false`. An optional number may
//! come as a blank field. These helpers give each of those one meaning.

use serde::{Deserialize, Deserializer};

use crate::error::{AppError, ErrorKey};

/// A checkbox. Missing (with `#[server(default)]`), blank, `0`, `false` and `off` are unticked;
/// any other value, or JSON `true`, is ticked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Checkbox(pub bool);

impl Checkbox {
    pub fn is_ticked(self) -> bool {
        self.0
    }
}

/// The one meaning of "off" for a checkbox's submitted text.
pub fn is_ticked(value: &str) -> bool {
    let value = value.trim();
    !value.is_empty() && !["0", "false", "off"].contains(&value)
}

impl<'de> Deserialize<'de> for Checkbox {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Sent {
            Bool(bool),
            Text(String),
            Missing(()),
        }
        Ok(Checkbox(match Sent::deserialize(deserializer)? {
            Sent::Bool(b) => b,
            Sent::Text(t) => is_ticked(&t),
            Sent::Missing(_) => false,
        }))
    }
}

/// An optional number from a form field: absent or blank is `None`; anything else must be a
/// number, or the answer is `key` on `field` (so the form shows which field to fix).
pub fn optional_number<T: std::str::FromStr>(
    value: Option<&str>,
    field: &str,
    key: ErrorKey,
) -> Result<Option<T>, AppError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| AppError::field(key, field)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Form {
        #[serde(default)]
        agreed: Checkbox,
    }

    fn agreed(json: &str) -> bool {
        serde_json::from_str::<Form>(json)
            .unwrap()
            .agreed
            .is_ticked()
    }

    #[test]
    fn checkboxes_have_one_meaning_of_off() {
        for on in [
            r#"{"agreed":"on"}"#,
            r#"{"agreed":"1"}"#,
            r#"{"agreed":"yes"}"#,
            r#"{"agreed":true}"#,
        ] {
            assert!(agreed(on), "{on}");
        }
        for off in [
            "{}",
            r#"{"agreed":""}"#,
            r#"{"agreed":"0"}"#,
            r#"{"agreed":"false"}"#,
            r#"{"agreed":"off"}"#,
            r#"{"agreed":false}"#,
            r#"{"agreed":null}"#,
        ] {
            assert!(!agreed(off), "{off}");
        }
    }

    #[test]
    fn optional_numbers_are_blank_or_numbers() {
        assert_eq!(
            optional_number::<i64>(None, "n", ErrorKey::Invalid),
            Ok(None)
        );
        assert_eq!(
            optional_number::<i64>(Some("  "), "n", ErrorKey::Invalid),
            Ok(None)
        );
        assert_eq!(
            optional_number::<i64>(Some(" 12 "), "n", ErrorKey::Invalid),
            Ok(Some(12))
        );
        assert_eq!(
            optional_number::<i64>(Some("12a"), "n", ErrorKey::CapacityInvalid),
            Err(AppError::field(ErrorKey::CapacityInvalid, "n"))
        );
    }
}
