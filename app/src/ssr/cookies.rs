//! Cookies, read and set one way for the whole server: through axum-extra's jar, every cookie
//! we set `Path=/`, `HttpOnly`, `SameSite=Lax`, and `Secure` when the request came over https.

use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use domain::{Lang, TextSize};
use http::request::Parts;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

pub const SESSION_COOKIE: &str = "tx_session";
/// A long-lived random id of the browser, to notice logins from new devices.
pub const DEVICE_COOKIE: &str = "tx_device";

/// The cookies a request carries.
pub fn jar(headers: &http::HeaderMap) -> CookieJar {
    CookieJar::from_headers(headers)
}

/// The language chosen in the `lang` cookie; Chinese when none or unknown.
pub fn lang(jar: &CookieJar) -> Lang {
    jar.get(Lang::COOKIE)
        .and_then(|c| Lang::parse(c.value()))
        .unwrap_or_default()
}

/// The text size chosen in the `text` cookie; normal when none or unknown.
pub fn text_size(jar: &CookieJar) -> TextSize {
    jar.get(TextSize::COOKIE)
        .and_then(|c| TextSize::parse(c.value()))
        .unwrap_or_default()
}

/// The session token the browser sent, if any.
pub fn session_token(jar: &CookieJar) -> Option<&str> {
    jar.get(SESSION_COOKIE).map(Cookie::value)
}

/// A cookie as this site sets every one: for the whole site, out of reach of scripts, not
/// sent along by other sites' requests, and only over https when she came over https.
pub fn new_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> Cookie<'static> {
    Cookie::build((name.to_owned(), value.to_owned()))
        .path("/")
        .max_age(cookie::time::Duration::seconds(max_age_secs))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build()
}

/// The value of a cookie of the current request.
pub fn cookie(name: &str) -> Option<String> {
    let parts = use_context::<Parts>()?;
    jar(&parts.headers).get(name).map(|c| c.value().to_owned())
}

/// Adds a `Set-Cookie` to the answer of the current request (see [`new_cookie`]).
pub fn set_cookie(name: &str, value: &str, max_age_secs: i64) {
    let secure =
        use_context::<Parts>().is_some_and(|p| super::request::is_https(&p.uri, &p.headers));
    let cookie = new_cookie(name, value, max_age_secs, secure);
    if let (Some(response), Ok(v)) = (
        use_context::<ResponseOptions>(),
        http::HeaderValue::from_str(&cookie.encoded().to_string()),
    ) {
        response.append_header(http::header::SET_COOKIE, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(cookie: &str) -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        h.insert(http::header::COOKIE, cookie.parse().unwrap());
        h
    }

    #[test]
    fn the_language_cookie_selects_it_and_chinese_is_the_default() {
        assert_eq!(lang(&jar(&headers("a=1; lang=en; b=2"))), Lang::En);
        assert_eq!(lang(&jar(&headers("lang=zh-CN"))), Lang::ZhCn);
        assert_eq!(lang(&jar(&headers("lang=fr"))), Lang::ZhCn);
        assert_eq!(lang(&jar(&http::HeaderMap::new())), Lang::ZhCn);
    }

    #[test]
    fn every_cookie_is_http_only_and_same_site() {
        let c = new_cookie("x", "1", 60, false).to_string();
        for part in ["x=1", "Path=/", "Max-Age=60", "HttpOnly", "SameSite=Lax"] {
            assert!(c.contains(part), "{c}");
        }
        assert!(!c.contains("Secure"), "{c}");
        assert!(new_cookie("x", "1", 60, true)
            .to_string()
            .contains("Secure"));
    }
}
