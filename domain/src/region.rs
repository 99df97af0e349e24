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
