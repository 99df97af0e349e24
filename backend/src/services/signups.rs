//! Signing up for activities: first come, first served up to capacity, then a waitlist that
//! moves up by itself when a seat frees. Never over capacity, whatever the concurrency.
//!
//! Every change to an activity's seats happens inside one transaction that first locks the
//! activity: `SELECT … FOR UPDATE` on PostgreSQL; on SQLite the single writer connection
//! (see `db`) serialises them already. Within the lock the conditional
//! `UPDATE … WHERE seats_taken + n <= capacity` and the `CHECK (seats_taken <= capacity)` are
//! the last line of defence.

use rand::Rng;
use sqlx::AnyConnection;

use crate::db::{is_unique_violation, Backend, Db};
use crate::identity::SessionUser;
use crate::services::notifications::{notify, notify_organizers, NotificationKind};
use domain::activity::{ActivityStatus, MySignup};
use domain::category::Category;
use domain::signup::SignupStatus;
use domain::sql::Flag;
use domain::{AppError, AppResult, ErrorKey};

pub use domain::signup::SignupOutcome;

/// What the seat bookkeeping needs of an activity, read under its lock.
#[derive(sqlx::FromRow)]
pub(crate) struct Activity {
    pub(crate) capacity: i64,
    pub(crate) seats_taken: i64,
    pub(crate) companions_allowed: i64,
    #[sqlx(try_from = "Flag")]
    pub(crate) requires_approval: bool,
    pub(crate) status: ActivityStatus,
    pub(crate) starts_at: i64,
    pub(crate) signup_deadline: Option<i64>,
    pub(crate) cancel_cutoff: Option<i64>,
    pub(crate) min_age: Option<i64>,
    pub(crate) max_age: Option<i64>,
    #[sqlx(try_from = "Flag")]
    pub(crate) area_only: bool,
    /// The area it is for: its audience region, else its federation's.
    pub(crate) area: i64,
    pub(crate) category: Category,
}

/// Reads the activity and, on PostgreSQL, locks its row until the transaction ends (on
/// SQLite the single writer connection serialises writers already).
pub(crate) async fn lock_activity(
    conn: &mut AnyConnection,
    backend: Backend,
    id: i64,
) -> AppResult<Activity> {
    let lock = match backend {
        Backend::Postgres => "FOR UPDATE OF a",
        Backend::Sqlite => "",
    };
    sqlx::query_as(&format!(
        "SELECT a.capacity, a.seats_taken, a.companions_allowed, a.requires_approval, a.status,
                a.starts_at, a.signup_deadline, a.cancel_cutoff, a.min_age, a.max_age,
                a.area_only, COALESCE(a.audience_region_id, f.region_id) AS area, a.category
         FROM activities a JOIN federations f ON f.id = a.federation_id
         WHERE a.id = $1 {lock}"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(AppError::not_found)
}

/// A sign-up as the seat bookkeeping reads it (see [`SIGNUP`]).
#[derive(sqlx::FromRow)]
pub(crate) struct Signup {
    pub(crate) id: i64,
    pub(crate) activity_id: i64,
    pub(crate) user_id: i64,
    pub(crate) status: SignupStatus,
    pub(crate) companions: i64,
    pub(crate) checkin_code: String,
    /// The helper who signed her up, and when she agreed to it (her consent record).
    pub(crate) signed_up_by: Option<i64>,
    pub(crate) agreed_at: Option<i64>,
}

impl Signup {
    /// Her seat and her companions'.
    pub(crate) fn seats(&self) -> i64 {
        1 + self.companions
    }
}

/// The start of a query for [`Signup`]s; the sign-ups table is `s`.
pub(crate) const SIGNUP: &str =
    "SELECT s.id, s.activity_id, s.user_id, s.status, s.companions, s.checkin_code,
            s.signed_up_by, s.agreed_at
     FROM signups s";

/// Her sign-up that holds or awaits a place, if any.
async fn active_signup(
    conn: &mut AnyConnection,
    activity_id: i64,
    user_id: i64,
) -> AppResult<Option<Signup>> {
    Ok(sqlx::query_as(&format!(
        "{SIGNUP} WHERE s.activity_id = $1 AND s.user_id = $2
                    AND s.status IN ('confirmed', 'waitlisted', 'pending')"
    ))
    .bind(activity_id)
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?)
}

/// The column `waitlist_position` of a sign-up `s`: her place in the queue (1 for the
/// first), `NULL` unless waitlisted.
pub(crate) const WAITLIST_POSITION: &str = "CASE WHEN s.status = 'waitlisted' THEN
        (SELECT COUNT(*) FROM signups w
         WHERE w.activity_id = s.activity_id AND w.status = 'waitlisted' AND w.id <= s.id)
    END AS waitlist_position";

/// Her place in the queue: 1 for the first waitlisted sign-up.
async fn waitlist_position(
    conn: &mut AnyConnection,
    activity_id: i64,
    signup_id: i64,
) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM signups WHERE activity_id = $1 AND status = 'waitlisted' AND id <= $2",
    )
    .bind(activity_id)
    .bind(signup_id)
    .fetch_one(conn)
    .await?)
}

