//! Who may see, post in and open a circle. A circle belongs to a federation, and so to the
//! federation's region: a woman sees the circles of her village and the regions above it; an
//! organizer those of her area, the regions above it and everything below it. Who moderates a
//! circle is in [`super::moderation`].

use crate::db::Db;
use crate::identity::{Role, SessionUser};
use crate::policy::{self, moderation};
use domain::{AppError, AppResult};

/// What the viewer may do in a circle she may read.
#[derive(Clone, Copy, Debug)]
pub struct Access {
    /// She moderates it: sees held posts, replies in locked threads.
    pub moderator: bool,
    /// She may pin a thread as a guide: an organizer who moderates the circle.
    pub may_pin: bool,
}

impl Access {
    /// Whether she may reply in a thread (locked threads: moderators only).
    pub fn may_reply(self, locked: bool) -> bool {
        !locked || self.moderator
    }
}

/// The region of the circle's federation; NotFound when there is no such circle.
pub async fn circle_region(db: &Db, circle: i64) -> AppResult<i64> {
    sqlx::query_scalar(
        "SELECT f.region_id FROM circles c JOIN federations f ON f.id = c.federation_id WHERE c.id = $1",
    )
    .bind(circle)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(AppError::not_found)
}

/// Whether `user` sees the circles of federations in `region`.
async fn sees_region(db: &Db, user: &SessionUser, region: i64) -> AppResult<bool> {
    match user.role {
        Role::Organizer => {
            let area = policy::organizer_region(db, user).await?;
            Ok(policy::region_within(db, region, area).await?
                || policy::region_within(db, area, region).await?)
        }
        Role::Admin => Ok(false),
        Role::Member | Role::Volunteer => match user.village_id {
            Some(village) => policy::region_within(db, village, region).await,
            None => Ok(false),
        },
    }
}

/// The regions whose federations' circles `user` sees (as [`sees_region`] decides one), in
/// a few queries whatever the number of circles.
pub async fn seen_regions(db: &Db, user: &SessionUser) -> AppResult<Vec<i64>> {
    match user.role {
        Role::Organizer => {
            let area = policy::organizer_region(db, user).await?;
            let mut regions = policy::ancestors(db, area).await?;
            regions.extend(policy::within(db, area).await?);
            Ok(regions)
        }
        Role::Admin => Ok(Vec::new()),
        Role::Member | Role::Volunteer => match user.village_id {
            Some(village) => policy::ancestors(db, village).await,
            None => Ok(Vec::new()),
        },
    }
}

/// Forbidden unless `user` may read the circle (NotFound when there is none); what else she
/// may do there.
pub async fn access(db: &Db, user: &SessionUser, circle: i64) -> AppResult<Access> {
    let region = circle_region(db, circle).await?;
    if !sees_region(db, user, region).await? {
        return Err(AppError::forbidden());
    }
    let moderator = moderation::moderates(db, user, circle).await?;
    Ok(Access {
        moderator,
        may_pin: moderator && user.role == Role::Organizer,
    })
}

/// The federation in which `user` may open circles: an organizer's own. Forbidden for anyone
/// else.
pub async fn circle_federation(db: &Db, user: &SessionUser) -> AppResult<i64> {
    policy::organizer_region(db, user).await?;
    user.federation_id.ok_or_else(AppError::forbidden)
}

/// Whether a circle that holds new members' first posts holds hers: members' are held;
/// volunteers and organizers are known to the federation.
pub fn first_posts_held(user: &SessionUser) -> bool {
    user.role == Role::Member
}
