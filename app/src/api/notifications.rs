//! The notification centre.

use domain::notification::Notification;
use domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Her newest notifications, each with `unread`. Reading them changes nothing (a GET never
/// does): she marks them read with [`mark_notifications_read`].
#[server(endpoint = "notifications/list", prefix = "/api", input = GetUrl)]
pub async fn notifications() -> Result<Vec<Notification>, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::notifications::list(&crate::ssr::db()?, user.user_id, 50).await
        }
        .await,
    )
}

/// Marks her notifications up to `up_to` (the newest one the page showed) as read; a plain
/// form returns to the notification centre.
#[server(endpoint = "notifications/mark_read", prefix = "/api")]
pub async fn mark_notifications_read(up_to: i64) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::notifications::mark_read(
            &crate::ssr::db()?,
            user.user_id,
            up_to,
            backend::now(),
        )
        .await
    }
    .await;
    crate::ssr::finish_form(result, Some("/notifications"), &[])
}

/// How many notifications she has not seen; `null` when logged out.
#[server(endpoint = "notifications/unread_count", prefix = "/api", input = GetUrl)]
pub async fn unread_count() -> Result<Option<i64>, AppError> {
    crate::ssr::respond(
        async {
            match crate::ssr::current_user().await? {
                None => Ok(None),
                Some(user) => {
                    backend::services::notifications::unread_count(&crate::ssr::db()?, user.user_id)
                        .await
                        .map(Some)
                }
            }
        }
        .await,
    )
}
