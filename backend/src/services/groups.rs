//! Mutual-aid groups: small groups by place and need (childcare swaps, elderly care, a
//! planting co-op, a training cohort). Women near a group find it and join (at once, or on
//! approval); its board and member list are for its members only, and show display names,
//! never phone numbers.

use sqlx::Row;

use crate::db::{Backend, Db};
use crate::identity::Role;
use crate::identity::SessionUser;
use crate::policy;
use crate::services::signups::read_bool;
use domain::audit::AuditAction;
use domain::circle::parse_body;
use domain::group::{GroupPage, GroupPost, GroupSummary, NEEDS};
use domain::{AppError, AppResult, ErrorKey};

/// The township of her village (or the village itself when it has no parent).
async fn township_of(db: &Db, village: i64) -> AppResult<i64> {
    let parent: Option<Option<i64>> =
        sqlx::query_scalar("SELECT parent_id FROM regions WHERE id = $1")
            .bind(village)
            .fetch_optional(db.reader())
            .await?;
    Ok(parent.flatten().unwrap_or(village))
}

/// Whether a group in `region` is near `user`: for a member, a group of her village or above
/// it, or anywhere in her township; for an organizer, anywhere in her area.
async fn near(db: &Db, user: &SessionUser, region: i64) -> AppResult<bool> {
    match user.role {
        Role::Organizer => {
            let area = policy::organizer_region(db, user).await?;
            policy::region_within(db, region, area).await
        }
        Role::Admin => Ok(false),
        Role::Member | Role::Volunteer => match user.village_id {
            None => Ok(false),
            Some(v) => Ok(policy::region_within(db, v, region).await?
                || policy::region_within(db, region, township_of(db, v).await?).await?),
        },
    }
}

/// Organizers of the group's area and volunteers assigned to it manage it.
async fn manages(db: &Db, user: &SessionUser, group: i64, region: i64) -> AppResult<bool> {
    match user.role {
        Role::Organizer => {
            let area = policy::organizer_region(db, user).await?;
            policy::region_within(db, region, area).await
        }
        Role::Volunteer => policy::is_assigned_moderator(db, user.user_id, "group_id", group).await,
        _ => Ok(false),
    }
}

const SUMMARY: &str = "SELECT g.id, g.name, g.purpose, g.need, r.name AS place, g.region_id,
        {open} AS open_to_join, g.member_limit,
        (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id AND m.status = 'member') AS members,
        (SELECT m.status FROM group_members m WHERE m.group_id = g.id AND m.user_id = $1) AS my_status
     FROM aid_groups g JOIN regions r ON r.id = g.region_id";

fn summary_sql(backend: Backend) -> String {
    SUMMARY.replace(
        "{open}",
        match backend {
            Backend::Postgres => "g.open_to_join",
            Backend::Sqlite => "CAST(g.open_to_join AS INTEGER)",
        },
    )
}

fn summary_from(r: &sqlx::any::AnyRow, backend: Backend) -> AppResult<GroupSummary> {
    Ok(GroupSummary {
        id: r.get("id"),
        name: r.get("name"),
        purpose: r.get("purpose"),
        need: r.get("need"),
        place: r.get("place"),
        open: read_bool(r, 6, backend)?,
        member_limit: r.get("member_limit"),
        members: r.get("members"),
        my_status: r.get("my_status"),
    })
}

/// The regions of the groups near her (see [`near`]), in a few queries.
async fn near_regions(db: &Db, user: &SessionUser) -> AppResult<Vec<i64>> {
    match user.role {
        Role::Organizer => {
            let area = policy::organizer_region(db, user).await?;
            policy::within(db, area).await
        }
        Role::Admin => Ok(Vec::new()),
        Role::Member | Role::Volunteer => match user.village_id {
            None => Ok(Vec::new()),
            Some(v) => {
                let mut regions = policy::ancestors(db, v).await?;
                regions.extend(policy::within(db, township_of(db, v).await?).await?);
                Ok(regions)
            }
        },
    }
}

/// The groups near her.
pub async fn list(db: &Db, user: &SessionUser) -> AppResult<Vec<GroupSummary>> {
    let regions = near_regions(db, user).await?;
    let rows = sqlx::query(&format!(
        "{} WHERE g.region_id IN ({}) ORDER BY g.id LIMIT 500",
        summary_sql(db.backend()),
        policy::id_list(&regions)
    ))
    .bind(user.user_id)
    .fetch_all(db.reader())
    .await?;
    rows.iter().map(|r| summary_from(r, db.backend())).collect()
}

