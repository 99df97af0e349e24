//! The organizer's activity pages: `/organizer/activities/new`, `…/{id}/edit` and the roster
//! `…/{id}` (check-in, approvals, no-shows, CSV export, publishing and cancelling).

use crate::components::layout::PageTitle;
use domain::activity::ActivityStatus;
use domain::activity_form::ActivityForm;
use domain::roster::{ManagedActivity, ManagedState, RemovalReason, Roster, RosterEntry};
use domain::signup::SignupStatus;
use domain::time::LocalDateTime;
use domain::VariantArray;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;

use crate::api::activities::{get_activity_form, organizer_places, series_dates};
use crate::api::roster::get_roster;
use crate::components::activity_form::{values_after_error, ActivityFields, SeriesScopeChoice};
use crate::components::error_panel::ErrorPanel;
use crate::components::form::{invalid, kept_value, query_value, Confirm, FormNotice};
use crate::i18n::{use_texts, when_in_words};
use crate::routes::id_param;

/// What needs the organizer first, at the top of her workbench: sign-ups waiting for her
/// approval, and activities under way or starting today (their check-in).
#[component]
pub fn NeedsAttention(list: Vec<ManagedActivity>) -> impl IntoView {
    let t = use_texts();
    let now = crate::server_now();
    let today = LocalDateTime::from_utc_secs(now).day_number;
    let mut items = Vec::new();
    for a in &list {
        if a.status != ActivityStatus::Published || a.ends_at <= now {
            continue;
        }
        let href = format!("/organizer/activities/{}", a.id);
        if a.pending > 0 {
            items.push((href.clone(), a.title.clone(), (t.pending_count)(a.pending)));
        }
        if LocalDateTime::from_utc_secs(a.starts_at).day_number <= today {
            let when = format!(
                "{} · {}",
                when_in_words(t, a.starts_at, now),
                (t.seats_taken_of)(a.seats_taken, a.capacity)
            );
            items.push((href, a.title.clone(), when));
        }
    }
    let empty = items.is_empty();
    view! {
        <section aria-labelledby="attention-heading" class="attention">
            <h2 id="attention-heading">{t.workbench.needs_you}</h2>
            {empty.then(|| view! { <p class="empty">{t.workbench.nothing_waiting}</p> })}
            <ul class="managed">
                {items.into_iter().map(|(href, title, what)| view! {
                    <li><a class="row-link" href=href><strong>{title}</strong>" · "{what}</a></li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The list on `/organizer`: her federation's activities, with a link to post a new one,
/// narrowed by the address (`?q=`, `?state=`, `?month=YYYY-MM`: a GET form, so it works
/// without JavaScript).
#[component]
pub fn ManagedActivities(list: Vec<ManagedActivity>) -> impl IntoView {
    let t = use_texts();
    let now = crate::server_now();
    let q = query_value("q")
        .map(|q| q.trim().to_owned())
        .filter(|q| !q.is_empty());
    let state = query_value("state").and_then(|s| s.parse::<ManagedState>().ok());
    let month = query_value("month").and_then(|m| parse_month(&m));
    let total = list.len();
    let shown: Vec<ManagedActivity> = list
        .into_iter()
        .filter(|a| q.as_deref().is_none_or(|q| a.title.contains(q)))
        .filter(|a| state.is_none_or(|s| a.state(now) == s))
        .filter(|a| {
            month.is_none_or(|(y, m)| {
                let at = LocalDateTime::from_utc_secs(a.starts_at);
                (at.year, at.month) == (y, m)
            })
        })
        .collect();
    let filtered = shown.len() < total || q.is_some() || state.is_some() || month.is_some();
    let empty = shown.is_empty();
    let chosen_state = state.map(|s| s.as_str()).unwrap_or_default();
    view! {
        <section aria-labelledby="managed-heading">
            <h2 id="managed-heading">{t.managed_heading}</h2>
            <p><a class="button" href="/organizer/activities/new">{t.new_activity_button}</a></p>
            <details class="filter-fold" open=filtered>
                <summary>{t.filter_button}</summary>
                <form method="get" action="/organizer#managed-heading" class="filters" role="search">
                    <label for="managed-q">{t.workbench.search_title}</label>
                    <input id="managed-q" name="q" type="search" maxlength="60" value=q.clone().unwrap_or_default() />
                    <label for="managed-state">{t.workbench.state_label}</label>
                    <select id="managed-state" name="state">
                        <option value="" selected=chosen_state.is_empty()>{t.workbench.any_state}</option>
                        {ManagedState::VARIANTS.iter().map(|s| view! {
                            <option value=s.as_str() selected=chosen_state == s.as_str()>{(t.workbench.state)(*s)}</option>
                        }).collect_view()}
                    </select>
                    <label for="managed-month">{t.workbench.month_label}</label>
                    <input id="managed-month" name="month" type="month" value=query_value("month").unwrap_or_default() />
                    <button type="submit">{t.filter_button}</button>
                </form>
            </details>
            {(empty && filtered).then(|| view! { <p class="empty">{t.workbench.none_match}</p> })}
            <ul class="managed">
                {shown.into_iter().map(|a| {
                    let state = a.state(now);
                    view! {
                        <li>
                            <a href=format!("/organizer/activities/{}", a.id)>{a.title}</a>
                            " · "{when_in_words(t, a.starts_at, now)}
                            " · "{(t.workbench.state)(state)}
                            " · "{(t.seats_taken_of)(a.seats_taken, a.capacity)}
                            {(a.waitlisted > 0).then(|| format!(" · {}", (t.waitlisted_count)(a.waitlisted)))}
                            {(a.pending > 0).then(|| format!(" · {}", (t.pending_count)(a.pending)))}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// `2026-12` as `(2026, 12)`, the value of a month field.
fn parse_month(value: &str) -> Option<(i32, u32)> {
    let (year, month) = value.split_once('-')?;
    let (year, month): (i32, u32) = (year.parse().ok()?, month.parse().ok()?);
    ((1900..=2100).contains(&year) && (1..=12).contains(&month)).then_some((year, month))
}

#[component]
pub fn NewActivityPage() -> impl IntoView {
    let t = use_texts();
    let places = Resource::new(|| (), |_| organizer_places());
    view! {
        <PageTitle text=format!("{} · {}", t.new_activity_heading, t.app_name) />
        <h1 class="page-title">{t.new_activity_heading}</h1>
        <FormNotice />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move {
                    places.await.map(|places| {
                        let defaults = ActivityForm {
                            category: "culture_sports".into(),
                            companions_allowed: "0".into(),
                            ..ActivityForm::default()
                        };
                        view! {
                            <form method="post" action=crate::api::activities::CreateActivity::PATH class="form activity-form">
                                <ActivityFields values=values_after_error(defaults) places is_new=true />
                                <button type="submit">{t.publish_button}</button>
                            </form>
                        }
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
pub fn EditActivityPage() -> impl IntoView {
    let t = use_texts();
    let id = id_param();
    let data = Resource::new(id, |id| async move {
        let id = id.ok_or_else(domain::AppError::not_found)?;
        Ok::<_, domain::AppError>((
            id,
            get_activity_form(id).await?,
            organizer_places().await?,
            series_dates(id).await?,
        ))
    });
    view! {
        <PageTitle text=format!("{} · {}", t.edit_activity_heading, t.app_name) />
        <h1 class="page-title">{t.edit_activity_heading}</h1>
        <FormNotice />
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move {
                    data.await.map(|(id, form, places, series)| view! {
                        <form method="post" action=crate::api::activities::UpdateActivity::PATH class="form activity-form">
                            <input type="hidden" name="id" value=id.to_string() />
                            <ActivityFields values=values_after_error(form) places is_new=false />
                            {series.map(|dates| view! { <SeriesScopeChoice dates legend=t.workbench.edit_scope_legend /> })}
                            <p class="hint">{t.edit_notifies_hint}</p>
                            <button type="submit">{t.save_button}</button>
                        </form>
                        <p><a href=format!("/organizer/activities/{id}")>{t.back_to_roster}</a></p>
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
pub fn RosterPage() -> impl IntoView {
    let id = id_param();
    let roster = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_roster(id).await,
            None => Err(domain::AppError::not_found()),
        }
    });
    view! {
        <Suspense>
            <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                {move || Suspend::new(async move { roster.await.map(|r| view! { <RosterView r /> }) })}
            </ErrorBoundary>
        </Suspense>
    }
}

#[component]
fn RosterView(r: Roster) -> impl IntoView {
    let t = use_texts();
    let a = r.activity.clone();
    let id = a.id;
    let now = crate::server_now();
    // No-shows are marked once it is over: before that a late arrival still comes.
    let ended = r.ends_at <= now;
    let checked_in_name = kept_value("name");
    let done = vec![
        ("created", t.done_created),
        ("saved", t.done_saved),
        ("published", t.done_published),
        ("cancelled", t.done_activity_cancelled),
        ("removed", t.done_removed),
        ("removal_undone", t.joining.removal_undone),
        ("no_shows", t.done_no_shows),
    ];
    let confirmed = r.with_status(SignupStatus::Confirmed);
    let waiting = r.with_status(SignupStatus::Waitlisted);
    let pending = r.with_status(SignupStatus::Pending);
    let checked_count = r.checked_in();
    let not_checked_in = confirmed
        .iter()
        .filter(|e| !e.checked_in && !e.no_show)
        .count();
    let signed_up = confirmed.len() + waiting.len() + pending.len();
    let just_removed = r.undoable(now);
    view! {
        <PageTitle text=format!("{} · {}", a.title, t.app_name) />
        <h1 class="page-title">{a.title.clone()}</h1>
        <p>
            {when_in_words(t, a.starts_at, now)}" · "{(t.activity_status)(a.status)}" · "
            {(t.seats_taken_of)(a.seats_taken, a.capacity)}
        </p>
        <FormNotice done />
        {checked_in_name.map(|name| view! { <p class="notice" role="status" id="checkin-result">{(t.checked_in_as)(&name)}</p> })}
        <p class="actions">
            {(a.status != ActivityStatus::Draft).then(|| view! { <a class="button secondary" href=format!("/activities/{id}")>{t.view_public_page}</a> })}
            {(a.status != ActivityStatus::Cancelled).then(|| view! { <a class="button secondary" href=format!("/organizer/activities/{id}/edit")>{t.edit_button}</a> })}
        </p>
        {(a.status == ActivityStatus::Draft).then(|| view! {
            <form method="post" action=crate::api::activities::PublishActivity::PATH>
                <input type="hidden" name="id" value=id.to_string() />
                <button type="submit">{t.publish_button}</button>
            </form>
        })}

        {(a.status == ActivityStatus::Published).then(|| view! {
            <section aria-labelledby="checkin-heading" class="checkin">
                <h2 id="checkin-heading">{t.checkin_heading}</h2>
                <form method="post" action=crate::api::roster::CheckIn::PATH class="form inline">
                    <input type="hidden" name="activity_id" value=id.to_string() />
                    <label for="code">{t.checkin_code_input_label}</label>
                    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="off" maxlength="12" required
                        value=kept_value("code").unwrap_or_default() aria-invalid=invalid("code") />
                    <button type="submit">{t.checkin_button}</button>
                </form>
                <p class="hint">{t.checkin_scan_hint}</p>
            </section>
        })}

        <section aria-labelledby="confirmed-heading">
            <h2 id="confirmed-heading">{t.confirmed_heading}" ("{confirmed.len()}", "{(t.checked_in_count)(checked_count)}")"</h2>
            <ul class="roster">
                {confirmed.into_iter().map(|e| view! { <RosterLine e /> }).collect_view()}
            </ul>
            {ended.then(|| view! {
                <Confirm label=t.mark_no_shows_button question=(t.joining.no_shows_question)(not_checked_in)>
                    <form method="post" action=crate::api::roster::MarkNoShows::PATH>
                        <input type="hidden" name="activity_id" value=id.to_string() />
                        <button type="submit" class="danger">{t.joining.no_shows_confirm}</button>
                    </form>
                </Confirm>
            })}
        </section>
        {(!pending.is_empty()).then(|| view! {
            <section aria-labelledby="pending-heading">
                <h2 id="pending-heading">{t.pending_heading}</h2>
                <ul class="roster">{pending.into_iter().map(|e| view! { <RosterLine e /> }).collect_view()}</ul>
            </section>
        })}
        {(!waiting.is_empty()).then(|| view! {
            <section aria-labelledby="waiting-heading">
                <h2 id="waiting-heading">{t.waitlist_heading}</h2>
                <ol class="roster">{waiting.into_iter().map(|e| view! { <RosterLine e /> }).collect_view()}</ol>
            </section>
        })}
        {(!just_removed.is_empty()).then(|| view! {
            <section aria-labelledby="removed-heading" id="removed">
                <h2 id="removed-heading">{t.joining.removed_heading}</h2>
                <ul class="roster">{just_removed.into_iter().map(|e| view! { <RemovedLine e /> }).collect_view()}</ul>
            </section>
        })}
        <section aria-labelledby="export-heading">
            <h2 id="export-heading">{t.export_roster_heading}</h2>
            <p>
                <a class="button secondary" href=format!("/organizer/activities/{id}/roster.csv")>{t.export_csv_masked}</a>
                " "
                <a class="button secondary" href=format!("/organizer/activities/{id}/roster.csv?phones=full")>{t.export_csv_full}</a>
            </p>
            <p class="hint">{t.export_full_hint}</p>
        </section>
        {(a.status != ActivityStatus::Cancelled).then(|| view! {
            <section aria-labelledby="cancel-heading" class="danger-zone">
                <h2 id="cancel-heading">{t.cancel_activity_heading}</h2>
                <p>{t.cancel_activity_hint}</p>
                <Confirm label=t.cancel_activity_button question=(t.joining.cancel_activity_question)(signed_up)>
                    <form method="post" action=crate::api::activities::CancelActivity::PATH>
                        <input type="hidden" name="id" value=id.to_string() />
                        {r.series.map(|dates| view! { <SeriesScopeChoice dates legend=t.workbench.cancel_scope_legend /> })}
                        <button type="submit" class="danger">{t.joining.cancel_activity_confirm}</button>
                    </form>
                </Confirm>
            </section>
        })}
        <p><a href="/organizer">{t.back_to_organizer}</a></p>
    }
}

/// One person on the roster, with the buttons that fit her status.
#[component]
fn RosterLine(e: RosterEntry) -> impl IntoView {
    let t = use_texts();
    let sid = e.signup_id.to_string();
    let companions = (e.companions > 0).then(|| format!(" +{}", e.companions));
    let button = move |action: &'static str,
                       field: &'static str,
                       value: &'static str,
                       label: &'static str,
                       class: &'static str| {
        view! {
            <form method="post" action=action class="inline">
                <input type="hidden" name="signup_id" value=sid.clone() />
                {(!field.is_empty()).then(|| view! { <input type="hidden" name=field value=value /> })}
                <button type="submit" class=class>{label}</button>
            </form>
        }
    };
    view! {
        <li class="roster-line" class:checked=e.checked_in data-signup=e.signup_id>
            <span class="who">
                {e.waitlist_position.map(|p| format!("{p}. "))}
                <strong>{e.display_name.clone()}</strong>{companions}
                " · "{e.village.clone()}" · "<span class="phone">{e.phone_masked.clone()}</span>
                {e.on_behalf.then(|| format!(" · {}", t.on_behalf_mark))}
                {e.call_her.then(|| view! { " · " <span class="badge">{t.helping.call_her}</span> })}
                {e.checked_in.then(|| view! { " · " <span class="badge ok">{t.checked_in_mark}</span> })}
                {e.no_show.then(|| view! { " · " <span class="badge">{t.no_show_mark}</span> })}
            </span>
            <span class="line-actions">
                {match e.status {
                    SignupStatus::Confirmed if e.checked_in => button(crate::api::roster::SetCheckedIn::PATH, "present", "0", t.undo_checkin_button, "secondary").into_any(),
                    SignupStatus::Confirmed => button(crate::api::roster::SetCheckedIn::PATH, "present", "1", t.tick_checkin_button, "").into_any(),
                    SignupStatus::Pending => view! {
                        {button(crate::api::roster::Decide::PATH, "approve", "1", t.approve_button, "")}
                        {button(crate::api::roster::Decide::PATH, "approve", "0", t.decline_button, "secondary")}
                    }.into_any(),
                    SignupStatus::Waitlisted | SignupStatus::Cancelled | SignupStatus::Declined => ().into_any(),
                }}
                <RemoveFold sid=e.signup_id name=e.display_name.clone() />
            </span>
        </li>
    }
}

/// Taking her off the roster, asked once and with a reason she will read.
#[component]
fn RemoveFold(sid: i64, name: String) -> impl IntoView {
    let t = use_texts();
    let j = &t.joining;
    let field = format!("removal-reason-{sid}");
    view! {
        <Confirm label=t.remove_button question=(j.remove_question)(&name)>
            <form method="post" action=crate::api::roster::RemoveSignup::PATH class="form">
                <input type="hidden" name="signup_id" value=sid.to_string() />
                <label for=field.clone()>{j.removal_reason_label}</label>
                <select id=field name="reason" required>
                    <option value="" selected>{t.moderating.choose_reason}</option>
                    {RemovalReason::VARIANTS.iter().map(|r| view! { <option value=r.as_str()>{(j.removal_reason)(*r)}</option> }).collect_view()}
                </select>
                <button type="submit" class="danger">{j.remove_confirm}</button>
            </form>
        </Confirm>
    }
}

/// Someone just taken off, with the reason given and the undo.
#[component]
fn RemovedLine(e: RosterEntry) -> impl IntoView {
    let t = use_texts();
    let reason = e
        .removal_reason
        .map(|r| (t.moderating.because)((t.joining.removal_reason)(r)));
    view! {
        <li class="roster-line" data-signup=e.signup_id>
            <span class="who">
                <strong>{e.display_name.clone()}</strong>" · "{e.village.clone()}
                {reason.map(|r| view! { " · "<span class="detail">{r}</span> })}
            </span>
            <span class="line-actions">
                <form method="post" action=crate::api::roster::UndoRemoval::PATH class="inline">
                    <input type="hidden" name="signup_id" value=e.signup_id.to_string() />
                    <button type="submit" class="secondary">{t.joining.undo_removal_button}</button>
                </form>
            </span>
        </li>
    }
}
