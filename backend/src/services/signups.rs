//! Signing up for activities: first come, first served up to capacity, then a waitlist that
//! moves up by itself when a seat frees. Never over capacity, whatever the concurrency.
//!
//! Every change to an activity's seats happens inside one transaction that first locks the
//! activity: `SELECT … FOR UPDATE` on PostgreSQL; on SQLite the single writer connection
//! (see `db`) serialises them already. Within the lock the conditional
//! `UPDATE … WHERE seats_taken + n <= capacity` and the `CHECK (seats_taken <= capacity)` are
//! the last line of defence.

use rand::Rng;
use sqlx::{AnyConnection, Row};

use crate::db::{is_unique_violation, Backend, Db};
use crate::identity::SessionUser;
use crate::services::notifications::{notify, NotificationKind};
use domain::{AppError, AppResult, ErrorKey};

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SignupOutcome {
    /// `confirmed`, `waitlisted` or `pending`.
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waitlist_position: Option<i64>,
    pub companions: i64,
    /// Shown only to her, for check-in.
    pub checkin_code: String,
}

pub(crate) struct Activity {
    pub(crate) capacity: i64,
    pub(crate) seats_taken: i64,
    pub(crate) companions_allowed: i64,
    pub(crate) requires_approval: bool,
    pub(crate) status: String,
    pub(crate) starts_at: i64,
    pub(crate) signup_deadline: Option<i64>,
    pub(crate) cancel_cutoff: Option<i64>,
    pub(crate) min_age: Option<i64>,
    pub(crate) max_age: Option<i64>,
    pub(crate) area_only: bool,
    /// The area it is for: its audience region, else its federation's.
    pub(crate) area: i64,
}

pub(crate) async fn lock_activity(
    conn: &mut AnyConnection,
    backend: Backend,
    id: i64,
) -> AppResult<Activity> {
    let sql = match backend {
        Backend::Postgres => {
            "SELECT a.capacity, a.seats_taken, a.companions_allowed, a.requires_approval, a.status,
                    a.starts_at, a.signup_deadline, a.cancel_cutoff, a.min_age, a.max_age,
                    a.area_only, COALESCE(a.audience_region_id, f.region_id)
             FROM activities a JOIN federations f ON f.id = a.federation_id
             WHERE a.id = $1 FOR UPDATE OF a"
        }
        // The Any driver cannot read a column SQLite declares BOOLEAN; read it as an integer.
        Backend::Sqlite => {
            "SELECT a.capacity, a.seats_taken, a.companions_allowed,
                    CAST(a.requires_approval AS INTEGER), a.status, a.starts_at, a.signup_deadline,
                    a.cancel_cutoff, a.min_age, a.max_age, CAST(a.area_only AS INTEGER),
                    COALESCE(a.audience_region_id, f.region_id)
             FROM activities a JOIN federations f ON f.id = a.federation_id
             WHERE a.id = $1"
        }
    };
    let row = sqlx::query(sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(Activity {
        capacity: row.get(0),
        seats_taken: row.get(1),
        companions_allowed: row.get(2),
        requires_approval: read_bool(&row, 3, backend)?,
        status: row.get(4),
        starts_at: row.get(5),
        signup_deadline: row.get(6),
        cancel_cutoff: row.get(7),
        min_age: row.get(8),
        max_age: row.get(9),
        area_only: read_bool(&row, 10, backend)?,
        area: row.get(11),
    })
}

/// SQLite keeps booleans as integers and the Any driver hands them over as such.
pub(crate) fn read_bool(
    row: &sqlx::any::AnyRow,
    index: usize,
    backend: Backend,
) -> AppResult<bool> {
    match backend {
        Backend::Postgres => Ok(row.try_get::<bool, _>(index)?),
        Backend::Sqlite => Ok(row.try_get::<i64, _>(index)? != 0),
    }
}

/// Her place in the queue: 1 for the first waitlisted sign-up.
async fn waitlist_position(
    conn: &mut AnyConnection,
    activity_id: i64,
    signup_id: i64,
) -> AppResult<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM signups WHERE activity_id = $1 AND status = 'waitlisted' AND id <= $2")
        .bind(activity_id)
        .bind(signup_id)
        .fetch_one(conn)
        .await
        .map_err(AppError::from)
}

