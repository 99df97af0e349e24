//! The flash between a plain form and its next page (`app::ssr::forms`): after an `/api`
//! call, what the server function kept (what she typed into a refused form, a code to show
//! once) is stored in `form_flashes` and its token set in a ten-minute cookie; the next page
//! request with that cookie reads it once (the row is deleted) and finds it in its request's
//! extensions, and the cookie is cleared. Nothing of it ever appears in an address.

use app::ssr::cookies::{self, new_cookie};
use app::ssr::forms::{accepts_html, FormAnswered, Kept, FLASH_COOKIE};
use app::ssr::request::is_https;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use backend::services::form_flashes;
use backend::Db;
use http::header::{self, HeaderValue};
use http::Method;

pub async fn form_flash(State(db): State<Db>, mut req: Request, next: Next) -> Response {
    let https = is_https(req.uri(), req.headers());
    let token = cookies::jar(req.headers())
        .get(FLASH_COOKIE)
        .map(|c| c.value().to_owned());
    // A page she navigates to (not a script, picture or icon the page then asks for).
    let is_page = req.method() == Method::GET
        && !req.uri().path().starts_with("/api/")
        && accepts_html(req.headers());
    let mut clear = false;
    if let (Some(token), true) = (token, is_page) {
        clear = true;
        match form_flashes::take(&db, &token).await {
            Ok(fields) => {
                req.extensions_mut().insert(Kept(fields));
            }
            // The page still shows, only without what was kept.
            Err(err) => tracing::warn!(key = err.key.as_str(), "a form flash could not be read"),
        }
    }
    let answered = req.extensions().get::<FormAnswered>().cloned();
    let mut res = next.run(req).await;
    let fields = answered.map(|a| a.take_flash()).unwrap_or_default();
    let cookie = if fields.is_empty() {
        clear.then(|| new_cookie(FLASH_COOKIE, "", 0, https))
    } else {
        match form_flashes::store(&db, &fields).await {
            Ok(token) => Some(new_cookie(
                FLASH_COOKIE,
                &token,
                form_flashes::LIFETIME_SECS,
                https,
            )),
            Err(err) => {
                tracing::warn!(key = err.key.as_str(), "a form flash could not be kept");
                None
            }
        }
    };
    if let Some(Ok(value)) = cookie.map(|c| HeaderValue::from_str(&c.encoded().to_string())) {
        res.headers_mut().append(header::SET_COOKIE, value);
    }
    res
}
