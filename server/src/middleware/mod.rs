//! Middleware of our own; the stock layers (compression, timeouts, limits, request ids) are
//! assembled in `startup`.

pub mod cross_site;
pub mod page_cache;
pub mod security_headers;
pub mod server_fn_errors;
