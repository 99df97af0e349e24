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
    let digits: String = password.chars().filter(char::is_ascii_digit).collect();
    if password == phone.as_str()
        || (digits == phone.as_str()
            && digits.len() == password.chars().filter(|c| !matches!(c, ' ' | '-')).count())
    {
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
