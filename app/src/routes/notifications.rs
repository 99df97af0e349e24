//! `/notifications`: the notification centre. Opening it marks what it shows as read.

use crate::components::layout::PageTitle;
use domain::notification::Notification;
use leptos::prelude::*;

use crate::api::notifications::notifications;
use crate::components::error_panel::ErrorPanel;
use crate::i18n::{use_texts, when_in_words};

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let t = use_texts();
    let list = Resource::new(|| (), |_| notifications());
    view! {
        <PageTitle text=format!("{} · {}", t.notifications_heading, t.app_name) />
        <h1 class="page-title">{t.notifications_heading}</h1>
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move {
                    list.await.map(|list| {
                        let empty = list.is_empty();
                        view! {
                            {empty.then(|| view! { <p class="empty">{t.no_notifications}</p> })}
                            <ul class="notifications">
                                {list.into_iter().map(|n| view! { <Item n /> }).collect_view()}
                            </ul>
                        }
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn Item(n: Notification) -> impl IntoView {
    let t = use_texts();
    let now = crate::server_now();
    let link = match (n.activity_id, n.thread_id, n.group_id) {
        (Some(id), _, _) => Some((format!("/activities/{id}"), n.activity_title.clone())),
        (_, Some(id), _) => Some((format!("/threads/{id}"), n.thread_title.clone())),
        (_, _, Some(id)) => Some((format!("/groups/{id}"), n.group_name.clone())),
        _ => None,
    };
    view! {
        <li class="notification" class:unread=n.unread data-kind=n.kind.as_str()>
            {n.unread.then(|| view! { <span class="badge new">{t.new_mark}</span>" " })}
            <span class="message">{(t.notification)(n.kind)}</span>
            {link.map(|(href, title)| view! { " " <a href=href>{title.unwrap_or_default()}</a> })}
            <span class="when">" · "{when_in_words(t, n.created_at, now)}</span>
        </li>
    }
}
