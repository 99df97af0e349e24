//! The federation side of accounts: organizer invitations, volunteer appointments, and taking
//! both back.

use sqlx::AnyConnection;

use crate::db::{is_unique_violation, Db};
use crate::identity::{Role, SessionUser};
use crate::policy;
use crate::services::audit::{self, AuditAction, AuditSubject};
use crate::services::sessions;
use crate::services::users::PersonRow;
use domain::{AppError, AppResult, ErrorKey, Phone};

pub use domain::account::{Duty, OrganizerEntry, Volunteer};

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

/// An organizer makes a member of her area a volunteer. Her reach is fixed now, as the
/// organizer's area intersected with the volunteer's township, and stored.
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
    let Some(Candidate {
        id: user_id,
        role,
        village_id: Some(village),
    }) = found
    else {
        return Err(AppError::field(ErrorKey::NotFound, "phone"));
    };
    let reach = policy::appointment_reach(db, area, village).await?;
    policy::require_may_become_volunteer(role)?;
    let mut tx = db.writer().begin().await?;
    // Only while she still lives where she was found: a move in the meantime is a conflict.
    let changed =
        sqlx::query("UPDATE users SET role = $1 WHERE id = $2 AND role = $3 AND village_id = $4")
            .bind(Role::Volunteer)
            .bind(user_id)
            .bind(role)
            .bind(village)
            .execute(&mut *tx)
            .await?;
    // Someone else changed her role in the meantime: record nothing that did not happen.
    if changed.rows_affected() != 1 {
        return Err(AppError::new(ErrorKey::Conflict));
    }
    sqlx::query(
        "INSERT INTO volunteers (user_id, region_id, appointed_by, appointed_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(user_id)
    .bind(reach)
    .bind(organizer.user_id)
    .bind(crate::now())
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(organizer.user_id),
        AuditAction::RoleChanged,
        Some((AuditSubject::User, user_id)),
        &format!(
            "{} -> {} (reach: region {reach})",
            role.as_str(),
            Role::Volunteer.as_str()
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(user_id)
}

/// An organizer takes the volunteer role back from a volunteer of her area: she becomes a
/// member again and loses her reach, her circles and groups to moderate, and the right to
/// start groups.
#[tracing::instrument(skip_all, fields(organizer_id = organizer.user_id, volunteer))]
pub async fn remove_volunteer(db: &Db, organizer: &SessionUser, volunteer: i64) -> AppResult<()> {
    let area = policy::organizer_region(db, organizer).await?;
    policy::require_volunteer_in(db, volunteer, area).await?;
    let mut tx = db.writer().begin().await?;
    let was = drop_roles(&mut tx, volunteer).await?;
    if was != Some(Role::Volunteer) {
        return Err(AppError::new(ErrorKey::Conflict));
    }
    audit::record(
        &mut tx,
        Some(organizer.user_id),
        AuditAction::RoleChanged,
        Some((AuditSubject::User, volunteer)),
        &format!("{} -> {}", Role::Volunteer.as_str(), Role::Member.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An admin removes an organizer from her federation: she becomes a member again.
#[tracing::instrument(skip_all, fields(admin_id = admin.user_id, organizer))]
pub async fn remove_organizer(db: &Db, admin: &SessionUser, organizer: i64) -> AppResult<()> {
    policy::require_admin(admin)?;
    let mut tx = db.writer().begin().await?;
    let federation: Option<Option<i64>> = sqlx::query_scalar(
        "SELECT federation_id FROM users WHERE id = $1 AND role = $2 AND deleted_at IS NULL",
    )
    .bind(organizer)
    .bind(Role::Organizer)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(federation) = federation else {
        return Err(AppError::field(ErrorKey::NotFound, "user_id"));
    };
    drop_roles(&mut tx, organizer).await?;
    audit::record(
        &mut tx,
        Some(admin.user_id),
        AuditAction::RoleChanged,
        Some((AuditSubject::User, organizer)),
        &format!(
            "{} -> {} (removed from federation {})",
            Role::Organizer.as_str(),
            Role::Member.as_str(),
            federation.unwrap_or_default()
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Makes a volunteer or organizer a member again, with nothing left of what she was given:
/// her federation, her reach, her circles and groups to moderate, the right to start groups,
/// the open help requests assigned to her.
/// Returns the role she had (`None`: no such account). Members and admins are left as they
/// are. Part of the caller's transaction, which records why.
pub(crate) async fn drop_roles(conn: &mut AnyConnection, user_id: i64) -> AppResult<Option<Role>> {
    let role: Option<Role> = sqlx::query_scalar("SELECT role FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await?;
    if !matches!(role, Some(Role::Volunteer | Role::Organizer)) {
        return Ok(role);
    }
    sqlx::query("UPDATE users SET role = $1, federation_id = NULL WHERE id = $2")
        .bind(Role::Member)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    for table in [
        "volunteers",
        "moderators",
        "group_creators",
        "ledger_keepers",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1"))
            .bind(user_id)
            .execute(&mut *conn)
            .await?;
    }
    // The open help requests given to her go back to her organizers' queue, unassigned.
    sqlx::query(
        "UPDATE help_requests SET assignee_id = NULL
         WHERE assignee_id = $1 AND state IN ('new', 'acknowledged', 'in_progress', 'referred')",
    )
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    Ok(role)
}

/// A volunteer as read, before her duties are added.
#[derive(sqlx::FromRow)]
struct VolunteerRow {
    #[sqlx(flatten)]
    person: PersonRow,
    reach: String,
    /// 1 when she may start groups (a count of her one `group_creators` row).
    group_creator: i64,
    /// The village whose care ledger she keeps, if an organizer made her a keeper.
    ledger_village: Option<String>,
}

/// A circle or group moderated by a volunteer (exactly one of the two ids is set).
#[derive(sqlx::FromRow)]
struct DutyRow {
    user_id: i64,
    circle_id: Option<i64>,
    group_id: Option<i64>,
    name: String,
}

/// The volunteers living in an organizer's area, with their reach and duties.
#[tracing::instrument(skip_all, fields(organizer_id = organizer.user_id))]
pub async fn volunteers(db: &Db, organizer: &SessionUser) -> AppResult<Vec<Volunteer>> {
    let area = policy::organizer_region(db, organizer).await?;
    let rows: Vec<VolunteerRow> = sqlx::query_as(
        "SELECT u.id AS user_id, u.display_name, u.phone, v.name AS village,
                r.name AS reach,
                (SELECT COUNT(*) FROM group_creators g WHERE g.user_id = u.id) AS group_creator,
                (SELECT kv.name FROM ledger_keepers k JOIN regions kv ON kv.id = k.village_id
                 WHERE k.user_id = u.id) AS ledger_village
         FROM users u
         JOIN volunteers vol ON vol.user_id = u.id
         JOIN regions r ON r.id = vol.region_id
         JOIN regions v ON v.id = u.village_id
         LEFT JOIN regions t ON t.id = v.parent_id
         WHERE u.role = $2 AND u.deleted_at IS NULL
           AND (v.id = $1 OR t.id = $1 OR t.parent_id = $1)
         ORDER BY u.display_name, u.id",
    )
    .bind(area)
    .bind(Role::Volunteer)
    .fetch_all(db.reader())
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.person.user_id).collect();
    let duties: Vec<DutyRow> = sqlx::query_as(&format!(
        "SELECT m.user_id, m.circle_id, m.group_id, COALESCE(c.name, g.name) AS name
         FROM moderators m
         LEFT JOIN circles c ON c.id = m.circle_id
         LEFT JOIN aid_groups g ON g.id = m.group_id
         WHERE m.user_id IN ({})
         ORDER BY m.id",
        policy::id_list(&ids)
    ))
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let user_id = row.person.user_id;
            Volunteer {
                person: row.person.masked(),
                reach: row.reach,
                duties: duties
                    .iter()
                    .filter(|d| d.user_id == user_id)
                    .filter_map(|d| match (d.circle_id, d.group_id) {
                        (Some(id), _) => Some(Duty::Circle {
                            id,
                            name: d.name.clone(),
                        }),
                        (None, Some(id)) => Some(Duty::Group {
                            id,
                            name: d.name.clone(),
                        }),
                        (None, None) => None,
                    })
                    .collect(),
                may_start_groups: row.group_creator > 0,
                keeps_ledger_of: row.ledger_village,
            }
        })
        .collect())
}

/// Every organizer with her federation, for the admin.
#[tracing::instrument(skip_all, fields(admin_id = admin.user_id))]
pub async fn organizers(db: &Db, admin: &SessionUser) -> AppResult<Vec<OrganizerEntry>> {
    policy::require_admin(admin)?;
    let rows: Vec<(i64, String, Option<String>, i64, String)> = sqlx::query_as(
        "SELECT u.id, u.display_name, u.phone, f.id, f.name
         FROM users u JOIN federations f ON f.id = u.federation_id
         WHERE u.role = $1 AND u.deleted_at IS NULL
         ORDER BY f.name, u.display_name, u.id",
    )
    .bind(Role::Organizer)
    .fetch_all(db.reader())
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(user_id, display_name, phone, federation_id, federation)| OrganizerEntry {
                user_id,
                display_name,
                phone_masked: phone
                    .as_deref()
                    .map(domain::phone::mask)
                    .unwrap_or_default(),
                federation_id,
                federation,
            },
        )
        .collect())
}
