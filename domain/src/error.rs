//! The one error type that crosses the server-function boundary.
//!
//! Each variant carries a stable [`ErrorKey`] the UI translates; internal details are logged on
//! the server and never serialised to the client (see `AppError::Internal`).

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// Stable identifiers for user-facing error messages. The translation tables in `app::i18n`
/// have one message per key, in each language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKey {
    /// Something broke on our side; details are in the server log.
    Internal,
    /// The database could not be reached.
    Unavailable,
    /// The request was malformed (missing or unreadable fields).
    BadRequest,
    NotFound,
    /// Not logged in.
    Unauthenticated,
    /// Logged in, but this role or region may not do it.
    Forbidden,
    /// A cross-site request was refused.
    CrossSite,
    /// Too many attempts; try again later.
    RateLimited,
    PhoneInvalid,
    PhoneTaken,
    PasswordTooShort,
    PasswordTooSimple,
    PasswordIsPhone,
    WrongCredentials,
    /// The current password given to change it is wrong.
    OldPasswordWrong,
    NameInvalid,
    RegionInvalid,
    /// Registration needs agreement to the privacy notice.
    ConsentRequired,
    /// Sign-up is closed (deadline passed, cancelled, not published).
    SignupClosed,
    /// More companions than the activity allows.
    TooManyCompanions,
    /// Too late to cancel; the organizer must be told instead.
    CancelClosed,
    /// The same thing was done twice at once; try again.
    Conflict,
    /// An activity needs a title of up to 60 characters.
    TitleInvalid,
    /// An activity needs a venue of up to 100 characters.
    VenueInvalid,
    /// Start, end, deadline or cutoff are unreadable or out of order.
    DatesInvalid,
    /// Capacity or companions out of range.
    CapacityInvalid,
    /// Capacity cannot drop below the seats already taken.
    CapacityBelowTaken,
    /// Ages out of range or minimum above maximum.
    AgeRangeInvalid,
    /// Her age is outside the activity's age range.
    AgeNotEligible,
    /// The activity has an age range and her birth year is unknown.
    BirthYearNeeded,
    /// The activity is only for women of its area.
    AreaNotEligible,
    /// No member of this area has that phone number.
    MemberNotFound,
    /// Signing up on her behalf needs her agreement.
    AgreementRequired,
    /// No confirmed sign-up of this activity has that check-in code.
    CodeNotFound,
    /// A post must have text, up to 5000 characters.
    BodyInvalid,
    /// A reason of up to 200 characters is needed.
    ReasonRequired,
    /// The text contains a word this installation does not allow.
    PostBlocked,
    /// She is muted in this circle for now.
    Muted,
    /// The circle's slow mode: wait before posting again.
    SlowMode,
    /// The thread is locked.
    ThreadLocked,
    /// The group has reached its member limit.
    GroupFull,
    /// Only members of the group may do this.
    NotGroupMember,
    /// A field failed validation; the message names it.
    Invalid,
}

impl ErrorKey {
    /// The HTTP status a response carrying this error should have.
    pub fn status(self) -> u16 {
        match self {
            ErrorKey::Internal => 500,
            ErrorKey::Unavailable => 503,
            ErrorKey::NotFound => 404,
            ErrorKey::Unauthenticated => 401,
            ErrorKey::Forbidden | ErrorKey::CrossSite => 403,
            ErrorKey::RateLimited => 429,
            ErrorKey::PhoneTaken | ErrorKey::Conflict => 409,
            ErrorKey::Muted | ErrorKey::NotGroupMember => 403,
            ErrorKey::SlowMode => 429,
            _ => 400,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKey::Internal => "internal",
            ErrorKey::Unavailable => "unavailable",
            ErrorKey::BadRequest => "bad_request",
            ErrorKey::NotFound => "not_found",
            ErrorKey::Unauthenticated => "unauthenticated",
            ErrorKey::Forbidden => "forbidden",
            ErrorKey::CrossSite => "cross_site",
            ErrorKey::RateLimited => "rate_limited",
            ErrorKey::PhoneInvalid => "phone_invalid",
            ErrorKey::PhoneTaken => "phone_taken",
            ErrorKey::PasswordTooShort => "password_too_short",
            ErrorKey::PasswordTooSimple => "password_too_simple",
            ErrorKey::PasswordIsPhone => "password_is_phone",
            ErrorKey::WrongCredentials => "wrong_credentials",
            ErrorKey::OldPasswordWrong => "old_password_wrong",
            ErrorKey::NameInvalid => "name_invalid",
            ErrorKey::RegionInvalid => "region_invalid",
            ErrorKey::ConsentRequired => "consent_required",
            ErrorKey::SignupClosed => "signup_closed",
            ErrorKey::TooManyCompanions => "too_many_companions",
            ErrorKey::CancelClosed => "cancel_closed",
            ErrorKey::Conflict => "conflict",
            ErrorKey::TitleInvalid => "title_invalid",
            ErrorKey::VenueInvalid => "venue_invalid",
            ErrorKey::DatesInvalid => "dates_invalid",
            ErrorKey::CapacityInvalid => "capacity_invalid",
            ErrorKey::CapacityBelowTaken => "capacity_below_taken",
            ErrorKey::AgeRangeInvalid => "age_range_invalid",
            ErrorKey::AgeNotEligible => "age_not_eligible",
            ErrorKey::BirthYearNeeded => "birth_year_needed",
            ErrorKey::AreaNotEligible => "area_not_eligible",
            ErrorKey::MemberNotFound => "member_not_found",
            ErrorKey::AgreementRequired => "agreement_required",
            ErrorKey::CodeNotFound => "code_not_found",
            ErrorKey::BodyInvalid => "body_invalid",
            ErrorKey::ReasonRequired => "reason_required",
            ErrorKey::PostBlocked => "post_blocked",
            ErrorKey::Muted => "muted",
            ErrorKey::SlowMode => "slow_mode",
            ErrorKey::ThreadLocked => "thread_locked",
            ErrorKey::GroupFull => "group_full",
            ErrorKey::NotGroupMember => "not_group_member",
            ErrorKey::Invalid => "invalid",
        }
    }

