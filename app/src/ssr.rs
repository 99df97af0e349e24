//! Server-only glue between a request and the components and server functions: the request's
//! language and CSP nonce, the database, and turning errors into HTTP statuses.

use backend::identity::SessionUser;
use backend::Db;
use domain::{AppError, AppResult, Lang};
use http::request::Parts;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

/// The per-request nonce the security-headers middleware put in the
/// Content-Security-Policy; inline scripts must carry it.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// Marks a page render: server functions called while rendering a page leave the page's
/// status alone (the page decides it, e.g. through `ErrorPanel`).
#[derive(Clone, Copy, Debug)]
pub struct RenderingPage;

/// The session of the page being rendered, looked up once however many parts of the page
/// ask who she is (the header's bell, the page itself).
#[derive(Clone, Default)]
struct PageUser(std::sync::Arc<tokio::sync::OnceCell<Option<SessionUser>>>);

/// Reads the language cookie and the CSP nonce of the current request into context.
pub fn provide_request_context() {
    provide_context(RenderingPage);
    provide_context(PageUser::default());
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
    lang_of_cookies(
        parts
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok()),
    )
}

/// The language chosen in the `lang` cookie of these `Cookie` header values.
pub fn lang_of_cookies<'a>(headers: impl Iterator<Item = &'a str>) -> Lang {
    headers
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
    if use_context::<RenderingPage>().is_some() {
        return result;
    }
    if let Err(err) = &result {
        if let Some(response) = use_context::<ResponseOptions>() {
            response.set_status(
                http::StatusCode::from_u16(err.status())
                    .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
            );
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

pub const SESSION_COOKIE: &str = "tx_session";
/// A long-lived random id of the browser, to notice logins from new devices.
pub const DEVICE_COOKIE: &str = "tx_device";

/// The value of a request cookie.
pub fn cookie(name: &str) -> Option<String> {
    let parts = use_context::<Parts>()?;
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_owned())
}

/// The logged-in user of this request, if any.
pub async fn current_user() -> AppResult<Option<SessionUser>> {
    let Some(token) = cookie(SESSION_COOKIE) else {
        return Ok(None);
    };
    let lookup =
        || async { backend::services::sessions::lookup(&db()?, &token, backend::now()).await };
    match use_context::<PageUser>() {
        Some(page) => page.0.get_or_try_init(lookup).await.cloned(),
        None => lookup().await,
    }
}

/// The logged-in user, or `Unauthenticated`.
pub async fn require_user() -> AppResult<SessionUser> {
    current_user().await?.ok_or_else(AppError::unauthenticated)
}

/// True when the request came over https (directly or through a proxy that says so).
fn is_https(parts: &Parts) -> bool {
    parts.uri.scheme_str() == Some("https")
        || parts
            .headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            == Some("https")
}

/// Adds a `Set-Cookie` to the response: HttpOnly, SameSite=Lax, Secure over https.
pub fn set_cookie(name: &str, value: &str, max_age_secs: i64) {
    let secure = use_context::<Parts>().is_some_and(|p| is_https(&p));
    let cookie = format!(
        "{name}={value}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax{}",
        if secure { "; Secure" } else { "" }
    );
    if let (Some(response), Ok(v)) = (
        use_context::<ResponseOptions>(),
        http::HeaderValue::from_str(&cookie),
    ) {
        response.append_header(http::header::SET_COOKIE, v);
    }
}

/// Gives the browser its session cookie.
pub fn start_session(token: &str) {
    set_cookie(
        SESSION_COOKIE,
        token,
        backend::services::sessions::LIFETIME_SECS,
    );
}

/// Removes the session cookie (the session itself is ended by the caller).
pub fn forget_session() {
    set_cookie(SESSION_COOKIE, "", 0);
}

/// Who is asking: address, browser and device, for abuse limits and the audit log.
pub fn client() -> AppResult<backend::services::auth::Client> {
    let parts = use_context::<Parts>().ok_or_else(AppError::internal)?;
    let config = use_context::<backend::Config>();
    let behind_proxy = config.as_ref().is_some_and(|c| c.behind_proxy);
    let forwarded = behind_proxy
        .then(|| {
            parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
        })
        .flatten()
        .and_then(|v| v.split(',').next_back())
        .map(|s| s.trim().to_owned());
    let address = forwarded
        .or_else(|| {
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip().to_string())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let user_agent = parts
        .headers
        .get(http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let device = match cookie(DEVICE_COOKIE).filter(|d| d.len() == 64) {
        Some(d) => d,
        None => {
            let (d, _) = backend::services::sessions::new_token();
            set_cookie(DEVICE_COOKIE, &d, 5 * 365 * 86_400);
            d
        }
    };
    Ok(backend::services::auth::Client {
        address,
        user_agent,
        device_hash: Some(backend::services::sessions::hash_token(&device)),
        rate_limits: config.is_none_or(|c| c.rate_limits),
    })
}

/// True for a plain HTML form post (no JavaScript): answer with a redirect, not JSON.
pub fn is_html_form() -> bool {
    use_context::<Parts>().is_some_and(|p| {
        p.headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("text/html"))
    })
}

/// Finishes a server function called by a form. JSON clients get the result with the right
/// status. A plain HTML form gets a redirect: to `success` when it worked, else back to the
/// form's page with `?error=key&field=…` and the `keep` fields, so nothing typed is lost.
pub fn finish_form<T>(
    result: AppResult<T>,
    success: Option<&str>,
    keep: &[(&str, &str)],
) -> AppResult<T> {
    if !is_html_form() {
        return respond(result);
    }
    match &result {
        Ok(_) => {
            if let Some(to) = success {
                leptos_axum::redirect(to);
            }
        }
        Err(err) => {
            let back = use_context::<Parts>()
                .and_then(|p| {
                    p.headers
                        .get(http::header::REFERER)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned)
                })
                .and_then(|r| local_path(&r))
                .unwrap_or_else(|| "/".to_owned());
            let path = back.split('?').next().unwrap_or("/");
            let mut query = format!("error={}", err.key.as_str());
            if let Some(field) = &err.field {
                query.push_str(&format!(
                    "&field={}",
                    crate::components::layout::encode_query_value(field)
                ));
            }
            if let Some(secs) = err.retry_after_secs {
                query.push_str(&format!("&retry={secs}"));
            }
            for (name, value) in keep {
                if !value.is_empty() {
                    query.push_str(&format!(
                        "&{name}={}",
                        crate::components::layout::encode_query_value(value)
                    ));
                }
            }
            leptos_axum::redirect(&format!("{path}?{query}"));
        }
    }
    result
}

/// The path and query of a same-site URL (a Referer), or None for another site.
fn local_path(url: &str) -> Option<String> {
    let host = use_context::<Parts>().and_then(|p| {
        p.headers
            .get(http::header::HOST)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    })?;
    let rest = url.split_once("://").map(|(_, r)| r)?;
    let (url_host, path) = rest.split_once('/').unwrap_or((rest, ""));
    (url_host == host).then(|| format!("/{path}"))
}

/// `https://host` as the browser sees this site, for addresses that leave it (QR codes,
/// calendar feeds).
pub fn origin() -> String {
    let Some(parts) = use_context::<Parts>() else {
        return String::new();
    };
    let host = parts
        .headers
        .get(http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if is_https(&parts) { "https" } else { "http" };
    format!("{scheme}://{host}")
}

/// The path of the page a form was posted from (its Referer on this site), to go back to.
pub fn referer_path() -> Option<String> {
    let referer = use_context::<Parts>()?
        .headers
        .get(http::header::REFERER)?
        .to_str()
        .ok()?
        .to_owned();
    local_path(&referer).filter(|p| domain::is_local_path(p))
}
