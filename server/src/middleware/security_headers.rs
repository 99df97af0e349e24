//! Security headers on every response, and a fresh CSP nonce for every page.
//!
//! The Content-Security-Policy allows scripts only from this site and inline scripts that
//! carry the request's nonce (the islands bootstrap); `wasm-unsafe-eval` lets the browser
//! compile the islands' wasm and nothing else.

use app::ssr::CspNonce;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use http::header::{self, HeaderValue};
use rand::RngCore;

/// A fresh random nonce: 16 bytes, base64url.
pub fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub async fn security_headers(mut req: Request, next: Next) -> Response {
    let nonce = new_nonce();
    req.extensions_mut().insert(CspNonce(nonce.clone()));

    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        http::HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(
            "camera=(self), microphone=(), geolocation=(), interest-cohort=()",
        ),
    );
    res
}
