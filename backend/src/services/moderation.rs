//! Keeping the circles safe: the review queue, the moderators' actions (each written to the
//! moderation log, the author told the outcome and a mute's reason), the list of mutes, and
//! assigning volunteers as moderators. Who moderates what is decided in `policy::moderation`;
//! the log is `moderation_log`.

use sqlx::AnyConnection;

use crate::db::Db;
use crate::identity::SessionUser;
use crate::policy;
use crate::services::audit::{self, AuditAction};
use crate::services::circles::notify_thread_with;
use crate::services::moderation_log::{self, Scene};
use domain::circle::{parse_reason, PostStatus, ReportReason, StatusReason};
use domain::moderation::{ModAction, MuteEntry, QueueItem};
use domain::notification::NotificationKind;
use domain::{AppError, AppResult, ErrorKey};

/// The author's display name as `author_name`, or NULL for an anonymous post whose author was
/// not revealed to the moderator asking (`$1`); for queries over posts `p` and their authors `u`.
const AUTHOR_UNLESS_ANONYMOUS: &str = "CASE WHEN p.anonymous AND NOT EXISTS
               (SELECT 1 FROM author_reveals v WHERE v.post_id = p.id AND v.revealed_by = $1)
          THEN NULL ELSE u.display_name END AS author_name";

/// Posts waiting for her: held, hidden by reports, or with open reports; those reported as a
/// danger to someone first, then oldest first. An anonymous post's author is not named, except
/// to the organizer who revealed it ([`reveal_author`]).
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn queue(db: &Db, user: &SessionUser) -> AppResult<Vec<QueueItem>> {
    let circles = policy::moderation::require_moderator(db, user).await?;
    if circles.is_empty() {
        return Ok(Vec::new());
    }
    // The ids come from the database, not from the request.
    let mut items: Vec<QueueItem> = sqlx::query_as(&format!(
        "SELECT p.id AS post_id, p.thread_id, t.title AS thread_title, c.name AS circle_name,
                {AUTHOR_UNLESS_ANONYMOUS},
                p.anonymous, p.body, p.status, p.status_reason, p.held_word,
                COALESCE((SELECT MIN(r.created_at) FROM reports r WHERE r.post_id = p.id AND r.resolved_at IS NULL),
                         p.created_at) AS waiting_since,
                CASE WHEN EXISTS (SELECT 1 FROM reports r
                                  WHERE r.post_id = p.id AND r.resolved_at IS NULL AND r.reason = 'danger')
                     THEN 0 ELSE 1 END AS urgency
         FROM posts p
         JOIN threads t ON t.id = p.thread_id
         JOIN circles c ON c.id = t.circle_id
         JOIN users u ON u.id = p.author_id
         WHERE t.circle_id IN ({})
           AND (p.status = 'held'
                OR (p.status = 'hidden' AND p.status_reason = 'reports')
                OR (p.status = 'visible' AND EXISTS (SELECT 1 FROM reports r WHERE r.post_id = p.id AND r.resolved_at IS NULL)))
         ORDER BY urgency, waiting_since, p.id
         LIMIT 100",
        policy::id_list(&circles)
    ))
    .bind(user.user_id)
    .fetch_all(db.reader())
    .await?;
    let posts: Vec<i64> = items.iter().map(|i| i.post_id).collect();
    // Every open report of the listed posts in one query, not one per post.
    let reasons: Vec<(i64, ReportReason)> = sqlx::query_as(&format!(
        "SELECT post_id, reason FROM reports WHERE resolved_at IS NULL AND post_id IN ({}) ORDER BY id",
        policy::id_list(&posts)
    ))
    .fetch_all(db.reader())
    .await?;
    for (post, reason) in reasons {
        if let Some(item) = items.iter_mut().find(|i| i.post_id == post) {
            item.reasons.push(reason);
        }
    }
    Ok(items)
}

#[derive(sqlx::FromRow)]
struct RevealTarget {
    circle_id: i64,
    author_id: i64,
    anonymous: domain::sql::Flag,
    display_name: String,
    reports: i64,
    own_reports: i64,
}

