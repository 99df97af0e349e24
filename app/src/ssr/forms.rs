//! Finishing a server function called by a form: JSON clients get the result with its status,
//! a plain HTML form (no JavaScript) gets a redirect, onwards or back with the error.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use domain::{AppError, AppResult};
use http::request::Parts;
use http::HeaderMap;
use leptos::prelude::*;

use super::request::{host, respond};
use crate::url::encode_query_value;

/// Set when the server function itself decided where a plain form goes ([`finish_form`]);
/// the edge then leaves the answer alone. The server puts one in the extensions of every
/// `/api` request.
#[derive(Clone, Debug, Default)]
pub struct FormAnswered(Arc<AtomicBool>);

impl FormAnswered {
    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    fn set(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
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
/// form's page with `?error=key&field=…` and the `keep` fields, so nothing typed is lost.
pub fn finish_form<T>(
    result: AppResult<T>,
    success: Option<&str>,
    keep: &[(&str, &str)],
) -> AppResult<T> {
    let Some(parts) = use_context::<Parts>().filter(|p| accepts_html(&p.headers)) else {
        return respond(result);
    };
    if let Some(answered) = parts.extensions.get::<FormAnswered>() {
        answered.set();
    }
    match &result {
        Ok(_) => {
            if let Some(to) = success {
                leptos_axum::redirect(to);
            }
        }
        Err(err) => leptos_axum::redirect(&back_with_error(&parts.headers, err, keep)),
    }
    result
}

/// Where a failed plain form goes: the page it was posted from (its Referer on this site,
/// else the home page) with `?error=key`, the `field` at fault, when to `retry`, and the
/// `keep` fields that are not empty.
pub fn back_with_error(headers: &HeaderMap, err: &AppError, keep: &[(&str, &str)]) -> String {
    let back = headers
        .get(http::header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| local_path(headers, r))
        .unwrap_or_else(|| "/".to_owned());
    let path = back.split('?').next().unwrap_or("/");
    let mut query = format!("error={}", err.key.as_str());
    if let Some(field) = &err.field {
        query.push_str(&format!("&field={}", encode_query_value(field)));
    }
    if let Some(secs) = err.retry_after_secs {
        query.push_str(&format!("&retry={secs}"));
    }
    for (name, value) in keep.iter().filter(|(_, value)| !value.is_empty()) {
        query.push_str(&format!("&{name}={}", encode_query_value(value)));
    }
    format!("{path}?{query}")
}

/// The path and query of a same-site URL (a Referer), or None for another site.
fn local_path(headers: &HeaderMap, url: &str) -> Option<String> {
    let host = host(headers)?;
    let rest = url.split_once("://").map(|(_, r)| r)?;
    let (url_host, path) = rest.split_once('/').unwrap_or((rest, ""));
    (url_host == host).then(|| format!("/{path}"))
}

/// The path of the page a form was posted from (its Referer on this site), to go back to.
pub fn referer_path() -> Option<String> {
    let parts = use_context::<Parts>()?;
    let referer = parts.headers.get(http::header::REFERER)?.to_str().ok()?;
    local_path(&parts.headers, referer).filter(|p| domain::is_local_path(p))
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
        let to = back_with_error(
            &headers("http://tongxin.example/register?error=x"),
            &err,
            &[("phone", "138 0000"), ("empty", "")],
        );
        assert_eq!(
            to,
            "/register?error=name_invalid&field=display%20name&phone=138%200000"
        );
    }

    #[test]
    fn another_site_is_never_the_way_back() {
        let to = back_with_error(
            &headers("https://evil.example/x"),
            &AppError::bad_request(),
            &[],
        );
        assert_eq!(to, "/?error=bad_request");
    }
}
