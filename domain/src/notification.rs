//! The notification centre's messages.

use serde::{Deserialize, Serialize};

crate::vocabulary! {
    /// What a notification tells her, as stored in `notifications.kind`. A new kind needs a
    /// message in each language (`app::i18n`, `notification`): the match there is exhaustive.
    pub enum NotificationKind {
        // About her sign-up to an activity.
        SignupConfirmed,
        SignupWaitlisted,
        SignupPending,
        Promoted,
        Approved,
        Declined,
        /// An organizer took her off the roster; `detail` holds the reason
        /// (`domain::roster::RemovalReason`).
        Removed,
        /// The organizer took that removal back: her place is hers again.
        Reinstated,
        // For the organizers of the activity's federation.
        /// A woman signed up for an activity that needs approval.
        SignupAwaitsApproval,
        // About her sign-up, made for her by a volunteer or organizer.
        /// The one who signed her up took it back, at her request.
        CancelledForHer,
        // About an activity she signed up to.
        ActivityChanged,
        ActivityCancelled,
        Reminder,
        // About a thread of hers.
        ThreadReply,
        PostHidden,
        PostRestored,
        PostDeleted,
        /// A moderator muted her in the thread's circle; `detail` holds the reason.
        Muted,
        /// Her mute was ended early: she may write again.
        Unmuted,
        // For the organizers of a circle's federation.
        /// A member reported that someone in a post of the thread may be in danger.
        DangerReported,
        // About help requests.
        /// Her help request changed state, or a handler wrote her a note; `detail` holds the
        /// state (`domain::help::HelpState`), never a note.
        HelpRequestUpdated,
        /// For the organizers of her village and township (and the county's, when it is
        /// urgent or about her safety): a woman asked for help.
        HelpRequestFiled,
        /// For the county's organizers: a request nobody acknowledged in time.
        HelpRequestEscalated,
        /// For a volunteer: a request was given to her to follow up.
        HelpRequestAssigned,
        // About a group.
        GroupApproved,
        // About the care ledger.
        /// For the organizers of her area: a woman asked to correct or delete her record.
        LedgerRequestReceived,
        /// For her: an organizer answered her request about her record.
        LedgerRequestAnswered,
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Notification {
    pub id: i64,
    pub kind: NotificationKind,
    pub activity_id: Option<i64>,
    pub activity_title: Option<String>,
    pub thread_id: Option<i64>,
    pub thread_title: Option<String>,
    pub group_id: Option<i64>,
    pub group_name: Option<String>,
    pub created_at: i64,
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "crate::sql::Flag"))]
    pub unread: bool,
    /// The activity's time and place as they are now: a change notice says the new ones.
    pub activity_starts_at: Option<i64>,
    pub activity_venue: Option<String>,
    /// She still holds or awaits a place in the activity (a notice about one she has left
    /// says so).
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "crate::sql::Flag"))]
    pub still_signed_up: bool,
    /// What the notice says beyond its kind, in the words of the one who acted (why she was
    /// muted).
    pub detail: Option<String>,
    /// The help request it is about, and its kind.
    pub help_request_id: Option<i64>,
    pub help_kind: Option<crate::help::HelpKind>,
}

impl NotificationKind {
    /// A notice about her own place in an activity, which is out of date once she has left it.
    pub fn is_about_her_place(self) -> bool {
        matches!(
            self,
            Self::SignupConfirmed
                | Self::SignupWaitlisted
                | Self::SignupPending
                | Self::Promoted
                | Self::Approved
                | Self::Reinstated
                | Self::ActivityChanged
                | Self::Reminder
        )
    }
}