/// An organizer of the circle's area learns who wrote an anonymous post, one post at a time,
/// for a stated `reason`: the reveal is kept (the author sees when and why, not by whom) and
/// audited. Volunteers, members and organizers elsewhere are refused; so is a reveal of a post
/// whose only reports came from the organizer asking. Answers the author's display name.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, post))]
pub async fn reveal_author(
    db: &Db,
    user: &SessionUser,
    post: i64,
    reason: &str,
) -> AppResult<String> {
    if user.role != crate::identity::Role::Organizer {
        return Err(AppError::forbidden());
    }
    let target: RevealTarget = sqlx::query_as(
        "SELECT t.circle_id, p.author_id, p.anonymous, u.display_name,
                (SELECT COUNT(*) FROM reports r WHERE r.post_id = p.id) AS reports,
                (SELECT COUNT(*) FROM reports r WHERE r.post_id = p.id AND r.reporter_id = $2) AS own_reports
         FROM posts p JOIN threads t ON t.id = p.thread_id JOIN users u ON u.id = p.author_id
         WHERE p.id = $1",
    )
    .bind(post)
    .bind(user.user_id)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(AppError::not_found)?;
    if !policy::moderation::moderates(db, user, target.circle_id).await? {
        return Err(AppError::forbidden());
    }
    if !target.anonymous.0 {
        return Err(AppError::field(ErrorKey::Invalid, "post_id"));
    }
    let reason = parse_reason(reason)?;
    if target.reports > 0 && target.reports == target.own_reports {
        return Err(AppError::field(ErrorKey::RevealOwnReport, "post_id"));
    }
    let mut tx = db.writer().begin().await?;
    sqlx::query(
        "INSERT INTO author_reveals (post_id, author_id, revealed_by, reason, revealed_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(post)
    .bind(target.author_id)
    .bind(user.user_id)
    .bind(&reason)
    .bind(crate::now())
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(user.user_id),
        AuditAction::AnonymousAuthorRevealed,
        Some((audit::AuditSubject::Post, post)),
        &reason,
    )
    .await?;
    tx.commit().await?;
    Ok(target.display_name)
}

#[derive(sqlx::FromRow)]
struct Target {
    thread_id: i64,
    circle_id: i64,
    author_id: i64,
    status: PostStatus,
    status_reason: Option<StatusReason>,
}

async fn set_status(
    conn: &mut AnyConnection,
    post: i64,
    status: PostStatus,
    reason: Option<StatusReason>,
) -> AppResult<()> {
    sqlx::query("UPDATE posts SET status = $1, status_reason = $2 WHERE id = $3")
        .bind(status)
        .bind(reason)
        .bind(post)
        .execute(conn)
        .await?;
    Ok(())
}