async fn summary(db: &Db, user: &SessionUser, group: i64) -> AppResult<(GroupSummary, i64)> {
    let row = sqlx::query(&format!("{} WHERE g.id = $2", summary_sql(db.backend())))
        .bind(user.user_id)
        .bind(group)
        .fetch_optional(db.reader())
        .await?
        .ok_or_else(AppError::not_found)?;
    let region: i64 = row.get("region_id");
    if !near(db, user, region).await? && !manages(db, user, group, region).await? {
        return Err(AppError::forbidden());
    }
    Ok((summary_from(&row, db.backend())?, region))
}

/// A group's page: the board and members for its members (and those who manage it).
pub async fn get(db: &Db, user: &SessionUser, group: i64) -> AppResult<GroupPage> {
    let (summary, region) = summary(db, user, group).await?;
    let manager = manages(db, user, group, region).await?;
    let member = summary.my_status.as_deref() == Some("member");
    let (members, posts, pending) = if member || manager {
        let members: Vec<String> = sqlx::query_scalar(
            "SELECT u.display_name FROM group_members m JOIN users u ON u.id = m.user_id
             WHERE m.group_id = $1 AND m.status = 'member' AND u.deleted_at IS NULL
             ORDER BY m.joined_at, u.id",
        )
        .bind(group)
        .fetch_all(db.reader())
        .await?;
        let rows: Vec<(i64, i64, String, Option<i64>, String, i64)> = sqlx::query_as(
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
            .map(
                |(id, author_id, name, deleted, body, created_at)| GroupPost {
                    id,
                    author: if deleted.is_some() { None } else { Some(name) },
                    mine: author_id == user.user_id,
                    body,
                    created_at,
                },
            )
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
        (members, posts, pending)
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    Ok(GroupPage {
        summary,
        members,
        posts,
        pending,
        manager,
    })
}

/// Where `user` may start groups, and for which federation: an organizer in her area; a
/// volunteer her organizer allowed, in her own township. Forbidden for anyone else.
pub async fn creator_area(db: &Db, user: &SessionUser) -> AppResult<(i64, i64)> {
    match user.role {
        Role::Organizer => Ok((
            policy::organizer_region(db, user).await?,
            user.federation_id.ok_or_else(AppError::forbidden)?,
        )),
        Role::Volunteer => {
            let federation: i64 =
                sqlx::query_scalar("SELECT federation_id FROM group_creators WHERE user_id = $1")
                    .bind(user.user_id)
                    .fetch_optional(db.reader())
                    .await?
                    .ok_or_else(AppError::forbidden)?;
            Ok((policy::helper_area(db, user).await?, federation))
        }
        _ => Err(AppError::forbidden()),
    }
}

/// An organizer lets a volunteer of her area start groups (for her federation).
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

/// A group as its creator describes it, as typed.
#[derive(Clone, Copy, Debug)]
pub struct NewGroup<'a> {
    pub name: &'a str,
    pub purpose: &'a str,
    /// One of `domain::group::NEEDS`.
    pub need: &'a str,
    /// Within her area; `None` for all of it.
    pub region: Option<i64>,
    /// Join at once (else on approval).
    pub open: bool,
    pub member_limit: i64,
}

/// A group starts in the organizer's area (or the allowed volunteer's township).
pub async fn create(db: &Db, user: &SessionUser, new: NewGroup<'_>) -> AppResult<i64> {
    let NewGroup {
        name,
        purpose,
        need,
        region,
        open,
        member_limit,
    } = new;
    let (area, federation) = creator_area(db, user).await?;
    let name = domain::circle::parse_title(name)
        .map_err(|_| AppError::field(ErrorKey::TitleInvalid, "name"))?;
    let purpose = domain::circle::clean_text(purpose);
    if purpose.chars().count() > 1000 {
        return Err(AppError::field(ErrorKey::Invalid, "purpose"));
    }
    if !NEEDS.contains(&need) {
        return Err(AppError::field(ErrorKey::Invalid, "need"));
    }
    if !(2..=500).contains(&member_limit) {
        return Err(AppError::field(ErrorKey::CapacityInvalid, "member_limit"));
    }
    let region = match region {
        None => area,
        Some(r) if policy::region_within(db, r, area).await? => r,
        Some(_) => return Err(AppError::field(ErrorKey::RegionInvalid, "region_id")),
    };
    sqlx::query_scalar(
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
    .await
    .map_err(AppError::from)
}

/// Asks to join: a member at once in an open group with room, else waiting for approval.
/// Asking again changes nothing. Answers `member` or `pending`.
pub async fn join(db: &Db, user: &SessionUser, group: i64) -> AppResult<String> {
    let (summary, _) = summary(db, user, group).await?;
    if let Some(status) = summary.my_status {
        return Ok(status);
    }
    let mut tx = db.writer().begin().await?;
    let members: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM group_members WHERE group_id = $1 AND status = 'member'",
    )
    .bind(group)
    .fetch_one(&mut *tx)
    .await?;
    let status = if !summary.open {
        "pending"
    } else if members < summary.member_limit {
        "member"
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
        Err(e) => return Err(AppError::from(e)),
    }
    tx.commit().await?;
    Ok(status.to_owned())
}

/// Leaves the group (or withdraws her request).
pub async fn leave(db: &Db, user: &SessionUser, group: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM group_members WHERE group_id = $1 AND user_id = $2")
        .bind(group)
        .bind(user.user_id)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Accepts a request to join (if there is room); she is told.
pub async fn approve(db: &Db, user: &SessionUser, group: i64, member: i64) -> AppResult<()> {
    let (summary, region) = summary(db, user, group).await?;
    if !manages(db, user, group, region).await? {
        return Err(AppError::forbidden());
    }
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    let members: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM group_members WHERE group_id = $1 AND status = 'member'",
    )
    .bind(group)
    .fetch_one(&mut *tx)
    .await?;
    if members >= summary.member_limit {
        return Err(AppError::new(ErrorKey::GroupFull));
    }
    let done = sqlx::query(
        "UPDATE group_members SET status = 'member' WHERE group_id = $1 AND user_id = $2 AND status = 'pending'",
    )
    .bind(group)
    .bind(member)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 1 {
        sqlx::query(
            "INSERT INTO notifications (user_id, kind, group_id, created_at) VALUES ($1, 'group_approved', $2, $3)",
        )
        .bind(member)
        .bind(group)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Writes on the group's board (members only).
pub async fn post(db: &Db, user: &SessionUser, group: i64, body: &str) -> AppResult<i64> {
    let (summary, _) = summary(db, user, group).await?;
    if summary.my_status.as_deref() != Some("member") {
        return Err(AppError::new(ErrorKey::NotGroupMember));
    }
    let body = parse_body(body)?;
    // A group's board is small and among neighbours: only `block` words are refused there.
    let mut conn = db.reader().acquire().await?;
    crate::services::circles::word_check(&mut conn, &[&body]).await?;
    drop(conn);
    sqlx::query_scalar(
        "INSERT INTO group_posts (group_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(group)
    .bind(user.user_id)
    .bind(body)
    .bind(crate::now())
    .fetch_one(db.writer())
    .await
    .map_err(AppError::from)
}

/// Deletes a post from a group's board: its author may, and so may those who manage the
/// group (written to the moderation log, the author told).
pub async fn delete_post(db: &Db, user: &SessionUser, post: i64) -> AppResult<i64> {
    let (group, author): (i64, i64) = sqlx::query_as(
        "SELECT group_id, author_id FROM group_posts WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(post)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(AppError::not_found)?;
    let region: i64 = sqlx::query_scalar("SELECT region_id FROM aid_groups WHERE id = $1")
        .bind(group)
        .fetch_one(db.reader())
        .await?;
    let own = author == user.user_id;
    if !own && !manages(db, user, group, region).await? {
        return Err(AppError::forbidden());
    }
    let now = crate::now();
    let mut tx = db.writer().begin().await?;
    sqlx::query("UPDATE group_posts SET deleted_at = $1 WHERE id = $2")
        .bind(now)
        .bind(post)
        .execute(&mut *tx)
        .await?;
    if !own {
        sqlx::query(
            "INSERT INTO moderation_log (group_id, actor_id, action, reason, at) VALUES ($1, $2, 'delete', '', $3)",
        )
        .bind(group)
        .bind(user.user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO notifications (user_id, kind, group_id, created_at) VALUES ($1, 'post_deleted', $2, $3)",
        )
        .bind(author)
        .bind(group)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(group)
}
