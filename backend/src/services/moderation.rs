//! Keeping the circles safe: the review queue, the moderators' actions (each written to the
//! moderation log, the author told the outcome), mutes, and assigning volunteers as
//! moderators. Moderators act only in circles assigned to them; organizers in their area.

use sqlx::{AnyConnection, Row};

use crate::db::{Backend, Db};
use crate::identity::Role;
use crate::identity::SessionUser;
use crate::policy;
use crate::services::audit::{self, AuditAction};
use crate::services::circles::{self, notify_thread};
use crate::services::notifications::NotificationKind;
use crate::services::signups::read_bool;
use domain::circle::{parse_reason, LogEntry, QueueItem};
use domain::{AppError, AppResult, ErrorKey};

/// Writes one line of the moderation log (inside the caller's transaction).
#[allow(clippy::too_many_arguments)]
pub async fn log(
    conn: &mut AnyConnection,
    circle: i64,
    thread: Option<i64>,
    post: Option<i64>,
    actor: Option<i64>,
    action: &str,
    reason: &str,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO moderation_log (circle_id, thread_id, post_id, actor_id, action, reason, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(circle)
    .bind(thread)
    .bind(post)
    .bind(actor)
    .bind(action)
    .bind(reason)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The circles `user` moderates (empty for members and admins).
pub async fn moderated_circles(db: &Db, user: &SessionUser) -> AppResult<Vec<i64>> {
    match user.role {
        Role::Organizer => {
            let area = policy::organizer_region(db, user).await?;
            let regions = policy::within(db, area).await?;
            sqlx::query_scalar(&format!(
                "SELECT c.id FROM circles c JOIN federations f ON f.id = c.federation_id
                 WHERE f.region_id IN ({}) ORDER BY c.id",
                policy::id_list(&regions)
            ))
            .fetch_all(db.reader())
            .await
            .map_err(AppError::from)
        }
        Role::Volunteer => sqlx::query_scalar(
            "SELECT circle_id FROM moderators WHERE user_id = $1 AND circle_id IS NOT NULL ORDER BY circle_id",
        )
        .bind(user.user_id)
        .fetch_all(db.reader())
        .await
        .map_err(AppError::from),
        _ => Ok(Vec::new()),
    }
}

/// Forbidden unless she moderates something.
async fn require_moderator(db: &Db, user: &SessionUser) -> AppResult<Vec<i64>> {
    let mine = moderated_circles(db, user).await?;
    if mine.is_empty() && user.role != Role::Organizer {
        return Err(AppError::forbidden());
    }
    Ok(mine)
}

use crate::policy::id_list;

/// Posts waiting for her: held, hidden by reports, or with open reports; oldest first.
pub async fn queue(db: &Db, user: &SessionUser) -> AppResult<Vec<QueueItem>> {
    let circles = require_moderator(db, user).await?;
    if circles.is_empty() {
        return Ok(Vec::new());
    }
    let anon = match db.backend() {
        Backend::Postgres => "p.anonymous",
        Backend::Sqlite => "CAST(p.anonymous AS INTEGER)",
    };
    // The ids come from the database, not from the request.
    let rows = sqlx::query(&format!(
        "SELECT p.id, p.thread_id, t.title, c.name, u.display_name, {anon}, p.body, p.status,
                p.status_reason,
                COALESCE((SELECT MIN(r.created_at) FROM reports r WHERE r.post_id = p.id AND r.resolved_at IS NULL),
                         p.created_at) AS waiting_since
         FROM posts p
         JOIN threads t ON t.id = p.thread_id
         JOIN circles c ON c.id = t.circle_id
         JOIN users u ON u.id = p.author_id
         WHERE t.circle_id IN ({})
           AND (p.status = 'held'
                OR (p.status = 'hidden' AND p.status_reason = 'reports')
                OR (p.status = 'visible' AND EXISTS (SELECT 1 FROM reports r WHERE r.post_id = p.id AND r.resolved_at IS NULL)))
         ORDER BY waiting_since, p.id
         LIMIT 100",
        id_list(&circles)
    ))
    .fetch_all(db.reader())
    .await?;
    let posts: Vec<i64> = rows.iter().map(|r| r.get::<i64, _>(0)).collect();
    // Every open report of the listed posts in one query, not one per post.
    let all_reasons: Vec<(i64, String)> = sqlx::query_as(&format!(
        "SELECT post_id, reason FROM reports WHERE resolved_at IS NULL AND post_id IN ({}) ORDER BY id",
        id_list(&posts)
    ))
    .fetch_all(db.reader())
    .await?;
    let mut items = Vec::new();
    let mut anonymous_seen = Vec::new();
    for r in &rows {
        let post: i64 = r.get(0);
        let reasons: Vec<String> = all_reasons
            .iter()
            .filter(|(p, _)| *p == post)
            .map(|(_, reason)| reason.clone())
            .collect();
        let anonymous = read_bool(r, 5, db.backend())?;
        if anonymous {
            anonymous_seen.push(post);
        }
        items.push(QueueItem {
            post_id: post,
            thread_id: r.get(1),
            thread_title: r.get(2),
            circle_name: r.get(3),
            author_name: r.get(4),
            anonymous,
            body: r.get(6),
            status: r.get(7),
            status_reason: r.get(8),
            reasons,
            waiting_since: r.get(9),
        });
    }
    // Who wrote an anonymous post is known to moderators only, and each look is on record.
    if !anonymous_seen.is_empty() {
        let mut tx = db.writer().begin().await?;
        for post in anonymous_seen {
            audit::record(
                &mut tx,
                Some(user.user_id),
                AuditAction::AnonymousAuthorSeen,
                Some((audit::AuditSubject::Post, post)),
                "review queue",
            )
            .await?;
        }
        tx.commit().await?;
    }
    Ok(items)
}

/// What a moderator can do to a post.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModAction {
    /// The reports were wrong: the post stays (or comes back, if the reports hid it).
    Dismiss,
    Hide,
    Restore,
    Delete,
    LockThread,
    UnlockThread,
    /// Mute the author in this circle for `days`.
    Mute,
}

impl ModAction {
    pub fn parse(s: &str) -> Option<ModAction> {
        Some(match s {
            "dismiss" => ModAction::Dismiss,
            "hide" => ModAction::Hide,
            "restore" => ModAction::Restore,
            "delete" => ModAction::Delete,
            "lock" => ModAction::LockThread,
            "unlock" => ModAction::UnlockThread,
            "mute" => ModAction::Mute,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ModAction::Dismiss => "dismiss",
            ModAction::Hide => "hide",
            ModAction::Restore => "restore",
            ModAction::Delete => "delete",
            ModAction::LockThread => "lock",
            ModAction::UnlockThread => "unlock",
            ModAction::Mute => "mute",
        }
    }
}

/// Acts on a post (or its thread, or its author). Deleting and muting need a reason.
/// Answers the thread id.
pub async fn act(
    db: &Db,
    user: &SessionUser,
    post: i64,
    action: ModAction,
    reason: &str,
    mute_days: i64,
) -> AppResult<i64> {
    // Only volunteers and organizers moderate; refuse others before looking anything up.
    if !matches!(user.role, Role::Organizer | Role::Volunteer) {
        return Err(AppError::forbidden());
    }
    let (thread, author, status, status_reason): (i64, i64, String, Option<String>) =
        sqlx::query_as(
            "SELECT thread_id, author_id, status, status_reason FROM posts WHERE id = $1",
        )
        .bind(post)
        .fetch_optional(db.reader())
        .await?
        .ok_or_else(AppError::not_found)?;
    let circle = circles::circle_of_thread(db, thread).await?;
    if !circles::moderates(db, user, circle).await? {
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
    let set_status = |to: &'static str, why: Option<&'static str>| {
        sqlx::query("UPDATE posts SET status = $1, status_reason = $2 WHERE id = $3")
            .bind(to)
            .bind(why)
            .bind(post)
    };
    // (the author's notification, if she is told anything)
    let told: Option<NotificationKind> = match action {
        ModAction::Dismiss => {
            if status == "hidden" && status_reason.as_deref() == Some("reports") {
                set_status("visible", None).execute(&mut *tx).await?;
                Some(NotificationKind::PostRestored)
            } else {
                None
            }
        }
        ModAction::Hide => {
            set_status("hidden", Some("moderator"))
                .execute(&mut *tx)
                .await?;
            Some(NotificationKind::PostHidden)
        }
        ModAction::Restore => {
            set_status("visible", None).execute(&mut *tx).await?;
            (status != "visible").then_some(NotificationKind::PostRestored)
        }
        ModAction::Delete => {
            set_status("deleted", Some("moderator"))
                .execute(&mut *tx)
                .await?;
            Some(NotificationKind::PostDeleted)
        }
        ModAction::LockThread | ModAction::UnlockThread => {
            sqlx::query("UPDATE threads SET locked = $1 WHERE id = $2")
                .bind(action == ModAction::LockThread)
                .bind(thread)
                .execute(&mut *tx)
                .await?;
            None
        }
        ModAction::Mute => {
            let until = now + mute_days * 86_400;
            sqlx::query("DELETE FROM circle_mutes WHERE circle_id = $1 AND user_id = $2")
                .bind(circle)
                .bind(author)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO circle_mutes (circle_id, user_id, muted_until) VALUES ($1, $2, $3)",
            )
            .bind(circle)
            .bind(author)
            .bind(until)
            .execute(&mut *tx)
            .await?;
            Some(NotificationKind::Muted)
        }
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
    let logged_reason = if action == ModAction::Mute {
        format!("{mute_days}d: {reason}")
    } else {
        reason
    };
    log(
        &mut tx,
        circle,
        Some(thread),
        Some(post),
        Some(user.user_id),
        action.as_str(),
        &logged_reason,
        now,
    )
    .await?;
    if let Some(kind) = told {
        notify_thread(&mut tx, author, kind, thread, now).await?;
    }
    tx.commit().await?;
    Ok(thread)
}

/// The moderation log of the circles she moderates, newest first.
pub async fn log_entries(db: &Db, user: &SessionUser) -> AppResult<Vec<LogEntry>> {
    let circles = require_moderator(db, user).await?;
    if circles.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(&format!(
        "SELECT l.at, COALESCE(u.display_name, '') AS actor, l.action, l.reason, c.name,
                l.thread_id, l.post_id
         FROM moderation_log l
         JOIN circles c ON c.id = l.circle_id
         LEFT JOIN users u ON u.id = l.actor_id
         WHERE l.circle_id IN ({})
         ORDER BY l.id DESC
         LIMIT 200",
        id_list(&circles)
    ))
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .iter()
        .map(|r| LogEntry {
            at: r.get(0),
            actor: r.get(1),
            action: r.get(2),
            reason: r.get(3),
            circle_name: r.get(4),
            thread_id: r.get(5),
            post_id: r.get(6),
        })
        .collect())
}

/// Where a volunteer is assigned to moderate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Circle(i64),
    Group(i64),
}

/// An organizer assigns a volunteer of her area to moderate a circle or group of her area.
pub async fn assign(
    db: &Db,
    organizer: &SessionUser,
    volunteer: i64,
    place: Place,
) -> AppResult<()> {
    let area = policy::organizer_region(db, organizer).await?;
    let (circle, group) = match place {
        Place::Circle(c) => {
            if !circles::moderates(db, organizer, c).await? {
                return Err(AppError::field(ErrorKey::NotFound, "circle_id"));
            }
            (Some(c), None)
        }
        Place::Group(g) => {
            let region: Option<i64> =
                sqlx::query_scalar("SELECT region_id FROM aid_groups WHERE id = $1")
                    .bind(g)
                    .fetch_optional(db.reader())
                    .await?;
            match region {
                Some(r) if policy::region_within(db, r, area).await? => {}
                _ => return Err(AppError::field(ErrorKey::NotFound, "group_id")),
            }
            (None, Some(g))
        }
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
        Err(e) => return Err(AppError::from(e)),
    }
    audit::record(
        &mut tx,
        Some(organizer.user_id),
        AuditAction::ModeratorAssigned,
        Some((audit::AuditSubject::User, volunteer)),
        &match place {
            Place::Circle(c) => format!("circle {c}"),
            Place::Group(g) => format!("group {g}"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
