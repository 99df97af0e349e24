//! Who is in whose area. The region tree is at most three deep (county → township → village);
//! an organizer acts in her federation's region and everything below it, a volunteer in the
//! reach she was given when appointed.

use crate::db::Db;
use crate::identity::{Role, SessionUser};
use domain::{AppError, AppResult, ErrorKey};

/// The region an organizer's federation serves; Forbidden for anyone else.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
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

/// True when `region` is `ancestor` or lies below it.
#[tracing::instrument(skip_all, fields(region, ancestor))]
pub async fn region_within(db: &Db, region: i64, ancestor: i64) -> AppResult<bool> {
    Ok(ancestors(db, region).await?.contains(&ancestor))
}

/// Forbidden unless `user` is an organizer whose area contains `region`.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, region))]
pub async fn require_organizer_of(db: &Db, user: &SessionUser, region: i64) -> AppResult<()> {
    let area = organizer_region(db, user).await?;
    if region_within(db, region, area).await? {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// The township a village belongs to (the village itself if it has no parent).
#[tracing::instrument(skip_all, fields(village))]
pub async fn township_of(db: &Db, village: i64) -> AppResult<i64> {
    let parent: Option<Option<i64>> =
        sqlx::query_scalar("SELECT parent_id FROM regions WHERE id = $1")
            .bind(village)
            .fetch_optional(db.reader())
            .await?;
    Ok(parent.flatten().unwrap_or(village))
}

/// The area in which `user` may act for other women: an organizer's federation region, or
/// the reach a volunteer was given when she was appointed (stored; it does not follow her
/// profile). Forbidden for anyone else.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn helper_area(db: &Db, user: &SessionUser) -> AppResult<i64> {
    match user.role {
        Role::Organizer => organizer_region(db, user).await,
        Role::Volunteer => volunteer_reach(db, user.user_id)
            .await?
            .ok_or_else(AppError::forbidden),
        Role::Member | Role::Admin => Err(AppError::forbidden()),
    }
}

/// The reach stored when a volunteer was appointed; `None` when she is not one.
pub async fn volunteer_reach(db: &Db, user_id: i64) -> AppResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT region_id FROM volunteers WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(db.reader())
            .await?,
    )
}

/// The reach an organizer whose area is `area` gives a volunteer living in `village`: her
/// township, or less when the organizer's area is smaller (a village federation appoints for
/// its village). NotFound on `phone` when the village is outside the area.
pub async fn appointment_reach(db: &Db, area: i64, village: i64) -> AppResult<i64> {
    if !region_within(db, village, area).await? {
        return Err(AppError::field(ErrorKey::NotFound, "phone"));
    }
    let township = township_of(db, village).await?;
    Ok(if region_within(db, township, area).await? {
        township
    } else {
        area
    })
}

/// Forbidden unless `user` organizes for the federation that owns activity `activity_id`, or
/// for one above it (drafts included); NotFound when there is no such activity. The venue
/// does not decide: a village organizer does not manage a county activity held in her
/// village.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, activity_id))]
pub async fn require_activity_organizer(
    db: &Db,
    user: &SessionUser,
    activity_id: i64,
) -> AppResult<()> {
    let area = organizer_region(db, user).await?;
    let owner: i64 = sqlx::query_scalar(
        "SELECT f.region_id FROM activities a JOIN federations f ON f.id = a.federation_id
         WHERE a.id = $1",
    )
    .bind(activity_id)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(AppError::not_found)?;
    if region_within(db, owner, area).await? {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// A region and the two above it, as far as they exist: for a village, the village, its
/// township and its county.
#[derive(Clone, Copy, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Lineage {
    pub region: i64,
    pub parent: Option<i64>,
    pub grandparent: Option<i64>,
}

/// The lineage of `region`; `None` when there is no such region.
#[tracing::instrument(skip_all, fields(region))]
pub async fn lineage(db: &Db, region: i64) -> AppResult<Option<Lineage>> {
    Ok(sqlx::query_as(
        "SELECT r.id AS region, p.id AS parent, p.parent_id AS grandparent
         FROM regions r LEFT JOIN regions p ON p.id = r.parent_id
         WHERE r.id = $1",
    )
    .bind(region)
    .fetch_optional(db.reader())
    .await?)
}

/// `region` and the regions above it (at most three: village, township, county).
pub async fn ancestors(db: &Db, region: i64) -> AppResult<Vec<i64>> {
    Ok(lineage(db, region)
        .await?
        .map(|l| {
            [Some(l.region), l.parent, l.grandparent]
                .into_iter()
                .flatten()
                .collect()
        })
        .unwrap_or_default())
}

/// `area` and every region below it.
#[tracing::instrument(skip_all, fields(area))]
pub async fn within(db: &Db, area: i64) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT r.id FROM regions r
         LEFT JOIN regions p ON p.id = r.parent_id
         WHERE r.id = $1 OR r.parent_id = $1 OR p.parent_id = $1",
    )
    .bind(area)
    .fetch_all(db.reader())
    .await?)
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
#[tracing::instrument(skip_all, fields(user_id, area))]
pub async fn require_volunteer_in(db: &Db, user_id: i64, area: i64) -> AppResult<()> {
    let found: Option<(Role, Option<i64>)> =
        sqlx::query_as("SELECT role, village_id FROM users WHERE id = $1 AND deleted_at IS NULL")
            .bind(user_id)
            .fetch_optional(db.reader())
            .await?;
    match found {
        Some((Role::Volunteer, Some(village))) if region_within(db, village, area).await? => Ok(()),
        _ => Err(AppError::field(ErrorKey::NotFound, "user_id")),
    }
}
