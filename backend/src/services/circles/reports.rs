//! Reports: a post reported by enough different members is hidden until a moderator looks at
//! it (the review queue is in `moderation`). Fresh accounts cannot drive that: reports from
//! accounts younger than [`NEW_ACCOUNT_SECS`] count as one together, and reports from one
//! address count as one. A report that someone may be in danger reaches the circle's
//! organizers at once.

use super::post_place;
use crate::db::Db;
use crate::identity::SessionUser;
use crate::services::moderation_log::{self, Scene};
use crate::services::notifications::{notify_circle_organizers, NotificationKind};
use domain::circle::{PostStatus, ReportReason, StatusReason};
use domain::moderation::ModAction;
use domain::{AppError, AppResult, ErrorKey};

/// An account younger than this (a week) counts, with all other young ones, as one reporter.
pub const NEW_ACCOUNT_SECS: i64 = 7 * 86_400;

/// Reports a post from the request's `address`. Once `threshold` independent reporters have
/// reported it (and no moderator has dealt with those reports), it is hidden until reviewed.
/// Reporting twice counts once; young accounts count as one, and so does one address. The
/// first open report of [`ReportReason::Danger`] tells the circle's organizers. Answers the
/// thread, for going back to it.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, post))]
pub async fn report(
    db: &Db,
    user: &SessionUser,
    post: i64,
    reason: &str,
    address: &str,
    threshold: i64,
) -> AppResult<i64> {
    let place = post_place(db, user, post).await?;
    let reason = ReportReason::from_form(reason)?;
    if place.author == user.user_id {
        return Err(AppError::field(ErrorKey::Invalid, "post_id"));
    }
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    let joined: i64 = sqlx::query_scalar("SELECT created_at FROM users WHERE id = $1")
        .bind(user.user_id)
        .fetch_one(&mut *tx)
        .await?;
    let new_account = now - joined < NEW_ACCOUNT_SECS;
    // Only a hash of the address is kept: enough to tell two addresses apart.
    let address_hash = crate::services::sessions::hash_token(address);
    let inserted = sqlx::query(
        "INSERT INTO reports (post_id, reporter_id, reason, created_at, address_hash, new_account)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(post)
    .bind(user.user_id)
    .bind(reason)
    .bind(now)
    .bind(&address_hash)
    .bind(new_account)
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if crate::db::is_unique_violation(&e) => return Ok(place.thread),
        Err(e) => return Err(e.into()),
    }
    if reason == ReportReason::Danger {
        let open_danger: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM reports WHERE post_id = $1 AND reason = $2 AND resolved_at IS NULL",
        )
        .bind(post)
        .bind(ReportReason::Danger)
        .fetch_one(&mut *tx)
        .await?;
        if open_danger == 1 {
            let kind = NotificationKind::DangerReported;
            notify_circle_organizers(&mut tx, place.circle, place.thread, kind, now).await?;
        }
    }
    // Independent reporters: all young accounts together are one, each address is one.
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT CASE WHEN new_account THEN 'new'
                                    ELSE COALESCE(address_hash, CAST(reporter_id AS TEXT)) END)
         FROM reports WHERE post_id = $1 AND resolved_at IS NULL",
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
            let why = format!("{open} independent reports");
            moderation_log::write(&mut tx, scene, None, ModAction::AutoHidden, &why, now).await?;
        }
    }
    tx.commit().await?;
    Ok(place.thread)
}
