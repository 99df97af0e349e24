//! Who may handle a help request. A request belongs to the village she lived in when she
//! asked. The organizers whose federation's area holds that village handle it (a county
//! organizer sees every request of the county, the escalated ones first); a volunteer handles
//! the requests an organizer assigned to her, while her reach (stored when she was appointed)
//! holds the village. Members handle none (they follow their own on `/me/help`); admins
//! manage accounts, not requests. Anyone else gets 404, whether or not the request exists.

use crate::db::Db;
use crate::identity::{Role, SessionUser};
use crate::policy;
use domain::{AppError, AppResult};

/// How far a handler reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handler {
    /// An organizer: every request of her federation's area.
    Organizer { area: i64 },
    /// A volunteer: the requests assigned to her, within her reach.
    Volunteer { user_id: i64, reach: i64 },
}

impl Handler {
    /// The region whose villages' requests she may see.
    pub fn area(self) -> i64 {
        match self {
            Handler::Organizer { area } => area,
            Handler::Volunteer { reach, .. } => reach,
        }
    }

    /// Only organizers give a request to a volunteer.
    pub fn may_assign(self) -> bool {
        matches!(self, Handler::Organizer { .. })
    }
}

/// Who `user` is as a handler of requests; Forbidden for members, admins and volunteers
/// without a reach.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn handler(db: &Db, user: &SessionUser) -> AppResult<Handler> {
    match user.role {
        Role::Organizer => Ok(Handler::Organizer {
            area: policy::organizer_region(db, user).await?,
        }),
        Role::Volunteer => match policy::volunteer_reach(db, user.user_id).await? {
            Some(reach) => Ok(Handler::Volunteer {
                user_id: user.user_id,
                reach,
            }),
            None => Err(AppError::forbidden()),
        },
        Role::Member | Role::Admin => Err(AppError::forbidden()),
    }
}

/// Where a request is and whom it is given to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct RequestPlace {
    pub village_id: i64,
    pub assignee_id: Option<i64>,
}

/// Whether `handler` may handle a request at `place`.
pub async fn may_handle(db: &Db, handler: Handler, place: RequestPlace) -> AppResult<bool> {
    if let Handler::Volunteer { user_id, .. } = handler {
        if place.assignee_id != Some(user_id) {
            return Ok(false);
        }
    }
    policy::region_within(db, place.village_id, handler.area()).await
}

/// The handler `user` is for request `id`: Forbidden when she handles no requests at all,
/// NotFound when there is no such request or it is not hers to handle (the same answer).
#[tracing::instrument(skip_all, fields(user_id = user.user_id, request = id))]
pub async fn require_handler_of(db: &Db, user: &SessionUser, id: i64) -> AppResult<Handler> {
    let handler = handler(db, user).await?;
    let place: Option<RequestPlace> =
        sqlx::query_as("SELECT village_id, assignee_id FROM help_requests WHERE id = $1")
            .bind(id)
            .fetch_optional(db.reader())
            .await?;
    match place {
        Some(place) if may_handle(db, handler, place).await? => Ok(handler),
        _ => Err(AppError::not_found()),
    }
}

/// Whether volunteer `user_id` may be given a request of `village`: a volunteer now, whose
/// stored reach holds the village.
pub async fn assignable(db: &Db, user_id: i64, village: i64) -> AppResult<bool> {
    let role: Option<Role> =
        sqlx::query_scalar("SELECT role FROM users WHERE id = $1 AND deleted_at IS NULL")
            .bind(user_id)
            .fetch_optional(db.reader())
            .await?;
    if role != Some(Role::Volunteer) {
        return Ok(false);
    }
    match policy::volunteer_reach(db, user_id).await? {
        Some(reach) => policy::region_within(db, village, reach).await,
        None => Ok(false),
    }
}
