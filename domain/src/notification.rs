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
        Removed,
        // About an activity she signed up to.
        ActivityChanged,
        ActivityCancelled,
        Reminder,
        // About a thread of hers.
        ThreadReply,
        PostHidden,
        PostRestored,
        PostDeleted,
        Muted,
        // About a group.
        GroupApproved,
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
}
