//! Middleware of our own; the stock layers (compression, timeouts, limits, request ids) are
//! assembled in `startup`.

pub mod cross_site;
pub mod form_flash;
pub mod markup;
pub mod offline_copies;
pub mod page_cache;
pub mod page_facts;
pub mod security_headers;
pub mod server_fn_errors;
pub mod stalled_pages;

use axum::extract::Request;
use http::Method;

/// A page: a GET (or HEAD) that is not a server function, a file, or a download.
pub(crate) fn is_page(req: &Request) -> bool {
    let path = req.uri().path();
    let last = path.rsplit('/').next().unwrap_or_default();
    matches!(*req.method(), Method::GET | Method::HEAD)
        && !path.starts_with("/api/")
        && !path.starts_with("/pkg/")
        && !last.contains('.')
}
