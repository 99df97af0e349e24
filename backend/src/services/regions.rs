//! The region tree (county → township → village) and the federations that serve it.

use sqlx::AnyConnection;

use domain::{AppError, AppResult};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    County,
    Township,
    Village,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::County => "county",
            Level::Township => "township",
            Level::Village => "village",
        }
    }
}

/// Creates a region and returns its id.
pub async fn create_region(
    conn: &mut AnyConnection,
    parent_id: Option<i64>,
    level: Level,
    name: &str,
) -> AppResult<i64> {
    sqlx::query_scalar(
        "INSERT INTO regions (parent_id, level, name, created_at)
         VALUES ($1, $2, $3, $4)
         RETURNING id",
    )
    .bind(parent_id)
    .bind(level.as_str())
    .bind(name)
    .bind(crate::now())
    .fetch_one(conn)
    .await
    .map_err(AppError::from)
}

/// Creates the federation of a region and returns its id.
pub async fn create_federation(
    conn: &mut AnyConnection,
    region_id: i64,
    name: &str,
) -> AppResult<i64> {
    sqlx::query_scalar(
        "INSERT INTO federations (region_id, name, created_at)
         VALUES ($1, $2, $3)
         RETURNING id",
    )
    .bind(region_id)
    .bind(name)
    .bind(crate::now())
    .fetch_one(conn)
    .await
    .map_err(AppError::from)
}

/// Every village with its township and county, grouped by county and township.
pub async fn villages(db: &crate::Db) -> AppResult<Vec<domain::region::Village>> {
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT v.id, v.name, t.name, c.name
         FROM regions v
         JOIN regions t ON t.id = v.parent_id
         JOIN regions c ON c.id = t.parent_id
         WHERE v.level = 'village'
         ORDER BY c.name, t.name, v.name",
    )
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, township, county)| domain::region::Village {
            id,
            name,
            township,
            county,
        })
        .collect())
}

/// The regions in an area (the area itself first, then its townships and villages), labelled
/// with their path below it, for the venue and audience pickers.
pub async fn in_area(db: &crate::Db, area: i64) -> AppResult<Vec<domain::region::Place>> {
    let rows: Vec<(i64, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT r.id, r.name, p.name, g.name
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
        .map(|(id, name, parent, grandparent)| {
            // Say the path from the area down, e.g. "清河镇 · 东村".
            let label = match (grandparent, parent) {
                (Some(_), Some(p)) if id != area => format!("{p} · {name}"),
                _ => name,
            };
            domain::region::Place { id, label }
        })
        .collect())
}

/// The village, township and county around a village (for the "my area" filters).
pub async fn ancestry(
    db: &crate::Db,
    village: i64,
) -> AppResult<Option<(i64, Option<i64>, Option<i64>)>> {
    let row: Option<(i64, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT v.id, t.id, t.parent_id FROM regions v LEFT JOIN regions t ON t.id = v.parent_id
         WHERE v.id = $1",
    )
    .bind(village)
    .fetch_optional(db.reader())
    .await?;
    Ok(row)
}
