//! The roster of one activity, in the organizer's hands: who is coming, approving and
//! declining, removing, checking in (by code or by ticking), marking no-shows, exporting as
//! CSV; and volunteers or organizers signing up a woman on her behalf.

use crate::db::Db;
use crate::identity::SessionUser;
use crate::policy;
use crate::services::activity_editor::MANAGED_COLUMNS;
use crate::services::audit::{self, AuditAction};
use crate::services::notifications::{notify, notify_with, NotificationKind};
use crate::services::signups::{
    self, lock_activity, Signup, SignupOutcome, SIGNUP, WAITLIST_POSITION,
};
use domain::account::AreaPerson;
use domain::activity::ActivityStatus;
use domain::roster::{
    Attendance, HelpedSignup, ManagedActivity, RemovalReason, Roster, RosterEntry, RosterWord,
    UNDO_REMOVAL_SECS,
};
use domain::signup::SignupStatus;
use domain::{AppError, AppResult, ErrorKey, Phone};

/// The roster's head: the activity as the organizer's list shows it, and when it ends.
#[derive(sqlx::FromRow)]
struct Head {
    #[sqlx(flatten)]
    activity: ManagedActivity,
    ends_at: i64,
}

/// One line of the roster as stored: the page masks the phone number, the CSV may not.
#[derive(sqlx::FromRow)]
struct Line {
    id: i64,
    display_name: String,
    phone: Option<String>,
    village: String,
    companions: i64,
    status: SignupStatus,
    checked_in_at: Option<i64>,
    no_show_at: Option<i64>,
    signed_up_by: Option<i64>,
    removed_at: Option<i64>,
    removal_reason: Option<RemovalReason>,
    added_by: Option<i64>,
    claimed_at: Option<i64>,
}

impl Line {
    fn attendance(&self) -> Option<Attendance> {
        Attendance::from_times(self.checked_in_at, self.no_show_at)
    }
}

/// Everyone who signed up, confirmed first, then the waitlist in order, pending, and the
/// cancelled or declined.
async fn lines(db: &Db, activity_id: i64) -> AppResult<Vec<Line>> {
    Ok(sqlx::query_as(
        "SELECT s.id, u.display_name, u.phone, COALESCE(v.name, '') AS village, s.companions,
                s.status, s.checked_in_at, s.no_show_at, s.signed_up_by, s.removed_at,
                s.removal_reason, u.added_by, u.claimed_at
         FROM signups s
         JOIN users u ON u.id = s.user_id
         LEFT JOIN regions v ON v.id = u.village_id
         WHERE s.activity_id = $1
         ORDER BY CASE s.status WHEN 'confirmed' THEN 0 WHEN 'waitlisted' THEN 1
                                WHEN 'pending' THEN 2 ELSE 3 END, s.id",
    )
    .bind(activity_id)
    .fetch_all(db.reader())
    .await?)
}

/// Everyone who signed up, confirmed first, then the waitlist in order, pending, and the
/// cancelled or declined.
#[tracing::instrument(skip_all, fields(activity_id = activity_id, user_id = user.user_id))]
pub async fn roster(db: &Db, user: &SessionUser, activity_id: i64) -> AppResult<Roster> {
    policy::require_activity_organizer(db, user, activity_id).await?;
    let head: Head = sqlx::query_as(&format!(
        "SELECT {MANAGED_COLUMNS}, a.ends_at FROM activities a WHERE a.id = $1"
    ))
    .bind(activity_id)
    .fetch_one(db.reader())
    .await?;
    let mut position = 0;
    let entries = lines(db, activity_id)
        .await?
        .into_iter()
        .map(|line| {
            let waitlist_position = (line.status == SignupStatus::Waitlisted).then(|| {
                position += 1;
                position
            });
            RosterEntry {
                signup_id: line.id,
                phone_masked: line
                    .phone
                    .as_deref()
                    .map(domain::phone::mask)
                    .unwrap_or_default(),
                checked_in: line.checked_in_at.is_some(),
                no_show: line.no_show_at.is_some(),
                on_behalf: line.signed_up_by.is_some(),
                call_her: line.added_by.is_some() && line.claimed_at.is_none(),
                // Only while she is still off the roster: signing up again starts anew.
                undo_until: line
                    .removed_at
                    .filter(|_| line.status == SignupStatus::Cancelled)
                    .map(|at| at + UNDO_REMOVAL_SECS),
                removal_reason: line.removal_reason,
                display_name: line.display_name,
                village: line.village,
                companions: line.companions,
                status: line.status,
                waitlist_position,
            }
        })
        .collect();
    let series =
        crate::services::activity_editor::coming_dates(db, activity_id, crate::now()).await?;
    Ok(Roster {
        activity: head.activity,
        ends_at: head.ends_at,
        series,
        entries,
    })
}

