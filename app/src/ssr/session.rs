//! Who is logged in: the session cookie looked up once per page, started at login and
//! forgotten at logout.

use backend::identity::SessionUser;
use domain::{AppError, AppResult};
use leptos::prelude::*;

use super::cookies::{cookie, set_cookie, SESSION_COOKIE};
use super::request::db;

/// The session of the page being rendered, looked up once however many parts of the page
/// ask who she is (the header's bell, the page itself).
#[derive(Clone, Default)]
pub(super) struct PageUser(std::sync::Arc<tokio::sync::OnceCell<Option<SessionUser>>>);

/// The logged-in user of this request, if any.
pub async fn current_user() -> AppResult<Option<SessionUser>> {
    let Some(token) = cookie(SESSION_COOKIE) else {
        return Ok(None);
    };
    let lookup =
        || async { backend::services::sessions::lookup(&db()?, &token, backend::now()).await };
    match use_context::<PageUser>() {
        Some(page) => page.0.get_or_try_init(lookup).await.cloned(),
        None => lookup().await,
    }
}

/// The logged-in user, or `Unauthenticated`.
pub async fn require_user() -> AppResult<SessionUser> {
    current_user().await?.ok_or_else(AppError::unauthenticated)
}

/// Gives the browser its session cookie.
pub fn start_session(token: &str) {
    set_cookie(
        SESSION_COOKIE,
        token,
        backend::services::sessions::LIFETIME_SECS,
    );
}

/// Removes the session cookie (the session itself is ended by the caller).
pub fn forget_session() {
    set_cookie(SESSION_COOKIE, "", 0);
}
