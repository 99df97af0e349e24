//! Family-education circles: `/circles` (the list), `/circles/{id}` (threads) and
//! `/threads/{id}` (a thread with its replies). Every page has the quick-exit button.

use crate::components::layout::PageTitle;
use domain::circle::{Author, CirclePage as Circle, PostStatus, PostView, ThreadPage as Thread};
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;
use leptos_router::hooks::use_query_map;

use crate::api::circles::{get_circle, get_thread, list_circles};
use crate::components::error_panel::ErrorPanel;
use crate::components::form::{invalid, query_value, FormNotice};
use crate::components::user_text::UserText;
use crate::i18n::{use_texts, when_in_words, Texts};
use crate::islands::quick_exit::QuickExit;
use crate::routes::id_param;

pub fn author_label(t: &Texts, author: &Author) -> String {
    match author {
        Author::Named(name) => name.clone(),
        Author::Anonymous(n) => (t.anonymous_author)(*n),
        Author::Deleted => t.deleted_author.to_owned(),
    }
}

#[component]
fn Exit() -> impl IntoView {
    let t = use_texts();
    view! { <QuickExit label=t.quick_exit.to_owned() /> }
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
                            {(!logged_in).then(|| view! { <p class="empty">{t.login_to_see_near}" "<a href="/login">{t.login_button}</a></p> })}
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
                        {th.title}
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
                            value=query_value("title").unwrap_or_default() aria-invalid=invalid("title") />
                        <label for="body">{t.post_body_label}</label>
                        <textarea id="body" name="body" rows="5" required maxlength="5000" aria-invalid=invalid("body")>
                            {query_value("body").unwrap_or_default()}
                        </textarea>
                        <label class="check">
                            <input type="checkbox" name="anonymous" value="1" checked=query_value("anonymous").is_some() />
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
    ];
    let can_reply = !th.locked || th.is_moderator;
    view! {
        <PageTitle text=format!("{} · {}", th.title, t.app_name) />
        <p class="breadcrumb"><a href=format!("/circles/{}", th.circle_id)>{th.circle_name.clone()}</a></p>
        <h1 class="page-title">{th.title.clone()}</h1>
        {th.locked.then(|| view! { <p class="notice">{t.thread_locked_notice}</p> })}
        <FormNotice done />
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
                            {query_value("body").unwrap_or_default()}
                        </textarea>
                        <label class="check">
                            <input type="checkbox" name="anonymous" value="1" checked=query_value("anonymous").is_some() />
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
    view! {
        <li class="post" id=format!("post-{}", p.id) class:held=held>
            <p class="post-meta">
                <strong class="post-author">{author_label(t, &p.author)}</strong>
                {p.mine.then(|| format!(" ({})", t.you_mark))}
                " · "{when_in_words(t, p.created_at, now)}
                {held.then(|| view! { " · " <span class="badge">{t.held_mark}</span> })}
            </p>
            <UserText text=p.body.clone() />
            <div class="post-actions">
                <form method="post" action=crate::api::circles::Helpful::PATH class="inline">
                    <input type="hidden" name="post_id" value=pid.clone() />
                    <button type="submit" class="secondary" aria-pressed=if p.marked_helpful { "true" } else { "false" }>
                        "👍 "{t.helpful_button}" "{p.helpful}
                    </button>
                </form>
                {(!p.mine).then(|| view! {
                    <details class="report">
                        <summary>{t.report_button}</summary>
                        <form method="post" action=crate::api::circles::Report::PATH class="form">
                            <input type="hidden" name="post_id" value=pid.clone() />
                            <label for=format!("reason-{pid}")>{t.report_reason_label}</label>
                            <select id=format!("reason-{pid}") name="reason">
                                {t.report_reasons.iter().map(|r| view! { <option value=*r>{*r}</option> }).collect_view()}
                            </select>
                            <button type="submit">{t.report_submit}</button>
                        </form>
                    </details>
                })}
                {moderator.then(|| view! { <a class="moderate-link" href="/moderation">{t.moderation_heading}</a> })}
            </div>
        </li>
    }
}
