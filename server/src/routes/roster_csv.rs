//! `/organizer/activities/{id}/roster.csv`: the roster for Excel (UTF-8 with BOM). Phone
//! numbers are masked unless `?phones=full`, which is audited.

use app::ssr::cookies::{lang, session_token};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use axum_extra::extract::CookieJar;
use backend::Db;
use domain::AppError;
use http::header;

use crate::state::AppState;

pub const ROSTER_CSV: &str = "/organizer/activities/{id}/roster.csv";

pub fn router() -> Router<AppState> {
    Router::new().route(ROSTER_CSV, get(roster_csv))
}

#[derive(serde::Deserialize)]
struct Params {
    phones: Option<String>,
}

async fn roster_csv(
    State(db): State<Db>,
    Path(id): Path<String>,
    Query(params): Query<Params>,
    jar: CookieJar,
) -> Result<Response, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::not_found())?;
    let token = session_token(&jar).ok_or_else(AppError::unauthenticated)?;
    let user = backend::services::sessions::lookup(&db, token, backend::now())
        .await?
        .ok_or_else(AppError::unauthenticated)?;
    let t = app::i18n::texts(lang(&jar));
    let full = params.phones.as_deref() == Some("full");
    let body =
        backend::services::roster::csv(&db, &user, id, full, t.csv_headers, t.roster_word).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"tongxin-roster-{id}.csv\""),
            ),
            // Personal data: keep it out of shared caches and the browser's cache.
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}
