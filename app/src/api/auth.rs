//! Registration, login, logout and passwords. Form field names match the arguments.

use domain::form::Checkbox;
use domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

/// What a page needs to know about the person looking at it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub user_id: i64,
    pub display_name: String,
    pub role: domain::account::Role,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LoggedIn {
    pub user_id: i64,
}

/// The logged-in user, or `null`.
#[server(endpoint = "auth/me", prefix = "/api", input = GetUrl)]
pub async fn who_am_i() -> Result<Option<Me>, AppError> {
    crate::ssr::respond(crate::ssr::current_user().await.map(|u| {
        u.map(|u| Me {
            user_id: u.user_id,
            display_name: u.display_name,
            role: u.role,
        })
    }))
}

#[server(endpoint = "auth/register", prefix = "/api")]
pub async fn register(
    phone: String,
    password: String,
    display_name: String,
    #[server(default)] village_id: Option<String>,
    #[server(default)] birth_year: Option<String>,
    #[server(default)] consent: Checkbox,
) -> Result<LoggedIn, AppError> {
    use backend::services::auth::{self, Registration};
    let keep = [
        ("phone", phone.clone()),
        ("display_name", display_name.clone()),
        ("birth_year", birth_year.clone().unwrap_or_default()),
        ("village_id", village_id.clone().unwrap_or_default()),
    ];
    let result = async {
        let this_year = domain::time::LocalDateTime::from_utc_secs(backend::now()).year as i64;
        let form = Registration::parse(
            &phone,
            password,
            &display_name,
            village_id.as_deref(),
            birth_year.as_deref(),
            consent.is_ticked(),
            this_year,
        )?;
        let client = crate::ssr::client()?;
        let db = crate::ssr::db()?;
        let (user_id, token) = auth::register(&db, form, &client).await?;
        crate::ssr::start_session(&token);
        Ok(LoggedIn { user_id })
    }
    .await;
    let keep: Vec<(&str, &str)> = keep.iter().map(|(k, v)| (*k, v.as_str())).collect();
    crate::ssr::finish_form(result, Some("/me"), &keep)
}

#[server(endpoint = "auth/login", prefix = "/api")]
pub async fn login(
    phone: String,
    password: String,
    #[server(default)] next: Option<String>,
) -> Result<LoggedIn, AppError> {
    let result = async {
        let client = crate::ssr::client()?;
        let db = crate::ssr::db()?;
        let (user_id, token) =
            backend::services::auth::login(&db, &phone, password, &client).await?;
        crate::ssr::start_session(&token);
        Ok(LoggedIn { user_id })
    }
    .await;
    let next = next
        .filter(|n| domain::is_local_path(n))
        .unwrap_or_else(|| "/me".to_owned());
    crate::ssr::finish_form(result, Some(&next), &[("phone", &phone)])
}

/// Ends this session.
#[server(endpoint = "auth/logout", prefix = "/api")]
pub async fn logout() -> Result<(), AppError> {
    let result = async {
        if let Some(token) = crate::ssr::cookie(crate::ssr::SESSION_COOKIE) {
            backend::services::auth::logout(&crate::ssr::db()?, &token).await?;
        }
        crate::ssr::forget_session();
        Ok(())
    }
    .await;
    crate::ssr::finish_form(result, Some("/"), &[])
}

/// Ends every session of this account, this one included.
#[server(endpoint = "auth/logout_everywhere", prefix = "/api")]
pub async fn logout_everywhere() -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::auth::logout_everywhere(&crate::ssr::db()?, user.user_id).await?;
        crate::ssr::forget_session();
        Ok(())
    }
    .await;
    crate::ssr::finish_form(result, Some("/"), &[])
}

/// Needs the old password; ends her other sessions.
#[server(endpoint = "auth/change_password", prefix = "/api")]
pub async fn change_password(old_password: String, new_password: String) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        let db = crate::ssr::db()?;
        backend::services::auth::change_password(
            &db,
            user.user_id,
            user.session_id,
            old_password,
            new_password,
        )
        .await
    }
    .await;
    crate::ssr::finish_form(result, Some("/me?done=password"), &[])
}