/// The activity a sign-up belongs to, after checking that `user` organizes it.
async fn activity_of_signup(db: &Db, user: &SessionUser, signup_id: i64) -> AppResult<i64> {
    // Not an organizer at all: refuse before saying whether the sign-up exists.
    policy::organizer_region(db, user).await?;
    let activity: i64 = sqlx::query_scalar("SELECT activity_id FROM signups WHERE id = $1")
        .bind(signup_id)
        .fetch_optional(db.reader())
        .await?
        .ok_or_else(AppError::not_found)?;
    policy::require_activity_organizer(db, user, activity).await?;
    Ok(activity)
}

/// Checks in the confirmed sign-up with this code; answers her display name. Checking in
/// twice is harmless.
#[tracing::instrument(skip_all, fields(activity_id = activity_id, user_id = user.user_id))]
pub async fn check_in_by_code(
    db: &Db,
    user: &SessionUser,
    activity_id: i64,
    code: &str,
) -> AppResult<String> {
    policy::require_activity_organizer(db, user, activity_id).await?;
    let code: String = code.chars().filter(char::is_ascii_digit).collect();
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    let found: Option<(i64, String)> = sqlx::query_as(
        "SELECT s.id, u.display_name FROM signups s JOIN users u ON u.id = s.user_id
         WHERE s.activity_id = $1 AND s.checkin_code = $2 AND s.status = 'confirmed'
         ORDER BY s.id LIMIT 1",
    )
    .bind(activity_id)
    .bind(&code)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((signup_id, name)) = found else {
        return Err(AppError::field(ErrorKey::CodeNotFound, "code"));
    };
    sqlx::query(
        "UPDATE signups SET checked_in_at = COALESCE(checked_in_at, $1), no_show_at = NULL, updated_at = $1
         WHERE id = $2",
    )
    .bind(now)
    .bind(signup_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(name)
}

/// Ticks (or unticks) a confirmed sign-up on the roster.
#[tracing::instrument(skip_all, fields(signup_id = signup_id, user_id = user.user_id))]
pub async fn set_checked_in(
    db: &Db,
    user: &SessionUser,
    signup_id: i64,
    present: bool,
) -> AppResult<i64> {
    let activity = activity_of_signup(db, user, signup_id).await?;
    let now = crate::now();
    let done = sqlx::query(
        "UPDATE signups
         SET checked_in_at = CASE WHEN $1 = 1 THEN COALESCE(checked_in_at, $2) ELSE NULL END,
             no_show_at = NULL, updated_at = $2
         WHERE id = $3 AND status = 'confirmed'",
    )
    .bind(i64::from(present))
    .bind(now)
    .bind(signup_id)
    .execute(db.writer())
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::field(ErrorKey::Invalid, "signup_id"));
    }
    Ok(activity)
}

/// After the activity has ended: every confirmed sign-up not checked in is a no-show.
/// Answers how many were marked.
#[tracing::instrument(skip_all, fields(activity_id = activity_id, user_id = user.user_id))]
pub async fn mark_no_shows(db: &Db, user: &SessionUser, activity_id: i64) -> AppResult<u64> {
    policy::require_activity_organizer(db, user, activity_id).await?;
    let now = crate::now();
    let ends_at: i64 = sqlx::query_scalar("SELECT ends_at FROM activities WHERE id = $1")
        .bind(activity_id)
        .fetch_one(db.reader())
        .await?;
    // Before the end a late arrival is not a no-show yet.
    if now < ends_at {
        return Err(AppError::new(ErrorKey::ActivityNotEnded));
    }
    let done = sqlx::query(
        "UPDATE signups SET no_show_at = $1, updated_at = $1
         WHERE activity_id = $2 AND status = 'confirmed' AND checked_in_at IS NULL
           AND no_show_at IS NULL",
    )
    .bind(now)
    .bind(activity_id)
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected())
}

