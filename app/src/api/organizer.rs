//! What an organizer does for her area's accounts: appoint and remove volunteers, redeem an
//! invitation.

use domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

pub use domain::account::{Duty, Volunteer};

/// The volunteers of her area (phone numbers masked).
#[server(endpoint = "organizer/volunteers", prefix = "/api", input = GetUrl)]
pub async fn volunteers() -> Result<Vec<Volunteer>, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::organizers::volunteers(&crate::ssr::db()?, &user).await
        }
        .await,
    )
}

/// Makes a member of her area a volunteer, found by phone number.
#[server(endpoint = "organizer/appoint_volunteer", prefix = "/api")]
pub async fn appoint_volunteer(phone: String) -> Result<i64, AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::organizers::appoint_volunteer(&crate::ssr::db()?, &user, &phone).await
    }
    .await;
    crate::ssr::finish_form(
        result,
        Some("/organizer?done=appointed"),
        &[("phone", &phone)],
    )
}

/// Takes the volunteer role back from a volunteer of her area (she becomes a member again).
#[server(endpoint = "organizer/remove_volunteer", prefix = "/api")]
pub async fn remove_volunteer(user_id: i64) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::organizers::remove_volunteer(&crate::ssr::db()?, &user, user_id).await
    }
    .await;
    crate::ssr::finish_form(result, Some("/organizer?done=volunteer_removed"), &[])
}

/// Redeems an organizer invitation for the logged-in account.
#[server(endpoint = "auth/redeem_invitation", prefix = "/api")]
pub async fn redeem_invitation(code: String) -> Result<i64, AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::organizers::redeem_invitation(&crate::ssr::db()?, &user, &code).await
    }
    .await;
    crate::ssr::finish_form(result, Some("/organizer"), &[])
}
