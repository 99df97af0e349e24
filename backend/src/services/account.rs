//! Her own data: profile, export, and deleting the account.

use serde::Serialize;
use serde_json::json;

use crate::db::Db;
use crate::identity::Role;
use crate::services::audit::{self, AuditAction};
use crate::services::{regions, sessions};
use domain::form::optional_number;
use domain::notification::NotificationKind;
use domain::sql::Flag;
use domain::{AppError, AppResult, ErrorKey, Lang};

pub use domain::account::Profile;

#[derive(sqlx::FromRow)]
struct ProfileRow {
    user_id: i64,
    phone: Option<String>,
    display_name: String,
    role: Role,
    village_id: Option<i64>,
    village_name: Option<String>,
    birth_year: Option<i64>,
    lang: String,
}

/// Her own profile; Unauthenticated when the account is gone.
#[tracing::instrument(skip_all, fields(user_id))]
pub async fn profile(db: &Db, user_id: i64) -> AppResult<Profile> {
    let row: ProfileRow = sqlx::query_as(
        "SELECT u.id AS user_id, u.phone, u.display_name, u.role, u.village_id,
                v.name AS village_name, u.birth_year, u.lang
         FROM users u LEFT JOIN regions v ON v.id = u.village_id
         WHERE u.id = $1 AND u.deleted_at IS NULL",
    )
    .bind(user_id)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(AppError::unauthenticated)?;
    Ok(Profile {
        user_id: row.user_id,
        phone: row.phone.unwrap_or_default(),
        display_name: row.display_name,
        role: row.role,
        village_id: row.village_id,
        village_name: row.village_name,
        birth_year: row.birth_year,
        lang: Lang::parse(&row.lang).unwrap_or_default(),
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
        let village_id = optional_number(village_id, "village_id", ErrorKey::RegionInvalid)?
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

#[tracing::instrument(skip_all, fields(user_id))]
pub async fn update_profile(db: &Db, user_id: i64, update: ProfileUpdate) -> AppResult<()> {
    let mut tx = db.writer().begin().await?;
    if !regions::is_village(&mut *tx, update.village_id).await? {
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

#[derive(sqlx::FromRow, Serialize)]
struct ConsentRow {
    created_at: i64,
    privacy_notice_version: Option<String>,
    consented_at: Option<i64>,
}

#[derive(sqlx::FromRow, Serialize)]
struct SessionRow {
    created_at: i64,
    last_seen_at: i64,
    user_agent: Option<String>,
}

#[derive(sqlx::FromRow, Serialize)]
struct SignupRow {
    activity_id: i64,
    activity_title: String,
    status: String,
    companions: i64,
    #[sqlx(try_from = "Flag")]
    signed_up_on_her_behalf: bool,
    checked_in_at: Option<i64>,
    created_at: i64,
}

#[derive(sqlx::FromRow, Serialize)]
struct NotificationRow {
    kind: NotificationKind,
    activity_id: Option<i64>,
    created_at: i64,
    read_at: Option<i64>,
}

/// Everything Tongxin holds about her, as JSON. The export itself is audited.
#[tracing::instrument(skip_all, fields(user_id))]
pub async fn export(db: &Db, user_id: i64) -> AppResult<serde_json::Value> {
    let profile = profile(db, user_id).await?;
    let account: ConsentRow = sqlx::query_as(
        "SELECT created_at, consent_version AS privacy_notice_version, consented_at
         FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_one(db.reader())
    .await?;
    let sessions: Vec<SessionRow> = sqlx::query_as(
        "SELECT created_at, last_seen_at, user_agent FROM sessions
         WHERE user_id = $1 ORDER BY created_at",
    )
    .bind(user_id)
    .fetch_all(db.reader())
    .await?;
    let signups: Vec<SignupRow> = sqlx::query_as(
        "SELECT s.activity_id, a.title AS activity_title, s.status, s.companions,
                s.signed_up_by IS NOT NULL AS signed_up_on_her_behalf, s.checked_in_at,
                s.created_at
         FROM signups s JOIN activities a ON a.id = s.activity_id
         WHERE s.user_id = $1 ORDER BY s.id",
    )
    .bind(user_id)
    .fetch_all(db.reader())
    .await?;
    let notifications: Vec<NotificationRow> = sqlx::query_as(
        "SELECT kind, activity_id, created_at, read_at FROM notifications
         WHERE user_id = $1 ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(db.reader())
    .await?;
    let mut tx = db.writer().begin().await?;
    audit::record_own(&mut tx, user_id, AuditAction::DataExported).await?;
    tx.commit().await?;
    Ok(json!({
        "exported_at": crate::now(),
        "profile": profile,
        "account": account,
        "sessions": sessions,
        "signups": signups,
        "notifications": notifications,
    }))
}

/// Deletes the account after checking her password: sign-ups to activities that have not
/// started released (the waitlists move up), personal fields erased, sessions ended; posts
/// (later) kept but shown as from a deleted user. One transaction.
#[tracing::instrument(skip_all, fields(user_id))]
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
                          birth_year = NULL, federation_id = NULL, role = $1, deleted_at = $2
         WHERE id = $3",
    )
    .bind(Role::Member)
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
    audit::record_own(&mut tx, user_id, AuditAction::AccountDeleted).await?;
    tx.commit().await?;
    Ok(())
}
