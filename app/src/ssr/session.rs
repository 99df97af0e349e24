//! Who is logged in: the session cookie looked up once per page, started at login and
//! forgotten at logout.

use backend::identity::SessionUser;
use domain::{AppError, AppResult};
use leptos::prelude::*;

use super::cookies::{cookie, set_cookie, SESSION_COOKIE};
use super::request::db;

/// The session of the page being rendered, looked up once however many parts of the page
/// ask who she is. For a page it is known before rendering begins ([`PageFacts`]).
#[derive(Clone, Default)]
pub(super) struct PageUser(std::sync::Arc<tokio::sync::OnceCell<Option<SessionUser>>>);

impl PageUser {
    pub(super) fn known(user: Option<SessionUser>) -> PageUser {
        PageUser(std::sync::Arc::new(tokio::sync::OnceCell::new_with(Some(
            user,
        ))))
    }
}

/// Who asks for a page and how many of her notices are unread, found before the page renders
/// (by the server's `page_facts` middleware). The header then shows her bell without a
/// resource of its own, and the page's one `Suspense` is the only thing it waits for: two
/// `Suspense`s racing to look up one session is what left a page hanging now and then.
#[derive(Clone, Debug, Default)]
pub struct PageFacts {
    pub user: Option<SessionUser>,
    pub unread: Option<i64>,
}

/// Looks up the session cookie of `headers`, and her unread count, for a page about to render.
pub async fn page_facts(
    db: &backend::Db,
    config: &backend::Config,
    headers: &http::HeaderMap,
) -> AppResult<PageFacts> {
    let jar = super::cookies::jar(headers);
    let Some(token) = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned()) else {
        return Ok(PageFacts::default());
    };
    let now = backend::now();
    let user = backend::services::sessions::lookup(db, &token, &config.sessions, now).await?;
    let unread = match &user {
        Some(user) => Some(backend::services::notifications::unread_count(db, user.user_id).await?),
        None => None,
    };
    Ok(PageFacts { user, unread })
}

/// The logged-in user of this request, if any.
pub async fn current_user() -> AppResult<Option<SessionUser>> {
    let Some(token) = cookie(SESSION_COOKIE) else {
        return Ok(None);
    };
    let lifetimes = session_lifetimes();
    let lookup = || async {
        backend::services::sessions::lookup(&db()?, &token, &lifetimes, backend::now()).await
    };
    match use_context::<PageUser>() {
        Some(page) => page.0.get_or_try_init(lookup).await.cloned(),
        None => lookup().await,
    }
}

/// The logged-in user, or `Unauthenticated`.
pub async fn require_user() -> AppResult<SessionUser> {
    current_user().await?.ok_or_else(AppError::unauthenticated)
}

/// How long sessions last, as configured (the defaults when no configuration is in context).
pub fn session_lifetimes() -> backend::services::sessions::SessionLifetimes {
    use_context::<backend::Config>()
        .map(|c| c.sessions)
        .unwrap_or_default()
}

/// Gives the browser its session cookie, for as long as a session can last.
pub fn start_session(token: &str) {
    set_cookie(SESSION_COOKIE, token, session_lifetimes().absolute_secs);
}

/// Removes the session cookie (the session itself is ended by the caller), and asks the
/// browser to clear what this site left on a phone that may be shared: its cache, cookies
/// and storage.
pub fn forget_session() {
    set_cookie(SESSION_COOKIE, "", 0);
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::HeaderName::from_static("clear-site-data"),
            http::HeaderValue::from_static(CLEAR_SITE_DATA),
        );
    }
}

/// What logging out clears in the browser.
pub const CLEAR_SITE_DATA: &str = "\"cache\", \"cookies\", \"storage\"";

/// Where the "请再输入一次密码" page is.
pub const REAUTH_PAGE: &str = "/reauth";

/// The pages that show the most (full phone numbers, her data export, the moderation queue)
/// need a password typed within 15 minutes on this session. Otherwise a page or plain form
/// is sent to the re-authentication page, which comes back here afterwards; an API client
/// gets 403 `reauth_required`.
pub fn require_recent_login(user: &SessionUser) -> AppResult<()> {
    if backend::services::sessions::logged_in_recently(user, backend::now()) {
        return Ok(());
    }
    if let Some(parts) = use_context::<http::request::Parts>() {
        let page = use_context::<super::RenderingPage>().is_some();
        if page || super::forms::accepts_html(&parts.headers) {
            let here = parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .filter(|p| domain::is_local_path(p))
                .unwrap_or_else(|| "/".to_owned());
            super::request::redirect_now(&reauth_path(&here));
        }
    }
    Err(AppError::new(domain::ErrorKey::ReauthRequired))
}

/// The re-authentication page's address, returning to `next` (a path on this site) after.
pub fn reauth_path(next: &str) -> String {
    format!(
        "{REAUTH_PAGE}?next={}",
        crate::url::encode_query_value(next)
    )
}
