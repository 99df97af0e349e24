//! Abuse limits: failed logins per number and per address, registrations per address.
//! Counted in the database over a sliding window, so they hold across app nodes.

use sqlx::AnyConnection;

use crate::db::Db;
pub use domain::account::AttemptKind;
use domain::{AppError, AppResult, ErrorKey};

/// At most `max` attempts of `kind` by one subject within `window_secs`.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub kind: AttemptKind,
    pub max: i64,
    pub window_secs: i64,
}

pub const LOGIN_PER_PHONE: Rule = Rule {
    kind: AttemptKind::LoginFailed,
    max: 5,
    window_secs: 15 * 60,
};
pub const LOGIN_PER_ADDRESS: Rule = Rule {
    kind: AttemptKind::LoginFailed,
    max: 30,
    window_secs: 15 * 60,
};
pub const REGISTER_PER_ADDRESS: Rule = Rule {
    kind: AttemptKind::Register,
    max: 10,
    window_secs: 60 * 60,
};

/// A password asked again of a logged-in woman (to change it, to delete her account): wrong
/// ones are counted per account like failed logins per number, so these forms cannot be used
/// to guess it faster than the login form.
pub const PASSWORD_AGAIN: Rule = LOGIN_PER_PHONE;

/// The subject her account's wrong passwords are counted under.
pub fn account_subject(user_id: i64) -> String {
    format!("user:{user_id}")
}

/// Checks `password` against her stored hash, within the limit of [`PASSWORD_AGAIN`] (when
/// `limits`, i.e. unless abuse limits are off): over it, `RateLimited`; a wrong one is counted
/// and answers `Ok(false)`; a right one forgets the wrong ones.
pub async fn password_again(
    db: &Db,
    user_id: i64,
    password: String,
    stored: Option<String>,
    limits: bool,
) -> AppResult<bool> {
    let now = crate::now();
    let subject = account_subject(user_id);
    if limits {
        check(db, &[PASSWORD_AGAIN.on(&subject)], now).await?;
    }
    let right = crate::password::verify(password, stored).await?;
    let mut tx = db.writer().begin().await?;
    if right {
        clear(&mut tx, AttemptKind::LoginFailed, &subject).await?;
    } else {
        record(&mut tx, AttemptKind::LoginFailed, &[&subject], now).await?;
    }
    tx.commit().await?;
    Ok(right)
}

impl Rule {
    /// This rule, applied to one subject (`ip:…`, `phone:…`).
    pub fn on(self, subject: &str) -> Limit<'_> {
        Limit {
            rule: self,
            subject,
        }
    }
}

/// A rule applied to one subject.
pub struct Limit<'a> {
    pub rule: Rule,
    pub subject: &'a str,
}

/// Refuses with `RateLimited` (and when to retry) if any limit is reached.
#[tracing::instrument(skip_all)]
pub async fn check(db: &Db, limits: &[Limit<'_>], now: i64) -> AppResult<()> {
    for &Limit { rule, subject } in limits {
        let since = now - rule.window_secs;
        let (count, oldest): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(at) FROM attempts WHERE kind = $1 AND subject = $2 AND at > $3",
        )
        .bind(rule.kind)
        .bind(subject)
        .bind(since)
        .fetch_one(db.reader())
        .await?;
        if count >= rule.max {
            let retry = oldest
                .map(|t| t + rule.window_secs - now)
                .unwrap_or(rule.window_secs)
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
#[tracing::instrument(skip_all, fields(?kind))]
pub async fn record(
    conn: &mut AnyConnection,
    kind: AttemptKind,
    subjects: &[&str],
    now: i64,
) -> AppResult<()> {
    for subject in subjects {
        sqlx::query("INSERT INTO attempts (kind, subject, at) VALUES ($1, $2, $3)")
            .bind(kind)
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
#[tracing::instrument(skip_all, fields(?kind))]
pub async fn clear(conn: &mut AnyConnection, kind: AttemptKind, subject: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM attempts WHERE kind = $1 AND subject = $2")
        .bind(kind)
        .bind(subject)
        .execute(conn)
        .await?;
    Ok(())
}
