//! Mutual-aid groups: small groups by place and need (childcare swaps, elderly care, a
//! planting co-op, a training cohort). Women near a group find it and join (at once, or on
//! approval); its board and member list are for its members only, and show display names,
//! never phone numbers. Who finds, manages and starts a group is decided in `policy::groups`.

use sqlx::AnyConnection;

use crate::db::Db;
use crate::identity::SessionUser;
use crate::policy::{self, groups::manages};
use crate::services::moderation_log::{self, Scene};
use crate::services::word_rules;
use domain::audit::AuditAction;
use domain::circle::parse_body;
use domain::group::{GroupNeed, GroupPage, GroupPost, GroupSummary, MembershipStatus};
use domain::moderation::ModAction;
use domain::notification::NotificationKind;
use domain::{AppError, AppResult, ErrorKey};

const SUMMARY: &str = "SELECT g.id, g.name, g.purpose, g.need, r.name AS place, g.region_id,
        g.open_to_join, g.member_limit,
        (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id AND m.status = 'member') AS members,
        (SELECT m.status FROM group_members m WHERE m.group_id = g.id AND m.user_id = $1) AS my_status
     FROM aid_groups g JOIN regions r ON r.id = g.region_id";

#[derive(sqlx::FromRow)]
struct SummaryRow {
    #[sqlx(flatten)]
    summary: GroupSummary,
    region_id: i64,
}

/// The groups near her.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn list(db: &Db, user: &SessionUser) -> AppResult<Vec<GroupSummary>> {
    let regions = policy::groups::near_regions(db, user).await?;
    Ok(sqlx::query_as::<_, GroupSummary>(&format!(
        "{SUMMARY} WHERE g.region_id IN ({}) ORDER BY g.id LIMIT 500",
        policy::id_list(&regions)
    ))
    .bind(user.user_id)
    .fetch_all(db.reader())
    .await?)
}

/// The group as `user` sees it, and its region; Forbidden unless she may see it.
async fn summary(db: &Db, user: &SessionUser, group: i64) -> AppResult<(GroupSummary, i64)> {
    let row: SummaryRow = sqlx::query_as(&format!("{SUMMARY} WHERE g.id = $2"))
        .bind(user.user_id)
        .bind(group)
        .fetch_optional(db.reader())
        .await?
        .ok_or_else(AppError::not_found)?;
    policy::groups::require_sees(db, user, group, row.region_id).await?;
    Ok((row.summary, row.region_id))
}

#[derive(sqlx::FromRow)]
struct BoardRow {
    id: i64,
    author_id: i64,
    display_name: String,
    deleted_at: Option<i64>,
    body: String,
    created_at: i64,
}

/// A group's page: the board and members for its members (and those who manage it).
#[tracing::instrument(skip_all, fields(user_id = user.user_id, group))]
pub async fn get(db: &Db, user: &SessionUser, group: i64) -> AppResult<GroupPage> {
    let (summary, region) = summary(db, user, group).await?;
    let manager = manages(db, user, group, region).await?;
    let member = summary.my_status == Some(MembershipStatus::Member);
    if !member && !manager {
        return Ok(GroupPage {
            summary,
            members: Vec::new(),
            posts: Vec::new(),
            pending: Vec::new(),
            manager,
        });
    }
    let members: Vec<String> = sqlx::query_scalar(
        "SELECT u.display_name FROM group_members m JOIN users u ON u.id = m.user_id
         WHERE m.group_id = $1 AND m.status = 'member' AND u.deleted_at IS NULL
         ORDER BY m.joined_at, u.id",
    )
    .bind(group)
    .fetch_all(db.reader())
    .await?;
    let rows: Vec<BoardRow> = sqlx::query_as(
        "SELECT p.id, p.author_id, u.display_name, u.deleted_at, p.body, p.created_at
         FROM group_posts p JOIN users u ON u.id = p.author_id
         WHERE p.group_id = $1 AND p.deleted_at IS NULL
         ORDER BY p.id DESC LIMIT 100",
    )
    .bind(group)
    .fetch_all(db.reader())
    .await?;
    let posts = rows
        .into_iter()
        .map(|p| GroupPost {
            id: p.id,
            author: p.deleted_at.is_none().then_some(p.display_name),
            mine: p.author_id == user.user_id,
            body: p.body,
            created_at: p.created_at,
        })
        .collect();
    let pending: Vec<(i64, String)> = if manager {
        sqlx::query_as(
            "SELECT u.id, u.display_name FROM group_members m JOIN users u ON u.id = m.user_id
             WHERE m.group_id = $1 AND m.status = 'pending' ORDER BY m.joined_at",
        )
        .bind(group)
        .fetch_all(db.reader())
        .await?
    } else {
        Vec::new()
    };
    Ok(GroupPage {
        summary,
        members,
        posts,
        pending,
        manager,
    })
}

