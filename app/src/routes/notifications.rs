//! `/notifications`: the notification centre. A button (a plain form: a GET never changes
//! anything) marks what it shows as read.

use crate::components::layout::PageTitle;
use domain::notification::{Notification, NotificationKind};
use domain::roster::RemovalReason;
use leptos::prelude::*;

use crate::api::notifications::{notifications, MarkNotificationsRead};
use crate::components::error_panel::ErrorPanel;
use crate::i18n::{use_texts, when_in_words};
use leptos::server_fn::ServerFn as _;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let t = use_texts();
    let list = Resource::new(|| (), |_| notifications());
    view! {
        <PageTitle text=format!("{} · {}", t.notifications_heading, t.app_name) />
        <h1 class="page-title">{t.notifications_heading}</h1>
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors under_title=true /> }>
                {move || Suspend::new(async move {
                    list.await.map(|list| {
                        let empty = list.is_empty();
                        let newest_unread = list.iter().filter(|n| n.unread).map(|n| n.id).max();
                        view! {
                            {empty.then(|| view! { <p class="empty">{t.no_notifications}</p> })}
                            {newest_unread.map(|id| view! {
                                <form method="post" action=MarkNotificationsRead::PATH class="inline">
                                    <input type="hidden" name="up_to" value=id.to_string() />
                                    <button type="submit" class="secondary">{t.mark_all_read}</button>
                                </form>
                            })}
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
    let help_kind = n.help_kind.map(|k| (t.help.kind)(k).to_owned());
    let link = match (n.activity_id, n.thread_id, n.group_id) {
        // Her own request on her page; one she handles on its own page.
        _ if n.help_request_id.is_some() => n.help_request_id.map(|id| {
            let href = if n.kind == NotificationKind::HelpRequestUpdated {
                format!("{}#help-{id}", crate::api::help::MY_PAGE)
            } else {
                format!("/help/{id}")
            };
            (href, help_kind.clone())
        }),
        // For the organizer: the roster, where she approves.
        (Some(id), _, _) if n.kind == NotificationKind::SignupAwaitsApproval => Some((
            format!("/organizer/activities/{id}"),
            n.activity_title.clone(),
        )),
        (Some(id), _, _) => Some((format!("/activities/{id}"), n.activity_title.clone())),
        // For the organizer: the review queue, where that report comes first.
        (_, Some(_), _) if n.kind == NotificationKind::DangerReported => {
            Some(("/moderation".to_owned(), n.thread_title.clone()))
        }
        (_, Some(id), _) => Some((format!("/threads/{id}"), n.thread_title.clone())),
        (_, _, Some(id)) => Some((format!("/groups/{id}"), n.group_name.clone())),
        // The ledger's list puts records with a request waiting first.
        _ if n.kind == NotificationKind::LedgerRequestReceived => Some((
            crate::api::ledger::LEDGER_PAGE.to_owned(),
            Some(t.ledger.heading.to_owned()),
        )),
        _ if n.kind == NotificationKind::LedgerRequestAnswered => Some((
            "/me/ledger".to_owned(),
            Some(t.ledger.mine_heading.to_owned()),
        )),
        _ => None,
    };
    let when = when_in_words(t, n.created_at, now);
    // What changed, in the notice itself: the time and place as they are now.
    let changed_to = match (n.kind, n.activity_starts_at, &n.activity_venue) {
        (NotificationKind::ActivityChanged, Some(at), Some(venue)) => {
            Some((t.joining.now_at)(&when_in_words(t, at, now), venue))
        }
        _ => None,
    };
    // Why: a removal's reason in her language, a mute's in the words of the one who acted.
    let because = n.detail.as_deref().map(|d| match n.kind {
        // The state it moved to, in her words (a notice never carries a handler's note).
        NotificationKind::HelpRequestUpdated => match d.parse::<domain::help::HelpState>() {
            Ok(s) => (t.help.state_words)(s, None),
            Err(_) => String::new(),
        },
        NotificationKind::Removed => match d.parse::<RemovalReason>() {
            Ok(r) => (t.moderating.because)((t.joining.removal_reason)(r)),
            Err(_) => (t.moderating.because)(d),
        },
        _ => (t.moderating.because)(d),
    });
    let left = n.kind.is_about_her_place() && n.activity_id.is_some() && !n.still_signed_up;
    let badge = n
        .unread
        .then(|| view! { <span class="badge new">{t.new_mark}</span>" " });
    let message = (t.notification)(n.kind);
    // The whole row is the link: a thumb need not find the title.
    let row = match link {
        Some((href, title)) => view! {
            <a class="notification-row" href=href>
                {badge}
                <span class="message">{message}</span>" "
                <span class="subject">{title.unwrap_or_else(|| t.view_thread.to_owned())}</span>
                {changed_to.map(|c| view! { <span class="detail">" "{c}</span> })}
                {left.then(|| view! { <span class="detail">" "{t.joining.no_longer_signed_up}</span> })}
                {because.map(|b| view! { <span class="detail">" "{b}</span> })}
                <span class="when">" · "{when}</span>
            </a>
        }
        .into_any(),
        None => view! {
            <span class="notification-row">
                {badge}
                <span class="message">{message}</span>
                <span class="when">" · "{when}</span>
            </span>
        }
        .into_any(),
    };
    view! {
        <li class="notification" class:unread=n.unread data-kind=n.kind.as_str()>
            {row}
        </li>
    }
}
