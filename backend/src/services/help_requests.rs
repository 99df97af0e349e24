//! Help requests (求助): filing (her own, or a helper's for her with her agreement), the
//! queue of those who handle them, one request with its events and referrals, state changes
//! with notes (internal ones never reach her), assigning a volunteer, referrals and their
//! outcomes, her own list, withdrawing, and the escalation of requests nobody acknowledged in
//! time. Who may handle what is decided in `policy::help`.
//!
//! Each change is one transaction: the request, its event, her notification (and the text
//! message that goes with a change of state, through the outbox), and the audit entry where
//! a helper acted for her, assigned or referred.

use sqlx::AnyConnection;

use crate::db::Db;
use crate::identity::{Role, SessionUser};
use crate::policy;
use crate::policy::help::Handler;
use crate::services::audit::{self, AuditAction, AuditSubject};
use crate::services::notifications::NotificationKind;
use crate::services::outbox::{self, Message};
use domain::help::{
    Assignable, Department, HelpActor, HelpCase, HelpContact, HelpDraft, HelpEvent, HelpKind,
    HelpQueueItem, HelpState, HelpUpdate, MyHelpRequest, MyReferral, Referral, Urgency, NOTE_CHARS,
};
use domain::sms::SmsTemplate;
use domain::{AppError, AppResult, ErrorKey, VariantArray};

/// The states a request is open in, for SQL.
const OPEN: &str = "('new', 'acknowledged', 'in_progress', 'referred')";
/// Most requests a queue lists.
const QUEUE_LIMIT: i64 = 300;
/// How often each node looks for requests to escalate.
pub const EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// A request to file: what she asks, and for whom.
#[derive(Clone, Debug)]
pub struct Filing {
    pub draft: HelpDraft,
    /// A helper asking for a woman of her area; `None` (or her own id) when she asks herself.
    pub for_member: Option<i64>,
    /// The woman agreed that the helper asks for her.
    pub agreed: bool,
}

