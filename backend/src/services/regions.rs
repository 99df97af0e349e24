//! The region tree (county → township → village) and the federations that serve it.

use sqlx::AnyConnection;

use crate::db::internal;
use domain::AppResult;

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
    .map_err(internal)
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
    .map_err(internal)
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
    .await
    .map_err(internal)?;
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
