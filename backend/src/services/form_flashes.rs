//! What a plain form sends back to its page, kept on the server instead of in the address:
//! the fields she typed when the form was refused, or a code to show once. Stored under the
//! hash of a random token (the browser holds the token in a short-lived cookie), read once,
//! and gone after [`LIFETIME_SECS`] in any case.

use crate::db::Db;
use crate::services::sessions;
use domain::AppResult;

/// How long a flash waits for its page.
pub const LIFETIME_SECS: i64 = 600;

/// Named values, in the order they were kept.
pub type Fields = Vec<(String, String)>;

/// Keeps `fields` and returns the token that reads them back.
#[tracing::instrument(skip_all, fields(count = fields.len()))]
pub async fn store(db: &Db, fields: &Fields) -> AppResult<String> {
    let now = crate::now();
    let (token, hash) = sessions::new_token();
    let data = serde_json::to_string(fields).map_err(|e| crate::failed("encoding a flash", e))?;
    let mut tx = db.writer().begin().await?;
    sqlx::query("DELETE FROM form_flashes WHERE expires_at < $1")
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO form_flashes (token_hash, data, expires_at) VALUES ($1, $2, $3)")
        .bind(&hash)
        .bind(&data)
        .bind(now + LIFETIME_SECS)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(token)
}

/// The fields kept under `token`, removed as they are read; empty when there are none (or
/// they expired).
#[tracing::instrument(skip_all)]
pub async fn take(db: &Db, token: &str) -> AppResult<Fields> {
    let data: Option<(String, i64)> =
        sqlx::query_as("DELETE FROM form_flashes WHERE token_hash = $1 RETURNING data, expires_at")
            .bind(sessions::hash_token(token))
            .fetch_optional(db.writer())
            .await?;
    Ok(match data {
        Some((data, expires_at)) if expires_at >= crate::now() => {
            serde_json::from_str(&data).unwrap_or_default()
        }
        _ => Fields::new(),
    })
}
