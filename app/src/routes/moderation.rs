//! `/moderation`: the review queue of the circles she moderates (oldest first, with the
//! reasons) and the moderation log.

use crate::components::layout::PageTitle;
use domain::circle::{PostStatus, StatusReason};
use domain::moderation::{ModAction, QueueItem};
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use crate::api::moderation::{moderation_log, review_queue};
use crate::components::error_panel::ErrorPanel;
use crate::components::form::FormNotice;
use crate::components::user_text::UserText;
use crate::i18n::{use_texts, when_in_words};
use crate::islands::quick_exit::QuickExit;

#[component]
pub fn ModerationPage() -> impl IntoView {
    let t = use_texts();
    let data = Resource::new(
        || (),
        |_| async { Ok::<_, domain::AppError>((review_queue().await?, moderation_log().await?)) },
    );
    view! {
        <PageTitle text=format!("{} · {}", t.moderation_heading, t.app_name) />
        <QuickExit label=t.quick_exit.to_owned() />
        <h1 class="page-title">{t.moderation_heading}</h1>
        <FormNotice done=vec![("moderated", t.done_saved)] />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move {
                    data.await.map(|(queue, log)| {
                        let now = crate::server_now();
                        let empty = queue.is_empty();
                        view! {
                            <section aria-labelledby="queue-heading">
                                <h2 id="queue-heading">{t.queue_heading}</h2>
                                {empty.then(|| view! { <p class="empty">{t.queue_empty}</p> })}
                                <ol class="queue">
                                    {queue.into_iter().map(|item| view! { <Item item now /> }).collect_view()}
                                </ol>
                            </section>
                            <section aria-labelledby="log-heading">
                                <h2 id="log-heading">{t.log_heading}</h2>
                                <ul class="mod-log">
                                    {log.into_iter().map(|e| view! {
                                        <li data-action=e.action.as_str()>
                                            {when_in_words(t, e.at, now)}" · "{e.actor}" · "
                                            <strong>{(t.mod_action)(e.action)}</strong>" · "{e.circle_name}
                                            {(!e.reason.is_empty()).then(|| format!(" · {}", e.reason))}
                                            {e.thread_id.map(|th| view! { " · " <a href=format!("/threads/{th}")>{t.view_thread}</a> })}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </section>
                        }
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn Item(item: QueueItem, now: i64) -> impl IntoView {
    let t = use_texts();
    let pid = item.post_id.to_string();
    let action = move |action: ModAction, label: &'static str, class: &'static str| {
        view! {
            <form method="post" action=crate::api::moderation::Moderate::PATH class="inline">
                <input type="hidden" name="post_id" value=pid.clone() />
                <input type="hidden" name="action" value=action.as_str() />
                <button type="submit" class=class>{label}</button>
            </form>
        }
    };
    let pid2 = item.post_id.to_string();
    let status = match (item.status, item.status_reason) {
        (PostStatus::Held, Some(StatusReason::WordList)) => t.held_word_list,
        (PostStatus::Held, _) => t.held_new_member,
        (PostStatus::Hidden, _) => t.hidden_by_reports,
        (PostStatus::Visible | PostStatus::Deleted, _) => t.reported_visible,
    };
    view! {
        <li class="queue-item" data-post=item.post_id>
            <p class="post-meta">
                <a href=format!("/threads/{}", item.thread_id)>{item.thread_title.clone()}</a>" · "{item.circle_name.clone()}
            </p>
            <p class="post-meta">
                <strong>{item.author_name.clone()}</strong>
                {item.anonymous.then(|| format!(" ({})", t.posted_anonymously))}
                " · "{status}" · "{(t.waiting_since)(&when_in_words(t, item.waiting_since, now))}
            </p>
            <UserText text=item.body.clone() />
            {(!item.reasons.is_empty()).then(|| view! {
                <p class="reasons">{t.report_reasons_label}" "{item.reasons.join("；")}</p>
            })}
            <div class="post-actions">
                {action(ModAction::Restore, t.restore_button, "")}
                {action(ModAction::Dismiss, t.dismiss_button, "secondary")}
                {action(ModAction::Hide, t.hide_button, "secondary")}
                {action(ModAction::Lock, t.lock_button, "secondary")}
            </div>
            <details>
                <summary>{t.delete_or_mute}</summary>
                <form method="post" action=crate::api::moderation::Moderate::PATH class="form">
                    <input type="hidden" name="post_id" value=pid2 />
                    <label for=format!("why-{}", item.post_id)>{t.mod_reason_label}</label>
                    <input id=format!("why-{}", item.post_id) name="reason" type="text" maxlength="200" required />
                    <label for=format!("days-{}", item.post_id)>{t.mute_days_label}</label>
                    <input id=format!("days-{}", item.post_id) name="days" type="number" min="1" max="30" value="7" />
                    <button type="submit" name="action" value=ModAction::Delete.as_str() class="danger">{t.delete_post_button}</button>
                    <button type="submit" name="action" value=ModAction::Mute.as_str() class="secondary">{t.mute_button}</button>
                </form>
            </details>
        </li>
    }
}
