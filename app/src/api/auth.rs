//! Registration, login, logout and passwords. Form field names match the arguments.

use domain::form::Checkbox;
use domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::api::activities::JoinIntent;

/// Where the login and registration forms go on success: `next` (a path on this site), and an
/// activity she asked to join before she had logged in (`join`, with her `companions`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Onwards {
    pub next: Option<String>,
    pub join: Option<String>,
    pub companions: Option<String>,
}

/// What she gives to be registered besides her details: agreement to the privacy notice
/// (`consent`), and where numbers are checked, the `code` texted to hers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Assent {
    pub consent: Checkbox,
    pub code: Option<String>,
}

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

/// Creates her account and logs her in, then goes to `next` (a path on this site; her page
/// otherwise). With `join` (an activity she asked to join before she had an account) the
/// sign-up is made too and she lands on the activity with a welcome. The answer is the same
/// (200 and `null`, or the same redirect) whether the number was new or already registered,
/// so nobody can use this form to learn whether a number is registered; with a taken number
/// nothing is created and nobody is logged in (its owner logs in with her own password).
#[server(endpoint = "auth/register", prefix = "/api")]
pub async fn register(
    phone: String,
    password: String,
    display_name: String,
    #[server(default)] village_id: Option<String>,
    #[server(default)] birth_year: Option<String>,
    #[server(flatten)] assent: Assent,
    #[server(flatten)] onwards: Onwards,
) -> Result<(), AppError> {
    let Assent { consent, code } = assent;
    use backend::services::auth::{self, Registration};
    let Onwards {
        next,
        join,
        companions,
    } = onwards;
    let intent = JoinIntent::from_form(join.as_deref(), companions.as_deref());
    let next = next.filter(|n| domain::is_local_path(n));
    let keep = [
        ("phone", phone.clone()),
        ("display_name", display_name.clone()),
        ("birth_year", birth_year.clone().unwrap_or_default()),
        ("village_id", village_id.clone().unwrap_or_default()),
        ("next", next.clone().unwrap_or_default()),
        ("join", join.clone().unwrap_or_default()),
        ("companions", companions.clone().unwrap_or_default()),
    ];
    let mut onwards = next.unwrap_or_else(|| "/me".to_owned());
    if let Some(intent) = &intent {
        // Where a new account goes, whether or not the number was taken (see above).
        onwards = format!("/activities/{}?done=welcome#signup", intent.activity_id);
    }
    let result = async {
        let this_year = domain::time::LocalDateTime::from_utc_secs(backend::now()).year as i64;
        let mut form = Registration::parse(
            &phone,
            password,
            &display_name,
            village_id.as_deref(),
            birth_year.as_deref(),
            consent.is_ticked(),
            this_year,
        )?;
        form.code = code;
        let client = crate::ssr::client()?;
        let db = crate::ssr::db()?;
        if let Some((user_id, token)) = auth::register(&db, form, &client).await? {
            crate::ssr::start_session(&token);
            if let Some(intent) = &intent {
                // Whatever it answers, the welcome page shows her sign-up or the button.
                let _ =
                    crate::api::activities::join_after_login(&db, user_id, intent, "welcome").await;
            }
        }
        Ok(())
    }
    .await;
    let keep: Vec<(&str, &str)> = keep.iter().map(|(k, v)| (*k, v.as_str())).collect();
    crate::ssr::finish_form(result, Some(&onwards), &keep)
}

/// The answer to a request for a code: always `{"sent": true}`, whether or not the number
/// has an account (nobody learns that from it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRequested {
    pub sent: bool,
}

/// Where numbers are checked, texts a code to the number about to be registered. The page
/// comes back with the number kept and the code field waiting.
#[server(endpoint = "auth/register_code", prefix = "/api")]
pub async fn register_code(phone: String) -> Result<CodeRequested, AppError> {
    let result = async {
        let client = crate::ssr::client()?;
        backend::services::auth::registration_code(&crate::ssr::db()?, &phone, &client).await?;
        crate::ssr::flash("phone", &phone);
        Ok(CodeRequested { sent: true })
    }
    .await;
    crate::ssr::finish_form(result, Some("/register?sent=1#code"), &[("phone", &phone)])
}

