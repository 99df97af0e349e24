//! What a request brings to its rendering and its server functions: the language, the CSP
//! nonce, the database, and the status of the answer.

use backend::Db;
use domain::{AppError, AppResult, Lang};
use http::request::Parts;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use super::cookies;
use super::session::{PageFacts, PageUser};

/// The per-request nonce the security-headers middleware put in the
/// Content-Security-Policy; inline scripts must carry it.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// Marks a page render: server functions called while rendering a page leave the page's
/// status alone (the page decides it, e.g. through `ErrorPanel`).
#[derive(Clone, Copy, Debug)]
pub struct RenderingPage;

/// Reads the language cookie, the CSP nonce and what is known of her ([`PageFacts`]) of the
/// current request into context.
pub fn provide_request_context() {
    provide_context(RenderingPage);
    let Some(parts) = use_context::<Parts>() else {
        provide_context(PageUser::default());
        return;
    };
    match parts.extensions.get::<PageFacts>() {
        Some(facts) => {
            provide_context(PageUser::known(facts.user.clone()));
            provide_context(crate::components::layout::UnreadCount(facts.unread));
        }
        None => provide_context(PageUser::default()),
    }
    provide_context(request_lang(&parts));
    provide_context(cookies::text_size(&cookies::jar(&parts.headers)));
    if let Some(nonce) = parts.extensions.get::<CspNonce>() {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0.as_str()));
    }
}

/// The language chosen in the `lang` cookie; Chinese when none.
pub fn request_lang(parts: &Parts) -> Lang {
    cookies::lang(&cookies::jar(&parts.headers))
}

/// The database of this app node, provided by the server for every request.
pub fn db() -> AppResult<Db> {
    use_context::<Db>().ok_or_else(|| {
        tracing::error!("no database in context");
        AppError::internal()
    })
}

/// Gives a failed server function the HTTP status of its error (server_fn would say 500 for
/// every error), so API clients and tests see 400/403/404/429 where they belong. The edge
/// (`server::startup`) does the same for errors raised before the body runs.
pub fn respond<T>(result: AppResult<T>) -> AppResult<T> {
    if use_context::<RenderingPage>().is_some() {
        return result;
    }
    if let Err(err) = &result {
        set_status(err.status());
    }
    result
}

/// Sets the status of the page being rendered (404 page, error page). A redirect already
/// decided (to the re-authentication page, say) stays a redirect.
pub fn set_page_status(status: http::StatusCode) {
    if let Some(response) = use_context::<ResponseOptions>() {
        let redirecting = response
            .0
            .read()
            .map(|parts| parts.status.is_some_and(|s| s.is_redirection()))
            .unwrap_or(false);
        if !redirecting {
            response.set_status(status);
        }
    }
}

/// Answers the current request with a redirect to `to` (a path on this site), whoever asked:
/// a page being rendered, a plain form, or a link to an API address.
pub fn redirect_now(to: &str) {
    let (Some(response), Ok(location)) = (
        use_context::<ResponseOptions>(),
        http::HeaderValue::from_str(to),
    ) else {
        return;
    };
    response.insert_header(http::header::LOCATION, location);
    response.set_status(http::StatusCode::FOUND);
    if let Some(answered) = use_context::<Parts>()
        .and_then(|p| p.extensions.get::<super::forms::FormAnswered>().cloned())
    {
        answered.set();
    }
}

fn set_status(code: u16) {
    set_page_status(
        http::StatusCode::from_u16(code).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
    );
}

/// True when the request came over https (directly or through a proxy that says so).
pub fn is_https(uri: &http::Uri, headers: &http::HeaderMap) -> bool {
    uri.scheme_str() == Some("https")
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            == Some("https")
}

/// The `Host` the browser asked for.
pub fn host(headers: &http::HeaderMap) -> Option<&str> {
    headers
        .get(http::header::HOST)
        .and_then(|v| v.to_str().ok())
}

/// `https://host` as the browser sees this site, for addresses that leave it (QR codes,
/// calendar feeds).
pub fn origin() -> String {
    use_context::<Parts>()
        .map(|parts| origin_of(&parts.uri, &parts.headers))
        .unwrap_or_default()
}

/// `https://host` of a request with this address and these headers.
pub fn origin_of(uri: &http::Uri, headers: &http::HeaderMap) -> String {
    let host = host(headers).unwrap_or("localhost");
    let scheme = if is_https(uri, headers) {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}
