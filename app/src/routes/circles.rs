//! Family-education circles: `/circles` (the list), `/circles/{id}` (threads) and
//! `/threads/{id}` (a thread with its replies). Every page has the quick-exit button.

use crate::components::layout::PageTitle;
use domain::circle::{
    Author, CirclePage as Circle, PostStatus, PostView, ReportReason, ThreadPage as Thread,
};
use domain::moderation::ModAction;
use domain::VariantArray;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;
use leptos_router::hooks::use_query_map;

use crate::api::circles::{get_circle, get_thread, list_circles};
use crate::components::error_panel::{ErrorPanel, VisitorWelcome};
use crate::components::form::{invalid, kept_value, query_value, FormNotice};
use crate::components::user_text::UserText;
use crate::i18n::{use_lang, use_texts, when_in_words, Texts};
use crate::islands::quick_exit::Exit;
use crate::islands::read_aloud::ReadAloud;
use crate::routes::id_param;

pub fn author_label(t: &Texts, author: &Author) -> String {
    match author {
        Author::Named(name) => name.clone(),
        Author::Anonymous(n) => (t.anonymous_author)(*n),
        Author::Deleted => t.deleted_author.to_owned(),
    }
}

/// A thread's title, or "deleted" where its author erased it (with her account or her opening
/// post).
fn title_or_deleted(t: &Texts, title: String) -> String {
    if title.is_empty() {
        t.deleted_post.to_owned()
    } else {
        title
    }
}

