//! Places, as pickers and lists show them.

use serde::{Deserialize, Serialize};

/// A village (or urban community) with the names of its township and county.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Village {
    pub id: i64,
    pub name: String,
    pub township: String,
    pub county: String,
}

/// A region in the admin's tree, with its federation if it has one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub level: String,
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
