//! Security headers on every response, and a fresh CSP nonce for every page.
//!
//! The Content-Security-Policy allows scripts only from this site and inline scripts that
//! carry the request's nonce (the islands bootstrap); `wasm-unsafe-eval` lets the browser
//! compile the islands' wasm and nothing else. The service worker (`/sw.js`) and the web app
//! manifest come from this site only (`worker-src`, `manifest-src`).
//!
//! Phones are shared in families, so nothing personal may stay in the browser's cache:
//! every answer to a request that carries a session cookie, every `/api` answer, every
//! calendar feed and every answer that sets a cookie says `Cache-Control: no-store`, except
//! the public static files (`/pkg`, icons). Pages for visitors who are not logged in keep
//! their caching (and the page cache, which never keeps a logged-in page).
//!
//! Over https (directly, or a proxy's `X-Forwarded-Proto: https`, the same decision that makes
//! cookies `Secure`), answers carry `Strict-Transport-Security`.

use app::ssr::cookies;
use app::ssr::request::is_https;
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

/// One year, the usual HSTS lifetime.
const HSTS: &str = "max-age=31536000";

pub async fn security_headers(mut req: Request, next: Next) -> Response {
    let nonce = new_nonce();
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let personal = may_carry_personal_data(&req);
    let https = is_https(req.uri(), req.headers());

    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if personal || h.contains_key(header::SET_COOKIE) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
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

/// True when the answer may carry personal data: a request with a session cookie (valid or
/// not: checking costs a lookup, and an expired one is harmless to treat the same), any `/api`
/// call, a calendar feed; never a public static file.
fn may_carry_personal_data(req: &Request) -> bool {
    let path = req.uri().path();
    if is_public_static(path) {
        return false;
    }
    path.starts_with("/api/")
        || path.starts_with("/calendar/")
        || cookies::session_token(&cookies::jar(req.headers())).is_some()
}

/// The site's own files: the built CSS, JS and wasm, and the public icons and texts.
fn is_public_static(path: &str) -> bool {
    const PUBLIC_EXTENSIONS: &[&str] = &[
        "css",
        "js",
        "wasm",
        "ico",
        "png",
        "svg",
        "webp",
        "woff2",
        "txt",
        "webmanifest",
    ];
    path.starts_with("/pkg/")
        || path
            .rsplit_once('.')
            .is_some_and(|(_, ext)| PUBLIC_EXTENSIONS.contains(&ext) && !path.starts_with("/api/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn req(path: &str, cookie: Option<&str>) -> Request {
        let mut b = http::Request::builder().uri(path);
        if let Some(c) = cookie {
            b = b.header("cookie", c);
        }
        b.body(Body::empty()).unwrap()
    }

    #[test]
    fn personal_answers_are_not_stored() {
        let session = Some("tx_session=abc; lang=en");
        assert!(may_carry_personal_data(&req("/api/activities/list", None)));
        assert!(may_carry_personal_data(&req("/me", session)));
        assert!(may_carry_personal_data(&req("/", session)));
        assert!(may_carry_personal_data(&req("/calendar/x.ics", None)));
        assert!(may_carry_personal_data(&req(
            "/organizer/activities/1/roster.csv",
            session
        )));
        assert!(!may_carry_personal_data(&req("/", Some("lang=en"))));
        assert!(!may_carry_personal_data(&req("/activities/1", None)));
        assert!(!may_carry_personal_data(&req("/pkg/tongxin.css", session)));
        assert!(!may_carry_personal_data(&req("/favicon.ico", session)));
    }
}
