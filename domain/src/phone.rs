//! Mainland China mobile numbers.

use serde::{Deserialize, Serialize};

use crate::error::{AppError, ErrorKey};

/// A normalised mainland mobile number: 11 digits starting with 1[3-9].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// Accepts what people type: spaces, dashes, dots, brackets and a +86 / 0086 prefix.
    pub fn parse(input: &str) -> Result<Phone, AppError> {
        let digits: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{3000}'))
            .collect();
        let digits = digits
            .strip_prefix("+86")
            .or_else(|| digits.strip_prefix("0086"))
            .unwrap_or(&digits);
        let bytes = digits.as_bytes();
        let valid = bytes.len() == 11
            && bytes.iter().all(u8::is_ascii_digit)
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1]);
        if valid {
            Ok(Phone(digits.to_owned()))
        } else {
            Err(AppError::field(ErrorKey::PhoneInvalid, "phone"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form shown to everyone but the owner: 138****5678.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

/// Masks the middle four digits of a stored phone number.
pub fn mask(phone: &str) -> String {
    if phone.len() == 11 && phone.is_ascii() {
        format!("{}****{}", &phone[..3], &phone[7..])
    } else {
        "****".to_owned()
    }
}

impl TryFrom<String> for Phone {
    type Error = AppError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Phone::parse(&value)
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> String {
        p.0
    }
}

impl std::fmt::Display for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_what_people_type() {
        for input in [
            "13812345678",
            "138 1234 5678",
            "138-1234-5678",
            "+86 138 1234 5678",
            "0086 13812345678",
        ] {
            assert_eq!(
                Phone::parse(input).unwrap().as_str(),
                "13812345678",
                "{input}"
            );
        }
    }

    #[test]
    fn refuses_what_is_not_a_mobile_number() {
        for input in [
            "",
            "1381234567",
            "138123456789",
            "12812345678",
            "23812345678",
            "1381234567a",
            "+1 13812345678",
        ] {
            assert_eq!(
                Phone::parse(input).unwrap_err().key,
                ErrorKey::PhoneInvalid,
                "{input}"
            );
        }
    }

    #[test]
    fn masks_the_middle() {
        assert_eq!(Phone::parse("13812345678").unwrap().masked(), "138****5678");
        assert_eq!(mask("x"), "****");
    }
}
