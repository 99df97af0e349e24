//! What an organizer sees of her activities and who signed up.

use serde::{Deserialize, Serialize};

use crate::activity::ActivityStatus;
use crate::signup::SignupStatus;
use crate::{AppError, AppResult, Category, ErrorKey};

/// How long after taking a woman off a roster the organizer may take it back (before anyone
/// else took the seat): long enough to notice a wrong tap, short enough that the roster she
/// sees is the real one.
pub const UNDO_REMOVAL_SECS: i64 = 10 * 60;

crate::vocabulary! {
    /// Why an organizer took a woman off a roster, as stored in `signups.removal_reason` and
    /// told to her in her own language; the form offers these in this order (`VARIANTS`), and
    /// nothing is chosen until the organizer chooses. A new reason needs its words in each
    /// language (`app::i18n`, `removal_reason`): the match there is exhaustive.
    pub enum RemovalReason {
        /// She does not meet who may join (age, area).
        NotEligible,
        /// She is on the roster twice, or someone signed her up by mistake.
        Duplicate,
        /// She asked the federation to cancel for her.
        HerRequest,
        /// The activity changed and has fewer places.
        PlanChanged,
        Other,
    }
}

impl RemovalReason {
    /// The reason a removal form sent: `RemovalReasonRequired` when none was chosen.
    pub fn from_form(value: &str) -> AppResult<RemovalReason> {
        value
            .trim()
            .parse()
            .map_err(|_| AppError::field(ErrorKey::RemovalReasonRequired, "reason"))
    }
}

/// A sign-up a volunteer or organizer made for a woman ("我帮别人报的名"), with the check-in
/// code she passes on to her.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct HelpedSignup {
    pub signup_id: i64,
    pub activity_id: i64,
    pub activity_title: String,
    pub starts_at: i64,
    pub member_name: String,
    pub village: Option<String>,
    pub status: SignupStatus,
    pub waitlist_position: Option<i64>,
    pub companions: i64,
    pub checkin_code: String,
}

/// A line of the organizer's list of her federation's activities (drafts included).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct ManagedActivity {
    pub id: i64,
    pub title: String,
    pub category: Category,
    pub status: ActivityStatus,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub seats_taken: i64,
    pub waitlisted: i64,
    pub pending: i64,
}

crate::vocabulary! {
    /// Where an organizer's activity stands, as her list filters it: a draft, published and
    /// still to come (or under way), over, or called off.
    pub enum ManagedState {
        Draft,
        Upcoming,
        Ended,
        Cancelled,
    }
}

impl ManagedActivity {
    /// Where it stands at `now`.
    pub fn state(&self, now: i64) -> ManagedState {
        match self.status {
            ActivityStatus::Draft => ManagedState::Draft,
            ActivityStatus::Cancelled => ManagedState::Cancelled,
            ActivityStatus::Published if now >= self.ends_at => ManagedState::Ended,
            ActivityStatus::Published => ManagedState::Upcoming,
        }
    }
}

/// Whether she came: checked in at the door, or marked a no-show once it started. Not
/// stored as a word: the roster keeps the two moments (`checked_in_at`, `no_show_at`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attendance {
    CheckedIn,
    NoShow,
}

impl Attendance {
    /// From the two moments the roster records (checking in clears a no-show).
    pub fn from_times(checked_in_at: Option<i64>, no_show_at: Option<i64>) -> Option<Attendance> {
        match (checked_in_at, no_show_at) {
            (Some(_), _) => Some(Attendance::CheckedIn),
            (None, Some(_)) => Some(Attendance::NoShow),
            (None, None) => None,
        }
    }
}

/// A word of the roster's status and attendance columns (the CSV export translates them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RosterWord {
    Status(SignupStatus),
    Attendance(Attendance),
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
    pub status: SignupStatus,
    pub waitlist_position: Option<i64>,
    pub checked_in: bool,
    pub no_show: bool,
    /// A volunteer or organizer signed her up, with her agreement.
    pub on_behalf: bool,
    /// Added in person without a smartphone and never logged in: call her, she will not read
    /// the app.
    pub call_her: bool,
    /// Taken off by an organizer, and why.
    pub removal_reason: Option<RemovalReason>,
    /// Until when (UTC seconds) the removal can still be taken back; set only while it can.
    pub undo_until: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    pub activity: ManagedActivity,
    pub ends_at: i64,
    /// The other dates of its series still to come, if it is part of one.
    pub series: Option<crate::activity_form::SeriesDates>,
    pub entries: Vec<RosterEntry>,
}

impl Roster {
    pub fn checked_in(&self) -> usize {
        self.entries.iter().filter(|e| e.checked_in).count()
    }

    /// Those taken off whose removal can still be taken back at `now`.
    pub fn undoable(&self, now: i64) -> Vec<RosterEntry> {
        self.entries
            .iter()
            .filter(|e| e.undo_until.is_some_and(|until| until > now))
            .cloned()
            .collect()
    }

    /// The entries with this status, in roster order.
    pub fn with_status(&self, status: SignupStatus) -> Vec<RosterEntry> {
        self.entries
            .iter()
            .filter(|e| e.status == status)
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_removal_needs_a_reason_chosen_from_the_list() {
        assert_eq!(
            RemovalReason::from_form(" her_request "),
            Ok(RemovalReason::HerRequest)
        );
        assert_eq!(RemovalReason::NotEligible.as_str(), "not_eligible");
        for sent in ["", "  ", "她不符合条件", "explode"] {
            let e = RemovalReason::from_form(sent).unwrap_err();
            assert_eq!(
                (e.key, e.field.as_deref()),
                (ErrorKey::RemovalReasonRequired, Some("reason"))
            );
        }
    }
}
