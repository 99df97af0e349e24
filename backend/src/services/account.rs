//! Her own data: profile, export, and deleting the account.

use serde_json::json;
use sqlx::Row;

use crate::db::Db;
use crate::services::audit::{self, AuditAction};
use crate::services::sessions;
use domain::{AppError, AppResult, ErrorKey, Lang};

pub use domain::account::Profile;

pub async fn profile(db: &Db, user_id: i64) -> AppResult<Profile> {
    let row = sqlx::query(
        "SELECT u.id, u.phone, u.display_name, u.role, u.village_id, v.name, u.birth_year, u.lang
         FROM users u LEFT JOIN regions v ON v.id = u.village_id
         WHERE u.id = $1 AND u.deleted_at IS NULL",
    )
    .bind(user_id)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(AppError::unauthenticated)?;
    Ok(Profile {
        user_id: row.get(0),
        phone: row.get::<Option<String>, _>(1).unwrap_or_default(),
        display_name: row.get(2),
        role: row.get(3),
        village_id: row.get(4),
        village_name: row.get(5),
        birth_year: row.get(6),
        lang: row.get(7),
    })
}

/// Updates name, village, birth year and language, each already checked by the caller's
/// parse step (see `ProfileUpdate::parse`).
pub struct ProfileUpdate {
    pub display_name: String,
    pub village_id: i64,
    pub birth_year: Option<i64>,
    pub lang: Lang,
}

impl ProfileUpdate {
    pub fn parse(
        display_name: &str,
        village_id: Option<&str>,
        birth_year: Option<&str>,
        lang: Option<&str>,
        this_year: i64,
    ) -> AppResult<ProfileUpdate> {
        let name = domain::account::parse_display_name(display_name)?;
        let village_id = village_id
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| AppError::field(ErrorKey::RegionInvalid, "village_id"))?;
        let birth_year = domain::account::parse_birth_year(birth_year, this_year)?;
        let lang = lang.and_then(Lang::parse).unwrap_or_default();
        Ok(ProfileUpdate {
            display_name: name,
            village_id,
            birth_year,
            lang,
        })
    }
}

pub async fn update_profile(db: &Db, user_id: i64, update: ProfileUpdate) -> AppResult<()> {
    let mut tx = db.writer().begin().await?;
    let village: Option<i64> =
        sqlx::query_scalar("SELECT id FROM regions WHERE id = $1 AND level = 'village'")
            .bind(update.village_id)
            .fetch_optional(&mut *tx)
            .await?;
    if village.is_none() {
        return Err(AppError::field(ErrorKey::RegionInvalid, "village_id"));
    }
    sqlx::query("UPDATE users SET display_name = $1, village_id = $2, birth_year = $3, lang = $4 WHERE id = $5 AND deleted_at IS NULL")
        .bind(&update.display_name)
        .bind(update.village_id)
        .bind(update.birth_year)
        .bind(update.lang.tag())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Everything Tongxin holds about her, as JSON. The export itself is audited.
pub async fn export(db: &Db, user_id: i64) -> AppResult<serde_json::Value> {
    let profile = profile(db, user_id).await?;
    let consent: (Option<String>, Option<i64>, i64) =
        sqlx::query_as("SELECT consent_version, consented_at, created_at FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(db.reader())
            .await?;
    let sessions: Vec<(i64, i64, Option<String>)> =
        sqlx::query_as("SELECT created_at, last_seen_at, user_agent FROM sessions WHERE user_id = $1 ORDER BY created_at")
            .bind(user_id)
            .fetch_all(db.reader())
            .await?;
    // activity, title, status, companions, helper, checked in, created.
    type SignupRow = (i64, String, String, i64, Option<i64>, Option<i64>, i64);
    let signups: Vec<SignupRow> = sqlx::query_as(
        "SELECT s.activity_id, a.title, s.status, s.companions, s.signed_up_by, s.checked_in_at, s.created_at
         FROM signups s JOIN activities a ON a.id = s.activity_id
         WHERE s.user_id = $1 ORDER BY s.id",
    )
    .bind(user_id)
    .fetch_all(db.reader())
    .await?;
    let notifications: Vec<(String, Option<i64>, i64, Option<i64>)> = sqlx::query_as(
        "SELECT kind, activity_id, created_at, read_at FROM notifications WHERE user_id = $1 ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(db.reader())
    .await?;
    let mut tx = db.writer().begin().await?;
    audit::record(
        &mut tx,
        Some(user_id),
        AuditAction::DataExported,
        Some(("user", user_id)),
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(json!({
        "exported_at": crate::now(),
        "profile": profile,
        "account": { "created_at": consent.2, "privacy_notice_version": consent.0, "consented_at": consent.1 },
        "sessions": sessions.iter().map(|(c, l, ua)| json!({ "created_at": c, "last_seen_at": l, "user_agent": ua })).collect::<Vec<_>>(),
        "signups": signups.iter().map(|(a, title, status, companions, by, checked_in, at)| json!({
            "activity_id": a, "activity_title": title, "status": status, "companions": companions,
            "signed_up_on_her_behalf": by.is_some(), "checked_in_at": checked_in, "created_at": at,
        })).collect::<Vec<_>>(),
        "notifications": notifications.iter().map(|(kind, a, at, read)| json!({
            "kind": kind, "activity_id": a, "created_at": at, "read_at": read,
        })).collect::<Vec<_>>(),
    }))
}

/// Deletes the account after checking her password: sign-ups to activities that have not
/// started released (the waitlists move up), personal fields erased, sessions ended; posts
/// (later) kept but shown as from a deleted user. One transaction.
pub async fn delete(db: &Db, user_id: i64, password: String) -> AppResult<()> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1 AND deleted_at IS NULL")
            .bind(user_id)
            .fetch_optional(db.reader())
            .await?
            .flatten();
    if !crate::password::verify(password, stored).await? {
        return Err(AppError::field(ErrorKey::WrongCredentials, "password"));
    }
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    crate::services::signups::release_future(&mut tx, db.backend(), user_id, now).await?;
    sqlx::query(
        "UPDATE users SET phone = NULL, password_hash = NULL, display_name = '', village_id = NULL,
                          birth_year = NULL, federation_id = NULL, role = 'member', deleted_at = $1
         WHERE id = $2",
    )
    .bind(now)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    sessions::end_all(&mut tx, user_id, None).await?;
    for table in ["user_devices", "calendar_feeds"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1"))
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    audit::record(
        &mut tx,
        Some(user_id),
        AuditAction::AccountDeleted,
        Some(("user", user_id)),
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
