//! Who is asking: address, browser and device, for abuse limits and the audit log.

use domain::{AppError, AppResult};
use http::request::Parts;
use leptos::prelude::*;

use super::cookies::{cookie, set_cookie, DEVICE_COOKIE};

/// How long the device cookie lasts: five years.
const DEVICE_COOKIE_SECS: i64 = 5 * 365 * 86_400;

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
            set_cookie(DEVICE_COOKIE, &d, DEVICE_COOKIE_SECS);
            d
        }
    };
    Ok(backend::services::auth::Client {
        address,
        user_agent,
        device_hash: Some(backend::services::sessions::hash_token(&device)),
        rate_limits: config.as_ref().is_none_or(|c| c.rate_limits),
        session_lifetimes: config.as_ref().map(|c| c.sessions).unwrap_or_default(),
        verify_numbers: config.is_some_and(|c| c.sms.verify_numbers),
    })
}
