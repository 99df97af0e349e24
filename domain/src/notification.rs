//! The notification centre's messages.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    /// `signup_confirmed`, `signup_waitlisted`, `signup_pending`, `promoted`, `approved`,
    /// `declined`, `removed`, `activity_changed`, `activity_cancelled`, `reminder`; about a
    /// thread: `thread_reply`, `post_hidden`, `post_restored`, `post_deleted`, `muted`; about a
    /// group: `group_approved`.
    pub kind: String,
    pub activity_id: Option<i64>,
    pub activity_title: Option<String>,
    pub thread_id: Option<i64>,
    pub thread_title: Option<String>,
    pub group_id: Option<i64>,
    pub group_name: Option<String>,
    pub created_at: i64,
    pub unread: bool,
}
