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

use crate::db::{internal, is_unique_violation, Backend, Db};
use crate::services::sessions::SessionUser;
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

struct Activity {
    capacity: i64,
    seats_taken: i64,
    companions_allowed: i64,
    requires_approval: bool,
    status: String,
    starts_at: i64,
    signup_deadline: Option<i64>,
    cancel_cutoff: Option<i64>,
}

async fn lock_activity(conn: &mut AnyConnection, backend: Backend, id: i64) -> AppResult<Activity> {
    let sql = match backend {
        Backend::Postgres => {
            "SELECT capacity, seats_taken, companions_allowed, requires_approval, status, starts_at,
                    signup_deadline, cancel_cutoff
             FROM activities WHERE id = $1 FOR UPDATE"
        }
        // The Any driver cannot read a column SQLite declares BOOLEAN; read it as an integer.
        Backend::Sqlite => {
            "SELECT capacity, seats_taken, companions_allowed, CAST(requires_approval AS INTEGER), status, starts_at,
                    signup_deadline, cancel_cutoff
             FROM activities WHERE id = $1"
        }
    };
    let row = sqlx::query(sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(internal)?
        .ok_or_else(AppError::not_found)?;
    Ok(Activity {
        capacity: row.get(0),
        seats_taken: row.get(1),
        companions_allowed: row.get(2),
        // SQLite keeps booleans as integers and the Any driver hands them over as such.
        requires_approval: match backend {
            Backend::Postgres => row.try_get::<bool, _>(3).map_err(internal)?,
            Backend::Sqlite => row.try_get::<i64, _>(3).map_err(internal)? != 0,
        },
        status: row.get(4),
        starts_at: row.get(5),
        signup_deadline: row.get(6),
        cancel_cutoff: row.get(7),
    })
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
        .map_err(internal)
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
    .await
    .map_err(internal)?;
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
    let mut conn = db.reader().acquire().await.map_err(internal)?;
    outcome(&mut conn, activity_id, user_id).await
}

pub async fn notify(
    conn: &mut AnyConnection,
    user_id: i64,
    kind: &str,
    activity_id: i64,
    now: i64,
) -> AppResult<()> {
    sqlx::query("INSERT INTO notifications (user_id, kind, activity_id, created_at) VALUES ($1, $2, $3, $4)")
        .bind(user_id)
        .bind(kind)
        .bind(activity_id)
        .bind(now)
        .execute(conn)
        .await
        .map_err(internal)?;
    Ok(())
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
    let now = crate::now();
    if !(0..=20).contains(&companions) {
        return Err(AppError::field(ErrorKey::Invalid, "companions"));
    }
    let mut tx = db.writer().begin().await.map_err(internal)?;
    let activity = lock_activity(&mut tx, db.backend(), activity_id).await?;
    if let Some(existing) = outcome(&mut tx, activity_id, user.user_id).await? {
        return Ok(existing);
    }
    if activity.status != "published" {
        return Err(AppError::new(ErrorKey::SignupClosed));
    }
    if now >= activity.signup_deadline.unwrap_or(activity.starts_at) {
        return Err(AppError::new(ErrorKey::SignupClosed));
    }
    if companions > activity.companions_allowed {
        return Err(AppError::field(ErrorKey::TooManyCompanions, "companions"));
    }
    let seats = 1 + companions;
    let waiting: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM signups WHERE activity_id = $1 AND status = 'waitlisted'",
    )
    .bind(activity_id)
    .fetch_one(&mut *tx)
    .await
    .map_err(internal)?;
    let status = if activity.requires_approval {
        "pending"
    } else if waiting == 0 && activity.seats_taken + seats <= activity.capacity {
        let taken = sqlx::query("UPDATE activities SET seats_taken = seats_taken + $1 WHERE id = $2 AND seats_taken + $1 <= capacity")
            .bind(seats)
            .bind(activity_id)
            .execute(&mut *tx)
            .await
            .map_err(internal)?;
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
        .bind(user.user_id)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
    let inserted = sqlx::query(
        "INSERT INTO signups (activity_id, user_id, companions, status, checkin_code, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(activity_id)
    .bind(user.user_id)
    .bind(companions)
    .bind(status)
    .bind(checkin_code())
    .bind(now)
    .execute(&mut *tx)
    .await;
    if let Err(e) = inserted {
        return Err(if is_unique_violation(&e) {
            AppError::new(ErrorKey::Conflict)
        } else {
            internal(e)
        });
    }
    notify(
        &mut tx,
        user.user_id,
        &format!("signup_{status}"),
        activity_id,
        now,
    )
    .await?;
    let result = outcome(&mut tx, activity_id, user.user_id)
        .await?
        .ok_or_else(AppError::internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(result)
}

/// Cancels her sign-up (up to the cancellation cutoff) and promotes the waitlist.
pub async fn cancel(db: &Db, user: &SessionUser, activity_id: i64) -> AppResult<()> {
    let now = crate::now();
    let mut tx = db.writer().begin().await.map_err(internal)?;
    let activity = lock_activity(&mut tx, db.backend(), activity_id).await?;
    let row: Option<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, status, companions FROM signups
         WHERE activity_id = $1 AND user_id = $2 AND status IN ('confirmed', 'waitlisted', 'pending')",
    )
    .bind(activity_id)
    .bind(user.user_id)
    .fetch_optional(&mut *tx)
    .await
    .map_err(internal)?;
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
    tx.commit().await.map_err(internal)?;
    Ok(())
}

/// Cancels one sign-up; if it held seats, frees them and promotes the waitlist. The caller
/// holds the activity's lock.
async fn release(
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
        .await
        .map_err(internal)?;
    if held_seats {
        sqlx::query("UPDATE activities SET seats_taken = seats_taken - $1 WHERE id = $2")
            .bind(seats)
            .bind(activity_id)
            .execute(&mut *conn)
            .await
            .map_err(internal)?;
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
            .await
            .map_err(internal)?;
    let waiting: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT id, user_id, companions FROM signups WHERE activity_id = $1 AND status = 'waitlisted' ORDER BY id",
    )
    .bind(activity_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
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
            .await
            .map_err(internal)?;
        sqlx::query("UPDATE signups SET status = 'confirmed', updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(signup_id)
            .execute(&mut *conn)
            .await
            .map_err(internal)?;
        notify(conn, user_id, "promoted", activity_id, now).await?;
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
    .await
    .map_err(internal)?;
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
