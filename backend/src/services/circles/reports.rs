//! Reports: a post reported by enough different members is hidden until a moderator looks at
//! it (the review queue is in `moderation`).

use super::post_place;
use crate::db::Db;
use crate::identity::SessionUser;
use crate::services::moderation_log::{self, Scene};
use domain::circle::{parse_reason, PostStatus, StatusReason};
use domain::moderation::ModAction;
use domain::{AppError, AppResult, ErrorKey};

/// Reports a post. Once `threshold` different members have reported it (and no moderator
/// has dealt with those reports), it is hidden until reviewed. Reporting twice counts once.
/// Answers the thread, for going back to it.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, post))]
pub async fn report(
    db: &Db,
    user: &SessionUser,
    post: i64,
    reason: &str,
    threshold: i64,
) -> AppResult<i64> {
    let place = post_place(db, user, post).await?;
    let reason = parse_reason(reason)?;
    if place.author == user.user_id {
        return Err(AppError::field(ErrorKey::Invalid, "post_id"));
    }
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO reports (post_id, reporter_id, reason, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(post)
    .bind(user.user_id)
    .bind(&reason)
    .bind(now)
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if crate::db::is_unique_violation(&e) => return Ok(place.thread),
        Err(e) => return Err(e.into()),
    }
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT reporter_id) FROM reports WHERE post_id = $1 AND resolved_at IS NULL",
    )
    .bind(post)
    .fetch_one(&mut *tx)
    .await?;
    if open >= threshold.max(1) {
        let hidden = sqlx::query(
            "UPDATE posts SET status = $1, status_reason = $2 WHERE id = $3 AND status = $4",
        )
        .bind(PostStatus::Hidden)
        .bind(StatusReason::Reports)
        .bind(post)
        .bind(PostStatus::Visible)
        .execute(&mut *tx)
        .await?;
        if hidden.rows_affected() == 1 {
            let scene = Scene::Circle {
                circle: place.circle,
                thread: place.thread,
                post,
            };
            let why = format!("{open} reports");
            moderation_log::write(&mut tx, scene, None, ModAction::AutoHidden, &why, now).await?;
        }
    }
    tx.commit().await?;
    Ok(place.thread)
}
