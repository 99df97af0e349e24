//! `/lang/{tag}?next=/path`: switches the interface language with a plain link (works
//! without JavaScript), remembers it in a cookie and returns to the page she was on.

use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use domain::Lang;
use http::header::{HeaderValue, SET_COOKIE};
use http::StatusCode;

use crate::state::AppState;

pub const SWITCH: &str = "/lang/{tag}";

pub fn router() -> Router<AppState> {
    Router::new().route(SWITCH, get(switch))
}

#[derive(serde::Deserialize)]
struct Next {
    next: Option<String>,
}

async fn switch(Path(tag): Path<String>, Query(q): Query<Next>) -> Response {
    let Some(lang) = Lang::parse(&tag) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let next = q
        .next
        .filter(|n| domain::is_local_path(n))
        .unwrap_or_else(|| "/".to_owned());
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
        Lang::COOKIE,
        lang.tag()
    );
    let mut res = Redirect::to(&next).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(SET_COOKIE, v);
    }
    res
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_must_stay_on_this_site() {
        assert!(domain::is_local_path("/?category=legal_aid"));
        assert!(!domain::is_local_path("//evil.example"));
        assert!(!domain::is_local_path("https://evil.example"));
        assert!(!domain::is_local_path("/\\evil.example"));
    }
}
