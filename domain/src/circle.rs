//! Circles, threads and posts as members and moderators see them, and the checks on what
//! people write. An anonymous post carries no author id or name in anything a member
//! receives: [`Author::Anonymous`] holds only its number within the thread.

use serde::{Deserialize, Serialize};

use crate::{AppError, AppResult, ErrorKey};

pub const MAX_THREAD_TITLE_CHARS: usize = 60;
pub const MAX_POST_CHARS: usize = 5_000;
pub const MAX_REASON_CHARS: usize = 200;

/// Who wrote a post, as the reader may know it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    Named(String),
    /// "匿名妈妈 2": the same number for the same author within one thread.
    Anonymous(i64),
    /// The account was deleted; the post stays.
    Deleted,
}

crate::vocabulary! {
    /// Where a post stands, as stored in `posts.status`.
    pub enum PostStatus {
        Visible,
        /// Waiting for a moderator; shown only to its author and moderators.
        Held,
        /// Taken down (by reports or a moderator) until a moderator restores it.
        Hidden,
        Deleted,
    }
}

crate::vocabulary! {
    /// Why a post is not (or not yet) visible, as stored in `posts.status_reason`.
    pub enum StatusReason {
        /// Enough different members reported it.
        Reports,
        /// A `hold` word of the word list.
        WordList,
        /// One of a new member's first posts in a circle that holds them.
        NewMember,
        Moderator,
        /// She deleted it herself (or her account): its text is erased.
        Author,
    }
}

crate::vocabulary! {
    /// Why a member reports a post, as stored in `reports.reason`; the form offers these in
    /// this order (`VARIANTS`), and nothing is chosen until she chooses. A new reason needs its
    /// words in each language (`app::i18n`, `report_reason`): the match there is exhaustive.
    pub enum ReportReason {
        /// Someone may be in danger: the circle's organizers are told at once, and the post
        /// goes to the head of the review queue.
        Danger,
        Abuse,
        Scam,
        /// It shares someone's private information.
        Privacy,
        FalseInfo,
        Other,
    }
}

impl ReportReason {
    /// The reason a report form sent: `ReportReasonRequired` when none was chosen.
    pub fn from_form(value: &str) -> AppResult<ReportReason> {
        value
            .trim()
            .parse()
            .map_err(|_| AppError::field(ErrorKey::ReportReasonRequired, "reason"))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct CircleSummary {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub threads: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadSummary {
    pub id: i64,
    pub title: String,
    pub author: Author,
    pub replies: i64,
    pub last_activity_at: i64,
    pub pinned: bool,
    pub locked: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CirclePage {
    pub circle: CircleSummary,
    pub threads: Vec<ThreadSummary>,
    /// `last_activity_at.id` of the last thread, when there are more.
    pub next: Option<String>,
    pub is_moderator: bool,
    /// She is muted here until then (UTC seconds).
    pub muted_until: Option<i64>,
    pub slow_mode_secs: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostView {
    pub id: i64,
    pub author: Author,
    pub mine: bool,
    pub body: String,
    pub created_at: i64,
    pub helpful: i64,
    pub marked_helpful: bool,
    /// She has reported it (a post she reported says so instead of offering the form again).
    pub reported_by_me: bool,
    /// Visible; held or hidden (shown only to its author and moderators); or deleted (shown
    /// as "deleted", its body empty).
    pub status: PostStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadPage {
    pub id: i64,
    pub circle_id: i64,
    pub circle_name: String,
    pub title: String,
    pub pinned: bool,
    pub locked: bool,
    /// Its opening post is visible. When not (held, hidden or deleted), only its author and
    /// the moderators see the thread, and nobody replies until a moderator restores the post.
    pub open: bool,
    pub posts: Vec<PostView>,
    /// The id of the last post shown, when there are more.
    pub next: Option<i64>,
    pub is_moderator: bool,
    pub muted_until: Option<i64>,
}

/// What a new thread or reply became: visible, or held until a moderator has looked at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posted {
    pub thread_id: i64,
    pub post_id: i64,
    pub status: PostStatus,
}

/// Text a person wrote, made safe to keep: trimmed, Windows line ends folded, and zero-width
/// and bidirectional-control characters removed (`crate::text::strip_invisible`).
pub fn clean_text(s: &str) -> String {
    crate::text::strip_invisible(s)
        .trim()
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect()
}

pub fn parse_title(s: &str) -> AppResult<String> {
    let t = clean_text(s).replace('\n', " ");
    if t.is_empty() || t.chars().count() > MAX_THREAD_TITLE_CHARS {
        return Err(AppError::field(ErrorKey::TitleInvalid, "title"));
    }
    Ok(t)
}

pub fn parse_body(s: &str) -> AppResult<String> {
    let b = clean_text(s);
    if b.is_empty() || b.chars().count() > MAX_POST_CHARS {
        return Err(AppError::field(ErrorKey::BodyInvalid, "body"));
    }
    Ok(b)
}

pub fn parse_reason(s: &str) -> AppResult<String> {
    let r = clean_text(s).replace('\n', " ");
    if r.is_empty() || r.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::field(ErrorKey::ReasonRequired, "reason"));
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_overrides_and_controls_are_removed() {
        assert_eq!(clean_text(" a\u{202E}bc\u{2066}d\u{0007}\r\ne "), "abcd\ne");
        assert_eq!(parse_body("  ").unwrap_err().key, ErrorKey::BodyInvalid);
        assert_eq!(parse_title("第一行\n第二行").unwrap(), "第一行 第二行");
        assert!(parse_reason(&"长".repeat(201)).is_err());
    }

    #[test]
    fn a_report_needs_a_reason_chosen_from_the_list() {
        assert_eq!(ReportReason::from_form("danger"), Ok(ReportReason::Danger));
        assert_eq!(ReportReason::FalseInfo.as_str(), "false_info");
        for sent in ["", "  ", "人身攻击", "explode"] {
            let e = ReportReason::from_form(sent).unwrap_err();
            assert_eq!(
                (e.key, e.field.as_deref()),
                (ErrorKey::ReportReasonRequired, Some("reason"))
            );
        }
    }

    #[test]
    fn anonymous_authors_serialise_without_names() {
        let json = serde_json::to_string(&Author::Anonymous(2)).unwrap();
        assert_eq!(json, r#"{"anonymous":2}"#);
    }
}