/// Approves or declines a pending sign-up. An approved one takes seats if they are free and
/// nobody is waiting, else joins the end of the waitlist.
#[tracing::instrument(skip_all, fields(signup_id = signup_id, user_id = user.user_id))]
pub async fn decide(db: &Db, user: &SessionUser, signup_id: i64, approve: bool) -> AppResult<i64> {
    let activity_id = activity_of_signup(db, user, signup_id).await?;
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    let activity = lock_activity(&mut tx, db.backend(), activity_id).await?;
    let pending: Option<Signup> = sqlx::query_as(&format!(
        "{SIGNUP} WHERE s.id = $1 AND s.status = 'pending'"
    ))
    .bind(signup_id)
    .fetch_optional(&mut *tx)
    .await?;
    // Already decided (a double tap): nothing more to do.
    let Some(signup) = pending else {
        return Ok(activity_id);
    };
    let status = if approve {
        signups::seat_or_waitlist(&mut tx, activity_id, &activity, signup.seats()).await?
    } else {
        SignupStatus::Declined
    };
    if status == SignupStatus::Waitlisted {
        // The waitlist is in id order: her place in the queue is counted from now, as if she
        // had just arrived, so she is re-inserted at the end.
        sqlx::query("DELETE FROM signups WHERE id = $1")
            .bind(signup_id)
            .execute(&mut *tx)
            .await?;
        // Who signed her up and when she agreed go with her: the consent record stays.
        sqlx::query(
            "INSERT INTO signups (activity_id, user_id, companions, status, checkin_code,
                                  signed_up_by, agreed_at, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
        )
        .bind(activity_id)
        .bind(signup.user_id)
        .bind(signup.companions)
        .bind(status)
        .bind(&signup.checkin_code)
        .bind(signup.signed_up_by)
        .bind(signup.agreed_at)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    } else {
        sqlx::query("UPDATE signups SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(status)
            .bind(now)
            .bind(signup_id)
            .execute(&mut *tx)
            .await?;
    }
    let kind = if approve {
        NotificationKind::Approved
    } else {
        NotificationKind::Declined
    };
    notify(&mut tx, signup.user_id, kind, activity_id, now).await?;
    tx.commit().await?;
    Ok(activity_id)
}

/// Takes someone off the roster for `reason` (one of [`RemovalReason`]'s words, checked after
/// access): she is told why, her seats go to the waitlist, and for [`UNDO_REMOVAL_SECS`] the
/// organizer may take it back ([`undo_removal`]).
#[tracing::instrument(skip_all, fields(signup_id = signup_id, user_id = user.user_id))]
pub async fn remove(db: &Db, user: &SessionUser, signup_id: i64, reason: &str) -> AppResult<i64> {
    let activity_id = activity_of_signup(db, user, signup_id).await?;
    let reason = RemovalReason::from_form(reason)?;
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    lock_activity(&mut tx, db.backend(), activity_id).await?;
    let held: Option<Signup> = sqlx::query_as(&format!(
        "{SIGNUP} WHERE s.id = $1 AND s.status IN ('confirmed', 'waitlisted', 'pending')"
    ))
    .bind(signup_id)
    .fetch_optional(&mut *tx)
    .await?;
    // Already off the roster (a double tap): nothing more to do.
    let Some(signup) = held else {
        return Ok(activity_id);
    };
    signups::release(&mut tx, &signup, now).await?;
    sqlx::query(
        "UPDATE signups SET removed_at = $1, removed_by = $2, removal_reason = $3, removed_from = $4
         WHERE id = $5",
    )
    .bind(now)
    .bind(user.user_id)
    .bind(reason)
    .bind(signup.status)
    .bind(signup_id)
    .execute(&mut *tx)
    .await?;
    notify_with(
        &mut tx,
        signup.user_id,
        NotificationKind::Removed,
        activity_id,
        Some(reason.as_str()),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(activity_id)
}

/// A removal as stored, to take back.
#[derive(sqlx::FromRow)]
struct Removed {
    user_id: i64,
    companions: i64,
    removed_from: SignupStatus,
}

/// Takes back a removal made in the last [`UNDO_REMOVAL_SECS`]: she gets back the place she
/// held (a seat, her place in the queue, or her wait for approval) and is told. Refused with
/// `UndoTooLate` after that (or once she has signed up again), and with `SeatsTakenSince`
/// when her seats went to the waitlist and are no longer free.
#[tracing::instrument(skip_all, fields(signup_id = signup_id, user_id = user.user_id))]
pub async fn undo_removal(db: &Db, user: &SessionUser, signup_id: i64) -> AppResult<i64> {
    let activity_id = activity_of_signup(db, user, signup_id).await?;
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    let activity = lock_activity(&mut tx, db.backend(), activity_id).await?;
    let removed: Option<Removed> = sqlx::query_as(
        "SELECT user_id, companions, removed_from FROM signups
         WHERE id = $1 AND status = 'cancelled' AND removed_at > $2",
    )
    .bind(signup_id)
    .bind(now - UNDO_REMOVAL_SECS)
    .fetch_optional(&mut *tx)
    .await?;
    let (Some(removed), ActivityStatus::Published) = (removed, activity.status) else {
        return Err(AppError::new(ErrorKey::UndoTooLate));
    };
    if removed.removed_from == SignupStatus::Confirmed
        && !signups::take_seats(&mut tx, activity_id, 1 + removed.companions).await?
    {
        return Err(AppError::new(ErrorKey::SeatsTakenSince));
    }
    // Her row kept its id, so a place in the queue comes back where it was.
    sqlx::query(
        "UPDATE signups SET status = removed_from, updated_at = $1, removed_at = NULL,
                            removed_by = NULL, removal_reason = NULL, removed_from = NULL
         WHERE id = $2",
    )
    .bind(now)
    .bind(signup_id)
    .execute(&mut *tx)
    .await?;
    notify(
        &mut tx,
        removed.user_id,
        NotificationKind::Reinstated,
        activity_id,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(activity_id)
}

/// The roster as CSV for Excel: UTF-8 with a byte-order mark, CRLF lines. Phone numbers are
/// masked unless `full_phones`, and an export with full numbers is written to the audit log.
/// `word` translates the status and attendance values into the reader's language.
#[tracing::instrument(skip_all, fields(activity_id = activity_id, user_id = user.user_id))]
pub async fn csv(
    db: &Db,
    user: &SessionUser,
    activity_id: i64,
    full_phones: bool,
    headers: [&str; 6],
    word: impl Fn(RosterWord) -> &'static str,
) -> AppResult<String> {
    policy::require_activity_organizer(db, user, activity_id).await?;
    let lines = lines(db, activity_id).await?;
    if full_phones {
        let mut tx = db.writer().begin().await?;
        audit::record(
            &mut tx,
            Some(user.user_id),
            AuditAction::RosterExported,
            Some((audit::AuditSubject::Activity, activity_id)),
            &format!("{} rows with full phone numbers", lines.len()),
        )
        .await?;
        tx.commit().await?;
    }
    let mut out = String::from("\u{feff}");
    csv_line(&mut out, &headers);
    for line in lines {
        let phone = line.phone.clone().unwrap_or_default();
        let phone = if full_phones {
            phone
        } else {
            domain::phone::mask(&phone)
        };
        let attendance = line
            .attendance()
            .map_or("", |a| word(RosterWord::Attendance(a)));
        csv_line(
            &mut out,
            &[
                &line.display_name,
                &phone,
                &line.village,
                &line.companions.to_string(),
                word(RosterWord::Status(line.status)),
                attendance,
            ],
        );
    }
    Ok(out)
}

/// One CSV record. Fields are quoted; a leading `=`, `+`, `-`, `@`, tab or carriage return
/// is defused (OWASP's list) so that a name cannot become a spreadsheet formula.
fn csv_line(out: &mut String, fields: &[&str]) {
    let mut first = true;
    for field in fields {
        if !first {
            out.push(',');
        }
        first = false;
        out.push('"');
        if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            out.push('\'');
        }
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    }
    out.push_str("\r\n");
}

/// Whom a helper signs up: found by phone number, or picked from the list of her area.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Member {
    Phone(String),
    Id(i64),
}

/// The members of a helper's area (volunteers included), for the "from a list" picker;
/// `search` narrows it to a piece of her name or village, or the last digits of her number.
#[tracing::instrument(skip_all, fields(user_id = helper.user_id))]
pub async fn members_in_area(
    db: &Db,
    helper: &SessionUser,
    search: Option<&str>,
) -> AppResult<Vec<AreaPerson>> {
    let area = policy::helper_area(db, helper).await?;
    let search = search
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().take(20).collect::<String>());
    // Digits are the end of her number (the list shows 138****5678); anything else a name.
    let digits = search
        .as_deref()
        .filter(|s| s.chars().all(|c| c.is_ascii_digit()))
        .map(|s| format!("%{s}"));
    let people: Vec<Person> = sqlx::query_as(
        "SELECT u.id AS user_id, u.display_name, u.phone, v.name AS village
         FROM users u
         JOIN regions v ON v.id = u.village_id
         LEFT JOIN regions t ON t.id = v.parent_id
         WHERE u.role IN ('member', 'volunteer') AND u.deleted_at IS NULL
           AND (v.id = $1 OR t.id = $1 OR t.parent_id = $1)
           AND ($2 IS NULL OR u.display_name LIKE $2 ESCAPE '\\' OR v.name LIKE $2 ESCAPE '\\'
                OR u.phone LIKE $3)
         ORDER BY v.name, u.display_name, u.id
         LIMIT 500",
    )
    .bind(area)
    .bind(search.as_deref().map(crate::db::like_pattern))
    .bind(digits)
    .fetch_all(db.reader())
    .await?;
    Ok(people
        .into_iter()
        .map(|p| AreaPerson {
            user_id: p.user_id,
            display_name: p.display_name,
            phone_masked: p
                .phone
                .as_deref()
                .map(domain::phone::mask)
                .unwrap_or_default(),
            village: p.village,
        })
        .collect())
}

