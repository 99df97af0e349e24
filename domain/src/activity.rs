//! What the activity list shows of an activity.

use serde::{Deserialize, Serialize};

use crate::signup::SignupStatus;
use crate::Category;

crate::vocabulary! {
    /// Where an activity stands, as stored in `activities.status`.
    pub enum ActivityStatus {
        /// Only its organizers see it.
        Draft,
        /// Listed; women sign up.
        Published,
        /// Called off; those signed up were told.
        Cancelled,
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct ActivityCard {
    pub id: i64,
    pub title: String,
    pub category: Category,
    pub venue: String,
    /// The village or township the venue is in.
    pub place_name: String,
    /// UTC seconds.
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub seats_taken: i64,
}

impl ActivityCard {
    pub fn seats_left(&self) -> i64 {
        (self.capacity - self.seats_taken).max(0)
    }
}

/// Everything the activity page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct ActivityDetail {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub category: Category,
    pub venue: String,
    pub place_name: String,
    pub federation_name: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub seats_taken: i64,
    pub companions_allowed: i64,
    /// Published or cancelled (drafts are not shown).
    pub status: ActivityStatus,
    pub updated_at: i64,
}

impl ActivityDetail {
    pub fn seats_left(&self) -> i64 {
        (self.capacity - self.seats_taken).max(0)
    }

    pub fn is_cancelled(&self) -> bool {
        self.status == ActivityStatus::Cancelled
    }
}

/// One of her sign-ups, for "my activities".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct MySignup {
    #[cfg_attr(feature = "sqlx", sqlx(flatten))]
    pub activity: ActivityCard,
    /// Confirmed, waitlisted or pending.
    pub status: SignupStatus,
    pub waitlist_position: Option<i64>,
    pub companions: i64,
    pub checkin_code: String,
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "crate::sql::Flag"))]
    pub checked_in: bool,
    /// The activity was cancelled by its organizer.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "crate::sql::Flag"))]
    pub cancelled: bool,
}

/// A piece of plain text: words, or a web link to make clickable. Only `http(s)://` links are
/// links; anything else (`javascript:`, `data:`) stays text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextPiece<'a> {
    Text(&'a str),
    Link(&'a str),
}

/// Splits user text into text and links, keeping every character.
pub fn linkify(text: &str) -> Vec<TextPiece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(start) = find_link_start(rest) {
        if start > 0 {
            pieces.push(TextPiece::Text(&rest[..start]));
        }
        let after = &rest[start..];
        let end = after
            .char_indices()
            .find(|(_, c)| {
                c.is_whitespace()
                    || matches!(c, '<' | '>' | '"' | '\'' | '，' | '。' | '）' | '、' | '；')
            })
            .map(|(i, _)| i)
            .unwrap_or(after.len());
        // A trailing full stop or bracket belongs to the sentence, not the link.
        let link = after[..end].trim_end_matches(['.', ',', ')', ';', ':', '!', '?']);
        pieces.push(TextPiece::Link(link));
        rest = &after[link.len()..];
    }
    if !rest.is_empty() {
        pieces.push(TextPiece::Text(rest));
    }
    pieces
}

fn find_link_start(s: &str) -> Option<usize> {
    let http = s.find("http://");
    let https = s.find("https://");
    match (http, https) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_links_and_nothing_else_does() {
        let pieces = linkify("报名请看 https://example.org/a?b=1。 javascript:alert(1) 谢谢");
        assert_eq!(
            pieces,
            vec![
                TextPiece::Text("报名请看 "),
                TextPiece::Link("https://example.org/a?b=1"),
                TextPiece::Text("。 javascript:alert(1) 谢谢"),
            ]
        );
        assert_eq!(
            linkify("see http://x.cn."),
            vec![
                TextPiece::Text("see "),
                TextPiece::Link("http://x.cn"),
                TextPiece::Text(".")
            ]
        );
        assert_eq!(linkify("plain"), vec![TextPiece::Text("plain")]);
    }
}
