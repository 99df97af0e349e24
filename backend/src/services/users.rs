//! Accounts: creating them and the roles they hold.

use sqlx::AnyConnection;

use crate::db::is_unique_violation;
use crate::identity::Role;
use domain::{AppError, AppResult, ErrorKey, Phone};

/// What is needed to create an account. The password is already hashed.
pub struct NewUser<'a> {
    pub phone: &'a Phone,
    pub password_hash: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub village_id: Option<i64>,
    pub federation_id: Option<i64>,
    pub birth_year: Option<i64>,
    pub consent_version: Option<&'a str>,
}

/// Someone of an area as read from `users` joined to her village (`user_id`, `display_name`,
/// `phone`, `village`): the number still whole, until [`PersonRow::masked`].
#[derive(sqlx::FromRow)]
pub struct PersonRow {
    pub user_id: i64,
    pub display_name: String,
    pub phone: Option<String>,
    pub village: String,
}

impl PersonRow {
    /// As an organizer or volunteer sees her: the phone number masked.
    pub fn masked(self) -> domain::account::AreaPerson {
        domain::account::AreaPerson {
            user_id: self.user_id,
            display_name: self.display_name,
            phone_masked: self
                .phone
                .as_deref()
                .map(domain::phone::mask)
                .unwrap_or_default(),
            village: self.village,
        }
    }
}

/// Inserts an account; a number already registered gives `PhoneTaken`.
#[tracing::instrument(skip_all, fields(role = ?user.role, village_id = user.village_id))]
pub async fn create(conn: &mut AnyConnection, user: NewUser<'_>) -> AppResult<i64> {
    let now = crate::now();
    sqlx::query_scalar(
        "INSERT INTO users (phone, password_hash, display_name, role, village_id, federation_id,
                            birth_year, consent_version, consented_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         RETURNING id",
    )
    .bind(user.phone.as_str())
    .bind(user.password_hash)
    .bind(user.display_name)
    .bind(user.role)
    .bind(user.village_id)
    .bind(user.federation_id)
    .bind(user.birth_year)
    .bind(user.consent_version)
    .bind(user.consent_version.map(|_| now))
    .bind(now)
    .fetch_one(conn)
    .await
    .map_err(phone_taken)
}

/// Her new password, her number (an account added without one takes it now), and the moment
/// she first claimed the account.
pub async fn set_password(
    conn: &mut AnyConnection,
    user_id: i64,
    phone: &Phone,
    hash: &str,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "UPDATE users SET password_hash = $1, phone = COALESCE(phone, $2),
                          claimed_at = COALESCE(claimed_at, $3)
         WHERE id = $4",
    )
    .bind(hash)
    .bind(phone.as_str())
    .bind(now)
    .bind(user_id)
    .execute(conn)
    .await
    .map_err(phone_taken)?;
    Ok(())
}

/// A write that gave an account a number another account holds answers `PhoneTaken`.
pub fn phone_taken(e: sqlx::Error) -> AppError {
    if is_unique_violation(&e) {
        AppError::field(ErrorKey::PhoneTaken, "phone")
    } else {
        AppError::from(e)
    }
}

/// Makes the account with this number an admin, creating it if needed, and audits it
/// (`admin_created`, by nobody: the server's operator). Returns its id and whether it was
/// created. Used by `tongxin create-admin`.
#[tracing::instrument(skip_all)]
pub async fn ensure_admin(
    conn: &mut AnyConnection,
    phone: &Phone,
    password_hash: &str,
) -> AppResult<(i64, bool)> {
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE phone = $1")
        .bind(phone.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    match existing {
        Some(id) => {
            sqlx::query("UPDATE users SET role = $1, password_hash = $2 WHERE id = $3")
                .bind(Role::Admin)
                .bind(password_hash)
                .bind(id)
                .execute(&mut *conn)
                .await?;
            audit_admin(conn, id, "existing account made admin").await?;
            Ok((id, false))
        }
        None => {
            let id = create(
                conn,
                NewUser {
                    phone,
                    password_hash,
                    display_name: "管理员",
                    role: Role::Admin,
                    village_id: None,
                    federation_id: None,
                    birth_year: None,
                    consent_version: None,
                },
            )
            .await?;
            audit_admin(conn, id, "new account").await?;
            Ok((id, true))
        }
    }
}

async fn audit_admin(conn: &mut AnyConnection, id: i64, detail: &str) -> AppResult<()> {
    use crate::services::audit::{record, AuditAction, AuditSubject};
    record(
        conn,
        None,
        AuditAction::AdminCreated,
        Some((AuditSubject::User, id)),
        detail,
    )
    .await
}