    /// Every key, so tests can check that each language has a message for each.
    pub const ALL: [ErrorKey; 43] = [
        ErrorKey::Internal,
        ErrorKey::Unavailable,
        ErrorKey::BadRequest,
        ErrorKey::NotFound,
        ErrorKey::Unauthenticated,
        ErrorKey::Forbidden,
        ErrorKey::CrossSite,
        ErrorKey::RateLimited,
        ErrorKey::PhoneInvalid,
        ErrorKey::PhoneTaken,
        ErrorKey::PasswordTooShort,
        ErrorKey::PasswordTooSimple,
        ErrorKey::PasswordIsPhone,
        ErrorKey::WrongCredentials,
        ErrorKey::OldPasswordWrong,
        ErrorKey::NameInvalid,
        ErrorKey::RegionInvalid,
        ErrorKey::ConsentRequired,
        ErrorKey::SignupClosed,
        ErrorKey::TooManyCompanions,
        ErrorKey::CancelClosed,
        ErrorKey::Conflict,
        ErrorKey::TitleInvalid,
        ErrorKey::VenueInvalid,
        ErrorKey::DatesInvalid,
        ErrorKey::CapacityInvalid,
        ErrorKey::CapacityBelowTaken,
        ErrorKey::AgeRangeInvalid,
        ErrorKey::AgeNotEligible,
        ErrorKey::BirthYearNeeded,
        ErrorKey::AreaNotEligible,
        ErrorKey::MemberNotFound,
        ErrorKey::AgreementRequired,
        ErrorKey::CodeNotFound,
        ErrorKey::BodyInvalid,
        ErrorKey::ReasonRequired,
        ErrorKey::PostBlocked,
        ErrorKey::Muted,
        ErrorKey::SlowMode,
        ErrorKey::ThreadLocked,
        ErrorKey::GroupFull,
        ErrorKey::NotGroupMember,
        ErrorKey::Invalid,
    ];

    pub fn parse(s: &str) -> Option<ErrorKey> {
        ErrorKey::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// What a server function or route answers when it fails.
///
/// `key` selects the translated message; `field` names the form field at fault, if any;
/// `retry_after_secs` tells rate-limited clients when to come back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", key.as_str())]
pub struct AppError {
    pub key: ErrorKey,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(key: ErrorKey) -> Self {
        AppError {
            key,
            field: None,
            retry_after_secs: None,
        }
    }

    /// A validation failure tied to one form field.
    pub fn field(key: ErrorKey, field: &str) -> Self {
        AppError {
            key,
            field: Some(field.to_owned()),
            retry_after_secs: None,
        }
    }

    pub fn not_found() -> Self {
        AppError::new(ErrorKey::NotFound)
    }

    pub fn forbidden() -> Self {
        AppError::new(ErrorKey::Forbidden)
    }

    pub fn unauthenticated() -> Self {
        AppError::new(ErrorKey::Unauthenticated)
    }

    pub fn bad_request() -> Self {
        AppError::new(ErrorKey::BadRequest)
    }

    /// An internal failure. The cause must already have been logged by the caller; only the
    /// generic key travels to the client.
    pub fn internal() -> Self {
        AppError::new(ErrorKey::Internal)
    }

    pub fn status(&self) -> u16 {
        self.key.status()
    }
}

impl From<ErrorKey> for AppError {
    fn from(key: ErrorKey) -> Self {
        AppError::new(key)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The client could not reach the server or read its answer.
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::new(ErrorKey::Unavailable)
            }
            // Missing or unreadable arguments: the request itself is at fault.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::bad_request(),
            _ => AppError::internal(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_their_names() {
        for key in ErrorKey::ALL {
            assert_eq!(ErrorKey::parse(key.as_str()), Some(key));
        }
    }

    #[test]
    fn serialises_key_and_field_only() {
        let json =
            serde_json::to_string(&AppError::field(ErrorKey::PhoneInvalid, "phone")).unwrap();
        assert_eq!(json, r#"{"key":"phone_invalid","field":"phone"}"#);
    }

    #[test]
    fn statuses_are_client_errors_for_user_mistakes() {
        assert_eq!(ErrorKey::PhoneInvalid.status(), 400);
        assert_eq!(ErrorKey::Forbidden.status(), 403);
        assert_eq!(ErrorKey::Internal.status(), 500);
    }
}
