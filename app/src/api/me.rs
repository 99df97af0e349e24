//! Her own account: profile, export, deletion.

use domain::account::Profile;
use domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Her own profile (phone number in full: she is its owner), or `null` when logged out.
#[server(endpoint = "me/profile", prefix = "/api", input = GetUrl)]
pub async fn my_profile() -> Result<Option<Profile>, AppError> {
    crate::ssr::respond(
        async {
            let Some(user) = crate::ssr::current_user().await? else {
                return Ok(None);
            };
            backend::services::account::profile(&crate::ssr::db()?, user.user_id)
                .await
                .map(Some)
        }
        .await,
    )
}

#[server(endpoint = "me/update_profile", prefix = "/api")]
pub async fn update_profile(
    display_name: String,
    #[server(default)] village_id: Option<String>,
    #[server(default)] birth_year: Option<String>,
    #[server(default)] lang: Option<String>,
) -> Result<(), AppError> {
    use backend::services::account::{update_profile, ProfileUpdate};
    let result = async {
        let user = crate::ssr::require_user().await?;
        let this_year = domain::time::LocalDateTime::from_utc_secs(backend::now()).year as i64;
        let update = ProfileUpdate::parse(
            &display_name,
            village_id.as_deref(),
            birth_year.as_deref(),
            lang.as_deref(),
            this_year,
        )?;
        let lang = update.lang;
        update_profile(&crate::ssr::db()?, user.user_id, update).await?;
        crate::ssr::set_cookie(domain::Lang::COOKIE, lang.tag(), 365 * 86_400);
        Ok(())
    }
    .await;
    crate::ssr::finish_form(
        result,
        Some("/me?done=profile"),
        &[("display_name", &display_name)],
    )
}

/// Turns text messages to her number on (`texts=on`) or off (`texts=off`).
#[server(endpoint = "me/texts", prefix = "/api")]
pub async fn set_texts(texts: String) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        let on = match texts.as_str() {
            "on" => true,
            "off" => false,
            _ => return Err(AppError::bad_request()),
        };
        backend::services::account::set_texts(&crate::ssr::db()?, user.user_id, on).await
    }
    .await;
    crate::ssr::finish_form(result, Some("/me?done=texts#texts"), &[])
}

/// The times the author of one of her anonymous posts was revealed: when and why, never by
/// whom.
#[server(endpoint = "me/author_reveals", prefix = "/api", input = GetUrl)]
pub async fn my_author_reveals() -> Result<Vec<domain::moderation::AuthorReveal>, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::account::author_reveals(&crate::ssr::db()?, user.user_id).await
        }
        .await,
    )
}

/// What Tongxin holds about her, for the page "我的数据": her details, logins, sign-ups and
/// consents record by record, and how many records of every other kind. Needs a password
/// typed within 15 minutes, as the file does (a shared phone).
#[server(endpoint = "me/data", prefix = "/api", input = GetUrl)]
pub async fn my_data() -> Result<domain::my_data::MyData, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            crate::ssr::require_recent_login(&user)?;
            backend::services::data_export::summary(&crate::ssr::db()?, user.user_id).await
        }
        .await,
    )
}

/// Everything stored about her, as a JSON download. Audited.
#[server(endpoint = "me/export", prefix = "/api", input = GetUrl)]
pub async fn export_my_data() -> Result<serde_json::Value, AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        crate::ssr::require_recent_login(&user)?;
        let data = backend::services::data_export::export(&crate::ssr::db()?, user.user_id).await?;
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.insert_header(
                http::header::CONTENT_DISPOSITION,
                http::HeaderValue::from_static("attachment; filename=\"tongxin-my-data.json\""),
            );
        }
        Ok(data)
    }
    .await;
    crate::ssr::respond(result)
}

/// Deletes her account after she re-enters her password.
#[server(endpoint = "me/delete_account", prefix = "/api")]
pub async fn delete_account(password: String) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::account::delete(&crate::ssr::db()?, user.user_id, password).await?;
        crate::ssr::forget_session();
        Ok(())
    }
    .await;
    crate::ssr::finish_form(result, Some("/?done=deleted"), &[])
}

/// When her calendar address was made, if she has one (the address itself is shown once).
#[server(endpoint = "me/calendar_feed", prefix = "/api", input = GetUrl)]
pub async fn calendar_feed() -> Result<Option<i64>, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::calendar_feed::created_at(&crate::ssr::db()?, user.user_id).await
        }
        .await,
    )
}

/// Makes her a new secret calendar address (ending the old one) and answers its path,
/// `/calendar/{token}.ics`.
#[server(endpoint = "me/new_calendar_feed", prefix = "/api")]
pub async fn new_calendar_feed() -> Result<String, AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        let token =
            backend::services::calendar_feed::create(&crate::ssr::db()?, user.user_id).await?;
        Ok(format!("/calendar/{token}.ics"))
    }
    .await;
    // Without JavaScript the page shows the address once, from the flash (never in the
    // address bar or history).
    let success = result.as_ref().ok().map(|path| {
        crate::ssr::flash("feed", path);
        "/me/activities".to_owned()
    });
    crate::ssr::finish_form(result, success.as_deref(), &[])
}

/// Ends her calendar address.
#[server(endpoint = "me/revoke_calendar_feed", prefix = "/api")]
pub async fn revoke_calendar_feed() -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::calendar_feed::revoke(&crate::ssr::db()?, user.user_id).await
    }
    .await;
    crate::ssr::finish_form(result, Some("/me/activities?done=feed_revoked"), &[])
}
