//! Who may do what, in one place. Every server function that needs more than "logged in"
//! asks here; the authorization-matrix test checks the answers endpoint by endpoint.
//!
//! - admin: runs the installation (region tree, federations, organizer invitations, audit log);
//!   sees no women's records by virtue of the role.
//! - organizer: acts within her federation's region and everything below it.
//! - volunteer and member: their own things only.

mod accounts;
mod area;

pub use accounts::{require_admin, require_may_become_organizer, require_may_become_volunteer};
pub use area::{
    ancestors, appointment_reach, helper_area, id_list, lineage, organizer_region, region_within,
    require_activity_organizer, require_organizer_of, require_volunteer_in, township_of,
    volunteer_reach, within, Lineage,
};

use crate::db::Db;
use domain::AppResult;

pub mod circles;
pub mod groups;
pub mod help;
pub mod ledger;
pub mod moderation;

/// Whether a volunteer is assigned to moderate this circle (`"circle_id"`) or group
/// (`"group_id"`).
pub async fn is_assigned_moderator(
    db: &Db,
    user_id: i64,
    column: &'static str,
    id: i64,
) -> AppResult<bool> {
    debug_assert!(column == "circle_id" || column == "group_id");
    let found: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT id FROM moderators WHERE {column} = $1 AND user_id = $2"
    ))
    .bind(id)
    .bind(user_id)
    .fetch_optional(db.reader())
    .await?;
    Ok(found.is_some())
}