async fn outcome(
    conn: &mut AnyConnection,
    activity_id: i64,
    user_id: i64,
) -> AppResult<Option<SignupOutcome>> {
    let Some(signup) = active_signup(conn, activity_id, user_id).await? else {
        return Ok(None);
    };
    let waitlist_position = match signup.status {
        SignupStatus::Waitlisted => Some(waitlist_position(conn, activity_id, signup.id).await?),
        _ => None,
    };
    Ok(Some(SignupOutcome {
        status: signup.status,
        waitlist_position,
        companions: signup.companions,
        checkin_code: signup.checkin_code,
    }))
}

/// Her current sign-up for an activity, if any.
#[tracing::instrument(skip_all, fields(activity_id = activity_id, user_id = user_id))]
pub async fn mine(db: &Db, activity_id: i64, user_id: i64) -> AppResult<Option<SignupOutcome>> {
    let mut conn = db.reader().acquire().await?;
    outcome(&mut conn, activity_id, user_id).await
}

/// Six random digits: easy to read out at the door.
fn checkin_code() -> String {
    format!("{:06}", rand::thread_rng().gen_range(0..1_000_000))
}

/// A check-in code from `draw` that no other sign-up of the activity has: a shared one would
/// check in the wrong woman. The caller holds the activity locked, so no sign-up can take
/// the code in between; after many draws all taken (an activity of a million sign-ups), a
/// `Conflict` asks her to try again.
pub(crate) async fn unused_checkin_code(
    conn: &mut AnyConnection,
    activity_id: i64,
    mut draw: impl FnMut() -> String,
) -> AppResult<String> {
    for _ in 0..20 {
        let code = draw();
        let taken: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM signups WHERE activity_id = $1 AND checkin_code = $2",
        )
        .bind(activity_id)
        .bind(&code)
        .fetch_one(&mut *conn)
        .await?;
        if taken == 0 {
            return Ok(code);
        }
    }
    Err(AppError::new(ErrorKey::Conflict))
}

/// What she asks for when she signs up.
#[derive(Clone, Copy, Debug, Default)]
pub struct SignupRequest {
    /// Children or others coming with her, each taking a seat.
    pub companions: i64,
    /// She says yes to the activity's sensitive purpose (a health screening, legal aid); needed
    /// the first time only.
    pub consent: bool,
    /// Her birth year, given on the spot when the activity has an age range and her profile
    /// has none; saved to her profile with the sign-up.
    pub birth_year: Option<i64>,
}

/// Signs her up. Signing up again returns the sign-up she already has, so a retried request
/// has the effect of one.
pub async fn sign_up(
    db: &Db,
    user: &SessionUser,
    activity_id: i64,
    request: SignupRequest,
) -> AppResult<SignupOutcome> {
    sign_up_member(db, user.user_id, None, activity_id, request).await
}

