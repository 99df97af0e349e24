//! Activities: what federations offer and women sign up for.

use sqlx::Row;

use crate::db::Db;
use domain::activity::{ActivityCard, ActivityDetail};
use domain::{AppResult, Category};

/// Filters for the activity list. Every filter is optional; together they narrow the list.
#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    pub category: Option<Category>,
    /// Starts within `[from, to)` (UTC seconds): this week, this month, a chosen day.
    pub starts_within: Option<(i64, i64)>,
    /// The venue lies in this region (a village, or anywhere below a township or county).
    pub area: Option<i64>,
    /// Only activities with a free seat.
    pub free_only: bool,
    /// A piece of the title, venue or place name (substring, so it works for Chinese).
    pub search: Option<String>,
    /// Keyset pagination: the (starts_at, id) of the last card of the previous page.
    pub after: Option<(i64, i64)>,
    pub limit: i64,
}

/// A page of the activity list, and where the next one starts if there is one.
#[derive(Clone, Debug, Default)]
pub struct ListPage {
    pub cards: Vec<ActivityCard>,
    pub next: Option<(i64, i64)>,
}

/// `%text%` for LIKE, with LIKE's own wildcards in the text taken literally.
fn like_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// The list shows what she can still join: activities that have not ended, and that started
/// at most this long ago. The bound lets the `(status, starts_at)` index start near today
/// instead of walking every past activity (a county has thousands).
pub const LISTED_AFTER_START_SECS: i64 = 3 * 86_400;

/// Upcoming published activities, soonest first.
pub async fn list_upcoming(db: &Db, filter: &ListFilter, now: i64) -> AppResult<ListPage> {
    let limit = filter.limit.clamp(1, 100);
    let search = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(like_pattern);
    let rows = sqlx::query(
        "SELECT a.id, a.title, a.category, a.venue, r.name AS place_name,
                a.starts_at, a.ends_at, a.capacity, a.seats_taken
         FROM activities a
         JOIN regions r ON r.id = a.region_id
         LEFT JOIN regions p ON p.id = r.parent_id
         WHERE a.status = 'published'
           AND a.starts_at >= $11
           AND a.ends_at >= $1
           AND ($2 IS NULL OR a.category = $2)
           AND ($3 IS NULL OR a.starts_at >= $3)
           AND ($4 IS NULL OR a.starts_at < $4)
           AND ($5 IS NULL OR r.id = $5 OR r.parent_id = $5 OR p.parent_id = $5)
           AND ($6 = 0 OR a.seats_taken < a.capacity)
           AND ($7 IS NULL OR a.title LIKE $7 ESCAPE '\\' OR a.venue LIKE $7 ESCAPE '\\'
                OR r.name LIKE $7 ESCAPE '\\')
           AND ($8 IS NULL OR a.starts_at > $8 OR (a.starts_at = $8 AND a.id > $9))
         ORDER BY a.starts_at, a.id
         LIMIT $10",
    )
    .bind(now)
    .bind(filter.category.map(Category::slug))
    .bind(filter.starts_within.map(|w| w.0))
    .bind(filter.starts_within.map(|w| w.1))
    .bind(filter.area)
    .bind(i64::from(filter.free_only))
    .bind(search)
    .bind(filter.after.map(|a| a.0))
    .bind(filter.after.map(|a| a.1).unwrap_or(0))
    .bind(limit + 1)
    .bind(now - LISTED_AFTER_START_SECS)
    .fetch_all(db.reader())
    .await?;
    let mut cards = rows
        .iter()
        .map(card_from_row)
        .collect::<AppResult<Vec<_>>>()?;
    let next = if cards.len() as i64 > limit {
        cards.truncate(limit as usize);
        cards.last().map(|c| (c.starts_at, c.id))
    } else {
        None
    };
    Ok(ListPage { cards, next })
}

/// An [`ActivityCard`] from a row with the card's columns.
pub(crate) fn card_from_row(r: &sqlx::any::AnyRow) -> AppResult<ActivityCard> {
    let category: String = r.get("category");
    Ok(ActivityCard {
        id: r.get("id"),
        title: r.get("title"),
        // The CHECK constraint keeps unknown categories out of the table.
        category: Category::parse(&category).ok_or_else(|| {
            crate::failed(
                "reading an activity",
                format!("unknown category {category}"),
            )
        })?,
        venue: r.get("venue"),
        place_name: r.get("place_name"),
        starts_at: r.get("starts_at"),
        ends_at: r.get("ends_at"),
        capacity: r.get("capacity"),
        seats_taken: r.get("seats_taken"),
    })
}

/// How long a node reuses the category counts. Counting means visiting every upcoming
/// activity of the county, which on every page view would make the list's cost grow with the
/// data; the chips can be a few seconds behind.
pub const COUNTS_FRESH_SECS: i64 = 15;

