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
