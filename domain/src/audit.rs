//! The audit log's vocabulary, shared by the server (which writes it) and the admin page
//! (which filters by it).

use serde::{Deserialize, Serialize};

crate::vocabulary! {
    /// What happened, as stored in `audit_log.action`; in the order the admin's filter lists them.
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
        /// An organizer revealed who wrote an anonymous post, with a reason.
        AnonymousAuthorRevealed,
        ModeratorAssigned,
        ModeratorUnassigned,
        /// She moved to another village (a volunteer or organizer loses her role with it).
        VillageChanged,
        WordListChanged,
        /// A volunteer or organizer signed a woman up for an activity on her behalf.
        SignedUpOnBehalf,
        /// A volunteer or organizer took back a sign-up she had made for a woman.
        CancelledOnBehalf,
        /// A volunteer or organizer added a woman in person, with her (or her guardian's)
        /// consent.
        AccountAdded,
        /// A volunteer or organizer gave a woman a one-time code to set her password.
        AccessCodeGiven,
        /// She set her password with a code given in person.
        AccessCodeUsed,
        /// A volunteer or organizer asked for help for a woman, with her agreement.
        HelpRequestedOnBehalf,
        /// An organizer gave a help request to a volunteer (or took it back).
        HelpRequestAssigned,
        /// A help request was handed over to a department.
        HelpRequestReferred,
        /// She set a new password with a code sent to her number by text.
        PasswordReset,
        /// An organizer made a volunteer a keeper of her village's care ledger.
        LedgerKeeperAppointed,
        /// An organizer took that back.
        LedgerKeeperRemoved,
    }
}

crate::vocabulary! {
    /// What an entry is about, as stored in `audit_log.subject_type` (with the row's id in
    /// `subject_id`).
    pub enum AuditSubject {
        User,
        Invitation,
        Activity,
        Post,
        HelpRequest,
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
