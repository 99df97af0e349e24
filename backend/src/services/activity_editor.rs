//! The organizer's side of activities: post (alone or as a weekly or monthly series), edit,
//! publish, cancel. Everyone signed up hears about changes of time or place and about
//! cancellations; raising the capacity moves the waitlist up.

use sqlx::AnyConnection;

use crate::db::{Backend, Db};
use crate::identity::SessionUser;
use crate::policy;
use crate::services::activities::forget_counts;
use crate::services::notifications::{notify_signed_up, NotificationKind};
use crate::services::signups::{lock_activity, promote};
use domain::activity::ActivityStatus;
use domain::activity_form::{ActivityDraft, ActivityForm, SeriesDates, SeriesScope};
use domain::form::Checkbox;
use domain::roster::ManagedActivity;
use domain::sql::Flag;
use domain::time::format_local_datetime;
use domain::{AppError, AppResult, Category, ErrorKey};

/// Checks that `region` (if given) lies in the organizer's area; the area itself otherwise.
async fn region_in_area(db: &Db, region: Option<i64>, area: i64, field: &str) -> AppResult<i64> {
    match region {
        None => Ok(area),
        Some(r) if policy::region_within(db, r, area).await? => Ok(r),
        Some(_) => Err(AppError::field(ErrorKey::RegionInvalid, field)),
    }
}

/// Where the activity and its audience lie, each checked to be in the organizer's area.
async fn places(db: &Db, draft: &ActivityDraft, area: i64) -> AppResult<(i64, Option<i64>)> {
    let region = region_in_area(db, draft.region_id, area, "region_id").await?;
    let audience = match draft.audience_region_id {
        None => None,
        Some(r) => Some(region_in_area(db, Some(r), area, "audience_region_id").await?),
    };
    Ok((region, audience))
}

/// Posts an activity, or every activity of a series, in one transaction. Returns the ids,
/// soonest first.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn create(db: &Db, user: &SessionUser, draft: &ActivityDraft) -> AppResult<Vec<i64>> {
    let area = policy::organizer_region(db, user).await?;
    let federation = user.federation_id.ok_or_else(AppError::forbidden)?;
    let (region, audience) = places(db, draft, area).await?;
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    let series: Option<i64> = match draft.repeat {
        None => None,
        Some((frequency, occurrences)) => Some(
            sqlx::query_scalar(
                "INSERT INTO activity_series (federation_id, frequency, occurrences, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(federation)
            .bind(frequency)
            .bind(i64::from(occurrences))
            .bind(user.user_id)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?,
        ),
    };
    let status = if draft.draft {
        ActivityStatus::Draft
    } else {
        ActivityStatus::Published
    };
    let mut ids = Vec::new();
    for start in draft.occurrence_starts() {
        // Every occurrence keeps the first one's length, deadline and cutoff relative to
        // its own start.
        let shift = start - draft.starts_at;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO activities (federation_id, region_id, title, description, category, venue,
                 starts_at, ends_at, capacity, companions_allowed, signup_deadline, cancel_cutoff,
                 requires_approval, min_age, max_age, audience_region_id, area_only, status,
                 series_id, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                     $18, $19, $20, $21, $21)
             RETURNING id",
        )
        .bind(federation)
        .bind(region)
        .bind(&draft.title)
        .bind(&draft.description)
        .bind(draft.category)
        .bind(&draft.venue)
        .bind(start)
        .bind(draft.ends_at + shift)
        .bind(draft.capacity)
        .bind(draft.companions_allowed)
        .bind(draft.signup_deadline.map(|d| d + shift))
        .bind(draft.cancel_cutoff.map(|c| c + shift))
        .bind(draft.requires_approval)
        .bind(draft.min_age)
        .bind(draft.max_age)
        .bind(audience)
        .bind(draft.area_only)
        .bind(status)
        .bind(series)
        .bind(user.user_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        ids.push(id);
    }
    tx.commit().await?;
    forget_counts(db);
    Ok(ids)
}

/// The activities a change of `id` applies to: `id`, and with a scope wider than one the other
/// dates of its series that are neither over nor cancelled (the later ones only, for
/// `ThisAndLater`). In id order, the order every change locks them in, so that two changes
/// of one series never wait on each other.
async fn dates_in_scope(
    conn: &mut AnyConnection,
    id: i64,
    scope: SeriesScope,
    now: i64,
) -> AppResult<Vec<i64>> {
    let mut ids = vec![id];
    if scope == SeriesScope::One {
        return Ok(ids);
    }
    let others: Vec<i64> = sqlx::query_scalar(
        "SELECT o.id FROM activities a
         JOIN activities o ON o.series_id = a.series_id AND o.id <> a.id
         WHERE a.id = $1 AND o.status <> 'cancelled' AND o.ends_at > $2
           AND (o.starts_at > a.starts_at OR $3 = 1)
         ORDER BY o.id",
    )
    .bind(id)
    .bind(now)
    .bind(i64::from(scope == SeriesScope::AllComing))
    .fetch_all(&mut *conn)
    .await?;
    ids.extend(others);
    ids.sort_unstable();
    Ok(ids)
}

