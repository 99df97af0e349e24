//! Login sessions. The browser holds a random 256-bit token; the database holds only its
//! SHA-256, so every app node can check it and a leaked backup cannot be used to log in.
//!
//! A phone is often shared, so sessions are short where they carry most: an organizer's or
//! admin's session ends after 30 minutes unused, a member's or volunteer's after 7 days, and
//! every session 30 days after login however much it is used (`SessionLifetimes`, from
//! `TONGXIN_SESSION_*`). Using a session marks it used (a write at most every tenth of its
//! idle limit, and at most once an hour, to spare the writer).

use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use crate::db::Db;
pub use crate::identity::SessionUser;
use domain::AppResult;

pub use crate::config::SessionLifetimes;
use crate::identity::Role;

/// Marking a session used is a write; do it at most this often per session.
const TOUCH_EVERY_SECS: i64 = 3600;
/// A password typed this recently (at login or again) opens the pages that show the most.
pub const RECENT_LOGIN_SECS: i64 = 15 * 60;

impl SessionLifetimes {
    /// How long a session of someone with this role may sit unused.
    pub fn idle_secs(&self, role: Role) -> i64 {
        match role {
            Role::Organizer | Role::Admin => self.staff_idle_secs,
            Role::Member | Role::Volunteer => self.member_idle_secs,
        }
    }
}

/// A fresh random token, URL-safe, and the hash to store.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let hash = hash_token(&token);
    (token, hash)
}

/// `n` random decimal digits, for codes a woman reads or types.
pub fn random_digits(n: usize) -> String {
    use rand::Rng;
    let mut rng = rand::rngs::OsRng;
    (0..n)
        .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
        .collect()
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
    lifetimes: &SessionLifetimes,
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
    .bind(now + lifetimes.absolute_secs)
    .bind(user_agent.map(|ua| ua.chars().take(200).collect::<String>()))
    .execute(conn)
    .await?;
    Ok(token)
}

/// A live session's user, and when the session was last marked used.
#[derive(sqlx::FromRow)]
struct LiveSession {
    #[sqlx(flatten)]
    user: SessionUser,
    created_at: i64,
    last_seen_at: i64,
}

/// The user of a live session, marking it used. A session unused for longer than her role's
/// idle limit, or older than the absolute limit, is ended and answers None.
#[tracing::instrument(skip_all)]
pub async fn lookup(
    db: &Db,
    token: &str,
    lifetimes: &SessionLifetimes,
    now: i64,
) -> AppResult<Option<SessionUser>> {
    if token.len() != 64 {
        return Ok(None);
    }
    let found: Option<LiveSession> = sqlx::query_as(
        "SELECT s.id AS session_id, s.user_id, u.role, u.display_name, u.federation_id,
                u.village_id, COALESCE(s.reauth_at, s.created_at) AS authenticated_at,
                s.created_at, s.last_seen_at
         FROM sessions s
         JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.deleted_at IS NULL",
    )
    .bind(hash_token(token))
    .bind(now)
    .fetch_optional(db.reader())
    .await?;
    let Some(LiveSession {
        user,
        created_at,
        last_seen_at,
    }) = found
    else {
        return Ok(None);
    };
    let idle = lifetimes.idle_secs(user.role);
    if now - last_seen_at >= idle || now - created_at >= lifetimes.absolute_secs {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(user.session_id)
            .execute(db.writer())
            .await?;
        return Ok(None);
    }
    if now - last_seen_at >= TOUCH_EVERY_SECS.min(idle / 10) {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
            .bind(now)
            .bind(user.session_id)
            .execute(db.writer())
            .await?;
    }
    Ok(Some(user))
}

/// True when she typed her password on this session (at login or again) within
/// [`RECENT_LOGIN_SECS`].
pub fn logged_in_recently(user: &SessionUser, now: i64) -> bool {
    now - user.authenticated_at < RECENT_LOGIN_SECS
}

/// Records that she typed her password again on this session (checked by the caller,
/// `auth::confirm_password`).
#[tracing::instrument(skip_all, fields(session_id))]
pub async fn record_reauth(conn: &mut AnyConnection, session_id: i64, now: i64) -> AppResult<()> {
    sqlx::query("UPDATE sessions SET reauth_at = $1 WHERE id = $2")
        .bind(now)
        .bind(session_id)
        .execute(conn)
        .await?;
    Ok(())
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
