//! The moderation log: every moderation action (a moderator's, or the reports' automatic
//! hiding), who, what, why and when. Below `circles`, `groups` and `moderation`, which all
//! write to it.

use sqlx::AnyConnection;

use crate::db::Db;
use crate::identity::SessionUser;
use crate::policy;
use domain::moderation::{LogEntry, ModAction};
use domain::AppResult;

/// Where an action happened: a circle (and the thread and post acted on), or a group's board.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scene {
    Circle { circle: i64, thread: i64, post: i64 },
    Group(i64),
}

/// Writes one line of the log (inside the caller's transaction). `actor` is `None` for what
/// happens by itself (a post hidden by reports).
pub async fn write(
    conn: &mut AnyConnection,
    scene: Scene,
    actor: Option<i64>,
    action: ModAction,
    reason: &str,
    now: i64,
) -> AppResult<()> {
    let (circle, group, thread, post) = match scene {
        Scene::Circle {
            circle,
            thread,
            post,
        } => (Some(circle), None, Some(thread), Some(post)),
        Scene::Group(group) => (None, Some(group), None, None),
    };
    sqlx::query(
        "INSERT INTO moderation_log (circle_id, group_id, thread_id, post_id, actor_id, action, reason, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(circle)
    .bind(group)
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

/// The log of the circles she moderates, newest first. The last line about a post that is
/// hidden now is `restorable`: she can put it back from there.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn entries(db: &Db, user: &SessionUser) -> AppResult<Vec<LogEntry>> {
    let circles = policy::moderation::require_moderator(db, user).await?;
    if circles.is_empty() {
        return Ok(Vec::new());
    }
    // The ids come from the database, not from the request.
    Ok(sqlx::query_as::<_, LogEntry>(&format!(
        "SELECT l.at, COALESCE(u.display_name, '') AS actor, l.action, l.reason,
                c.name AS circle_name, l.thread_id, t.title AS thread_title, l.post_id,
                CASE WHEN p.status = 'hidden'
                      AND l.id = (SELECT MAX(m.id) FROM moderation_log m WHERE m.post_id = l.post_id)
                     THEN 1 ELSE 0 END AS restorable
         FROM moderation_log l
         JOIN circles c ON c.id = l.circle_id
         LEFT JOIN users u ON u.id = l.actor_id
         LEFT JOIN threads t ON t.id = l.thread_id
         LEFT JOIN posts p ON p.id = l.post_id
         WHERE l.circle_id IN ({})
         ORDER BY l.id DESC
         LIMIT 200",
        policy::id_list(&circles)
    ))
    .fetch_all(db.reader())
    .await?)
}
