//! Abuse limits: failed logins per number and per address, registrations per address.
//! Counted in the database over a sliding window, so they hold across app nodes.

use sqlx::AnyConnection;

use crate::db::Db;
use domain::{AppError, AppResult, ErrorKey};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    LoginFailed,
    Register,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::LoginFailed => "login_failed",
            Kind::Register => "register",
        }
    }
}

/// A limit: at most `max` attempts of `kind` by `subject` within `window_secs`.
pub struct Limit<'a> {
    pub kind: Kind,
    pub subject: &'a str,
    pub max: i64,
    pub window_secs: i64,
}

pub const LOGIN_PER_PHONE: (i64, i64) = (5, 15 * 60);
pub const LOGIN_PER_ADDRESS: (i64, i64) = (30, 15 * 60);
pub const REGISTER_PER_ADDRESS: (i64, i64) = (10, 60 * 60);

/// Refuses with `RateLimited` (and when to retry) if any limit is reached.
pub async fn check(db: &Db, limits: &[Limit<'_>], now: i64) -> AppResult<()> {
    for limit in limits {
        let since = now - limit.window_secs;
        let (count, oldest): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(at) FROM attempts WHERE kind = $1 AND subject = $2 AND at > $3",
        )
        .bind(limit.kind.as_str())
        .bind(limit.subject)
        .bind(since)
        .fetch_one(db.reader())
        .await?;
        if count >= limit.max {
            let retry = oldest
                .map(|t| t + limit.window_secs - now)
                .unwrap_or(limit.window_secs)
                .max(1);
            return Err(AppError {
                key: ErrorKey::RateLimited,
                field: None,
                retry_after_secs: Some(retry as u64),
            });
        }
    }
    Ok(())
}

/// Counts one attempt against each subject, and forgets attempts older than a day.
pub async fn record(
    conn: &mut AnyConnection,
    kind: Kind,
    subjects: &[&str],
    now: i64,
) -> AppResult<()> {
    for subject in subjects {
        sqlx::query("INSERT INTO attempts (kind, subject, at) VALUES ($1, $2, $3)")
            .bind(kind.as_str())
            .bind(*subject)
            .bind(now)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM attempts WHERE at < $1")
        .bind(now - 86_400)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Forgets failed logins for a number after a successful login.
pub async fn clear(conn: &mut AnyConnection, kind: Kind, subject: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM attempts WHERE kind = $1 AND subject = $2")
        .bind(kind.as_str())
        .bind(subject)
        .execute(conn)
        .await?;
    Ok(())
}
