//! Activities: what federations offer and women sign up for.

use std::sync::LazyLock;
use std::time::Duration;

use moka::ops::compute::Op;
use moka::sync::Cache;

use crate::db::Db;
use domain::activity::{ActivityCard, ActivityDetail};
use domain::{AppError, AppResult, Category};

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

/// The list shows what she can still join: activities that have not ended, and that started
/// at most this long ago. The bound lets the `(status, starts_at)` index start near today
/// instead of walking every past activity (a county has thousands).
pub const LISTED_AFTER_START_SECS: i64 = 3 * 86_400;

/// Upcoming published activities, soonest first.
#[tracing::instrument(skip_all)]
pub async fn list_upcoming(db: &Db, filter: &ListFilter, now: i64) -> AppResult<ListPage> {
    let limit = filter.limit.clamp(1, 100);
    let search = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(crate::db::like_pattern);
    let mut cards: Vec<ActivityCard> = sqlx::query_as(&format!(
        "SELECT a.id, a.title, a.category, a.venue, r.name AS place_name,
                a.starts_at, a.ends_at, a.capacity, a.seats_taken, {JOIN_RULES}
         FROM activities a
         JOIN regions r ON r.id = a.region_id
         LEFT JOIN regions p ON p.id = r.parent_id
         {JOIN_RULES_FROM}
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
         LIMIT $10"
    ))
    .bind(now)
    .bind(filter.category)
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
    let next = if cards.len() as i64 > limit {
        cards.truncate(limit as usize);
        cards.last().map(|c| (c.starts_at, c.id))
    } else {
        None
    };
    Ok(ListPage { cards, next })
}

/// How long a node reuses the category counts. Counting means visiting every upcoming
/// activity of the county, which on every page view would make the list's cost grow with the
/// data; the chips can be a few seconds behind.
pub const COUNTS_FRESH_SECS: i64 = 15;

/// One node's category counts for one database, and when they were counted.
#[derive(Clone)]
struct Counts {
    counted_at: i64,
    /// Set while one request recounts expired counts; the others keep showing these.
    recounting_since: Option<i64>,
    counts: Vec<(Category, i64)>,
}

/// This node's category counts, one entry per database. Counts younger than
/// [`COUNTS_FRESH_SECS`] are reused. Older ones (up to twice that) are recounted by one
/// request while the others still get them, so expiring counts do not make every request in
/// flight count the county at once; older still, they are gone.
struct CountsCache(Cache<String, Counts>);

impl CountsCache {
    fn new() -> CountsCache {
        CountsCache(
            Cache::builder()
                .max_capacity(64)
                .time_to_live(Duration::from_secs(2 * COUNTS_FRESH_SECS as u64))
                .build(),
        )
    }

    /// The counts to show without counting; `None` when this request must count (having
    /// claimed the recount, if the counts are only stale).
    fn reuse(&self, db: &str, now: i64) -> Option<Vec<(Category, i64)>> {
        let within = |since: i64, secs: i64| (0..secs).contains(&(now - since));
        let mut reused = None;
        // Calls for one key run one after the other, so exactly one request claims a recount.
        self.0.entry_by_ref(db).and_compute_with(|entry| {
            let Some(c) = entry.map(|e| e.into_value()) else {
                return Op::Nop;
            };
            let fresh = within(c.counted_at, COUNTS_FRESH_SECS);
            let stale = within(c.counted_at, 2 * COUNTS_FRESH_SECS);
            let recounting = c
                .recounting_since
                .is_some_and(|since| within(since, COUNTS_FRESH_SECS));
            if fresh || (stale && recounting) {
                reused = Some(c.counts);
                Op::Nop
            } else if stale {
                Op::Put(Counts {
                    recounting_since: Some(now),
                    ..c
                })
            } else {
                Op::Nop
            }
        });
        reused
    }

    fn store(&self, db: &str, now: i64, counts: Vec<(Category, i64)>) {
        self.0.insert(
            db.to_owned(),
            Counts {
                counted_at: now,
                recounting_since: None,
                counts,
            },
        );
    }

    fn forget(&self, db: &str) {
        self.0.invalidate(db);
    }
}

static COUNTS: LazyLock<CountsCache> = LazyLock::new(CountsCache::new);

/// Forgets this node's category counts (after it posted, published, edited or cancelled an
/// activity), so its own change shows at once.
pub fn forget_counts(db: &Db) {
    COUNTS.forget(db.url());
}

