//! Her personal calendar feed: a secret address her calendar app subscribes to, listing the
//! activities she signed up for. Only a hash of the token is stored (like sessions); making a
//! new address ends the old one, and she can turn it off.

use crate::db::Db;
use crate::services::audit::{self, AuditAction};
use crate::services::sessions::{hash_token, new_token};
use domain::activity::ActivityDetail;
use domain::AppResult;

/// Makes a new secret address token for her (ending any earlier one) and returns it. It is
/// shown once; only its hash is kept.
#[tracing::instrument(skip_all, fields(user_id = user_id))]
pub async fn create(db: &Db, user_id: i64) -> AppResult<String> {
    let (token, hash) = new_token();
    let mut tx = db.writer().begin().await?;
    sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3)")
        .bind(user_id)
        .bind(&hash)
        .bind(crate::now())
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        Some(user_id),
        AuditAction::CalendarFeedCreated,
        Some((audit::AuditSubject::User, user_id)),
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Ends her calendar address.
#[tracing::instrument(skip_all, fields(user_id = user_id))]
pub async fn revoke(db: &Db, user_id: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1")
        .bind(user_id)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// When her current address was made, if she has one.
#[tracing::instrument(skip_all, fields(user_id = user_id))]
pub async fn created_at(db: &Db, user_id: i64) -> AppResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT created_at FROM calendar_feeds WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(db.reader())
            .await?,
    )
}

/// The activities behind a feed token (the last 30 days and the future); None for an unknown
/// or ended token.
#[tracing::instrument(skip_all)]
pub async fn activities(db: &Db, token: &str, now: i64) -> AppResult<Option<Vec<ActivityDetail>>> {
    let user: Option<i64> = sqlx::query_scalar(
        "SELECT f.user_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id
         WHERE f.token_hash = $1 AND u.deleted_at IS NULL",
    )
    .bind(hash_token(token))
    .fetch_optional(db.reader())
    .await?;
    match user {
        None => Ok(None),
        Some(user_id) => Ok(Some(
            crate::services::activities::signed_up_details(db, user_id, now - 30 * 86_400).await?,
        )),
    }
}
