//! The federation side of accounts: the region tree, federations, organizer invitations and
//! volunteer appointments.

use sqlx::Row;

use crate::db::{is_unique_violation, Db};
use crate::identity::{Role, SessionUser};
use crate::services::audit::{self, AuditAction};
use crate::services::regions::{create_federation, create_region, Level};
use crate::services::sessions;
use domain::{AppError, AppResult, ErrorKey, Phone};

/// How long an invitation code stays valid.
pub const INVITATION_LIFETIME_SECS: i64 = 7 * 86_400;

pub use domain::region::RegionRow;

/// The whole region tree, parents before children, with each region's federation.
pub async fn region_tree(db: &Db) -> AppResult<Vec<RegionRow>> {
    let rows = sqlx::query(
        "SELECT r.id, r.parent_id, r.level, r.name, f.id, f.name
         FROM regions r LEFT JOIN federations f ON f.region_id = r.id
         ORDER BY CASE r.level WHEN 'county' THEN 0 WHEN 'township' THEN 1 ELSE 2 END, r.name",
    )
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .iter()
        .map(|r| RegionRow {
            id: r.get(0),
            parent_id: r.get(1),
            level: r.get(2),
            name: r.get(3),
            federation_id: r.get(4),
            federation_name: r.get(5),
        })
        .collect())
}

fn clean_name(name: &str, field: &str) -> AppResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 40 || name.chars().any(char::is_control) {
        return Err(AppError::field(ErrorKey::Invalid, field));
    }
    Ok(name.to_owned())
}

/// Adds a region under `parent` (none for a county). The level follows from the parent.
pub async fn add_region(db: &Db, parent: Option<i64>, name: &str) -> AppResult<i64> {
    let name = clean_name(name, "name")?;
    let level = match parent {
        None => Level::County,
        Some(p) => {
            let parent_level: Option<String> =
                sqlx::query_scalar("SELECT level FROM regions WHERE id = $1")
                    .bind(p)
                    .fetch_optional(db.reader())
                    .await?;
            match parent_level.as_deref() {
                Some("county") => Level::Township,
                Some("township") => Level::Village,
                _ => return Err(AppError::field(ErrorKey::RegionInvalid, "parent_id")),
            }
        }
    };
    let mut tx = db.writer().begin().await?;
    let id = create_region(&mut tx, parent, level, &name)
        .await
        .map_err(|e| match e.key {
            ErrorKey::Internal => AppError::field(ErrorKey::Invalid, "name"),
            _ => e,
        })?;
    tx.commit().await?;
    Ok(id)
}

/// Founds the federation of a region (one per region).
pub async fn add_federation(db: &Db, region: i64, name: &str) -> AppResult<i64> {
    let name = clean_name(name, "name")?;
    let mut tx = db.writer().begin().await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM regions WHERE id = $1")
        .bind(region)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Err(AppError::field(ErrorKey::RegionInvalid, "region_id"));
    }
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM federations WHERE region_id = $1")
        .bind(region)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Err(AppError::field(ErrorKey::Invalid, "region_id"));
    }
    let id = create_federation(&mut tx, region, &name).await?;
    tx.commit().await?;
    Ok(id)
}

/// Creates a single-use invitation to become an organizer of `federation`. Returns the code
/// (shown once; only its hash is stored) and when it expires.
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
        Some(("invitation", id)),
        &format!("federation {federation}"),
    )
    .await?;
    tx.commit().await?;
    Ok((code, now + INVITATION_LIFETIME_SECS))
}

/// Redeems an invitation: the logged-in account becomes an organizer of its federation.
/// Expired, used or unknown codes are refused the same way.
pub async fn redeem_invitation(db: &Db, user: &SessionUser, code: &str) -> AppResult<i64> {
    // An admin or an organizer redeeming a code would lose her role or her federation.
    if !matches!(user.role, Role::Member | Role::Volunteer) {
        return Err(AppError::field(ErrorKey::Invalid, "code"));
    }
    let now = crate::now();
    let hash = sessions::hash_token(code.trim());
    let mut tx = db.writer().begin().await?;
    // Single use, even under concurrency: only one UPDATE can claim the row.
    let federation: Option<i64> = sqlx::query_scalar(
        "UPDATE invitations SET used_by = $1, used_at = $2
         WHERE code_hash = $3 AND used_by IS NULL AND expires_at > $2
         RETURNING federation_id",
    )
    .bind(user.user_id)
    .bind(now)
    .bind(&hash)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(federation) = federation else {
        return Err(AppError::field(ErrorKey::Invalid, "code"));
    };
    sqlx::query("UPDATE users SET role = 'organizer', federation_id = $1 WHERE id = $2")
        .bind(federation)
        .bind(user.user_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        Some(user.user_id),
        AuditAction::InvitationRedeemed,
        Some(("user", user.user_id)),
        &format!("organizer of federation {federation}"),
    )
    .await?;
    audit::record(
        &mut tx,
        Some(user.user_id),
        AuditAction::RoleChanged,
        Some(("user", user.user_id)),
        &format!("{} -> organizer", user.role.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(federation)
}

/// An organizer makes a member of her area a volunteer.
pub async fn appoint_volunteer(db: &Db, organizer: &SessionUser, phone: &str) -> AppResult<i64> {
    let area = crate::policy::organizer_region(db, organizer).await?;
    let phone = Phone::parse(phone)?;
    let found: Option<(i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, role, village_id FROM users WHERE phone = $1 AND deleted_at IS NULL",
    )
    .bind(phone.as_str())
    .fetch_optional(db.reader())
    .await?;
    // Someone outside her area looks the same as nobody: no probing for numbers.
    let Some((user_id, role, Some(village))) = found else {
        return Err(AppError::field(ErrorKey::NotFound, "phone"));
    };
    if !crate::policy::region_within(db, village, area).await? {
        return Err(AppError::field(ErrorKey::NotFound, "phone"));
    }
    if role != "member" {
        return Err(AppError::field(ErrorKey::Invalid, "phone"));
    }
    let mut tx = db.writer().begin().await?;
    let changed =
        sqlx::query("UPDATE users SET role = 'volunteer' WHERE id = $1 AND role = 'member'")
            .bind(user_id)
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
        Some(("user", user_id)),
        "member -> volunteer",
    )
    .await?;
    tx.commit().await?;
    Ok(user_id)
}

pub use domain::account::Volunteer;

/// The volunteers living in an organizer's area.
pub async fn volunteers(db: &Db, organizer: &SessionUser) -> AppResult<Vec<Volunteer>> {
    let area = crate::policy::organizer_region(db, organizer).await?;
    let rows: Vec<(i64, String, Option<String>, String)> = sqlx::query_as(
        "SELECT u.id, u.display_name, u.phone, v.name
         FROM users u
         JOIN regions v ON v.id = u.village_id
         LEFT JOIN regions t ON t.id = v.parent_id
         WHERE u.role = 'volunteer' AND u.deleted_at IS NULL
           AND (v.id = $1 OR t.id = $1 OR t.parent_id = $1)
         ORDER BY u.display_name",
    )
    .bind(area)
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(user_id, display_name, phone, village)| Volunteer {
            user_id,
            display_name,
            phone_masked: phone
                .as_deref()
                .map(domain::phone::mask)
                .unwrap_or_default(),
            village,
        })
        .collect())
}