/// Counts of upcoming published activities per category, for the category chips (reused
/// for a few seconds: see [`CountsCache`]).
#[tracing::instrument(skip_all)]
pub async fn count_by_category(db: &Db, now: i64) -> AppResult<Vec<(Category, i64)>> {
    if let Some(counts) = COUNTS.reuse(db.url(), now) {
        return Ok(counts);
    }
    let counts: Vec<(Category, i64)> = sqlx::query_as(
        "SELECT category, COUNT(*) AS n FROM activities
         WHERE status = 'published' AND starts_at >= $2 AND ends_at >= $1
         GROUP BY category",
    )
    .bind(now)
    .bind(now - LISTED_AFTER_START_SECS)
    .fetch_all(db.reader())
    .await?;
    COUNTS.store(db.url(), now, counts.clone());
    Ok(counts)
}

/// The columns of `domain::activity::JoinRules` (activities `a`, joined by [`JOIN_RULES_FROM`]).
pub(crate) const JOIN_RULES: &str =
    "a.min_age, a.max_age, a.area_only, ar.name AS area_name, a.requires_approval,
     a.signup_deadline, a.cancel_cutoff";

/// The joins [`JOIN_RULES`] reads: the activity's federation `f` and the region it is for `ar`.
pub(crate) const JOIN_RULES_FROM: &str = "JOIN federations f ON f.id = a.federation_id
     JOIN regions ar ON ar.id = COALESCE(a.audience_region_id, f.region_id)";

const DETAIL_COLUMNS: &str =
    "a.id, a.title, a.description, a.category, a.venue, r.name AS place_name,
     f.name AS federation_name, a.starts_at, a.ends_at, a.capacity, a.seats_taken,
     a.companions_allowed, a.status, a.updated_at,
     (SELECT COUNT(*) FROM signups w WHERE w.activity_id = a.id AND w.status = 'waitlisted')
        AS waiting";

/// One activity, as its page shows it. Drafts are not found.
#[tracing::instrument(skip_all, fields(activity_id = id))]
pub async fn get(db: &Db, id: i64) -> AppResult<ActivityDetail> {
    sqlx::query_as(&format!(
        "SELECT {DETAIL_COLUMNS}, {JOIN_RULES}
         FROM activities a
         JOIN regions r ON r.id = a.region_id
         {JOIN_RULES_FROM}
         WHERE a.id = $1 AND a.status <> 'draft'"
    ))
    .bind(id)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(AppError::not_found)
}

/// The activities she holds or awaits a place in that end after `since`, soonest first
/// (cancelled ones included, so her calendar shows them as cancelled).
#[tracing::instrument(skip_all, fields(user_id = user_id))]
pub async fn signed_up_details(
    db: &Db,
    user_id: i64,
    since: i64,
) -> AppResult<Vec<ActivityDetail>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {DETAIL_COLUMNS}, {JOIN_RULES}
         FROM signups s
         JOIN activities a ON a.id = s.activity_id
         JOIN regions r ON r.id = a.region_id
         {JOIN_RULES_FROM}
         WHERE s.user_id = $1 AND s.status IN ('confirmed', 'waitlisted', 'pending')
           AND a.ends_at >= $2 AND a.status <> 'draft'
         ORDER BY a.starts_at, a.id"
    ))
    .bind(user_id)
    .bind(since)
    .fetch_all(db.reader())
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DB: &str = "sqlite://counts-test.db";

    fn counts(n: i64) -> Vec<(Category, i64)> {
        vec![(Category::LegalAid, n)]
    }

    #[test]
    fn counts_are_reused_then_recounted_by_one_request_while_the_others_get_the_old_ones() {
        let cache = CountsCache::new();
        assert_eq!(cache.reuse(DB, 100), None, "nothing counted yet");
        cache.store(DB, 100, counts(1));
        assert_eq!(cache.reuse(DB, 114), Some(counts(1)), "fresh");

        // Stale: the first request recounts, the others meanwhile get the old counts.
        assert_eq!(cache.reuse(DB, 115), None);
        assert_eq!(cache.reuse(DB, 116), Some(counts(1)));
        assert_eq!(cache.reuse(DB, 129), Some(counts(1)));
        // Too old to show: every request counts.
        assert_eq!(cache.reuse(DB, 130), None);
        assert_eq!(cache.reuse(DB, 131), None);

        cache.store(DB, 131, counts(2));
        assert_eq!(cache.reuse(DB, 132), Some(counts(2)), "the recount is kept");
    }

    #[test]
    fn the_nodes_own_writes_forget_the_counts() {
        let cache = CountsCache::new();
        cache.store(DB, 0, counts(1));
        cache.forget(DB);
        assert_eq!(cache.reuse(DB, 1), None);
        cache.store("sqlite://other.db", 0, counts(3));
        assert_eq!(cache.reuse(DB, 1), None, "one entry per database");
    }
}
