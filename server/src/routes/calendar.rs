//! `/activities/{id}/calendar.ics`: an activity as an iCalendar file.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use backend::Db;
use http::header::{self, HeaderMap};
use http::StatusCode;

use crate::state::AppState;

pub const ACTIVITY_ICS: &str = "/activities/{id}/calendar.ics";
/// Her personal feed: `/calendar/{token}.ics` (the token is secret; see `calendar_feed`).
pub const FEED_ICS: &str = "/calendar/{file}";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(ACTIVITY_ICS, get(activity_ics))
        .route(FEED_ICS, get(feed_ics))
}

async fn feed_ics(State(db): State<Db>, Path(file): Path<String>, headers: HeaderMap) -> Response {
    let Some(token) = file.strip_suffix(".ics") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let now = backend::now();
    match backend::services::calendar_feed::activities(&db, token, now).await {
        Ok(Some(activities)) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (header::CACHE_CONTROL, "private, no-cache"),
            ],
            backend::ics::calendar(&activities, &origin(&headers), now, Some("同心 Tongxin")),
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => StatusCode::from_u16(e.status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response(),
    }
}

async fn activity_ics(
    State(db): State<Db>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match backend::services::activities::get(&db, id).await {
        Ok(activity) => {
            let body =
                backend::ics::activity_calendar(&activity, &origin(&headers), backend::now());
            (
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
                .into_response()
        }
        Err(e) => StatusCode::from_u16(e.status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response(),
    }
}

/// `https://host` as the browser sees this site (for links inside the file).
fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost");
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("http");
    format!("{scheme}://{host}")
}
