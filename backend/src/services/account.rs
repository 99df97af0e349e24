//! Her own data: profile and deleting the account (the export is in `data_export`).

use crate::db::Db;
use crate::identity::Role;
use crate::services::audit::{self, AuditAction, AuditSubject};
use crate::services::{regions, sessions};
use domain::form::optional_number;
use domain::moderation::AuthorReveal;
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
    #[sqlx(try_from = "domain::sql::Flag")]
    texts_off: bool,
    #[sqlx(try_from = "domain::sql::Flag")]
    keeps_ledger: bool,
}

/// Her own profile; Unauthenticated when the account is gone.
#[tracing::instrument(skip_all, fields(user_id))]
pub async fn profile(db: &Db, user_id: i64) -> AppResult<Profile> {
    let row: ProfileRow = sqlx::query_as(
        "SELECT u.id AS user_id, u.phone, u.display_name, u.role, u.village_id,
                v.name AS village_name, u.birth_year, u.lang, u.texts_off,
                EXISTS (SELECT 1 FROM ledger_keepers k WHERE k.user_id = u.id) AS keeps_ledger
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
        texts_off: row.texts_off,
        keeps_ledger: row.keeps_ledger,
    })
}

/// Turns text messages off for the account with this number, as a reply she texted back
/// asked ("TD"); whether there was one.
#[tracing::instrument(skip_all)]
pub async fn texts_off_by_reply(db: &Db, phone: &str) -> AppResult<bool> {
    let done =
        sqlx::query("UPDATE users SET texts_off = $1 WHERE phone = $2 AND deleted_at IS NULL")
            .bind(true)
            .bind(phone)
            .execute(db.writer())
            .await?;
    Ok(done.rows_affected() > 0)
}

/// Turns text messages to her number on or off (codes she asks for come either way).
#[tracing::instrument(skip_all, fields(user_id, on))]
pub async fn set_texts(db: &Db, user_id: i64, on: bool) -> AppResult<()> {
    sqlx::query("UPDATE users SET texts_off = $1 WHERE id = $2 AND deleted_at IS NULL")
        .bind(!on)
        .bind(user_id)
        .execute(db.writer())
        .await?;
    Ok(())
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

/// Saves her profile. A move to another village is audited; a volunteer or organizer who
/// moves loses her role and what came with it until she is appointed again (her reach was
/// given for where she lived).
#[tracing::instrument(skip_all, fields(user_id))]
pub async fn update_profile(db: &Db, user_id: i64, update: ProfileUpdate) -> AppResult<()> {
    let mut tx = db.writer().begin().await?;
    if !regions::is_village(&mut *tx, update.village_id).await? {
        return Err(AppError::field(ErrorKey::RegionInvalid, "village_id"));
    }
    let before: Option<(Role, Option<i64>)> =
        sqlx::query_as("SELECT role, village_id FROM users WHERE id = $1 AND deleted_at IS NULL")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((role, old_village)) = before else {
        return Err(AppError::unauthenticated());
    };
    sqlx::query("UPDATE users SET display_name = $1, village_id = $2, birth_year = $3, lang = $4 WHERE id = $5")
        .bind(&update.display_name)
        .bind(update.village_id)
        .bind(update.birth_year)
        .bind(update.lang.tag())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    if old_village != Some(update.village_id) {
        let from = old_village.map_or_else(|| "none".to_owned(), |v| format!("region {v}"));
        let detail = format!("{from} -> region {}", update.village_id);
        audit::record(
            &mut tx,
            Some(user_id),
            AuditAction::VillageChanged,
            Some((AuditSubject::User, user_id)),
            &detail,
        )
        .await?;
        if matches!(role, Role::Volunteer | Role::Organizer) {
            crate::services::organizers::drop_roles(&mut tx, user_id).await?;
            let detail = format!(
                "{} -> {} (moved village)",
                role.as_str(),
                Role::Member.as_str()
            );
            audit::record(
                &mut tx,
                Some(user_id),
                AuditAction::RoleChanged,
                Some((AuditSubject::User, user_id)),
                &detail,
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The times the author of one of her anonymous posts was revealed to an organizer: when and
/// why, never by whom. Newest first.
#[tracing::instrument(skip_all, fields(user_id))]
pub async fn author_reveals(db: &Db, user_id: i64) -> AppResult<Vec<AuthorReveal>> {
    Ok(sqlx::query_as(
        "SELECT r.post_id, p.thread_id, r.revealed_at, r.reason
         FROM author_reveals r JOIN posts p ON p.id = r.post_id
         WHERE r.author_id = $1 ORDER BY r.id DESC LIMIT 200",
    )
    .bind(user_id)
    .fetch_all(db.reader())
    .await?)
}

/// Deletes the account after checking her password: sign-ups to activities that have not
/// started released (the waitlists move up), personal fields erased, sessions ended; the text
/// of her circle posts and replies erased (they show as deleted), the titles of the threads
/// she opened erased, her group posts erased and her group memberships ended; her open help
/// requests withdrawn and the text of all of them (descriptions, notes, referral contacts
/// and outcomes) erased. One transaction.
#[tracing::instrument(skip_all, fields(user_id))]
pub async fn delete(db: &Db, user_id: i64, password: String) -> AppResult<()> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1 AND deleted_at IS NULL")
            .bind(user_id)
            .fetch_optional(db.reader())
            .await?
            .flatten();
    if !crate::services::attempts::password_again(db, user_id, password, stored, true).await? {
        return Err(AppError::field(ErrorKey::WrongCredentials, "password"));
    }
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    crate::services::signups::release_future(&mut tx, db.backend(), user_id, now).await?;
    // Whatever she was entrusted with goes with the account.
    crate::services::organizers::drop_roles(&mut tx, user_id).await?;
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
    crate::services::circles::posting::erase_author(&mut tx, user_id, now).await?;
    crate::services::groups::erase_member(&mut tx, user_id, now).await?;
    crate::services::ledger::erase_for_deleted_account(&mut tx, user_id, now).await?;
    // Her help requests: open ones withdrawn, every word about her erased; the rest stays
    // for the county's counts.
    crate::services::help_requests::erase_woman(&mut tx, user_id, now).await?;
    // Her guardian's name goes with her; a code given to her can no longer be used; no text
    // message to her number goes out or stays on record.
    for table in [
        "user_devices",
        "calendar_feeds",
        "guardian_consents",
        "access_codes",
        "outbox",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1"))
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    audit::record_own(&mut tx, user_id, AuditAction::AccountDeleted).await?;
    tx.commit().await?;
    Ok(())
}
