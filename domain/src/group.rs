//! Mutual-aid groups as their members and neighbours see them.

use serde::{Deserialize, Serialize};

crate::vocabulary! {
    /// What a group is for, as stored in `aid_groups.need`. A new need needs its words in each
    /// language (`app::i18n`, `group_need`): the match there is exhaustive.
    pub enum GroupNeed {
        Childcare,
        ElderlyCare,
        Farming,
        Training,
        Other,
    }
}

crate::vocabulary! {
    /// Where she stands in a group, as stored in `group_members.status`.
    pub enum MembershipStatus {
        Member,
        /// She asked to join a group that lets members in on approval.
        Pending,
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct GroupSummary {
    pub id: i64,
    pub name: String,
    pub purpose: String,
    pub need: GroupNeed,
    /// The village or township it belongs to.
    pub place: String,
    /// Open to join at once; otherwise on approval.
    #[cfg_attr(
        feature = "sqlx",
        sqlx(rename = "open_to_join", try_from = "crate::sql::Flag")
    )]
    pub open: bool,
    pub member_limit: i64,
    pub members: i64,
    /// Whether she has joined or asked to.
    pub my_status: Option<MembershipStatus>,
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
