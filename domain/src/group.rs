//! Mutual-aid groups as their members and neighbours see them.

use serde::{Deserialize, Serialize};

/// What a group is for.
pub const NEEDS: [&str; 5] = ["childcare", "elderly_care", "farming", "training", "other"];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSummary {
    pub id: i64,
    pub name: String,
    pub purpose: String,
    /// One of [`NEEDS`].
    pub need: String,
    /// The village or township it belongs to.
    pub place: String,
    /// Open to join at once; otherwise on approval.
    pub open: bool,
    pub member_limit: i64,
    pub members: i64,
    /// `member` or `pending` when she has joined or asked to.
    pub my_status: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupPost {
    pub id: i64,
    /// The author's display name; `None` for a deleted account.
    pub author: Option<String>,
    pub mine: bool,
    pub body: String,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupPage {
    pub summary: GroupSummary,
    /// Display names of the members (for members and managers only; never phone numbers).
    pub members: Vec<String>,
    /// Newest first; for members and managers only.
    pub posts: Vec<GroupPost>,
    /// Requests to join, for those who manage the group: (user id, display name).
    pub pending: Vec<(i64, String)>,
    pub manager: bool,
}
