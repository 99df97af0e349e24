//! `/organizer/activities/{id}/roster.csv`: the roster for Excel (UTF-8 with BOM). Phone
//! numbers are masked unless `?phones=full`, which is audited.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use backend::Db;
use domain::Lang;
use http::header::{self, HeaderMap};
use http::StatusCode;

use crate::state::AppState;

pub const ROSTER_CSV: &str = "/organizer/activities/{id}/roster.csv";

pub fn router() -> Router<AppState> {
    Router::new().route(ROSTER_CSV, get(roster_csv))
}

#[derive(serde::Deserialize)]
struct Params {
    phones: Option<String>,
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

async fn roster_csv(
    State(db): State<Db>,
    Path(id): Path<String>,
    Query(params): Query<Params>,
    headers: HeaderMap,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let user = match cookie(&headers, app::ssr::SESSION_COOKIE) {
        None => None,
        Some(token) => {
            match backend::services::sessions::lookup(&db, token, backend::now()).await {
                Ok(user) => user,
                Err(e) => return status(e.status()),
            }
        }
    };
    let Some(user) = user else {
        return status(401);
    };
    let lang = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(Lang::from_cookie_header)
        .find(|l| *l != Lang::default())
        .unwrap_or_default();
    let t = app::i18n::texts(lang);
    let full = params.phones.as_deref() == Some("full");
    match backend::services::roster::csv(&db, &user, id, full, t.csv_headers, t.roster_word).await {
        Ok(body) => (
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
            .into_response(),
        Err(e) => status(e.status()),
    }
}

fn status(code: u16) -> Response {
    StatusCode::from_u16(code)
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
        .into_response()
}
