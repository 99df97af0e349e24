//! Password rules a person can live with: at least 8 characters, not one character repeated,
//! not her phone number.

use crate::error::{AppError, ErrorKey};
use crate::Phone;

pub const MIN_LENGTH: usize = 8;
/// Longer inputs are refused before hashing, so nobody can make the server hash megabytes.
pub const MAX_LENGTH: usize = 128;

pub fn check(password: &str, phone: &Phone) -> Result<(), AppError> {
    let chars: Vec<char> = password.chars().collect();
    if chars.len() < MIN_LENGTH {
        return Err(AppError::field(ErrorKey::PasswordTooShort, "password"));
    }
    if chars.len() > MAX_LENGTH {
        return Err(AppError::field(ErrorKey::Invalid, "password"));
    }
    if chars.iter().all(|c| *c == chars[0]) {
        return Err(AppError::field(ErrorKey::PasswordTooSimple, "password"));
    }
    // Her number however written: digits compared, with spaces, dashes, dots or a +86 around.
    let digits: String = password.chars().filter(char::is_ascii_digit).collect();
    let digits = match digits.strip_prefix("86") {
        Some(rest) if rest.len() == 11 => rest,
        _ => digits.as_str(),
    };
    let only_number_marks = password
        .chars()
        .all(|c| c.is_ascii_digit() || !c.is_alphanumeric());
    if only_number_marks && digits == phone.as_str() {
        return Err(AppError::field(ErrorKey::PasswordIsPhone, "password"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        let phone = Phone::parse("13812345678").unwrap();
        assert!(check("tongxin-demo", &phone).is_ok());
        assert_eq!(
            check("short", &phone).unwrap_err().key,
            ErrorKey::PasswordTooShort
        );
        assert_eq!(
            check("aaaaaaaaaa", &phone).unwrap_err().key,
            ErrorKey::PasswordTooSimple
        );
        assert_eq!(
            check("13812345678", &phone).unwrap_err().key,
            ErrorKey::PasswordIsPhone
        );
        assert_eq!(
            check("138 1234 5678", &phone).unwrap_err().key,
            ErrorKey::PasswordIsPhone
        );
        for written in [
            "+86 138 1234 5678",
            "138.1234.5678",
            "(138)1234-5678",
            "8613812345678",
        ] {
            assert_eq!(
                check(written, &phone).unwrap_err().key,
                ErrorKey::PasswordIsPhone,
                "{written}"
            );
        }
        assert!(
            check("my13812345678", &phone).is_ok(),
            "more than the number"
        );
        assert_eq!(
            check(&"x1".repeat(100), &phone).unwrap_err().key,
            ErrorKey::Invalid
        );
        assert!(
            check("密码是同心二零二六", &phone).is_ok(),
            "counts characters, not bytes"
        );
    }
}
