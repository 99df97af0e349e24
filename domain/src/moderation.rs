//! Keeping the circles safe, as moderators and admins see it: the review queue, the
//! moderation log, and the word lists.

use serde::{Deserialize, Serialize};

use crate::circle::{PostStatus, StatusReason};

crate::vocabulary! {
    /// What was done to a post, a thread or an author, as stored in `moderation_log.action`. All
    /// but [`ModAction::AutoHidden`] are a moderator's choice (the form's `action`); a new action
    /// needs its words in each language (`app::i18n`, `mod_action`): the match there is exhaustive.
    pub enum ModAction {
        /// The reports were wrong: the post stays (or comes back, if the reports hid it).
        Dismiss,
        Hide,
        Restore,
        Delete,
        /// Lock the post's thread: no more replies from members.
        Lock,
        Unlock,
        /// Mute the author in this circle for some days.
        Mute,
        /// Hidden by enough reports, before any moderator looked (never a moderator's choice).
        AutoHidden,
    }
}

crate::vocabulary! {
    /// What a word of the word lists does to a post that contains it, as stored in
    /// `word_rules.action`.
    pub enum WordAction {
        /// The post is refused.
        Block,
        /// The post waits for a moderator.
        Hold,
    }
}

/// A post waiting for a moderator: held, hidden by reports, or reported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct QueueItem {
    pub post_id: i64,
    pub thread_id: i64,
    pub thread_title: String,
    pub circle_name: String,
    /// Moderators see who wrote it (display name only, never the phone number); looking at
    /// an anonymous author this way is written to the audit log.
    pub author_name: String,
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "crate::sql::Flag"))]
    pub anonymous: bool,
    pub body: String,
    pub status: PostStatus,
    pub status_reason: Option<StatusReason>,
    /// The reasons of its open reports (read apart from the post).
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    pub reasons: Vec<String>,
    /// When it started waiting: its first open report, or when it was held.
    pub waiting_since: i64,
}

/// One line of the moderation log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct LogEntry {
    pub at: i64,
    /// Who acted (empty for the reports' automatic hiding).
    pub actor: String,
    pub action: ModAction,
    pub reason: String,
    pub circle_name: String,
    pub thread_id: Option<i64>,
    pub post_id: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_read_as_the_form_and_the_log_write_them() {
        assert_eq!("lock".parse::<ModAction>(), Ok(ModAction::Lock));
        assert_eq!(ModAction::AutoHidden.as_str(), "auto_hidden");
        assert!("explode".parse::<ModAction>().is_err());
        assert_eq!("hold".parse::<WordAction>(), Ok(WordAction::Hold));
    }
}
