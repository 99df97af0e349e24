//! The moderators' review queue, actions and log; assigning volunteers as moderators.

use domain::moderation::{LogEntry, MuteEntry, QueueItem};
use domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Posts waiting for review in the circles she moderates, oldest first.
#[server(endpoint = "moderation/queue", prefix = "/api", input = GetUrl)]
pub async fn review_queue() -> Result<Vec<QueueItem>, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            crate::ssr::require_recent_login(&user)?;
            backend::services::moderation::queue(&crate::ssr::db()?, &user).await
        }
        .await,
    )
}

/// Acts on a post: `action` is `dismiss`, `hide`, `restore`, `delete` (needs `reason`),
/// `lock`, `unlock`, `mute` (needs `reason` and `days`, 1–30; the author is told the reason)
/// or `unmute` (ends the mute of the post's author in its circle). A plain form comes back to
/// the review queue, or with `from=thread` to the post in its thread.
#[server(endpoint = "moderation/act", prefix = "/api")]
pub async fn moderate(
    post_id: i64,
    action: String,
    #[server(default)] reason: Option<String>,
    #[server(default)] days: Option<String>,
    #[server(default)] from: Option<String>,
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
    let back = match (&result, from.as_deref()) {
        (Ok(thread), Some("thread")) => format!("/threads/{thread}?done=moderated#post-{post_id}"),
        _ => "/moderation?done=moderated".to_owned(),
    };
    crate::ssr::finish_form(result.map(|_| ()), Some(&back), &[])
}

/// The mutes still running in the circles she moderates.
#[server(endpoint = "moderation/mutes", prefix = "/api", input = GetUrl)]
pub async fn current_mutes() -> Result<Vec<MuteEntry>, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::moderation::mutes(&crate::ssr::db()?, &user).await
        }
        .await,
    )
}

/// An organizer of the circle's area learns who wrote an anonymous post, for a stated
/// `reason` (recorded; the author is shown when and why). Answers the author's display name;
/// the review queue then names her to this organizer.
#[server(endpoint = "moderation/reveal_author", prefix = "/api")]
pub async fn reveal_author(
    post_id: i64,
    #[server(default)] reason: Option<String>,
) -> Result<String, AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::moderation::reveal_author(
            &crate::ssr::db()?,
            &user,
            post_id,
            reason.as_deref().unwrap_or_default(),
        )
        .await
    }
    .await;
    let back = format!("/moderation?done=revealed#post-{post_id}");
    crate::ssr::finish_form(result, Some(&back), &[])
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
    let result = async {
        let user = crate::ssr::require_user().await?;
        let place = backend::services::moderation::Place::named(circle_id, group_id)?;
        backend::services::moderation::assign(&crate::ssr::db()?, &user, user_id, place).await
    }
    .await;
    crate::ssr::finish_form(result, Some("/organizer?done=assigned"), &[])
}

/// An organizer takes a circle (`circle_id`) or group (`group_id`) of her area away from a
/// volunteer she had assigned to moderate it.
#[server(endpoint = "organizer/unassign_moderator", prefix = "/api")]
pub async fn unassign_moderator(
    user_id: i64,
    #[server(default)] circle_id: Option<i64>,
    #[server(default)] group_id: Option<i64>,
) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        let place = backend::services::moderation::Place::named(circle_id, group_id)?;
        backend::services::moderation::unassign(&crate::ssr::db()?, &user, user_id, place).await
    }
    .await;
    crate::ssr::finish_form(result, Some("/organizer?done=unassigned"), &[])
}