/// Someone of the helper's area as stored (the list shows her number masked).
#[derive(sqlx::FromRow)]
struct Person {
    user_id: i64,
    display_name: String,
    phone: Option<String>,
    village: String,
}

/// A volunteer or organizer signs up a member of her area who has agreed to it. The
/// sign-up records who did it and when she agreed.
#[tracing::instrument(skip_all, fields(activity_id = activity_id, user_id = helper.user_id))]
pub async fn sign_up_on_behalf(
    db: &Db,
    helper: &SessionUser,
    activity_id: i64,
    member: Member,
    companions: i64,
    agreed: bool,
) -> AppResult<(String, SignupOutcome)> {
    let area = policy::helper_area(db, helper).await?;
    if !agreed {
        return Err(AppError::field(ErrorKey::AgreementRequired, "agreed"));
    }
    // (id, display name, village)
    type Found = Option<(i64, String, Option<i64>)>;
    let (field, found): (&str, Found) = match member {
        Member::Phone(p) => (
            "phone",
            sqlx::query_as(
                "SELECT id, display_name, village_id FROM users WHERE phone = $1 AND deleted_at IS NULL",
            )
            .bind(Phone::parse(&p)?.as_str().to_owned())
            .fetch_optional(db.reader())
            .await?,
        ),
        Member::Id(id) => (
            "member_id",
            sqlx::query_as(
                "SELECT id, display_name, village_id FROM users WHERE id = $1 AND deleted_at IS NULL",
            )
            .bind(id)
            .fetch_optional(db.reader())
            .await?,
        ),
    };
    // Someone outside her area looks the same as nobody: no probing for numbers.
    let Some((member, name, Some(village))) = found else {
        return Err(AppError::field(ErrorKey::MemberNotFound, field));
    };
    if !policy::region_within(db, village, area).await? {
        return Err(AppError::field(ErrorKey::MemberNotFound, field));
    }
    let outcome =
        // Her "yes" to the helper covers a sensitive purpose too; it is recorded as heard by her.
        signups::sign_up_member(db, member, Some(helper.user_id), activity_id, signups::SignupRequest {
            companions,
            consent: agreed,
            birth_year: None,
        })
        .await?;
    Ok((name, outcome))
}

