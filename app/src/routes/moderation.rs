//! `/moderation`: the review queue of the circles she moderates (danger first, then oldest
//! first, with the reasons; the safe choice first), the mutes running, and the moderation log
//! in plain words, from which a hidden post can be shown again.

use crate::components::layout::PageTitle;
use domain::circle::{PostStatus, StatusReason};
use domain::moderation::{LogEntry, ModAction, MuteEntry, QueueItem};
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use crate::api::moderation::{current_mutes, moderation_log, review_queue};
use crate::components::error_panel::ErrorPanel;
use crate::components::form::FormNotice;
use crate::components::user_text::UserText;
use crate::i18n::{use_texts, when_in_words};
use crate::islands::quick_exit::Exit;

#[component]
pub fn ModerationPage() -> impl IntoView {
    let t = use_texts();
    let data = Resource::new(
        || (),
        |_| async {
            let organizer = crate::api::auth::who_am_i()
                .await?
                .is_some_and(|me| me.role == domain::account::Role::Organizer);
            let (queue, mutes, log) = (
                review_queue().await?,
                current_mutes().await?,
                moderation_log().await?,
            );
            Ok::<_, domain::AppError>((queue, mutes, log, organizer))
        },
    );
    view! {
        <PageTitle text=format!("{} · {}", t.moderation_heading, t.app_name) />
        <Exit />
        <h1 class="page-title">{t.moderation_heading}</h1>
        <FormNotice done=vec![("moderated", t.done_saved), ("revealed", t.done_revealed)] />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move {
                    data.await.map(|(queue, mutes, log, organizer)| {
                        let now = crate::server_now();
                        let empty = queue.is_empty();
                        view! {
                            <section aria-labelledby="queue-heading">
                                <h2 id="queue-heading">{t.queue_heading}</h2>
                                {empty.then(|| view! { <p class="empty">{t.queue_empty}</p> })}
                                <ol class="queue">
                                    {queue.into_iter().map(|item| view! { <Item item now organizer /> }).collect_view()}
                                </ol>
                            </section>
                            <Mutes mutes now />
                            <section aria-labelledby="log-heading">
                                <h2 id="log-heading">{t.log_heading}</h2>
                                <ul class="mod-log">
                                    {log.into_iter().map(|e| view! { <LogLine e now /> }).collect_view()}
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
fn Item(item: QueueItem, now: i64, organizer: bool) -> impl IntoView {
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
    let pid3 = item.post_id.to_string();
    // Only organizers of the area may ask who wrote an anonymous post, with a reason.
    let may_reveal = organizer && item.anonymous && item.author_name.is_none();
    let m = &t.moderating;
    let status = match (item.status, item.status_reason, &item.held_word) {
        (PostStatus::Held, Some(StatusReason::WordList), Some(word)) => (m.held_for_word)(word),
        (PostStatus::Held, Some(StatusReason::WordList), None) => t.held_word_list.to_owned(),
        (PostStatus::Held, _, _) => t.held_new_member.to_owned(),
        (PostStatus::Hidden, _, _) => t.hidden_by_reports.to_owned(),
        (PostStatus::Visible | PostStatus::Deleted, _, _) => t.reported_visible.to_owned(),
    };
    let lenient = item.lenient_action();
    let lenient_label = match (lenient, item.status) {
        (ModAction::Restore, _) => m.let_through,
        (_, PostStatus::Hidden) => m.dismiss_and_restore,
        _ => m.dismiss_and_keep,
    };
    let danger = item.danger();
    let mut reasons: Vec<&str> = item.reasons.iter().map(|r| (m.report_reason)(*r)).collect();
    reasons.sort_unstable();
    reasons.dedup();
    view! {
        <li class="queue-item" class:danger=danger id=format!("post-{}", item.post_id) data-post=item.post_id>
            {danger.then(|| view! { <p class="danger-mark" role="note">{m.danger_mark}</p> })}
            <p class="post-meta">
                <a href=format!("/threads/{}", item.thread_id)>{item.thread_title.clone()}</a>" · "{item.circle_name.clone()}
            </p>
            <p class="post-meta">
                <strong>{item.author_name.clone().unwrap_or_else(|| t.author_not_revealed.to_owned())}</strong>
                {item.anonymous.then(|| format!(" ({})", t.posted_anonymously))}
                " · "{status}" · "{(t.waiting_since)(&when_in_words(t, item.waiting_since, now))}
            </p>
            <UserText text=item.body.clone() />
            {(!reasons.is_empty()).then(|| view! {
                <p class="reasons">{t.report_reasons_label}" "{reasons.join("；")}</p>
            })}
            // The safe choice (out of sight) first; the one that shows it second.
            <div class="post-actions">
                {action(ModAction::Hide, m.hide_safe, "")}
                {action(lenient, lenient_label, "secondary")}
                {action(ModAction::Lock, t.lock_button, "secondary")}
            </div>
            {may_reveal.then(|| view! {
                <details class="reveal">
                    <summary>{t.reveal_summary}</summary>
                    <form method="post" action=crate::api::moderation::RevealAuthor::PATH class="form">
                        <input type="hidden" name="post_id" value=pid3 />
                        <p class="hint">{t.reveal_hint}</p>
                        <label for=format!("reveal-why-{}", item.post_id)>{t.reveal_reason_label}</label>
                        <input id=format!("reveal-why-{}", item.post_id) name="reason" type="text" maxlength="200" required />
                        <button type="submit" class="secondary">{t.reveal_button}</button>
                    </form>
                </details>
            })}
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

/// The mutes running, each with its end.
#[component]
fn Mutes(mutes: Vec<MuteEntry>, now: i64) -> impl IntoView {
    let t = use_texts();
    let m = &t.moderating;
    view! {
        <section aria-labelledby="mutes-heading">
            <h2 id="mutes-heading">{m.mutes_heading}</h2>
            {mutes.is_empty().then(|| view! { <p class="empty">{m.no_mutes}</p> })}
            <ul class="mutes">
                {mutes.into_iter().map(|e| {
                    let who = e.author_name.clone().unwrap_or_else(|| m.anonymous_author.to_owned());
                    let until = when_in_words(t, e.muted_until, now);
                    view! {
                        <li class="mute" data-post=e.post_id>
                            <p>{(m.mute_line)(&who, &e.circle_name, &until)}</p>
                            {(!e.reason.is_empty()).then(|| view! { <p class="hint">{(m.because)(&e.reason)}</p> })}
                            <p class="post-meta">
                                <a href=format!("/threads/{}#post-{}", e.thread_id, e.post_id)>{e.thread_title.clone()}</a>
                            </p>
                            <form method="post" action=crate::api::moderation::Moderate::PATH class="inline">
                                <input type="hidden" name="post_id" value=e.post_id.to_string() />
                                <button type="submit" name="action" value=ModAction::Unmute.as_str() class="secondary">
                                    {m.unmute_button}
                                </button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// One line of the log in plain words; the last line about a post that is hidden now offers to
/// show it again.
#[component]
fn LogLine(e: LogEntry, now: i64) -> impl IntoView {
    let t = use_texts();
    let m = &t.moderating;
    let title = e
        .thread_title
        .clone()
        .filter(|title| !title.is_empty())
        .unwrap_or_else(|| m.untitled_thread.to_owned());
    let line = (m.log_line)(&e.actor, e.action, &title);
    let restore = e.post_id.filter(|_| e.restorable);
    let thread_link = e.thread_id.map(|th| match e.post_id {
        Some(p) => format!("/threads/{th}#post-{p}"),
        None => format!("/threads/{th}"),
    });
    view! {
        <li data-action=e.action.as_str()>
            <p>
                {line}
                {(!e.reason.is_empty()).then(|| format!(" · {}", (m.because)(&e.reason)))}
            </p>
            <p class="post-meta">
                {when_in_words(t, e.at, now)}" · "{e.circle_name.clone()}
                {thread_link.map(|href| view! { " · " <a href=href>{t.view_thread}</a> })}
            </p>
            {restore.map(|post| view! {
                <form method="post" action=crate::api::moderation::Moderate::PATH class="inline">
                    <input type="hidden" name="post_id" value=post.to_string() />
                    <button type="submit" name="action" value=ModAction::Restore.as_str() class="secondary">
                        {m.restore_here}
                    </button>
                </form>
            })}
        </li>
    }
}
