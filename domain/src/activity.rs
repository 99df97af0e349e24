//! What the activity list shows of an activity.

use serde::{Deserialize, Serialize};

use crate::Category;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