/// The other dates of its series still to come, when it is part of one that has any.
#[tracing::instrument(skip_all, fields(activity_id = id, user_id = user.user_id))]
pub async fn series_dates(
    db: &Db,
    user: &SessionUser,
    id: i64,
    now: i64,
) -> AppResult<Option<SeriesDates>> {
    policy::require_activity_organizer(db, user, id).await?;
    coming_dates(db, id, now).await
}

/// [`series_dates`] for a caller that has already checked she organizes it (the roster).
pub(crate) async fn coming_dates(db: &Db, id: i64, now: i64) -> AppResult<Option<SeriesDates>> {
    let dates: SeriesDates = sqlx::query_as(
        "SELECT COUNT(*) AS coming,
                COALESCE(SUM(CASE WHEN o.starts_at > a.starts_at THEN 1 ELSE 0 END), 0) AS later
         FROM activities a
         JOIN activities o ON o.series_id = a.series_id AND o.id <> a.id
         WHERE a.id = $1 AND o.status <> 'cancelled' AND o.ends_at > $2",
    )
    .bind(id)
    .bind(now)
    .fetch_one(db.reader())
    .await?;
    Ok((dates.coming > 0).then_some(dates))
}

/// Changes an activity, and with a wider `scope` the other dates of its series too (each
/// moved by as much as this one, see [`ActivityDraft::for_date`]). A new time or place is told
/// to everyone signed up; a larger capacity promotes the waitlist; a capacity below the seats
/// already taken on any of the dates is refused, and then nothing changes.
#[tracing::instrument(skip_all, fields(activity_id = id, user_id = user.user_id))]
pub async fn update(
    db: &Db,
    user: &SessionUser,
    id: i64,
    draft: &ActivityDraft,
    scope: SeriesScope,
) -> AppResult<()> {
    policy::require_activity_organizer(db, user, id).await?;
    let area = policy::organizer_region(db, user).await?;
    let (region, audience) = places(db, draft, area).await?;
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    let old_start: i64 = sqlx::query_scalar("SELECT starts_at FROM activities WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    let moved_by = draft.starts_at - old_start;
    for date in dates_in_scope(&mut tx, id, scope, now).await? {
        let start: i64 = sqlx::query_scalar("SELECT starts_at FROM activities WHERE id = $1")
            .bind(date)
            .fetch_one(&mut *tx)
            .await?;
        let changed = if date == id {
            draft.clone()
        } else {
            draft.for_date(start, moved_by)
        };
        update_one(
            &mut tx,
            db.backend(),
            date,
            &changed,
            (region, audience),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    forget_counts(db);
    Ok(())
}

/// Changes one activity inside the caller's transaction (see [`update`]).
async fn update_one(
    tx: &mut AnyConnection,
    backend: Backend,
    id: i64,
    draft: &ActivityDraft,
    (region, audience): (i64, Option<i64>),
    now: i64,
) -> AppResult<()> {
    let locked = lock_activity(&mut *tx, backend, id).await?;
    if locked.status == ActivityStatus::Cancelled {
        return Err(AppError::new(ErrorKey::SignupClosed));
    }
    if draft.capacity < locked.seats_taken {
        return Err(AppError::field(ErrorKey::CapacityBelowTaken, "capacity"));
    }
    let (old_start, old_end, old_venue, old_region): (i64, i64, String, i64) =
        sqlx::query_as("SELECT starts_at, ends_at, venue, region_id FROM activities WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    let moved = old_start != draft.starts_at
        || old_end != draft.ends_at
        || old_venue != draft.venue
        || old_region != region;
    sqlx::query(
        "UPDATE activities SET region_id = $1, title = $2, description = $3, category = $4,
             venue = $5, starts_at = $6, ends_at = $7, capacity = $8, companions_allowed = $9,
             signup_deadline = $10, cancel_cutoff = $11, requires_approval = $12, min_age = $13,
             max_age = $14, audience_region_id = $15, area_only = $16, updated_at = $17,
             reminder_sent_at = CASE WHEN starts_at = $6 THEN reminder_sent_at ELSE NULL END
         WHERE id = $18",
    )
    .bind(region)
    .bind(&draft.title)
    .bind(&draft.description)
    .bind(draft.category)
    .bind(&draft.venue)
    .bind(draft.starts_at)
    .bind(draft.ends_at)
    .bind(draft.capacity)
    .bind(draft.companions_allowed)
    .bind(draft.signup_deadline)
    .bind(draft.cancel_cutoff)
    .bind(draft.requires_approval)
    .bind(draft.min_age)
    .bind(draft.max_age)
    .bind(audience)
    .bind(draft.area_only)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if draft.capacity > locked.capacity {
        promote(&mut *tx, id, now).await?;
    }
    if moved && locked.status == ActivityStatus::Published {
        notify_signed_up(&mut *tx, id, NotificationKind::ActivityChanged, now).await?;
    }
    Ok(())
}

/// Publishes a draft. Publishing twice changes nothing.
#[tracing::instrument(skip_all, fields(activity_id = id, user_id = user.user_id))]
pub async fn publish(db: &Db, user: &SessionUser, id: i64) -> AppResult<()> {
    policy::require_activity_organizer(db, user, id).await?;
    sqlx::query("UPDATE activities SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4")
        .bind(ActivityStatus::Published)
        .bind(crate::now())
        .bind(id)
        .bind(ActivityStatus::Draft)
        .execute(db.writer())
        .await?;
    forget_counts(db);
    Ok(())
}

/// Cancels an activity, and with a wider `scope` the other dates of its series still to
/// come, and tells everyone signed up. Cancelling twice tells them once.
#[tracing::instrument(skip_all, fields(activity_id = id, user_id = user.user_id))]
pub async fn cancel(db: &Db, user: &SessionUser, id: i64, scope: SeriesScope) -> AppResult<()> {
    policy::require_activity_organizer(db, user, id).await?;
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    for date in dates_in_scope(&mut tx, id, scope, now).await? {
        let locked = lock_activity(&mut tx, db.backend(), date).await?;
        if locked.status == ActivityStatus::Cancelled {
            continue;
        }
        sqlx::query("UPDATE activities SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(ActivityStatus::Cancelled)
            .bind(now)
            .bind(date)
            .execute(&mut *tx)
            .await?;
        if locked.status == ActivityStatus::Published {
            notify_signed_up(&mut tx, date, NotificationKind::ActivityCancelled, now).await?;
        }
    }
    tx.commit().await?;
    forget_counts(db);
    Ok(())
}

/// The columns of a [`ManagedActivity`]; the activities table is `a`.
pub(crate) const MANAGED_COLUMNS: &str =
    "a.id, a.title, a.category, a.status, a.starts_at, a.ends_at, a.capacity, a.seats_taken,
     (SELECT COUNT(*) FROM signups s WHERE s.activity_id = a.id AND s.status = 'waitlisted') AS waitlisted,
     (SELECT COUNT(*) FROM signups s WHERE s.activity_id = a.id AND s.status = 'pending') AS pending";

/// The activities of her federation: upcoming first (soonest first), then the past ones.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn managed(db: &Db, user: &SessionUser, now: i64) -> AppResult<Vec<ManagedActivity>> {
    policy::organizer_region(db, user).await?;
    Ok(sqlx::query_as(&format!(
        "SELECT {MANAGED_COLUMNS}
         FROM activities a
         WHERE a.federation_id = $1
         ORDER BY CASE WHEN a.ends_at >= $2 THEN 0 ELSE 1 END,
                  CASE WHEN a.ends_at >= $2 THEN a.starts_at ELSE -a.starts_at END
         LIMIT 200"
    ))
    .bind(user.federation_id)
    .bind(now)
    .fetch_all(db.reader())
    .await?)
}

/// An activity as stored, for its edit form.
#[derive(sqlx::FromRow)]
struct Stored {
    title: String,
    category: Category,
    description: String,
    venue: String,
    region_id: i64,
    starts_at: i64,
    ends_at: i64,
    capacity: i64,
    companions_allowed: i64,
    signup_deadline: Option<i64>,
    cancel_cutoff: Option<i64>,
    requires_approval: Flag,
    min_age: Option<i64>,
    max_age: Option<i64>,
    audience_region_id: Option<i64>,
    area_only: Flag,
    status: ActivityStatus,
}

/// The activity as its edit form shows it.
#[tracing::instrument(skip_all, fields(activity_id = id, user_id = user.user_id))]
pub async fn form_of(db: &Db, user: &SessionUser, id: i64) -> AppResult<ActivityForm> {
    policy::require_activity_organizer(db, user, id).await?;
    let a: Stored = sqlx::query_as(
        "SELECT title, category, description, venue, region_id, starts_at, ends_at, capacity,
                companions_allowed, signup_deadline, cancel_cutoff, requires_approval, min_age,
                max_age, audience_region_id, area_only, status
         FROM activities WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(AppError::not_found)?;
    let text = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    Ok(ActivityForm {
        title: a.title,
        category: a.category.slug().to_owned(),
        description: a.description,
        venue: a.venue,
        region_id: a.region_id.to_string(),
        starts_at: format_local_datetime(a.starts_at),
        ends_at: format_local_datetime(a.ends_at),
        capacity: a.capacity.to_string(),
        companions_allowed: a.companions_allowed.to_string(),
        signup_deadline: a
            .signup_deadline
            .map(format_local_datetime)
            .unwrap_or_default(),
        cancel_cutoff: a
            .cancel_cutoff
            .map(format_local_datetime)
            .unwrap_or_default(),
        requires_approval: Checkbox(a.requires_approval.into()),
        min_age: text(a.min_age),
        max_age: text(a.max_age),
        audience_region_id: text(a.audience_region_id),
        area_only: Checkbox(a.area_only.into()),
        repeat: String::new(),
        occurrences: String::new(),
        draft: Checkbox(a.status == ActivityStatus::Draft),
    })
}
