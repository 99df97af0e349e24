//! Who moderates what: a circle is moderated by the organizers of its area and the volunteers
//! assigned to it; the review queue and the moderation log show the circles she moderates.

use crate::db::Db;
use crate::identity::{Role, SessionUser};
use crate::policy::{self, circles};
use domain::{AppError, AppResult};

/// Forbidden unless `user` is someone who may moderate at all (a volunteer or an organizer);
/// asked before anything is looked up.
pub fn require_moderator_role(user: &SessionUser) -> AppResult<()> {
    if matches!(user.role, Role::Organizer | Role::Volunteer) {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// Whether `user` moderates `circle`: an organizer of its area, or a volunteer assigned to it.
pub async fn moderates(db: &Db, user: &SessionUser, circle: i64) -> AppResult<bool> {
    match user.role {
        Role::Organizer => {
            let area = policy::organizer_region(db, user).await?;
            let region = circles::circle_region(db, circle).await?;
            policy::region_within(db, region, area).await
        }
        Role::Volunteer => {
            policy::is_assigned_moderator(db, user.user_id, "circle_id", circle).await
        }
        Role::Member | Role::Admin => Ok(false),
    }
}

/// The circles `user` moderates (empty for members and admins).
pub async fn moderated_circles(db: &Db, user: &SessionUser) -> AppResult<Vec<i64>> {
    match user.role {
        Role::Organizer => {
            let area = policy::organizer_region(db, user).await?;
            let regions = policy::within(db, area).await?;
            Ok(sqlx::query_scalar(&format!(
                "SELECT c.id FROM circles c JOIN federations f ON f.id = c.federation_id
                 WHERE f.region_id IN ({}) ORDER BY c.id",
                policy::id_list(&regions)
            ))
            .fetch_all(db.reader())
            .await?)
        }
        Role::Volunteer => Ok(sqlx::query_scalar(
            "SELECT circle_id FROM moderators WHERE user_id = $1 AND circle_id IS NOT NULL ORDER BY circle_id",
        )
        .bind(user.user_id)
        .fetch_all(db.reader())
        .await?),
        Role::Member | Role::Admin => Ok(Vec::new()),
    }
}

/// The circles whose queue and log `user` sees; Forbidden unless she moderates something
/// (an organizer whose area has no circle yet sees empty ones).
pub async fn require_moderator(db: &Db, user: &SessionUser) -> AppResult<Vec<i64>> {
    let mine = moderated_circles(db, user).await?;
    if mine.is_empty() && user.role != Role::Organizer {
        return Err(AppError::forbidden());
    }
    Ok(mine)
}
