//! The notification centre.

use domain::notification::Notification;
use domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Her newest notifications. Those shown are then marked read (opening the centre is reading
/// it); each keeps `unread` as it was, so the page can show which are new.
#[server(endpoint = "notifications/list", prefix = "/api", input = GetUrl)]
pub async fn notifications() -> Result<Vec<Notification>, AppError> {
    use backend::services::notifications::{list, mark_read};
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            let db = crate::ssr::db()?;
            let shown = list(&db, user.user_id, 50).await?;
            if let Some(newest) = shown.first() {
                mark_read(&db, user.user_id, newest.id, backend::now()).await?;
            }
            Ok(shown)
        }
        .await,
    )
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
