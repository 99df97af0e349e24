//! Who may keep and read the care ledger: the volunteers an organizer made keepers of a
//! village (that village only), and the organizers whose federation's area holds it. Members
//! never (a woman sees her own record through her own page); admins manage accounts, not the
//! ledger.
//!
//! Outside her reach a record answers "not found", the same whether or not it exists: the
//! answer must not tell that a woman is in the ledger.

use crate::db::Db;
use crate::identity::{Role, SessionUser};
use crate::policy::area::{organizer_region, region_within};
use domain::{AppError, AppResult};

/// How far a keeper of the ledger reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LedgerReach {
    /// An organizer: her federation's region and everything below it.
    Area(i64),
    /// A volunteer made keeper of this village.
    Village(i64),
}

impl LedgerReach {
    /// The region at the top of the reach.
    pub fn region(self) -> i64 {
        match self {
            LedgerReach::Area(r) | LedgerReach::Village(r) => r,
        }
    }
}

/// The reach of `user` in the ledger; Forbidden for anyone who keeps none.
#[tracing::instrument(skip_all, fields(user_id = user.user_id))]
pub async fn ledger_reach(db: &Db, user: &SessionUser) -> AppResult<LedgerReach> {
    match user.role {
        Role::Organizer => Ok(LedgerReach::Area(organizer_region(db, user).await?)),
        Role::Volunteer => keeper_village(db, user.user_id)
            .await?
            .map(LedgerReach::Village)
            .ok_or_else(AppError::forbidden),
        Role::Member | Role::Admin => Err(AppError::forbidden()),
    }
}

/// The village a volunteer keeps the ledger of, if an organizer made her a keeper.
pub async fn keeper_village(db: &Db, user_id: i64) -> AppResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT village_id FROM ledger_keepers WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(db.reader())
            .await?,
    )
}

/// Whether `village` lies within `reach`.
pub async fn reaches(db: &Db, reach: LedgerReach, village: i64) -> AppResult<bool> {
    match reach {
        LedgerReach::Village(v) => Ok(v == village),
        LedgerReach::Area(area) => region_within(db, village, area).await,
    }
}

/// Forbidden unless `user` keeps the ledger of `village` (to create a record there).
pub async fn require_keeper_of(db: &Db, user: &SessionUser, village: i64) -> AppResult<()> {
    let reach = ledger_reach(db, user).await?;
    if reaches(db, reach, village).await? {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// Where a record sits, for the service that acts on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct RecordPlace {
    pub village_id: i64,
    pub member_id: Option<i64>,
    #[sqlx(try_from = "domain::sql::Flag")]
    pub closed: bool,
}

/// The record `record_id` if `user` keeps the ledger where it sits; Forbidden for those who
/// keep none, NotFound for a record outside her reach as for one that does not exist.
#[tracing::instrument(skip_all, fields(user_id = user.user_id, record_id))]
pub async fn require_record(db: &Db, user: &SessionUser, record_id: i64) -> AppResult<RecordPlace> {
    record_in(db, ledger_reach(db, user).await?, record_id).await
}

/// The record `record_id` if it lies within `reach` (already looked up by the caller);
/// NotFound otherwise, as for one that does not exist.
pub async fn record_in(db: &Db, reach: LedgerReach, record_id: i64) -> AppResult<RecordPlace> {
    let place: RecordPlace = sqlx::query_as(
        "SELECT village_id, member_id, closed_at IS NOT NULL AS closed
         FROM ledger_records WHERE id = $1",
    )
    .bind(record_id)
    .fetch_optional(db.reader())
    .await?
    .ok_or_else(AppError::not_found)?;
    if reaches(db, reach, place.village_id).await? {
        Ok(place)
    } else {
        Err(AppError::not_found())
    }
}

/// Forbidden unless `user` is an organizer whose area holds the volunteer's village: she
/// makes volunteers keepers and answers women's requests about their records.
pub async fn require_ledger_organizer_of(
    db: &Db,
    user: &SessionUser,
    village: i64,
) -> AppResult<()> {
    if user.role != Role::Organizer {
        return Err(AppError::forbidden());
    }
    match ledger_reach(db, user).await? {
        LedgerReach::Area(area) if region_within(db, village, area).await? => Ok(()),
        _ => Err(AppError::not_found()),
    }
}
