//! Who may do what, in one place. Every server function that needs more than "logged in"
//! asks here; the authorization-matrix test checks the answers endpoint by endpoint.
//!
//! - admin: runs the installation (region tree, federations, organizer invitations, audit log);
//!   sees no women's records by virtue of the role.
//! - organizer: acts within her federation's region and everything below it.
//! - volunteer and member: their own things only.

use crate::db::Db;
use crate::identity::Role;
use crate::identity::SessionUser;
use domain::{AppError, AppResult};

pub mod circles;
pub mod groups;
pub mod moderation;

pub fn require_admin(user: &SessionUser) -> AppResult<()> {
    if user.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// The region an organizer's federation serves; Forbidden for anyone else.
pub async fn organizer_region(db: &Db, user: &SessionUser) -> AppResult<i64> {
    let federation = match (user.role, user.federation_id) {
        (Role::Organizer, Some(f)) => f,
        _ => return Err(AppError::forbidden()),
    };
    sqlx::query_scalar("SELECT region_id FROM federations WHERE id = $1")
        .bind(federation)
        .fetch_optional(db.reader())
        .await?
        .ok_or_else(AppError::forbidden)
}

/// True when `region` is `ancestor` or lies below it (the tree is at most three deep).
pub async fn region_within(db: &Db, region: i64, ancestor: i64) -> AppResult<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT r.id FROM regions r
         LEFT JOIN regions p ON p.id = r.parent_id
         LEFT JOIN regions g ON g.id = p.parent_id
         WHERE r.id = $1 AND (r.id = $2 OR p.id = $2 OR g.id = $2)",
    )
    .bind(region)
    .bind(ancestor)
    .fetch_optional(db.reader())
    .await?;
    Ok(found.is_some())
}

/// Forbidden unless `user` is an organizer whose area contains `region`.
pub async fn require_organizer_of(db: &Db, user: &SessionUser, region: i64) -> AppResult<()> {
    let area = organizer_region(db, user).await?;
    if region_within(db, region, area).await? {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// The area in which `user` may act for other women: an organizer's federation region, or a
/// volunteer's township (the one her own village belongs to). Forbidden for anyone else.
pub async fn helper_area(db: &Db, user: &SessionUser) -> AppResult<i64> {
    match user.role {
        Role::Organizer => organizer_region(db, user).await,
        Role::Volunteer => {
            let village = user.village_id.ok_or_else(AppError::forbidden)?;
            let township: Option<Option<i64>> =
                sqlx::query_scalar("SELECT parent_id FROM regions WHERE id = $1")
                    .bind(village)
                    .fetch_optional(db.reader())
                    .await?;
            Ok(township.flatten().unwrap_or(village))
        }
        _ => Err(AppError::forbidden()),
    }
}

/// Forbidden unless `user` organizes the area of activity `activity_id` (drafts included);
/// NotFound when there is no such activity.
pub async fn require_activity_organizer(
    db: &Db,
    user: &SessionUser,
    activity_id: i64,
) -> AppResult<()> {
    let area = organizer_region(db, user).await?;
    let region: i64 = sqlx::query_scalar("SELECT region_id FROM activities WHERE id = $1")
        .bind(activity_id)
        .fetch_optional(db.reader())
        .await?
        .ok_or_else(AppError::not_found)?;
    if region_within(db, region, area).await? {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// `region` and the regions above it (at most three: village, township, county).
pub async fn ancestors(db: &Db, region: i64) -> AppResult<Vec<i64>> {
    let row: Option<(i64, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT r.id, p.id, p.parent_id FROM regions r LEFT JOIN regions p ON p.id = r.parent_id
         WHERE r.id = $1",
    )
    .bind(region)
    .fetch_optional(db.reader())
    .await?;
    Ok(row
        .map(|(r, p, g)| [Some(r), p, g].into_iter().flatten().collect())
        .unwrap_or_default())
}

/// `area` and every region below it.
pub async fn within(db: &Db, area: i64) -> AppResult<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT r.id FROM regions r
         LEFT JOIN regions p ON p.id = r.parent_id
         WHERE r.id = $1 OR r.parent_id = $1 OR p.parent_id = $1",
    )
    .bind(area)
    .fetch_all(db.reader())
    .await
    .map_err(AppError::from)
}

/// Ids for an `IN (…)` list. They come from the database, never from a request; an empty
/// list becomes a value no row has.
pub fn id_list(ids: &[i64]) -> String {
    if ids.is_empty() {
        return "-1".to_owned();
    }
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// NotFound (on field `user_id`) unless `user_id` is a volunteer living in `area`: whom an
/// organizer may give a volunteer's tasks. Someone outside looks the same as nobody.
pub async fn require_volunteer_in(db: &Db, user_id: i64, area: i64) -> AppResult<()> {
    let found: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT role, village_id FROM users WHERE id = $1 AND deleted_at IS NULL")
            .bind(user_id)
            .fetch_optional(db.reader())
            .await?;
    match found {
        Some((role, Some(village)))
            if role == "volunteer" && region_within(db, village, area).await? =>
        {
            Ok(())
        }
        _ => Err(AppError::field(domain::ErrorKey::NotFound, "user_id")),
    }
}

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
