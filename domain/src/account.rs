//! Her own account, as she sees it.

use serde::{Deserialize, Serialize};

use crate::error::{AppError, ErrorKey};

use crate::lang::Lang;

/// The version of the privacy notice a new account agrees to, stored with her consent. Raise
/// it when the notice (`privacy_body` in the translations) changes.
pub const PRIVACY_NOTICE_VERSION: &str = "2026-11";

crate::vocabulary! {
    /// What an account may do, as stored in `users.role`. Who may do what with each role is
    /// decided in `backend::policy`.
    pub enum Role {
        Member,
        Volunteer,
        Organizer,
        Admin,
    }
}

crate::vocabulary! {
    /// What an abuse limit counts, as stored in `attempts.kind`.
    pub enum AttemptKind {
        LoginFailed,
        Register,
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub user_id: i64,
    /// Shown in full only to its owner; this struct is only ever sent to her.
    pub phone: String,
    pub display_name: String,
    pub role: Role,
    pub village_id: Option<i64>,
    pub village_name: Option<String>,
    pub birth_year: Option<i64>,
    pub lang: Lang,
}

/// Someone of her area as an organizer or volunteer sees her (a volunteer in the organizer's
/// list, a member in the "sign up on her behalf" list): the phone number masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaPerson {
    pub user_id: i64,
    pub display_name: String,
    pub phone_masked: String,
    pub village: String,
}

pub type Volunteer = AreaPerson;

/// A display name: 1 to 20 characters after trimming, no control characters.
pub fn parse_display_name(input: &str) -> Result<String, AppError> {
    let name = input.trim();
    let len = name.chars().count();
    if len == 0 || len > 20 || name.chars().any(char::is_control) {
        return Err(AppError::field(ErrorKey::NameInvalid, "display_name"));
    }
    Ok(name.to_owned())
}

/// An optional birth year: empty is none; otherwise between 110 and 10 years ago.
pub fn parse_birth_year(input: Option<&str>, this_year: i64) -> Result<Option<i64>, AppError> {
    match input.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(y) => match y.parse::<i64>() {
            Ok(y) if (this_year - 110..=this_year - 10).contains(&y) => Ok(Some(y)),
            _ => Err(AppError::field(ErrorKey::Invalid, "birth_year")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_birth_years() {
        assert_eq!(parse_display_name("  秀英 ").unwrap(), "秀英");
        assert!(parse_display_name("").is_err() && parse_display_name(&"名".repeat(21)).is_err());
        assert_eq!(parse_birth_year(Some(" "), 2026).unwrap(), None);
        assert_eq!(parse_birth_year(Some("1990"), 2026).unwrap(), Some(1990));
        assert!(
            parse_birth_year(Some("2020"), 2026).is_err()
                && parse_birth_year(Some("x"), 2026).is_err()
        );
    }
}