/// The sign-ups a volunteer or organizer made for women, of activities not yet over, soonest
/// first: "我帮别人报的名", with the check-in codes she passes on.
#[tracing::instrument(skip_all, fields(user_id = helper.user_id))]
pub async fn helped_signups(
    db: &Db,
    helper: &SessionUser,
    now: i64,
) -> AppResult<Vec<HelpedSignup>> {
    policy::helper_area(db, helper).await?;
    Ok(sqlx::query_as(&format!(
        "SELECT s.id AS signup_id, a.id AS activity_id, a.title AS activity_title, a.starts_at,
                u.display_name AS member_name, v.name AS village, s.status, s.companions,
                s.checkin_code,
                {WAITLIST_POSITION}
         FROM signups s
         JOIN activities a ON a.id = s.activity_id
         JOIN users u ON u.id = s.user_id
         LEFT JOIN regions v ON v.id = u.village_id
         WHERE s.signed_up_by = $1 AND s.status IN ('confirmed', 'waitlisted', 'pending')
           AND a.ends_at >= $2 AND a.status = 'published'
         ORDER BY a.starts_at, s.id
         LIMIT 200"
    ))
    .bind(helper.user_id)
    .bind(now)
    .fetch_all(db.reader())
    .await?)
}

/// A helper takes back a sign-up she made for a woman (the woman asked her to), on the same
/// terms as the woman herself: a seat until the cancellation cutoff. The woman is told, the
/// queue moves up, and it is audited. Answers the activity. Someone else's sign-up is not
/// found.
#[tracing::instrument(skip_all, fields(signup_id = signup_id, user_id = helper.user_id))]
pub async fn cancel_for(db: &Db, helper: &SessionUser, signup_id: i64) -> AppResult<i64> {
    policy::helper_area(db, helper).await?;
    let now = crate::now();
    let activity_id: i64 =
        sqlx::query_scalar("SELECT activity_id FROM signups WHERE id = $1 AND signed_up_by = $2")
            .bind(signup_id)
            .bind(helper.user_id)
            .fetch_optional(db.reader())
            .await?
            .ok_or_else(AppError::not_found)?;
    let mut tx = db.writer().begin().await?;
    let activity = lock_activity(&mut tx, db.backend(), activity_id).await?;
    let signup: Option<Signup> = sqlx::query_as(&format!(
        "{SIGNUP} WHERE s.id = $1 AND s.status IN ('confirmed', 'waitlisted', 'pending')"
    ))
    .bind(signup_id)
    .fetch_optional(&mut *tx)
    .await?;
    // Already taken back: a retried cancel has the effect of one.
    let Some(signup) = signup else {
        return Ok(activity_id);
    };
    if signup.status == SignupStatus::Confirmed
        && now >= activity.cancel_cutoff.unwrap_or(activity.starts_at)
    {
        return Err(AppError::new(ErrorKey::CancelClosed));
    }
    signups::release(&mut tx, &signup, now).await?;
    notify(
        &mut tx,
        signup.user_id,
        NotificationKind::CancelledForHer,
        activity_id,
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        Some(helper.user_id),
        AuditAction::CancelledOnBehalf,
        Some((audit::AuditSubject::User, signup.user_id)),
        &format!("activity {activity_id}"),
    )
    .await?;
    tx.commit().await?;
    Ok(activity_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        let mut out = String::new();
        csv_line(
            &mut out,
            &[
                "=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "秀英", "a\"b",
            ],
        );
        assert_eq!(
            out,
            "\"'=1+1\",\"'+1\",\"'-1\",\"'@SUM(A1)\",\"'\t=1\",\"'\r=1\",\"秀英\",\"a\"\"b\"\r\n"
        );
    }
}
