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

/// Everything stored about her, as a JSON download. Audited.
#[server(endpoint = "me/export", prefix = "/api", input = GetUrl)]
pub async fn export_my_data() -> Result<serde_json::Value, AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        let data = backend::services::account::export(&crate::ssr::db()?, user.user_id).await?;
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
