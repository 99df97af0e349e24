//! `/lang/{tag}?next=/path`: switches the interface language with a plain link (works
//! without JavaScript), remembers it in a cookie and returns to the page she was on.

use app::ssr::cookies::new_cookie;
use app::ssr::request::is_https;
use axum::extract::{Path, Query};
use axum::response::Redirect;
use axum::routing::{get, MethodRouter};
use axum_extra::extract::CookieJar;
use domain::{AppError, Lang};
use http::{HeaderMap, Uri};

use crate::state::AppState;

pub const SWITCH: &str = "/lang/{tag}";

/// The choice is remembered for a year.
const LANG_COOKIE_SECS: i64 = 365 * 86_400;

pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![(SWITCH, get(switch))]
}

#[derive(serde::Deserialize)]
struct Next {
    next: Option<String>,
}

async fn switch(
    Path(tag): Path<String>,
    Query(q): Query<Next>,
    uri: Uri,
    headers: HeaderMap,
    jar: CookieJar,
) -> Result<(CookieJar, Redirect), AppError> {
    let lang = Lang::parse(&tag).ok_or_else(AppError::not_found)?;
    let next = q
        .next
        .filter(|n| domain::is_local_path(n))
        .unwrap_or_else(|| "/".to_owned());
    let cookie = new_cookie(
        Lang::COOKIE,
        lang.tag(),
        LANG_COOKIE_SECS,
        is_https(&uri, &headers),
    );
    Ok((jar.add(cookie), Redirect::to(&next)))
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
