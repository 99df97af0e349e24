//! `/organizer/activities/{id}/roster.csv`: the roster for Excel (UTF-8 with BOM). Phone
//! numbers are masked unless `?phones=full`, which is audited.

use app::ssr::cookies::{lang, session_token};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, MethodRouter};
use axum_extra::extract::CookieJar;
use domain::AppError;
use http::{header, Uri};

use crate::state::AppState;

pub const ROSTER_CSV: &str = "/organizer/activities/{id}/roster.csv";

pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![(ROSTER_CSV, get(roster_csv))]
}

#[derive(serde::Deserialize)]
struct Params {
    phones: Option<String>,
}

async fn roster_csv(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(params): Query<Params>,
    uri: Uri,
    jar: CookieJar,
) -> Result<Response, AppError> {
    use backend::services::sessions;
    let db = &state.db;
    let id: i64 = id.parse().map_err(|_| AppError::not_found())?;
    let token = session_token(&jar).ok_or_else(AppError::unauthenticated)?;
    let now = backend::now();
    let user = sessions::lookup(db, token, &state.config.sessions, now)
        .await?
        .ok_or_else(AppError::unauthenticated)?;
    let t = app::i18n::texts(lang(&jar));
    let full = params.phones.as_deref() == Some("full");
    // Full numbers need a password typed within 15 minutes on this session.
    if full && !sessions::logged_in_recently(&user, now) {
        let here = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        return Ok(Redirect::to(&app::ssr::session::reauth_path(here)).into_response());
    }
    let body =
        backend::services::roster::csv(db, &user, id, full, t.csv_headers, t.roster_word).await?;
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
