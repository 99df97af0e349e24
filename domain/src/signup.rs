//! Her sign-up to an activity, and the words its status takes.

use serde::{Deserialize, Serialize};

crate::vocabulary! {
    /// Where a sign-up stands, as stored in `signups.status`. The first three hold or await a
    /// place; the last two are over (a new sign-up replaces them).
    pub enum SignupStatus {
        /// She has a place.
        Confirmed,
        /// It was full; she waits in line and moves up by herself when a place frees.
        Waitlisted,
        /// The activity needs the organizer's approval first.
        Pending,
        /// She (or the organizer) took it back.
        Cancelled,
        /// The organizer said no.
        Declined,
    }
}

/// Her current sign-up for an activity, as the sign-up answers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupOutcome {
    /// `confirmed`, `waitlisted` or `pending`.
    pub status: SignupStatus,
    /// Her place in the queue (1 for the first) when waitlisted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waitlist_position: Option<i64>,
    pub companions: i64,
    /// Shown only to her, for check-in.
    pub checkin_code: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::VariantArray;

    #[test]
    fn stored_words_round_trip() {
        for s in SignupStatus::VARIANTS {
            assert_eq!(s.as_str().parse::<SignupStatus>(), Ok(*s));
        }
        assert_eq!(SignupStatus::Waitlisted.as_str(), "waitlisted");
    }
}