/// One node's category counts for one database.
struct Counts {
    counted_at: i64,
    /// Set while one request recounts expired counts; the others keep showing these.
    recounting_since: Option<i64>,
    counts: Vec<(Category, i64)>,
}

static COUNTS: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<String, Counts>>> =
    std::sync::LazyLock::new(Default::default);

fn counts_cache() -> std::sync::MutexGuard<'static, std::collections::HashMap<String, Counts>> {
    // Only copies of counts are behind the lock: after a panic elsewhere, keep using them.
    COUNTS.lock().unwrap_or_else(|e| e.into_inner())
}

/// Forgets this node's category counts (after it posted, published, edited or cancelled an
/// activity), so its own change shows at once.
pub fn forget_counts(db: &Db) {
    counts_cache().remove(db.url());
}

/// Counts of upcoming published activities per category, for the category chips.
///
/// Counts younger than [`COUNTS_FRESH_SECS`] are reused. Older ones (up to twice that) are
/// recounted by one request while the others still get them, so expiring counts do not make
/// every request in flight count the county at once.
pub async fn count_by_category(db: &Db, now: i64) -> AppResult<Vec<(Category, i64)>> {
    let reuse = {
        let mut cache = counts_cache();
        match cache.get_mut(db.url()) {
            Some(c) if (0..COUNTS_FRESH_SECS).contains(&(now - c.counted_at)) => {
                Some(c.counts.clone())
            }
            Some(c) if (0..2 * COUNTS_FRESH_SECS).contains(&(now - c.counted_at)) => {
                let busy = c
                    .recounting_since
                    .is_some_and(|since| (0..COUNTS_FRESH_SECS).contains(&(now - since)));
                if !busy {
                    c.recounting_since = Some(now);
                }
                busy.then(|| c.counts.clone())
            }
            _ => None,
        }
    };
    if let Some(counts) = reuse {
        return Ok(counts);
    }
    let counts = count_now(db, now).await?;
    counts_cache().insert(
        db.url().to_owned(),
        Counts {
            counted_at: now,
            recounting_since: None,
            counts: counts.clone(),
        },
    );
    Ok(counts)
}

async fn count_now(db: &Db, now: i64) -> AppResult<Vec<(Category, i64)>> {
    let rows = sqlx::query(
        "SELECT category, COUNT(*) AS n FROM activities
         WHERE status = 'published' AND starts_at >= $2 AND ends_at >= $1
         GROUP BY category",
    )
    .bind(now)
    .bind(now - LISTED_AFTER_START_SECS)
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Category::parse(&r.get::<String, _>("category")).map(|c| (c, r.get::<i64, _>("n")))
        })
        .collect())
}

const DETAIL_COLUMNS: &str =
    "a.id, a.title, a.description, a.category, a.venue, r.name AS place_name,
     f.name AS federation_name, a.starts_at, a.ends_at, a.capacity, a.seats_taken,
     a.companions_allowed, a.status, a.updated_at";

/// One activity, as its page shows it. Drafts are not found.
pub async fn get(db: &Db, id: i64) -> AppResult<ActivityDetail> {
    let row = sqlx::query(&format!(
        "SELECT {DETAIL_COLUMNS}
         FROM activities a
         JOIN regions r ON r.id = a.region_id
         JOIN federations f ON f.id = a.federation_id
         WHERE a.id = $1 AND a.status <> 'draft'"
    ))
    .bind(id)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(domain::AppError::not_found)?;
    detail_from_row(&row)
}

/// The activities she holds or awaits a place in that end after `since`, soonest first
/// (cancelled ones included, so her calendar shows them as cancelled).
pub async fn signed_up_details(
    db: &Db,
    user_id: i64,
    since: i64,
) -> AppResult<Vec<ActivityDetail>> {
    let rows = sqlx::query(&format!(
        "SELECT {DETAIL_COLUMNS}
         FROM signups s
         JOIN activities a ON a.id = s.activity_id
         JOIN regions r ON r.id = a.region_id
         JOIN federations f ON f.id = a.federation_id
         WHERE s.user_id = $1 AND s.status IN ('confirmed', 'waitlisted', 'pending')
           AND a.ends_at >= $2 AND a.status <> 'draft'
         ORDER BY a.starts_at, a.id"
    ))
    .bind(user_id)
    .bind(since)
    .fetch_all(db.reader())
    .await?;
    rows.iter().map(detail_from_row).collect()
}

fn detail_from_row(row: &sqlx::any::AnyRow) -> AppResult<ActivityDetail> {
    let category: String = row.get("category");
    Ok(ActivityDetail {
        id: row.get("id"),
        title: row.get("title"),
        description: row.get("description"),
        category: Category::parse(&category).ok_or_else(|| {
            crate::failed(
                "reading an activity",
                format!("unknown category {category}"),
            )
        })?,
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
