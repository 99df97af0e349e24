//! Her own account, as she sees it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub user_id: i64,
    /// Shown in full only to its owner; this struct is only ever sent to her.
    pub phone: String,
    pub display_name: String,
    pub role: String,
    pub village_id: Option<i64>,
    pub village_name: Option<String>,
    pub birth_year: Option<i64>,
    pub lang: String,
}
