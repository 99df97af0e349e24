//! Circle server functions: reading, posting (also anonymously), "helpful", reporting.

use domain::circle::{CirclePage, CircleSummary, ThreadPage};
use domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// What a new thread or reply became: `status` is `visible`, or `held` for review.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Posted {
    pub thread_id: i64,
    pub post_id: i64,
    pub status: String,
}

#[cfg(feature = "ssr")]
impl From<backend::services::circles::Posted> for Posted {
    fn from(p: backend::services::circles::Posted) -> Self {
        Posted {
            thread_id: p.thread_id,
            post_id: p.post_id,
            status: p.status,
        }
    }
}

#[cfg(feature = "ssr")]
fn config() -> backend::Config {
    use_context::<backend::Config>().unwrap_or_else(|| {
        backend::Config::from_lookup(|_| None).expect("the default configuration is valid")
    })
}

#[cfg(feature = "ssr")]
fn checked(v: &Option<String>) -> bool {
    v.as_deref()
        .is_some_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// The circles she can see (those of the federations of her area); none when logged out.
#[server(endpoint = "circles/list", prefix = "/api", input = GetUrl)]
pub async fn list_circles() -> Result<Vec<CircleSummary>, AppError> {
    crate::ssr::respond(
        async {
            match crate::ssr::current_user().await? {
                None => Ok(Vec::new()),
                Some(user) => backend::services::circles::list(&crate::ssr::db()?, &user).await,
            }
        }
        .await,
    )
}

/// A circle's threads, pinned guides first, then newest activity first; `after` pages on.
#[server(endpoint = "circles/get", prefix = "/api", input = GetUrl)]
pub async fn get_circle(
    id: i64,
    #[server(default)] after: Option<String>,
) -> Result<CirclePage, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            let after = crate::api::cursor(after.as_deref())?;
            backend::services::circles::circle_page(&crate::ssr::db()?, &user, id, after).await
        }
        .await,
    )
}

/// A thread and its posts (50 to a page; `after` is the last post id shown).
#[server(endpoint = "circles/thread", prefix = "/api", input = GetUrl)]
pub async fn get_thread(
    id: i64,
    #[server(default)] after: Option<i64>,
) -> Result<ThreadPage, AppError> {
    crate::ssr::respond(
        async {
            let user = crate::ssr::require_user().await?;
            backend::services::circles::thread_page(&crate::ssr::db()?, &user, id, after).await
        }
        .await,
    )
}

/// Starts a thread (`anonymous` set: shown as "匿名妈妈"; `pinned`: an organizer's guide).
#[server(endpoint = "circles/post_thread", prefix = "/api")]
pub async fn post_thread(
    circle_id: i64,
    title: String,
    body: String,
    #[server(default)] anonymous: Option<String>,
    #[server(default)] pinned: Option<String>,
) -> Result<Posted, AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        let config = config();
        backend::services::circles::post_thread(
            &crate::ssr::db()?,
            &user,
            circle_id,
            backend::services::circles::NewThread {
                title: &title,
                body: &body,
                anonymous: checked(&anonymous),
                pinned: checked(&pinned),
            },
            config.rate_limits,
        )
        .await
        .map(Posted::from)
    }
    .await;
    let success = result
        .as_ref()
        .ok()
        .map(|p| format!("/threads/{}?done={}", p.thread_id, p.status));
    let anon = if checked(&anonymous) { "1" } else { "" };
    crate::ssr::finish_form(
        result,
        success.as_deref(),
        &[("title", &title), ("body", &body), ("anonymous", anon)],
    )
}

/// Replies in a thread; answers `post_id` (and `status`).
#[server(endpoint = "circles/reply", prefix = "/api")]
pub async fn reply(
    thread_id: i64,
    body: String,
    #[server(default)] anonymous: Option<String>,
) -> Result<Posted, AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::circles::reply(
            &crate::ssr::db()?,
            &user,
            thread_id,
            &body,
            checked(&anonymous),
            config().rate_limits,
        )
        .await
        .map(Posted::from)
    }
    .await;
    let success = result
        .as_ref()
        .ok()
        .map(|p| format!("/threads/{thread_id}?done={}#post-{}", p.status, p.post_id));
    let anon = if checked(&anonymous) { "1" } else { "" };
    crate::ssr::finish_form(
        result,
        success.as_deref(),
        &[("body", &body), ("anonymous", anon)],
    )
}

/// Reports a post with a reason. Reported by enough members, it is hidden until reviewed.
#[server(endpoint = "circles/report", prefix = "/api")]
pub async fn report(post_id: i64, reason: String) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::circles::report(
            &crate::ssr::db()?,
            &user,
            post_id,
            &reason,
            config().report_threshold,
        )
        .await
    }
    .await;
    let success = result
        .as_ref()
        .ok()
        .map(|t| format!("/threads/{t}?done=reported"));
    crate::ssr::finish_form(result.map(|_| ()), success.as_deref(), &[])
}

/// Marks a post helpful, or takes the mark back; answers the count.
#[server(endpoint = "circles/helpful", prefix = "/api")]
pub async fn helpful(post_id: i64) -> Result<i64, AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        backend::services::circles::toggle_helpful(&crate::ssr::db()?, &user, post_id).await
    }
    .await;
    let back = crate::ssr::referer_path();
    crate::ssr::finish_form(result, back.as_deref(), &[])
}

/// An organizer opens a circle for her area.
#[server(endpoint = "circles/create", prefix = "/api")]
pub async fn create_circle(
    name: String,
    #[server(default)] description: Option<String>,
    #[server(default)] slow_mode_secs: Option<String>,
    #[server(default)] hold_first_posts: Option<String>,
) -> Result<i64, AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        let slow = crate::api::form_number(
            slow_mode_secs.as_deref(),
            "slow_mode_secs",
            domain::ErrorKey::Invalid,
        )?
        .unwrap_or(0);
        backend::services::circles::create_circle(
            &crate::ssr::db()?,
            &user,
            &name,
            description.as_deref().unwrap_or_default(),
            slow,
            checked(&hold_first_posts),
        )
        .await
    }
    .await;
    let success = result.as_ref().ok().map(|id| format!("/circles/{id}"));
    crate::ssr::finish_form(result, success.as_deref(), &[("name", &name)])
}
