//! The audit log's vocabulary, shared by the server (which writes it) and the admin page
//! (which filters by it).

use serde::{Deserialize, Serialize};

/// What happened, as stored in `audit_log.action`; in the order the admin's filter lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::VariantArray)]
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

/// What an entry is about, as stored in `audit_log.subject_type` (with the row's id in
/// `subject_id`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum AuditSubject {
    User,
    Invitation,
    Activity,
    Post,
}

impl AuditSubject {
    /// The stored word, e.g. `user`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One entry of the audit log as the admin page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub actor_name: Option<String>,
    pub action: AuditAction,
    /// What it was done to, e.g. `user 12`; empty when nothing in particular.
    pub subject: String,
    pub detail: String,
    pub at: i64,
}
