//! Circle server functions: reading, posting (also anonymously), "helpful", reporting.

use domain::circle::{CirclePage, CircleSummary, Posted, ThreadPage};
use domain::form::Checkbox;
use domain::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use backend::services::circles;

/// The running configuration (the defaults when none was given, as in some tests).
#[cfg(feature = "ssr")]
fn config() -> Result<backend::Config, AppError> {
    match use_context::<backend::Config>() {
        Some(config) => Ok(config),
        None => backend::Config::from_lookup(|_| None).map_err(|_| AppError::internal()),
    }
}

/// What goes back into the form when posting fails: `1` for a ticked "anonymous".
#[cfg(feature = "ssr")]
fn ticked(anonymous: Checkbox) -> &'static str {
    if anonymous.is_ticked() {
        "1"
    } else {
        ""
    }
}

/// The circles she can see (those of the federations of her area); none when logged out.
#[server(endpoint = "circles/list", prefix = "/api", input = GetUrl)]
pub async fn list_circles() -> Result<Vec<CircleSummary>, AppError> {
    crate::ssr::respond(
        async {
            match crate::ssr::current_user().await? {
                None => Ok(Vec::new()),
                Some(user) => circles::list(&crate::ssr::db()?, &user).await,
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
            circles::threads::circle_page(&crate::ssr::db()?, &user, id, after).await
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
            circles::threads::thread_page(&crate::ssr::db()?, &user, id, after).await
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
    #[server(default)] anonymous: Checkbox,
    #[server(default)] pinned: Checkbox,
) -> Result<Posted, AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        circles::posting::post_thread(
            &crate::ssr::db()?,
            &user,
            circle_id,
            circles::posting::NewThread {
                title: &title,
                body: &body,
                anonymous: anonymous.is_ticked(),
                pinned: pinned.is_ticked(),
            },
            config()?.rate_limits,
        )
        .await
    }
    .await;
    let success = result
        .as_ref()
        .ok()
        .map(|p| format!("/threads/{}?done={}", p.thread_id, p.status.as_str()));
    crate::ssr::finish_form(
        result,
        success.as_deref(),
        &[
            ("title", &title),
            ("body", &body),
            ("anonymous", ticked(anonymous)),
        ],
    )
}

/// Replies in a thread; answers `post_id` (and `status`).
#[server(endpoint = "circles/reply", prefix = "/api")]
pub async fn reply(
    thread_id: i64,
    body: String,
    #[server(default)] anonymous: Checkbox,
) -> Result<Posted, AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        circles::posting::reply(
            &crate::ssr::db()?,
            &user,
            thread_id,
            &body,
            anonymous.is_ticked(),
            config()?.rate_limits,
        )
        .await
    }
    .await;
    let success = result.as_ref().ok().map(|p| {
        format!(
            "/threads/{thread_id}?done={}#post-{}",
            p.status.as_str(),
            p.post_id
        )
    });
    crate::ssr::finish_form(
        result,
        success.as_deref(),
        &[("body", &body), ("anonymous", ticked(anonymous))],
    )
}

/// Reports a post with a `reason` (`domain::circle::ReportReason`: `danger`, `abuse`, `scam`,
/// `privacy`, `false_info`, `other`). Reported by enough independent members (young accounts
/// count as one, and so does one address), it is hidden until reviewed; `danger` also tells
/// the circle's organizers at once.
#[server(endpoint = "circles/report", prefix = "/api")]
pub async fn report(
    post_id: i64,
    #[server(default)] reason: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        let client = crate::ssr::client()?;
        circles::reports::report(
            &crate::ssr::db()?,
            &user,
            post_id,
            reason.as_deref().unwrap_or_default(),
            &client.address,
            config()?.report_threshold,
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
        circles::reactions::toggle_helpful(&crate::ssr::db()?, &user, post_id).await
    }
    .await;
    let back = crate::ssr::referer_path();
    crate::ssr::finish_form(result, back.as_deref(), &[])
}

/// She deletes her own post or reply; `confirm` must be ticked (the form's confirmation step,
/// which works without JavaScript). Its text is erased and it shows as deleted.
#[server(endpoint = "circles/delete_post", prefix = "/api")]
pub async fn delete_own_post(
    post_id: i64,
    #[server(default)] confirm: Checkbox,
) -> Result<(), AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        circles::posting::delete_own(&crate::ssr::db()?, &user, post_id, confirm.is_ticked()).await
    }
    .await;
    let success = result
        .as_ref()
        .ok()
        .map(|t| format!("/threads/{t}?done=deleted"));
    crate::ssr::finish_form(result.map(|_| ()), success.as_deref(), &[])
}

/// An organizer opens a circle for her area.
#[server(endpoint = "circles/create", prefix = "/api")]
pub async fn create_circle(
    name: String,
    #[server(default)] description: Option<String>,
    #[server(default)] slow_mode_secs: Option<String>,
    #[server(default)] hold_first_posts: Checkbox,
) -> Result<i64, AppError> {
    let result = async {
        let user = crate::ssr::require_user().await?;
        let slow = crate::api::form_number(
            slow_mode_secs.as_deref(),
            "slow_mode_secs",
            domain::ErrorKey::Invalid,
        )?
        .unwrap_or(0);
        circles::create_circle(
            &crate::ssr::db()?,
            &user,
            &name,
            description.as_deref().unwrap_or_default(),
            slow,
            hold_first_posts.is_ticked(),
        )
        .await
    }
    .await;
    let success = result.as_ref().ok().map(|id| format!("/circles/{id}"));
    crate::ssr::finish_form(result, success.as_deref(), &[("name", &name)])
}