/// Acts on a post (or its thread, or its author). Deleting and muting need a reason; muting
/// is for `mute_days` (1–30). Answers the thread id.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, post, action = action.as_str()))]
pub async fn act(
    db: &Db,
    user: &SessionUser,
    post: i64,
    action: ModAction,
    reason: &str,
    mute_days: i64,
) -> AppResult<i64> {
    if action == ModAction::AutoHidden {
        return Err(AppError::field(ErrorKey::Invalid, "action"));
    }
    // Refuse those who never moderate before looking anything up.
    policy::moderation::require_moderator_role(user)?;
    let target: Target = sqlx::query_as(
        "SELECT p.thread_id, t.circle_id, p.author_id, p.status, p.status_reason
         FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = $1",
    )
    .bind(post)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(AppError::not_found)?;
    let (thread, circle, author) = (target.thread_id, target.circle_id, target.author_id);
    if !policy::moderation::moderates(db, user, circle).await? {
        return Err(AppError::forbidden());
    }
    let reason = match action {
        ModAction::Delete | ModAction::Mute => parse_reason(reason)?,
        _ => domain::circle::clean_text(reason)
            .chars()
            .take(200)
            .collect(),
    };
    if action == ModAction::Mute && !(1..=30).contains(&mute_days) {
        return Err(AppError::field(ErrorKey::Invalid, "days"));
    }
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    // (the author's notification, if she is told anything)
    let told: Option<NotificationKind> = match action {
        ModAction::Dismiss => {
            let hidden_by_reports = target.status == PostStatus::Hidden
                && target.status_reason == Some(StatusReason::Reports);
            if hidden_by_reports {
                set_status(&mut tx, post, PostStatus::Visible, None).await?;
            }
            hidden_by_reports.then_some(NotificationKind::PostRestored)
        }
        ModAction::Hide => {
            let why = Some(StatusReason::Moderator);
            set_status(&mut tx, post, PostStatus::Hidden, why).await?;
            Some(NotificationKind::PostHidden)
        }
        ModAction::Restore => {
            set_status(&mut tx, post, PostStatus::Visible, None).await?;
            (target.status != PostStatus::Visible).then_some(NotificationKind::PostRestored)
        }
        ModAction::Delete => {
            let why = Some(StatusReason::Moderator);
            set_status(&mut tx, post, PostStatus::Deleted, why).await?;
            Some(NotificationKind::PostDeleted)
        }
        ModAction::Lock | ModAction::Unlock => {
            sqlx::query("UPDATE threads SET locked = $1 WHERE id = $2")
                .bind(action == ModAction::Lock)
                .bind(thread)
                .execute(&mut *tx)
                .await?;
            None
        }
        ModAction::Mute => {
            let given = Mute {
                circle,
                author,
                until: now + mute_days * 86_400,
                reason: &reason,
                by: user.user_id,
                post,
            };
            mute(&mut tx, given, now).await?;
            Some(NotificationKind::Muted)
        }
        ModAction::Unmute => {
            let ended = sqlx::query(
                "DELETE FROM circle_mutes WHERE circle_id = $1 AND user_id = $2 AND muted_until > $3",
            )
            .bind(circle)
            .bind(author)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if ended.rows_affected() == 0 {
                return Err(AppError::field(ErrorKey::NotMuted, "post_id"));
            }
            Some(NotificationKind::Unmuted)
        }
        // Refused above.
        ModAction::AutoHidden => None,
    };
    if matches!(
        action,
        ModAction::Dismiss | ModAction::Hide | ModAction::Restore | ModAction::Delete
    ) {
        sqlx::query(
            "UPDATE reports SET resolved_at = $1 WHERE post_id = $2 AND resolved_at IS NULL",
        )
        .bind(now)
        .bind(post)
        .execute(&mut *tx)
        .await?;
    }
    let logged_reason: std::borrow::Cow<str> = if action == ModAction::Mute {
        format!("{mute_days}d: {reason}").into()
    } else {
        reason.as_str().into()
    };
    let scene = Scene::Circle {
        circle,
        thread,
        post,
    };
    let actor = Some(user.user_id);
    moderation_log::write(&mut tx, scene, actor, action, &logged_reason, now).await?;
    if let Some(kind) = told {
        // She is told why she was muted in the moderator's words.
        let detail = (action == ModAction::Mute).then_some(reason.as_str());
        notify_thread_with(&mut tx, author, kind, thread, detail, now).await?;
    }
    tx.commit().await?;
    Ok(thread)
}

/// A mute as a moderator gives it.
struct Mute<'a> {
    circle: i64,
    author: i64,
    until: i64,
    reason: &'a str,
    by: i64,
    /// The post that led to it.
    post: i64,
}

/// Mutes the author in the circle (a new mute replaces the old one).
async fn mute(conn: &mut AnyConnection, m: Mute<'_>, now: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM circle_mutes WHERE circle_id = $1 AND user_id = $2")
        .bind(m.circle)
        .bind(m.author)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO circle_mutes (circle_id, user_id, muted_until, reason, muted_by, muted_at, post_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(m.circle)
    .bind(m.author)
    .bind(m.until)
    .bind(m.reason)
    .bind(m.by)
    .bind(now)
    .bind(m.post)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The mutes still running in the circles she moderates, the soonest to end first. The author
/// is named only when the post that led to the mute was signed, or its author revealed to her.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn mutes(db: &Db, user: &SessionUser) -> AppResult<Vec<MuteEntry>> {
    let circles = policy::moderation::require_moderator(db, user).await?;
    if circles.is_empty() {
        return Ok(Vec::new());
    }
    // The ids come from the database, not from the request.
    Ok(sqlx::query_as(&format!(
        "SELECT c.name AS circle_name, p.id AS post_id, p.thread_id, t.title AS thread_title,
                {AUTHOR_UNLESS_ANONYMOUS},
                m.reason, m.muted_at, m.muted_until
         FROM circle_mutes m
         JOIN circles c ON c.id = m.circle_id
         JOIN posts p ON p.id = m.post_id
         JOIN threads t ON t.id = p.thread_id
         JOIN users u ON u.id = m.user_id
         WHERE m.circle_id IN ({}) AND m.muted_until > $2
         ORDER BY m.muted_until, p.id
         LIMIT 200",
        policy::id_list(&circles)
    ))
    .bind(user.user_id)
    .bind(crate::now())
    .fetch_all(db.reader())
    .await?)
}

/// Where a volunteer is assigned to moderate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Circle(i64),
    Group(i64),
}

