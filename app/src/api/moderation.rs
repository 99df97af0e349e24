//! The moderators' review queue, actions and log; assigning volunteers as moderators.

use domain::moderation::{LogEntry, QueueItem};
use domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Posts waiting for review in the circles she moderates, oldest first.
#[server(endpoint = "moderation/queue", prefix = "/api", input = GetUrl)]
pub async fn review_queue() -> Result<Vec<QueueItem>, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::moderation::queue(&crate::ssr::db()?, &user).await
        }
        .await,
    )
}

/// Acts on a post: `action` is `dismiss`, `hide`, `restore`, `delete` (needs `reason`),
/// `lock`, `unlock` or `mute` (needs `reason` and `days`, 1–30).
#[server(endpoint = "moderation/act", prefix = "/api")]
pub async fn moderate(
    post_id: i64,
    action: String,
    #[server(default)] reason: Option<String>,
    #[server(default)] days: Option<String>,
) -> Result<(), AppError> {
    use backend::services::moderation::act;
    use domain::moderation::ModAction;
    let result = async {
        let user = crate::ssr::require_user().await?;
        let action: ModAction = action
            .parse()
            .map_err(|_| AppError::field(domain::ErrorKey::Invalid, "action"))?;
        let days = crate::api::form_number(days.as_deref(), "days", domain::ErrorKey::Invalid)?
            .unwrap_or(0);
        act(
            &crate::ssr::db()?,
            &user,
            post_id,
            action,
            reason.as_deref().unwrap_or_default(),
            days,
        )
        .await
    }
    .await;
    crate::ssr::finish_form(result.map(|_| ()), Some("/moderation?done=moderated"), &[])
}

/// What moderators did in the circles she moderates, newest first.
#[server(endpoint = "moderation/log", prefix = "/api", input = GetUrl)]
pub async fn moderation_log() -> Result<Vec<LogEntry>, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::moderation_log::entries(&crate::ssr::db()?, &user).await
        }
        .await,
    )
}

/// An organizer assigns a volunteer of her area to moderate a circle (`circle_id`) or a
/// mutual-aid group (`group_id`) of her area.
#[server(endpoint = "organizer/assign_moderator", prefix = "/api")]
pub async fn assign_moderator(
    user_id: i64,
    #[server(default)] circle_id: Option<i64>,
    #[server(default)] group_id: Option<i64>,
) -> Result<(), AppError> {
    use backend::services::moderation::{assign, Place};
    let result = async {
        let user = crate::ssr::require_user().await?;
        let place = match (circle_id, group_id) {
            (Some(c), None) => Place::Circle(c),
            (None, Some(g)) => Place::Group(g),
            _ => return Err(AppError::field(domain::ErrorKey::Invalid, "circle_id")),
        };
        assign(&crate::ssr::db()?, &user, user_id, place).await
    }
    .await;
    crate::ssr::finish_form(result, Some("/organizer?done=assigned"), &[])
}
