//! Keeping the circles safe: the review queue, the moderators' actions (each written to the
//! moderation log, the author told the outcome), mutes, and assigning volunteers as
//! moderators. Who moderates what is decided in `policy::moderation`; the log is
//! `moderation_log`.

use sqlx::AnyConnection;

use crate::db::Db;
use crate::identity::SessionUser;
use crate::policy;
use crate::services::audit::{self, AuditAction};
use crate::services::circles::notify_thread;
use crate::services::moderation_log::{self, Scene};
use domain::circle::{parse_reason, PostStatus, StatusReason};
use domain::moderation::{ModAction, QueueItem};
use domain::notification::NotificationKind;
use domain::{AppError, AppResult, ErrorKey};

/// Posts waiting for her: held, hidden by reports, or with open reports; oldest first.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn queue(db: &Db, user: &SessionUser) -> AppResult<Vec<QueueItem>> {
    let circles = policy::moderation::require_moderator(db, user).await?;
    if circles.is_empty() {
        return Ok(Vec::new());
    }
    // The ids come from the database, not from the request.
    let mut items: Vec<QueueItem> = sqlx::query_as(&format!(
        "SELECT p.id AS post_id, p.thread_id, t.title AS thread_title, c.name AS circle_name,
                u.display_name AS author_name, p.anonymous, p.body, p.status, p.status_reason,
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
        policy::id_list(&circles)
    ))
    .fetch_all(db.reader())
    .await?;
    let posts: Vec<i64> = items.iter().map(|i| i.post_id).collect();
    // Every open report of the listed posts in one query, not one per post.
    let reasons: Vec<(i64, String)> = sqlx::query_as(&format!(
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
    // Who wrote an anonymous post is known to moderators only, and each look is on record.
    let anonymous: Vec<i64> = items
        .iter()
        .filter(|i| i.anonymous)
        .map(|i| i.post_id)
        .collect();
    if !anonymous.is_empty() {
        let mut tx = db.writer().begin().await?;
        for post in anonymous {
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
            mute(&mut tx, circle, author, now + mute_days * 86_400).await?;
            Some(NotificationKind::Muted)
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
    let logged_reason = if action == ModAction::Mute {
        format!("{mute_days}d: {reason}")
    } else {
        reason
    };
    let scene = Scene::Circle {
        circle,
        thread,
        post,
    };
    let actor = Some(user.user_id);
    moderation_log::write(&mut tx, scene, actor, action, &logged_reason, now).await?;
    if let Some(kind) = told {
        notify_thread(&mut tx, author, kind, thread, now).await?;
    }
    tx.commit().await?;
    Ok(thread)
}

/// Mutes `user` in the circle until `until` (a new mute replaces the old one).
async fn mute(conn: &mut AnyConnection, circle: i64, user: i64, until: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM circle_mutes WHERE circle_id = $1 AND user_id = $2")
        .bind(circle)
        .bind(user)
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO circle_mutes (circle_id, user_id, muted_until) VALUES ($1, $2, $3)")
        .bind(circle)
        .bind(user)
        .bind(until)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Where a volunteer is assigned to moderate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Circle(i64),
    Group(i64),
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
    let (circle, group) = match place {
        Place::Circle(c) => {
            if !policy::moderation::moderates(db, organizer, c).await? {
                return Err(AppError::field(ErrorKey::NotFound, "circle_id"));
            }
            (Some(c), None)
        }
        Place::Group(g) => {
            let manages = match policy::groups::group_region(db, g).await? {
                Some(region) => policy::groups::manages(db, organizer, g, region).await?,
                None => false,
            };
            if !manages {
                return Err(AppError::field(ErrorKey::NotFound, "group_id"));
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
        Err(e) => return Err(e.into()),
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
