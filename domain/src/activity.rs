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
    #[cfg_attr(feature = "sqlx", sqlx(flatten))]
    pub rules: JoinRules,
}

impl ActivityCard {
    pub fn seats_left(&self) -> i64 {
        (self.capacity - self.seats_taken).max(0)
    }
}

/// Who may join an activity and until when: shown on its card and page before she taps, so
/// she never learns it only from a refusal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct JoinRules {
    /// Her age in the year of the activity, inclusive bounds.
    pub min_age: Option<i64>,
    pub max_age: Option<i64>,
    /// Only women living in `area_name` (and the places below it) may join.
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "crate::sql::Flag"))]
    pub area_only: bool,
    /// The region it is for: its audience region, else its federation's.
    pub area_name: String,
    /// The federation confirms each sign-up ("需要妇联确认").
    #[cfg_attr(feature = "sqlx", sqlx(try_from = "crate::sql::Flag"))]
    pub requires_approval: bool,
    /// UTC seconds; sign-up closes at the start when there is none.
    pub signup_deadline: Option<i64>,
    /// UTC seconds; after it she can no longer cancel herself.
    pub cancel_cutoff: Option<i64>,
}

/// Where signing up for an activity stands at a moment, which decides the button she sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignupWindow {
    /// Seats are free: "我要报名".
    Open,
    /// Every seat is taken (or others already wait): "排队候补".
    Waitlist,
    /// The sign-up deadline passed before the start.
    Closed,
    /// It has begun and not ended.
    Started,
    /// It is over.
    Ended,
    /// Its organizer called it off.
    Cancelled,
}

impl SignupWindow {
    /// True when a new sign-up can be made (a seat or a place in the queue).
    pub fn takes_signups(self) -> bool {
        matches!(self, Self::Open | Self::Waitlist)
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
    /// How many sign-ups wait in the queue.
    pub waiting: i64,
    #[cfg_attr(feature = "sqlx", sqlx(flatten))]
    pub rules: JoinRules,
}

impl ActivityDetail {
    pub fn seats_left(&self) -> i64 {
        (self.capacity - self.seats_taken).max(0)
    }

    pub fn is_cancelled(&self) -> bool {
        self.status == ActivityStatus::Cancelled
    }

    /// When new sign-ups stop: the deadline, else the start.
    pub fn signup_closes_at(&self) -> i64 {
        self.rules.signup_deadline.unwrap_or(self.starts_at)
    }

    /// Whether and how she can sign up at `now` (the sign-up itself decides again, under the
    /// activity's lock). While others wait in the queue a free seat goes to them first.
    pub fn window(&self, now: i64) -> SignupWindow {
        if self.is_cancelled() {
            SignupWindow::Cancelled
        } else if now >= self.ends_at {
            SignupWindow::Ended
        } else if now >= self.starts_at {
            SignupWindow::Started
        } else if now >= self.signup_closes_at() {
            SignupWindow::Closed
        } else if self.waiting > 0 || self.seats_left() == 0 {
            SignupWindow::Waitlist
        } else {
            SignupWindow::Open
        }
    }

    /// True while she may still take back a sign-up in `status` herself: a seat until the
    /// cancellation cutoff (else the start), a place in the queue or a request awaiting the
    /// federation until the end.
    pub fn cancellable(&self, now: i64, status: SignupStatus) -> bool {
        match status {
            SignupStatus::Confirmed => now < self.rules.cancel_cutoff.unwrap_or(self.starts_at),
            SignupStatus::Waitlisted | SignupStatus::Pending => now < self.ends_at,
            SignupStatus::Cancelled | SignupStatus::Declined => false,
        }
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

    fn detail(capacity: i64, seats_taken: i64, waiting: i64) -> ActivityDetail {
        ActivityDetail {
            id: 1,
            title: "编织".into(),
            description: String::new(),
            category: Category::SkillsTraining,
            venue: "村委会".into(),
            place_name: "东村".into(),
            federation_name: "县妇联".into(),
            starts_at: 1_000,
            ends_at: 2_000,
            capacity,
            seats_taken,
            companions_allowed: 0,
            status: ActivityStatus::Published,
            updated_at: 0,
            waiting,
            rules: JoinRules {
                signup_deadline: Some(800),
                cancel_cutoff: Some(900),
                ..JoinRules::default()
            },
        }
    }

    #[test]
    fn the_window_follows_seats_deadline_start_and_end() {
        use SignupWindow::*;
        assert_eq!(detail(10, 3, 0).window(0), Open);
        assert_eq!(detail(10, 10, 0).window(0), Waitlist);
        assert_eq!(
            detail(10, 3, 1).window(0),
            Waitlist,
            "a free seat goes to the queue first"
        );
        assert_eq!(detail(10, 3, 0).window(800), Closed);
        assert_eq!(detail(10, 3, 0).window(1_000), Started);
        assert_eq!(detail(10, 3, 0).window(2_000), Ended);
        let mut cancelled = detail(10, 3, 0);
        cancelled.status = ActivityStatus::Cancelled;
        assert_eq!(cancelled.window(0), Cancelled);
        let mut no_deadline = detail(10, 3, 0);
        no_deadline.rules.signup_deadline = None;
        assert_eq!(no_deadline.window(999), Open);
        assert!(Open.takes_signups() && Waitlist.takes_signups() && !Closed.takes_signups());
    }

    #[test]
    fn a_seat_is_given_back_until_the_cutoff_a_queue_place_until_the_end() {
        let a = detail(10, 3, 0);
        assert!(a.cancellable(899, SignupStatus::Confirmed));
        assert!(!a.cancellable(900, SignupStatus::Confirmed));
        assert!(a.cancellable(1_500, SignupStatus::Waitlisted));
        assert!(a.cancellable(1_500, SignupStatus::Pending));
        assert!(!a.cancellable(2_000, SignupStatus::Waitlisted));
        assert!(!a.cancellable(0, SignupStatus::Cancelled));
    }

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
