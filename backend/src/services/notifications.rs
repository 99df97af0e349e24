//! The notification centre: short in-app messages about her sign-ups and activities. Written
//! inside the transaction of the change they tell about, with the text message that goes with
//! those she must not miss (`domain::sms::for_notification`).

use sqlx::AnyConnection;

use crate::db::Db;
use crate::services::outbox::{self, Recipients};
use domain::AppResult;

pub use domain::notification::{Notification, NotificationKind};

/// Tells her about an activity.
#[tracing::instrument(skip_all, fields(user_id = user_id, activity_id = activity_id, kind = kind.as_str()))]
pub async fn notify(
    conn: &mut AnyConnection,
    user_id: i64,
    kind: NotificationKind,
    activity_id: i64,
    now: i64,
) -> AppResult<()> {
    notify_with(conn, user_id, kind, activity_id, None, now).await
}

/// Tells her something about an activity, with a `detail` the notice shows (why she was taken
/// off its roster).
pub async fn notify_with(
    conn: &mut AnyConnection,
    user_id: i64,
    kind: NotificationKind,
    activity_id: i64,
    detail: Option<&str>,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, activity_id, detail, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(kind)
    .bind(activity_id)
    .bind(detail)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if let Some(template) = domain::sms::for_notification(kind) {
        outbox::text_about_activity(conn, activity_id, template, Recipients::One(user_id), now)
            .await?;
    }
    Ok(())
}

/// Tells everyone holding or waiting for a place in the activity.
#[tracing::instrument(skip_all, fields(activity_id = activity_id, kind = kind.as_str()))]
pub async fn notify_signed_up(
    conn: &mut AnyConnection,
    activity_id: i64,
    kind: NotificationKind,
    now: i64,
) -> AppResult<u64> {
    let done = sqlx::query(
        "INSERT INTO notifications (user_id, kind, activity_id, created_at)
         SELECT user_id, $1, activity_id, $2 FROM signups
         WHERE activity_id = $3 AND status IN ('confirmed', 'waitlisted', 'pending')",
    )
    .bind(kind)
    .bind(now)
    .bind(activity_id)
    .execute(&mut *conn)
    .await?;
    if let Some(template) = domain::sms::for_notification(kind) {
        outbox::text_about_activity(conn, activity_id, template, Recipients::SignedUp, now).await?;
    }
    Ok(done.rows_affected())
}

/// Tells the organizers of the activity's own federation (who approve its sign-ups).
#[tracing::instrument(skip_all, fields(activity_id = activity_id, kind = kind.as_str()))]
pub async fn notify_organizers(
    conn: &mut AnyConnection,
    activity_id: i64,
    kind: NotificationKind,
    now: i64,
) -> AppResult<u64> {
    let done = sqlx::query(
        "INSERT INTO notifications (user_id, kind, activity_id, created_at)
         SELECT u.id, $1, a.id, $2 FROM activities a
         JOIN users u ON u.federation_id = a.federation_id
         WHERE a.id = $3 AND u.role = 'organizer' AND u.deleted_at IS NULL",
    )
    .bind(kind)
    .bind(now)
    .bind(activity_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Tells the organizers of the circle's own federation about one of its threads.
#[tracing::instrument(skip_all, fields(circle, thread, kind = kind.as_str()))]
pub async fn notify_circle_organizers(
    conn: &mut AnyConnection,
    circle: i64,
    thread: i64,
    kind: NotificationKind,
    now: i64,
) -> AppResult<u64> {
    let done = sqlx::query(
        "INSERT INTO notifications (user_id, kind, thread_id, created_at)
         SELECT u.id, $1, $2, $3 FROM circles c
         JOIN users u ON u.federation_id = c.federation_id
         WHERE c.id = $4 AND u.role = 'organizer' AND u.deleted_at IS NULL",
    )
    .bind(kind)
    .bind(thread)
    .bind(now)
    .bind(circle)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Her newest notifications. A thread's title is left out where the thread is hidden by its
/// opening post (held, hidden or deleted) and she did not start it.
#[tracing::instrument(skip_all, fields(user_id = user_id))]
pub async fn list(db: &Db, user_id: i64, limit: i64) -> AppResult<Vec<Notification>> {
    Ok(sqlx::query_as(
        "SELECT n.id, n.kind, n.activity_id, a.title AS activity_title, n.thread_id,
                CASE WHEN o.status = 'visible' OR t.author_id = n.user_id
                     THEN NULLIF(t.title, '') END AS thread_title,
                n.group_id, g.name AS group_name, n.created_at,
                (n.read_at IS NULL) AS unread,
                a.starts_at AS activity_starts_at, a.venue AS activity_venue,
                EXISTS (SELECT 1 FROM signups s
                        WHERE s.activity_id = n.activity_id AND s.user_id = n.user_id
                          AND s.status IN ('confirmed', 'waitlisted', 'pending')) AS still_signed_up,
                n.detail, n.help_request_id, h.kind AS help_kind
         FROM notifications n
         LEFT JOIN activities a ON a.id = n.activity_id
         LEFT JOIN threads t ON t.id = n.thread_id
         LEFT JOIN posts o ON o.id = (SELECT MIN(f.id) FROM posts f WHERE f.thread_id = t.id)
         LEFT JOIN aid_groups g ON g.id = n.group_id
         LEFT JOIN help_requests h ON h.id = n.help_request_id
         WHERE n.user_id = $1
         ORDER BY n.id DESC
         LIMIT $2",
    )
    .bind(user_id)
    .bind(limit.clamp(1, 200))
    .fetch_all(db.reader())
    .await?)
}

#[tracing::instrument(skip_all, fields(user_id = user_id))]
pub async fn unread_count(db: &Db, user_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(db.reader())
    .await?)
}

/// Marks everything up to `up_to_id` (what she has seen) as read.
#[tracing::instrument(skip_all, fields(user_id = user_id))]
pub async fn mark_read(db: &Db, user_id: i64, up_to_id: i64, now: i64) -> AppResult<()> {
    sqlx::query(
        "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND id <= $3 AND read_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(up_to_id)
    .execute(db.writer())
    .await?;
    Ok(())
}
