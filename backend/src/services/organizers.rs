//! The federation side of accounts: organizer invitations and volunteer appointments.

use crate::db::{is_unique_violation, Db};
use crate::identity::{Role, SessionUser};
use crate::policy;
use crate::services::audit::{self, AuditAction, AuditSubject};
use crate::services::sessions;
use crate::services::users::PersonRow;
use domain::{AppError, AppResult, ErrorKey, Phone};

pub use domain::account::Volunteer;

/// How long an invitation code stays valid.
pub const INVITATION_LIFETIME_SECS: i64 = 7 * 86_400;

/// Creates a single-use invitation to become an organizer of `federation`. Returns the code
/// (shown once; only its hash is stored) and when it expires.
#[tracing::instrument(skip_all, fields(admin_id = admin.user_id, federation))]
pub async fn invite_organizer(
    db: &Db,
    admin: &SessionUser,
    federation: i64,
) -> AppResult<(String, i64)> {
    let now = crate::now();
    let (token, _) = sessions::new_token();
    // 16 hex characters are plenty for a code that expires in a week and is single-use.
    let code = token[..16].to_owned();
    let hash = sessions::hash_token(&code);
    let mut tx = db.writer().begin().await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM federations WHERE id = $1")
        .bind(federation)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Err(AppError::field(ErrorKey::Invalid, "federation_id"));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO invitations (code_hash, federation_id, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&hash)
    .bind(federation)
    .bind(admin.user_id)
    .bind(now)
    .bind(now + INVITATION_LIFETIME_SECS)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            AppError::internal()
        } else {
            AppError::from(e)
        }
    })?;
    audit::record(
        &mut tx,
        Some(admin.user_id),
        AuditAction::InvitationCreated,
        Some((AuditSubject::Invitation, id)),
        &format!("federation {federation}"),
    )
    .await?;
    tx.commit().await?;
    Ok((code, now + INVITATION_LIFETIME_SECS))
}

/// Redeems an invitation: the logged-in account becomes an organizer of its federation.
/// Expired, used or unknown codes are refused the same way.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn redeem_invitation(db: &Db, user: &SessionUser, code: &str) -> AppResult<i64> {
    policy::require_may_become_organizer(user)?;
    let now = crate::now();
    let hash = sessions::hash_token(code.trim());
    let mut tx = db.writer().begin().await?;
    // Single use, even under concurrency: only one UPDATE can claim the row.
    let federation: i64 = sqlx::query_scalar(
        "UPDATE invitations SET used_by = $1, used_at = $2
         WHERE code_hash = $3 AND used_by IS NULL AND expires_at > $2
         RETURNING federation_id",
    )
    .bind(user.user_id)
    .bind(now)
    .bind(&hash)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::field(ErrorKey::Invalid, "code"))?;
    sqlx::query("UPDATE users SET role = $1, federation_id = $2 WHERE id = $3")
        .bind(Role::Organizer)
        .bind(federation)
        .bind(user.user_id)
        .execute(&mut *tx)
        .await?;
    let her = Some((AuditSubject::User, user.user_id));
    let detail = format!("organizer of federation {federation}");
    audit::record(
        &mut tx,
        Some(user.user_id),
        AuditAction::InvitationRedeemed,
        her,
        &detail,
    )
    .await?;
    let detail = format!("{} -> {}", user.role.as_str(), Role::Organizer.as_str());
    audit::record(
        &mut tx,
        Some(user.user_id),
        AuditAction::RoleChanged,
        her,
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(federation)
}

/// An account found by phone number, with what decides whether she may be appointed.
#[derive(sqlx::FromRow)]
struct Candidate {
    id: i64,
    role: Role,
    village_id: Option<i64>,
}

/// An organizer makes a member of her area a volunteer.
#[tracing::instrument(skip_all, fields(organizer_id = organizer.user_id))]
pub async fn appoint_volunteer(db: &Db, organizer: &SessionUser, phone: &str) -> AppResult<i64> {
    let area = policy::organizer_region(db, organizer).await?;
    let phone = Phone::parse(phone)?;
    let found: Option<Candidate> = sqlx::query_as(
        "SELECT id, role, village_id FROM users WHERE phone = $1 AND deleted_at IS NULL",
    )
    .bind(phone.as_str())
    .fetch_optional(db.reader())
    .await?;
    // Someone outside her area looks the same as nobody: no probing for numbers.
    let nobody = || AppError::field(ErrorKey::NotFound, "phone");
    let Some(Candidate {
        id: user_id,
        role,
        village_id: Some(village),
    }) = found
    else {
        return Err(nobody());
    };
    if !policy::region_within(db, village, area).await? {
        return Err(nobody());
    }
    policy::require_may_become_volunteer(role)?;
    let mut tx = db.writer().begin().await?;
    let changed = sqlx::query("UPDATE users SET role = $1 WHERE id = $2 AND role = $3")
        .bind(Role::Volunteer)
        .bind(user_id)
        .bind(role)
        .execute(&mut *tx)
        .await?;
    // Someone else changed her role in the meantime: record nothing that did not happen.
    if changed.rows_affected() != 1 {
        return Err(AppError::new(ErrorKey::Conflict));
    }
    audit::record(
        &mut tx,
        Some(organizer.user_id),
        AuditAction::RoleChanged,
        Some((AuditSubject::User, user_id)),
        &format!("{} -> {}", role.as_str(), Role::Volunteer.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(user_id)
}

/// The volunteers living in an organizer's area.
#[tracing::instrument(skip_all, fields(organizer_id = organizer.user_id))]
pub async fn volunteers(db: &Db, organizer: &SessionUser) -> AppResult<Vec<Volunteer>> {
    let area = policy::organizer_region(db, organizer).await?;
    let rows: Vec<PersonRow> = sqlx::query_as(
        "SELECT u.id AS user_id, u.display_name, u.phone, v.name AS village
         FROM users u
         JOIN regions v ON v.id = u.village_id
         LEFT JOIN regions t ON t.id = v.parent_id
         WHERE u.role = $2 AND u.deleted_at IS NULL
           AND (v.id = $1 OR t.id = $1 OR t.parent_id = $1)
         ORDER BY u.display_name",
    )
    .bind(area)
    .bind(Role::Volunteer)
    .fetch_all(db.reader())
    .await?;
    Ok(rows.into_iter().map(PersonRow::masked).collect())
}
