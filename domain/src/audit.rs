//! The audit log's vocabulary, shared by the server (which writes it) and the admin page
//! (which filters by it).

use serde::{Deserialize, Serialize};

/// What happened, as stored in `audit_log.action`; in the order the admin's filter lists them.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum AuditAction {
    Registered,
    LoginNewDevice,
    PasswordChanged,
    LoggedOutEverywhere,
    RoleChanged,
    InvitationCreated,
    InvitationRedeemed,
    DataExported,
    AccountDeleted,
    AdminCreated,
    /// A roster exported with full phone numbers.
    RosterExported,
    CalendarFeedCreated,
    /// A moderator saw who wrote an anonymous post.
    AnonymousAuthorSeen,
    ModeratorAssigned,
    WordListChanged,
}

impl AuditAction {
    /// The stored word, e.g. `role_changed`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}
