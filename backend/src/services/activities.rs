//! Activities: what federations offer and women sign up for.

use sqlx::Row;

use crate::db::{internal, Db};
use domain::activity::ActivityCard;
use domain::{AppResult, Category};

/// Filters for the activity list.
#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    pub category: Option<Category>,
    pub limit: i64,
}

/// Upcoming published activities, soonest first.
pub async fn list_upcoming(db: &Db, filter: &ListFilter, now: i64) -> AppResult<Vec<ActivityCard>> {
    let limit = filter.limit.clamp(1, 100);
    let rows = sqlx::query(
        "SELECT a.id, a.title, a.category, a.venue, r.name AS place_name,
                a.starts_at, a.ends_at, a.capacity, a.seats_taken
         FROM activities a
         JOIN regions r ON r.id = a.region_id
         WHERE a.status = 'published'
           AND a.ends_at >= $1
           AND ($2 IS NULL OR a.category = $2)
         ORDER BY a.starts_at, a.id
         LIMIT $3",
    )
    .bind(now)
    .bind(filter.category.map(Category::slug))
    .bind(limit)
    .fetch_all(db.reader())
    .await
    .map_err(internal)?;
    rows.iter()
        .map(|r| {
            let category: String = r.get("category");
            Ok(ActivityCard {
                id: r.get("id"),
                title: r.get("title"),
                // The CHECK constraint keeps unknown categories out of the table.
                category: Category::parse(&category)
                    .ok_or_else(|| internal(format!("unknown category {category}")))?,
                venue: r.get("venue"),
                place_name: r.get("place_name"),
                starts_at: r.get("starts_at"),
                ends_at: r.get("ends_at"),
                capacity: r.get("capacity"),
                seats_taken: r.get("seats_taken"),
            })
        })
        .collect()
}

/// Counts of upcoming published activities per category, for the category chips.
pub async fn count_by_category(db: &Db, now: i64) -> AppResult<Vec<(Category, i64)>> {
    let rows = sqlx::query(
        "SELECT category, COUNT(*) AS n FROM activities
         WHERE status = 'published' AND ends_at >= $1
         GROUP BY category",
    )
    .bind(now)
    .fetch_all(db.reader())
    .await
    .map_err(internal)?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Category::parse(&r.get::<String, _>("category")).map(|c| (c, r.get::<i64, _>("n")))
        })
        .collect())
}

/// One activity, as its page shows it. Drafts are not found.
pub async fn get(db: &Db, id: i64) -> AppResult<domain::activity::ActivityDetail> {
    let row = sqlx::query(
        "SELECT a.id, a.title, a.description, a.category, a.venue, r.name AS place_name,
                f.name AS federation_name, a.starts_at, a.ends_at, a.capacity, a.seats_taken,
                a.companions_allowed, a.status, a.updated_at
         FROM activities a
         JOIN regions r ON r.id = a.region_id
         JOIN federations f ON f.id = a.federation_id
         WHERE a.id = $1 AND a.status <> 'draft'",
    )
    .bind(id)
    .fetch_optional(db.reader())
    .await
    .map_err(internal)?
    .ok_or_else(domain::AppError::not_found)?;
    let category: String = row.get("category");
    Ok(domain::activity::ActivityDetail {
        id: row.get("id"),
        title: row.get("title"),
        description: row.get("description"),
        category: Category::parse(&category)
            .ok_or_else(|| internal(format!("unknown category {category}")))?,
        venue: row.get("venue"),
        place_name: row.get("place_name"),
        federation_name: row.get("federation_name"),
        starts_at: row.get("starts_at"),
        ends_at: row.get("ends_at"),
        capacity: row.get("capacity"),
        seats_taken: row.get("seats_taken"),
        companions_allowed: row.get("companions_allowed"),
        status: row.get("status"),
        updated_at: row.get("updated_at"),
    })
}
