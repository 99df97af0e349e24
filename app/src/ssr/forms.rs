//! Finishing a server function called by a form: JSON clients get the result with its status,
//! a plain HTML form (no JavaScript) gets a redirect, onwards or back with the error. What she
//! typed, and codes to show once, travel in a server-side flash (`form_flashes`), never in
//! the address: the address carries only the error's key and field.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use domain::{AppError, AppResult};
use http::request::Parts;
use http::HeaderMap;
use leptos::prelude::*;

use super::request::{host, respond};
use crate::url::encode_query_value;

/// Set when the server function itself decided where a plain form goes ([`finish_form`]);
/// the edge then leaves the answer alone. Also holds what the answer's page should be shown
/// (the flash), which the edge stores and hands to the browser as a cookie. The server puts
/// one in the extensions of every `/api` request.
#[derive(Clone, Debug, Default)]
pub struct FormAnswered {
    answered: Arc<AtomicBool>,
    flash: Arc<Mutex<Vec<(String, String)>>>,
}

impl FormAnswered {
    pub fn is_set(&self) -> bool {
        self.answered.load(Ordering::SeqCst)
    }

    pub(super) fn set(&self) {
        self.answered.store(true, Ordering::SeqCst);
    }

    fn keep(&self, name: &str, value: &str) {
        if let Ok(mut flash) = self.flash.lock() {
            flash.push((name.to_owned(), value.to_owned()));
        }
    }

    /// What was kept for the next page, emptied.
    pub fn take_flash(&self) -> Vec<(String, String)> {
        self.flash
            .lock()
            .map(|mut f| std::mem::take(&mut *f))
            .unwrap_or_default()
    }
}

/// The flash a page request brought (read once from `form_flashes` by the edge): what she
/// typed into the form that was refused, or a code to show once.
#[derive(Clone, Debug, Default)]
pub struct Kept(pub Vec<(String, String)>);

impl Kept {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The cookie that carries a flash's token to the next page.
pub const FLASH_COOKIE: &str = "tx_flash";

/// Keeps `value` under `name` for the page a plain form goes to next (a code shown once, a
/// name to confirm): on the server, never in the address. Nothing for JSON clients, which
/// get the value in the answer.
pub fn flash(name: &str, value: &str) {
    if let Some(answered) = use_context::<Parts>()
        .filter(|p| accepts_html(&p.headers))
        .and_then(|p| p.extensions.get::<FormAnswered>().cloned())
    {
        answered.keep(name, value);
    }
}

/// A value kept for this page by the form that led here ([`flash`], [`finish_form`]).
pub fn kept(name: &str) -> Option<String> {
    use_context::<Parts>()?
        .extensions
        .get::<Kept>()?
        .get(name)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// True for a request from a plain HTML form (no JavaScript): it wants a page, not JSON.
pub fn accepts_html(headers: &HeaderMap) -> bool {
    headers
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"))
}

/// True for a plain HTML form post (no JavaScript): answer with a redirect, not JSON.
pub fn is_html_form() -> bool {
    use_context::<Parts>().is_some_and(|p| accepts_html(&p.headers))
}

/// Finishes a server function called by a form. JSON clients get the result with the right
/// status. A plain HTML form gets a redirect: to `success` when it worked, else back to the
/// form's page with `?error=key&field=…`, the `keep` fields going along in the flash so
/// nothing typed is lost (and nothing typed is in the address).
pub fn finish_form<T>(
    result: AppResult<T>,
    success: Option<&str>,
    keep: &[(&str, &str)],
) -> AppResult<T> {
    let Some(parts) = use_context::<Parts>().filter(|p| accepts_html(&p.headers)) else {
        return respond(result);
    };
    let answered = parts.extensions.get::<FormAnswered>();
    if let Some(answered) = answered {
        answered.set();
    }
    match &result {
        Ok(_) => {
            if let Some(to) = success {
                leptos_axum::redirect(to);
            }
        }
        Err(err) => {
            if let Some(answered) = answered {
                for (name, value) in keep.iter().filter(|(_, value)| !value.is_empty()) {
                    answered.keep(name, value);
                }
            }
            leptos_axum::redirect(&back_with_error(&parts.headers, err));
        }
    }
    result
}

/// Where a failed plain form goes: the page it was posted from (its Referer on this site,
/// else the home page) with `?error=key`, the `field` at fault and when to `retry`. Nothing
/// she typed: that goes in the flash.
pub fn back_with_error(headers: &HeaderMap, err: &AppError) -> String {
    let back = headers
        .get(http::header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| local_path(headers, r))
        .unwrap_or_else(|| "/".to_owned());
    let path = back.split('?').next().unwrap_or("/");
    format!("{path}?{}", error_query(err))
}

/// `error=key`, the `field` at fault and when to `retry`: what a page's `FormNotice` reads.
pub fn error_query(err: &AppError) -> String {
    let mut query = format!("error={}", err.key.as_str());
    if let Some(field) = &err.field {
        query.push_str(&format!("&field={}", encode_query_value(field)));
    }
    if let Some(secs) = err.retry_after_secs {
        query.push_str(&format!("&retry={secs}"));
    }
    query
}

/// The path and query of a same-site URL (a Referer) that is safe to go back to, or None
/// (another site, or a hostile address: see `domain::redirect`).
fn local_path(headers: &HeaderMap, url: &str) -> Option<String> {
    domain::redirect::same_site_path(url, host(headers)?)
}

/// The path of the page a form was posted from (its Referer on this site), to go back to.
pub fn referer_path() -> Option<String> {
    let parts = use_context::<Parts>()?;
    let referer = parts.headers.get(http::header::REFERER)?.to_str().ok()?;
    local_path(&parts.headers, referer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::ErrorKey;

    fn headers(referer: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(http::header::HOST, "tongxin.example".parse().unwrap());
        h.insert(http::header::REFERER, referer.parse().unwrap());
        h
    }

    #[test]
    fn a_failed_form_goes_back_to_its_page_with_the_error() {
        let err = AppError::field(ErrorKey::NameInvalid, "display name");
        let to = back_with_error(&headers("http://tongxin.example/register?error=x"), &err);
        assert_eq!(to, "/register?error=name_invalid&field=display%20name");
    }

    #[test]
    fn another_site_is_never_the_way_back() {
        let to = back_with_error(&headers("https://evil.example/x"), &AppError::bad_request());
        assert_eq!(to, "/?error=bad_request");
    }

    #[test]
    fn a_hostile_referer_goes_home() {
        for referer in [
            "http://tongxin.example//evil.example/x",
            "http://tongxin.example/%2f%2fevil.example",
            "http://tongxin.example/%5cevil.example",
            "http://tongxin.example@evil.example/x",
        ] {
            let to = back_with_error(&headers(referer), &AppError::bad_request());
            assert_eq!(to, "/?error=bad_request", "{referer}");
        }
        let to = back_with_error(
            &headers("http://tongxin.example/circles/1"),
            &AppError::bad_request(),
        );
        assert_eq!(to, "/circles/1?error=bad_request");
    }
}