async fn outcome(
    conn: &mut AnyConnection,
    activity_id: i64,
    user_id: i64,
) -> AppResult<Option<SignupOutcome>> {
    let row: Option<(i64, String, i64, String)> = sqlx::query_as(
        "SELECT id, status, companions, checkin_code FROM signups
         WHERE activity_id = $1 AND user_id = $2 AND status IN ('confirmed', 'waitlisted', 'pending')",
    )
    .bind(activity_id)
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((id, status, companions, checkin_code)) = row else {
        return Ok(None);
    };
    let waitlist_position = if status == "waitlisted" {
        Some(waitlist_position(conn, activity_id, id).await?)
    } else {
        None
    };
    Ok(Some(SignupOutcome {
        status,
        waitlist_position,
        companions,
        checkin_code,
    }))
}

/// Her current sign-up for an activity, if any.
pub async fn mine(db: &Db, activity_id: i64, user_id: i64) -> AppResult<Option<SignupOutcome>> {
    let mut conn = db.reader().acquire().await?;
    outcome(&mut conn, activity_id, user_id).await
}

fn checkin_code() -> String {
    // Six digits: easy to read out at the door; unique enough within one activity.
    format!("{:06}", rand::thread_rng().gen_range(0..1_000_000))
}

/// Signs her up (with `companions` more seats). Signing up again returns the sign-up she
/// already has, so a retried request has the effect of one.
pub async fn sign_up(
    db: &Db,
    user: &SessionUser,
    activity_id: i64,
    companions: i64,
) -> AppResult<SignupOutcome> {
    sign_up_member(db, user.user_id, None, activity_id, companions).await
}