/// Signs up member `user_id`; `helper` is the volunteer or organizer doing it on her behalf
/// (who has checked her area and her agreement).
#[tracing::instrument(skip_all, fields(activity_id = activity_id, user_id = user_id, helper = helper))]
pub async fn sign_up_member(
    db: &Db,
    user_id: i64,
    helper: Option<i64>,
    activity_id: i64,
    request: SignupRequest,
) -> AppResult<SignupOutcome> {
    let SignupRequest {
        companions,
        consent,
        birth_year,
    } = request;
    let now = crate::now();
    if !(0..=20).contains(&companions) {
        return Err(AppError::field(ErrorKey::Invalid, "companions"));
    }
    let mut tx = db.writer().begin().await?;
    let activity = lock_activity(&mut tx, db.backend(), activity_id).await?;
    if let Some(existing) = outcome(&mut tx, activity_id, user_id).await? {
        return Ok(existing);
    }
    if activity.status != ActivityStatus::Published {
        return Err(AppError::new(ErrorKey::SignupClosed));
    }
    if now >= activity.signup_deadline.unwrap_or(activity.starts_at) {
        return Err(AppError::new(ErrorKey::SignupClosed));
    }
    if let Some(year) = birth_year {
        // Only a missing year is filled in here; changing it is her profile's job.
        sqlx::query("UPDATE users SET birth_year = $1 WHERE id = $2 AND birth_year IS NULL")
            .bind(year)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    check_eligible(db, &mut tx, &activity, user_id).await?;
    if activity.category.is_sensitive() {
        record_purpose_consent(&mut tx, user_id, activity.category, helper, consent, now).await?;
    }
    if companions > activity.companions_allowed {
        return Err(AppError::field(ErrorKey::TooManyCompanions, "companions"));
    }
    let status = if activity.requires_approval {
        SignupStatus::Pending
    } else {
        seat_or_waitlist(&mut tx, activity_id, &activity, 1 + companions).await?
    };
    // A cancelled or declined sign-up from before makes way for the new one.
    sqlx::query("DELETE FROM signups WHERE activity_id = $1 AND user_id = $2 AND status IN ('cancelled', 'declined')")
        .bind(activity_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let code = unused_checkin_code(&mut tx, activity_id, checkin_code).await?;
    let inserted = sqlx::query(
        "INSERT INTO signups (activity_id, user_id, companions, status, checkin_code, signed_up_by,
                              agreed_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(activity_id)
    .bind(user_id)
    .bind(companions)
    .bind(status)
    .bind(code)
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
    let kind = match status {
        SignupStatus::Confirmed => NotificationKind::SignupConfirmed,
        SignupStatus::Waitlisted => NotificationKind::SignupWaitlisted,
        // A new sign-up is never cancelled or declined.
        SignupStatus::Pending | SignupStatus::Cancelled | SignupStatus::Declined => {
            NotificationKind::SignupPending
        }
    };
    notify(&mut tx, user_id, kind, activity_id, now).await?;
    if status == SignupStatus::Pending {
        notify_organizers(
            &mut tx,
            activity_id,
            NotificationKind::SignupAwaitsApproval,
            now,
        )
        .await?;
    }
    if let Some(helper) = helper {
        crate::services::audit::record(
            &mut tx,
            Some(helper),
            crate::services::audit::AuditAction::SignedUpOnBehalf,
            Some((crate::services::audit::AuditSubject::User, user_id)),
            &format!("activity {activity_id}"),
        )
        .await?;
    }
    let result = outcome(&mut tx, activity_id, user_id)
        .await?
        .ok_or_else(AppError::internal)?;
    tx.commit().await?;
    Ok(result)
}

/// Her consent to a sensitive purpose: already given, or given now (`consent`) and recorded
/// with who heard it; else `SensitiveConsentRequired` on the form's `sensitive_consent`.
async fn record_purpose_consent(
    conn: &mut AnyConnection,
    user_id: i64,
    purpose: Category,
    helper: Option<i64>,
    consent: bool,
    now: i64,
) -> AppResult<()> {
    let given: Option<i64> =
        sqlx::query_scalar("SELECT id FROM purpose_consents WHERE user_id = $1 AND purpose = $2")
            .bind(user_id)
            .bind(purpose.slug())
            .fetch_optional(&mut *conn)
            .await?;
    if given.is_some() {
        return Ok(());
    }
    if !consent {
        return Err(AppError::field(
            ErrorKey::SensitiveConsentRequired,
            "sensitive_consent",
        ));
    }
    sqlx::query(
        "INSERT INTO purpose_consents (user_id, purpose, notice_version, given_at, recorded_by)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(purpose.slug())
    .bind(domain::account::PRIVACY_NOTICE_VERSION)
    .bind(now)
    .bind(helper)
    .execute(&mut *conn)
    .await?;
    Ok(())
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

/// Takes `seats` for a new or approved sign-up when they are free and nobody is waiting
/// (answering `confirmed`); otherwise she joins the end of the waitlist. The caller holds the
/// activity's lock.
pub(crate) async fn seat_or_waitlist(
    conn: &mut AnyConnection,
    activity_id: i64,
    activity: &Activity,
    seats: i64,
) -> AppResult<SignupStatus> {
    let waiting: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM signups WHERE activity_id = $1 AND status = 'waitlisted'",
    )
    .bind(activity_id)
    .fetch_one(&mut *conn)
    .await?;
    let free = waiting == 0 && activity.seats_taken + seats <= activity.capacity;
    if free && take_seats(conn, activity_id, seats).await? {
        Ok(SignupStatus::Confirmed)
    } else {
        Ok(SignupStatus::Waitlisted)
    }
}

/// Takes `seats` if they fit under the capacity; answers whether they did.
pub(crate) async fn take_seats(
    conn: &mut AnyConnection,
    activity_id: i64,
    seats: i64,
) -> AppResult<bool> {
    let taken = sqlx::query(
        "UPDATE activities SET seats_taken = seats_taken + $1
         WHERE id = $2 AND seats_taken + $1 <= capacity",
    )
    .bind(seats)
    .bind(activity_id)
    .execute(conn)
    .await?;
    Ok(taken.rows_affected() == 1)
}

/// Cancels her sign-up (up to the cancellation cutoff) and promotes the waitlist.
#[tracing::instrument(skip_all, fields(activity_id = activity_id, user_id = user.user_id))]
pub async fn cancel(db: &Db, user: &SessionUser, activity_id: i64) -> AppResult<()> {
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    let activity = lock_activity(&mut tx, db.backend(), activity_id).await?;
    // Nothing to cancel: a retried cancel has the effect of one.
    let Some(signup) = active_signup(&mut tx, activity_id, user.user_id).await? else {
        return Ok(());
    };
    if signup.status == SignupStatus::Confirmed
        && now >= activity.cancel_cutoff.unwrap_or(activity.starts_at)
    {
        return Err(AppError::new(ErrorKey::CancelClosed));
    }
    release(&mut tx, &signup, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Cancels one sign-up; if it held seats, frees them and promotes the waitlist. The caller
/// holds the activity's lock.
pub(crate) async fn release(conn: &mut AnyConnection, signup: &Signup, now: i64) -> AppResult<()> {
    sqlx::query("UPDATE signups SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(SignupStatus::Cancelled)
        .bind(now)
        .bind(signup.id)
        .execute(&mut *conn)
        .await?;
    if signup.status == SignupStatus::Confirmed {
        sqlx::query("UPDATE activities SET seats_taken = seats_taken - $1 WHERE id = $2")
            .bind(signup.seats())
            .bind(signup.activity_id)
            .execute(&mut *conn)
            .await?;
        promote(conn, signup.activity_id, now).await?;
    }
    Ok(())
}

/// Moves waitlisted sign-ups into free seats, oldest first; one that does not fit (with her
/// companions) keeps her place and the next one is tried.
#[tracing::instrument(skip_all, fields(activity_id = activity_id))]
pub async fn promote(conn: &mut AnyConnection, activity_id: i64, now: i64) -> AppResult<Vec<i64>> {
    let (capacity, mut taken): (i64, i64) =
        sqlx::query_as("SELECT capacity, seats_taken FROM activities WHERE id = $1")
            .bind(activity_id)
            .fetch_one(&mut *conn)
            .await?;
    let waiting: Vec<Signup> = sqlx::query_as(&format!(
        "{SIGNUP} WHERE s.activity_id = $1 AND s.status = 'waitlisted' ORDER BY s.id"
    ))
    .bind(activity_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut promoted = Vec::new();
    for signup in waiting {
        if taken + signup.seats() > capacity
            || !take_seats(conn, activity_id, signup.seats()).await?
        {
            continue;
        }
        sqlx::query("UPDATE signups SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(SignupStatus::Confirmed)
            .bind(now)
            .bind(signup.id)
            .execute(&mut *conn)
            .await?;
        notify(
            conn,
            signup.user_id,
            NotificationKind::Promoted,
            activity_id,
            now,
        )
        .await?;
        taken += signup.seats();
        promoted.push(signup.user_id);
    }
    Ok(promoted)
}

/// Releases every sign-up she holds for activities that have not started (her account is
/// being deleted), promoting the waitlists. Runs inside the caller's transaction.
#[tracing::instrument(skip_all, fields(user_id = user_id))]
pub async fn release_future(
    conn: &mut AnyConnection,
    backend: Backend,
    user_id: i64,
    now: i64,
) -> AppResult<()> {
    let held: Vec<Signup> = sqlx::query_as(&format!(
        "{SIGNUP} JOIN activities a ON a.id = s.activity_id
         WHERE s.user_id = $1 AND s.status IN ('confirmed', 'waitlisted', 'pending')
           AND a.starts_at > $2"
    ))
    .bind(user_id)
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    for signup in held {
        lock_activity(conn, backend, signup.activity_id).await?;
        release(conn, &signup, now).await?;
    }
    Ok(())
}

/// Her sign-ups for activities that have not ended (or ended in the last week), soonest
/// first, with check-in codes and waitlist positions.
#[tracing::instrument(skip_all, fields(user_id = user_id))]
pub async fn my_activities(db: &Db, user_id: i64, now: i64) -> AppResult<Vec<MySignup>> {
    use crate::services::activities::{JOIN_RULES, JOIN_RULES_FROM};
    Ok(sqlx::query_as(&format!(
        "SELECT a.id, a.title, a.category, a.venue, r.name AS place_name, a.starts_at, a.ends_at,
                a.capacity, a.seats_taken, {JOIN_RULES}, s.status, s.companions, s.checkin_code,
                (s.checked_in_at IS NOT NULL) AS checked_in,
                (a.status = 'cancelled') AS cancelled,
                {WAITLIST_POSITION}
         FROM signups s
         JOIN activities a ON a.id = s.activity_id
         JOIN regions r ON r.id = a.region_id
         {JOIN_RULES_FROM}
         WHERE s.user_id = $1 AND s.status IN ('confirmed', 'waitlisted', 'pending')
           AND a.ends_at >= $2
         ORDER BY a.starts_at, a.id"
    ))
    .bind(user_id)
    .bind(now - 7 * 86_400)
    .fetch_all(db.reader())
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::TestDb;
    use crate::Backend;

    /// A drawn code another sign-up of the activity holds is drawn again; one held in another
    /// activity is fine.
    async fn codes_are_unique_within_an_activity(backend: Backend) {
        let Some(test) = TestDb::new(backend).await else {
            return;
        };
        crate::seed::seed_demo(&test.db).await.unwrap();
        let (activity, other, woman): (i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT MIN(id) FROM activities), (SELECT MAX(id) FROM activities),
                    (SELECT MIN(id) FROM users WHERE role = 'member')",
        )
        .fetch_one(test.db.reader())
        .await
        .unwrap();
        let held = "424242".to_owned();
        sqlx::query(
            "INSERT INTO signups (activity_id, user_id, companions, status, checkin_code,
                                  created_at, updated_at)
             VALUES ($1, $2, 0, 'confirmed', $3, 0, 0)",
        )
        .bind(activity)
        .bind(woman)
        .bind(&held)
        .execute(test.db.writer())
        .await
        .unwrap();
        let fresh = "000001".to_owned();
        let mut conn = test.db.writer().acquire().await.unwrap();
        let mut draws = vec![fresh.clone(), held.clone()];
        let code = unused_checkin_code(&mut conn, activity, || draws.pop().unwrap())
            .await
            .unwrap();
        assert_eq!(code, fresh, "the held code was drawn again");
        let mut draws = vec![held.clone()];
        let code = unused_checkin_code(&mut conn, other, || draws.pop().unwrap())
            .await
            .unwrap();
        assert_eq!(code, held, "another activity's code is no obstacle");
        let err = unused_checkin_code(&mut conn, activity, || held.clone())
            .await
            .unwrap_err();
        assert_eq!(err.key, ErrorKey::Conflict);
    }

    #[tokio::test]
    async fn codes_are_unique_within_an_activity_sqlite() {
        codes_are_unique_within_an_activity(Backend::Sqlite).await;
    }

    #[tokio::test]
    async fn codes_are_unique_within_an_activity_postgres() {
        codes_are_unique_within_an_activity(Backend::Postgres).await;
    }
}
