//! What an organizer sees of her activities and who signed up.

use serde::{Deserialize, Serialize};

use crate::Category;

/// A line of the organizer's list of her federation's activities (drafts included).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedActivity {
    pub id: i64,
    pub title: String,
    pub category: Category,
    /// `draft`, `published` or `cancelled`.
    pub status: String,
    pub starts_at: i64,
    pub capacity: i64,
    pub seats_taken: i64,
    pub waitlisted: i64,
    pub pending: i64,
}

/// One sign-up on the roster. The phone number is masked; the full number appears only in
/// the audited CSV export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub signup_id: i64,
    pub display_name: String,
    pub phone_masked: String,
    pub village: String,
    pub companions: i64,
    /// `confirmed`, `waitlisted`, `pending`, `cancelled` or `declined`.
    pub status: String,
    pub waitlist_position: Option<i64>,
    pub checked_in: bool,
    pub no_show: bool,
    /// A volunteer or organizer signed her up, with her agreement.
    pub on_behalf: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    pub activity: ManagedActivity,
    pub ends_at: i64,
    pub entries: Vec<RosterEntry>,
}

impl Roster {
    pub fn checked_in(&self) -> usize {
        self.entries.iter().filter(|e| e.checked_in).count()
    }
}