/// Signs up member `user_id`; `helper` is the volunteer or organizer doing it on her behalf
/// (who has checked her area and her agreement).
pub async fn sign_up_member(
    db: &Db,
    user_id: i64,
    helper: Option<i64>,
    activity_id: i64,
    companions: i64,
) -> AppResult<SignupOutcome> {
    let now = crate::now();
    if !(0..=20).contains(&companions) {
        return Err(AppError::field(ErrorKey::Invalid, "companions"));
    }
    let mut tx = db.writer().begin().await?;
    let activity = lock_activity(&mut tx, db.backend(), activity_id).await?;
    if let Some(existing) = outcome(&mut tx, activity_id, user_id).await? {
        return Ok(existing);
    }
    if activity.status != "published" {
        return Err(AppError::new(ErrorKey::SignupClosed));
    }
    if now >= activity.signup_deadline.unwrap_or(activity.starts_at) {
        return Err(AppError::new(ErrorKey::SignupClosed));
    }
    check_eligible(db, &mut tx, &activity, user_id).await?;
    if companions > activity.companions_allowed {
        return Err(AppError::field(ErrorKey::TooManyCompanions, "companions"));
    }
    let seats = 1 + companions;
    let waiting: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM signups WHERE activity_id = $1 AND status = 'waitlisted'",
    )
    .bind(activity_id)
    .fetch_one(&mut *tx)
    .await?;
    let status = if activity.requires_approval {
        "pending"
    } else if waiting == 0 && activity.seats_taken + seats <= activity.capacity {
        let taken = sqlx::query("UPDATE activities SET seats_taken = seats_taken + $1 WHERE id = $2 AND seats_taken + $1 <= capacity")
            .bind(seats)
            .bind(activity_id)
            .execute(&mut *tx)
            .await?;
        if taken.rows_affected() == 1 {
            "confirmed"
        } else {
            "waitlisted"
        }
    } else {
        "waitlisted"
    };
    // A cancelled or declined sign-up from before makes way for the new one.
    sqlx::query("DELETE FROM signups WHERE activity_id = $1 AND user_id = $2 AND status IN ('cancelled', 'declined')")
        .bind(activity_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let inserted = sqlx::query(
        "INSERT INTO signups (activity_id, user_id, companions, status, checkin_code, signed_up_by,
                              agreed_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(activity_id)
    .bind(user_id)
    .bind(companions)
    .bind(status)
    .bind(checkin_code())
    .bind(helper)
    .bind(helper.map(|_| now))
    .bind(now)
    .execute(&mut *tx)
    .await;
    if let Err(e) = inserted {
        return Err(if is_unique_violation(&e) {
            AppError::new(ErrorKey::Conflict)
        } else {
            AppError::from(e)
        });
    }
    notify(
        &mut tx,
        user_id,
        match status {
            "confirmed" => NotificationKind::SignupConfirmed,
            "waitlisted" => NotificationKind::SignupWaitlisted,
            _ => NotificationKind::SignupPending,
        },
        activity_id,
        now,
    )
    .await?;
    let result = outcome(&mut tx, activity_id, user_id)
        .await?
        .ok_or_else(AppError::internal)?;
    tx.commit().await?;
    Ok(result)
}

/// The activity's age range and area, checked against her birth year and village.
async fn check_eligible(
    db: &Db,
    conn: &mut AnyConnection,
    activity: &Activity,
    user_id: i64,
) -> AppResult<()> {
    if activity.min_age.is_none() && activity.max_age.is_none() && !activity.area_only {
        return Ok(());
    }
    let (birth_year, village): (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT birth_year, village_id FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(&mut *conn)
            .await?;
    if activity.min_age.is_some() || activity.max_age.is_some() {
        let birth_year = birth_year.ok_or_else(|| AppError::new(ErrorKey::BirthYearNeeded))?;
        let age = domain::activity_form::age_in_year(birth_year, activity.starts_at);
        if activity.min_age.is_some_and(|lo| age < lo)
            || activity.max_age.is_some_and(|hi| age > hi)
        {
            return Err(AppError::new(ErrorKey::AgeNotEligible));
        }
    }
    if activity.area_only {
        let inside = match village {
            Some(v) => crate::policy::region_within(db, v, activity.area).await?,
            None => false,
        };
        if !inside {
            return Err(AppError::new(ErrorKey::AreaNotEligible));
        }
    }
    Ok(())
}

/// Cancels her sign-up (up to the cancellation cutoff) and promotes the waitlist.
pub async fn cancel(db: &Db, user: &SessionUser, activity_id: i64) -> AppResult<()> {
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    let activity = lock_activity(&mut tx, db.backend(), activity_id).await?;
    let row: Option<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, status, companions FROM signups
         WHERE activity_id = $1 AND user_id = $2 AND status IN ('confirmed', 'waitlisted', 'pending')",
    )
    .bind(activity_id)
    .bind(user.user_id)
    .fetch_optional(&mut *tx)
    .await?;
    // Nothing to cancel: a retried cancel has the effect of one.
    let Some((signup_id, status, companions)) = row else {
        return Ok(());
    };
    if status == "confirmed" && now >= activity.cancel_cutoff.unwrap_or(activity.starts_at) {
        return Err(AppError::new(ErrorKey::CancelClosed));
    }
    release(
        &mut tx,
        signup_id,
        activity_id,
        status == "confirmed",
        1 + companions,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Cancels one sign-up; if it held seats, frees them and promotes the waitlist. The caller
/// holds the activity's lock.
pub(crate) async fn release(
    conn: &mut AnyConnection,
    signup_id: i64,
    activity_id: i64,
    held_seats: bool,
    seats: i64,
    now: i64,
) -> AppResult<()> {
    sqlx::query("UPDATE signups SET status = 'cancelled', updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(signup_id)
        .execute(&mut *conn)
        .await?;
    if held_seats {
        sqlx::query("UPDATE activities SET seats_taken = seats_taken - $1 WHERE id = $2")
            .bind(seats)
            .bind(activity_id)
            .execute(&mut *conn)
            .await?;
        promote(conn, activity_id, now).await?;
    }
    Ok(())
}

/// Moves waitlisted sign-ups into free seats, oldest first; one that does not fit (with her
/// companions) keeps her place and the next one is tried.
pub async fn promote(conn: &mut AnyConnection, activity_id: i64, now: i64) -> AppResult<Vec<i64>> {
    let (capacity, mut taken): (i64, i64) =
        sqlx::query_as("SELECT capacity, seats_taken FROM activities WHERE id = $1")
            .bind(activity_id)
            .fetch_one(&mut *conn)
            .await?;
    let waiting: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT id, user_id, companions FROM signups WHERE activity_id = $1 AND status = 'waitlisted' ORDER BY id",
    )
    .bind(activity_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut promoted = Vec::new();
    for (signup_id, user_id, companions) in waiting {
        let seats = 1 + companions;
        if taken + seats > capacity {
            continue;
        }
        sqlx::query("UPDATE activities SET seats_taken = seats_taken + $1 WHERE id = $2 AND seats_taken + $1 <= capacity")
            .bind(seats)
            .bind(activity_id)
            .execute(&mut *conn)
            .await?;
        sqlx::query("UPDATE signups SET status = 'confirmed', updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(signup_id)
            .execute(&mut *conn)
            .await?;
        notify(conn, user_id, NotificationKind::Promoted, activity_id, now).await?;
        taken += seats;
        promoted.push(user_id);
    }
    Ok(promoted)
}

/// Releases every sign-up she holds for activities that have not started (her account is
/// being deleted), promoting the waitlists. Runs inside the caller's transaction.
pub async fn release_future(
    conn: &mut AnyConnection,
    backend: Backend,
    user_id: i64,
    now: i64,
) -> AppResult<()> {
    let held: Vec<(i64, i64, String, i64)> = sqlx::query_as(
        "SELECT s.id, s.activity_id, s.status, s.companions
         FROM signups s JOIN activities a ON a.id = s.activity_id
         WHERE s.user_id = $1 AND s.status IN ('confirmed', 'waitlisted', 'pending') AND a.starts_at > $2",
    )
    .bind(user_id)
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    for (signup_id, activity_id, status, companions) in held {
        lock_activity(conn, backend, activity_id).await?;
        release(
            conn,
            signup_id,
            activity_id,
            status == "confirmed",
            1 + companions,
            now,
        )
        .await?;
    }
    Ok(())
}

/// Her sign-ups for activities that have not ended (or ended in the last week), soonest
/// first, with check-in codes and waitlist positions.
pub async fn my_activities(
    db: &Db,
    user_id: i64,
    now: i64,
) -> AppResult<Vec<domain::activity::MySignup>> {
    let rows = sqlx::query(
        "SELECT a.id, a.title, a.category, a.venue, r.name AS place_name, a.starts_at, a.ends_at,
                a.capacity, a.seats_taken, a.status AS activity_status,
                s.status, s.companions, s.checkin_code, s.checked_in_at,
                (SELECT COUNT(*) FROM signups w
                 WHERE w.activity_id = s.activity_id AND w.status = 'waitlisted' AND w.id <= s.id)
                    AS position
         FROM signups s
         JOIN activities a ON a.id = s.activity_id
         JOIN regions r ON r.id = a.region_id
         WHERE s.user_id = $1 AND s.status IN ('confirmed', 'waitlisted', 'pending')
           AND a.ends_at >= $2
         ORDER BY a.starts_at, a.id",
    )
    .bind(user_id)
    .bind(now - 7 * 86_400)
    .fetch_all(db.reader())
    .await?;
    rows.iter()
        .map(|r| {
            let status: String = r.get("status");
            Ok(domain::activity::MySignup {
                activity: crate::services::activities::card_from_row(r)?,
                waitlist_position: (status == "waitlisted").then(|| r.get("position")),
                status,
                companions: r.get("companions"),
                checkin_code: r.get("checkin_code"),
                checked_in: r.get::<Option<i64>, _>("checked_in_at").is_some(),
                cancelled: r.get::<String, _>("activity_status") == "cancelled",
            })
        })
        .collect()
}
