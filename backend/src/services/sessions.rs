//! Login sessions. The browser holds a random 256-bit token; the database holds only its
//! SHA-256, so every app node can check it and a leaked backup cannot be used to log in.
//! Sessions slide: using one extends it (at most once an hour, to spare the writer).

use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use crate::db::Db;
pub use crate::identity::SessionUser;
use domain::AppResult;

/// A session lasts this long after its last use.
pub const LIFETIME_SECS: i64 = 30 * 86_400;
/// Extending a session is a write; do it at most this often per session.
const TOUCH_EVERY_SECS: i64 = 3600;

/// A fresh random token, URL-safe, and the hash to store.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let hash = hash_token(&token);
    (token, hash)
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Starts a session and returns its token.
#[tracing::instrument(skip_all, fields(user_id))]
pub async fn create(
    conn: &mut AnyConnection,
    user_id: i64,
    user_agent: Option<&str>,
    now: i64,
) -> AppResult<String> {
    let (token, hash) = new_token();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, user_agent)
         VALUES ($1, $2, $3, $3, $4, $5)",
    )
    .bind(hash)
    .bind(user_id)
    .bind(now)
    .bind(now + LIFETIME_SECS)
    .bind(user_agent.map(|ua| ua.chars().take(200).collect::<String>()))
    .execute(conn)
    .await?;
    Ok(token)
}

/// A live session's user, and when the session was last extended.
#[derive(sqlx::FromRow)]
struct LiveSession {
    #[sqlx(flatten)]
    user: SessionUser,
    last_seen_at: i64,
}

/// The user of a live session, extending it if it was last extended over an hour ago.
#[tracing::instrument(skip_all)]
pub async fn lookup(db: &Db, token: &str, now: i64) -> AppResult<Option<SessionUser>> {
    if token.len() != 64 {
        return Ok(None);
    }
    let found: Option<LiveSession> = sqlx::query_as(
        "SELECT s.id AS session_id, s.user_id, u.role, u.display_name, u.federation_id,
                u.village_id, s.last_seen_at
         FROM sessions s
         JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.deleted_at IS NULL",
    )
    .bind(hash_token(token))
    .bind(now)
    .fetch_optional(db.reader())
    .await?;
    let Some(LiveSession { user, last_seen_at }) = found else {
        return Ok(None);
    };
    if now - last_seen_at > TOUCH_EVERY_SECS {
        sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3")
            .bind(now)
            .bind(now + LIFETIME_SECS)
            .bind(user.session_id)
            .execute(db.writer())
            .await?;
    }
    Ok(Some(user))
}

/// Ends one session (logout).
#[tracing::instrument(skip_all)]
pub async fn end(conn: &mut AnyConnection, token: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(hash_token(token))
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every session of a user except `keep` (log out everywhere; after a password change).
#[tracing::instrument(skip_all, fields(user_id, keep))]
pub async fn end_all(conn: &mut AnyConnection, user_id: i64, keep: Option<i64>) -> AppResult<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND ($2 IS NULL OR id <> $2)")
        .bind(user_id)
        .bind(keep)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