impl Place {
    /// The place a moderator form names: exactly one of `circle_id` and `group_id`.
    pub fn named(circle_id: Option<i64>, group_id: Option<i64>) -> AppResult<Place> {
        match (circle_id, group_id) {
            (Some(c), None) => Ok(Place::Circle(c)),
            (None, Some(g)) => Ok(Place::Group(g)),
            _ => Err(AppError::field(ErrorKey::Invalid, "circle_id")),
        }
    }

    /// Its column in `moderators`, and its id.
    fn column(self) -> (&'static str, i64) {
        match self {
            Place::Circle(c) => ("circle_id", c),
            Place::Group(g) => ("group_id", g),
        }
    }
}

/// As the audit log names it: `circle 3`, `group 5`.
impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Circle(c) => write!(f, "circle {c}"),
            Place::Group(g) => write!(f, "group {g}"),
        }
    }
}

/// NotFound (on `circle_id` or `group_id`) unless the organizer moderates the circle or
/// manages the group: whom she may give it to, or take it from.
async fn require_keeps(db: &Db, organizer: &SessionUser, place: Place) -> AppResult<()> {
    let (keeps, field) = match place {
        Place::Circle(c) => (
            policy::moderation::moderates(db, organizer, c).await?,
            "circle_id",
        ),
        Place::Group(g) => (
            match policy::groups::group_region(db, g).await? {
                Some(region) => policy::groups::manages(db, organizer, g, region).await?,
                None => false,
            },
            "group_id",
        ),
    };
    if keeps {
        Ok(())
    } else {
        Err(AppError::field(ErrorKey::NotFound, field))
    }
}

/// An organizer assigns a volunteer of her area to moderate a circle or group of her area.
#[tracing::instrument(skip_all, fields(user_id = organizer.user_id, volunteer))]
pub async fn assign(
    db: &Db,
    organizer: &SessionUser,
    volunteer: i64,
    place: Place,
) -> AppResult<()> {
    let area = policy::organizer_region(db, organizer).await?;
    require_keeps(db, organizer, place).await?;
    let (circle, group) = match place {
        Place::Circle(c) => (Some(c), None),
        Place::Group(g) => (None, Some(g)),
    };
    policy::require_volunteer_in(db, volunteer, area).await?;
    let mut tx = db.writer().begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO moderators (user_id, circle_id, group_id, assigned_by, assigned_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(volunteer)
    .bind(circle)
    .bind(group)
    .bind(organizer.user_id)
    .bind(crate::now())
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        // Already assigned: nothing to do.
        Err(e) if crate::db::is_unique_violation(&e) => return Ok(()),
        Err(e) => return Err(e.into()),
    }
    audit::record(
        &mut tx,
        Some(organizer.user_id),
        AuditAction::ModeratorAssigned,
        Some((audit::AuditSubject::User, volunteer)),
        &place.to_string(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An organizer takes a circle or group of her area away from a volunteer she had assigned to
/// moderate it. Unknown assignments are NotFound on `user_id`.
#[tracing::instrument(skip_all, fields(user_id = organizer.user_id, volunteer))]
pub async fn unassign(
    db: &Db,
    organizer: &SessionUser,
    volunteer: i64,
    place: Place,
) -> AppResult<()> {
    policy::organizer_region(db, organizer).await?;
    require_keeps(db, organizer, place).await?;
    let (column, id) = place.column();
    let mut tx = db.writer().begin().await?;
    let removed = sqlx::query(&format!(
        "DELETE FROM moderators WHERE user_id = $1 AND {column} = $2"
    ))
    .bind(volunteer)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if removed.rows_affected() == 0 {
        return Err(AppError::field(ErrorKey::NotFound, "user_id"));
    }
    audit::record(
        &mut tx,
        Some(organizer.user_id),
        AuditAction::ModeratorUnassigned,
        Some((audit::AuditSubject::User, volunteer)),
        &place.to_string(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
