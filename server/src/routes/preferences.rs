//! Her preferences, switched with a plain link (works without JavaScript), remembered in a
//! cookie for a year, and back to the page she was on: `/lang/{tag}?next=/path` for the
//! interface language, `/text-size/{size}?next=/path` for larger text.

use app::ssr::cookies::new_cookie;
use app::ssr::request::is_https;
use axum::extract::{Path, Query};
use axum::response::Redirect;
use axum::routing::{get, MethodRouter};
use axum_extra::extract::CookieJar;
use domain::{AppError, Lang, TextSize};
use http::{HeaderMap, Uri};

use crate::state::AppState;

pub const SWITCH: &str = "/lang/{tag}";
pub const TEXT_SIZE: &str = "/text-size/{size}";

/// A choice is remembered for a year.
const PREFERENCE_COOKIE_SECS: i64 = 365 * 86_400;

pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![(SWITCH, get(switch)), (TEXT_SIZE, get(text_size))]
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
    Ok(remember(Lang::COOKIE, lang.tag(), q, &uri, &headers, jar))
}

async fn text_size(
    Path(size): Path<String>,
    Query(q): Query<Next>,
    uri: Uri,
    headers: HeaderMap,
    jar: CookieJar,
) -> Result<(CookieJar, Redirect), AppError> {
    let size = TextSize::parse(&size).ok_or_else(AppError::not_found)?;
    Ok(remember(
        TextSize::COOKIE,
        size.as_str(),
        q,
        &uri,
        &headers,
        jar,
    ))
}

/// Sets the cookie and sends her back to `next` (a path on this site; else the home page).
fn remember(
    name: &str,
    value: &str,
    q: Next,
    uri: &Uri,
    headers: &HeaderMap,
    jar: CookieJar,
) -> (CookieJar, Redirect) {
    let next = q
        .next
        .filter(|n| domain::is_local_path(n))
        .unwrap_or_else(|| "/".to_owned());
    let cookie = new_cookie(name, value, PREFERENCE_COOKIE_SECS, is_https(uri, headers));
    (jar.add(cookie), Redirect::to(&next))
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
