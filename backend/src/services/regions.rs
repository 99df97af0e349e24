//! The region tree (county → township → village) and the federations that serve it.

use sqlx::{Any, AnyConnection};

use crate::db::Db;
use domain::region::{Place, RegionLevel, RegionRow, Village};
use domain::{AppError, AppResult, ErrorKey};

/// Creates a region and returns its id.
#[tracing::instrument(skip_all, fields(parent_id, ?level))]
pub async fn create_region(
    conn: &mut AnyConnection,
    parent_id: Option<i64>,
    level: RegionLevel,
    name: &str,
) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO regions (parent_id, level, name, created_at)
         VALUES ($1, $2, $3, $4)
         RETURNING id",
    )
    .bind(parent_id)
    .bind(level)
    .bind(name)
    .bind(crate::now())
    .fetch_one(conn)
    .await?)
}

/// Creates the federation of a region and returns its id.
#[tracing::instrument(skip_all, fields(region_id))]
pub async fn create_federation(
    conn: &mut AnyConnection,
    region_id: i64,
    name: &str,
) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO federations (region_id, name, created_at)
         VALUES ($1, $2, $3)
         RETURNING id",
    )
    .bind(region_id)
    .bind(name)
    .bind(crate::now())
    .fetch_one(conn)
    .await?)
}

/// The whole region tree, parents before children, with each region's federation.
#[tracing::instrument(skip_all)]
pub async fn region_tree(db: &Db) -> AppResult<Vec<RegionRow>> {
    Ok(sqlx::query_as(
        "SELECT r.id, r.parent_id, r.level, r.name, f.id AS federation_id, f.name AS federation_name
         FROM regions r LEFT JOIN federations f ON f.region_id = r.id
         ORDER BY CASE r.level WHEN 'county' THEN 0 WHEN 'township' THEN 1 ELSE 2 END, r.name",
    )
    .fetch_all(db.reader())
    .await?)
}

/// A region or federation name: 1 to 40 characters after trimming, no control characters.
fn clean_name(name: &str) -> AppResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 40 || name.chars().any(char::is_control) {
        return Err(AppError::field(ErrorKey::Invalid, "name"));
    }
    Ok(name.to_owned())
}

/// The level of a region, if there is one with this id.
async fn level_of(
    conn: impl sqlx::Executor<'_, Database = Any>,
    region: i64,
) -> AppResult<Option<RegionLevel>> {
    Ok(
        sqlx::query_scalar("SELECT level FROM regions WHERE id = $1")
            .bind(region)
            .fetch_optional(conn)
            .await?,
    )
}

/// Adds a region under `parent` (none for a county). The level follows from the parent.
#[tracing::instrument(skip_all, fields(parent))]
pub async fn add_region(db: &Db, parent: Option<i64>, name: &str) -> AppResult<i64> {
    let name = clean_name(name)?;
    let mut tx = db.writer().begin().await?;
    let level = match parent {
        None => Some(RegionLevel::County),
        Some(p) => level_of(&mut *tx, p).await?.and_then(RegionLevel::below),
    }
    .ok_or_else(|| AppError::field(ErrorKey::RegionInvalid, "parent_id"))?;
    let id = create_region(&mut tx, parent, level, &name)
        .await
        .map_err(|e| match e.key {
            ErrorKey::Internal => AppError::field(ErrorKey::Invalid, "name"),
            _ => e,
        })?;
    tx.commit().await?;
    Ok(id)
}

/// Founds the federation of a region (one per region).
#[tracing::instrument(skip_all, fields(region))]
pub async fn add_federation(db: &Db, region: i64, name: &str) -> AppResult<i64> {
    let name = clean_name(name)?;
    let mut tx = db.writer().begin().await?;
    if level_of(&mut *tx, region).await?.is_none() {
        return Err(AppError::field(ErrorKey::RegionInvalid, "region_id"));
    }
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM federations WHERE region_id = $1")
        .bind(region)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Err(AppError::field(ErrorKey::Invalid, "region_id"));
    }
    let id = create_federation(&mut tx, region, &name).await?;
    tx.commit().await?;
    Ok(id)
}

/// Whether `id` is a village (where a woman can say she lives).
#[tracing::instrument(skip_all, fields(id))]
pub async fn is_village(conn: impl sqlx::Executor<'_, Database = Any>, id: i64) -> AppResult<bool> {
    Ok(level_of(conn, id).await? == Some(RegionLevel::Village))
}

/// Every village with its township and county, grouped by county and township.
#[tracing::instrument(skip_all)]
pub async fn villages(db: &Db) -> AppResult<Vec<Village>> {
    Ok(sqlx::query_as(
        "SELECT v.id, v.name, t.name AS township, c.name AS county
         FROM regions v
         JOIN regions t ON t.id = v.parent_id
         JOIN regions c ON c.id = t.parent_id
         WHERE v.level = 'village'
         ORDER BY c.name, t.name, v.name",
    )
    .fetch_all(db.reader())
    .await?)
}

/// A region with the names of its parent and grandparent, for a picker's label.
#[derive(sqlx::FromRow)]
struct PlaceRow {
    id: i64,
    name: String,
    parent: Option<String>,
    grandparent: Option<String>,
}

/// The regions in an area (the area itself first, then its townships and villages), labelled
/// with their path below it, for the venue and audience pickers.
#[tracing::instrument(skip_all, fields(area))]
pub async fn in_area(db: &Db, area: i64) -> AppResult<Vec<Place>> {
    let rows: Vec<PlaceRow> = sqlx::query_as(
        "SELECT r.id, r.name, p.name AS parent, g.name AS grandparent
         FROM regions r
         LEFT JOIN regions p ON p.id = r.parent_id
         LEFT JOIN regions g ON g.id = p.parent_id
         WHERE r.id = $1 OR p.id = $1 OR g.id = $1
         ORDER BY CASE WHEN r.id = $1 THEN 0 ELSE 1 END,
                  COALESCE(g.name, p.name, r.name), COALESCE(p.name, r.name), r.name",
    )
    .bind(area)
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            // Say the path from the area down, e.g. "清河镇 · 东村".
            let label = match (r.grandparent, r.parent) {
                (Some(_), Some(p)) if r.id != area => format!("{p} · {}", r.name),
                _ => r.name,
            };
            Place { id: r.id, label }
        })
        .collect())
}

/// The village, township and county around a village (for the "my area" filters).
pub async fn ancestry(db: &Db, village: i64) -> AppResult<Option<(i64, Option<i64>, Option<i64>)>> {
    Ok(crate::policy::lineage(db, village)
        .await?
        .map(|l| (l.region, l.parent, l.grandparent)))
}
