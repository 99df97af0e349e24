//! `/activities/{id}/calendar.ics`: an activity as an iCalendar file.

use app::ssr::request::origin_of;
use axum::extract::{FromRequestParts, Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use backend::Db;
use domain::AppError;
use http::header;
use http::request::Parts;

use crate::state::AppState;

pub const ACTIVITY_ICS: &str = "/activities/{id}/calendar.ics";
/// Her personal feed: `/calendar/{token}.ics` (the token is secret; see `calendar_feed`).
pub const FEED_ICS: &str = "/calendar/{file}";

pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![(ACTIVITY_ICS, get(activity_ics)), (FEED_ICS, get(feed_ics))]
}

async fn feed_ics(
    State(db): State<Db>,
    Path(file): Path<String>,
    SiteOrigin(origin): SiteOrigin,
) -> Result<Response, AppError> {
    let token = file.strip_suffix(".ics").ok_or_else(AppError::not_found)?;
    let now = backend::now();
    let activities = backend::services::calendar_feed::activities(&db, token, now)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "private, no-cache"),
        ],
        backend::ics::calendar(&activities, &origin, now, Some("同心 Tongxin")),
    )
        .into_response())
}

async fn activity_ics(
    State(db): State<Db>,
    Path(id): Path<String>,
    SiteOrigin(origin): SiteOrigin,
) -> Result<Response, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::not_found())?;
    let activity = backend::services::activities::get(&db, id).await?;
    let body = backend::ics::activity_calendar(&activity, &origin, backend::now());
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"tongxin-activity-{id}.ics\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// `https://host` as the browser sees this site, for the links inside a file.
struct SiteOrigin(String);

impl<S: Send + Sync> FromRequestParts<S> for SiteOrigin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(SiteOrigin(origin_of(&parts.uri, &parts.headers)))
    }
}
