//! Her own account, as she sees it.

use serde::{Deserialize, Serialize};

use crate::error::{AppError, ErrorKey};

use crate::lang::Lang;

/// The version of the privacy notice a new account agrees to, stored with her consent. Raise
/// it when the notice (`privacy_body` in the translations) changes.
pub const PRIVACY_NOTICE_VERSION: &str = "2026-12-02";

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
    /// She asked for no text messages (codes she asks for still come).
    pub texts_off: bool,
    /// An organizer made her a keeper of her village's care ledger.
    pub keeps_ledger: bool,
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

/// A volunteer as her organizer sees her: who she is, the reach she was given when appointed,
/// and what she has been entrusted with (each of which the organizer can take back).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Volunteer {
    #[serde(flatten)]
    pub person: AreaPerson,
    /// The region her tasks reach (a township, or a village), by name.
    pub reach: String,
    pub duties: Vec<Duty>,
    /// She may start mutual-aid groups.
    pub may_start_groups: bool,
    /// The village whose care ledger she keeps, if she was made a keeper.
    pub keeps_ledger_of: Option<String>,
}

/// A circle or group a volunteer moderates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Duty {
    Circle { id: i64, name: String },
    Group { id: i64, name: String },
}

/// An organizer as an admin sees her, with the federation she organizes for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizerEntry {
    pub user_id: i64,
    pub display_name: String,
    pub phone_masked: String,
    pub federation_id: i64,
    pub federation: String,
}

/// Words a display name may not contain, so that nobody can pass for the anonymous label
/// ("匿名妈妈", "Anonymous mum") or for a role. Compared lowercased, without spaces.
const RESERVED_IN_NAMES: &[&str] = &[
    "匿名",
    "anonymous",
    "组织者",
    "志愿者",
    "管理员",
    "妇联",
    "organizer",
    "organiser",
    "volunteer",
    "admin",
];

/// A display name: 1 to 20 characters after trimming, without control, zero-width or
/// bidirectional characters, and not imitating the anonymous label or a role.
pub fn parse_display_name(input: &str) -> Result<String, AppError> {
    let name = crate::text::strip_invisible(input);
    let name = name.trim();
    let len = name.chars().count();
    if len == 0 || len > 20 || name.chars().any(char::is_control) {
        return Err(AppError::field(ErrorKey::NameInvalid, "display_name"));
    }
    let folded: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if RESERVED_IN_NAMES.iter().any(|word| folded.contains(word)) {
        return Err(AppError::field(ErrorKey::NameReserved, "display_name"));
    }
    Ok(name.to_owned())
}

/// The youngest age at which she may register herself (PIPL art. 31: under 14, a guardian
/// consents).
pub const MIN_REGISTRATION_AGE: i64 = 14;

/// Years accepted anywhere a year is typed (birth years, activity dates).
pub const YEARS: std::ops::RangeInclusive<i64> = 1900..=2100;

/// An optional birth year: empty is none; otherwise between 110 and 10 years ago, and within
/// [`YEARS`].
pub fn parse_birth_year(input: Option<&str>, this_year: i64) -> Result<Option<i64>, AppError> {
    match input.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(y) => match y.parse::<i64>() {
            Ok(y) if (this_year - 110..=this_year - 10).contains(&y) && YEARS.contains(&y) => {
                Ok(Some(y))
            }
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
        assert!(parse_birth_year(Some("1899"), 1950).is_err(), "before 1900");
        assert!(parse_birth_year(Some("2101"), 2200).is_err(), "after 2100");
        assert!(parse_birth_year(Some("99999999999999999999"), 2026).is_err());
    }

    #[test]
    fn names_lose_invisible_characters_and_cannot_pass_for_others() {
        assert_eq!(
            parse_display_name("\u{200B}秀\u{202E}英\u{FEFF}").unwrap(),
            "秀英"
        );
        assert!(
            parse_display_name("\u{200B}\u{200D}").is_err(),
            "nothing visible"
        );
        for name in [
            "匿名妈妈",
            "匿名妈妈 3",
            "Anonymous mum",
            "anonymous  MUM 2",
            "组织者",
            "志愿者小李",
            "管理员",
            "县妇联",
            "Organizer",
            "the volunteer",
            "ADMIN",
            "匿\u{200B}名妈妈",
        ] {
            assert_eq!(
                parse_display_name(name).unwrap_err().key,
                ErrorKey::NameReserved,
                "{name}"
            );
        }
        assert!(parse_display_name("小张妈妈").is_ok());
    }
}
