//! The one error type that crosses the server-function boundary.
//!
//! Each variant carries a stable [`ErrorKey`] the UI translates; internal details are logged on
//! the server and never serialised to the client (see `AppError::Internal`).

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

crate::vocabulary! {
    /// Stable identifiers for user-facing error messages. The translation tables in `app::i18n`
    /// have one message per key, in each language.
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
        /// No-shows are marked only once the activity has ended.
        ActivityNotEnded,
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
        /// A help request without one of the listed kinds.
        HelpKindInvalid,
        /// A help request needs a description, up to 1000 characters.
        DescriptionInvalid,
        /// A help request without one of the listed ways to reach her.
        ContactInvalid,
        /// A help request's urgency is `normal` or `urgent`.
        UrgencyInvalid,
        /// An unknown state, or one the request cannot move to from where it is.
        HelpStateInvalid,
        /// A note (or a referral's contact or outcome) of up to 500 characters is needed.
        NoteInvalid,
        /// A referral without one of the listed departments.
        DepartmentInvalid,
        /// A sensitive purpose (a health screening, legal aid) needs her specific consent.
        SensitiveConsentRequired,
        /// Under 14: she may not register herself.
        TooYoung,
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
        /// This page needs her password typed again (her login is older than 15 minutes).
        ReauthRequired,
        /// The password typed again is not hers.
        PasswordWrong,
        /// The password is one of the most common ones.
        PasswordTooCommon,
        /// The display name imitates the anonymous label or a role.
        NameReserved,
        /// A field failed validation; the message names it.
        Invalid,
        /// A deletion needs the "yes, delete" box ticked.
        ConfirmRequired,
        /// Revealing an anonymous author whose only report came from the one asking.
        RevealOwnReport,
        /// A report sent without one of the listed reasons chosen.
        ReportReasonRequired,
        /// Ending a mute that has already ended (or never began).
        NotMuted,
        /// A removal from a roster sent without one of the listed reasons chosen.
        RemovalReasonRequired,
        /// Taking back a removal after its minutes have passed (or one that never happened).
        UndoTooLate,
        /// Taking back a removal whose seats someone else has taken since.
        SeatsTakenSince,
        /// A girl under 14 added without her guardian's name, relation or consent.
        GuardianRequired,
        /// A code given in person that is wrong, used, expired, or not for this number.
        CodeInvalid,
        /// A closed ledger record is read-only.
        RecordClosed,
    }
}

impl ErrorKey {
    /// The HTTP status a response carrying this error should have.
    pub fn status(self) -> u16 {
        match self {
            ErrorKey::Internal => 500,
            ErrorKey::Unavailable => 503,
            ErrorKey::NotFound => 404,
            ErrorKey::Unauthenticated => 401,
            ErrorKey::Forbidden | ErrorKey::CrossSite | ErrorKey::ReauthRequired => 403,
            ErrorKey::RateLimited => 429,
            ErrorKey::PhoneTaken
            | ErrorKey::Conflict
            | ErrorKey::NotMuted
            | ErrorKey::UndoTooLate
            | ErrorKey::SeatsTakenSince
            | ErrorKey::RecordClosed => 409,
            ErrorKey::Muted | ErrorKey::NotGroupMember => 403,
            ErrorKey::SlowMode => 429,
            _ => 400,
        }
    }

    /// The key with this name, if there is one.
    pub fn parse(s: &str) -> Option<ErrorKey> {
        s.parse().ok()
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

/// A database failure: logged here, once, inside the caller's span (services carry
/// `#[instrument]`), and answered with a generic key. A pool that cannot hand out a connection
/// means the database is unreachable, which the client may retry.
#[cfg(feature = "sqlx")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => {
                tracing::error!(error = %err, "database unavailable");
                AppError::new(ErrorKey::Unavailable)
            }
            err => {
                tracing::error!(error = %err, "database error");
                AppError::internal()
            }
        }
    }
}

/// The one way an error leaves the server at the edge: the key's status and the JSON
/// `{"key":…}` (with `field` and `retry_after_secs` when set), as server functions answer.
#[cfg(feature = "axum")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = axum::http::StatusCode::from_u16(self.status())
            .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(self)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::VariantArray;

    #[test]
    fn keys_round_trip_through_their_names() {
        for &key in ErrorKey::VARIANTS {
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