/// Files a request; its id. She asks for herself (her village then must be known), or a
/// volunteer or organizer asks for a woman living in her area, with her agreement recorded.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn file(db: &Db, user: &SessionUser, filing: &Filing, now: i64) -> AppResult<i64> {
    let on_behalf = filing.for_member.filter(|&m| m != user.user_id);
    let (woman, village) = match on_behalf {
        None => match user.village_id {
            Some(v) => (user.user_id, v),
            None => return Err(AppError::field(ErrorKey::RegionInvalid, "village_id")),
        },
        Some(member) => {
            let area = policy::helper_area(db, user).await?;
            let found: Option<(Role, Option<i64>)> = sqlx::query_as(
                "SELECT role, village_id FROM users WHERE id = $1 AND deleted_at IS NULL",
            )
            .bind(member)
            .fetch_optional(db.reader())
            .await?;
            let village = match found {
                Some((Role::Member | Role::Volunteer, Some(v)))
                    if policy::region_within(db, v, area).await? =>
                {
                    v
                }
                _ => return Err(AppError::field(ErrorKey::MemberNotFound, "for_member")),
            };
            if !filing.agreed {
                return Err(AppError::field(ErrorKey::AgreementRequired, "agreed"));
            }
            (member, village)
        }
    };
    let draft = &filing.draft;
    // The organizers told of a new request: her village's and township's federations; the
    // county's too when it is urgent or about her safety.
    let mut told = policy::ancestors(db, village).await?;
    if !(draft.urgency == Urgency::Urgent || draft.kind == HelpKind::Safety) {
        told.truncate(2);
    }
    let mut tx = db.writer().begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO help_requests (user_id, filed_by, agreed_at, village_id, kind, description,
                                    contact, urgency, state, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
         RETURNING id",
    )
    .bind(woman)
    .bind(user.user_id)
    .bind(on_behalf.map(|_| now))
    .bind(village)
    .bind(draft.kind)
    .bind(&draft.description)
    .bind(draft.contact)
    .bind(draft.urgency)
    .bind(HelpState::New)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    event(&mut tx, id, user, HelpState::New, true, "", false, now).await?;
    sqlx::query(&format!(
        "INSERT INTO notifications (user_id, kind, help_request_id, created_at)
         SELECT u.id, $1, $2, $3 FROM users u JOIN federations f ON f.id = u.federation_id
         WHERE u.role = 'organizer' AND u.deleted_at IS NULL AND u.id <> $4
           AND f.region_id IN ({})",
        policy::id_list(&told)
    ))
    .bind(NotificationKind::HelpRequestFiled)
    .bind(id)
    .bind(now)
    .bind(user.user_id)
    .execute(&mut *tx)
    .await?;
    if on_behalf.is_some() {
        tell_her(&mut tx, id, woman, HelpState::New, now).await?;
        audit::record(
            &mut tx,
            Some(user.user_id),
            AuditAction::HelpRequestedOnBehalf,
            Some((AuditSubject::HelpRequest, id)),
            &format!("for user {woman}, with her agreement"),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Writes one event of a request.
#[allow(clippy::too_many_arguments)]
async fn event(
    conn: &mut AnyConnection,
    request: i64,
    actor: &SessionUser,
    state: HelpState,
    changed: bool,
    note: &str,
    internal: bool,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO help_events (request_id, actor_id, actor_role, state, changed, note,
                                  internal, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(request)
    .bind(actor.user_id)
    .bind(actor.role)
    .bind(state)
    .bind(changed)
    .bind(note)
    .bind(internal)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Tells her, in the app, that her request moved (or has a note for her): the notice names
/// the state, never a note.
async fn tell_her(
    conn: &mut AnyConnection,
    request: i64,
    woman: i64,
    state: HelpState,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, help_request_id, detail, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(woman)
    .bind(NotificationKind::HelpRequestUpdated)
    .bind(request)
    .bind(state.as_str())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Texts her the new state, if she has a number (whether she wants texts is asked when it
/// is sent, as for every message: `outbox::deliver_due`).
async fn text_her(
    conn: &mut AnyConnection,
    request: i64,
    state: HelpState,
    now: i64,
) -> AppResult<()> {
    let found: Option<(i64, Option<String>)> = sqlx::query_as(
        "SELECT u.id, u.phone FROM help_requests r JOIN users u ON u.id = r.user_id
         WHERE r.id = $1 AND u.deleted_at IS NULL",
    )
    .bind(request)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((woman, Some(phone))) = found else {
        return Ok(());
    };
    let department = if state == HelpState::Referred {
        latest_department(conn, request).await?
    } else {
        None
    };
    outbox::enqueue(
        conn,
        &Message {
            to: &phone,
            user_id: Some(woman),
            template: SmsTemplate::HelpRequestUpdated,
            params: vec![("state".to_owned(), state.text_word(department))],
            expires_at: None,
        },
        now,
    )
    .await?;
    Ok(())
}

async fn latest_department(
    conn: &mut AnyConnection,
    request: i64,
) -> AppResult<Option<Department>> {
    Ok(sqlx::query_scalar(
        "SELECT department FROM help_referrals WHERE request_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(request)
    .fetch_optional(conn)
    .await?)
}

/// The open requests `user` handles, overdue first, then urgent, then oldest: an organizer's
/// whole area, a volunteer's requests assigned to her. Two queries, however many requests.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn queue(
    db: &Db,
    user: &SessionUser,
    now: i64,
    acknowledge_secs: i64,
) -> AppResult<Vec<HelpQueueItem>> {
    let handler = policy::help::handler(db, user).await?;
    let villages = policy::within(db, handler.area()).await?;
    let mine = match handler {
        Handler::Volunteer { user_id, .. } => format!("AND r.assignee_id = {user_id}"),
        Handler::Organizer { .. } => String::new(),
    };
    let overdue = "(r.state = 'new' AND (r.escalated_at IS NOT NULL OR r.created_at <= $1))";
    let sql = format!(
        "SELECT r.id, w.display_name AS woman_name, COALESCE(v.name, '') AS village, r.kind,
                r.urgency, r.state, r.created_at, r.updated_at, {overdue} AS overdue,
                (r.escalated_at IS NOT NULL) AS escalated, a.display_name AS assignee_name
         FROM help_requests r
         JOIN users w ON w.id = r.user_id
         LEFT JOIN regions v ON v.id = r.village_id
         LEFT JOIN users a ON a.id = r.assignee_id
         WHERE r.village_id IN ({}) AND r.state IN {OPEN} {mine}
         ORDER BY CASE WHEN {overdue} THEN 0 ELSE 1 END,
                  CASE WHEN r.urgency = 'urgent' THEN 0 ELSE 1 END,
                  r.created_at, r.id
         LIMIT $2",
        policy::id_list(&villages)
    );
    Ok(sqlx::query_as(&sql)
        .bind(now - acknowledge_secs)
        .bind(QUEUE_LIMIT)
        .fetch_all(db.reader())
        .await?)
}

#[derive(sqlx::FromRow)]
struct CaseRow {
    id: i64,
    user_id: i64,
    woman_name: String,
    phone: Option<String>,
    village_id: i64,
    village: String,
    kind: HelpKind,
    description: String,
    contact: HelpContact,
    urgency: Urgency,
    state: HelpState,
    created_at: i64,
    acknowledged_at: Option<i64>,
    resolved_at: Option<i64>,
    escalated_at: Option<i64>,
    filed_by_id: i64,
    filed_by: Option<String>,
    agreed_at: Option<i64>,
    assignee_id: Option<i64>,
    assignee_name: Option<String>,
}

/// One request for those who handle it: every event (internal notes too, with names), its
/// referrals, the states it may move to and, for an organizer, whom she may assign it to.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, request = id))]
pub async fn case(
    db: &Db,
    user: &SessionUser,
    id: i64,
    now: i64,
    acknowledge_secs: i64,
) -> AppResult<HelpCase> {
    let handler = policy::help::require_handler_of(db, user, id).await?;
    let r: CaseRow = sqlx::query_as(
        "SELECT r.id, r.user_id, w.display_name AS woman_name, w.phone, r.village_id,
                COALESCE(v.name, '') AS village, r.kind, r.description, r.contact, r.urgency,
                r.state, r.created_at, r.acknowledged_at, r.resolved_at, r.escalated_at,
                r.filed_by AS filed_by_id, f.display_name AS filed_by, r.agreed_at,
                r.assignee_id, a.display_name AS assignee_name
         FROM help_requests r
         JOIN users w ON w.id = r.user_id
         LEFT JOIN regions v ON v.id = r.village_id
         LEFT JOIN users f ON f.id = r.filed_by
         LEFT JOIN users a ON a.id = r.assignee_id
         WHERE r.id = $1",
    )
    .bind(id)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(AppError::not_found)?;
    let events: Vec<HelpEvent> = sqlx::query_as(
        "SELECT e.at, e.state, e.changed, e.note, e.internal,
                NULLIF(u.display_name, '') AS actor_name
         FROM help_events e LEFT JOIN users u ON u.id = e.actor_id
         WHERE e.request_id = $1 ORDER BY e.id DESC",
    )
    .bind(id)
    .fetch_all(db.reader())
    .await?;
    let referrals: Vec<Referral> = sqlx::query_as(
        "SELECT x.id, x.department, x.referred_on, x.contact,
                NULLIF(u.display_name, '') AS recorded_by, x.outcome, x.outcome_at
         FROM help_referrals x LEFT JOIN users u ON u.id = x.recorded_by
         WHERE x.request_id = $1 ORDER BY x.id DESC",
    )
    .bind(id)
    .fetch_all(db.reader())
    .await?;
    let assignable: Vec<Assignable> = if handler.may_assign() {
        let reaches = policy::ancestors(db, r.village_id).await?;
        sqlx::query_as(&format!(
            "SELECT u.id AS user_id, u.display_name FROM volunteers vo
             JOIN users u ON u.id = vo.user_id
             WHERE u.role = 'volunteer' AND u.deleted_at IS NULL AND vo.region_id IN ({})
             ORDER BY u.display_name, u.id LIMIT 200",
            policy::id_list(&reaches)
        ))
        .fetch_all(db.reader())
        .await?
    } else {
        Vec::new()
    };
    let overdue = r.state == HelpState::New
        && (r.escalated_at.is_some() || r.created_at <= now - acknowledge_secs);
    Ok(HelpCase {
        id: r.id,
        woman_name: r.woman_name,
        woman_phone: r.phone.filter(|_| r.contact == HelpContact::Call),
        village: r.village,
        kind: r.kind,
        description: r.description,
        contact: r.contact,
        urgency: r.urgency,
        state: r.state,
        created_at: r.created_at,
        acknowledged_at: r.acknowledged_at,
        resolved_at: r.resolved_at,
        escalated_at: r.escalated_at,
        overdue,
        filed_by: r.filed_by.filter(|_| r.filed_by_id != r.user_id),
        agreed_at: r.agreed_at,
        assignee_id: r.assignee_id,
        assignee_name: r.assignee_name,
        events,
        referrals,
        next_states: r.state.next_states(),
        assignable,
    })
}

/// The note a handler typed: required, at most 500 characters.
pub fn parse_note(note: Option<&str>, field: &str) -> AppResult<String> {
    domain::help::parse_text(note, NOTE_CHARS, true, ErrorKey::NoteInvalid, field)
}

/// A change of a request by one who handles it.
#[derive(Clone, Debug)]
pub struct Change {
    /// The state after it; the current state for a note alone.
    pub state: HelpState,
    pub note: String,
    /// Not shown to her: she is told of a change of state, never of the note.
    pub internal: bool,
}

#[derive(sqlx::FromRow)]
struct Current {
    user_id: i64,
    state: HelpState,
}

async fn current(conn: &mut AnyConnection, id: i64) -> AppResult<Current> {
    sqlx::query_as("SELECT user_id, state FROM help_requests WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or_else(AppError::not_found)
}

/// Moves the request to a new state with a note, or adds a note (the same state). A move
/// the states do not allow is refused (`help_state_invalid`). She is told of every change of
/// state (in the app, and by text) and of every note that is not internal (in the app).
#[tracing::instrument(skip_all, fields(user_id = user.user_id, request = id))]
pub async fn update(
    db: &Db,
    user: &SessionUser,
    id: i64,
    change: &Change,
    now: i64,
) -> AppResult<()> {
    policy::help::require_handler_of(db, user, id).await?;
    let mut tx = db.writer().begin().await?;
    let before = current(&mut tx, id).await?;
    let changed = change.state != before.state;
    if (changed && !before.state.can_become(change.state))
        || (!changed && before.state == HelpState::Withdrawn)
    {
        return Err(AppError::field(ErrorKey::HelpStateInvalid, "state"));
    }
    move_to(&mut tx, id, before.state, change.state, now).await?;
    event(
        &mut tx,
        id,
        user,
        change.state,
        changed,
        &change.note,
        change.internal,
        now,
    )
    .await?;
    if changed || !change.internal {
        tell_her(&mut tx, id, before.user_id, change.state, now).await?;
    }
    if changed {
        text_her(&mut tx, id, change.state, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sets the state (and the times it marks) if it is still `from`; Conflict when someone else
/// changed it meanwhile.
async fn move_to(
    conn: &mut AnyConnection,
    id: i64,
    from: HelpState,
    to: HelpState,
    now: i64,
) -> AppResult<()> {
    let done = sqlx::query(
        "UPDATE help_requests
         SET state = $1, updated_at = $2,
             acknowledged_at = CASE WHEN $3 THEN COALESCE(acknowledged_at, $2) ELSE acknowledged_at END,
             resolved_at = CASE WHEN $4 THEN $2 ELSE NULL END
         WHERE id = $5 AND state = $6",
    )
    .bind(to)
    .bind(now)
    .bind(to.acknowledges())
    .bind(to.finishes())
    .bind(id)
    .bind(from)
    .execute(conn)
    .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(AppError::new(ErrorKey::Conflict))
    }
}

/// An organizer gives the request to a volunteer whose reach holds its village (`None` takes
/// it back). Volunteers do not assign (403); a volunteer who may not have it is not found.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, request = id))]
pub async fn assign(
    db: &Db,
    user: &SessionUser,
    id: i64,
    volunteer: Option<i64>,
    now: i64,
) -> AppResult<()> {
    if !policy::help::handler(db, user).await?.may_assign() {
        return Err(AppError::forbidden());
    }
    policy::help::require_handler_of(db, user, id).await?;
    let village: i64 = sqlx::query_scalar("SELECT village_id FROM help_requests WHERE id = $1")
        .bind(id)
        .fetch_one(db.reader())
        .await?;
    if let Some(v) = volunteer {
        if !policy::help::assignable(db, v, village).await? {
            return Err(AppError::field(ErrorKey::NotFound, "volunteer_id"));
        }
    }
    let mut tx = db.writer().begin().await?;
    sqlx::query("UPDATE help_requests SET assignee_id = $1, updated_at = $2 WHERE id = $3")
        .bind(volunteer)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if let Some(v) = volunteer {
        sqlx::query(
            "INSERT INTO notifications (user_id, kind, help_request_id, created_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(v)
        .bind(NotificationKind::HelpRequestAssigned)
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    let detail = volunteer.map_or_else(|| "unassigned".to_owned(), |v| format!("to user {v}"));
    audit::record(
        &mut tx,
        Some(user.user_id),
        AuditAction::HelpRequestAssigned,
        Some((AuditSubject::HelpRequest, id)),
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A hand-over to a department, as the form sends it (checked).
#[derive(Clone, Debug)]
pub struct NewReferral {
    pub department: Department,
    /// The day it was handed over (UTC seconds of its China midnight).
    pub referred_on: i64,
    pub contact: String,
}

/// Records a hand-over to a department; its id. The request becomes `referred` (she is told,
/// with the department's name: "已转交民政办").
#[tracing::instrument(skip_all, fields(user_id = user.user_id, request = id))]
pub async fn refer(
    db: &Db,
    user: &SessionUser,
    id: i64,
    referral: &NewReferral,
    now: i64,
) -> AppResult<i64> {
    policy::help::require_handler_of(db, user, id).await?;
    let mut tx = db.writer().begin().await?;
    let before = current(&mut tx, id).await?;
    let changed = before.state != HelpState::Referred;
    if changed && !before.state.can_become(HelpState::Referred) {
        return Err(AppError::field(ErrorKey::HelpStateInvalid, "state"));
    }
    let referral_id: i64 = sqlx::query_scalar(
        "INSERT INTO help_referrals (request_id, department, referred_on, contact, recorded_by,
                                     created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id",
    )
    .bind(id)
    .bind(referral.department)
    .bind(referral.referred_on)
    .bind(&referral.contact)
    .bind(user.user_id)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    if changed {
        move_to(&mut tx, id, before.state, HelpState::Referred, now).await?;
    } else {
        sqlx::query("UPDATE help_requests SET updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    event(
        &mut tx,
        id,
        user,
        HelpState::Referred,
        changed,
        "",
        false,
        now,
    )
    .await?;
    tell_her(&mut tx, id, before.user_id, HelpState::Referred, now).await?;
    if changed {
        text_her(&mut tx, id, HelpState::Referred, now).await?;
    }
    audit::record(
        &mut tx,
        Some(user.user_id),
        AuditAction::HelpRequestReferred,
        Some((AuditSubject::HelpRequest, id)),
        referral.department.as_str(),
    )
    .await?;
    tx.commit().await?;
    Ok(referral_id)
}

/// Writes down what came back from a department (she sees it). Not found, like an unknown
/// one, for a referral of a request she does not handle.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, referral))]
pub async fn record_outcome(
    db: &Db,
    user: &SessionUser,
    referral: i64,
    outcome: &str,
    now: i64,
) -> AppResult<()> {
    policy::help::handler(db, user).await?;
    let request: i64 = sqlx::query_scalar("SELECT request_id FROM help_referrals WHERE id = $1")
        .bind(referral)
        .fetch_optional(db.reader())
        .await?
        .ok_or_else(AppError::not_found)?;
    policy::help::require_handler_of(db, user, request).await?;
    let mut tx = db.writer().begin().await?;
    let before = current(&mut tx, request).await?;
    sqlx::query(
        "UPDATE help_referrals SET outcome = $1, outcome_at = $2, outcome_by = $3 WHERE id = $4",
    )
    .bind(outcome)
    .bind(now)
    .bind(user.user_id)
    .bind(referral)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE help_requests SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(request)
        .execute(&mut *tx)
        .await?;
    tell_her(&mut tx, request, before.user_id, before.state, now).await?;
    tx.commit().await?;
    Ok(())
}

/// She takes her own request back while it is open. Anyone else's request is not found.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, request = id))]
pub async fn withdraw(db: &Db, user: &SessionUser, id: i64, note: &str, now: i64) -> AppResult<()> {
    let mut tx = db.writer().begin().await?;
    let before = current(&mut tx, id).await?;
    if before.user_id != user.user_id {
        return Err(AppError::not_found());
    }
    if !before.state.may_withdraw() {
        return Err(AppError::field(ErrorKey::HelpStateInvalid, "state"));
    }
    move_to(&mut tx, id, before.state, HelpState::Withdrawn, now).await?;
    event(
        &mut tx,
        id,
        user,
        HelpState::Withdrawn,
        true,
        note,
        false,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct MineRow {
    id: i64,
    user_id: i64,
    filed_by: i64,
    kind: HelpKind,
    description: String,
    contact: HelpContact,
    urgency: Urgency,
    state: HelpState,
    created_at: i64,
    updated_at: i64,
}

#[derive(sqlx::FromRow)]
struct UpdateRow {
    request_id: i64,
    at: i64,
    state: HelpState,
    note: String,
    actor_id: Option<i64>,
    actor_role: Option<Role>,
}

#[derive(sqlx::FromRow)]
struct ReferralRow {
    request_id: i64,
    department: Department,
    referred_on: i64,
    outcome: Option<String>,
    outcome_at: Option<i64>,
}

/// Her requests, newest first, with what she may see of them: the states, the notes that are
/// not internal (an internal change of state shows without its note), the role of who acted,
/// the departments. Three queries.
#[tracing::instrument(skip_all, fields(user_id))]
pub async fn mine(db: &Db, user_id: i64) -> AppResult<Vec<MyHelpRequest>> {
    let rows: Vec<MineRow> = sqlx::query_as(
        "SELECT id, user_id, filed_by, kind, description, contact, urgency, state, created_at,
                updated_at
         FROM help_requests WHERE user_id = $1 ORDER BY id DESC LIMIT 100",
    )
    .bind(user_id)
    .fetch_all(db.reader())
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let updates: Vec<UpdateRow> = sqlx::query_as(&format!(
        "SELECT request_id, at, state, CASE WHEN internal THEN '' ELSE note END AS note,
                actor_id, actor_role
         FROM help_events
         WHERE request_id IN ({}) AND (changed OR NOT internal)
         ORDER BY id DESC",
        policy::id_list(&ids)
    ))
    .fetch_all(db.reader())
    .await?;
    let referrals: Vec<ReferralRow> = sqlx::query_as(&format!(
        "SELECT request_id, department, referred_on, outcome, outcome_at FROM help_referrals
         WHERE request_id IN ({}) ORDER BY id DESC",
        policy::id_list(&ids)
    ))
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let referrals: Vec<MyReferral> = referrals
                .iter()
                .filter(|x| x.request_id == r.id)
                .map(|x| MyReferral {
                    department: x.department,
                    referred_on: x.referred_on,
                    outcome: x.outcome.clone(),
                    outcome_at: x.outcome_at,
                })
                .collect();
            MyHelpRequest {
                id: r.id,
                kind: r.kind,
                description: r.description,
                contact: r.contact,
                urgency: r.urgency,
                state: r.state,
                created_at: r.created_at,
                updated_at: r.updated_at,
                filed_for_her: r.filed_by != r.user_id,
                referred_to: (r.state == HelpState::Referred)
                    .then(|| referrals.first().map(|x| x.department))
                    .flatten(),
                updates: updates
                    .iter()
                    .filter(|u| u.request_id == r.id)
                    .map(|u| HelpUpdate {
                        at: u.at,
                        state: u.state,
                        note: u.note.clone(),
                        by: match (u.actor_id, u.actor_role) {
                            (Some(a), _) if a == r.user_id => HelpActor::Her,
                            (_, Some(Role::Volunteer)) => HelpActor::Volunteer,
                            _ => HelpActor::Federation,
                        },
                    })
                    .collect(),
                referrals,
            }
        })
        .collect())
}

/// Marks the requests still new after `after_secs` as escalated and tells the organizers of
/// their county's federation; how many were escalated. Each is claimed with a conditional
/// update in the transaction that writes the notifications, so several nodes escalate each
/// once.
#[tracing::instrument(skip_all)]
pub async fn escalate_overdue(db: &Db, now: i64, after_secs: i64) -> AppResult<u64> {
    #[derive(sqlx::FromRow)]
    struct Due {
        id: i64,
        county: Option<i64>,
    }
    let due: Vec<Due> = sqlx::query_as(
        "SELECT r.id, t.parent_id AS county FROM help_requests r
         JOIN regions v ON v.id = r.village_id
         LEFT JOIN regions t ON t.id = v.parent_id
         WHERE r.state = 'new' AND r.escalated_at IS NULL AND r.created_at <= $1
         ORDER BY r.created_at LIMIT 500",
    )
    .bind(now - after_secs)
    .fetch_all(db.reader())
    .await?;
    let mut escalated = 0;
    for d in due {
        let mut tx = db.writer().begin().await?;
        let claimed = sqlx::query(
            "UPDATE help_requests SET escalated_at = $1
             WHERE id = $2 AND escalated_at IS NULL AND state = 'new'",
        )
        .bind(now)
        .bind(d.id)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        if let Some(county) = d.county {
            sqlx::query(
                "INSERT INTO notifications (user_id, kind, help_request_id, created_at)
                 SELECT u.id, $1, $2, $3 FROM users u JOIN federations f ON f.id = u.federation_id
                 WHERE u.role = 'organizer' AND u.deleted_at IS NULL AND f.region_id = $4",
            )
            .bind(NotificationKind::HelpRequestEscalated)
            .bind(d.id)
            .bind(now)
            .bind(county)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        escalated += 1;
    }
    Ok(escalated)
}

/// Runs [`escalate_overdue`] every `every` until the task is dropped; errors are logged, not
/// fatal.
pub async fn run(db: Db, after_secs: i64, every: std::time::Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match escalate_overdue(&db, crate::now(), after_secs).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(requests = n, "escalated overdue help requests"),
            Err(e) => tracing::warn!(error = %e, "help escalation failed; will retry"),
        }
    }
}

/// Deleting her account (in its transaction): her open requests are withdrawn (nobody
/// follows up a woman who left), and every text about her is erased: descriptions, notes,
/// referral contacts and outcomes. What remains (kind, state, village, dates, departments)
/// holds nothing personal and keeps the county's counts right.
pub(crate) async fn erase_woman(conn: &mut AnyConnection, user_id: i64, now: i64) -> AppResult<()> {
    sqlx::query(&format!(
        "INSERT INTO help_events (request_id, actor_id, actor_role, state, changed, note,
                                  internal, at)
         SELECT id, user_id, 'member', 'withdrawn', $1, '', $2, $3 FROM help_requests
         WHERE user_id = $4 AND state IN {OPEN}"
    ))
    .bind(true)
    .bind(false)
    .bind(now)
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(&format!(
        "UPDATE help_requests SET state = 'withdrawn', updated_at = $1
         WHERE user_id = $2 AND state IN {OPEN}"
    ))
    .bind(now)
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE help_requests SET description = '' WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE help_events SET note = ''
         WHERE request_id IN (SELECT id FROM help_requests WHERE user_id = $1)",
    )
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE help_referrals SET contact = '',
                outcome = CASE WHEN outcome IS NULL THEN NULL ELSE '' END
         WHERE request_id IN (SELECT id FROM help_requests WHERE user_id = $1)",
    )
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct FigureSource {
    village_id: i64,
    kind: HelpKind,
    state: HelpState,
    created_at: i64,
    acknowledged_at: Option<i64>,
    resolved_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct PlaceRow {
    id: i64,
    name: String,
    parent_id: Option<i64>,
    level: domain::region::RegionLevel,
}

/// The figures of an organizer's area for the reports upward: requests by state and kind,
/// median hours to acknowledge and to resolve, hand-overs by department; for her area and each
/// region one level below it. A bounded number of queries whatever the size of the area.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn figures(db: &Db, user: &SessionUser) -> AppResult<domain::help::HelpFigures> {
    use domain::help::{median_hours, HelpFigureRow, HelpFigures};
    use domain::ledger::Figure;
    use domain::region::RegionLevel;
    if user.role != Role::Organizer {
        return Err(AppError::forbidden());
    }
    let area = policy::organizer_region(db, user).await?;
    let places: Vec<PlaceRow> = sqlx::query_as(&format!(
        "SELECT id, name, parent_id, level FROM regions WHERE id IN ({}) ORDER BY name",
        policy::id_list(&policy::within(db, area).await?)
    ))
    .fetch_all(db.reader())
    .await?;
    let Some(top) = places.iter().find(|p| p.id == area) else {
        return Err(AppError::not_found());
    };
    // The region one level below her area that holds a village: the village itself below a
    // township, its township below a county.
    let group_of = |village: i64| -> i64 {
        match places.iter().find(|p| p.id == village) {
            Some(p) if p.id == area || p.parent_id == Some(area) => p.id,
            Some(p) => p.parent_id.unwrap_or(p.id),
            None => village,
        }
    };
    let mut below: Vec<&PlaceRow> = places
        .iter()
        .filter(|p| p.parent_id == Some(area))
        .collect();
    if below.is_empty() {
        below.push(top);
    }
    let villages: Vec<i64> = places
        .iter()
        .filter(|p| p.level == RegionLevel::Village)
        .map(|p| p.id)
        .collect();
    let requests: Vec<FigureSource> = sqlx::query_as(&format!(
        "SELECT village_id, kind, state, created_at, acknowledged_at, resolved_at
         FROM help_requests WHERE village_id IN ({})",
        policy::id_list(&villages)
    ))
    .fetch_all(db.reader())
    .await?;
    let referrals: Vec<(i64, Department)> = sqlx::query_as(&format!(
        "SELECT r.village_id, f.department FROM help_referrals f
         JOIN help_requests r ON r.id = f.request_id
         WHERE r.village_id IN ({})",
        policy::id_list(&villages)
    ))
    .fetch_all(db.reader())
    .await?;
    let row = |id: Option<i64>, name: &str, level: RegionLevel| {
        let coarse = level != RegionLevel::Village;
        let mine = |village: i64| id.is_none_or(|id| group_of(village) == id);
        let here: Vec<&FigureSource> = requests.iter().filter(|r| mine(r.village_id)).collect();
        let count = |n: usize| Figure::of(n as i64, coarse);
        HelpFigureRow {
            region_id: id.unwrap_or(area),
            region: name.to_owned(),
            requests: count(here.len()),
            by_state: HelpState::VARIANTS
                .iter()
                .map(|s| (*s, count(here.iter().filter(|r| r.state == *s).count())))
                .collect(),
            by_kind: HelpKind::VARIANTS
                .iter()
                .map(|k| (*k, count(here.iter().filter(|r| r.kind == *k).count())))
                .collect(),
            referrals: Department::VARIANTS
                .iter()
                .map(|d| {
                    let n = referrals
                        .iter()
                        .filter(|(v, dep)| dep == d && mine(*v))
                        .count();
                    (*d, count(n))
                })
                .collect(),
            median_hours_to_acknowledge: median_hours(
                here.iter()
                    .filter_map(|r| r.acknowledged_at.map(|at| at - r.created_at))
                    .collect(),
            ),
            median_hours_to_resolve: median_hours(
                here.iter()
                    .filter_map(|r| r.resolved_at.map(|at| at - r.created_at))
                    .collect(),
            ),
        }
    };
    Ok(HelpFigures {
        total: row(None, &top.name, top.level),
        rows: below
            .iter()
            .map(|p| row(Some(p.id), &p.name, p.level))
            .collect(),
    })
}