/// An organizer lets a volunteer of her area start groups (for her federation).
#[tracing::instrument(skip_all, fields(user_id = organizer.user_id, volunteer))]
pub async fn allow_creator(db: &Db, organizer: &SessionUser, volunteer: i64) -> AppResult<()> {
    let area = policy::organizer_region(db, organizer).await?;
    let federation = organizer.federation_id.ok_or_else(AppError::forbidden)?;
    policy::require_volunteer_in(db, volunteer, area).await?;
    let mut tx = db.writer().begin().await?;
    sqlx::query("DELETE FROM group_creators WHERE user_id = $1")
        .bind(volunteer)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO group_creators (user_id, federation_id, allowed_by, allowed_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(volunteer)
    .bind(federation)
    .bind(organizer.user_id)
    .bind(crate::now())
    .execute(&mut *tx)
    .await?;
    crate::services::audit::record(
        &mut tx,
        Some(organizer.user_id),
        AuditAction::RoleChanged,
        Some((domain::audit::AuditSubject::User, volunteer)),
        "may start mutual-aid groups",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An organizer takes back a volunteer's right to start groups. Groups she already started
/// stay; the organizers of their area manage them.
#[tracing::instrument(skip_all, fields(user_id = organizer.user_id, volunteer))]
pub async fn revoke_creator(db: &Db, organizer: &SessionUser, volunteer: i64) -> AppResult<()> {
    let area = policy::organizer_region(db, organizer).await?;
    policy::require_volunteer_in(db, volunteer, area).await?;
    let mut tx = db.writer().begin().await?;
    let removed = sqlx::query("DELETE FROM group_creators WHERE user_id = $1")
        .bind(volunteer)
        .execute(&mut *tx)
        .await?;
    if removed.rows_affected() == 0 {
        return Err(AppError::field(ErrorKey::NotFound, "user_id"));
    }
    crate::services::audit::record(
        &mut tx,
        Some(organizer.user_id),
        AuditAction::RoleChanged,
        Some((domain::audit::AuditSubject::User, volunteer)),
        "may no longer start mutual-aid groups",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A group as its creator describes it, as typed.
#[derive(Clone, Copy, Debug)]
pub struct NewGroup<'a> {
    pub name: &'a str,
    pub purpose: &'a str,
    pub need: GroupNeed,
    /// Within her area; `None` for all of it.
    pub region: Option<i64>,
    /// Join at once (else on approval).
    pub open: bool,
    pub member_limit: i64,
}

/// A group starts in the organizer's area (or the allowed volunteer's township).
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn create(db: &Db, user: &SessionUser, new: NewGroup<'_>) -> AppResult<i64> {
    let NewGroup {
        name,
        purpose,
        need,
        region,
        open,
        member_limit,
    } = new;
    let (area, federation) = policy::groups::creator_area(db, user).await?;
    let name = domain::circle::parse_title(name)
        .map_err(|_| AppError::field(ErrorKey::TitleInvalid, "name"))?;
    let purpose = domain::circle::clean_text(purpose);
    if purpose.chars().count() > 1000 {
        return Err(AppError::field(ErrorKey::Invalid, "purpose"));
    }
    if !(2..=500).contains(&member_limit) {
        return Err(AppError::field(ErrorKey::CapacityInvalid, "member_limit"));
    }
    let region = match region {
        None => area,
        Some(r) if policy::region_within(db, r, area).await? => r,
        Some(_) => return Err(AppError::field(ErrorKey::RegionInvalid, "region_id")),
    };
    Ok(sqlx::query_scalar(
        "INSERT INTO aid_groups (federation_id, region_id, name, purpose, need, open_to_join, member_limit, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(federation)
    .bind(region)
    .bind(name)
    .bind(purpose)
    .bind(need)
    .bind(open)
    .bind(member_limit)
    .bind(user.user_id)
    .bind(crate::now())
    .fetch_one(db.writer())
    .await?)
}

/// How many members the group has (inside the caller's transaction).
async fn member_count(conn: &mut AnyConnection, group: i64) -> AppResult<i64> {
    Ok(
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM group_members WHERE group_id = $1 AND status = $2",
        )
        .bind(group)
        .bind(MembershipStatus::Member)
        .fetch_one(conn)
        .await?,
    )
}

/// A notification about a group (an approval, a post taken down).
async fn notify_group(
    conn: &mut AnyConnection,
    user: i64,
    kind: NotificationKind,
    group: i64,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, group_id, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(user)
    .bind(kind)
    .bind(group)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Asks to join: a member at once in an open group with room, else waiting for approval.
/// Asking again changes nothing. Answers where she stands.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, group))]
pub async fn join(db: &Db, user: &SessionUser, group: i64) -> AppResult<MembershipStatus> {
    let (summary, _) = summary(db, user, group).await?;
    if let Some(status) = summary.my_status {
        return Ok(status);
    }
    let mut tx = db.writer().begin().await?;
    let members = member_count(&mut tx, group).await?;
    let status = if !summary.open {
        MembershipStatus::Pending
    } else if members < summary.member_limit {
        MembershipStatus::Member
    } else {
        return Err(AppError::new(ErrorKey::GroupFull));
    };
    let inserted = sqlx::query(
        "INSERT INTO group_members (group_id, user_id, status, joined_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(group)
    .bind(user.user_id)
    .bind(status)
    .bind(crate::now())
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if crate::db::is_unique_violation(&e) => {
            return Err(AppError::new(ErrorKey::Conflict))
        }
        Err(e) => return Err(e.into()),
    }
    tx.commit().await?;
    Ok(status)
}

/// Leaves the group (or withdraws her request).
#[tracing::instrument(skip_all, fields(user_id = user.user_id, group))]
pub async fn leave(db: &Db, user: &SessionUser, group: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM group_members WHERE group_id = $1 AND user_id = $2")
        .bind(group)
        .bind(user.user_id)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Accepts a request to join (if there is room); she is told.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, group, member))]
pub async fn approve(db: &Db, user: &SessionUser, group: i64, member: i64) -> AppResult<()> {
    let (summary, region) = summary(db, user, group).await?;
    policy::groups::require_manager(db, user, group, region).await?;
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    if member_count(&mut tx, group).await? >= summary.member_limit {
        return Err(AppError::new(ErrorKey::GroupFull));
    }
    let done = sqlx::query(
        "UPDATE group_members SET status = $1 WHERE group_id = $2 AND user_id = $3 AND status = $4",
    )
    .bind(MembershipStatus::Member)
    .bind(group)
    .bind(member)
    .bind(MembershipStatus::Pending)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 1 {
        notify_group(&mut tx, member, NotificationKind::GroupApproved, group, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Writes on the group's board (members only).
#[tracing::instrument(skip_all, fields(user_id = user.user_id, group))]
pub async fn post(db: &Db, user: &SessionUser, group: i64, body: &str) -> AppResult<i64> {
    let (summary, _) = summary(db, user, group).await?;
    policy::groups::require_member(summary.my_status)?;
    let body = parse_body(body)?;
    // A group's board is small and among neighbours: only `block` words are refused there.
    let mut conn = db.reader().acquire().await?;
    word_rules::screen(&mut conn, &[&body]).await?;
    drop(conn);
    Ok(sqlx::query_scalar(
        "INSERT INTO group_posts (group_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(group)
    .bind(user.user_id)
    .bind(body)
    .bind(crate::now())
    .fetch_one(db.writer())
    .await?)
}

/// Deletes a post from a group's board: its author may, and so may those who manage the
/// group (written to the moderation log, the author told). Answers the group.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, post))]
pub async fn delete_post(db: &Db, user: &SessionUser, post: i64) -> AppResult<i64> {
    let (group, author, region): (i64, i64, i64) = sqlx::query_as(
        "SELECT p.group_id, p.author_id, g.region_id
         FROM group_posts p JOIN aid_groups g ON g.id = p.group_id
         WHERE p.id = $1 AND p.deleted_at IS NULL",
    )
    .bind(post)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(AppError::not_found)?;
    let own = author == user.user_id;
    if !own {
        policy::groups::require_manager(db, user, group, region).await?;
    }
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    sqlx::query("UPDATE group_posts SET deleted_at = $1 WHERE id = $2")
        .bind(now)
        .bind(post)
        .execute(&mut *tx)
        .await?;
    if !own {
        let actor = Some(user.user_id);
        let scene = Scene::Group(group);
        moderation_log::write(&mut tx, scene, actor, ModAction::Delete, "", now).await?;
        notify_group(&mut tx, author, NotificationKind::PostDeleted, group, now).await?;
    }
    tx.commit().await?;
    Ok(group)
}

/// Erases her part in the groups, for account deletion (inside its transaction): the text of
/// her group posts (taken off the boards) and her memberships, waiting ones too.
pub async fn erase_member(conn: &mut AnyConnection, user: i64, now: i64) -> AppResult<()> {
    sqlx::query(
        "UPDATE group_posts SET body = '', deleted_at = COALESCE(deleted_at, $1) WHERE author_id = $2",
    )
    .bind(now)
    .bind(user)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM group_members WHERE user_id = $1")
        .bind(user)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
