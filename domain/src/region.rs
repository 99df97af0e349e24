//! Places, as pickers and lists show them.

use serde::{Deserialize, Serialize};

crate::vocabulary! {
    /// Where a region sits in the tree, as stored in `regions.level`: a county holds townships
    /// (or urban streets), a township holds villages (or urban communities).
    pub enum RegionLevel {
        County,
        Township,
        Village,
    }
}

impl RegionLevel {
    /// The level of a region's children; none below a village.
    pub fn below(self) -> Option<RegionLevel> {
        match self {
            RegionLevel::County => Some(RegionLevel::Township),
            RegionLevel::Township => Some(RegionLevel::Village),
            RegionLevel::Village => None,
        }
    }
}

/// A village (or urban community) with the names of its township and county.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Village {
    pub id: i64,
    pub name: String,
    pub township: String,
    pub county: String,
}

/// A region in the admin's tree, with its federation if it has one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct RegionRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub level: RegionLevel,
    pub name: String,
    pub federation_id: Option<i64>,
    pub federation_name: Option<String>,
}

/// A region in a picker: its id and a label that says where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub id: i64,
    pub label: String,
}