#[component]
pub fn CirclesPage() -> impl IntoView {
    let t = use_texts();
    let list = Resource::new(
        || (),
        |_| async {
            let logged_in = crate::api::auth::who_am_i().await?.is_some();
            Ok::<_, domain::AppError>((list_circles().await?, logged_in))
        },
    );
    view! {
        <PageTitle text=format!("{} · {}", t.circles_heading, t.app_name) />
        <Exit />
        <h1 class="page-title">{t.circles_heading}</h1>
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move {
                    list.await.map(|(circles, logged_in)| {
                        let empty = circles.is_empty();
                        view! {
                            {(!logged_in).then(|| view! { <VisitorWelcome heading=false /> })}
                            {(logged_in && empty).then(|| view! { <p class="empty">{t.circles_empty}</p> })}
                            <ul class="cards">
                                {circles.into_iter().map(|c| view! {
                                    <li class="card">
                                        <span class="card-icon" aria-hidden="true">"💬"</span>
                                        <div class="card-body">
                                            <h2 class="card-title"><a href=format!("/circles/{}", c.id)>{c.name}</a></h2>
                                            <p>{c.description}</p>
                                            <p class="card-category">{(t.thread_count)(c.threads)}</p>
                                        </div>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
pub fn CirclePage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let page = Resource::new(
        move || (id(), query.read().get("after")),
        |(id, after)| async move {
            match id {
                Some(id) => get_circle(id, after).await,
                None => Err(domain::AppError::not_found()),
            }
        },
    );
    view! {
        <Exit />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move { page.await.map(|c| view! { <CircleView c /> }) })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn CircleView(c: Circle) -> impl IntoView {
    let t = use_texts();
    let now = crate::server_now();
    let id = c.circle.id;
    let more = c.next.clone().map(|n| format!("/circles/{id}?after={n}"));
    view! {
        <PageTitle text=format!("{} · {}", c.circle.name, t.app_name) />
        <h1 class="page-title">{c.circle.name.clone()}</h1>
        <p>{c.circle.description.clone()}</p>
        <FormNotice />
        <ul class="threads">
            {c.threads.into_iter().map(|th| view! {
                <li class="thread" class:pinned=th.pinned>
                    <a class="thread-title" href=format!("/threads/{}", th.id)>
                        {th.pinned.then(|| view! { <span class="badge">{t.pinned_mark}</span>" " })}
                        {th.locked.then(|| view! { <span class="badge">{t.locked_mark}</span>" " })}
                        {title_or_deleted(t, th.title)}
                    </a>
                    <p class="thread-meta">
                        {author_label(t, &th.author)}" · "{(t.reply_count)(th.replies)}" · "
                        {when_in_words(t, th.last_activity_at, now)}
                    </p>
                </li>
            }).collect_view()}
        </ul>
        {more.map(|href| view! { <p class="more"><a class="button secondary" href=href>{t.more_threads}</a></p> })}
        {match c.muted_until {
            Some(until) => view! { <p class="notice" role="status">{(t.muted_until)(&when_in_words(t, until, now))}</p> }.into_any(),
            None => view! {
                <section aria-labelledby="new-thread-heading">
                    <h2 id="new-thread-heading">{t.new_thread_heading}</h2>
                    {(c.slow_mode_secs > 0).then(|| view! { <p class="hint">{(t.slow_mode_hint)(c.slow_mode_secs)}</p> })}
                    <form method="post" action=crate::api::circles::PostThread::PATH class="form">
                        <input type="hidden" name="circle_id" value=id.to_string() />
                        <label for="title">{t.thread_title_label}</label>
                        <input id="title" name="title" type="text" required maxlength="60"
                            value=kept_value("title").unwrap_or_default() aria-invalid=invalid("title") />
                        <label for="body">{t.post_body_label}</label>
                        <textarea id="body" name="body" rows="5" required maxlength="5000" aria-invalid=invalid("body")>
                            {kept_value("body").unwrap_or_default()}
                        </textarea>
                        <label class="check">
                            <input type="checkbox" name="anonymous" value="1" checked=kept_value("anonymous").is_some() />
                            {t.post_anonymously}
                        </label>
                        {c.is_moderator.then(|| view! {
                            <label class="check">
                                <input type="checkbox" name="pinned" value="1" />
                                {t.pin_as_guide}
                            </label>
                        })}
                        <p class="hint">{t.anonymous_hint}</p>
                        <button type="submit">{t.post_button}</button>
                    </form>
                </section>
            }.into_any(),
        }}
    }
}

#[component]
pub fn ThreadPage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let page = Resource::new(
        move || {
            (
                id(),
                query
                    .read()
                    .get("after")
                    .and_then(|a| a.parse::<i64>().ok()),
            )
        },
        |(id, after)| async move {
            match id {
                Some(id) => get_thread(id, after).await,
                None => Err(domain::AppError::not_found()),
            }
        },
    );
    view! {
        <Exit />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move { page.await.map(|th| view! { <ThreadView th /> }) })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn ThreadView(th: Thread) -> impl IntoView {
    let t = use_texts();
    let now = crate::server_now();
    let id = th.id;
    let more = th.next.map(|n| format!("/threads/{id}?after={n}"));
    let done = vec![
        (PostStatus::Visible.as_str(), t.done_posted),
        (PostStatus::Held.as_str(), t.done_held),
        ("reported", t.done_reported),
        ("deleted", t.done_post_deleted),
        ("moderated", t.done_saved),
    ];
    // Nobody replies under an opening post that is not visible; a moderator restores it first.
    let can_reply = th.open && (!th.locked || th.is_moderator);
    let title = title_or_deleted(t, th.title.clone());
    // On the thread's first page, its opening post can be read aloud (when it shows).
    let spoken = th
        .posts
        .first()
        .filter(|p| query_value("after").is_none() && p.status == PostStatus::Visible)
        .map(|p| format!("{title}。{}", p.body));
    view! {
        <PageTitle text=format!("{} · {}", title, t.app_name) />
        <p class="breadcrumb"><a href=format!("/circles/{}", th.circle_id)>{th.circle_name.clone()}</a></p>
        <h1 class="page-title">{title.clone()}</h1>
        {(!th.open).then(|| view! { <p class="notice">{t.thread_closed_notice}</p> })}
        {th.locked.then(|| view! { <p class="notice">{t.thread_locked_notice}</p> })}
        <FormNotice done />
        {spoken.map(|text| view! {
            <ReadAloud text lang=use_lang().tag().to_owned() label=t.read_aloud.to_owned() stop_label=t.stop_reading.to_owned() />
        })}
        <ol class="posts">
            {th.posts.into_iter().map(|p| view! { <Post p now moderator=th.is_moderator /> }).collect_view()}
        </ol>
        {more.map(|href| view! { <p class="more"><a class="button secondary" href=href>{t.more_posts}</a></p> })}
        {match (th.muted_until, can_reply) {
            (Some(until), _) => view! { <p class="notice" role="status">{(t.muted_until)(&when_in_words(t, until, now))}</p> }.into_any(),
            (None, false) => ().into_any(),
            (None, true) => view! {
                <section aria-labelledby="reply-heading">
                    <h2 id="reply-heading">{t.reply_heading}</h2>
                    <form method="post" action=crate::api::circles::Reply::PATH class="form">
                        <input type="hidden" name="thread_id" value=id.to_string() />
                        <label for="body">{t.post_body_label}</label>
                        <textarea id="body" name="body" rows="4" required maxlength="5000" aria-invalid=invalid("body")>
                            {kept_value("body").unwrap_or_default()}
                        </textarea>
                        <label class="check">
                            <input type="checkbox" name="anonymous" value="1" checked=kept_value("anonymous").is_some() />
                            {t.post_anonymously}
                        </label>
                        <button type="submit">{t.reply_button}</button>
                    </form>
                </section>
            }.into_any(),
        }}
    }
}

#[component]
fn Post(p: PostView, now: i64, moderator: bool) -> impl IntoView {
    let t = use_texts();
    let pid = p.id.to_string();
    let held = p.status == PostStatus::Held;
    let hidden = p.status == PostStatus::Hidden;
    if p.status == PostStatus::Deleted {
        // Its place in the thread stays; its text and author do not.
        return view! {
            <li class="post deleted" id=format!("post-{}", p.id)>
                <p class="post-meta">{when_in_words(t, p.created_at, now)}</p>
                <p class="post-deleted">{t.deleted_post}</p>
            </li>
        }
        .into_any();
    }
    view! {
        <li class="post" id=format!("post-{}", p.id) class:held=held>
            <p class="post-meta">
                <strong class="post-author">{author_label(t, &p.author)}</strong>
                {p.mine.then(|| format!(" ({})", t.you_mark))}
                " · "{when_in_words(t, p.created_at, now)}
                {held.then(|| view! { " · " <span class="badge">{t.held_mark}</span> })}
                {hidden.then(|| view! { " · " <span class="badge">{t.hidden_mark}</span> })}
            </p>
            <UserText text=p.body.clone() />
            <div class="post-actions">
                <form method="post" action=crate::api::circles::Helpful::PATH class="inline">
                    <input type="hidden" name="post_id" value=pid.clone() />
                    <button type="submit" class="secondary" aria-pressed=if p.marked_helpful { "true" } else { "false" }>
                        "👍 "{t.helpful_button}" "{p.helpful}
                    </button>
                </form>
                {match (p.mine, p.reported_by_me) {
                    (true, _) => ().into_any(),
                    (false, true) => view! { <p class="reported-mark" role="note">{t.moderating.you_reported}</p> }.into_any(),
                    (false, false) => view! { <ReportFold pid=pid.clone() /> }.into_any(),
                }}
                // Her own post: a confirmation box that works without JavaScript.
                {p.mine.then(|| view! {
                    <details class="delete-own">
                        <summary>{t.delete_own_summary}</summary>
                        <form method="post" action=crate::api::circles::DeleteOwnPost::PATH class="form">
                            <input type="hidden" name="post_id" value=pid.clone() />
                            <label class="check">
                                <input type="checkbox" name="confirm" value="1" required />
                                {t.delete_own_confirm}
                            </label>
                            <button type="submit" class="danger">{t.delete_own_button}</button>
                        </form>
                    </details>
                })}
            </div>
            {moderator.then(|| view! { <ModerateHere pid=p.id status=p.status /> })}
        </li>
    }
    .into_any()
}

/// The report form, folded: no reason is chosen until she chooses one.
#[component]
fn ReportFold(pid: String) -> impl IntoView {
    let t = use_texts();
    let m = &t.moderating;
    let field = format!("reason-{pid}");
    let hint = format!("reason-hint-{pid}");
    view! {
        <details class="report">
            <summary>{t.report_button}</summary>
            <form method="post" action=crate::api::circles::Report::PATH class="form">
                <input type="hidden" name="post_id" value=pid />
                <label for=field.clone()>{t.report_reason_label}</label>
                <select id=field name="reason" required aria-describedby=hint.clone()>
                    <option value="" selected>{m.choose_reason}</option>
                    {ReportReason::VARIANTS.iter().map(|r| view! { <option value=r.as_str()>{(m.report_reason)(*r)}</option> }).collect_view()}
                </select>
                <p class="hint" id=hint>{m.danger_hint}</p>
                <button type="submit">{t.report_submit}</button>
            </form>
        </details>
    }
}

/// A moderator's controls under a post in its thread: hide or show it again, and the queue.
/// Each comes back to this post.
#[component]
fn ModerateHere(pid: i64, status: PostStatus) -> impl IntoView {
    let t = use_texts();
    let (action, label) = match status {
        PostStatus::Visible => (ModAction::Hide, t.moderating.hide_safe),
        PostStatus::Held | PostStatus::Hidden => (ModAction::Restore, t.moderating.restore_here),
        PostStatus::Deleted => return ().into_any(),
    };
    view! {
        <details class="moderate-here">
            <summary>{t.moderating.moderate_post}</summary>
            <form method="post" action=crate::api::moderation::Moderate::PATH class="inline">
                <input type="hidden" name="post_id" value=pid.to_string() />
                <input type="hidden" name="from" value="thread" />
                <button type="submit" name="action" value=action.as_str() class="secondary">{label}</button>
            </form>
            <a class="moderate-link" href=format!("/moderation#post-{pid}")>{t.moderation_heading}</a>
        </details>
    }
    .into_any()
}
