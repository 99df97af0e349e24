//! Server-only glue between a request and the components and server functions: the request's
//! language and CSP nonce, the database, and turning errors into HTTP statuses.

use backend::Db;
use domain::{AppError, AppResult, Lang};
use http::request::Parts;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

/// The per-request nonce the security-headers middleware put in the
/// Content-Security-Policy; inline scripts must carry it.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// Reads the language cookie and the CSP nonce of the current request into context.
pub fn provide_request_context() {
    let Some(parts) = use_context::<Parts>() else {
        return;
    };
    provide_context(request_lang(&parts));
    if let Some(nonce) = parts.extensions.get::<CspNonce>() {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0.as_str()));
    }
}

/// The language chosen in the `lang` cookie; Chinese when none.
pub fn request_lang(parts: &Parts) -> Lang {
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(Lang::from_cookie_header)
        .find(|l| *l != Lang::default())
        .unwrap_or_default()
}

/// The database of this app node, provided by the server for every request.
pub fn db() -> AppResult<Db> {
    use_context::<Db>().ok_or_else(|| {
        tracing::error!("no database in context");
        AppError::internal()
    })
}

/// Gives a failed server function the HTTP status of its error (server_fn would say 500 for
/// every error), so API clients and tests see 400/403/404/429 where they belong.
pub fn respond<T>(result: AppResult<T>) -> AppResult<T> {
    if let Err(err) = &result {
        if let Some(response) = use_context::<ResponseOptions>() {
            response.set_status(http::StatusCode::from_u16(err.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
        }
    }
    result
}

/// Sets the status of the page being rendered (404 page, error page).
pub fn set_page_status(status: http::StatusCode) {
    if let Some(response) = use_context::<ResponseOptions>() {
        response.set_status(status);
    }
}
