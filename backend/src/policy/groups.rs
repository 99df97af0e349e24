//! Who may find, manage and start a mutual-aid group. A group belongs to a region: women find
//! the groups of their village, the regions above it and their township; organizers those of
//! their area. Organizers of its area and volunteers assigned to it manage a group.

use crate::db::Db;
use crate::identity::{Role, SessionUser};
use crate::policy;
use domain::group::MembershipStatus;
use domain::{AppError, AppResult, ErrorKey};

/// The group's region, if there is such a group.
pub async fn group_region(db: &Db, group: i64) -> AppResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT region_id FROM aid_groups WHERE id = $1")
            .bind(group)
            .fetch_optional(db.reader())
            .await?,
    )
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
                || policy::region_within(db, region, policy::township_of(db, v).await?).await?),
        },
    }
}

/// The regions of the groups near her (as [`near`] decides one), in a few queries.
pub async fn near_regions(db: &Db, user: &SessionUser) -> AppResult<Vec<i64>> {
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
                regions.extend(policy::within(db, policy::township_of(db, v).await?).await?);
                Ok(regions)
            }
        },
    }
}

/// Whether `user` manages the group (in `region`): an organizer of its area, or a volunteer
/// assigned to it.
pub async fn manages(db: &Db, user: &SessionUser, group: i64, region: i64) -> AppResult<bool> {
    match user.role {
        Role::Organizer => {
            let area = policy::organizer_region(db, user).await?;
            policy::region_within(db, region, area).await
        }
        Role::Volunteer => policy::is_assigned_moderator(db, user.user_id, "group_id", group).await,
        Role::Member | Role::Admin => Ok(false),
    }
}

/// Forbidden unless the group (in `region`) is near `user` or she manages it.
pub async fn require_sees(db: &Db, user: &SessionUser, group: i64, region: i64) -> AppResult<()> {
    if near(db, user, region).await? || manages(db, user, group, region).await? {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// Forbidden unless `user` manages the group (in `region`).
pub async fn require_manager(
    db: &Db,
    user: &SessionUser,
    group: i64,
    region: i64,
) -> AppResult<()> {
    if manages(db, user, group, region).await? {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// Only members write on a group's board.
pub fn require_member(status: Option<MembershipStatus>) -> AppResult<()> {
    if status == Some(MembershipStatus::Member) {
        Ok(())
    } else {
        Err(AppError::new(ErrorKey::NotGroupMember))
    }
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
        Role::Member | Role::Admin => Err(AppError::forbidden()),
    }
}
