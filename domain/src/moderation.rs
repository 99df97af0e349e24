//! Keeping the circles safe, as moderators and admins see it: the review queue, the
//! moderation log, and the word lists.

use serde::{Deserialize, Serialize};

use crate::circle::{PostStatus, ReportReason, StatusReason};

crate::vocabulary! {
    /// What was done to a post, a thread or an author, as stored in `moderation_log.action`. All
    /// but [`ModAction::AutoHidden`] are a moderator's choice (the form's `action`); a new action
    /// needs its words in each language (`app::i18n`, `moderating.log_line`): the match there is
    /// exhaustive.
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
        /// End the author's mute in this circle before its time.
        Unmute,
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
    /// Who wrote it (display name only, never the phone number). `None` for an anonymous
    /// post, unless she is the organizer who revealed its author (see [`AuthorReveal`]).
    pub author_name: Option<String>,
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "crate::sql::Flag"))]
    pub anonymous: bool,
    pub body: String,
    pub status: PostStatus,
    pub status_reason: Option<StatusReason>,
    /// The word of the word lists that held it.
    pub held_word: Option<String>,
    /// The reasons of its open reports (read apart from the post).
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    pub reasons: Vec<ReportReason>,
    /// When it started waiting: its first open report, or when it was held.
    pub waiting_since: i64,
}

impl QueueItem {
    /// Someone reported that a person may be in danger: it comes first.
    pub fn danger(&self) -> bool {
        self.reasons.contains(&ReportReason::Danger)
    }

    /// The second choice, after the safe one ([`ModAction::Hide`], which keeps it out of sight):
    /// what puts the post before everyone's eyes, or keeps it there. A held post is restored;
    /// a reported one has its reports dismissed.
    pub fn lenient_action(&self) -> ModAction {
        match self.status {
            PostStatus::Held => ModAction::Restore,
            _ => ModAction::Dismiss,
        }
    }
}

/// The author of one of her anonymous posts was revealed to an organizer: when and why,
/// never by whom. Shown on her own page and in her data export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct AuthorReveal {
    pub post_id: i64,
    pub thread_id: i64,
    pub revealed_at: i64,
    pub reason: String,
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
    /// The thread's title, when the line is about a thread or post.
    pub thread_title: Option<String>,
    pub post_id: Option<i64>,
    /// The post is hidden now, and this line is the last about it: it can be restored from
    /// here.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "crate::sql::Flag"))]
    pub restorable: bool,
}

/// A member muted in a circle she moderates. The author is named only where the post that
/// led to the mute was signed (never the author of an anonymous post).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct MuteEntry {
    pub circle_name: String,
    /// The post that led to it (ending the mute names this post).
    pub post_id: i64,
    pub thread_id: i64,
    pub thread_title: String,
    pub author_name: Option<String>,
    pub reason: String,
    pub muted_at: i64,
    pub muted_until: i64,
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

    #[test]
    fn danger_comes_first_and_the_lenient_choice_fits_the_post() {
        let mut item = QueueItem {
            post_id: 1,
            thread_id: 1,
            thread_title: String::new(),
            circle_name: String::new(),
            author_name: None,
            anonymous: false,
            body: String::new(),
            status: PostStatus::Held,
            status_reason: Some(StatusReason::WordList),
            held_word: Some("加微信".into()),
            reasons: vec![],
            waiting_since: 0,
        };
        assert!(!item.danger());
        assert_eq!(item.lenient_action(), ModAction::Restore);
        item.status = PostStatus::Visible;
        item.reasons = vec![ReportReason::Abuse, ReportReason::Danger];
        assert!(item.danger());
        assert_eq!(item.lenient_action(), ModAction::Dismiss);
    }
}