/// Forgot her password: a code goes by text to her number, if an account has it. Always
/// answers `{"sent": true}`; the page then asks for the code and a new password.
#[server(endpoint = "auth/reset_start", prefix = "/api")]
pub async fn reset_start(phone: String) -> Result<CodeRequested, AppError> {
    let result = async {
        let client = crate::ssr::client()?;
        backend::services::password_reset::start(&crate::ssr::db()?, &phone, &client).await?;
        crate::ssr::flash("phone", &phone);
        Ok(CodeRequested { sent: true })
    }
    .await;
    crate::ssr::finish_form(result, Some("/forgot?sent=1"), &[("phone", &phone)])
}

/// Sets her new password with the texted code and logs her in; her other sessions end. A
/// wrong, used or expired code answers 400 `code_invalid`.
#[server(endpoint = "auth/reset_finish", prefix = "/api")]
pub async fn reset_finish(
    phone: String,
    code: String,
    new_password: String,
) -> Result<LoggedIn, AppError> {
    use backend::services::password_reset::{self, Reset};
    let result = async {
        let client = crate::ssr::client()?;
        let logged_in = password_reset::finish(
            &crate::ssr::db()?,
            Reset {
                phone: phone.clone(),
                code,
                new_password,
            },
            &client,
        )
        .await?;
        crate::ssr::start_session(&logged_in.token);
        Ok(LoggedIn {
            user_id: logged_in.user_id,
        })
    }
    .await;
    crate::ssr::finish_form(
        result,
        Some("/me?done=password_reset"),
        &[("phone", &phone)],
    )
}

/// Logs her in and goes to `next` (a path on this site; her page otherwise, an organizer's
/// workbench for an organizer). With `join` (an activity she asked to join before logging in)
/// the sign-up is made and she lands on the activity, seeing what she got or why not.
#[server(endpoint = "auth/login", prefix = "/api")]
pub async fn login(
    phone: String,
    password: String,
    #[server(flatten)] onwards: Onwards,
) -> Result<LoggedIn, AppError> {
    let Onwards {
        next,
        join,
        companions,
    } = onwards;
    let intent = JoinIntent::from_form(join.as_deref(), companions.as_deref());
    let next = next.filter(|n| domain::is_local_path(n));
    let mut onwards = next.clone().unwrap_or_else(|| "/me".to_owned());
    let result = async {
        let client = crate::ssr::client()?;
        let db = crate::ssr::db()?;
        let logged_in = backend::services::auth::login(&db, &phone, password, &client).await?;
        let user_id = logged_in.user_id;
        crate::ssr::start_session(&logged_in.token);
        if let Some(intent) = &intent {
            onwards =
                crate::api::activities::join_after_login(&db, user_id, intent, "signed_up").await;
        } else if next.is_none() && logged_in.role == domain::account::Role::Organizer {
            // Her workbench: what needs her first.
            onwards = "/organizer".to_owned();
        }
        Ok(LoggedIn { user_id })
    }
    .await;
    let keep = [
        ("phone", phone.as_str()),
        ("next", next.as_deref().unwrap_or_default()),
        ("join", join.as_deref().unwrap_or_default()),
        ("companions", companions.as_deref().unwrap_or_default()),
    ];
    crate::ssr::finish_form(result, Some(&onwards), &keep)
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

/// Confirms her password on this session (the "请再输入一次密码" page), then returns to `next`
/// (a path on this site; her page otherwise).
#[server(endpoint = "auth/reauth", prefix = "/api")]
pub async fn reauth(
    password: String,
    #[server(default)] next: Option<String>,
) -> Result<(), AppError> {
    let next = next
        .filter(|n| domain::is_local_path(n))
        .unwrap_or_else(|| "/me".to_owned());
    let result = async {
        let user = crate::ssr::require_user().await?;
        let client = crate::ssr::client()?;
        let db = crate::ssr::db()?;
        backend::services::auth::confirm_password(&db, &user, password, &client).await
    }
    .await;
    let keep = [("next", next.as_str())];
    crate::ssr::finish_form(result, Some(&next), &keep)
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
